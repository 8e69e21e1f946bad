// `longtail generate`: a data set of many samples over scenarios, in one browser, written sample by
// sample (each committed whole), then indexed per split in the formats training code reads.
import { availableParallelism } from 'node:os';
import { basename, join, relative } from 'node:path';
import { LongtailError } from '../core/index.ts';
import { drawSample, factorName, parseShard, planDataset, planOptions, planSummary, recipeRecord, resolveRecipe, RECIPE_OPTIONS, shardName, shardOf, type DatasetPlan, type PlannedSample, type PlanScenario, type Recipe, type RecipeEntry, type Shard, type SkippedSeed } from '../dataset/index.ts';
import { DatasetWriter } from '../export/index.ts';
import { captureWindow, spreadFrames, type SceneSpec } from '../scenario/index.ts';
import { helpText, intOption, parseArgs, usageError, type CommandSpec } from './args.ts';
import { CaptureSession } from './CaptureSession.ts';
import { killBrowserNow } from './browser.ts';
import { zipFolder } from './ZipFileSink.ts';
import { DirectorySink } from './DirectorySink.ts';
import { DatasetFolder, type CommittedSample } from './DatasetFolder.ts';
import { loadRecipeScenarios, recipeEntries } from './loadRecipe.ts';
import { readModelFiles } from './modelFiles.ts';
import { nodeDeflate } from './nodeDeflate.ts';
import { Progress, type ProgressMode } from './Progress.ts';
import { summaryTable } from './generateSummary.ts';
import { VERSION } from './version.ts';

/**
 * Browsers at once by default: two on a machine with two or more cores (measured on 2 cores: 1.65x
 * the samples a second of one, `npm run bench`), one otherwise. Each holds ~0.5 GB.
 */
export const DEFAULT_WORKERS = Math.min(2, availableParallelism());

export const GENERATE: CommandSpec = {
  name: 'generate',
  usage: 'longtail generate [scenario.scene ... | recipe.dataset] [options]',
  summary:
    'Make a data set: --samples samples spread over the scenarios (default: every scene in scenes/),\n' +
    'each a seed derived from --seed and its index, --frames frames each from its capture window,\n' +
    'split by sample (or by scenario), optionally stratified, with per-split COCO/KITTI/YOLO/...\n' +
    'files over all samples. Options may come from a .dataset recipe file (docs/datasets.md);\n' +
    'those given here win. Running it again on the same --out resumes.',
  options: [
    ...RECIPE_OPTIONS.filter((o) => o.name !== 'scenario').map((o) => ({ name: o.name, ...('value' in o ? { value: o.value } : {}), help: o.help })),
    { name: 'workers', value: '<n>', help: `browsers capturing samples at once (default ${DEFAULT_WORKERS}: two browsers make samples ~1.6x as fast as one on 2 cores); the same bytes with any number` },
    { name: 'shard', value: '<i>/<n>', help: 'make only shard i of n (0-based; sample k is in shard k mod n) into --out; `longtail merge` joins the shards (docs/scale-out.md)' },
    { name: 'zip', help: 'when the data set is complete, pack it into <out>.zip and remove the folder (streamed file by file: memory stays flat; zip64 past 4 GiB)' },
    { name: 'progress', value: '<tty|plain|json|none>', help: 'progress on stderr: a live line (default on a terminal), a line every 10 s (default otherwise), JSON lines, or none' },
    { name: 'quiet', help: 'print only the summary' },
    { name: 'help', help: 'show this help' },
  ],
};

export async function generateCommand(argv: string[]): Promise<number> {
  const args = parseArgs(GENERATE, argv);
  if (args.options.has('help')) return (process.stdout.write(helpText(GENERATE)), 0);
  const recipeFiles = args.positional.filter((p) => p.endsWith('.dataset'));
  if (recipeFiles.length > 1) throw new LongtailError(`longtail generate: one .dataset recipe at most, got ${recipeFiles.join(', ')}`, 'usage');
  const scenes = args.positional.filter((p) => !p.endsWith('.dataset'));
  const cli: RecipeEntry[] = [];
  for (const o of RECIPE_OPTIONS) {
    const where = `longtail generate: --${o.name}`;
    if ('value' in o) for (const v of args.lists.get(o.name) ?? []) cli.push({ name: o.name, value: v, where });
    else if (args.options.has(o.name)) cli.push({ name: o.name, value: true, where }); // a flag
  }
  const recipe = resolveRecipe(recipeEntries(recipeFiles[0], scenes, cli));
  const mode = progressMode(args.options.get('progress'));
  const quiet = args.options.has('quiet');
  const name = recipeFiles.length ? basename(recipeFiles[0]!, '.dataset') : scenes.length === 1 ? basename(scenes[0]!, '.scene') : 'dataset';
  const workers = intOption(GENERATE, args, 'workers', 1, 64) ?? DEFAULT_WORKERS;
  const shardText = args.options.get('shard');
  const shard = typeof shardText === 'string' ? parseShard(shardText) : undefined;
  if (typeof shard === 'string') throw usageError(GENERATE, `--shard: ${shard}`);
  if (shard && args.options.has('zip')) throw usageError(GENERATE, '--zip packs a whole data set: zip the merged one (longtail merge ... --zip), not a shard');
  const result = await runGenerate(recipe, { out: recipe.out ?? join('out', shard ? `${name}-shard${shard.index}of${shard.count}` : name), progress: quiet ? 'none' : mode, log: quiet ? () => {} : (m) => process.stderr.write(`${m}\n`), workers, ...(shard ? { shard } : {}) });
  if (result.shard) {
    process.stdout.write(`wrote shard ${shardName(result.shard)}: ${result.samples.length} of ${result.plan.samples.length} samples, ${result.frames} frames to ${relative(process.cwd(), result.target) || '.'} in ${(result.wallMs / 1000).toFixed(1)} s; join the shards with longtail merge\n`);
    return 0;
  }
  let target = result.target;
  if (args.options.has('zip')) target = await zipFolder(result.target);
  process.stdout.write(summaryTable(planSummary(result.plan), result.samples, result.classCounts, result.frames));
  const kept = result.samples.length - result.made;
  const rate = result.made > 0 ? `; ${result.madeFrames} frames made at ${(result.madeFrames / (result.loopMs / 1000)).toFixed(2)} frames/s` : '';
  process.stdout.write(
    `wrote ${result.samples.length} samples, ${result.frames} frames to ${relative(process.cwd(), target) || '.'} in ${(result.wallMs / 1000).toFixed(1)} s${kept > 0 ? ` (${kept} samples kept from an earlier run)` : ''}${rate}\n`,
  );
  return 0;
}

function progressMode(v: string | true | undefined): ProgressMode {
  if (v === undefined) return process.stderr.isTTY ? 'tty' : 'plain';
  if (v === 'tty' || v === 'plain' || v === 'json' || v === 'none') return v;
  throw new LongtailError(`longtail generate: --progress must be tty, plain, json or none, not '${String(v)}'`, 'usage');
}

export interface GenerateOptions {
  readonly out: string;
  readonly progress?: ProgressMode;
  readonly log?: (m: string) => void;
  /** Called after each sample is committed (the bench reads memory here). */
  readonly onSample?: (done: number, session: CaptureSession) => void;
  /** Make only this shard's samples (docs/scale-out.md); `longtail merge` joins the shards. */
  readonly shard?: Shard;
  /** Browsers capturing samples at once (default 1); the bytes are the same with any number. */
  readonly workers?: number;
}

export interface GenerateResult {
  readonly plan: DatasetPlan;
  readonly samples: readonly CommittedSample[];
  readonly classCounts: Map<string, Map<string, number>>;
  readonly frames: number;
  readonly target: string;
  readonly wallMs: number;
  /** Browser start-up, ms. */
  readonly startupMs: number;
  /** From the first sample's draw to the last sample committed, less the browser's start-up, ms. */
  readonly loopMs: number;
  /** Samples and frames made in this run (the others were kept from an earlier run). */
  readonly made: number;
  readonly madeFrames: number;
  /** The shard made, when only one was. */
  readonly shard?: Shard;
}


/** Skips of one sample in a row (seeds whose event never happens) before the scenario is taken to be at fault. */
const MAX_SKIPS = 100;

/**
 * Make the data set of `recipe` in `options.out`: plan, then each planned sample not yet committed
 * (an earlier run's are kept), then the per-split indexes and manifest.json. Throws a LongtailError
 * on bad input before anything is written.
 */
export async function runGenerate(recipe: Recipe, options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const scenarios = loadRecipeScenarios(recipe);
  const plan = planDataset(scenarios, planOptions(recipe));
  const shard = options.shard;
  const record = { ...recipeRecord(recipe, scenarios.map((s) => s.name), scenarios.map((s) => s.weight)), ...(shard ? { shard: shardName(shard) } : {}) };
  for (const sp of recipe.splits) {
    if (!plan.samples.some((s) => s.split === sp.name)) log(`warning: split '${sp.name}' gets no sample (${recipe.samples} samples × ${sp.share}); give more samples or a larger share`);
  }
  // Each scenario's first sample drawn once before anything is written: a scenario that cannot be
  // sampled (a value out of range, requirements never met) fails here, with its file:line:col.
  for (let si = 0; si < scenarios.length; si++) {
    const first = plan.samples.find((s) => s.scenario === si);
    if (first) drawSample(plan, first, 0);
  }
  const folder = DatasetFolder.open(options.out, record, { name: 'longtail', version: VERSION });
  const mine = shard ? plan.samples.filter((s) => shardOf(s.index, shard.count) === shard.index).length : plan.samples.length;
  const progress = new Progress(options.progress ?? 'none', mine);
  const sessions: CaptureSession[] = [];
  const committed: CommittedSample[] = [];
  let made = 0;
  let madeFrames = 0;
  let startupMs = 0;
  const loopStart = performance.now();
  // Ctrl-C or a kill: the samples being written are thrown away, the committed ones stay for a re-run.
  const current = new Set<DirectorySink>();
  const onSignal = () => {
    for (const sink of current) sink.abort();
    for (const session of sessions) killBrowserNow(session.browser);
    process.stderr.write(`\ninterrupted; ${committed.length} of ${mine} samples are committed in ${folder.target}: run the same command again to continue\n`);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // The samples to make, in plan order; kept ones (checked against their hashes) are taken as they are.
  const todo: PlannedSample[] = [];
  for (const s of plan.samples) {
    if (shard && shardOf(s.index, shard.count) !== shard.index) continue;
    const kept = folder.committed(s);
    if (kept && 'damaged' in kept) log(`${kept.damaged}; making sample ${s.id} again`);
    else if (kept) {
      committed.push(kept);
      progress.sampleDone(kept.frames.length, true);
      continue;
    }
    todo.push(s);
  }
  // Each worker a browser of its own, taking the next sample as it finishes one: samples depend on
  // their index only, so the data set is the same bytes with any number of workers.
  const workers = Math.max(1, Math.min(options.workers ?? 1, todo.length));
  let next = 0;
  let failure: unknown = null;
  const work = async (): Promise<void> => {
    let session: CaptureSession | null = null;
    try {
      while (failure === null && next < todo.length) {
        const s = todo[next++]!;
        if (!session) {
          session = await CaptureSession.open({ log, quality: recipe.quality, ...(recipe.physicsTimeoutS !== undefined ? { physicsTimeoutMs: recipe.physicsTimeoutS * 1000 } : {}) });
          sessions.push(session);
          startupMs = Math.max(startupMs, session.startupMs);
        }
        progress.sampleStart(`${s.id} ${scenarios[s.scenario]!.name}`);
        const c = await makeSample(session, plan, s, scenarios[s.scenario]!, recipe, folder, current, () => progress.frameDone());
        committed.push(c);
        made++;
        madeFrames += c.frames.length;
        progress.sampleDone(c.frames.length, false);
        options.onSample?.(committed.length, session);
      }
    } catch (e) {
      failure ??= e;
    } finally {
      await session?.close();
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, work));
    if (failure !== null) throw failure;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.end();
  }
  committed.sort((a, b) => a.index - b.index);
  const loopMs = performance.now() - loopStart - startupMs;
  if (shard) {
    log(`writing shard ${shardName(shard)}'s manifest.json (its per-split label files are made by longtail merge)`);
    await folder.finishShard(planSummary(plan), committed, shard);
    return { plan, samples: committed, classCounts: new Map(), frames: committed.reduce((n, c) => n + c.frames.length, 0), target: folder.target, wallMs: performance.now() - started, startupMs, loopMs, made, madeFrames, shard };
  }
  log('writing the per-split label files and manifest.json');
  const index = await folder.finish(planSummary(plan), committed, recipe.formats, { minPixels: recipe.minPixels, minContrast: recipe.minContrast });
  return { plan, samples: committed, classCounts: index.classCounts, frames: index.frames, target: folder.target, wallMs: performance.now() - started, startupMs, loopMs, made, madeFrames };
}

/** Draw, load and capture one sample into samples/<id>/, skipping seeds whose event never happens. */
async function makeSample(
  session: CaptureSession,
  plan: DatasetPlan,
  s: PlannedSample,
  scenario: PlanScenario & { source: string },
  recipe: Recipe,
  folder: DatasetFolder,
  current: Set<DirectorySink>,
  onFrame: () => void,
): Promise<CommittedSample> {
  const skipped: SkippedSeed[] = [];
  let attempt = 0;
  for (let skips = 0; ; skips++) {
    const draw = drawSample(plan, s, attempt);
    skipped.push(...draw.skipped);
    const spec = draw.spec;
    const models = readModelFiles(spec);
    for (const m of models.values()) session.models.set(m.sha256, m.bytes);
    const timeline = await session.load(spec);
    const frames = sampleFrames(spec, recipe, timeline);
    if ('missing' in frames) {
      skipped.push({ seed: draw.seed, reason: `event '${frames.missing}' did not happen in ${spec.duration} s` });
      if (skips + 1 >= MAX_SKIPS) {
        throw new LongtailError(`sample ${s.id} (${scenario.name}): the event '${frames.missing}' did not happen with any of ${MAX_SKIPS} seeds; add 'require' constraints that make it happen`, 'scenario');
      }
      attempt = draw.attempt + 1;
      continue;
    }
    const sink = new DirectorySink(folder.samplePath(s));
    current.add(sink);
    try {
      const dataset = { id: s.id, index: s.index, split: s.split, cell: cellObject(plan, s), skipped };
      const writer = new DatasetWriter(sink, nodeDeflate, {
        generator: { name: 'longtail', version: VERSION },
        spec,
        scenarioSource: scenario.source,
        options: { frames: frames.map((f) => `${f.camera}/${f.index}`), size: recipe.size ? `${recipe.size[0]}x${recipe.size[1]}` : null, set: [...recipe.set], formats: ['native'], layers: [...recipe.layers], float16: recipe.float16, quality: recipe.quality, dataset },
        files: new Map([...models.values()].map((m) => [m.datasetPath, m.bytes])),
        layers: recipe.layers,
        float16: recipe.float16,
      });
      await writer.begin();
      await session.capture(writer, frames, onFrame);
      await writer.finish();
      sink.commit();
    } catch (e) {
      sink.abort();
      throw e;
    } finally {
      current.delete(sink);
    }
    // Just written and hashed by the writer: its manifest says all there is to know.
    const c = folder.sample(s);
    if (!c) throw new Error(`sample ${s.id} was committed but its manifest is not this plan's`);
    return c;
  }
}

/** The frames of a sample: each chosen camera's capture window, picked by --frames or --stride. */
function sampleFrames(spec: SceneSpec, recipe: Recipe, timeline: Parameters<typeof captureWindow>[2]): { camera: string; index: number }[] | { missing: string } {
  const cams = recipe.camera !== undefined ? spec.cameras.filter((c) => c.name === recipe.camera) : spec.cameras;
  const out: { camera: string; index: number }[] = [];
  for (const cam of cams) {
    const w = captureWindow(spec, cam, timeline);
    if ('missing' in w) return w;
    const pick = recipe.stride !== undefined ? { stride: recipe.stride } : { count: recipe.frames! };
    for (const index of spreadFrames(w.first, w.last, pick)) out.push({ camera: cam.name, index });
  }
  return out;
}

/** A sample's cell as { factor: value }. */
export function cellObject(plan: DatasetPlan, s: PlannedSample): Record<string, string> {
  return Object.fromEntries(plan.options.factors.map((f, i) => [factorName(f), s.cell[i]!]));
}
