import { CLASSES } from '../core/index.ts';
import { DEFAULT_LAYERS, type FrameRecord, type LayerChoice } from '../capture/index.ts';
import type { SceneSpec } from '../scenario/index.ts';
import type { DatasetSink } from './DatasetSink.ts';
import { encodeNpz, type NpzMember } from './npz.ts';
import { toFloat16Bits } from './float16.ts';
import { FLOAT_LAYERS, nativeFramePaths } from './nativeFiles.ts';
import { encodePng, type Deflate } from './png.ts';
import { sha256Hex } from './sha256.ts';
import { formatJson } from './json.ts';
import { checkFrame, depthMillimetres } from './checkFrame.ts';

export const DATASET_FORMAT = 'longtail.dataset/1';

export interface DatasetInfo {
  readonly generator: { readonly name: string; readonly version: string };
  readonly spec: SceneSpec;
  /** The scenario text as written, copied into the data set so any frame can be re-made. */
  readonly scenarioSource: string;
  /** Command-line or page options that shaped the data, for the record. */
  readonly options: Record<string, unknown>;
  /** Files copied into the data set as they are, by path: users' model files (models/<sha256>.glb). */
  readonly files?: ReadonlyMap<string, Uint8Array>;
  /** The layers to write (default DEFAULT_LAYERS: every layer, no PNG companion). */
  readonly layers?: readonly LayerChoice[];
  /** Float layers as float16 ('<f2') instead of float32: half the bytes, within float16ErrorBound. */
  readonly float16?: boolean;
}

export interface FrameEntry {
  readonly index: number;
  readonly time: number;
  readonly camera: string;
  readonly files: Record<string, string>;
}

/** Depth PNG stores millimetres in uint16: 65.535 m is the farthest it can say. */
export const DEPTH_PNG_MAX_M = 65.535;

const ROUND = 1e6;
const r6 = (v: number): number => Math.round(v * ROUND) / ROUND;

/**
 * The native data set format (docs/dataset-format.md): per camera and frame the layers asked for
 * (capture/layers.ts): an RGB PNG, depth and range in one .npz, normals and flow .npz (float32, or
 * float16 when asked), 8-bit semantic and 16-bit instance PNGs, the PNG companions of the float
 * layers when asked; always a labels JSON. manifest.json lists every file with its SHA-256.
 */
export class NativeWriter {
  private readonly frames: FrameEntry[] = [];
  private readonly hashes = new Map<string, string>();
  private readonly layers: ReadonlySet<LayerChoice>;

  constructor(
    private readonly sink: DatasetSink,
    private readonly deflate: Deflate,
    private readonly info: DatasetInfo,
  ) {
    this.layers = new Set(info.layers ?? DEFAULT_LAYERS);
  }

  async begin(): Promise<void> {
    await this.put('scenario.scene', new TextEncoder().encode(this.info.scenarioSource));
    await this.put('scene.json', formatJson(this.info.spec));
    for (const [path, bytes] of this.info.files ?? []) await this.put(path, bytes);
  }

  /**
   * Check the frame (checkFrame: labels against its own layers; throws an Error naming the frame,
   * camera, object and values on any violation), then write the files of the layers asked for.
   * A layer asked for but not in the record throws, except normals and flow, written where the
   * record has them (no flow at a camera's first frame; hand-built records may have no normals).
   */
  async addFrame(rec: FrameRecord): Promise<void> {
    checkFrame(rec, { carrierId: carrierIdOf(this.info.spec, rec.camera) });
    const { width: w, height: h } = rec;
    const want = (l: LayerChoice) => this.layers.has(l);
    const need = <T>(l: string, a: T | undefined): T => {
      if (a === undefined) throw new Error(`${rec.camera} frame ${rec.index}: the ${l} layer was asked for but the capture did not read it back`);
      return a;
    };
    const all = nativeFramePaths(rec.camera, rec.index);
    const files: Record<string, string> = {};
    const jobs: Promise<[string, Uint8Array]>[] = [];
    const add = (key: keyof typeof all, bytes: Promise<Uint8Array>) => {
      files[key] = all[key]!;
      jobs.push(bytes.then((b) => [all[key]!, b]));
    };
    const png = (channels: 1 | 3, bitDepth: 8 | 16, data: Uint8Array | Uint16Array, filter: 'up' | 'none') => encodePng({ width: w, height: h, channels, bitDepth, data }, this.deflate, filter);
    // Float layers as deflated .npz (FLOAT_LAYERS): lossless float32 (~1/7 of the .npy bytes) or float16.
    const f16 = this.info.float16 ?? false;
    const member = (name: string, data: Float32Array, shape: number[]): NpzMember => (f16 ? { name, data: toFloat16Bits(data), shape, float16: true } : { name, data, shape });
    const npz = (members: NpzMember[]) => encodeNpz(members, this.deflate);

    if (want('rgb')) add('rgb', png(3, 8, need('rgb', rec.rgb), 'up'));
    if (want('depth') || want('range') || want('depth-png')) {
      const depth = need('depth', rec.depth);
      const members: NpzMember[] = [];
      if (want('depth')) members.push(member(FLOAT_LAYERS.depth.member, depth, [h, w]));
      if (want('range')) members.push(member(FLOAT_LAYERS.range.member, rangeDepth(rec, depth), [h, w]));
      if (members.length) add('depth_npz', npz(members));
      if (want('depth-png')) add('depth_png', png(1, 16, Uint16Array.from(depth, depthMillimetres), 'up'));
    }
    if (rec.normals && (want('normals') || want('normals-png'))) {
      if (want('normals')) add('normals_npz', npz([member(FLOAT_LAYERS.normals.member, rec.normals, [h, w, 3])]));
      if (want('normals-png')) add('normals_png', png(3, 8, normalsPng(rec.normals, need('depth', rec.depth)), 'up'));
    }
    if (rec.flow && (want('flow') || want('flow-png'))) {
      if (want('flow')) add('flow_npz', npz([member(FLOAT_LAYERS.flow.member, rec.flow, [h, w, 2])]));
      if (want('flow-png')) add('flow_png', png(3, 16, kittiFlow(rec.flow), 'up'));
    }
    if (want('semantic')) add('semantic', png(1, 8, rec.semantic, 'none'));
    if (want('instance')) add('instance', png(1, 16, rec.instance, 'none'));
    const cam = this.info.spec.cameras.find((c) => c.name === rec.camera);
    add('labels', Promise.resolve(formatJson(frameLabels(rec, cam ? { fps: cam.fps, physicsHz: this.info.spec.physicsHz } : null))));
    // Encode in parallel (node's thread pool deflates), write in a fixed order.
    for (const [path, bytes] of await Promise.all(jobs)) await this.put(path, bytes);
    this.frames.push({ index: rec.index, time: r6(rec.time), camera: rec.camera, files });
  }

  /** Write manifest.json last: its presence marks a complete data set. */
  async finish(): Promise<{ frames: number; files: number }> {
    const spec = this.info.spec;
    const manifest = {
      format: DATASET_FORMAT,
      generator: this.info.generator,
      scenario: { name: spec.name, source: spec.source, file: 'scenario.scene' },
      seed: spec.seed,
      options: this.info.options,
      scene: 'scene.json',
      layers: [...this.layers],
      float_dtype: this.info.float16 ? 'float16' : 'float32',
      conventions: {
        world: 'right-handed, metres; x along the road, y left, z up',
        camera: 'OpenCV: x right, y down, z forward; camera_to_world row-major 4x4',
        depth: "planar z along the optical axis; png uint16 millimetres (0 = nothing hit, 65535 = 65.535 m or farther); npz arrays 'depth' (planar) and 'range' (along the ray), float32 metres (0 = nothing hit)",
        box_2d: '[x0, y0, x1, y1] pixel edges of visible pixels, x1 and y1 exclusive',
        flow: "motion of each pixel since the previous frame, pixels (du right, dv down); npz array 'flow' float32 (h, w, 2), NaN = none; png KITTI flow: uint16 (du·64 + 2^15, dv·64 + 2^15, valid)",
      },
      cameras: spec.cameras.map((c) => ({ name: c.name, width: c.width, height: c.height, fps: c.fps, mount: c.mount })),
      classes: CLASSES.map((c) => ({ id: c.id, name: c.name, category: c.category })),
      // Frames finish encoding in any order (PNG deflate runs in parallel): list them in a fixed one.
      frames: [...this.frames].sort((a, b) => (a.camera < b.camera ? -1 : a.camera > b.camera ? 1 : a.index - b.index)),
      files: Object.fromEntries([...this.hashes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    };
    await this.sink.write('manifest.json', formatJson(manifest));
    return { frames: this.frames.length, files: this.hashes.size + 1 };
  }

  private async put(path: string, bytes: Uint8Array): Promise<void> {
    this.hashes.set(path, await sha256Hex(bytes));
    await this.sink.write(path, bytes);
  }
}

/** Instance id of the entity camera `camera` rides on, or null if the spec does not say. */
export function carrierIdOf(spec: SceneSpec, camera: string): number | null {
  const mount = spec.cameras.find((c) => c.name === camera)?.mount;
  return spec.entities.find((e) => e.name === mount)?.id ?? null;
}

/**
 * The first frame of a camera running at `fps` whose state is at or after `time`: frame n shows the
 * state after stepsToFrame(n) = round(n · physicsHz / fps) physics steps.
 */
export function firstFrameAtOrAfter(time: number, fps: number, physicsHz: number): number {
  const step = Math.round(time * physicsHz);
  const stepOf = (n: number) => Math.round((n * physicsHz) / fps); // as scenario's stepsToFrame
  let n = Math.max(0, Math.ceil(((step - 0.5) * fps) / physicsHz));
  while (n > 0 && stepOf(n - 1) >= step) n--;
  while (stepOf(n) < step) n++;
  return n;
}

/**
 * The per-frame labels JSON (snake_case keys, as training code expects). `timing` (the camera's fps
 * and the physics rate) gives each collision's frames_ago; without it frames_ago is null.
 */
export function frameLabels(rec: FrameRecord, timing: { readonly fps: number; readonly physicsHz: number } | null = null): unknown {
  const k = rec.intrinsics;
  const m = rec.cameraToWorld;
  return {
    frame: rec.index,
    time: r6(rec.time),
    camera: rec.camera,
    width: rec.width,
    height: rec.height,
    intrinsics: {
      fx: r6(k.fx),
      fy: r6(k.fy),
      cx: r6(k.cx),
      cy: r6(k.cy),
      K: [[r6(k.fx), 0, r6(k.cx)], [0, r6(k.fy), r6(k.cy)], [0, 0, 1]],
    },
    camera_to_world: [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => r6(m[i * 4 + j]!))),
    objects: rec.objects.map((o) => ({
      id: o.id,
      name: o.name,
      class: o.cls,
      class_id: o.semanticId,
      center_world: o.center.map(r6),
      center_camera: o.centerCam.map(r6),
      size: o.size.map(r6),
      quaternion: o.quaternion.map(r6),
      yaw: r6(o.yaw),
      speed: r6(o.speed),
      box_2d: o.box2d,
      visible_pixels: o.pixels,
      amodal_box_2d: o.amodalBox2d,
      unoccluded_pixels: o.unoccludedPixels,
      visibility: o.visibility === null ? null : r6(o.visibility),
      occlusion: o.occlusion,
      truncation: r6(o.truncation),
      distance: r6(o.distance),
      velocity_world: o.velocity.map(r6),
      velocity_camera: o.velocityCam.map(r6),
      // Perceptibility (capture/perceptibility.ts); hand-built records without it leave it out.
      ...(o.fogTransmittance === undefined ? {} : { fog_transmittance: r6(o.fogTransmittance) }),
      ...(o.contrast === undefined ? {} : { contrast: o.contrast === null ? null : r6(o.contrast) }),
      ...(o.perceptible === undefined ? {} : { perceptible: o.perceptible }),
    })),
    // time_to_event: seconds from this frame to the event (negative once it has passed).
    events: rec.events.map((e) => ({
      name: e.name,
      time: e.time === null ? null : r6(e.time),
      time_to_event: e.time === null ? null : r6(e.time - rec.time),
      happened: e.time !== null && e.time <= rec.time + 1e-9,
    })),
    // Collisions up to this frame, oldest first. frames_ago: this frame's index minus that of the
    // camera's first frame showing the state the collision was recorded in (0 = in this frame).
    collisions: (rec.collisions ?? []).map((c) => ({
      time: r6(c.time),
      a: c.a,
      b: c.b,
      impulse: c.impulse === null ? null : r6(c.impulse),
      frames_ago: timing ? rec.index - firstFrameAtOrAfter(c.time, timing.fps, timing.physicsHz) : null,
    })),
  };
}


/**
 * KITTI optical-flow PNG channels: u and v as uint16 du·64 + 2^15 and dv·64 + 2^15 (clamped to
 * the uint16 range), and 1 where valid, 0 where the flow is NaN (then u = v = 0).
 */
/** The normals PNG: each component mapped from [-1, 1] to [1, 255], 0 where there is no surface. */
export function normalsPng(normals: Float32Array, depth: Float32Array): Uint8Array {
  const out = new Uint8Array(normals.length);
  for (let i = 0; i < out.length; i += 3) {
    if (depth[i / 3] === 0) continue;
    for (let k = 0; k < 3; k++) out[i + k] = Math.round(128 + 127 * Math.max(-1, Math.min(1, normals[i + k]!)));
  }
  return out;
}

export function kittiFlow(flow: Float32Array): Uint16Array {
  const out = new Uint16Array((flow.length / 2) * 3);
  for (let i = 0, o = 0; i < flow.length; i += 2, o += 3) {
    const du = flow[i]!;
    const dv = flow[i + 1]!;
    if (Number.isNaN(du) || Number.isNaN(dv)) continue;
    out[o] = Math.max(0, Math.min(65535, Math.round(du * 64 + 32768)));
    out[o + 1] = Math.max(0, Math.min(65535, Math.round(dv * 64 + 32768)));
    out[o + 2] = 1;
  }
  return out;
}

/**
 * Range: distance from the camera centre along each pixel's ray through its centre, metres,
 * from planar depth: range = z · sqrt(1 + ((u + 0.5 − cx)/fx)² + ((v + 0.5 − cy)/fy)²); 0 stays 0.
 */
export function rangeDepth(rec: Pick<FrameRecord, 'intrinsics' | 'width' | 'height'>, depth: Float32Array): Float32Array {
  const { fx, fy, cx, cy } = rec.intrinsics;
  const out = new Float32Array(depth.length);
  for (let v = 0, i = 0; v < rec.height; v++) {
    const b = (v + 0.5 - cy) / fy;
    for (let u = 0; u < rec.width; u++, i++) {
      const a = (u + 0.5 - cx) / fx;
      out[i] = depth[i]! * Math.sqrt(1 + a * a + b * b);
    }
  }
  return out;
}
