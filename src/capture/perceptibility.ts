// How perceptible an object is in the picture (issue 13): a detector trained to find what no camera
// could see learns noise. Two measures per object and frame, and a flag from them, all stated here
// once for the capture, the writers' checks and the docs (docs/conventions.md, "Perceptibility").

/** Thresholds of `perceptible`: an object is perceptible with at least this many visible pixels and at least this |contrast|. */
export const PERCEPTIBLE = {
  minPixels: 50,
  minContrast: 0.1,
} as const;

/** Width of the ring of background around an object's visible pixels that its contrast is measured against, pixels. */
export const RING_PX = 3;

/**
 * Display luma below which the background counts as this bright in the contrast: in the dark a
 * difference must be ≥ minContrast · LUMA_FLOOR = 0.02 (5 of 255 grey levels) to be seen, not a
 * share of a near-black background (a dark box beside the beam, 1.9 grey levels over its
 * surroundings, measured 0.15 against the plain background and 0.037 against the floor).
 */
export const LUMA_FLOOR = 0.2;

/**
 * The share of an object's light that reaches the camera through the scene's fog, as the renderer
 * draws it: exp(-(ρ·m·z)²) with ρ the fog density (sqrt(-ln 0.05) / visibility: 5% at the
 * visibility distance), z the object centre's planar depth and m the mean of the ground fog's
 * exp(-height/H) along the line of sight (1 without a fog height). 1 without fog.
 */
export function fogTransmittance(density: number, depth: number, meanDensity = 1): number {
  if (!(density > 0) || !(depth > 0)) return 1;
  const t = density * meanDensity * depth;
  return Math.exp(-t * t);
}

/** Rec. 709 luma of an sRGB pixel, 0..1, on the encoded (display) values. */
function luma(rgb: Uint8Array, i: number): number {
  return (0.2126 * rgb[3 * i]! + 0.7152 * rgb[3 * i + 1]! + 0.0722 * rgb[3 * i + 2]!) / 255;
}

export interface ObjectContrast {
  /** Mean display luma of the object's visible pixels, 0..1. */
  readonly object: number;
  /** Mean display luma of the ring of other pixels within RING_PX of them, 0..1. */
  readonly background: number;
  /** Weber contrast against the ring, floored: (object - background) / max(background, LUMA_FLOOR). */
  readonly contrast: number;
}

/**
 * Each object's contrast in the final RGB (sRGB, 3 bytes a pixel): its visible pixels (the
 * instance image) against a ring RING_PX wide around them (every other pixel within that
 * Chebyshev distance, other objects included: what the object is seen against). Objects without
 * visible pixels, or whose ring is empty (they fill the image), are left out.
 */
export function objectContrasts(rgb: Uint8Array, instance: Uint16Array, width: number, height: number, boxes: ReadonlyMap<number, readonly [number, number, number, number]>): Map<number, ObjectContrast> {
  const out = new Map<number, ObjectContrast>();
  for (const [id, b] of boxes) {
    const x0 = Math.max(0, b[0] - RING_PX);
    const y0 = Math.max(0, b[1] - RING_PX);
    const x1 = Math.min(width, b[2] + RING_PX);
    const y1 = Math.min(height, b[3] + RING_PX);
    const w = x1 - x0;
    const h = y1 - y0;
    // Dilate the object's mask by RING_PX (Chebyshev): a running count along rows, then columns.
    const mask = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) mask[y * w + x] = instance[(y0 + y) * width + x0 + x] === id ? 1 : 0;
    const rows = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let any = 0;
        for (let k = Math.max(0, x - RING_PX); k <= Math.min(w - 1, x + RING_PX) && !any; k++) any = mask[y * w + k]!;
        rows[y * w + x] = any;
      }
    }
    let objSum = 0;
    let objN = 0;
    let ringSum = 0;
    let ringN = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = (y0 + y) * width + x0 + x;
        if (mask[y * w + x]) {
          objSum += luma(rgb, i);
          objN++;
          continue;
        }
        let near = 0;
        for (let k = Math.max(0, y - RING_PX); k <= Math.min(h - 1, y + RING_PX) && !near; k++) near = rows[k * w + x]!;
        if (near) {
          ringSum += luma(rgb, i);
          ringN++;
        }
      }
    }
    if (objN === 0 || ringN === 0) continue;
    const object = objSum / objN;
    const background = ringSum / ringN;
    out.set(id, { object, background, contrast: (object - background) / Math.max(background, LUMA_FLOOR) });
  }
  return out;
}

/** The perceptible flag from an object's visible pixels and contrast (null contrast: not measured, null flag). */
export function isPerceptible(pixels: number, contrast: number | null): boolean | null {
  if (contrast === null) return null;
  return pixels >= PERCEPTIBLE.minPixels && Math.abs(contrast) >= PERCEPTIBLE.minContrast;
}
