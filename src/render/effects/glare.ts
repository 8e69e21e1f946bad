import * as THREE from 'three';
import { FullscreenPass, imageTarget, passMaterial } from './fullscreen.ts';

// Glare: light from very bright sources (headlights, lamps, the sun's glints) scattered in the
// lens. Everything happens at a quarter and a sixteenth of the resolution, so it costs little:
// - a blurred quarter-size copy of the scene (also what raindrops and dirt show, out of focus);
// - the bright part of it, above GLARE_THRESHOLD once exposed, blurred narrow (quarter size) and
//   wide (sixteenth size): the bloom, and the glow that dirt on the lens picks up;
// - ghosts (out-of-focus reflections between lens surfaces, mirrored through the image centre),
//   a horizontal streak and the glow of dirt, summed in one more quarter-size pass, so the final
//   full-size pass reads one texture for all of it.
// Glare is computed in exposed units (after the gain), as the sensor would see it: the same lamp
// glares at night, when the exposure is long, and not by day.

/** Exposed level above which light glares (1 ≈ where the tone curve starts to saturate). */
export const GLARE_THRESHOLD = 1;

/** Ghosts: image scale through the centre (negative: mirrored), weight, tint. */
const GHOSTS: ReadonlyArray<readonly [number, number, readonly [number, number, number]]> = [
  [-0.55, 0.04, [1.0, 0.75, 0.45]],
  [-1.3, 0.02, [0.5, 0.75, 1.0]],
  [0.35, 0.03, [0.7, 1.0, 0.6]],
  [-2.2, 0.015, [1.0, 0.55, 0.85]],
];
/** Streak taps either side, quarter-size texels apart by STREAK_STEP. */
const STREAK_TAPS = 8;
const STREAK_STEP = 3;

const DOWNSAMPLE_FRAG = /* glsl */ `
uniform sampler2D image;
uniform vec2 texel; // of the source
out vec4 fragColor;
in vec2 vUv;
void main() {
  // Four bilinear taps, each the mean of 2×2 source pixels: the mean of the 4×4 block.
  vec3 c = texture(image, vUv + texel * vec2(-1.0, -1.0)).rgb + texture(image, vUv + texel * vec2(1.0, -1.0)).rgb
         + texture(image, vUv + texel * vec2(-1.0, 1.0)).rgb + texture(image, vUv + texel * vec2(1.0, 1.0)).rgb;
  fragColor = vec4(c * 0.25, 1.0);
}`;

/** Separable Gaussian; with BRIGHT, the bright part of exposed light is what gets blurred. */
const BLUR_FRAG = /* glsl */ `
uniform sampler2D image;
uniform float gain;
uniform vec2 stride; // one source texel along the blur direction
uniform float sigma;
out vec4 fragColor;
in vec2 vUv;
vec3 source(vec2 uv) {
  vec3 c = texture(image, uv).rgb;
#ifdef BRIGHT
  c *= gain;
  float lum = dot(c, vec3(0.2126, 0.7152, 0.0722));
  c *= max(lum - ${GLARE_THRESHOLD.toFixed(1)}, 0.0) / max(lum, 1e-4);
#endif
  return c;
}
void main() {
  vec3 sum = source(vUv);
  float total = 1.0;
  for (int k = 1; k <= RADIUS; k++) {
    float w = exp(-float(k * k) / (2.0 * sigma * sigma));
    sum += w * (source(vUv + stride * float(k)) + source(vUv - stride * float(k)));
    total += 2.0 * w;
  }
  fragColor = vec4(sum / total, 1.0);
}`;

/**
 * All the light the lens scatters, in one quarter-size image (exposed units): with FLARE the bloom,
 * ghosts and streak; with DIRT the glow of bright light (and a faint veil of all light) on grime,
 * and in alpha the fraction of the direct light the grime absorbs.
 */
const LIGHT_FRAG = /* glsl */ `
uniform sampler2D blurred;
uniform sampler2D bloomNear;
uniform sampler2D bloomWide;
uniform sampler2D streakSource; // the bright light blurred horizontally only
uniform sampler2D dirtMap;
uniform float gain;
uniform vec2 texel;
uniform float flare;
uniform float dirt;
out vec4 fragColor;
in vec2 vUv;
void main() {
  vec3 bloom = 0.6 * texture(bloomNear, vUv).rgb + 0.4 * texture(bloomWide, vUv).rgb;
  vec4 c = vec4(0.0); // A: how much of the direct light grime absorbs
#ifdef FLARE
  vec3 ghosts = vec3(0.0);
  ${GHOSTS.map(
    ([scale, weight, tint]) => `{
    vec2 s = 0.5 + (vUv - 0.5) / ${scale.toFixed(3)};
    vec2 inside = min(s, 1.0 - s);
    float fade = smoothstep(0.0, 0.15, min(inside.x, inside.y));
    ghosts += ${weight.toFixed(3)} * fade * vec3(${tint.map((t) => t.toFixed(3)).join(', ')}) * texture(bloomNear, s).rgb;
  }`,
  ).join('\n  ')}
  vec3 streak = vec3(0.0);
  for (int k = 1; k <= ${STREAK_TAPS}; k++) {
    float w = exp(-float(k) / 2.7);
    vec2 d = vec2(texel.x * float(k * ${STREAK_STEP}), 0.0);
    streak += w * (texture(streakSource, vUv + d).rgb + texture(streakSource, vUv - d).rgb);
  }
  c.rgb += flare * (0.3 * bloom + ghosts + 0.08 * streak * vec3(0.8, 0.9, 1.0));
#endif
#ifdef DIRT
  float grime = dirt * texture(dirtMap, vec2(vUv.x, 1.0 - vUv.y)).r; // the map's rows run top-down
  c.rgb += grime * (6.0 * bloom + 0.15 * gain * texture(blurred, vUv).rgb);
  c.a = 0.25 * grime;
#endif
  fragColor = c;
}`;

/** The glare chain's outputs, linear RGB at a quarter of the resolution. */
export interface GlareImages {
  /** The scene, blurred (not exposed): what drops show. */
  readonly blurred: THREE.Texture;
  /** Light scattered by the lens (flare, dirt glow), exposed units, and in A what dirt absorbs; null when neither is on. */
  readonly light: THREE.Texture | null;
}

/** What the glare chain is asked for: strengths 0..1 and the dirt map (rows top-down) when dirt is on. */
export interface GlareSettings {
  readonly flare: number;
  readonly dirt: number;
  readonly dirtMap: THREE.Texture | null;
}

export class Glare {
  private targets: Record<'quarter' | 'brightH' | 'near' | 'sixteenth' | 'wideH' | 'wide' | 'light', THREE.WebGLRenderTarget> | null = null;
  private readonly down = passMaterial(DOWNSAMPLE_FRAG, { image: { value: null }, texel: { value: new THREE.Vector2() } });
  private readonly brightBlur = blurMaterial(true, 4);
  private readonly nearBlur = blurMaterial(false, 4);
  private readonly wideBlur = blurMaterial(false, 6);
  private readonly lightMaterial = passMaterial(LIGHT_FRAG, {
    blurred: { value: null },
    bloomNear: { value: null },
    bloomWide: { value: null },
    streakSource: { value: null },
    dirtMap: { value: null },
    gain: { value: 1 },
    texel: { value: new THREE.Vector2() },
    flare: { value: 0 },
    dirt: { value: 0 },
  });

  /** `image`: the linear scene (full size); `gain`: the exposure (linear multiplier). */
  run(renderer: THREE.WebGLRenderer, pass: FullscreenPass, image: THREE.Texture, gain: number, width: number, height: number, settings: GlareSettings): GlareImages {
    const t = this.ensure(width, height);
    // Full → quarter in one pass of 4×4 means.
    this.downsample(renderer, pass, image, width, height, t.quarter);
    const flare = settings.flare > 0;
    const dirt = settings.dirt > 0 && settings.dirtMap !== null;
    if (!flare && !dirt) return { blurred: t.quarter.texture, light: null };
    blur(renderer, pass, this.brightBlur, t.quarter.texture, gain, [1 / t.quarter.width, 0], 2, t.brightH);
    blur(renderer, pass, this.nearBlur, t.brightH.texture, gain, [0, 1 / t.quarter.height], 2, t.near);
    this.downsample(renderer, pass, t.near.texture, t.near.width, t.near.height, t.sixteenth);
    blur(renderer, pass, this.wideBlur, t.sixteenth.texture, gain, [1 / t.sixteenth.width, 0], 2.5, t.wideH);
    blur(renderer, pass, this.wideBlur, t.wideH.texture, gain, [0, 1 / t.sixteenth.height], 2.5, t.wide);
    const m = this.lightMaterial;
    const defines: Record<string, number> = { ...(flare ? { FLARE: 1 } : {}), ...(dirt ? { DIRT: 1 } : {}) };
    if (Object.keys(defines).join() !== Object.keys(m.defines).join()) {
      m.defines = defines;
      m.needsUpdate = true;
    }
    const u = m.uniforms;
    u.blurred!.value = t.quarter.texture;
    u.bloomNear!.value = t.near.texture;
    u.bloomWide!.value = t.wide.texture;
    u.streakSource!.value = t.brightH.texture;
    u.dirtMap!.value = settings.dirtMap;
    u.gain!.value = gain;
    (u.texel!.value as THREE.Vector2).set(1 / t.light.width, 1 / t.light.height);
    u.flare!.value = settings.flare;
    u.dirt!.value = settings.dirt;
    pass.draw(renderer, m, t.light);
    return { blurred: t.quarter.texture, light: t.light.texture };
  }

  private downsample(renderer: THREE.WebGLRenderer, pass: FullscreenPass, image: THREE.Texture, w: number, h: number, target: THREE.WebGLRenderTarget): void {
    this.down.uniforms.image!.value = image;
    (this.down.uniforms.texel!.value as THREE.Vector2).set(1 / w, 1 / h);
    pass.draw(renderer, this.down, target);
  }

  private ensure(width: number, height: number): NonNullable<Glare['targets']> {
    const qw = Math.ceil(width / 4);
    const qh = Math.ceil(height / 4);
    if (this.targets && this.targets.quarter.width === qw && this.targets.quarter.height === qh) return this.targets;
    this.disposeTargets();
    const sw = Math.ceil(qw / 4);
    const sh = Math.ceil(qh / 4);
    const half = THREE.HalfFloatType;
    this.targets = {
      quarter: imageTarget(qw, qh, half),
      brightH: imageTarget(qw, qh, half),
      near: imageTarget(qw, qh, half),
      sixteenth: imageTarget(sw, sh, half),
      wideH: imageTarget(sw, sh, half),
      wide: imageTarget(sw, sh, half),
      light: imageTarget(qw, qh, half),
    };
    return this.targets;
  }

  private disposeTargets(): void {
    if (this.targets) for (const t of Object.values(this.targets)) t.dispose();
    this.targets = null;
  }

  dispose(): void {
    this.disposeTargets();
    for (const m of [this.down, this.brightBlur, this.nearBlur, this.wideBlur, this.lightMaterial]) m.dispose();
  }
}

function blurMaterial(bright: boolean, radius: number): THREE.ShaderMaterial {
  return passMaterial(BLUR_FRAG, { image: { value: null }, gain: { value: 1 }, stride: { value: new THREE.Vector2() }, sigma: { value: 1 } }, { RADIUS: radius, ...(bright ? { BRIGHT: 1 } : {}) });
}

function blur(renderer: THREE.WebGLRenderer, pass: FullscreenPass, material: THREE.ShaderMaterial, image: THREE.Texture, gain: number, step: readonly [number, number], sigma: number, target: THREE.WebGLRenderTarget): void {
  const u = material.uniforms;
  u.image!.value = image;
  u.gain!.value = gain;
  (u.stride!.value as THREE.Vector2).set(step[0], step[1]);
  u.sigma!.value = sigma;
  pass.draw(renderer, material, target);
}
