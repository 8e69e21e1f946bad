// Ground truth checked against values computed by hand, rendered in real headless Chromium.
// Camera: at (0, 0, 1.5) m looking along +x, level, 90° horizontal fov at 640x480, so
// fx = fy = 320 / tan(45°) = 320 px, cx = 320, cy = 240, and a world point (x, y, z) lands at
// u = 320 + 320·(-y)/x, v = 240 + 320·(1.5 - z)/x with planar depth x.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullFrameRecord } from '../../src/capture/index.ts';
import { classByName } from '../../src/core/index.ts';
import { openCapture, type CapturePage } from '../helpers/capturePage.ts';
import { analyticScene, staticBox } from '../helpers/specs.ts';

const W = 640;
const project = (x: number, y: number, z: number): [number, number] => [320 + (320 * -y) / x, 240 + (320 * (1.5 - z)) / x];

/** Box of the projected corners of an axis-aligned box [x0..x1]×[y0..y1]×[z0..z1] (all in front). */
function projectedBox(x0: number, x1: number, y0: number, y1: number, z0: number, z1: number): number[] {
  const us: number[] = [];
  const vs: number[] = [];
  for (const x of [x0, x1]) for (const y of [y0, y1]) for (const z of [z0, z1]) {
    const [u, v] = project(x, y, z);
    us.push(u);
    vs.push(v);
  }
  return [Math.min(...us), Math.min(...vs), Math.max(...us), Math.max(...vs)];
}

const at = (rec: FullFrameRecord, u: number, v: number) => {
  const i = Math.floor(v) * W + Math.floor(u);
  return { depth: rec.depth[i]!, semantic: rec.semantic[i]!, instance: rec.instance[i]! };
};

let cap: CapturePage;
beforeAll(async () => {
  cap = await openCapture();
});
afterAll(async () => {
  await cap?.close();
});

describe('a 2 m box 10 m straight ahead', () => {
  let rec: FullFrameRecord;
  beforeAll(async () => {
    // Bottom centre (10, 0, 0), size 2×2×2: the near face is the plane x = 9, y ∈ [-1, 1], z ∈ [0, 2].
    await cap.load(analyticScene([staticBox(2, 'crate', [2, 2, 2], [10, 0, 0])]));
    rec = await cap.frame('front', 0);
  });

  it('has the hand-computed intrinsics and pose', () => {
    expect(rec.intrinsics.fx).toBeCloseTo(320, 9);
    expect(rec.intrinsics.fy).toBeCloseTo(320, 9);
    expect(rec.intrinsics.cx).toBe(320);
    expect(rec.intrinsics.cy).toBe(240);
    // OpenCV camera axes in world: x right = -y, y down = -z, z forward = +x; centre (0, 0, 1.5).
    const expected = [0, 0, 1, 0, -1, 0, 0, 0, 0, -1, 0, 1.5, 0, 0, 0, 1];
    rec.cameraToWorld.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
  });

  it('measures 9 m planar depth at the centre pixel, within 1 cm', () => {
    expect(Math.abs(at(rec, 320, 240).depth - 9)).toBeLessThan(0.01);
    // Off-centre on the same face the planar depth is still 9 m (range would be longer).
    expect(Math.abs(at(rec, 300, 230).depth - 9)).toBeLessThan(0.01);
  });

  it('gives the surface normal facing the camera, in camera axes', () => {
    // The near face x = 9 faces -x in the world, towards the camera: -z in OpenCV camera axes.
    const i = 240 * W + 320;
    expect(rec.normals![i * 3]).toBeCloseTo(0, 4);
    expect(rec.normals![i * 3 + 1]).toBeCloseTo(0, 4);
    expect(rec.normals![i * 3 + 2]).toBeCloseTo(-1, 4);
    // The road faces up (+z world): up is -y in camera axes.
    const j = 479 * W + 320;
    expect(rec.normals![j * 3 + 1]).toBeCloseTo(-1, 4);
    // Sky: no surface, no normal.
    expect([...rec.normals!.subarray(2 * W * 3, 2 * W * 3 + 3)]).toEqual([0, 0, 0]);
  });

  it('labels the centre pixel with the box class and its instance id', () => {
    const p = at(rec, 320, 240);
    expect(p.semantic).toBe(classByName('box')!.id);
    expect(p.instance).toBe(2);
  });

  it('has a 2D box within 1 px of the projected box', () => {
    const want = projectedBox(9, 11, -1, 1, 0, 2); // ≈ [284.44, 222.22, 355.56, 293.33]
    const crate = rec.objects.find((o) => o.name === 'crate')!;
    expect(crate.box2d).not.toBeNull();
    crate.box2d!.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(1));
    // Pixels: the 71.1 × 71.1 px face, within the 1 px border.
    expect(crate.pixels).toBeGreaterThan(70 * 70);
    expect(crate.pixels).toBeLessThan(73 * 73);
  });

  it('gives the 3D box centre in world and camera frames', () => {
    const crate = rec.objects.find((o) => o.name === 'crate')!;
    expect(crate.center).toEqual([10, 0, 1]);
    // Camera frame: x = -y = 0, y = 1.5 - 1 = 0.5 (below the camera), z = 10.
    crate.centerCam.forEach((v, i) => expect(v).toBeCloseTo([0, 0.5, 10][i]!, 5));
    expect(crate.size).toEqual([2, 2, 2]);
  });

  it('leaves the camera carrier out of its own labels and pixels', () => {
    expect(rec.objects.map((o) => o.name)).toEqual(['crate']);
    expect(rec.instance.includes(1)).toBe(false);
  });

  it('reads sky as class 0 with depth 0, and the road below with its planar depth', () => {
    expect(at(rec, 320, 2)).toEqual({ depth: 0, semantic: 0, instance: 0 });
    // Bottom row centre, v = 479.5: the ray meets z = 0 at planar depth 1.5 / ((479.5 - 240) / 320).
    const road = at(rec, 320, 479);
    expect(road.semantic).toBe(classByName('road')!.id);
    expect(road.instance).toBe(0);
    expect(Math.abs(road.depth - 1.5 / (239.5 / 320))).toBeLessThan(0.01);
  });
});

describe('a small box off to the left and farther away', () => {
  it('projects all eight corners within 1 px and reads its near face depth', async () => {
    // Bottom centre (20, 2, 0), size 1 × 0.5 × 0.8: x ∈ [19.5, 20.5], y ∈ [1.75, 2.25], z ∈ [0, 0.8].
    await cap.load(analyticScene([staticBox(7, 'parcel', [1, 0.5, 0.8], [20, 2, 0])]));
    const rec = await cap.frame('front', 0);
    const parcel = rec.objects.find((o) => o.name === 'parcel')!;
    const want = projectedBox(19.5, 20.5, 1.75, 2.25, 0, 0.8);
    parcel.box2d!.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(1));
    const [u, v] = project(19.5, 2, 0.4);
    const p = at(rec, u, v);
    expect(p.instance).toBe(7);
    expect(Math.abs(p.depth - 19.5)).toBeLessThan(0.01);
  });
});

describe('a box hidden behind another', () => {
  it('has no pixels and no 2D box, while the one in front keeps its labels', async () => {
    await cap.load(analyticScene([staticBox(2, 'front_box', [1, 3, 3], [8, 0, 0]), staticBox(3, 'hidden_box', [1, 1, 1], [30, 0, 0])]));
    const rec = await cap.frame('front', 0);
    const hidden = rec.objects.find((o) => o.name === 'hidden_box')!;
    expect(hidden.pixels).toBe(0);
    expect(hidden.box2d).toBeNull();
    expect(rec.objects.find((o) => o.name === 'front_box')!.pixels).toBeGreaterThan(0);
  });
});

describe('the road below the camera, wherever the camera stands', () => {
  it('is road at its planar depth from every position along a 250 m road', async () => {
    // Regression: single kilometre-sized terrain triangles came out of SwiftShader's near-plane
    // clipping with depth centimetres too close, so terrain showed through the road 2 m ahead for
    // some camera positions (x < 50 m on this road).
    const want = 1.5 / ((450.5 - 240) / 320);
    for (let x = 0; x <= 120; x += 12) {
      const spec = analyticScene([]);
      const ego = { ...spec.entities[0]!, position: [x, 0, 0] as [number, number, number] };
      await cap.load({ ...spec, road: { ...spec.road, length: 250 }, entities: [ego] });
      const rec = await cap.frame('front', 0);
      const p = at(rec, 320, 450);
      expect(p.semantic, `camera at x = ${x}`).toBe(classByName('road')!.id);
      expect(Math.abs(p.depth - want), `camera at x = ${x}`).toBeLessThan(0.01);
    }
  });
});
