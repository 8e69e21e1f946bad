import { Rng } from '../../core/index.ts';

// What sits on the lens: raindrops and dirt. Both are drawn from the scene seed and the camera's
// name alone, so they stay put for the whole sequence (a drop does not jump between frames) and
// two cameras of one scene get different lenses.

/** The most drops a lens carries (the final pass loops over them). */
export const MAX_DROPS = 40;

/** A raindrop on the lens: centre in image coordinates (0..1, x right, y down), radius as a fraction of the image height. */
export interface LensDrop {
  readonly x: number;
  readonly y: number;
  readonly radius: number;
}

/**
 * The drops on the lens at `strength` (0..1) with rain intensity `rain` (0..1): at full strength 6
 * (left from earlier rain) plus 34 × rain, so 40 in a downpour. Radii from 1 % to 5 % of the image
 * height, small ones commoner. Stronger settings add drops: the first ones stay where they were.
 */
export function lensDrops(seed: number, camera: string, strength: number, rain: number): LensDrop[] {
  const count = Math.min(MAX_DROPS, Math.round(clamp01(strength) * (6 + 34 * clamp01(rain))));
  const rng = new Rng(seed, `lens-drops:${camera}`);
  const drops: LensDrop[] = [];
  for (let i = 0; i < count; i++) {
    const x = rng.next();
    const y = rng.next();
    const u = rng.next();
    drops.push({ x, y, radius: 0.01 + 0.04 * u * u });
  }
  return drops;
}

/** How far around itself a drop sees (a drop is a tiny wide-angle lens), in drop radii. */
export const DROP_VIEW = 4;

/**
 * Where each pixel of a `width`×`height` image looks through the drops: 4 floats a pixel, rows
 * bottom-up (as textures store them): the offset (x, y up, in 0..1 image units) from the pixel to
 * the scene point it shows, the drop's coverage 0..1, and coverage × the drop's transmission.
 * A drop is a small plano-convex lens: it shows an inverted, reduced picture of the scene around
 * it (DROP_VIEW radii), darker towards its rim where light is refracted away. Where drops overlap,
 * the first one wins. Only +, ×, ÷ (exact in IEEE arithmetic): the same values everywhere.
 */
export function lensDropMap(drops: readonly LensDrop[], width: number, height: number): Float32Array {
  const out = new Float32Array(width * height * 4);
  const aspect = width / height;
  for (const d of drops) {
    const cx = d.x;
    const cy = 1 - d.y;
    const reach = d.radius * height;
    const [x0, x1] = [Math.max(0, Math.floor(cx * width - reach)), Math.min(width - 1, Math.ceil(cx * width + reach))];
    const [y0, y1] = [Math.max(0, Math.floor(cy * height - reach)), Math.min(height - 1, Math.ceil(cy * height + reach))];
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const o = (y * width + x) * 4;
        if (out[o + 2]! > 0) continue;
        const u = (x + 0.5) / width;
        const v = (y + 0.5) / height;
        const rx = ((u - cx) * aspect) / d.radius;
        const ry = (v - cy) / d.radius;
        const q = rx * rx + ry * ry;
        if (q >= 1) continue;
        out[o] = cx - (rx * d.radius * DROP_VIEW) / aspect - u;
        out[o + 1] = cy - ry * d.radius * DROP_VIEW - v;
        const coverage = 1 - smoothstep(0.85, 1, q);
        out[o + 2] = coverage;
        out[o + 3] = coverage * (1.1 - 0.9 * smoothstep(0.55, 0.95, q));
      }
    }
  }
  return out;
}

function smoothstep(e0: number, e1: number, x: number): number {
  const t = clamp01((x - e0) / (e1 - e0));
  return t * t * (3 - 2 * t);
}

/** A dirt map: `width`×`height` bytes, row 0 at the top; 0 clean, 255 opaque grime. */
export interface LensDirt {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * Dust specks and a few smudges, for an image of aspect `aspect` (width / height), 256 texels wide.
 * Only +, ×, sqrt (exact in IEEE arithmetic): the same bytes in node and in the browser.
 */
export function lensDirt(seed: number, camera: string, aspect: number): LensDirt {
  const width = 256;
  const height = Math.max(1, Math.round(width / aspect));
  const field = new Float32Array(width * height);
  const rng = new Rng(seed, `lens-dirt:${camera}`);
  // Specks: small, dense, sharp; smudges: large, faint, elongated ellipses with soft edges.
  for (let i = 0; i < 90; i++) {
    splat(field, width, height, rng.next() * width, rng.next() * height, width * (0.004 + 0.02 * rng.next()), 1, [1, 0], 0.3 + 0.7 * rng.next(), 3);
  }
  for (let i = 0; i < 8; i++) {
    const [cx, cy, r, elong] = [rng.next() * width, rng.next() * height, width * (0.06 + 0.19 * rng.next()), 1 + 1.5 * rng.next()];
    const [ux, uy] = [rng.next() - 0.5, rng.next() - 0.5];
    const len = Math.sqrt(ux * ux + uy * uy) || 1;
    splat(field, width, height, cx, cy, r, elong, [ux / len, uy / len], 0.1 + 0.25 * rng.next(), 2);
  }
  const data = new Uint8Array(width * height);
  for (let i = 0; i < field.length; i++) data[i] = Math.round(255 * Math.min(1, field[i]!));
  return { width, height, data };
}

/**
 * Add a blob of `amount` at (cx, cy) texels: (1 − q)^`power` inside the ellipse q < 1 of radius
 * `r` texels, stretched `elong` times along the unit direction `axis`.
 */
function splat(field: Float32Array, w: number, h: number, cx: number, cy: number, r: number, elong: number, axis: readonly [number, number], amount: number, power: number): void {
  const reach = r * elong;
  const [c, s] = axis;
  for (let y = Math.max(0, Math.floor(cy - reach)); y <= Math.min(h - 1, Math.ceil(cy + reach)); y++) {
    for (let x = Math.max(0, Math.floor(cx - reach)); x <= Math.min(w - 1, Math.ceil(cx + reach)); x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const a = (dx * c + dy * s) / (r * elong);
      const b = (-dx * s + dy * c) / r;
      const q = a * a + b * b;
      if (q >= 1) continue;
      let v = amount;
      for (let k = 0; k < power; k++) v *= 1 - q;
      field[y * w + x]! += v;
    }
  }
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
