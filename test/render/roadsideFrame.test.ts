// Roadside scenery in the real capture page (headless Chromium): a straight two-lane road with
// trees and a guardrail on the right. Camera as in test/browser/groundTruth.test.ts: at
// (0, 0, 1.5) m looking along +x, 320 px focal length, centre (320, 240), so the pixel (u, v) with
// planar depth d sees the world point x = d, y = -(u + 0.5 - 320)·d/320, z = 1.5 - (v + 0.5 - 240)·d/320.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullFrameRecord } from '../../src/capture/index.ts';
import { classByName } from '../../src/core/index.ts';
import { RAIL_OFFSET, roadsideLayout } from '../../src/render/roadside.ts';
import type { SceneSpec } from '../../src/scenario/index.ts';
import { openCapture, type CapturePage } from '../helpers/capturePage.ts';
import { analyticScene } from '../helpers/specs.ts';

const W = 640;
const H = 480;
const id = (name: string) => classByName(name)!.id;
const SCENERY = ['guardrail', 'pole', 'traffic_sign', 'vegetation'].map(id);

const base = analyticScene([]);
const bare: SceneSpec = { ...base, seed: 11, road: { ...base.road, lanes: 2, laneWidth: 3.5, oncoming: 1, shoulder: 1, markingWear: 0 } };
const scenic: SceneSpec = {
  ...bare,
  road: { ...bare.road, roadside: { vegetation: 'trees', guardrails: [{ side: 'right', from: -100, to: 400 }] } },
};
/** Paved edge: 2 lanes of 3.5 m, 1 m shoulders. */
const EDGE = 4.5;

function world(rec: FullFrameRecord, i: number): [number, number, number] {
  const u = (i % W) + 0.5;
  const v = Math.floor(i / W) + 0.5;
  const d = rec.depth[i]!;
  return [d, (-(u - 320) * d) / 320, 1.5 - ((v - 240) * d) / 320];
}

let cap: CapturePage;
let withScenery: FullFrameRecord;
let without: FullFrameRecord;
beforeAll(async () => {
  cap = await openCapture();
  await cap.load(bare);
  without = await cap.frame('front', 0);
  await cap.load(scenic);
  withScenery = await cap.frame('front', 0);
});
afterAll(async () => {
  await cap?.close();
});

describe('a straight road with trees and a guardrail', () => {
  it('shows vegetation, guardrail and pole pixels, all stuff (instance 0)', () => {
    const count = (c: number) => withScenery.semantic.filter((s) => s === c).length;
    expect(count(id('vegetation'))).toBeGreaterThan(2000);
    expect(count(id('guardrail'))).toBeGreaterThan(500);
    expect(count(id('pole'))).toBeGreaterThan(20);
    for (let i = 0; i < W * H; i++) if (SCENERY.includes(withScenery.semantic[i]!)) expect(withScenery.instance[i]).toBe(0);
    expect(without.semantic.some((s) => SCENERY.includes(s))).toBe(false);
  });

  it('shows each scenery pixel where its piece stands, and none on the road or shoulders', () => {
    const items = roadsideLayout(scenic).items;
    const railY = -(EDGE + RAIL_OFFSET);
    let checked = 0;
    for (let i = 0; i < W * H; i++) {
      const s = withScenery.semantic[i]!;
      if (!SCENERY.includes(s)) continue;
      const [x, y, z] = world(withScenery, i);
      expect(Math.abs(y), `pixel ${i % W},${Math.floor(i / W)}`).toBeGreaterThan(EDGE + 0.15);
      if (s === id('guardrail')) {
        // The beam faces the road 7 cm before the rail line; posts stand up to 13 cm behind it.
        expect(y).toBeGreaterThan(railY - 0.16);
        expect(y).toBeLessThan(railY + 0.1);
        expect(z).toBeGreaterThan(-0.1);
        expect(z).toBeLessThan(0.8);
      } else {
        const kinds = s === id('vegetation') ? ['tree', 'conifer', 'bush'] : ['utility_pole', 'delineator', 'sign'];
        const near = items.some((it) => kinds.includes(it.kind) && Math.hypot(x - it.x, y - it.y) <= Math.max(it.radius, 0.85) + 0.1 && z <= it.height + 1);
        expect(near, `class ${s} at (${x.toFixed(2)}, ${y.toFixed(2)}, ${z.toFixed(2)})`).toBe(true);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(2500);
  });

  // Seen from the road, nothing beside it can stand in front of it on a straight road; the verge
  // beside the shoulders must not win any of their pixels either (it did, once, at the camera's
  // own plane x = 0 where SwiftShader clips a vertex badly: see roadside.ts PHASE).
  it("keeps the road's own pixels: road, markings and shoulders exactly as without scenery", () => {
    for (const c of ['road', 'lane_marking', 'shoulder'].map(id)) {
      const a = Uint8Array.from(without.semantic, (s) => (s === c ? 1 : 0));
      const b = Uint8Array.from(withScenery.semantic, (s) => (s === c ? 1 : 0));
      expect(b.reduce((n, v) => n + v, 0)).toBeGreaterThan(1000);
      expect(b).toEqual(a);
    }
  });

  it('renders the same pixels again (layout and geometry deterministic)', async () => {
    await cap.load(scenic);
    const again = await cap.frame('front', 0);
    expect(again.semantic).toEqual(withScenery.semantic);
    expect(again.rgb).toEqual(withScenery.rgb);
    expect(again.depth).toEqual(withScenery.depth);
  });
});
