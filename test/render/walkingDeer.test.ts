// Animated legs in the real capture page (headless Chromium): a deer walking across the view,
// seen side-on at 10 m. Its legs change the instance mask from frame to frame beyond the
// deer's own motion, while its label stays the entity's box, moved by the physics state only.
// Camera as in test/browser/groundTruth.test.ts: 320 px focal length, centre (320, 240), 1.5 m up,
// so at 10 m one metre is 32 px and height z shows on row v = 240 + 32·(1.5 - z).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameRecord } from '../../src/capture/index.ts';
import type { EntitySpec } from '../../src/scenario/index.ts';
import { openCapture, type CapturePage } from '../helpers/capturePage.ts';
import { analyticScene } from '../helpers/specs.ts';

const W = 640;
const ID = 2;
const SIZE: [number, number, number] = [1.6, 0.45, 1.55];
const V = 1.2;
const FPS = 10;
const deer: EntitySpec = {
  id: ID,
  name: 'deer',
  cls: 'deer',
  model: 'deer',
  size: SIZE,
  position: [10, -3, 0],
  yaw: Math.PI / 2,
  color: [0.5, 0.33, 0.2],
  motion: { kind: 'walk', speed: V, heading: Math.PI / 2, start: 0, distance: 10 },
  lights: 'off',
};
const row = (z: number): number => Math.round(240 + 32 * (1.5 - z));

/** Horizontal extent (pixels, max - min + 1) of the deer's mask over rows v0..v1; 0 if absent. */
function extent(rec: FrameRecord, v0: number, v1: number): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let v = v0; v <= v1; v++) {
    for (let u = 0; u < W; u++) {
      if (rec.instance[v * W + u] === ID) (lo = Math.min(lo, u), (hi = Math.max(hi, u)));
    }
  }
  return hi >= lo ? hi - lo + 1 : 0;
}

let cap: CapturePage;
const frames: FrameRecord[] = [];
beforeAll(async () => {
  cap = await openCapture();
  await cap.load(analyticScene([deer], { fps: FPS }));
  for (let i = 0; i < 8; i++) frames.push(await cap.frame('front', i));
});
afterAll(async () => {
  await cap?.close();
});

describe('a deer walking across the view', () => {
  it('moves its legs: the spread of its feet changes from frame to frame, its back does not', () => {
    // Feet: rows of the bottom 30 cm. Back: the barrel, 0.9..1.1 m up (no legs, head or tail there).
    const feet = frames.map((r) => extent(r, row(0.3), row(0.02)));
    const back = frames.map((r) => extent(r, row(1.1), row(0.9)));
    for (const f of feet) expect(f).toBeGreaterThan(10);
    // Walking 1.2 m/s at 10 fps covers 8 % of a 1.5 m stride per frame: feet swing visibly.
    expect(Math.max(...feet) - Math.min(...feet), `feet ${feet.join(' ')}`).toBeGreaterThanOrEqual(5);
    expect(Math.max(...back) - Math.min(...back), `back ${back.join(' ')}`).toBeLessThanOrEqual(2);
    // And consecutive frames differ in the leg rows by more than the deer's translation explains.
    const changed = feet.slice(1).filter((f, i) => f !== feet[i]).length;
    expect(changed).toBeGreaterThanOrEqual(3);
  });

  it('labels it with its entity box moved by the physics state, grown to hold the legs as they swing', () => {
    const lengths = new Set<number>();
    frames.forEach((rec, i) => {
      const l = rec.objects.find((o) => o.name === 'deer')!;
      const t = i / FPS;
      // Heading, speed and the body's place come from the physics state, whatever the legs do.
      expect(l.yaw).toBeCloseTo(Math.PI / 2, 5);
      expect(l.speed).toBeCloseTo(V, 5);
      expect(l.pixels).toBeGreaterThan(500);
      // The box follows the pose (docs/conventions.md): the entity box grown along the stride
      // (the deer walks along world +y: its length), never narrower or shorter than it, and
      // holding it: the nominal box [y - l/2, y + l/2] lies inside the label box.
      const y = -3 + V * t;
      expect(l.size[1]).toBeCloseTo(SIZE[1], 6); // legs swing fore and aft, not sideways
      expect(l.size[0]).toBeGreaterThanOrEqual(SIZE[0] - 1e-6);
      expect(l.size[2]).toBeGreaterThanOrEqual(SIZE[2] - 1e-6);
      expect(l.size[2]).toBeLessThan(SIZE[2] + 0.02); // hooves dip at most a little below the ground
      expect(l.center[0]).toBeCloseTo(10, 4);
      expect(l.center[1] - l.size[0] / 2).toBeLessThanOrEqual(y - SIZE[0] / 2 + 1e-6);
      expect(l.center[1] + l.size[0] / 2).toBeGreaterThanOrEqual(y + SIZE[0] / 2 - 1e-6);
      lengths.add(Math.round(l.size[0] * 1000));
    });
    // Walking, the legs reach out of the entity box in some frames, by different amounts.
    expect(lengths.size).toBeGreaterThan(1);
  });

  it('draws the same pixels for the same frames after a restart', async () => {
    await cap.load(analyticScene([deer], { fps: FPS }));
    for (let i = 0; i < 4; i++) {
      const again = await cap.frame('front', i);
      expect(again.instance, `frame ${i}`).toEqual(frames[i]!.instance);
      expect(again.rgb, `frame ${i}`).toEqual(frames[i]!.rgb);
    }
  });
});
