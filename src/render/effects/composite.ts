import * as THREE from 'three';
import { passMaterial } from './fullscreen.ts';
import type { GlareImages } from './glare.ts';
import { TONE_MAP_GLSL } from './toneMap.ts';

// The last pass before the 8-bit image: what the lens adds (raindrops, scattered light, dirt,
// vignetting), then the sensor (exposure gain, noise), then the camera's tone curve and sRGB. Each
// effect is compiled in only when it is on (a define), so an effect at 0 costs nothing and changes
// no pixel. The expensive parts are prepared elsewhere: the drops' refraction once per camera
// (lens.ts), the scattered light at a quarter of the size (glare.ts).

/**
 * Sensor noise model. Exposure is shutter time up to a gain of 1 (the reference exposure), then
 * amplification (ISO): at gain 1 an exposed level of 1 collects FULL_WELL electrons, below it
 * proportionally fewer (a shorter shutter collects fewer photons of the same light), above it the
 * electrons of the light itself, amplified. So electrons = exposed × FULL_WELL / max(gain, 1).
 * Shot noise has σ = √electrons, read noise READ_NOISE electrons, both scaled back like the signal.
 * At strength 1 (a cheap small sensor) mid grey (0.18) at gain 1 gets σ ≈ 7.6 % of its level,
 * at gain 4 (a night scene) ≈ 16 %, and a dimmer scene or a shorter exposure always more.
 * Strength scales σ.
 */
export const FULL_WELL = 1000;
export const READ_NOISE = 3;

const COMPOSITE_FRAG = /* glsl */ `
uniform sampler2D image;
uniform float gain;
in vec2 vUv;
out vec4 fragColor;
${TONE_MAP_GLSL}
#ifdef DROPS
uniform sampler2D blurred;
uniform highp sampler2D dropMap; // per pixel: offset to what it shows, coverage, coverage × transmission
#endif
#ifdef LIGHT
uniform sampler2D light; // flare and dirt glow, exposed, quarter size; A: what grime absorbs
#endif
#ifdef VIGNETTE
uniform float vignetting;
uniform vec2 focal;     // fx, fy, pixels
uniform vec2 principal; // cx, cy in window axes (y up), pixels
#endif
#ifdef NOISE
uniform float noise;
uniform uvec2 noiseSeed;
uint pcg(uint v) {
  uint s = v * 747796405u + 2891336453u;
  uint w = ((s >> ((s >> 28u) + 4u)) ^ s) * 277803737u;
  return (w >> 22u) ^ w;
}
// A standard normal value from one hash: the sum of its four bytes (Irwin-Hall), centred and
// scaled to unit variance (byte variance (256² − 1) / 12, four of them). Tails end at ±3.5σ.
float normal(uint h) {
  uint bytes = (h & 255u) + ((h >> 8u) & 255u) + ((h >> 16u) & 255u) + (h >> 24u);
  return (float(bytes) - 510.0) * 0.0067658;
}
#endif
void main() {
  ivec2 pixel = ivec2(gl_FragCoord.xy);
  vec3 c = texelFetch(image, pixel, 0).rgb;
#ifdef DROPS
  vec4 drop = texelFetch(dropMap, pixel, 0);
  if (drop.b > 0.0) c = c * (1.0 - drop.b) + texture(blurred, vUv + drop.rg).rgb * drop.a;
#endif
  vec3 e = c * gain; // exposed: what reaches the sensor, 1 ≈ where the tone curve saturates
#ifdef LIGHT
  vec4 scattered = texture(light, vUv);
  e = e * (1.0 - scattered.a) + scattered.rgb;
#endif
#ifdef VIGNETTE
  // Natural vignetting: irradiance falls as cos⁴ of the angle between the ray and the optical axis.
  vec2 t = (gl_FragCoord.xy - principal) / focal;
  float cos2 = 1.0 / (1.0 + dot(t, t));
  e *= 1.0 - vignetting * (1.0 - cos2 * cos2);
#endif
#ifdef NOISE
  uint h = pcg((uint(pixel.y) << 16u | uint(pixel.x)) ^ noiseSeed.x) ^ noiseSeed.y;
  vec3 n = vec3(normal(pcg(h)), normal(pcg(h ^ 0x9e3779b9u)), normal(pcg(h ^ 0x7f4a7c15u)));
  float amplification = max(gain, 1.0);
  vec3 electrons = max(e, 0.0) * ${FULL_WELL}.0 / amplification;
  e += noise * amplification / ${FULL_WELL}.0 * sqrt(electrons + ${READ_NOISE * READ_NOISE}.0) * n;
#endif
  fragColor = vec4(ltToneMap(e), 1.0);
}`;

/** Everything the composite pass needs for one frame. */
export interface CompositeInputs {
  readonly image: THREE.Texture;
  /** Exposure gain, a linear multiplier. */
  readonly gain: number;
  readonly glare: GlareImages | null;
  /** Where each pixel looks through the lens drops (lens.ts lensDropMap), or null: no drops. */
  readonly dropMap: THREE.Texture | null;
  readonly width: number;
  readonly height: number;
  /** Pinhole intrinsics, pixels (image axes: cy from the top). */
  readonly intrinsics: { readonly fx: number; readonly fy: number; readonly cx: number; readonly cy: number };
  readonly strengths: { readonly vignetting: number; readonly noise: number };
  /** Two 32-bit words: the noise of one (seed, camera, frame). */
  readonly noiseSeed: readonly [number, number];
}

export class Composite {
  readonly material = passMaterial(COMPOSITE_FRAG, {
    image: { value: null },
    gain: { value: 1 },
    blurred: { value: null },
    dropMap: { value: null },
    light: { value: null },
    vignetting: { value: 0 },
    focal: { value: new THREE.Vector2() },
    principal: { value: new THREE.Vector2() },
    noise: { value: 0 },
    noiseSeed: { value: new THREE.Vector2() },
  });

  /** Set the uniforms and the effects compiled in for one frame. */
  prepare(f: CompositeInputs): THREE.ShaderMaterial {
    const u = this.material.uniforms;
    const s = f.strengths;
    const defines: Record<string, number> = {};
    if (f.dropMap && f.glare) defines.DROPS = 1;
    if (f.glare?.light) defines.LIGHT = 1;
    if (s.vignetting > 0) defines.VIGNETTE = 1;
    if (s.noise > 0) defines.NOISE = 1;
    this.setDefines(defines);
    u.image!.value = f.image;
    u.gain!.value = f.gain;
    u.blurred!.value = f.glare?.blurred ?? null;
    u.light!.value = f.glare?.light ?? null;
    u.dropMap!.value = f.dropMap;
    u.vignetting!.value = s.vignetting;
    const k = f.intrinsics;
    (u.focal!.value as THREE.Vector2).set(k.fx, k.fy);
    (u.principal!.value as THREE.Vector2).set(k.cx, f.height - k.cy);
    u.noise!.value = s.noise;
    (u.noiseSeed!.value as THREE.Vector2).set(f.noiseSeed[0], f.noiseSeed[1]);
    return this.material;
  }

  private setDefines(defines: Record<string, number>): void {
    const m = this.material;
    const key = (d: Record<string, unknown>) => Object.keys(d).sort().join(',');
    if (key(m.defines) === key(defines)) return;
    m.defines = defines;
    m.needsUpdate = true; // another program (three caches each one it compiles)
  }

  dispose(): void {
    this.material.dispose();
  }
}
