import * as THREE from 'three';
import { FullscreenPass, imageTarget, passMaterial } from './fullscreen.ts';

// Auto exposure: the camera meters each frame on its own (no adaptation over time, so a frame
// rendered twice or out of order gets the same exposure). The meter is the log-average luminance
// of the linear scene image, as photographic metering and Reinhard's key value work: the gain puts
// that average at AUTO_KEY. A small pass reduces the image to METER_CELLS of mean log luminance;
// those few hundred floats are read back and averaged here, and the gain goes to the later passes
// as a uniform.

/** Meter cells across and down: each is the mean log luminance of 4×4 samples of its part of the image. */
export const METER_CELLS: readonly [number, number] = [32, 24];
/**
 * Metered average luminance maps to this. Chosen so daylit scenes get a gain near 1, the look the
 * lighting was tuned for: the shipped day scenes meter 0.037 (child-ball) to 0.11 (moose-highway-
 * fog), geometric mean 0.07, so their gains run from 1.9 to 0.64.
 */
export const AUTO_KEY = 0.07;
/**
 * Auto gain limits, as a real camera's shutter and ISO range: 3 stops down, 2 stops up (a night
 * scene is lifted, and noisier, but still looks like night).
 */
export const AUTO_GAIN_RANGE: readonly [number, number] = [1 / 8, 4];
/** Luminance floor in the log average, so a black pixel counts as very dark, not as minus infinity. */
const LUM_FLOOR = 1e-4;

const METER_FRAG = /* glsl */ `
uniform sampler2D image;
out vec4 fragColor;
void main() {
  vec2 cell = 1.0 / vec2(${METER_CELLS[0]}.0, ${METER_CELLS[1]}.0);
  vec2 origin = floor(gl_FragCoord.xy) * cell;
  float sum = 0.0;
  for (int j = 0; j < 4; j++) {
    for (int i = 0; i < 4; i++) {
      // Bilinear samples half-way between texels: each averages 2×2 pixels.
      vec3 c = texture(image, origin + (vec2(i, j) + 0.5) * cell * 0.25).rgb;
      sum += log2(max(dot(c, vec3(0.2126, 0.7152, 0.0722)), 0.0) + ${LUM_FLOOR});
    }
  }
  fragColor = vec4(sum / 16.0, 0.0, 0.0, 1.0);
}`;

/** The gain of a camera: metered (`logAverage` is the frame's log-average luminance) or 1, times 2^ev. */
export function exposureGain(auto: boolean, ev: number, logAverage: number): number {
  const metered = auto ? Math.min(AUTO_GAIN_RANGE[1], Math.max(AUTO_GAIN_RANGE[0], AUTO_KEY / logAverage)) : 1;
  return metered * Math.pow(2, ev);
}

export class ExposureMeter {
  private readonly cells = imageTarget(METER_CELLS[0], METER_CELLS[1], THREE.FloatType, THREE.NearestFilter);
  private readonly material = passMaterial(METER_FRAG, { image: { value: null } });
  private readonly readback = new Float32Array(METER_CELLS[0] * METER_CELLS[1] * 4);

  /** The log-average luminance of `image` (linear): exp2 of the mean log2 luminance. */
  logAverage(renderer: THREE.WebGLRenderer, pass: FullscreenPass, image: THREE.Texture): number {
    this.material.uniforms.image!.value = image;
    pass.draw(renderer, this.material, this.cells);
    renderer.readRenderTargetPixels(this.cells, 0, 0, METER_CELLS[0], METER_CELLS[1], this.readback);
    let sum = 0;
    for (let i = 0; i < this.readback.length; i += 4) sum += this.readback[i]!;
    return Math.pow(2, sum / (METER_CELLS[0] * METER_CELLS[1]));
  }

  dispose(): void {
    this.cells.dispose();
    this.material.dispose();
  }
}
