// A data set recipe: the options of `longtail generate`, from the command line or a .dataset file,
// each value checked where it was given (`--frames` or `animals.dataset:4:9`).
import { LongtailError } from '../core/index.ts';
import { didYouMean } from '../dsl/suggest.ts';
import { formatLayersProblem, parseFormats, type ExportFormat } from '../export/index.ts';
import { DEFAULT_LAYERS, LAYERS, PERCEPTIBLE, PNG_COMPANIONS, parseLayers, type LayerChoice } from '../capture/index.ts';
import { DEFAULT_QUALITY, isQuality, QUALITIES, type Quality } from '../render/index.ts';
import { factorName, parseFactors, type Factor } from './factors.ts';
import { DEFAULT_SPLITS, parseSplits, type Split } from './splits.ts';
import type { PlanOptions } from './planDataset.ts';

/** One option as given: its name, its text and where it was written. */
export interface RecipeEntry {
  readonly name: string;
  readonly value: string | true;
  /** `--name` on the command line, or `file:line:col` of the value in a recipe file. */
  readonly where: string;
}

export interface Recipe {
  /** Scenario files, as paths from the working folder, and where each was named. */
  readonly scenarios: readonly { readonly file: string; readonly where: string }[];
  /** --weight: a scenario's share by its name, and where it was given (checked against the names once the files are read). */
  readonly weights: readonly { readonly name: string; readonly weight: number; readonly where: string }[];
  readonly samples: number;
  readonly seed: number;
  /** Frames per sample spread over the capture window, or every stride-th (exactly one is set). */
  readonly frames?: number;
  readonly stride?: number;
  readonly splits: readonly Split[];
  readonly splitBy: 'sample' | 'scenario';
  readonly stratify: readonly Factor[];
  readonly formats: readonly ExportFormat[];
  /** The layers each sample writes (capture/layers.ts; default every layer). */
  readonly layers: readonly LayerChoice[];
  /** Float layers as float16. */
  readonly float16: boolean;
  /** The picture preset. */
  readonly quality: Quality;
  /** Below these an object is an ignore region in the detection formats (export/exportMath.ts LabelRule). */
  readonly minPixels: number;
  readonly minContrast: number;
  readonly size?: readonly [number, number];
  readonly physicsHz?: number;
  readonly camera?: string;
  readonly set: readonly string[];
  /** Where each --set was given (parallel to `set`). */
  readonly setWhere: readonly string[];
  readonly out?: string;
  readonly physicsTimeoutS?: number;
}

/** What an option of a recipe is: its value placeholder (none: a flag) and help. Also the keys of a .dataset file. */
export const RECIPE_OPTIONS = [
  { name: 'scenario', value: '<file.scene>', help: 'a scenario of the data set (repeatable; on the command line, just name the files)' },
  { name: 'samples', value: '<n>', help: 'samples in the data set, spread over the scenarios (default 24)' },
  { name: 'seed', value: '<n>', help: "the data set seed (default 0): each sample's seed derives from it and the sample's index" },
  { name: 'frames', value: '<n>', help: "frames per sample, spread evenly over the scenario's capture window (default 4)" },
  { name: 'stride', value: '<k>', help: 'instead of --frames: every k-th frame of the capture window' },
  { name: 'split', value: '<name=share,...>', help: `splits and their shares of the samples (default ${DEFAULT_SPLITS})` },
  { name: 'split-by', value: '<sample|scenario>', help: 'split whole samples (default) or hold whole scenarios out' },
  { name: 'stratify', value: '<factor,...>', help: 'equal samples in every reachable cell of: scenario, light, weather, param:<name>' },
  { name: 'weight', value: '<scenario=w>', help: "a scenario's share relative to the others, by scenario name (repeatable; default 1)" },
  { name: 'formats', value: '<list>', help: 'label formats beside native: coco, coco-panoptic, kitti, yolo, cityscapes (default native)' },
  { name: 'layers', value: '<list>', help: `layers to write among ${[...LAYERS, ...PNG_COMPANIONS].join(', ')} (default all = ${LAYERS.join(',')}); labels always` },
  { name: 'float16', help: 'depth, range, normals and flow as float16: about half the bytes, error up to 1/64 m at 50 m (docs/dataset-format.md)' },
  { name: 'quality', value: '<preset>', help: `picture preset: ${QUALITIES.join(', ')} (default ${DEFAULT_QUALITY}); the RGB image only, never the labels or layers` },
  { name: 'min-pixels', value: '<n>', help: `an object with fewer visible pixels is an ignore region in COCO (iscrowd 1) and KITTI (DontCare), and left out of YOLO; native labels keep it (default ${PERCEPTIBLE.minPixels})` },
  { name: 'min-contrast', value: '<c>', help: `likewise below this |contrast| against its surroundings in the picture (docs/conventions.md, "Perceptibility"; default ${PERCEPTIBLE.minContrast}, 0 keeps every seen object)` },
  { name: 'size', value: '<w>x<h>', help: "image size for every camera (default: each scenario's)" },
  { name: 'physics-hz', value: '<n>', help: 'physics steps per second (default 120)' },
  { name: 'camera', value: '<name>', help: 'capture only this camera (default: every camera)' },
  { name: 'set', value: '<name=value>', help: 'fix a param or a property of every scenario that has it: "fog=120 m", "environment.time=23:00" (repeatable)' },
  { name: 'physics-timeout', value: '<s>', help: 'seconds one physics call may take before a sample fails (default 10)' },
  { name: 'out', value: '<dir>', help: 'the data set folder (default out/<recipe name>, out/<scenario> for one scene, else out/dataset)' },
] as const;

/** A --min-contrast value: a number from 0 to 100, or the error message. */
export function parseMinContrast(v: string | true): number | string {
  const n = Number(v);
  return typeof v === 'string' && /^\d*\.?\d+$/.test(v) && n <= 100 ? n : `min-contrast must be a number from 0 to 100, such as 0.1, not '${String(v)}'`;
}

export const DEFAULT_SAMPLES = 24;
export const DEFAULT_FRAMES = 4;

function fail(where: string, message: string): never {
  throw new LongtailError(`${where}: ${message}`, 'usage');
}

/** The file (or the command line) an entry came from: its `where` up to the first ':'. */
function origin(e: RecipeEntry): string {
  return e.where.slice(0, e.where.indexOf(':'));
}

function whole(e: RecipeEntry, min: number, max: number): number {
  const v = e.value;
  if (typeof v !== 'string' || !/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) < min || Number(v) > max) fail(e.where, `${e.name} must be a whole number from ${min} to ${max}, not '${String(v)}'`);
  return Number(v);
}

/**
 * Check every entry and make the recipe; later entries of a single-valued option win (the command
 * line after the file). Throws a usage LongtailError naming where the bad value was given.
 */
export function resolveRecipe(entries: readonly RecipeEntry[]): Recipe {
  const last = new Map<string, RecipeEntry>();
  const lists = new Map<string, RecipeEntry[]>();
  for (const e of entries) {
    last.set(e.name, e);
    lists.set(e.name, [...(lists.get(e.name) ?? []), e]);
  }
  const get = (name: string) => last.get(name);
  const scenarioEntries = lists.get('scenario') ?? [];
  if (scenarioEntries.length === 0) throw new LongtailError('longtail generate: no scenario given; name .scene files or a .dataset recipe', 'usage');
  const samples = get('samples') ? whole(get('samples')!, 1, 10_000_000) : DEFAULT_SAMPLES;
  const seed = get('seed') ? whole(get('seed')!, 0, 2 ** 32 - 1) : 0;
  // --frames and --stride are two ways to pick frames: the later wins (the command line over the
  // file), but both in one place is a mistake.
  const fr = get('frames');
  const st = get('stride');
  if (fr && st && origin(fr) === origin(st)) fail(st.where, 'give --frames or --stride, not both');
  const strideWins = st !== undefined && (fr === undefined || entries.indexOf(st) > entries.indexOf(fr));
  const stride = strideWins ? whole(st, 1, 1_000_000) : undefined;
  const frames = strideWins ? undefined : fr ? whole(fr, 1, 1_000_000) : DEFAULT_FRAMES;

  const splitText = get('split');
  const splits = parseSplits(typeof splitText?.value === 'string' ? splitText.value : DEFAULT_SPLITS);
  if (typeof splits === 'string') fail(splitText!.where, splits);
  const splitBy = get('split-by')?.value ?? 'sample';
  if (splitBy !== 'sample' && splitBy !== 'scenario') fail(get('split-by')!.where, `split-by must be 'sample' or 'scenario', not '${String(splitBy)}'`);

  const stratText = get('stratify');
  let stratify: Factor[] = [];
  if (stratText) {
    const f = typeof stratText.value === 'string' ? parseFactors(stratText.value) : 'no factors given';
    if (typeof f === 'string') fail(stratText.where, f);
    stratify = f;
  }
  const formatText = get('formats');
  let formats: ExportFormat[] = ['native'];
  if (formatText) {
    const f = typeof formatText.value === 'string' ? parseFormats(formatText.value) : 'no format given';
    if (typeof f === 'string') fail(formatText.where, f);
    formats = f;
  }
  const layerText = get('layers');
  let layers: readonly LayerChoice[] = DEFAULT_LAYERS;
  if (layerText) {
    const l = typeof layerText.value === 'string' ? parseLayers(layerText.value) : 'no layer given';
    if (typeof l === 'string') fail(layerText.where, l);
    layers = l;
  }
  const formatProblem = formatLayersProblem(formats, layers);
  if (formatProblem) fail((layerText ?? formatText)!.where, formatProblem);
  const f16 = get('float16');
  const f16Value = f16 === undefined ? false : f16.value === true ? true : /^(yes|true)$/.test(f16.value) ? true : /^(no|false)$/.test(f16.value) ? false : undefined;
  if (f16Value === undefined) fail(f16!.where, `float16 must be yes or no, not '${String(f16!.value)}'`);
  const minPixels = get('min-pixels') ? whole(get('min-pixels')!, 0, 1_000_000) : PERCEPTIBLE.minPixels;
  const mc = get('min-contrast');
  const minContrast = mc ? parseMinContrast(mc.value) : PERCEPTIBLE.minContrast;
  if (typeof minContrast === 'string') fail(mc!.where, minContrast);
  const q = get('quality');
  const quality = q ? q.value : DEFAULT_QUALITY;
  if (!isQuality(quality)) fail(q!.where, `quality must be one of ${QUALITIES.join(', ')}, not '${String(q!.value)}'`);
  let size: [number, number] | undefined;
  const sizeEntry = get('size');
  if (sizeEntry) {
    const m = typeof sizeEntry.value === 'string' ? /^(\d+)x(\d+)$/.exec(sizeEntry.value) : null;
    const w = m ? Number(m[1]) : 0;
    const h = m ? Number(m[2]) : 0;
    if (!m || w < 16 || h < 16 || w > 8192 || h > 8192) fail(sizeEntry.where, `size must be WIDTHxHEIGHT between 16x16 and 8192x8192, such as 640x480, not '${String(sizeEntry.value)}'`);
    size = [w, h];
  }
  const physicsHz = get('physics-hz') ? whole(get('physics-hz')!, 10, 2000) : undefined;
  const timeout = get('physics-timeout');
  let physicsTimeoutS: number | undefined;
  if (timeout) {
    const t = Number(timeout.value);
    if (!(typeof timeout.value === 'string' && /^\d*\.?\d+$/.test(timeout.value) && t > 0 && t <= 86_400)) fail(timeout.where, `physics-timeout must be a number of seconds above 0 and at most 86400, not '${String(timeout.value)}'`);
    physicsTimeoutS = t;
  }
  const weights: { name: string; weight: number; where: string }[] = [];
  for (const e of lists.get('weight') ?? []) {
    const m = typeof e.value === 'string' ? /^([^=\s]+)\s*=\s*(\d*\.?\d+)$/.exec(e.value) : null;
    if (!m || !(Number(m[2]) > 0)) fail(e.where, `weight must be <scenario name>=<positive number>, such as deer-crossing-night=2, not '${String(e.value)}'`);
    weights.push({ name: m[1]!, weight: Number(m[2]), where: e.where });
  }
  if (weights.length > 0 && stratify.some((f) => f.kind === 'scenario')) fail(weights[0]!.where, "--stratify scenario already gives every scenario the same share; drop one of them");
  const camera = get('camera')?.value;
  const out = get('out')?.value;
  return {
    scenarios: scenarioEntries.map((e) => ({ file: String(e.value), where: e.where })),
    weights,
    samples,
    seed,
    ...(frames !== undefined ? { frames } : {}),
    ...(stride !== undefined ? { stride } : {}),
    splits,
    splitBy,
    stratify,
    formats,
    layers,
    float16: f16Value,
    quality,
    minPixels,
    minContrast,
    ...(size ? { size } : {}),
    ...(physicsHz !== undefined ? { physicsHz } : {}),
    ...(typeof camera === 'string' ? { camera } : {}),
    set: (lists.get('set') ?? []).map((e) => String(e.value)),
    setWhere: (lists.get('set') ?? []).map((e) => e.where),
    ...(typeof out === 'string' ? { out } : {}),
    ...(physicsTimeoutS !== undefined ? { physicsTimeoutS } : {}),
  };
}

/** What the plan needs of a recipe. */
export function planOptions(r: Recipe): PlanOptions {
  return {
    seed: r.seed,
    samples: r.samples,
    splits: r.splits,
    splitBy: r.splitBy,
    factors: r.stratify,
    ...(r.size ? { resolution: r.size } : {}),
    ...(r.physicsHz ? { physicsHz: r.physicsHz } : {}),
  };
}

/**
 * The options that shape a data set's bytes, as recorded in its manifest (and compared on a
 * re-run): everything but where it goes and how long physics may take.
 */
export function recipeRecord(r: Recipe, scenarioNames: readonly string[], weights: readonly number[]): Record<string, unknown> {
  return {
    scenarios: r.scenarios.map((s, i) => ({ file: s.file, name: scenarioNames[i], weight: weights[i] })),
    samples: r.samples,
    seed: r.seed,
    frames: r.frames ?? null,
    stride: r.stride ?? null,
    split: Object.fromEntries(r.splits.map((s) => [s.name, s.share])),
    split_by: r.splitBy,
    stratify: r.stratify.map(factorName),
    formats: [...r.formats],
    layers: [...r.layers],
    float16: r.float16,
    quality: r.quality,
    min_pixels: r.minPixels,
    min_contrast: r.minContrast,
    size: r.size ? `${r.size[0]}x${r.size[1]}` : null,
    physics_hz: r.physicsHz ?? null,
    camera: r.camera ?? null,
    set: [...r.set],
  };
}

/**
 * Parse a .dataset recipe file: one `option: value` a line (the names of `longtail generate`'s
 * options, and `scenario:` for each scenario file, relative to the recipe file), `#` comments,
 * blank lines. Unknown options are errors at file:line:col with a suggestion.
 */
export function parseRecipeFile(text: string, file: string, resolvePath: (p: string) => string): RecipeEntry[] {
  const names: readonly string[] = RECIPE_OPTIONS.map((o) => o.name);
  const out: RecipeEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '');
    if (line.trim() === '') return;
    const m = /^(\s*)([A-Za-z][A-Za-z0-9-]*)\s*(:?)\s*(.*?)\s*$/.exec(line);
    const at = (col: number) => `${file}:${i + 1}:${col}`;
    if (!m) fail(at(raw.search(/\S/) + 1), `expected 'option: value', such as 'samples: 300'`);
    const key = m[2]!;
    const keyCol = m[1]!.length + 1;
    if (!names.includes(key)) fail(at(keyCol), `unknown option '${key}'; the options are ${names.join(', ')}${didYouMean(key, names)}`);
    if (m[3] !== ':') fail(at(keyCol + key.length), `expected ':' after '${key}'`);
    const value = m[4]!;
    const valueCol = line.length - line.trimStart().length + line.trim().length - value.length + 1;
    if (value === '') fail(at(keyCol + key.length + 1), `'${key}' needs a value`);
    out.push({ name: key, value: key === 'scenario' || key === 'out' ? resolvePath(value.replace(/^"(.*)"$/, '$1')) : value, where: at(valueCol) });
  });
  return out;
}
