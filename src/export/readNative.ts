// Reader of the native data set format (docs/dataset-format.md) into FrameRecord-shaped frames.
import type { FrameCollision, FrameRecord, ObjectLabel } from '../capture/index.ts';
import type { Vec3 } from '../core/index.ts';
import type { Inflate } from './png.ts';
import type { InflateRaw } from './npz.ts';
import { readJson, readPng, type FileGetter } from './readFiles.ts';
import { FloatLayerReader, legacyNpyPaths, nativeFramePaths } from './nativeFiles.ts';
import type { FrameEntry } from './NativeWriter.ts';

/** Object label fields that data sets written before they existed do not have. */
export type GroundTruthKey = 'amodalBox2d' | 'unoccludedPixels' | 'visibility' | 'occlusion' | 'truncation' | 'distance' | 'velocity' | 'velocityCam' | 'fogTransmittance' | 'contrast' | 'perceptible';

/** An object label as read: the ground-truth fields are undefined when the labels JSON lacks them. */
export type NativeObject = Omit<ObjectLabel, GroundTruthKey> & Partial<Pick<ObjectLabel, GroundTruthKey>>;

/**
 * A frame as read: a FrameRecord but for the objects' optional fields, plus the range layer if
 * present; a layer the data set was written without (`--layers`) is absent, semantic and instance too.
 */
export interface NativeFrame extends Omit<FrameRecord, 'objects' | 'semantic' | 'instance'> {
  readonly objects: readonly NativeObject[];
  readonly semantic?: Uint8Array;
  readonly instance?: Uint16Array;
  readonly range?: Float32Array;
}

export interface NativeManifest {
  readonly format: string;
  readonly generator: { readonly name: string; readonly version: string };
  readonly scenario: { readonly name: string; readonly source: string; readonly file: string };
  readonly seed: number;
  readonly options: Record<string, unknown>;
  readonly cameras: readonly { readonly name: string; readonly width: number; readonly height: number; readonly fps: number; readonly mount: string }[];
  readonly classes: readonly { readonly id: number; readonly name: string; readonly category: string }[];
  readonly frames: readonly FrameEntry[];
  readonly formats?: readonly string[];
  readonly files: Readonly<Record<string, string>>;
}

/**
 * Labels JSON keys of the ground-truth fields, in the order tried (the first present wins).
 * Labels without them leave the field undefined.
 */
export const NATIVE_GROUND_TRUTH_KEYS: Readonly<Record<GroundTruthKey, readonly string[]>> = {
  amodalBox2d: ['amodal_box_2d'],
  unoccludedPixels: ['unoccluded_pixels'],
  visibility: ['visibility'],
  occlusion: ['occlusion'],
  truncation: ['truncation'],
  distance: ['distance'],
  velocity: ['velocity_world', 'velocity'],
  velocityCam: ['velocity_camera', 'velocity_cam'],
  fogTransmittance: ['fog_transmittance'],
  contrast: ['contrast'],
  perceptible: ['perceptible'],
};

type Json = Record<string, unknown>;

export function readNativeManifest(get: FileGetter): NativeManifest {
  const m = readJson<NativeManifest>(get, 'manifest.json');
  if (typeof m !== 'object' || m === null || !Array.isArray(m.frames) || typeof m.files !== 'object') throw new Error('manifest.json: not a data set manifest (no frames list or files object)');
  return m;
}

/** One object of a labels JSON as a label (the whole-object keys only where the file has them). */
export function nativeObject(o: Json): NativeObject {
  const out: Record<string, unknown> = {
    id: o.id as number,
    name: String(o.name),
    cls: String(o.class),
    semanticId: o.class_id as number,
    center: o.center_world as Vec3,
    centerCam: o.center_camera as Vec3,
    size: o.size as Vec3,
    quaternion: o.quaternion as ObjectLabel['quaternion'],
    yaw: o.yaw as number,
    speed: o.speed as number,
    box2d: (o.box_2d ?? null) as ObjectLabel['box2d'],
    pixels: o.visible_pixels as number,
  };
  for (const [field, keys] of Object.entries(NATIVE_GROUND_TRUTH_KEYS)) {
    const key = keys.find((k) => k in o);
    if (key !== undefined) out[field] = o[key];
  }
  return out as unknown as NativeObject;
}

/**
 * Read one frame: labels JSON, and the layers it has: RGB, semantic and instance PNGs, depth (the
 * .npz or, in older data sets, .npy; else the millimetre PNG), range, normals and flow. `paths`
 * overrides the default file names (a manifest frame's `files`). `inflateRaw` reads .npz.
 */
export async function readNativeFrame(get: FileGetter, inflate: Inflate, camera: string, index: number, paths: Readonly<Record<string, string>> = {}, inflateRaw?: InflateRaw): Promise<NativeFrame> {
  const p = { ...nativeFramePaths(camera, index), ...legacyNpyPaths(camera, index), ...paths };
  const has = (path: string | undefined): path is string => path !== undefined && get(path) !== undefined;
  const [base, rgb] = await Promise.all([readNativeLabels(get, inflate, camera, index, paths), has(p.rgb) ? readPng(get, inflate, p.rgb, 3, 8) : undefined]);
  const { width: w, height: h } = base;
  if (rgb && (rgb.width !== w || rgb.height !== h)) throw new Error(`${p.rgb}: ${rgb.width}x${rgb.height}, but the labels say ${w}x${h}`);
  const floats = new FloatLayerReader(get, p, inflateRaw, w, h);
  let depth = await floats.layer('depth');
  if (!depth && has(p.depth_png)) {
    const mm = await readPng(get, inflate, p.depth_png, 1, 16);
    depth = Float32Array.from(mm.data, (v) => v / 1000);
  }
  const [range, normals, flow] = await Promise.all([floats.layer('range'), floats.layer('normals'), floats.layer('flow')]);
  return { ...base, ...(rgb ? { rgb: rgb.data as Uint8Array } : {}), ...(depth ? { depth } : {}), ...(range ? { range } : {}), ...(normals ? { normals } : {}), ...(flow ? { flow } : {}) };
}

/** A frame as read for its labels: the labels JSON with the semantic and instance PNGs, none of the image or float layers. */
export type NativeLabelFrame = Omit<NativeFrame, 'rgb' | 'depth' | 'range' | 'normals' | 'flow'>;

/** Read one frame's labels JSON, and its semantic and instance PNGs where it has them: what the label formats are made from. */
export async function readNativeLabels(get: FileGetter, inflate: Inflate, camera: string, index: number, paths: Readonly<Record<string, string>> = {}): Promise<NativeLabelFrame> {
  const p = { ...nativeFramePaths(camera, index), ...paths };
  const labels = readJson<Json>(get, p.labels!);
  if (labels.frame !== index || labels.camera !== camera) throw new Error(`${p.labels}: says frame ${String(labels.frame)} of camera ${JSON.stringify(labels.camera)}, not frame ${index} of '${camera}'`);
  const w = labels.width as number;
  const h = labels.height as number;
  const has = (path: string | undefined): path is string => path !== undefined && get(path) !== undefined;
  const [semantic, instance] = await Promise.all([has(p.semantic) ? readPng(get, inflate, p.semantic, 1, 8) : undefined, has(p.instance) ? readPng(get, inflate, p.instance, 1, 16) : undefined]);
  for (const [path, img] of [[p.semantic, semantic], [p.instance, instance]] as const) {
    if (img && (img.width !== w || img.height !== h)) throw new Error(`${path}: ${img.width}x${img.height}, but the labels say ${w}x${h}`);
  }
  const k = labels.intrinsics as Json;
  const events = ((labels.events ?? []) as Json[]).map((e) => ({ name: String(e.name), time: e.time as number | null }));
  const collisions: FrameCollision[] = ((labels.collisions ?? []) as Json[]).map((c) => ({ time: c.time as number, a: String(c.a), b: String(c.b), impulse: c.impulse as number | null }));
  return {
    index,
    time: labels.time as number,
    camera,
    width: w,
    height: h,
    ...(semantic ? { semantic: semantic.data as Uint8Array } : {}),
    ...(instance ? { instance: instance.data as Uint16Array } : {}),
    intrinsics: { fx: k.fx as number, fy: k.fy as number, cx: k.cx as number, cy: k.cy as number },
    cameraToWorld: (labels.camera_to_world as number[][]).flat(),
    objects: ((labels.objects ?? []) as Json[]).map(nativeObject),
    events,
    collisions,
  };
}

/** Read the manifest and every frame it lists, in its order. */
export async function readNative(get: FileGetter, inflate: Inflate, inflateRaw?: InflateRaw): Promise<{ manifest: NativeManifest; frames: NativeFrame[] }> {
  const manifest = readNativeManifest(get);
  const frames: NativeFrame[] = [];
  for (const f of manifest.frames) frames.push(await readNativeFrame(get, inflate, f.camera, f.index, f.files, inflateRaw));
  return { manifest, frames };
}
