// Optical flow, amodal boxes and visibility checked against values computed by hand, rendered in
// real headless Chromium. Camera as in groundTruth.test.ts: at (0, 0, 1.5) looking along +x,
// fx = fy = 320 px, cx = 320, cy = 240; a world point (x, y, z) lands at
// u = 320 - 320·y/x, v = 240 + 320·(1.5 - z)/x.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullFrameRecord, ObjectLabel } from '../../src/capture/index.ts';
import type { EntitySpec } from '../../src/scenario/index.ts';
import { openCapture, type CapturePage } from '../helpers/capturePage.ts';
import { analyticScene, staticBox } from '../helpers/specs.ts';

const W = 640;
const u = (x: number, y: number) => 320 - (320 * y) / x;
const v = (x: number, z: number) => 240 + (320 * (1.5 - z)) / x;

let cap: CapturePage;
beforeAll(async () => {
  cap = await openCapture();
});
afterAll(async () => {
  await cap?.close();
});

const object = (rec: FullFrameRecord, name: string): ObjectLabel => rec.objects.find((o) => o.name === name)!;

describe('a box half hidden behind another', () => {
  // Front box: x ∈ [9, 11], y ∈ [-1, 1], z ∈ [0, 2]; the camera (z = 1.5) sees only its near face,
  // u ∈ [u(9, 1), u(9, -1)] = [284.44, 355.56], v ∈ [v(9, 2), v(9, 0)] = [222.2, 293.3].
  // Back box: x ∈ [19, 21], y ∈ [1, 3]: its near face u ∈ [u(19, 3), u(19, 1)] = [269.47, 303.16],
  // v ∈ [231.58, 265.26], and its side y = 1 faces the camera: u up to u(21, 1) = 304.76, v from
  // v(21, 2) = 232.38 to v(21, 0) = 262.86. Nothing of the front box's face is above or below the
  // back box's rows, so the back box is seen exactly left of u = 284.44.
  let rec: FullFrameRecord;
  beforeAll(async () => {
    await cap.load(analyticScene([staticBox(2, 'front', [2, 2, 2], [10, 0, 0]), staticBox(3, 'back', [2, 2, 2], [20, 2, 0])]));
    rec = await cap.frame('front', 0);
  });

  it('gives the back box an amodal box of its whole projection and a visible box of the part left of the front box', () => {
    const back = object(rec, 'back');
    const amodal = [u(19, 3), v(19, 2), u(21, 1), v(19, 0)];
    back.amodalBox2d!.forEach((b, i) => expect(Math.abs(b - amodal[i]!)).toBeLessThanOrEqual(1));
    const visible = [u(19, 3), v(19, 2), u(9, 1), v(19, 0)];
    back.box2d!.forEach((b, i) => expect(Math.abs(b - visible[i]!)).toBeLessThanOrEqual(1));
  });

  it('measures its visibility as visible over unoccluded pixels, near the ratio of projected areas', () => {
    const back = object(rec, 'back');
    const h19 = v(19, 0) - v(19, 2);
    const h21 = v(21, 0) - v(21, 2);
    const visibleArea = (u(9, 1) - u(19, 3)) * h19;
    const wholeArea = (u(19, 1) - u(19, 3)) * h19 + ((u(21, 1) - u(19, 1)) * (h19 + h21)) / 2;
    expect(Math.abs(back.pixels - visibleArea)).toBeLessThan(0.04 * visibleArea);
    expect(Math.abs(back.unoccludedPixels - wholeArea)).toBeLessThan(0.04 * wholeArea);
    expect(back.visibility).toBe(back.pixels / back.unoccludedPixels);
    expect(Math.abs(back.visibility! - visibleArea / wholeArea)).toBeLessThan(0.02); // ≈ 0.425
    expect(back.occlusion).toBe(2);
  });

  it('sees the front box whole: visibility 1, occlusion 0, amodal box = visible box', () => {
    const front = object(rec, 'front');
    expect(front.visibility).toBe(1);
    expect(front.occlusion).toBe(0);
    expect(front.amodalBox2d).toEqual(front.box2d);
    expect(front.unoccludedPixels).toBe(front.pixels);
  });

  it('gives the distance to the box centre', () => {
    // Centres (10, 0, 1) and (20, 2, 1); camera at (0, 0, 1.5).
    expect(object(rec, 'front').distance).toBeCloseTo(Math.hypot(10, 0, 0.5), 5);
    expect(object(rec, 'back').distance).toBeCloseTo(Math.hypot(20, 2, 0.5), 5);
  });

  it('writes the same layers whether drawn in one pass to several targets or one pass per layer', async () => {
    await cap.page.evaluate(() => window.longtail!.setLayerPasses('separate'));
    try {
      await cap.load(analyticScene([staticBox(2, 'front', [2, 2, 2], [10, 0, 0]), staticBox(3, 'back', [2, 2, 2], [20, 2, 0])]));
      const sep = await cap.frame('front', 0);
      expect(Buffer.from(sep.instance.buffer, sep.instance.byteOffset, sep.instance.byteLength).equals(Buffer.from(rec.instance.buffer, rec.instance.byteOffset, rec.instance.byteLength))).toBe(true);
      expect(Buffer.from(sep.semantic.buffer, sep.semantic.byteOffset, sep.semantic.byteLength).equals(Buffer.from(rec.semantic.buffer, rec.semantic.byteOffset, rec.semantic.byteLength))).toBe(true);
      expect(Buffer.from(sep.depth.buffer, sep.depth.byteOffset, sep.depth.byteLength).equals(Buffer.from(rec.depth.buffer, rec.depth.byteOffset, rec.depth.byteLength))).toBe(true);
      expect(Buffer.from(sep.normals!.buffer, sep.normals!.byteOffset, sep.normals!.byteLength).equals(Buffer.from(rec.normals!.buffer, rec.normals!.byteOffset, rec.normals!.byteLength))).toBe(true);
      expect(sep.objects).toEqual(rec.objects);
    } finally {
      await cap.page.evaluate(() => window.longtail!.setLayerPasses('mrt'));
    }
  });
});

describe('optical flow of a box driving away at 10 m/s', () => {
  // At 10 fps the box moves 1 m a frame. Frame 1 (t = 0.1 s): its near face is at x = X = 20, a
  // frame earlier at 19. A face point at pixel (u, v) now was at u' = 320 + (u - 320)·X/(X - 1), so
  // flow (u - u', v - v') = -((u - 320), (v - 240)) / (X - 1). The road does not move: flow 0.
  // The face covers u ∈ [304, 336], v ∈ [232, 264].
  const mover: EntitySpec = { ...staticBox(2, 'mover', [2, 2, 2], [20, 0, 0]), motion: { kind: 'drive', speed: 10, lane: null } };
  let f0: FullFrameRecord;
  let f1: FullFrameRecord;
  let f1again: FullFrameRecord;
  beforeAll(async () => {
    await cap.load(analyticScene([mover]));
    f0 = await cap.frame('front', 0);
    f1 = await cap.frame('front', 1);
    // Straight to frame 1 from a fresh load: the previous frame's poses are visited on the way.
    await cap.load(analyticScene([mover]));
    f1again = await cap.frame('front', 1);
  });

  it('has no flow layer at the first frame (there is no previous one)', () => {
    expect(f0.flow).toBeUndefined();
  });

  it('gives the hand-computed flow on the moving face, 0 on the road and NaN on the sky', () => {
    const flow = f1.flow!;
    const X = 20;
    for (const [px, py] of [[306, 234], [334, 262], [315, 245], [325, 255]] as const) {
      const i = py * W + px;
      expect(f1.instance[i]).toBe(2);
      expect(flow[2 * i]).toBeCloseTo(-(px + 0.5 - 320) / (X - 1), 3);
      expect(flow[2 * i + 1]).toBeCloseTo(-(py + 0.5 - 240) / (X - 1), 3);
    }
    const road = 470 * W + 100;
    expect(f1.semantic[road]).toBe(1);
    expect(Math.abs(flow[2 * road]!)).toBeLessThan(1e-3);
    expect(Math.abs(flow[2 * road + 1]!)).toBeLessThan(1e-3);
    expect(Number.isNaN(flow[2 * (5 * W + 5)]!)).toBe(true);
  });

  it('labels the box with its velocity in world and camera axes', () => {
    const o = object(f1, 'mover');
    o.velocity.forEach((x, i) => expect(x).toBeCloseTo([10, 0, 0][i]!, 5));
    o.velocityCam.forEach((x, i) => expect(x).toBeCloseTo([0, 0, 10][i]!, 5));
    expect(o.center[0]).toBeCloseTo(21, 5);
  });

  it('is the same whether frame 0 was captured first or not', () => {
    expect(Buffer.from(f1again.flow!.buffer, f1again.flow!.byteOffset, f1again.flow!.byteLength).equals(Buffer.from(f1.flow!.buffer, f1.flow!.byteOffset, f1.flow!.byteLength))).toBe(true);
  });
});
