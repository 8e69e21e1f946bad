import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, maskStats, objectLabels, type FrameRecord } from '../../src/capture/index.ts';
import { quatFromYaw } from '../../src/core/index.ts';
import { STATE_STRIDE, type EntitySpec } from '../../src/scenario/index.ts';

describe('maskStats', () => {
  it('finds the tight box (exclusive max) and pixel count of each id', () => {
    const w = 6;
    const h = 4;
    // id 3 covers x 1..2, y 1..2 (4 px); id 9 is the single pixel (5, 3).
    const ids = new Uint16Array(w * h);
    for (const [x, y] of [[1, 1], [2, 1], [1, 2], [2, 2]]) ids[y! * w + x!] = 3;
    ids[3 * w + 5] = 9;
    const s = maskStats(ids, w, h);
    expect(s.boxes.get(3)).toEqual({ box: [1, 1, 3, 3], pixels: 4 });
    expect(s.boxes.get(9)).toEqual({ box: [5, 3, 6, 4], pixels: 1 });
    expect(s.boxes.has(0)).toBe(false);
    expect(s.boxes.size).toBe(2);
  });

  it('handles the top id 65535', () => {
    const ids = new Uint16Array([0, 65535]);
    expect(maskStats(ids, 2, 1).boxes.get(65535)).toEqual({ box: [1, 0, 2, 1], pixels: 1 });
  });
});

describe('objectLabels', () => {
  it('puts the box centre half a height above the bottom, rotated with the body, and into the camera frame', () => {
    const e: EntitySpec = { id: 4, name: 'doe', cls: 'deer', model: 'deer', size: [1.6, 0.45, 1.5], position: [0, 0, 0], yaw: 0, color: [1, 1, 1], motion: { kind: 'static' }, lights: 'off' };
    const state = new Float32Array(STATE_STRIDE);
    const q = quatFromYaw(Math.PI / 2);
    state.set([10, 2, 0, ...q, 3, 0, 3, 0]); // facing and moving along world +y at 3 m/s
    // Camera at (0, 0, 1.5) looking +x: OpenCV axes x = -y_w, y = -z_w, z = x_w.
    const camToWorld = [0, 0, 1, 0, -1, 0, 0, 0, 0, -1, 0, 1.5, 0, 0, 0, 1];
    const view = { cameraToWorld: camToWorld, intrinsics: { fx: 2, fy: 2, cx: 2, cy: 2 }, width: 4, height: 4 };
    const [l] = objectLabels([e], state, STATE_STRIDE, () => 20, view, { boxes: new Map([[4, { box: [1, 2, 3, 4], pixels: 5 }]]) }, { boxes: new Map([[4, { box: [0, 2, 3, 4], pixels: 8 }]]) }, new Set());
    expect(l!.center).toEqual([10, 2, 0.75]);
    l!.centerCam.forEach((v, i) => expect(v).toBeCloseTo([-2, 0.75, 10][i]!, 6));
    expect(l!.yaw).toBeCloseTo(Math.PI / 2, 6);
    expect(l!.speed).toBe(3);
    expect(l!.box2d).toEqual([1, 2, 3, 4]);
    expect(l!.pixels).toBe(5);
    expect(l!.velocity).toEqual([0, 3, 0]);
    // World +y is camera -x (OpenCV: x right = world -y).
    l!.velocityCam.forEach((v, i) => expect(v).toBeCloseTo([-3, 0, 0][i]!, 6));
    expect(l!.amodalBox2d).toEqual([0, 2, 3, 4]);
    expect(l!.unoccludedPixels).toBe(8);
    expect(l!.visibility).toBe(5 / 8);
    expect(l!.occlusion).toBe(1);
    expect(l!.distance).toBeCloseTo(Math.hypot(2, 0.75, 10), 6);
    expect(objectLabels([e], state, STATE_STRIDE, () => 20, view, { boxes: new Map() }, { boxes: new Map() }, new Set([4]))).toEqual([]);
  });
});

describe('frame wire format', () => {
  it('round-trips a FrameRecord exactly, whatever the payload offset', () => {
    const w = 3;
    const h = 2;
    const rec: FrameRecord = {
      index: 7,
      time: 0.7,
      camera: 'front',
      width: w,
      height: h,
      rgb: Uint8Array.from({ length: w * h * 3 }, (_, i) => i * 13),
      depth: Float32Array.from({ length: w * h }, (_, i) => i * 1.25 + 0.1),
      semantic: Uint8Array.from({ length: w * h }, (_, i) => i),
      instance: Uint16Array.from({ length: w * h }, (_, i) => 65535 - i),
      intrinsics: { fx: 1, fy: 2, cx: 1.5, cy: 1 },
      cameraToWorld: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
      objects: [],
      events: [{ name: 'doe_on_road', time: 1.25 }, { name: 'never', time: null }],
      collisions: [{ time: 0.5, a: 'ego', b: 'doe', impulse: 812.25 }, { time: 0.6, a: 'ego', b: 'car', impulse: null }],
    };
    const bytes = encodeFrame(rec);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    for (const b of [bytes, shifted.subarray(3)]) {
      const back = decodeFrame(b);
      expect(back).toEqual(rec);
      expect(back.depth).toBeInstanceOf(Float32Array);
      expect(back.instance).toBeInstanceOf(Uint16Array);
    }
    // The last 4 bytes are alignment padding; cutting 8 cuts into the instance layer.
    expect(() => decodeFrame(bytes.subarray(0, bytes.length - 8))).toThrow(/truncated in layer instance/);
  });
});
