import * as THREE from 'three';
import { CameraEffects, renderGroundTruth, type PoseSnapshot, type World } from '../render/index.ts';
import type { CameraSpec } from '../scenario/index.ts';
import { colorizeDepth, colorizeFlow, colorizeInstance, colorizeNormals, colorizeSemantic, scanIds } from './colormaps.ts';

export type Layer = 'rgb' | 'depth' | 'normals' | 'flow' | 'semantic' | 'instance';
export const LAYERS: readonly Layer[] = ['rgb', 'depth', 'normals', 'flow', 'semantic', 'instance'];

export interface LayerStats {
  /** Semantic class ids present (id layers only). */
  readonly classes: ReadonlySet<number> | null;
  /** Instance ids present, 0 left out (id layers only). */
  readonly instances: ReadonlySet<number> | null;
}

/**
 * Shows a ground-truth layer: draws the scene with the pass materials into a render target,
 * reads it back and colours it on the CPU into a 2D canvas laid over the WebGL one.
 * Same state dance as Capturer: fog, background and shadow updates off, clear colour 0, then restored.
 */
export class LayerView {
  private idTarget: THREE.WebGLRenderTarget | null = null;
  private depthTarget: THREE.WebGLRenderTarget | null = null;
  private bytes = new Uint8Array(0);
  private floats = new Float32Array(0);
  private image: ImageData | null = null;
  private effects: CameraEffects | null = null;
  private readonly ctx: CanvasRenderingContext2D;

  constructor(
    private readonly renderer: THREE.WebGLRenderer,
    private readonly overlay: HTMLCanvasElement,
  ) {
    const ctx = overlay.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D canvas context for the layer overlay');
    this.ctx = ctx;
  }

  /** `previous`: the poses flow is measured from (the state shown before this one); null: no motion. */
  draw(world: World, camera: THREE.Camera, layer: Exclude<Layer, 'rgb'>, w: number, h: number, previous: PoseSnapshot | null = null): LayerStats {
    this.ensure(w, h);
    const r = this.renderer;
    const kind = layer === 'depth' || layer === 'normals' ? 'depth' : layer === 'flow' ? 'flow' : 'ids';
    const float = kind !== 'ids';
    if (kind === 'flow') world.passes.setPrevious(previous, camera, w, h);

    renderGroundTruth(r, world, camera, kind, float ? this.depthTarget! : this.idTarget!, float ? this.floats : this.bytes);

    const img = this.image!;
    let stats: LayerStats = { classes: null, instances: null };
    if (layer === 'depth') colorizeDepth(this.floats, img.data, w, h);
    else if (layer === 'normals') colorizeNormals(this.floats, img.data, w, h);
    else if (layer === 'flow') colorizeFlow(this.floats, img.data, w, h);
    else {
      if (layer === 'semantic') colorizeSemantic(this.bytes, img.data, w, h);
      else colorizeInstance(this.bytes, img.data, w, h);
      stats = scanIds(this.bytes);
    }
    this.ctx.putImageData(img, 0, 0);
    return stats;
  }

  /**
   * The camera's picture as capture makes it: through the camera effects (exposure, noise, lens,
   * compression; no motion blur here), read back and shown on the overlay. `cam` is sized to the view.
   */
  drawLook(world: World, camera: THREE.Camera, cam: CameraSpec, index: number): void {
    const { width: w, height: h } = cam;
    this.ensure(w, h);
    this.effects ??= new CameraEffects(this.renderer);
    this.effects.capture(world.scene, camera, { spec: world.spec, cam, index, motion: null }, this.bytes);
    const img = this.image!;
    for (let y = 0; y < h; y++) img.data.set(this.bytes.subarray((h - 1 - y) * w * 4, (h - y) * w * 4), y * w * 4);
    for (let i = 3; i < img.data.length; i += 4) img.data[i] = 255;
    this.ctx.putImageData(img, 0, 0);
  }

  private ensure(w: number, h: number): void {
    if (this.overlay.width !== w || this.overlay.height !== h) {
      this.overlay.width = w;
      this.overlay.height = h;
    }
    if (this.idTarget && this.idTarget.width === w && this.idTarget.height === h) return;
    this.dispose();
    const common = { minFilter: THREE.NearestFilter, magFilter: THREE.NearestFilter, generateMipmaps: false, depthBuffer: true };
    this.idTarget = new THREE.WebGLRenderTarget(w, h, { ...common, type: THREE.UnsignedByteType, colorSpace: THREE.NoColorSpace });
    this.depthTarget = new THREE.WebGLRenderTarget(w, h, { ...common, type: THREE.FloatType, colorSpace: THREE.NoColorSpace });
    this.bytes = new Uint8Array(w * h * 4);
    this.floats = new Float32Array(w * h * 4);
    this.image = this.ctx.createImageData(w, h);
  }

  dispose(): void {
    this.effects?.dispose();
    this.effects = null;
    this.idTarget?.dispose();
    this.depthTarget?.dispose();
    this.idTarget = null;
    this.depthTarget = null;
  }
}
