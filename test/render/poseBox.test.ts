// The 3D label box of every model through every gait: the nominal box holds each built-in
// vehicle and prop exactly (so their boxes stay nominal), and a body's box grows with its limbs,
// by as much as they reach out (the galloping deer's hind legs, a running adult's feet).
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/assets/index.ts';
import { MODELS } from '../../src/core/models.ts';
import { bodyLength, isAnimated } from '../../src/render/gait.ts';
import { poseBoxes } from '../../src/render/index.ts';

/** How far, metres, a box reaches beyond the nominal one of `size` on its farthest side (0: not at all). */
function reach(b: { min: number[]; max: number[] }, size: readonly number[]): number {
  return Math.max(-size[0]! / 2 - b.min[0]!, -size[1]! / 2 - b.min[1]!, -b.min[2]!, b.max[0]! - size[0]! / 2, b.max[1]! - size[1]! / 2, b.max[2]! - size[2]!);
}

describe('label boxes of every model', () => {
  for (const m of MODELS) {
    const size = m.size as [number, number, number];
    it(`${m.name}: ${isAnimated(m.name) ? 'grows with its limbs, and holds the nominal box' : 'is its nominal box'}`, () => {
      const model = buildModel(m.name, size, m.color as [number, number, number]);
      const kind = model.userData.model as string;
      const boxes = poseBoxes(model, kind, size, bodyLength(kind, size));
      for (const b of boxes) {
        // Never smaller than nominal: the box is the nominal one grown.
        expect(b.min[0]).toBeLessThanOrEqual(-size[0] / 2 + 1e-9);
        expect(b.max[2]).toBeGreaterThanOrEqual(size[2] - 1e-9);
      }
      const widest = Math.max(...boxes.map((b) => reach(b, size)));
      if (!isAnimated(kind)) expect(widest).toBeLessThan(0.001);
      else expect(boxes.length).toBeGreaterThanOrEqual(2 * 48 + 2); // every gait swept: 48 points of a stride each, and rest
    });
  }

  it('reaches out where the issue measured it: a galloping deer 30+ cm behind, a running adult 40+ cm', () => {
    for (const [name, atLeast] of [['deer', 0.3], ['adult', 0.4]] as const) {
      const m = MODELS.find((x) => x.name === name)!;
      const size = m.size as [number, number, number];
      const model = buildModel(name, size, m.color as [number, number, number]);
      const boxes = poseBoxes(model, name, size, bodyLength(name, size));
      expect(Math.max(...boxes.map((b) => reach(b, size)))).toBeGreaterThan(atLeast);
      // At rest it is the nominal box, up to a foot a little below the ground line (< 2 cm).
      expect(reach(boxes[0]!, size)).toBeLessThan(0.02);
    }
  });
});
