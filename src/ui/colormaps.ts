// Colours for looking at ground-truth layers. Display only: nothing here shapes data.
import { CLASSES, classById } from '../core/index.ts';

export type Rgb8 = readonly [number, number, number];

/** Depth shown over 0..DEPTH_RANGE_M metres; farther saturates. */
export const DEPTH_RANGE_M = 80;

/**
 * Viridis sampled at nine even stops (a perceptually uniform ramp), used reversed so that near
 * is bright yellow and far fades to deep purple; nothing hit stays black.
 */
const VIRIDIS: readonly Rgb8[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

/** 256-entry lookup table over near (0) .. far (255). */
const DEPTH_LUT: Uint8Array = (() => {
  const lut = new Uint8Array(256 * 3);
  const n = VIRIDIS.length - 1;
  for (let i = 0; i < 256; i++) {
    const t = (1 - i / 255) * n; // reversed: index 0 (near) → the bright end
    const k = Math.min(n - 1, Math.floor(t));
    const f = t - k;
    const a = VIRIDIS[k]!;
    const b = VIRIDIS[k + 1]!;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(a[c]! + (b[c]! - a[c]!) * f);
  }
  return lut;
})();

export function depthColor(metres: number): Rgb8 {
  if (!(metres > 0)) return [0, 0, 0];
  const i = Math.min(255, Math.round((metres / DEPTH_RANGE_M) * 255)) * 3;
  return [DEPTH_LUT[i]!, DEPTH_LUT[i + 1]!, DEPTH_LUT[i + 2]!];
}

/** CSS gradient of the depth ramp, near → far, for the legend. */
export function depthGradientCss(): string {
  const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => {
    const [r, g, b] = depthColor(Math.max(1e-3, t * DEPTH_RANGE_M));
    return `rgb(${r},${g},${b}) ${t * 100}%`;
  });
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** A fixed, well separated colour per semantic class (Cityscapes-like where a class exists there). */
const SEMANTIC_BY_NAME: Readonly<Record<string, Rgb8>> = {
  void: [0, 0, 0],
  road: [128, 64, 128],
  lane_marking: [255, 255, 255],
  terrain: [107, 142, 35],
  shoulder: [244, 35, 232],
  car: [0, 0, 142],
  truck: [0, 60, 100],
  deer: [255, 160, 20],
  moose: [165, 90, 25],
  pedestrian: [220, 20, 60],
  box: [190, 153, 153],
  cone: [250, 220, 0],
};

export function semanticColor(id: number): Rgb8 {
  const cls = classById(id);
  return (cls && SEMANTIC_BY_NAME[cls.name]) ?? hashColor(id + 7919);
}

const SEMANTIC_LUT: Uint8Array = (() => {
  const lut = new Uint8Array(256 * 3);
  for (let id = 0; id < 256; id++) lut.set(semanticColor(id), id * 3);
  return lut;
})();

/** Classes in legend order with their colours (void, the sky, is left out). */
export function semanticLegend(): { id: number; name: string; color: Rgb8 }[] {
  return CLASSES.filter((c) => c.id !== 0).map((c) => ({ id: c.id, name: c.name, color: semanticColor(c.id) }));
}

/** A stable, saturated colour for an id: golden-angle hues, two lightness bands. */
export function hashColor(id: number): Rgb8 {
  let h = Math.imul(id ^ 0x5bd1e995, 0x27d4eb2d);
  h ^= h >>> 15;
  const hue = ((id * 137.508 + (h & 0xff) * 0.1) % 360) / 360;
  const light = (h & 0x100) !== 0 ? 0.62 : 0.5;
  return hsl(hue, 0.72, light);
}

export function instanceColor(id: number): Rgb8 {
  return id === 0 ? [0, 0, 0] : hashColor(id);
}

function hsl(h: number, s: number, l: number): Rgb8 {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => {
    const k = (n + h * 12) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

// ---- whole images: GPU readback (rows bottom-up) → RGBA image rows top-down ----

/** Colour a depth readback (RGBA float, metres in R). */
export function colorizeDepth(src: Float32Array, dst: Uint8ClampedArray, w: number, h: number): void {
  const scale = 255 / DEPTH_RANGE_M;
  for (let y = 0; y < h; y++) {
    let s = (h - 1 - y) * w * 4;
    let d = y * w * 4;
    for (let x = 0; x < w; x++, s += 4, d += 4) {
      const m = src[s]!;
      if (m > 0) {
        const i = Math.min(255, Math.round(m * scale)) * 3;
        dst[d] = DEPTH_LUT[i]!;
        dst[d + 1] = DEPTH_LUT[i + 1]!;
        dst[d + 2] = DEPTH_LUT[i + 2]!;
      } else {
        dst[d] = dst[d + 1] = dst[d + 2] = 0;
      }
      dst[d + 3] = 255;
    }
  }
}

/** Colour a depth-pass readback's normal (G, B, A: camera axes) as RGB = (n + 1) / 2; black where nothing was hit. */
export function colorizeNormals(src: Float32Array, dst: Uint8ClampedArray, w: number, h: number): void {
  for (let y = 0; y < h; y++) {
    let s = (h - 1 - y) * w * 4;
    let d = y * w * 4;
    for (let x = 0; x < w; x++, s += 4, d += 4) {
      const hit = src[s]! > 0;
      for (let k = 0; k < 3; k++) dst[d + k] = hit ? Math.round(127.5 * (src[s + 1 + k]! + 1)) : 0;
      dst[d + 3] = 255;
    }
  }
}

/** Flow magnitude (pixels) shown at full saturation. */
export const FLOW_FULL_PX = 8;

/**
 * Colour a flow readback (R, G = du, dv pixels; B = 1 where valid) on the usual wheel: hue is the
 * direction of motion, saturation its size (full at FLOW_FULL_PX); black where there is none.
 */
export function colorizeFlow(src: Float32Array, dst: Uint8ClampedArray, w: number, h: number): void {
  for (let y = 0; y < h; y++) {
    let s = (h - 1 - y) * w * 4;
    let d = y * w * 4;
    for (let x = 0; x < w; x++, s += 4, d += 4) {
      if (src[s + 2] !== 1) {
        dst[d] = dst[d + 1] = dst[d + 2] = 0;
      } else {
        const du = src[s]!;
        const dv = src[s + 1]!;
        const hue = (Math.atan2(dv, du) / (2 * Math.PI) + 1) % 1;
        const [r, g, b] = hsl(hue, Math.min(1, Math.hypot(du, dv) / FLOW_FULL_PX), 0.5 + 0.5 * (1 - Math.min(1, Math.hypot(du, dv) / FLOW_FULL_PX)));
        dst[d] = r;
        dst[d + 1] = g;
        dst[d + 2] = b;
      }
      dst[d + 3] = 255;
    }
  }
}

/** Colour an id readback (RGBA bytes: R = class id) by class. */
export function colorizeSemantic(src: Uint8Array, dst: Uint8ClampedArray, w: number, h: number): void {
  for (let y = 0; y < h; y++) {
    let s = (h - 1 - y) * w * 4;
    let d = y * w * 4;
    for (let x = 0; x < w; x++, s += 4, d += 4) {
      const c = src[s]! * 3;
      dst[d] = SEMANTIC_LUT[c]!;
      dst[d + 1] = SEMANTIC_LUT[c + 1]!;
      dst[d + 2] = SEMANTIC_LUT[c + 2]!;
      dst[d + 3] = 255;
    }
  }
}

/** Colour an id readback (G = instance low byte, B = high byte) by instance; 0 is black. */
export function colorizeInstance(src: Uint8Array, dst: Uint8ClampedArray, w: number, h: number): void {
  const cache = new Map<number, Rgb8>();
  for (let y = 0; y < h; y++) {
    let s = (h - 1 - y) * w * 4;
    let d = y * w * 4;
    for (let x = 0; x < w; x++, s += 4, d += 4) {
      const id = src[s + 1]! | (src[s + 2]! << 8);
      let c = cache.get(id);
      if (!c) cache.set(id, (c = instanceColor(id)));
      dst[d] = c[0];
      dst[d + 1] = c[1];
      dst[d + 2] = c[2];
      dst[d + 3] = 255;
    }
  }
}

/** The class ids and instance ids (0 left out) present in an id readback. */
export function scanIds(src: Uint8Array): { classes: Set<number>; instances: Set<number> } {
  const cls = new Uint8Array(256);
  const inst = new Uint8Array(65536);
  for (let s = 0; s < src.length; s += 4) {
    cls[src[s]!] = 1;
    inst[src[s + 1]! | (src[s + 2]! << 8)] = 1;
  }
  const classes = new Set<number>();
  const instances = new Set<number>();
  cls.forEach((v, i) => v && classes.add(i));
  inst.forEach((v, i) => v && i && instances.add(i));
  return { classes, instances };
}
