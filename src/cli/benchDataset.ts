// The data set figures of `longtail bench`, measured side by side in one run:
//  1. `longtail generate`'s frame rate against `longtail capture` of the same samples one by one
//     (same scenes, same seeds, the same frames, a fresh browser each as capture has);
//  2. the same samples made by two capture pages working at once against one;
//  3. (with --memory-samples) the RSS of node and of every browser process over a long generate run.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { drawSample, planDataset, planOptions, resolveRecipe, type DatasetPlan, type PlannedSample, type Recipe, type RecipeEntry } from '../dataset/index.ts';
import { DatasetWriter, formatJson } from '../export/index.ts';
import { captureWindow, sample, spreadFrames } from '../scenario/index.ts';
import { ensureAppBuilt } from './appBuild.ts';
import { runCapture } from './capture.ts';
import { CaptureSession } from './CaptureSession.ts';
import { DirectorySink } from './DirectorySink.ts';
import { runGenerate } from './generate.ts';
import { loadRecipeScenarios, recipeEntries, type RecipeScenario } from './loadRecipe.ts';
import { readModelFiles } from './modelFiles.ts';
import { nodeDeflate } from './nodeDeflate.ts';
import { processTreeRss, type ProcessRss } from './processMemory.ts';
import { launchBrowser } from './browser.ts';
import { ROOT, VERSION } from './version.ts';

/** The shipped scenes the data set figures are made of (a night, a town and a low-sun scene). */
const SCENES = ['deer-crossing-night.scene', 'child-ball.scene', 'cyclist-low-sun.scene'];
const SIZE = '640x480';
const FRAMES = 4;
/** Default samples of the first two figures (6: the whole default bench stays under 4 minutes on 2 cores). */
export const DATASET_SAMPLES = 6;
/** The memory figure: small frames, one a sample, so that many samples are quick. */
const MEMORY_SIZE = '320x240';
const MEMORY_FRAMES = 1;
/** Fewest samples of the memory figure (it compares the RSS at 10% of the run with the RSS at the end). */
export const MEMORY_MIN = 20;

export interface DatasetBenchOptions {
  /** Samples of the generate/capture and one/two page figures. */
  readonly samples: number;
  /** Samples of the memory figure; 0 leaves it out. */
  readonly memorySamples: number;
}

type Frame = { camera: string; index: number };

export async function benchDataset(o: DatasetBenchOptions): Promise<void> {
  const log = (m: string) => process.stderr.write(`${m}\n`);
  // Built before anything is timed: a build is not part of any figure.
  await ensureAppBuilt(ROOT, log);
  const tmp = mkdtempSync(join(tmpdir(), 'longtail-bench-dataset-'));
  try {
    const timed = async <T>(f: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const r = await f();
      process.stdout.write(`  (this section took ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
      return r;
    };
    const frames = await timed(() => generateAgainstCapture(o.samples, join(tmp, 'vs-capture'), log));
    await timed(() => pagesAtOnce(o.samples, frames, join(tmp, 'pages'), log));
    if (o.memorySamples > 0) await timed(() => memoryOverSamples(o.memorySamples, join(tmp, 'memory'), log));
    else {
      process.stdout.write(
        `\nmemory over many samples: not run (off by default: 100 samples take about 2 min more on 2 cores);\n` +
          `  run 'longtail bench --dataset-only --memory-samples 100' for it\n`,
      );
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The bench's recipe: SCENES, `samples` samples of `frames` frames at `size`, data set seed 0, native only. */
function benchRecipe(samples: number, frames: number, size: string): Recipe {
  const scenes = SCENES.map((f) => relative(process.cwd(), join(ROOT, 'scenes', f)));
  const cli: RecipeEntry[] = [
    { name: 'samples', value: String(samples), where: 'bench' },
    { name: 'frames', value: String(frames), where: 'bench' },
    { name: 'size', value: size, where: 'bench' },
  ];
  return resolveRecipe(recipeEntries(undefined, scenes, cli));
}

const s1 = (ms: number) => (ms / 1000).toFixed(2);
const rate = (frames: number, ms: number) => frames / (ms / 1000);
const met = (ratio: number, aim: number) => (ratio >= aim ? 'met' : 'NOT met');

interface ManifestSample {
  id: string;
  scenario: string;
  seed: number;
  path: string;
  frames: { camera: string; frame: number }[];
}

/**
 * Figure 1: runGenerate on the bench recipe, then each of its samples captured alone with
 * runCapture (scene re-sampled from the sample's scenario and seed, checked byte for byte against
 * the sample's scene.json; exactly the sample's frames). Returns each sample's frames by id.
 */
async function generateAgainstCapture(n: number, dir: string, log: (m: string) => void): Promise<Map<string, Frame[]>> {
  const recipe = benchRecipe(n, FRAMES, SIZE);
  log(`bench: data set, generate ${n} samples`);
  let totals: CaptureSession['totals'] | null = null;
  const gen = await runGenerate(recipe, { out: join(dir, 'generate'), onSample: (_, session) => (totals = session.totals) });
  const t = totals as CaptureSession['totals'] | null;
  if (!t) throw new Error('the bench generate run made no sample');
  const manifest = JSON.parse(readFileSync(join(gen.target, 'manifest.json'), 'utf8')) as { samples: ManifestSample[] };
  const scenarios = new Map(loadRecipeScenarios(recipe).map((s) => [s.name, s]));
  const [w, h] = SIZE.split('x').map(Number) as [number, number];

  const cap = { wallMs: 0, startupMs: 0, loadMs: 0, loopMs: 0, frames: 0 };
  let sameScene = 0;
  let sameFiles = 0;
  let files = 0;
  const byId = new Map<string, Frame[]>();
  for (const [i, m] of manifest.samples.entries()) {
    const sc = scenarios.get(m.scenario)!;
    const spec = sample(sc.program, { seed: m.seed, params: sc.params, resolution: [w, h] });
    const sampleDir = join(gen.target, m.path);
    if (Buffer.from(formatJson(spec)).equals(readFileSync(join(sampleDir, 'scene.json')))) sameScene++;
    const frameList = m.frames.map((f) => ({ camera: f.camera, index: f.frame }));
    byId.set(m.id, frameList);
    log(`bench: data set, capture sample ${i + 1}/${manifest.samples.length} alone`);
    const r = await runCapture({
      spec,
      source: sc.source,
      cameras: spec.cameras.filter((c) => frameList.some((f) => f.camera === c.name)),
      frameList,
      out: join(dir, 'capture', m.id),
      options: { frames: frameList.map((f) => `${f.camera}/${f.index}`), size: SIZE },
    });
    cap.wallMs += r.wallMs;
    cap.startupMs += r.startupMs;
    cap.loadMs += r.loadMs;
    cap.loopMs += r.loopMs;
    cap.frames += r.stage.count;
    // Every file both wrote (all but the manifests, whose options differ) with the same SHA-256.
    const a = fileHashes(sampleDir);
    const b = fileHashes(r.target);
    const paths = [...a.keys()].filter((p) => b.has(p));
    files += paths.length;
    sameFiles += paths.filter((p) => a.get(p) === b.get(p)).length;
  }

  const k = manifest.samples.length;
  // GenerateResult.loopMs leaves the browser's start out; the whole run here puts the one start back.
  const genWhole = gen.loopMs + gen.startupMs;
  const genRest = genWhole - gen.startupMs - t.loadMs - t.captureMs;
  const capRest = cap.wallMs - cap.startupMs - cap.loadMs - cap.loopMs;
  const whole = rate(gen.frames, genWhole) / rate(cap.frames, cap.wallMs);
  const loop = rate(t.frames, t.captureMs) / rate(cap.frames, cap.loopMs);
  const rows = [
    ['', 'generate', 'capture', 'generate/capture'],
    ['frames/s, whole run', rate(gen.frames, genWhole).toFixed(2), rate(cap.frames, cap.wallMs).toFixed(2), `${whole.toFixed(2)} (aim 0.9 or better: ${met(whole, 0.9)})`],
    ['frames/s, frame loop only', rate(t.frames, t.captureMs).toFixed(2), rate(cap.frames, cap.loopMs).toFixed(2), `${loop.toFixed(2)} (aim 0.9 or better: ${met(loop, 0.9)})`],
    ['s per sample, whole run', s1(genWhole / k), s1(cap.wallMs / k), (genWhole / cap.wallMs).toFixed(2)],
    ['  browser start', s1(gen.startupMs / k), s1(cap.startupMs / k), ''],
    ['  scene load (physics dry run)', s1(t.loadMs / k), s1(cap.loadMs / k), ''],
    [`  frame loop (${FRAMES} frames)`, s1(t.captureMs / k), s1(cap.loopMs / k), ''],
    ['  the rest', s1(genRest / k), s1(capRest / k), ''],
  ];
  process.stdout.write(
    `\ndata set against one sample at a time: the same ${k} samples (${gen.frames} frames) of ${SCENES.map((s) => s.replace('.scene', '')).join(', ')} at ${SIZE},\n` +
      `${FRAMES} frames each spread over the capture window; generate in one browser, then each sample captured alone in a fresh browser\n` +
      `(runCapture) with the scenario and seed from the data set's manifest.json and exactly its frames\n`,
  );
  printTable(rows);
  process.stdout.write(
    `  whole run: generate from its first sample to the last committed, its one browser start (${s1(gen.startupMs)} s) included\n` +
      `  (generate's own printed frames/s leaves the start out: ${rate(gen.frames, gen.loopMs).toFixed(2)});\n` +
      `  capture summed over the samples' runCapture calls (browser close and node start-up not counted);\n` +
      `  frame loop: the capture page's frame loop alone (render, read back, upload, every file written), as capture prints it;\n` +
      `  the rest: app check, upload server, draw, writer start and finish, commit; generate's per-split index and\n` +
      `  manifest.json afterwards took ${s1(gen.wallMs - gen.loopMs)} s more (not counted)\n` +
      `  same scene: ${sameScene} of ${k} re-sampled scenes byte-identical to the sample's scene.json; ` +
      `same bytes: ${sameFiles} of ${files} files both wrote identical (manifests left out)\n`,
  );
  return byId;
}

/** Each file under `dir` with its SHA-256, from the folder's manifest.json (`files`). */
function fileHashes(dir: string): Map<string, string> {
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: Record<string, string> };
  return new Map(Object.entries(m.files));
}

interface PagesRun {
  readonly label: string;
  readonly startupMs: number;
  readonly ms: number;
  readonly frames: number;
  readonly samples: number;
  readonly loadMs: number;
  readonly captureMs: number;
  readonly framesOf: Map<string, Frame[]>;
}

/**
 * Figure 2: the bench recipe's samples made by one page, by two pages of one browser, and by two
 * browsers of one page each, the pages taking the next sample as they finish one. Each sample is
 * drawn, loaded and captured with a DatasetWriter into its own folder as generate does.
 */
async function pagesAtOnce(n: number, expected: Map<string, Frame[]>, dir: string, log: (m: string) => void): Promise<void> {
  const recipe = benchRecipe(n, FRAMES, SIZE);
  const scenarios = loadRecipeScenarios(recipe);
  const plan = planDataset(scenarios, planOptions(recipe));
  const runs: PagesRun[] = [];
  const ways: { label: string; open: () => Promise<{ sessions: CaptureSession[]; close: () => Promise<void> }> }[] = [
    {
      label: 'one page',
      open: async () => {
        const s = await CaptureSession.open();
        return { sessions: [s], close: () => s.close() };
      },
    },
    {
      label: 'two pages, one browser',
      open: async () => {
        const browser = await launchBrowser();
        const sessions: CaptureSession[] = [];
        try {
          for (let i = 0; i < 2; i++) sessions.push(await CaptureSession.open({ browser }));
        } catch (e) {
          for (const s of sessions) await s.close();
          await browser.close().catch(() => {});
          throw e;
        }
        return {
          sessions,
          close: async () => {
            for (const s of sessions) await s.close();
            await browser.close().catch(() => {});
          },
        };
      },
    },
    {
      label: 'two browsers, a page each',
      open: async () => {
        const a = await CaptureSession.open();
        const b = await CaptureSession.open().catch(async (e: unknown) => {
          await a.close();
          throw e;
        });
        return { sessions: [a, b], close: async () => void (await Promise.all([a.close(), b.close()])) };
      },
    },
  ];
  for (const [i, way] of ways.entries()) {
    log(`bench: data set, ${n} samples by ${way.label}`);
    const t0 = performance.now();
    const { sessions, close } = await way.open();
    const startupMs = performance.now() - t0;
    try {
      runs.push({ label: way.label, startupMs, ...(await makeSamples(sessions, plan, scenarios, recipe, join(dir, String(i)))) });
    } finally {
      await close();
    }
  }

  const one = runs[0]!;
  const same = runs.every((r) => r.samples === expected.size && [...expected].every(([id, f]) => JSON.stringify(r.framesOf.get(id)) === JSON.stringify(f)));
  const rows = [['', 'frames/s', 's per sample', 'against one page', 'load s/sample', 'frame loop s/sample', 'start s']];
  for (const r of runs) {
    rows.push([r.label, rate(r.frames, r.ms).toFixed(2), s1(r.ms / r.samples), (rate(r.frames, r.ms) / rate(one.frames, one.ms)).toFixed(2), s1(r.loadMs / r.samples), s1(r.captureMs / r.samples), s1(r.startupMs)]);
  }
  process.stdout.write(
    `\ncapture pages at once: the same ${one.samples} samples (${one.frames} frames, ${SIZE}), each drawn, loaded and captured into its own folder\n` +
      `as generate does, by one page and by two pages taking the next sample as each finishes one (${availableParallelism()} cores)\n`,
  );
  printTable(rows);
  process.stdout.write(
    `  frames/s and s per sample over the samples alone (from the first draw to the last sample written; start: browser and pages, not counted);\n` +
      `  load and frame loop: the pages' own times summed over the samples (with two pages they overlap, so they can add up to more than s per sample);\n` +
      `  the same samples and frames as the data set above: ${same ? 'yes' : 'NO'}\n`,
  );
}

/** The plan's samples made by `sessions`, each taking the next one as it finishes one. */
async function makeSamples(sessions: readonly CaptureSession[], plan: DatasetPlan, scenarios: readonly RecipeScenario[], recipe: Recipe, dir: string): Promise<Omit<PagesRun, 'label' | 'startupMs'>> {
  const framesOf = new Map<string, Frame[]>();
  let next = 0;
  let frames = 0;
  const t0 = performance.now();
  const loadMs0 = sessions.reduce((a, s) => a + s.totals.loadMs, 0);
  const captureMs0 = sessions.reduce((a, s) => a + s.totals.captureMs, 0);
  await Promise.all(
    sessions.map(async (session) => {
      while (next < plan.samples.length) {
        const s = plan.samples[next++]!;
        const f = await makeSample(session, plan, s, scenarios[s.scenario]!, recipe, join(dir, s.id));
        framesOf.set(s.id, f);
        frames += f.length;
      }
    }),
  );
  return {
    ms: performance.now() - t0,
    frames,
    samples: plan.samples.length,
    loadMs: sessions.reduce((a, s) => a + s.totals.loadMs, 0) - loadMs0,
    captureMs: sessions.reduce((a, s) => a + s.totals.captureMs, 0) - captureMs0,
    framesOf,
  };
}

/**
 * One sample as generate makes it: drawn (the next seed when its event never happens), its models
 * served, loaded, its frames spread over each camera's capture window and captured into `out`.
 */
async function makeSample(session: CaptureSession, plan: DatasetPlan, s: PlannedSample, scenario: RecipeScenario, recipe: Recipe, out: string): Promise<Frame[]> {
  for (let attempt = 0, tries = 0; tries < 100; tries++) {
    const draw = drawSample(plan, s, attempt);
    const spec = draw.spec;
    const models = readModelFiles(spec);
    for (const m of models.values()) session.models.set(m.sha256, m.bytes);
    const timeline = await session.load(spec);
    const frames: Frame[] = [];
    let missing = false;
    for (const cam of spec.cameras) {
      const w = captureWindow(spec, cam, timeline);
      if ('missing' in w) missing = true;
      else for (const index of spreadFrames(w.first, w.last, { count: recipe.frames! })) frames.push({ camera: cam.name, index });
    }
    if (missing) {
      attempt = draw.attempt + 1;
      continue;
    }
    const sink = new DirectorySink(out);
    try {
      const writer = new DatasetWriter(sink, nodeDeflate, {
        generator: { name: 'longtail', version: VERSION },
        spec,
        scenarioSource: scenario.source,
        options: { frames: frames.map((f) => `${f.camera}/${f.index}`), size: SIZE },
        files: new Map([...models.values()].map((m) => [m.datasetPath, m.bytes])),
      });
      await writer.begin();
      await session.capture(writer, frames);
      await writer.finish();
      sink.commit();
    } catch (e) {
      sink.abort();
      throw e;
    }
    return frames;
  }
  throw new Error(`sample ${s.id} (${scenario.name}): no seed in 100 tries made its event happen`);
}

interface MemoryPoint {
  readonly done: number;
  readonly node: NodeJS.MemoryUsage;
  readonly browser: ProcessRss[];
}

/**
 * Figure 3: runGenerate over `n` samples of one small frame each, with the RSS of node and of the
 * browser's process tree read after every 10th sample (in generate's onSample hook).
 */
export async function memoryOverSamples(n: number, dir: string, log: (m: string) => void, framesPerSample = MEMORY_FRAMES): Promise<void> {
  const recipe = benchRecipe(n, framesPerSample, MEMORY_SIZE);
  log(`bench: data set, memory over ${n} samples`);
  const points: MemoryPoint[] = [];
  // A point at every tenth of the run: the first (10%) is the baseline, after start-up's growth.
  const step = Math.max(1, Math.round(n / 10));
  const gen = await runGenerate(recipe, {
    out: dir,
    onSample: (done, session) => {
      if (done % step !== 0 && done !== n) return;
      const pid = session.browserPid();
      points.push({ done, node: process.memoryUsage(), browser: pid === undefined ? [] : processTreeRss(pid) });
      if (done % 20 === 0) log(`bench: memory, sample ${done}/${n}`);
    },
  });
  const mb = (b: number) => (b / 2 ** 20).toFixed(0);
  const sum = (p: MemoryPoint) => p.browser.reduce((a, x) => a + x.rssBytes, 0);
  const rows = [['after sample', 'node RSS MB', 'node heap MB', 'node external MB', 'browser processes', 'browser RSS MB', 'total MB']];
  for (const p of points) rows.push([String(p.done), mb(p.node.rss), mb(p.node.heapUsed), mb(p.node.external), String(p.browser.length), mb(sum(p)), mb(p.node.rss + sum(p))]);
  const from = points[0]!;
  const end = points[points.length - 1]!;
  const total = (p: MemoryPoint) => p.node.rss + sum(p);
  const ratio = total(end) / total(from);
  const half = points.find((p) => p.done >= n / 2) ?? end;
  process.stdout.write(
    `\nmemory over ${n} samples: generate of ${SCENES.map((s) => s.replace('.scene', '')).join(', ')} at ${MEMORY_SIZE}, ${framesPerSample} frame${framesPerSample > 1 ? 's' : ''} a sample, one browser ` +
      `(${gen.frames} frames in ${s1(gen.loopMs)} s); RSS of node and of the browser with every process below it (VmRSS summed, so shared pages count more than once)\n`,
  );
  printTable(rows);
  process.stdout.write(`  total RSS at 10% (sample ${from.done}) ${mb(total(from))} MB, at 50% (sample ${half.done}) ${mb(total(half))} MB, at 100% (sample ${end.done}) ${mb(total(end))} MB\n`);
  process.stdout.write(`  total RSS at sample ${end.done} / at sample ${from.done}: ${ratio.toFixed(3)} (aim: within 10%: ${Math.abs(ratio - 1) <= 0.1 ? 'met' : 'NOT met'})\n`);
  // Where it went: node's parts and the browser's processes by role.
  type Use = { rss: number; anon: number; shmem: number; count: number };
  const byRole = (p: MemoryPoint) => {
    const m = new Map<string, Use>();
    for (const x of p.browser) {
      const r = m.get(x.role) ?? { rss: 0, anon: 0, shmem: 0, count: 0 };
      m.set(x.role, { rss: r.rss + x.rssBytes, anon: r.anon + x.anonBytes, shmem: r.shmem + x.shmemBytes, count: r.count + 1 });
    }
    return m;
  };
  const a = byRole(from);
  const b = byRole(end);
  const none: Use = { rss: 0, anon: 0, shmem: 0, count: 0 };
  const change = (x: number, y: number) => `${y >= x ? '+' : ''}${((y - x) / 2 ** 20).toFixed(1)}`;
  const rows2 = [['where', `sample ${from.done} MB`, `sample ${end.done} MB`, 'change MB', 'anon change', 'shmem change']];
  rows2.push(['node RSS', mb(from.node.rss), mb(end.node.rss), change(from.node.rss, end.node.rss), '', '']);
  rows2.push(['node heap used', mb(from.node.heapUsed), mb(end.node.heapUsed), change(from.node.heapUsed, end.node.heapUsed), '', '']);
  rows2.push(['node external', mb(from.node.external), mb(end.node.external), change(from.node.external, end.node.external), '', '']);
  for (const role of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(role) ?? none;
    const y = b.get(role) ?? none;
    rows2.push([`browser: ${role} (${x.count === y.count ? x.count : `${x.count} → ${y.count}`})`, mb(x.rss), mb(y.rss), change(x.rss, y.rss), change(x.anon, y.anon), change(x.shmem, y.shmem)]);
  }
  printTable(rows2);
  process.stdout.write(`  anon: private memory (heaps); shmem: shared memory, also counted in the processes it is shared with\n`);
}

/** Columns padded to their widest cell: the first aligned left (text), the others right (numbers). */
function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const r of rows) process.stdout.write('  ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd() + '\n');
}
