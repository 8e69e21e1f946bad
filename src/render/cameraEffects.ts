import * as THREE from 'three';
import { hashString, mix32 } from '../core/index.ts';
import { DEFAULT_CAMERA_EFFECTS, type CameraEffectsSpec, type CameraSpec, type SceneSpec } from '../scenario/index.ts';
import { intrinsics } from './cameraRig.ts';
import { Composite } from './effects/composite.ts';
import { compressRgba, jpegQuality } from './effects/compression.ts';
import { ExposureMeter, exposureGain } from './effects/exposure.ts';
import { FullscreenPass, imageTarget } from './effects/fullscreen.ts';
import { Glare } from './effects/glare.ts';
import { lensDirt, lensDropMap, lensDrops } from './effects/lens.ts';
import { MotionBlur, type MotionInputs } from './effects/motionBlur.ts';
import { passMaterial } from './effects/fullscreen.ts';
import { QUALITY_PRESETS, type QualitySpec } from './quality.ts';

export type { MotionInputs } from './effects/motionBlur.ts';

/** Averages each supersample × supersample block of the scene render into one pixel (SSAA). */
const DOWNSAMPLE_FRAG = /* glsl */ `
precision highp float;
uniform sampler2D image;
in vec2 vUv;
out vec4 fragColor;
void main() {
  ivec2 base = ivec2(gl_FragCoord.xy) * SUPERSAMPLE;
  vec4 sum = vec4(0.0);
  for (int y = 0; y < SUPERSAMPLE; y++)
    for (int x = 0; x < SUPERSAMPLE; x++) sum += texelFetch(image, base + ivec2(x, y), 0);
  fragColor = sum / float(SUPERSAMPLE * SUPERSAMPLE);
}`;

/** One frame of one camera, as far as its imperfections care. */
export interface EffectFrame {
  readonly spec: SceneSpec;
  readonly cam: CameraSpec;
  readonly index: number;
  /** The ground-truth flow and depth of this frame, for motion blur (null: no previous frame, no blur). */
  readonly motion: MotionInputs | null;
}

/**
 * The camera as imperfect as a real one: the scene drawn into a linear HDR target (half floats,
 * MSAA), then, in the order light meets them, motion blur (the shutter), lens drops, glare, lens
 * dirt, vignetting (the lens), exposure and noise (the sensor), the tone curve and sRGB into 8
 * bits, and JPEG-like compression (the encoder, on the read-back bytes). Effects at 0 are skipped
 * or compiled out. Only the RGB image goes through here: the ground-truth passes never do.
 */
export class CameraEffects {
  /** The scene render: w × h, or supersample times that. */
  private hdr: THREE.WebGLRenderTarget | null = null;
  /** The supersampled render averaged down to w × h (supersample > 1 only). */
  private small: THREE.WebGLRenderTarget | null = null;
  private ldr: THREE.WebGLRenderTarget | null = null;
  private downsample: THREE.ShaderMaterial | null = null;
  private built: { w: number; h: number; quality: QualitySpec } | null = null;
  /** MSAA and supersampling of the scene render (render/quality.ts); the default look is 'standard'. */
  quality: QualitySpec = QUALITY_PRESETS.standard;
  private readonly pass = new FullscreenPass();
  private readonly meter = new ExposureMeter();
  private readonly blur = new MotionBlur();
  private readonly glare = new Glare();
  private readonly composite = new Composite();
  private dirt: { key: string; texture: THREE.DataTexture } | null = null;
  private drops: { key: string; texture: THREE.DataTexture | null } | null = null;

  constructor(private readonly renderer: THREE.WebGLRenderer) {}

  /**
   * Render `scene` from `camera` as the camera `frame.cam` sees it and read it back into `out`:
   * 8-bit sRGB RGBA, width × height × 4 bytes, rows bottom-up (as readPixels gives them).
   */
  capture(scene: THREE.Scene, camera: THREE.Camera, frame: EffectFrame, out: Uint8Array): void {
    const { cam, spec } = frame;
    const fx = cam.effects ?? DEFAULT_CAMERA_EFFECTS;
    const { width: w, height: h } = cam;
    this.ensure(w, h);
    const r = this.renderer;

    r.setRenderTarget(this.hdr);
    r.render(scene, camera);
    let image: THREE.Texture = this.hdr!.texture;
    if (this.small) {
      this.downsample!.uniforms.image!.value = image;
      this.pass.draw(r, this.downsample!, this.small);
      image = this.small.texture;
    }
    const gain = exposureGain(fx.exposure === 'auto', fx.ev, fx.exposure === 'auto' ? this.meter.logAverage(r, this.pass, image) : 1);
    if (fx.motionBlur > 0 && frame.motion) image = this.blur.run(r, this.pass, image, frame.motion, fx.motionBlur, w, h);
    const dropMap = fx.lensDrops > 0 ? this.dropMap(spec, cam, fx.lensDrops) : null;
    const dirtMap = fx.lensDirt > 0 ? this.dirtMap(spec.seed, cam) : null;
    const glare = fx.flare > 0 || dirtMap || dropMap ? this.glare.run(r, this.pass, image, gain, w, h, { flare: fx.flare, dirt: fx.lensDirt, dirtMap }) : null;
    const material = this.composite.prepare({
      image,
      gain,
      glare,
      dropMap,
      width: w,
      height: h,
      intrinsics: intrinsics(cam),
      strengths: { vignetting: fx.vignetting, noise: fx.noise },
      noiseSeed: noiseSeed(spec.seed, cam.name, frame.index),
    });
    this.pass.draw(r, material, this.ldr!);
    r.readRenderTargetPixels(this.ldr!, 0, 0, w, h, out);
    r.setRenderTarget(null);
    if (fx.compression > 0) compressRgba(out, w, h, jpegQuality(fx.compression));
  }

  /** Where each pixel looks through the camera's drops, made once per (seed, camera, size, strength, rain); null when there are none. */
  private dropMap(spec: SceneSpec, cam: CameraSpec, strength: number): THREE.Texture | null {
    const rain = spec.environment.rain;
    const key = `${spec.seed}:${cam.name}:${cam.width}x${cam.height}:${strength}:${rain}`;
    if (this.drops?.key !== key) {
      this.drops?.texture?.dispose();
      const drops = lensDrops(spec.seed, cam.name, strength, rain);
      let texture: THREE.DataTexture | null = null;
      if (drops.length > 0) {
        const map = lensDropMap(drops, cam.width, cam.height);
        const half = new Uint16Array(map.length);
        for (let i = 0; i < map.length; i++) half[i] = THREE.DataUtils.toHalfFloat(map[i]!);
        texture = new THREE.DataTexture(half, cam.width, cam.height, THREE.RGBAFormat, THREE.HalfFloatType);
        texture.needsUpdate = true;
      }
      this.drops = { key, texture };
    }
    return this.drops.texture;
  }

  /** The camera's dirt map, made once per (seed, camera, aspect). */
  private dirtMap(seed: number, cam: CameraSpec): THREE.Texture {
    const key = `${seed}:${cam.name}:${cam.width / cam.height}`;
    if (this.dirt?.key !== key) {
      this.dirt?.texture.dispose();
      const d = lensDirt(seed, cam.name, cam.width / cam.height);
      const texture = new THREE.DataTexture(d.data, d.width, d.height, THREE.RedFormat, THREE.UnsignedByteType);
      texture.minFilter = texture.magFilter = THREE.LinearFilter;
      texture.needsUpdate = true;
      this.dirt = { key, texture };
    }
    return this.dirt.texture;
  }

  private ensure(w: number, h: number): void {
    const q = this.quality;
    if (this.built && this.built.w === w && this.built.h === h && this.built.quality === q) return;
    this.disposeTargets();
    const s = Math.max(1, Math.round(q.supersample));
    this.hdr = new THREE.WebGLRenderTarget(w * s, h * s, {
      type: THREE.HalfFloatType,
      samples: Math.min(q.msaa, this.renderer.capabilities.maxSamples),
      minFilter: THREE.LinearFilter,
      magFilter: THREE.LinearFilter,
      generateMipmaps: false,
      depthBuffer: true,
      colorSpace: THREE.LinearSRGBColorSpace,
    });
    if (s > 1) {
      this.small = imageTarget(w, h, THREE.HalfFloatType);
      this.downsample = passMaterial(DOWNSAMPLE_FRAG, { image: { value: null } }, { SUPERSAMPLE: s });
    }
    this.ldr = imageTarget(w, h, THREE.UnsignedByteType, THREE.NearestFilter);
    this.built = { w, h, quality: q };
  }

  private disposeTargets(): void {
    this.hdr?.dispose();
    this.small?.dispose();
    this.ldr?.dispose();
    this.downsample?.dispose();
    this.hdr = this.small = this.ldr = null;
    this.downsample = null;
    this.built = null;
  }

  dispose(): void {
    this.disposeTargets();
    this.pass.dispose();
    this.meter.dispose();
    this.blur.dispose();
    this.glare.dispose();
    this.composite.dispose();
    this.dirt?.texture.dispose();
    this.drops?.texture?.dispose();
    this.dirt = this.drops = null;
  }
}

/** Two 32-bit words naming the noise of frame `index` of camera `camera` under `seed`. */
export function noiseSeed(seed: number, camera: string, index: number): [number, number] {
  const a = hashString(`noise:${seed}:${camera}`);
  return [a, mix32(a ^ Math.imul(index + 1, 0x9e3779b9))];
}

/** Every effect at `strength` (0..1), exposure as given: for tests and the bench. */
export function allEffects(strength: number, exposure: CameraEffectsSpec['exposure'] = 'auto'): CameraEffectsSpec {
  return { exposure, ev: 0, noise: strength, motionBlur: strength, flare: strength, lensDrops: strength, lensDirt: strength, vignetting: strength, compression: strength };
}
