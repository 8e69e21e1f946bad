import * as THREE from 'three';
import { classByName } from '../core/index.ts';
import { cameraToWorldCv, intrinsics, renderGroundTruth, type World } from '../render/index.ts';
import { STATE_STRIDE, type CameraSpec } from '../scenario/index.ts';
import type { FrameRecord } from './FrameRecord.ts';
import { maskStats, objectLabels } from './labels.ts';

export interface CaptureTimings {
  rgb: number;
  ids: number;
  depth: number;
  labels: number;
}

/**
 * Renders a camera's RGB and ground-truth passes and reads them back into a FrameRecord.
 * RGB is drawn to the canvas (tone mapping and sRGB output as a person sees it); ids and depth
 * go to linear render targets with fog, background and shadow updates off.
 */
export class Capturer {
  private idTarget: THREE.WebGLRenderTarget | null = null;
  private depthTarget: THREE.WebGLRenderTarget | null = null;
  private rgba = new Uint8Array(0);
  private floats = new Float32Array(0);
  readonly timings: CaptureTimings = { rgb: 0, ids: 0, depth: 0, labels: 0 };

  constructor(readonly renderer: THREE.WebGLRenderer) {}

  capture(world: World, cam: CameraSpec, index: number, time: number, state: Float32Array): FrameRecord {
    const { width: w, height: h } = cam;
    this.ensureTargets(w, h);
    const r = this.renderer;
    const camera = world.camera(cam);
    const mount = world.modelOf(cam.mount);
    const mountId = mount.userData.instance as number;
    const size = r.getSize(new THREE.Vector2());
    if (size.x !== w || size.y !== h || r.getPixelRatio() !== 1) {
      r.setPixelRatio(1);
      r.setSize(w, h, false);
    }
    // The camera's own carrier would fill the frame from inside: hide its meshes from its camera
    // (only the meshes: its headlights must still light the road).
    const hidden: THREE.Object3D[] = [];
    mount.traverse((o) => {
      if ((o as THREE.Mesh).isMesh && o.visible) (hidden.push(o), (o.visible = false));
    });
    try {
      let t0 = performance.now();
      r.setRenderTarget(null);
      r.render(world.scene, camera);
      const gl = r.getContext();
      gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, this.rgba);
      const rgb = new Uint8Array(w * h * 3);
      flipRgb(this.rgba, rgb, w, h);
      let t1 = performance.now();
      this.timings.rgb += t1 - t0;

      t0 = performance.now();
      renderGroundTruth(r, world, camera, 'ids', this.idTarget!, this.rgba);
      const semantic = new Uint8Array(w * h);
      const instance = new Uint16Array(w * h);
      splitIds(this.rgba, semantic, instance, w, h);
      t1 = performance.now();
      this.timings.ids += t1 - t0;

      renderGroundTruth(r, world, camera, 'depth', this.depthTarget!, this.floats);
      const depth = new Float32Array(w * h);
      flipRed(this.floats, depth, w, h);
      const normals = new Float32Array(w * h * 3);
      flipNormals(this.floats, normals, w, h);
      this.timings.depth += performance.now() - t1;

      t0 = performance.now();
      const cameraToWorld = cameraToWorldCv(camera);
      const objects = objectLabels(
        world.spec.entities,
        state,
        STATE_STRIDE,
        (cls) => classByName(cls)!.id,
        cameraToWorld,
        maskStats(instance, w, h),
        new Set([mountId]),
      );
      this.timings.labels += performance.now() - t0;
      return { index, time, camera: cam.name, width: w, height: h, rgb, depth, normals, semantic, instance, intrinsics: intrinsics(cam), cameraToWorld, objects, events: [], collisions: [] };
    } finally {
      for (const o of hidden) o.visible = true;
    }
  }

  private ensureTargets(w: number, h: number): void {
    if (this.idTarget && this.idTarget.width === w && this.idTarget.height === h) return;
    this.idTarget?.dispose();
    this.depthTarget?.dispose();
    const common = { minFilter: THREE.NearestFilter, magFilter: THREE.NearestFilter, generateMipmaps: false, depthBuffer: true };
    this.idTarget = new THREE.WebGLRenderTarget(w, h, { ...common, type: THREE.UnsignedByteType, colorSpace: THREE.NoColorSpace });
    this.depthTarget = new THREE.WebGLRenderTarget(w, h, { ...common, type: THREE.FloatType, colorSpace: THREE.NoColorSpace });
    this.rgba = new Uint8Array(w * h * 4);
    this.floats = new Float32Array(w * h * 4);
  }

  dispose(): void {
    this.idTarget?.dispose();
    this.depthTarget?.dispose();
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

/** G, B, A of the depth pass: the unit normal in camera axes; zero where nothing was hit (R = 0). */
function flipNormals(src: Float32Array, dst: Float32Array, w: number, h: number): void {
  for (let y = 0; y < h; y++) {
    let s = (h - 1 - y) * w * 4;
    let d = y * w * 3;
    for (let x = 0; x < w; x++, s += 4, d += 3) {
      if (src[s] === 0) continue;
      dst[d] = src[s + 1]!;
      dst[d + 1] = src[s + 2]!;
      dst[d + 2] = src[s + 3]!;
    }
  }
}

function flipRed(src: Float32Array, dst: Float32Array, w: number, h: number): void {
  for (let y = 0; y < h; y++) {
    let s = (h - 1 - y) * w * 4;
    let d = y * w;
    for (let x = 0; x < w; x++, s += 4, d++) dst[d] = src[s]!;
  }
}
