// Perceptibility figures against values computed by hand: fog transmittance of the renderer's
// exp² fog, the Weber contrast of an object against its ring, and the flag's thresholds.
import { describe, expect, it } from 'vitest';
import { fogTransmittance, isPerceptible, LUMA_FLOOR, objectContrasts, PERCEPTIBLE, RING_PX } from '../../src/capture/index.ts';
import { FOG_CONTRAST } from '../../src/scenario/index.ts';

describe('fog transmittance', () => {
  it('is exp(-(ρ·d)²) with ρ = sqrt(-ln 0.05) / V: 0.473 at V/2, 0.05 at V, 6.25e-6 at 2V, 1 without fog', () => {
    const V = 80;
    const rho = FOG_CONTRAST / V;
    expect(fogTransmittance(rho, V / 2)).toBeCloseTo(Math.pow(0.05, 0.25), 12); // exp(ln(0.05)/4)
    expect(fogTransmittance(rho, V / 2)).toBeCloseTo(0.4729, 4);
    expect(fogTransmittance(rho, V)).toBeCloseTo(0.05, 12);
    expect(fogTransmittance(rho, 2 * V)).toBeCloseTo(6.25e-6, 12);
    expect(fogTransmittance(0, 500)).toBe(1);
    // Ground fog: half the mean density along the line halves the optical depth.
    expect(fogTransmittance(rho, V, 0.5)).toBeCloseTo(Math.pow(0.05, 0.25), 12);
  });
});

/** A w×h grey image (value g) with rectangles painted in, and the instance image of them. */
function image(w: number, h: number, g: number, rects: { id: number; x0: number; y0: number; x1: number; y1: number; v: number }[]) {
  const rgb = new Uint8Array(w * h * 3).fill(g);
  const instance = new Uint16Array(w * h);
  for (const r of rects) {
    for (let y = r.y0; y < r.y1; y++) {
      for (let x = r.x0; x < r.x1; x++) {
        rgb.fill(r.v, 3 * (y * w + x), 3 * (y * w + x) + 3);
        instance[y * w + x] = r.id;
      }
    }
  }
  return { rgb, instance };
}

describe('contrast against the ring', () => {
  it('is (L_object − L_ring) / max(L_ring, floor) on display luma, the ring 3 px wide', () => {
    // A 4×4 square of 200 on 100 grey, away from the edges: ring of (4 + 6)² − 16 = 84 pixels, all 100.
    const { rgb, instance } = image(20, 20, 100, [{ id: 7, x0: 8, y0: 8, x1: 12, y1: 12, v: 200 }]);
    const c = objectContrasts(rgb, instance, 20, 20, new Map([[7, [8, 8, 12, 12]]])).get(7)!;
    expect(RING_PX).toBe(3);
    expect(c.object).toBeCloseTo(200 / 255, 12);
    expect(c.background).toBeCloseTo(100 / 255, 12);
    expect(c.contrast).toBeCloseTo((200 - 100) / 100, 12);
  });

  it('counts what the object is seen against, another object included, and clips the ring at the image edge', () => {
    // Object 1 (2×2 at the top-left corner, 60) beside object 2 (a 2-wide column, 0) on 120 grey.
    const { rgb, instance } = image(10, 10, 120, [
      { id: 1, x0: 0, y0: 0, x1: 2, y1: 2, v: 60 },
      { id: 2, x0: 2, y0: 0, x1: 4, y1: 10, v: 0 },
    ]);
    const c = objectContrasts(rgb, instance, 10, 10, new Map([[1, [0, 0, 2, 2]]])).get(1)!;
    // Its ring: x, y in 0..4 but the object: 25 − 4 = 21 pixels; of them x ∈ {2, 3} (object 2,
    // black) for y 0..4: 10 pixels; the other 11 are grey 120.
    expect(c.background).toBeCloseTo((11 * 120) / 21 / 255, 12);
    expect(c.contrast).toBeCloseTo((60 / 255 - (11 * 120) / 21 / 255) / ((11 * 120) / 21 / 255), 12);
  });

  it('measures a dark scene against the floor, not the near-black background', () => {
    // Night: background 5 of 255 (below the floor of ~13), a dim object at 15.
    const { rgb, instance } = image(20, 20, 5, [{ id: 3, x0: 5, y0: 5, x1: 15, y1: 15, v: 15 }]);
    const c = objectContrasts(rgb, instance, 20, 20, new Map([[3, [5, 5, 15, 15]]])).get(3)!;
    expect(c.contrast).toBeCloseTo((15 - 5) / 255 / LUMA_FLOOR, 12);
  });

  it('has no figure for an object filling the image (no ring)', () => {
    const { rgb, instance } = image(4, 4, 10, [{ id: 9, x0: 0, y0: 0, x1: 4, y1: 4, v: 90 }]);
    expect(objectContrasts(rgb, instance, 4, 4, new Map([[9, [0, 0, 4, 4]]])).has(9)).toBe(false);
  });
});

describe('the perceptible flag', () => {
  it(`needs ${PERCEPTIBLE.minPixels} pixels and a contrast of ${PERCEPTIBLE.minContrast} either way`, () => {
    expect(isPerceptible(PERCEPTIBLE.minPixels, PERCEPTIBLE.minContrast)).toBe(true);
    expect(isPerceptible(PERCEPTIBLE.minPixels, -PERCEPTIBLE.minContrast)).toBe(true);
    expect(isPerceptible(PERCEPTIBLE.minPixels - 1, 5)).toBe(false);
    expect(isPerceptible(1000, PERCEPTIBLE.minContrast * 0.99)).toBe(false);
    expect(isPerceptible(1000, null)).toBe(null);
  });
});
