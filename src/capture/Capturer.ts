import * as THREE from 'three';
import { classByName } from '../core/index.ts';
import { CameraEffects, cameraToWorldCv, type ModelBox, type QualitySpec, hideHalos, drawGroundTruth, intrinsics, renderGroundTruth, unoccludedMasks, type MotionInputs, type PoseSnapshot, type World } from '../render/index.ts';
import { DEFAULT_CAMERA_EFFECTS, STATE_STRIDE, type CameraSpec } from '../scenario/index.ts';
import type { FrameRecord } from './FrameRecord.ts';
import { READ_ALL, type Readback } from './layers.ts';
import { maskStats, objectLabels } from './labels.ts';
import { objectContrasts } from './perceptibility.ts';

export interface CaptureTimings {
  /** The RGB image: scene render, camera effects (with their own flow pass when the layers did not draw one), readback. */
  rgb: number;
  /** The ground-truth geometry pass(es) and their readback: ids, depth, normals, flow. */
  layers: number;
  /** The per-object passes for amodal boxes and visibility. */
  amodal: number;
  labels: number;
}

/**
 * How the per-pixel layers are drawn: 'mrt' one geometry pass writing three render targets
 * (WebGL2 multiple render targets), 'separate' one pass per layer. Both give the same bytes;
 * capture uses 'mrt' (the faster on this machine, `npm run bench` measures both).
 */
export type LayerPasses = 'mrt' | 'separate';

/**
 * Renders a camera's RGB and ground-truth passes and reads them back into a FrameRecord.
 * RGB goes through the camera's effects (render/cameraEffects.ts: a linear HDR render, lens and
 * sensor imperfections, tone curve, sRGB, compression) into an 8-bit target; the layers go to
 * linear render targets with fog, background and shadow updates off, and never see the effects.
 * The layers are drawn first, so motion blur can use their flow and depth as they lie on the GPU.
 */
export class Capturer {
  private mrt: THREE.WebGLRenderTarget | null = null;
  private idTarget: THREE.WebGLRenderTarget | null = null;
  private floatTarget: THREE.WebGLRenderTarget | null = null;
  private rgba = new Uint8Array(0);
  private floats = new Float32Array(0);
  readonly timings: CaptureTimings = { rgb: 0, layers: 0, amodal: 0, labels: 0 };
  passes: LayerPasses = 'mrt';
  private readonly effects: CameraEffects;

  constructor(readonly renderer: THREE.WebGLRenderer) {
    this.effects = new CameraEffects(renderer);
  }

  /** MSAA and supersampling of the RGB render (render/quality.ts); the layers never change with it. */
  set quality(q: QualitySpec) {
    this.effects.quality = q;
  }

  /**
   * Capture frame `index` of camera `cam` at simulated `time` with the world in `state`.
   * `previous`: every pose at this camera's previous frame, for optical flow (null: no previous
   * frame, and no flow layer). `read`: which layers to draw and read back (layers.ts readbackFor);
   * the id pass always.
   */
  capture(world: World, cam: CameraSpec, index: number, time: number, state: Float32Array, previous: PoseSnapshot | null, read: Readback = READ_ALL): FrameRecord {
    const { width: w, height: h } = cam;
    const r = this.renderer;
    const camera = world.camera(cam);
    const mountId = world.modelOf(cam.mount).userData.instance as number;
    const hidden = this.prepare(world, cam);
    try {
      let t0 = performance.now();
      world.passes.setPrevious(previous, camera, w, h);
      // Semantic and instance always (labels are made from them); the float layers only when asked.
      const semantic = new Uint8Array(w * h);
      const instance = new Uint16Array(w * h);
      const depth = read.depth ? new Float32Array(w * h) : undefined;
      const normals = read.depth ? new Float32Array(w * h * 3) : undefined;
      const flow = read.flow && previous ? new Float32Array(w * h * 2) : undefined;
      const mrt = this.passes === 'mrt' && (depth !== undefined || flow !== undefined);
      if (mrt) {
        drawGroundTruth(r, world, camera, 'all', this.mrt!);
        r.readRenderTargetPixels(this.mrt!, 0, 0, w, h, this.rgba, undefined, 0);
        splitIds(this.rgba, semantic, instance, w, h);
        if (depth) {
          r.readRenderTargetPixels(this.mrt!, 0, 0, w, h, this.floats, undefined, 1);
          splitDepth(this.floats, depth, normals!, w, h);
        }
        if (flow) {
          r.readRenderTargetPixels(this.mrt!, 0, 0, w, h, this.floats, undefined, 2);
          splitFlow(this.floats, flow, w, h);
        }
      } else {
        renderGroundTruth(r, world, camera, 'ids', this.idTarget!, this.rgba);
        splitIds(this.rgba, semantic, instance, w, h);
        if (depth) {
          renderGroundTruth(r, world, camera, 'depth', this.floatTarget!, this.floats);
          splitDepth(this.floats, depth, normals!, w, h);
        }
        if (flow) {
          renderGroundTruth(r, world, camera, 'flow', this.floatTarget!, this.floats);
          splitFlow(this.floats, flow, w, h);
        }
      }
      this.timings.layers += performance.now() - t0;
      // The MRT pass left this frame's flow and depth in its targets; otherwise blur draws its own.
      const rgb = read.rgb ? this.renderRgb(world, cam, index, previous, mrt && previous !== null) : undefined;

      t0 = performance.now();
      const ids = world.spec.entities.map((e) => e.id).filter((id) => id !== mountId);
      const alone = unoccludedMasks(r, world, camera, this.idTarget!, ids, this.rgba); // rgba is free: rgb was copied out
      this.timings.amodal += performance.now() - t0;

      t0 = performance.now();
      const k = intrinsics(cam);
      const cameraToWorld = cameraToWorldCv(camera);
      const seen = maskStats(instance, w, h);
      const env = world.spec.environment;
      // Contrast in the picture as it came out (after every camera effect): only where it was drawn.
      const contrasts = rgb ? objectContrasts(rgb, instance, w, h, new Map([...seen.boxes].map(([id, b]) => [id, b.box]))) : undefined;
      const objects = objectLabels(
        world.spec.entities,
        state,
        STATE_STRIDE,
        (cls) => classByName(cls)!.id,
        { cameraToWorld, intrinsics: k, width: w, height: h },
        seen,
        { boxes: alone },
        new Set([mountId]),
        labelBoxes(world),
        { fogDensity: env.fogDensity, ...(env.fogHeight !== undefined ? { fogHeight: env.fogHeight } : {}), ...(contrasts ? { contrasts } : {}) },
      );
      this.timings.labels += performance.now() - t0;
      return { index, time, camera: cam.name, width: w, height: h, ...(rgb ? { rgb } : {}), ...(depth ? { depth, normals } : {}), ...(flow ? { flow } : {}), semantic, instance, intrinsics: k, cameraToWorld, objects, events: [], collisions: [] };
    } finally {
      for (const o of hidden) o.visible = true;
    }
  }

  /**
   * The RGB image alone, as capture() makes it (sRGB, 3 bytes a pixel, top row first): for
   * measuring. `index` seeds the sensor noise; `previous` (the poses at the previous frame) gives
   * motion blur its flow; without it there is no blur, as at frame 0.
   */
  captureRgb(world: World, cam: CameraSpec, index = 0, previous: PoseSnapshot | null = null): Uint8Array {
    const hidden = this.prepare(world, cam);
    try {
      return this.renderRgb(world, cam, index, previous, false);
    } finally {
      for (const o of hidden) o.visible = true;
    }
  }

  /**
   * Size the canvas and targets for `cam` and hide the meshes of the camera's own carrier, which
   * would fill the frame from inside (only the meshes: its headlights must still light the road).
   * Returns what was hidden, to be shown again.
   */
  private prepare(world: World, cam: CameraSpec): THREE.Object3D[] {
    const { width: w, height: h } = cam;
    this.ensureTargets(w, h);
    const r = this.renderer;
    const size = r.getSize(new THREE.Vector2());
    if (size.x !== w || size.y !== h || r.getPixelRatio() !== 1) {
      r.setPixelRatio(1);
      r.setSize(w, h, false);
    }
    world.aimWeather(cam);
    const hidden: THREE.Object3D[] = [];
    world.modelOf(cam.mount).traverse((o) => {
      if ((o as THREE.Mesh).isMesh && o.visible) (hidden.push(o), (o.visible = false));
    });
    return hidden;
  }

  /**
   * Render the RGB image through the camera's effects and read it back. `layersDrawn`: the MRT
   * targets already hold this frame's flow and depth (capture() drew them with `previous`).
   */
  private renderRgb(world: World, cam: CameraSpec, index: number, previous: PoseSnapshot | null, layersDrawn: boolean): Uint8Array {
    const t0 = performance.now();
    const { width: w, height: h } = cam;
    const r = this.renderer;
    const camera = world.camera(cam);
    let motion: MotionInputs | null = null;
    if (previous && (cam.effects ?? DEFAULT_CAMERA_EFFECTS).motionBlur > 0) {
      if (!layersDrawn) {
        world.passes.setPrevious(previous, camera, w, h);
        drawGroundTruth(r, world, camera, 'all', this.mrt!);
      }
      motion = { depth: this.mrt!.textures[1]!, flow: this.mrt!.textures[2]! };
    }
    // With the flare effect on, lamps glare from their own bright pixels: no halo stand-ins as well.
    const halos = (cam.effects ?? DEFAULT_CAMERA_EFFECTS).flare > 0 ? hideHalos(world.scene) : [];
    try {
      this.effects.capture(world.scene, camera, { spec: world.spec, cam, index, motion }, this.rgba);
    } finally {
      for (const o of halos) o.visible = true;
    }
    const rgb = new Uint8Array(w * h * 3);
    flipRgb(this.rgba, rgb, w, h);
    this.timings.rgb += performance.now() - t0;
    return rgb;
  }

  private ensureTargets(w: number, h: number): void {
    if (this.mrt && this.mrt.width === w && this.mrt.height === h) return;
    this.disposeTargets();
    const common = { minFilter: THREE.NearestFilter, magFilter: THREE.NearestFilter, generateMipmaps: false, depthBuffer: true, colorSpace: THREE.NoColorSpace };
    this.mrt = new THREE.WebGLRenderTarget(w, h, { ...common, type: THREE.UnsignedByteType, count: 3 });
    // Attachment 0 ids (bytes); 1 depth + normals and 2 flow (floats).
    this.mrt.textures[1]!.type = THREE.FloatType;
    this.mrt.textures[2]!.type = THREE.FloatType;
    this.idTarget = new THREE.WebGLRenderTarget(w, h, { ...common, type: THREE.UnsignedByteType });
    this.floatTarget = new THREE.WebGLRenderTarget(w, h, { ...common, type: THREE.FloatType });
    this.rgba = new Uint8Array(w * h * 4);
    this.floats = new Float32Array(w * h * 4);
  }

  dispose(): void {
    this.effects.dispose();
    this.disposeTargets();
  }

  private disposeTargets(): void {
    this.mrt?.dispose();
    this.idTarget?.dispose();
    this.floatTarget?.dispose();
    this.mrt = this.idTarget = this.floatTarget = null;
  }
}

/** readPixels rows run bottom-up; images run top-down. Drop alpha on the way. */
function flipRgb(src: Uint8Array, dst: Uint8Array, w: number, h: number): void {
  for (let y = 0; y < h; y++) {
    let s = (h - 1 - y) * w * 4;
    let d = y * w * 3;
    for (let x = 0; x < w; x++, s += 4, d += 3) {
      dst[d] = src[s]!;
      dst[d + 1] = src[s + 1]!;
      dst[d + 2] = src[s + 2]!;
    }
  }
}

function splitIds(src: Uint8Array, semantic: Uint8Array, instance: Uint16Array, w: number, h: number): void {
  for (let y = 0; y < h; y++) {
    let s = (h - 1 - y) * w * 4;
    let d = y * w;
    for (let x = 0; x < w; x++, s += 4, d++) {
      semantic[d] = src[s]!;
      instance[d] = src[s + 1]! | (src[s + 2]! << 8);
    }
  }
}

/** R of the depth output is planar depth; G, B, A the unit normal in camera axes (zero where nothing was hit, R = 0). */
function splitDepth(src: Float32Array, depth: Float32Array, normals: Float32Array, w: number, h: number): void {
  for (let y = 0; y < h; y++) {
    let s = (h - 1 - y) * w * 4;
    let d = y * w;
    for (let x = 0; x < w; x++, s += 4, d++) {
      depth[d] = src[s]!;
      if (src[s] === 0) continue;
      normals[3 * d] = src[s + 1]!;
      normals[3 * d + 1] = src[s + 2]!;
      normals[3 * d + 2] = src[s + 3]!;
    }
  }
}

/** R, G of the flow output are (du, dv) in pixels, B = 1 where valid; NaN elsewhere (sky, or behind the previous camera). */
function splitFlow(src: Float32Array, flow: Float32Array, w: number, h: number): void {
  for (let y = 0; y < h; y++) {
    let s = (h - 1 - y) * w * 4;
    let d = y * w * 2;
    for (let x = 0; x < w; x++, s += 4, d += 2) {
      const valid = src[s + 2] === 1;
      flow[d] = valid ? src[s]! : NaN;
      flow[d + 1] = valid ? src[s + 1]! : NaN;
    }
  }
}

/** Each entity's label box where it is not its nominal size (World.labelBox: limbs as posed now, users' meshes). */
function labelBoxes(world: World): Map<number, ModelBox> {
  const out = new Map<number, ModelBox>();
  for (const e of world.spec.entities) {
    const b = world.labelBox(e.id);
    if (b) out.set(e.id, b);
  }
  return out;
}
