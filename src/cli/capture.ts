import { relative, join } from 'node:path';
import { LongtailError } from '../core/index.ts';
import { DatasetWriter, DEFAULT_LABEL_RULE, EXPORT_FORMATS, formatLayersProblem, parseFormats, type ExportFormat, type LabelRule } from '../export/index.ts';
import { DEFAULT_LAYERS, parseLayers, type LayerChoice } from '../capture/index.ts';
import { parseMinContrast, RECIPE_OPTIONS } from '../dataset/index.ts';
import { DEFAULT_QUALITY, isQuality, QUALITIES, type Quality } from '../render/index.ts';
import { applyOverrides } from '../dsl/index.ts';
import { captureWindow, sample, type CameraSpec, type SceneSpec } from '../scenario/index.ts';
import type { Timeline } from '../app/index.ts';
import { helpText, intOption, parseArgs, sizeOption, usageError, type CommandSpec } from './args.ts';
import { CaptureSession, firstLine, type Stage } from './CaptureSession.ts';
import { killBrowserNow } from './browser.ts';
import { ZipFileSink, type CommitSink } from './ZipFileSink.ts';
import { DirectorySink } from './DirectorySink.ts';
import { loadScenario } from './loadScenario.ts';
import { readModelFiles } from './modelFiles.ts';
import { nodeDeflate } from './nodeDeflate.ts';
import { ROOT, VERSION } from './version.ts';

export { firstLine, type Stage };

export const DEFAULT_SCENARIO = join('scenes', 'deer-crossing-night.scene');

/** Default of --physics-timeout, seconds (the page's DEFAULT_PHYSICS_TIMEOUT_MS). */
const DEFAULT_PHYSICS_TIMEOUT_S = 10;

export const CAPTURE: CommandSpec = {
  name: 'capture',
  usage: 'longtail capture [scenario.scene] [options]',
  summary:
    'Simulate a scenario in headless Chromium and write a labelled data set: RGB, depth and range, normals\n' +
    'and flow (.npz), semantic and instance PNGs (or the --layers asked for), per-frame labels JSON and\n' +
    'manifest.json. Default scenario: ' + DEFAULT_SCENARIO + '.\n' +
    'The data set is written to a temporary folder and moved into place only when complete.',
  options: [
    { name: 'out', value: '<dir>', help: 'data set folder (default: out/<scenario>-seed<seed>); a previous Longtail data set there is replaced' },
    { name: 'seed', value: '<n>', help: "random seed (default: the file's `seed`, else 0); same seed, same bytes" },
    { name: 'frames', value: '<n>', help: 'number of frames (default: duration × fps of the camera)' },
    { name: 'size', value: '<w>x<h>', help: "image size for every camera, e.g. 1280x720 (default: the scenario's)" },
    { name: 'physics-hz', value: '<n>', help: 'physics steps per second, independent of the frame rate (default 120)' },
    { name: 'camera', value: '<name>', help: 'capture only this camera (default: every camera)' },
    { name: 'set', value: '<name=value>', help: 'fix a `param` or a property of the scenario: --set "fog=120 m", --set environment.time=23:00 (repeatable)' },
    { name: 'physics-timeout', value: '<s>', help: `seconds one physics call may take before the capture fails (per 10 simulated s for longer calls; default ${DEFAULT_PHYSICS_TIMEOUT_S})` },
    { name: 'formats', value: '<list>', help: `comma-separated data set formats among ${EXPORT_FORMATS.join(', ')} (default native; native is always written)` },
    // The same options as generate's, stated once there.
    ...RECIPE_OPTIONS.filter((o) => ['layers', 'quality', 'float16', 'min-pixels', 'min-contrast'].includes(o.name)),
    { name: 'zip', help: 'write the data set as one zip file, <out>.zip (or <out> if it ends in .zip), instead of a folder' },
    { name: 'quiet', help: 'print only the result line' },
    { name: 'help', help: 'show this help' },
  ],
};

/** One capture run: a sampled scene, the cameras and frames to capture, and where to write. */
export interface CaptureJob {
  readonly spec: SceneSpec;
  /** The scenario's source text, stored with the data set. */
  readonly source: string;
  readonly cameras: readonly CameraSpec[];
  /** Frames per camera (default: every frame of the duration, end or window). */
  readonly frames?: number;
  /** Exactly these frames, in this order, instead of `cameras` and `frames` (the bench captures a data set sample's frames). */
  readonly frameList?: readonly { readonly camera: string; readonly index: number }[];
  /** Data set folder; replaced only when the new data set is complete. */
  readonly out: string;
  /** The options that shaped the data, recorded in the manifest. */
  readonly options: Record<string, unknown>;
  /** Time limit of one physics call in the page, ms (default: the page's). */
  readonly physicsTimeoutMs?: number;
  /** Progress messages (default: none). */
  readonly log?: (m: string) => void;
  /** Show a frame counter on a terminal's stderr. */
  readonly progress?: boolean;
  /** Formats to write beside the native one (default: native only). */
  readonly formats?: readonly ExportFormat[];
  /** Write one zip file, `<out>.zip`, instead of a folder. */
  readonly zip?: boolean;
  /** The layers to write (default DEFAULT_LAYERS). */
  readonly layers?: readonly LayerChoice[];
  /** Float layers as float16. */
  readonly float16?: boolean;
  /** The picture preset (default DEFAULT_QUALITY). */
  readonly quality?: Quality;
  /** Below these an object is an ignore region in the detection formats (default DEFAULT_LABEL_RULE). */
  readonly rule?: LabelRule;
}

export interface CaptureResult {
  readonly frames: number;
  readonly files: number;
  /** The data set folder, absolute. */
  readonly target: string;
  /** Whole run, ms. */
  readonly wallMs: number;
  /** Browser launch, page start and scene load, ms. */
  readonly startupMs: number;
  /** The scene load alone (the page's physics dry run), ms. */
  readonly loadMs: number;
  /** The frame loop, from the first frame request to the last frame written, ms. */
  readonly loopMs: number;
  readonly stage: Stage;
}

export async function captureCommand(argv: string[]): Promise<number> {
  const args = parseArgs(CAPTURE, argv);
  if (args.options.has('help')) {
    process.stdout.write(helpText(CAPTURE));
    return 0;
  }
  if (args.positional.length > 1) throw new LongtailError(`longtail capture: one scenario file expected, got ${args.positional.length}`, 'usage');
  const file = args.positional[0] ?? relative(process.cwd(), join(ROOT, DEFAULT_SCENARIO));
  const seed = intOption(CAPTURE, args, 'seed', 0, 2 ** 53);
  const frames = intOption(CAPTURE, args, 'frames', 1, 1_000_000);
  const size = sizeOption(CAPTURE, args, 'size');
  const physicsHz = intOption(CAPTURE, args, 'physics-hz', 10, 2000);
  const quiet = args.options.has('quiet');
  const log = (m: string) => {
    if (!quiet) process.stderr.write(`${m}\n`);
  };

  const loaded = loadScenario(file);
  const source = loaded.source;
  const { program, params } = applyOverrides(loaded.program, args.lists.get('set') ?? []);
  const spec = sample(program, { ...(seed !== undefined ? { seed } : {}), ...(size ? { resolution: size } : {}), ...(physicsHz ? { physicsHz } : {}), params });
  const camName = args.options.get('camera');
  const cameras = typeof camName === 'string' ? spec.cameras.filter((c) => c.name === camName) : spec.cameras;
  if (cameras.length === 0) throw new LongtailError(`longtail capture: no camera named '${String(camName)}'; the scenario has ${spec.cameras.map((c) => c.name).join(', ')}`, 'usage');
  const out = (args.options.get('out') as string | undefined) ?? join('out', `${spec.name}-seed${spec.seed}`);
  const timeout = args.options.get('physics-timeout');
  const timeoutS = timeout === undefined ? undefined : Number(timeout);
  if (timeoutS !== undefined && !(typeof timeout === 'string' && /^\d*\.?\d+$/.test(timeout) && timeoutS > 0 && timeoutS <= 86_400)) {
    throw usageError(CAPTURE, `--physics-timeout must be a number of seconds above 0 and at most 86400, such as 10 or 0.5, not '${String(timeout)}'`);
  }

  const formatsText = args.options.get('formats');
  const formats = typeof formatsText === 'string' ? parseFormats(formatsText) : (['native'] as ExportFormat[]);
  if (typeof formats === 'string') throw usageError(CAPTURE, `--formats: ${formats}`);
  const zip = args.options.has('zip');
  const layersText = args.options.get('layers');
  const layers = typeof layersText === 'string' ? parseLayers(layersText) : DEFAULT_LAYERS;
  if (typeof layers === 'string') throw usageError(CAPTURE, `--layers: ${layers}`);
  const formatProblem = formatLayersProblem(formats, layers);
  if (formatProblem) throw usageError(CAPTURE, formatProblem);
  const float16 = args.options.has('float16');
  const minPixels = intOption(CAPTURE, args, 'min-pixels', 0, 1_000_000) ?? DEFAULT_LABEL_RULE.minPixels;
  const mc = args.options.get('min-contrast');
  const minContrast = mc === undefined ? DEFAULT_LABEL_RULE.minContrast : parseMinContrast(mc);
  if (typeof minContrast === 'string') throw usageError(CAPTURE, `--${minContrast}`);
  const quality = args.options.get('quality') ?? DEFAULT_QUALITY;
  if (!isQuality(quality)) throw usageError(CAPTURE, `--quality must be one of ${QUALITIES.join(', ')}, not '${String(quality)}'`);

  const r = await runCapture({
    spec,
    formats,
    zip,
    layers,
    float16,
    quality,
    rule: { minPixels, minContrast },
    source,
    cameras,
    out,
    log,
    progress: !quiet,
    ...(frames !== undefined ? { frames } : {}),
    ...(timeoutS !== undefined ? { physicsTimeoutMs: timeoutS * 1000 } : {}),
    options: { frames: frames ?? null, size: size ? `${size[0]}x${size[1]}` : null, cameras: cameras.map((c) => c.name), set: args.lists.get('set') ?? [], formats, layers, float16, quality, min_pixels: minPixels, min_contrast: minContrast, zip },
  });
  log(timingReport(r.stage, r.loopMs, r.startupMs));
  process.stdout.write(
    `wrote ${r.frames} frames (${r.files} files) of '${spec.name}' seed ${spec.seed} to ${relative(process.cwd(), r.target) || '.'} ` +
      `in ${(r.wallMs / 1000).toFixed(1)} s (${(r.stage.count / (r.loopMs / 1000)).toFixed(1)} frames/s)\n`,
  );
  return 0;
}

/**
 * Capture `job` in a fresh headless Chromium on the built page and write the data set: the one
 * code path of `longtail capture` (and of the capture figures of `longtail bench`). On any failure
 * the partial data set is thrown away and the error is rethrown (LongtailErrors are one line).
 */
export async function runCapture(job: CaptureJob): Promise<CaptureResult> {
  const { spec, cameras, frames } = job;
  const log = job.log ?? (() => {});
  const sink: CommitSink = job.zip ? new ZipFileSink(job.out.endsWith('.zip') ? job.out : `${job.out}.zip`) : new DirectorySink(job.out);
  const started = performance.now();
  let session: CaptureSession | null = null;
  const onSignal = () => {
    sink.abort();
    if (session) killBrowserNow(session.browser);
    process.stderr.write('\ninterrupted; nothing was written\n');
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // Users' model files: served to the page by SHA-256, and copied into the data set.
    const models = readModelFiles(spec);
    const writer = new DatasetWriter(
      sink,
      nodeDeflate,
      {
        generator: { name: 'longtail', version: VERSION },
        spec,
        scenarioSource: job.source,
        options: job.options,
        files: new Map([...models.values()].map((m) => [m.datasetPath, m.bytes])),
        ...(job.layers ? { layers: job.layers } : {}),
        ...(job.float16 ? { float16: true } : {}),
      },
      job.formats ?? ['native'],
      job.rule,
    );
    await writer.begin();
    session = await CaptureSession.open({ log, ...(job.physicsTimeoutMs !== undefined ? { physicsTimeoutMs: job.physicsTimeoutMs } : {}), ...(job.quality ? { quality: job.quality } : {}) });
    for (const m of models.values()) session.models.set(m.sha256, m.bytes);
    const timeline = await session.load(spec);
    const list: { camera: string; index: number }[] = job.frameList ? [...job.frameList] : [];
    if (!job.frameList) for (const cam of cameras) {
      const [first, last] = frameRange(spec, cam, timeline, frames);
      for (let i = first; i <= last; i++) list.push({ camera: cam.name, index: i });
    }
    const loopStart = performance.now();
    let total = 0;
    const stage = await session.capture(writer, list, () => {
      total++;
      if (job.progress && process.stderr.isTTY) process.stderr.write(`\rframe ${total}`);
    });
    const loop = performance.now() - loopStart;
    const result = await writer.finish();
    await sink.commit();
    if (job.progress && process.stderr.isTTY) process.stderr.write('\r');
    return { ...result, target: sink.target, wallMs: performance.now() - started, startupMs: session.startupMs, loadMs: session.totals.loadMs, loopMs: loop, stage };
  } catch (e) {
    sink.abort();
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await session?.close();
  }
}

/**
 * Which frames of a camera to capture (captureWindow: the whole run, or the scenario's window
 * around its event); --frames takes the first n of them. An event that did not happen is an error.
 */
export function frameRange(spec: SceneSpec, cam: CameraSpec, timeline: Timeline, frames: number | undefined): [number, number] {
  const w = captureWindow(spec, cam, timeline);
  if ('missing' in w) {
    throw new LongtailError(
      `event '${w.missing}' did not happen in ${spec.duration} s with seed ${spec.seed}, so its capture window is empty; nothing was written (try another seed, or add 'require' constraints that make it happen)`,
      'scenario',
    );
  }
  return [w.first, frames !== undefined ? w.first + frames - 1 : w.last];
}

export function timingReport(s: Stage, loopMs: number, startupMs: number): string {
  const n = Math.max(1, s.count);
  const per = (v: number) => `${(v / n).toFixed(1)}`;
  const p = s.page;
  return (
    `startup ${(startupMs / 1000).toFixed(2)} s; per frame ${per(loopMs)} ms: page physics ${per(p.physics)}, rgb ${per(p.rgb)}, ` +
    `layers ${per(p.layers)}, amodal ${per(p.amodal)}, labels ${per(p.labels)}, pack ${per(p.encode)}, upload wait ${per(p.post)} ms; ` +
    `node (overlapped) decode ${per(s.node.decode)}, png+write ${per(s.node.encodeWrite)} ms`
  );
}
