import type { FrameRecord, ObjectLabel } from '../capture/index.ts';
import { LongtailError } from '../core/index.ts';
import { DATASET_FORMAT, decodePng, float16ErrorBound, FloatLayerReader, LAYER_FILE_KEYS, type CheckedFrame, type FloatLayer, depthMillimetres, frameProblems, kittiFlow, nativeObject, normalsPng, type PngImage } from '../export/index.ts';
import type { LayerChoice } from '../capture/index.ts';
import { helpText, parseArgs, type CommandSpec } from './args.ts';
import { nodeInflate, nodeInflateRaw } from './nodeDeflate.ts';
import { COLLECTION_FORMAT, SHARD_FORMAT } from './DatasetFolder.ts';
import { openDatasetSource, type DatasetSource } from './DatasetSource.ts';
import { hashProblem, verifyCollection, type CollectionManifest } from './verifyCollection.ts';

export const VERIFY: CommandSpec = {
  name: 'verify',
  usage: 'longtail verify <dir | file.zip>',
  summary:
    'Re-check a data set (a folder, or a zip as --zip writes it): the manifest, every file and its SHA-256, and every frame decoded and checked as on write (docs/dataset-format.md, "Checks"). Exit 0 if all is well, 1 listing the first problems.',
  options: [{ name: 'help', help: 'show this help' }],
};

const SHOWN = 20;
/** The files every frame of a data set written before `--layers` has (besides its float depth). */
const OLD_FRAME_FILES = ['rgb', 'depth_png', 'semantic', 'instance', 'labels'] as const;

/** Thrown inside a frame's checks to stop checking that frame with one problem. */
class Stop extends Error {}

export async function verifyCommand(argv: string[]): Promise<number> {
  const args = parseArgs(VERIFY, argv);
  if (args.options.has('help')) return (process.stdout.write(helpText(VERIFY)), 0);
  if (args.positional.length !== 1) throw new LongtailError("longtail verify: give one data set folder or zip\nrun 'longtail verify --help' for the options", 'usage');
  const t0 = performance.now();
  const r = await verifyDataset(args.positional[0]!);
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  if (r.problems.length === 0) {
    process.stdout.write(`ok: ${r.frames} frames, ${r.files} files checked in ${secs} s\n`);
    return 0;
  }
  const more = r.problems.length - SHOWN;
  process.stderr.write(
    r.problems.slice(0, SHOWN).join('\n') + '\n' + (more > 0 ? `... and ${more} more\n` : '') + `verify: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'} in ${r.frames} frames, ${r.files} files\n`,
  );
  return 1;
}

export interface VerifyResult {
  readonly frames: number;
  readonly files: number;
  /** `path: what`, one per problem, in the order found. */
  readonly problems: string[];
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Check a data set folder or zip (or a source of its files); throws a LongtailError if it is not a data set at all. */
export async function verifyDataset(at: string | DatasetSource): Promise<VerifyResult> {
  const source = typeof at === 'string' ? openDatasetSource(at) : at;
  try {
    return await verifySource(source);
  } finally {
    if (source !== at) source.close();
  }
}

async function verifySource(source: DatasetSource): Promise<VerifyResult> {
  if (!source.has('manifest.json')) throw new LongtailError(`${source.where}: not a Longtail data set (no manifest.json)`, 'io');
  const manifestPath = source.pathOf('manifest.json');
  let manifest: unknown;
  try {
    manifest = JSON.parse(new TextDecoder().decode(source.read('manifest.json')));
  } catch (e) {
    throw new LongtailError(`${manifestPath}: not a Longtail data set (manifest.json is not JSON: ${(e as Error).message})`, 'io');
  }
  // A shard is checked as a data set without per-split files (its manifest has formats []).
  if (isObj(manifest) && (manifest.format === COLLECTION_FORMAT || manifest.format === SHARD_FORMAT)) return verifyCollection(source, manifest as unknown as CollectionManifest, verifyDataset);
  if (!isObj(manifest) || manifest.format !== DATASET_FORMAT) {
    const f = isObj(manifest) ? JSON.stringify(manifest.format) : 'missing';
    throw new LongtailError(`${manifestPath}: not a Longtail data set (format ${f}, expected "${DATASET_FORMAT}", "${COLLECTION_FORMAT}" or "${SHARD_FORMAT}")`, 'io');
  }
  const problems: string[] = [];
  const listed = isObj(manifest.files) ? (manifest.files as Json) : null;
  if (!listed) problems.push('manifest.json: has no "files" object');
  const frames = Array.isArray(manifest.frames) ? (manifest.frames as unknown[]) : null;
  if (!frames) problems.push('manifest.json: has no "frames" list');

  // Files: listed ones exist with their hash; nothing else but manifest.json.
  const safe = (p: string): boolean => !p.startsWith('/') && !p.split('/').some((s) => s === '..' || s === '.' || s === '');
  const present = new Set(source.list());
  const ok = new Set<string>(); // listed, present, hash matches
  let files = 1;
  for (const [path, hash] of Object.entries(listed ?? {})) {
    files++;
    if (!safe(path)) {
      problems.push(`manifest.json: file path ${JSON.stringify(path)} is not a plain relative path`);
      continue;
    }
    if (!present.has(path)) {
      problems.push(`${path}: missing (listed in the manifest)`);
      continue;
    }
    const problem = hashProblem(source, path, hash);
    if (problem) problems.push(problem);
    else ok.add(path);
  }
  for (const path of [...present].sort()) if (path !== 'manifest.json' && !(listed && path in listed)) problems.push(`${path}: not listed in the manifest`);

  // The camera's carrier per camera, from scene.json.
  const carriers = new Map<string, number | null>();
  const sceneFile = typeof manifest.scene === 'string' ? manifest.scene : 'scene.json';
  try {
    const spec = JSON.parse(new TextDecoder().decode(source.read(sceneFile))) as { cameras: { name: string; mount: string }[]; entities: { name: string; id: number }[] };
    for (const c of spec.cameras) carriers.set(c.name, spec.entities.find((e) => e.name === c.mount)?.id ?? null);
  } catch (e) {
    problems.push(`${sceneFile}: cannot read the scene (needed for each camera's carrier): ${(e as Error).message}`);
  }

  // The layers written (`layers`, since --layers); older data sets have the files of OLD_FRAME_FILES.
  const layers = Array.isArray(manifest.layers) ? (manifest.layers as string[]) : null;
  const unknownLayer = layers?.find((l) => !(l in LAYER_FILE_KEYS));
  if (unknownLayer !== undefined) problems.push(`manifest.json: unknown layer ${JSON.stringify(unknownLayer)} in "layers"`);
  const requiredKeys = new Set(
    layers ? ['labels', ...layers.filter((l) => l !== 'flow' && l !== 'flow-png' && l in LAYER_FILE_KEYS).map((l) => LAYER_FILE_KEYS[l as LayerChoice])] : OLD_FRAME_FILES,
  );

  // Frames: decode and check as on write.
  let nFrames = 0;
  for (const f of frames ?? []) {
    nFrames++;
    if (!isObj(f) || !isObj(f.files) || typeof f.camera !== 'string' || typeof f.index !== 'number') {
      problems.push(`manifest.json: frame entry ${JSON.stringify(f)} lacks index, camera or files`);
      continue;
    }
    const paths = f.files as Record<string, unknown>;
    const name = `${f.camera} frame ${f.index}`;
    let complete = true;
    // Every file the frame lists must be there and in "files"; the labels, and each layer the
    // manifest says was written, must be listed (flow excepted: a camera's first frame has none).
    for (const [k, p] of Object.entries(paths)) {
      if (typeof p !== 'string') {
        problems.push(`manifest.json: ${name}'s ${k} file is not a path: ${JSON.stringify(p)}`);
        complete = false;
      } else if (!present.has(p)) {
        if (listed && p in listed) complete = false; // reported above as missing
        else (problems.push(`${p}: missing (${k} of ${name})`), (complete = false));
      } else if (!listed || !(p in listed)) {
        problems.push(`manifest.json: ${p} (${k} of ${name}) is not in "files"`);
      }
    }
    for (const k of requiredKeys) {
      if (typeof paths[k] !== 'string') (problems.push(`manifest.json: ${name} has no ${k} file`), (complete = false));
    }
    // Older data sets: the float depth as an .npz, or the .npy of an older one.
    if (!layers && typeof (paths.depth_npz ?? paths.depth_npy) !== 'string') (problems.push(`manifest.json: ${name} has no depth .npz (or .npy) file`), (complete = false));
    if (!complete) continue;
    try {
      await checkFrameFiles(source, f.index, f.camera, paths as Record<string, string>, layers, carriers.get(f.camera) ?? null, problems);
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      problems.push(e.message);
    }
  }
  return { frames: nFrames, files, problems };
}

async function checkFrameFiles(source: DatasetSource, index: number, camera: string, p: Readonly<Record<string, string>>, layers: readonly string[] | null, carrierId: number | null, problems: string[]): Promise<void> {
  const read = (path: string): Uint8Array => source.read(path);
  const png = async (path: string, channels: number, bitDepth: number): Promise<PngImage> => {
    let img: PngImage;
    try {
      img = await decodePng(read(path), nodeInflate);
    } catch (e) {
      throw new Stop(`${path}: cannot decode the PNG: ${(e as Error).message}`);
    }
    if (img.channels !== channels || img.bitDepth !== bitDepth) throw new Stop(`${path}: ${img.channels} channels at ${img.bitDepth} bits, expected ${channels} at ${bitDepth}`);
    return img;
  };
  const labelsPath = p.labels!;
  let labels: Json;
  try {
    labels = JSON.parse(new TextDecoder().decode(read(labelsPath))) as Json;
  } catch (e) {
    throw new Stop(`${labelsPath}: not JSON: ${(e as Error).message}`);
  }
  const w = labels.width as number;
  const h = labels.height as number;
  if (labels.frame !== index || labels.camera !== camera) throw new Stop(`${labelsPath}: says frame ${String(labels.frame)} of camera ${JSON.stringify(labels.camera)}, the manifest frame ${index} of '${camera}'`);
  if (!Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1) throw new Stop(`${labelsPath}: width ${String(w)} and height ${String(h)} are not positive whole numbers`);
  // The PNG layers the frame has (absent ones were not asked for).
  const optionalPng = async (key: string, channels: number, bitDepth: number): Promise<PngImage | undefined> => {
    const path = p[key];
    if (path === undefined) return undefined;
    const img = await png(path, channels, bitDepth);
    if (img.width !== w || img.height !== h) throw new Stop(`${path}: ${img.width}x${img.height}, but the labels say ${w}x${h}`);
    return img;
  };
  const [rgb, mm, semantic, instance, normals8] = await Promise.all([optionalPng('rgb', 3, 8), optionalPng('depth_png', 1, 16), optionalPng('semantic', 1, 8), optionalPng('instance', 1, 16), optionalPng('normals_png', 3, 8)]);
  // Float layers (FLOAT_LAYERS): .npz, or the .npy of older data sets; float32 (or float16) of the frame's shape.
  const floats = new FloatLayerReader(source.get, p, nodeInflateRaw, w, h);
  const layer = async (l: FloatLayer) => {
    try {
      return await floats.layer(l);
    } catch (e) {
      throw new Stop((e as Error).message);
    }
  };
  // Each float layer the manifest says was written is there (flow: but at a camera's first frame).
  for (const l of ['depth', 'range', 'normals'] as const) {
    if (layers?.includes(l) && !(await layer(l))) throw new Stop(`${p[LAYER_FILE_KEYS[l]] ?? `manifest.json: ${camera} frame ${index}`}: has no '${l}' array, but the manifest's layers include it`);
  }
  const depth = await layer('depth');
  const depthPath = floats.path('depth');
  // Normals and flow (absent for a camera's first frame), checked below with the rest of the record.
  const normals = await layer('normals');
  const flow = await layer('flow');
  await layer('range');
  const flowPath = floats.path('flow');
  const flowPng = p.flow_png;
  if (flow && flowPng) {
    const img = await png(flowPng, 3, 16);
    const want = kittiFlow(flow);
    const got = img.data as Uint16Array;
    // From float16 flow: within the half's rounding, in 1/64 px (the valid flags exactly).
    const half = floats.isFloat16('flow');
    const tol = (i: number) => (half && i % 3 !== 2 ? float16ErrorBound(flow[Math.floor(i / 3) * 2 + (i % 3)]!) * 64 + 1 : 0);
    let bad = 0;
    let first = -1;
    for (let i = 0; i < want.length; i++) if (Math.abs(got[i]! - want[i]!) > tol(i) && bad++ === 0) first = i;
    if (bad) problems.push(`${flowPng}: ${bad} values disagree with ${flowPath}, first at (${Math.floor(first / 3) % w}, ${Math.floor(first / 3 / w)})`);
  }
  // The PNG companions against their float layers, where both were written.
  if (normals8 && normals && depth) {
    const want = normalsPng(normals, depth);
    const got = normals8.data as Uint8Array;
    const tol = floats.isFloat16('normals') ? 1 : 0; // a half's rounding may move a component across a step
    let bad = 0;
    let first = -1;
    for (let i = 0; i < want.length; i++) if (Math.abs(got[i]! - want[i]!) > tol && bad++ === 0) first = i;
    if (bad) problems.push(`${p.normals_png}: ${bad} values disagree with ${floats.path('normals')}, first at (${Math.floor(first / 3) % w}, ${Math.floor(first / 3 / w)})`);
  }
  if (mm && depth) {
    const mmData = mm.data as Uint16Array;
    let bad = 0;
    let first = -1;
    // From float16 depth the millimetres agree within the half's rounding (float16ErrorBound).
    const half = floats.isFloat16('depth');
    for (let i = 0; i < depth.length; i++) {
      const ok = half ? Math.abs(mmData[i]! - depth[i]! * 1000) <= float16ErrorBound(depth[i]!) * 1000 + 0.5 || (mmData[i] === 65535 && depth[i]! > 65) : mmData[i] === depthMillimetres(depth[i]!);
      if (!ok && bad++ === 0) first = i;
    }
    if (bad) {
      problems.push(`${p.depth_png}: ${bad} pixels disagree with ${depthPath}, first at (${first % w}, ${Math.floor(first / w)}): ${mmData[first]} mm, the float depth ${depth[first]} m gives ${depthMillimetres(depth[first]!)}`);
    }
  }

  // Rebuild the record from the labels and check it as on write.
  const k = isObj(labels.intrinsics) ? labels.intrinsics : {};
  const c2w = Array.isArray(labels.camera_to_world) ? (labels.camera_to_world as unknown[]).flat() : [];
  // Objects from older data sets lack the whole-object keys: the checks then name what is missing.
  const objects = (Array.isArray(labels.objects) ? (labels.objects as Json[]) : []).map((o) => nativeObject(o) as ObjectLabel);
  const rec: CheckedFrame = {
    index,
    time: labels.time as number,
    camera,
    width: w,
    height: h,
    ...(rgb ? { rgb: rgb.data as Uint8Array } : {}),
    ...(depth ? { depth } : mm ? { depth: Float32Array.from(mm.data, (v) => v / 1000) } : {}),
    ...(normals ? { normals } : {}),
    ...(flow ? { flow } : {}),
    ...(semantic ? { semantic: semantic.data as Uint8Array } : {}),
    ...(instance ? { instance: instance.data as Uint16Array } : {}),
    intrinsics: { fx: k.fx as number, fy: k.fy as number, cx: k.cx as number, cy: k.cy as number },
    cameraToWorld: c2w as number[],
    objects,
    events: [],
    collisions: [],
  };
  // The labels round camera_to_world to 1e-6: allow for that in the rotation check.
  // Depth from float16 or from the millimetre PNG is that far off: the box check allows for it.
  const depthError = depth ? (floats.isFloat16('depth') ? float16ErrorBound : undefined) : () => 0.0005;
  for (const q of frameProblems(rec, { carrierId, rigidTolerance: 1e-5, ...(depthError ? { depthError } : {}) })) problems.push(`${labelsPath}: ${q}`);
}
