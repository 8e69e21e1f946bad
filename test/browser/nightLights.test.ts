// Night lighting in real headless Chromium: hazard lights blinking with simulated time, the shape of
// low and high beams on the road, street lamps' pools of light, eye-shine, and glare that never
// reaches the ground truth. Camera as in groundTruth.test.ts: at (0, 0, 1.5) looking along +x,
// fx = fy = 320 px, cx = 320, cy = 240; a world point (x, y, z) lands at
// u = 320 - 320·y/x, v = 240 + 320·(1.5 - z)/x. Frames are 10 fps: frame i is t = i/10 s.
import * as THREE from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../src/assets/index.ts';
import type { FullFrameRecord } from '../../src/capture/index.ts';
import { classByName } from '../../src/core/index.ts';
import type { CameraSpec, EntitySpec, SceneSpec } from '../../src/scenario/index.ts';
import { openCapture, type CapturePage } from '../helpers/capturePage.ts';
import { analyticScene } from '../helpers/specs.ts';

const W = 640;
const u = (x: number, y: number) => 320 - (320 * y) / x;
const v = (x: number, z: number) => 240 + (320 * (1.5 - z)) / x;

/** Luminance (of the sRGB bytes) of pixel (px, py). */
const lum = (rec: FullFrameRecord, px: number, py: number): number => {
  const i = (Math.floor(py) * W + Math.floor(px)) * 3;
  return 0.2126 * rec.rgb[i]! + 0.7152 * rec.rgb[i + 1]! + 0.0722 * rec.rgb[i + 2]!;
};
/** Mean and max luminance over the pixels within `r` of (cx, cy) (a (2r+1)² window, `ry` rows up and down if given). */
function window(rec: FullFrameRecord, cx: number, cy: number, r: number, ry = r): { mean: number; max: number } {
  let sum = 0;
  let max = 0;
  let n = 0;
  for (let y = Math.round(cy) - ry; y <= Math.round(cy) + ry; y++) {
    for (let x = Math.round(cx) - r; x <= Math.round(cx) + r; x++) {
      const l = lum(rec, x, y);
      sum += l;
      max = Math.max(max, l);
      n++;
    }
  }
  return { mean: sum / n, max };
}

/** analyticScene at midnight (no sun, no moon to speak of), the ego car's headlights `lights`. */
function night(lights: EntitySpec['lights'], things: EntitySpec[], env: Partial<SceneSpec['environment']> = {}, camera: Partial<CameraSpec> = {}): SceneSpec {
  const base = analyticScene(things, camera);
  return {
    ...base,
    environment: { ...base.environment, timeOfDay: 0, dayOfYear: 172, ...env },
    entities: [{ ...base.entities[0]!, lights }, ...base.entities.slice(1)],
  };
}

const sedan = (over: Partial<EntitySpec>): EntitySpec => ({
  id: 2,
  name: 'car',
  cls: 'car',
  model: 'sedan',
  size: [4.5, 1.8, 1.45],
  position: [10, 0, 0],
  yaw: 0,
  color: [0.5, 0.5, 0.52],
  motion: { kind: 'static' },
  lights: 'off',
  ...over,
});

const DEER_SIZE: [number, number, number] = [1.6, 0.45, 1.55];
const DEER_COLOR: [number, number, number] = [0.5, 0.33, 0.2];
const doe = (over: Partial<EntitySpec>): EntitySpec => ({
  id: 3,
  name: 'doe',
  cls: 'deer',
  model: 'deer',
  size: DEER_SIZE,
  position: [40, -1, 0],
  yaw: Math.PI,
  color: DEER_COLOR,
  motion: { kind: 'static' },
  lights: 'off',
  ...over,
});

let cap: CapturePage;
beforeAll(async () => {
  cap = await openCapture();
});
afterAll(async () => {
  await cap?.close();
});

describe('hazard lights', () => {
  // A sedan 10 m ahead, seen from behind, hazards on, its lights off. Its rear indicators (car.ts:
  // under the tail lamps, x -2.29..-2.23, |y| 0.46..0.78, z 0.59..0.63 at the model's 4.62 m
  // length, fitted to 4.5 m) sit at about x = 10 - 2.2 = 7.8, y = ±0.62, z = 0.61:
  // u = 320 ∓ 320·0.62/7.8 = 294.6 and 345.4, v = 240 + 320·0.89/7.8 = 276.5.
  const lamps: Array<[number, number]> = [
    [u(7.8, 0.62), v(7.8, 0.61)],
    [u(7.8, -0.62), v(7.8, 0.61)],
  ];
  const frames = new Map<number, FullFrameRecord>();
  beforeAll(async () => {
    await cap.load(night('off', [sedan({ hazards: true })]));
    // t = 0.1 and 0.7 s: first half of a 2/3 s period (lit); 0.4 and 0.5 s: second half (dark).
    for (const i of [1, 4, 5, 7]) frames.set(i, await cap.frame('front', i));
  });

  it('are bright during the first half of each 1/1.5 s period and dark during the second', () => {
    for (const [x, y] of lamps) {
      const at = (i: number) => window(frames.get(i)!, x, y, 5).max;
      for (const lit of [1, 7]) for (const dark of [4, 5]) expect(at(lit), `frame ${lit} vs ${dark} at (${x.toFixed(0)}, ${y.toFixed(0)})`).toBeGreaterThan(at(dark) + 60);
    }
  });

  it('glow amber', () => {
    // Summed over the lamp's window (its white-hot core aside, the halo is amber): red over blue.
    const rec = frames.get(1)!;
    const [x, y] = lamps[0]!;
    const sum = [0, 0, 0];
    for (let py = Math.round(y) - 5; py <= Math.round(y) + 5; py++) for (let px = Math.round(x) - 5; px <= Math.round(x) + 5; px++) for (let k = 0; k < 3; k++) sum[k]! += rec.rgb[(py * W + px) * 3 + k]!;
    expect(sum[0]!).toBeGreaterThan(1.3 * sum[2]!);
    expect(sum[0]!).toBeGreaterThan(sum[1]!);
  });
});

describe('headlight beams on an empty road', () => {
  // Road points straight ahead (y = 0, the middle of the 4 m lane, no marking there):
  // 20 m: v = 264; 80 m: v = 246; 3 m in front of the car's nose (x = 2.25 + 3): v = 331.4.
  const road = (rec: FullFrameRecord, x: number) => window(rec, 320, v(x, 0), 10, 1).mean;
  let low: FullFrameRecord;
  let high: FullFrameRecord;
  beforeAll(async () => {
    await cap.load(night('low', []));
    low = await cap.frame('front', 0);
    await cap.load(night('high', []));
    high = await cap.frame('front', 0);
  });

  it('low beam lights the road 20 m ahead more than 80 m ahead, beyond its cut-off', () => {
    expect(road(low, 20)).toBeGreaterThan(road(low, 80) + 50);
  });

  it('low beam does not blow out the road just in front of the car', () => {
    const near = window(low, 320, v(5.25, 0), 10, 1);
    expect(near.mean).toBeGreaterThan(30); // lit
    expect(near.max).toBeLessThan(245); // not saturated
  });

  it('high beam lights the road 80 m ahead more than low beam does', () => {
    expect(road(high, 80)).toBeGreaterThan(road(low, 80) + 50);
  });
});

describe('street lamps at night', () => {
  // A camera 40 m up over x = 35, looking straight down (image top = +x, right = -y):
  // a ground point (x, y) lands at u = 320 - 320·y/40, v = 240 - 320·(x - 35)/40.
  // Lamps stand every 35 m from s = 17.5 with their heads over y = -1.5; the ego's lights are off.
  const top = (x: number, y: number): [number, number] => [320 - (320 * y) / 40, 240 - (320 * (x - 35)) / 40];
  let rec: FullFrameRecord;
  beforeAll(async () => {
    await cap.load(night('off', [], { streetLamps: true }, { offset: [35, 0, 40], pitch: Math.PI / 2 }));
    rec = await cap.frame('front', 0);
  });

  it('light the road under a lamp more than the road between lamps', () => {
    const under1 = window(rec, ...top(17.5, 0), 3).mean;
    const under2 = window(rec, ...top(52.5, 0), 3).mean;
    const between = window(rec, ...top(35, 0), 3).mean;
    expect(under1).toBeGreaterThan(1.5 * between);
    expect(under2).toBeGreaterThan(1.5 * between);
    expect(between).toBeGreaterThan(5); // the pools overlap a little
  });

  it('are real geometry labelled as poles', () => {
    // The pole at (17.5, -3.3), 4 m up, is 36 m from the camera: its axis lands at
    // u = 320 + 320·3.3/36 = 349.33, v = 240 + 320·17.5/36 = 395.56 (the pole is ~1.4 px wide there).
    const [x, y] = [320 + (320 * 3.3) / 36, 240 + (320 * 17.5) / 36];
    const i = Math.floor(y) * W + Math.floor(x);
    expect(rec.semantic[i]).toBe(classByName('pole')!.id);
    expect(rec.instance[i]).toBe(0);
    expect(Math.abs(rec.depth[i]! - 36)).toBeLessThan(0.2);
  });
});

describe('eye-shine', () => {
  // A deer 40 m ahead, 1 m right, facing the car. Its eyes, from the model itself (the meshes named
  // 'eye', in the entity's frame), turned by its yaw π: world (40 - ex, -1 - ey, ez).
  const model = buildModel('deer', DEER_SIZE, DEER_COLOR);
  const centres: THREE.Vector3[] = [];
  model.updateMatrixWorld(true);
  model.traverse((o) => {
    if (o.name === 'eye') centres.push(new THREE.Box3().setFromObject(o).getCenter(new THREE.Vector3()));
  });
  const eye = centres.reduce((s, c) => s.add(c), new THREE.Vector3()).divideScalar(centres.length);
  const ex = 40 - eye.x;
  const ey = -1 - eye.y;
  let lit: FullFrameRecord;
  let dark: FullFrameRecord;
  beforeAll(async () => {
    await cap.load(night('low', [doe({})]));
    lit = await cap.frame('front', 0);
    await cap.load(night('off', [doe({})]));
    dark = await cap.frame('front', 0);
  });

  it('finds two eyes on the model', () => {
    expect(centres.length).toBe(2);
  });

  it('makes the eye region bright in the headlights and leaves it dark without them', () => {
    const [x, y] = [u(ex, ey), v(ex, eye.z)];
    const on = window(lit, x, y, 3).max;
    const off = window(dark, x, y, 3).max;
    expect(on).toBeGreaterThan(off + 80);
    // It is the eyes that shine, not just the lit coat: brighter than the chest 0.5 m below.
    expect(on).toBeGreaterThan(window(lit, x, v(ex, eye.z - 0.5), 3).max + 30);
  });
});

describe('glare is look only', () => {
  // Oncoming car 30 m ahead with high beams and hazards, a deer at 15 m, the ego's low beams: the
  // same scene with every lamp off must give the same ground truth, pixel for pixel.
  const things = (on: boolean): EntitySpec[] => [
    sedan({ position: [30, 0, 0], yaw: Math.PI, lights: on ? 'high' : 'off', ...(on ? { hazards: true } : {}) }),
    doe({ position: [15, -1.5, 0] }),
  ];
  let on: FullFrameRecord;
  let off: FullFrameRecord;
  beforeAll(async () => {
    await cap.load(night('low', things(true)));
    on = await cap.frame('front', 1);
    await cap.load(night('off', things(false)));
    off = await cap.frame('front', 1);
  });

  it('leaves semantic, instance and depth unchanged', () => {
    expect(Buffer.from(on.semantic).equals(Buffer.from(off.semantic))).toBe(true);
    expect(Buffer.from(on.instance.buffer, on.instance.byteOffset, on.instance.byteLength).equals(Buffer.from(off.instance.buffer, off.instance.byteOffset, off.instance.byteLength))).toBe(true);
    expect(Buffer.from(on.depth.buffer, on.depth.byteOffset, on.depth.byteLength).equals(Buffer.from(off.depth.buffer, off.depth.byteOffset, off.depth.byteLength))).toBe(true);
  });

  it('draws the oncoming headlights\' halo over the sky, where the labels still say nothing is', () => {
    // The oncoming car's nose is at x = 27.75, its headlights at about z = 0.57, y = ±0.6. Over the
    // left one, above the 1.45 m roof (z = 1.9), is sky: u = 320 - 320·0.6/27.75 = 313.1,
    // v = 240 + 320·(1.5 - 1.9)/27.75 = 235.4, 15 px above the lamp, inside its halo.
    const [x, y] = [u(27.75, 0.6), v(27.75, 1.9)];
    const i = Math.round(y) * W + Math.round(x);
    expect(on.semantic[i]).toBe(0);
    expect(on.depth[i]).toBe(0);
    expect(lum(on, x, y)).toBeGreaterThan(lum(off, x, y) + 30);
  });
});
