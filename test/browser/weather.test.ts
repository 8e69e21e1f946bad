// Weather in real headless Chromium: look only (labels byte-identical), deterministic in time,
// and visibly there — rain streaks slanted by the wind, a glossy wet road under headlights, snow
// on the verges, ground fog thicker near the road than in the sky above.
// Camera (analyticScene): at (0, 0, 1.5) m looking along +x, level, 90° hfov at 640x480: fx = fy
// = 320 px, cx = 320, cy = 240; image right is world -y; the horizon is row 240.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng } from '../../src/export/png.ts';
import type { FullFrameRecord } from '../../src/capture/index.ts';
import { classByName } from '../../src/core/index.ts';
import { DEFAULT_CAMERA_EFFECTS, type EntitySpec, type EnvironmentSpec, type SceneSpec } from '../../src/scenario/index.ts';
import { skyFogFactor } from '../../src/render/heightFog.ts';
import { openCapture, type CapturePage } from '../helpers/capturePage.ts';
import { analyticScene, staticBox } from '../helpers/specs.ts';

const W = 640;
const H = 480;
/** Exposure fixed, so images of different scenes compare pixel for pixel. */
const FIXED = { effects: { ...DEFAULT_CAMERA_EFFECTS, exposure: 'fixed' as const } };

function scene(env: Partial<EnvironmentSpec>, things: EntitySpec[] = [], duration = 1): SceneSpec {
  const base = analyticScene(things, FIXED);
  return { ...base, duration, environment: { ...base.environment, ...env } };
}

let cap: CapturePage;
beforeAll(async () => {
  cap = await openCapture();
});
afterAll(async () => {
  await cap?.close();
});

/** With WEATHER_DUMP=dir, every frame a test takes is also written there as a PNG, to look at. */
const DUMP = process.env.WEATHER_DUMP;
let dumped = 0;

async function frame(spec: SceneSpec, index: number): Promise<FullFrameRecord> {
  await cap.load(spec);
  const rec = await cap.frame('front', index);
  if (DUMP) {
    mkdirSync(DUMP, { recursive: true });
    writeFileSync(`${DUMP}/${String(dumped++).padStart(2, '0')}.png`, await encodePng({ width: W, height: H, channels: 3, bitDepth: 8, data: rec.rgb }, (raw) => deflateSync(raw)));
  }
  return rec;
}

const px = (rec: FullFrameRecord, u: number, v: number): [number, number, number] => {
  const i = (v * W + u) * 3;
  return [rec.rgb[i]!, rec.rgb[i + 1]!, rec.rgb[i + 2]!];
};
const luma = (rec: FullFrameRecord, i: number) => 0.2126 * rec.rgb[i * 3]! + 0.7152 * rec.rgb[i * 3 + 1]! + 0.0722 * rec.rgb[i * 3 + 2]!;

/** Mean luma over the pixels of rows [v0, v1) × columns [u0, u1) that `keep` accepts. */
function meanLuma(rec: FullFrameRecord, u0: number, u1: number, v0: number, v1: number, keep: (i: number) => boolean = () => true): number {
  let sum = 0;
  let n = 0;
  for (let v = v0; v < v1; v++) for (let u = u0; u < u1; u++) {
    const i = v * W + u;
    if (keep(i)) (sum += luma(rec, i), n++);
  }
  return sum / n;
}

/**
 * The structure of what `b` adds to `a` (luma difference): mean |d/dx|, mean |d/dy| and the
 * mean product of the two (its sign is the slant: > 0 for streaks running down-left).
 */
function structure(a: FullFrameRecord, b: FullFrameRecord): { gx: number; gy: number; gxy: number; changed: number } {
  const d = new Float64Array(W * H);
  let changed = 0;
  for (let i = 0; i < W * H; i++) {
    d[i] = luma(b, i) - luma(a, i);
    if (Math.abs(d[i]!) > 8) changed++;
  }
  let gx = 0;
  let gy = 0;
  let gxy = 0;
  for (let v = 0; v < H - 1; v++) for (let u = 0; u < W - 1; u++) {
    const i = v * W + u;
    const x = d[i + 1]! - d[i]!;
    const y = d[i + W]! - d[i]!;
    gx += Math.abs(x);
    gy += Math.abs(y);
    gxy += x * y;
  }
  const n = (W - 1) * (H - 1);
  return { gx: gx / n, gy: gy / n, gxy: gxy / n, changed: changed / (W * H) };
}

describe('weather is look only', () => {
  it('leaves semantic, instance, depth and normals byte-identical', async () => {
    const things = [staticBox(2, 'crate', [2, 2, 2], [15, 1, 0])];
    const stormy = scene({ rain: 1, snow: 0.6, wetness: 1, fogDensity: 0.02, fogHeight: 3, wind: 6, windDirection: 1 }, things);
    const clear = scene({}, things);
    for (const index of [0, 3]) {
      const a = await frame(clear, index);
      const b = await frame(stormy, index);
      expect(Buffer.from(b.semantic).equals(Buffer.from(a.semantic))).toBe(true);
      expect(Buffer.from(b.instance.buffer, b.instance.byteOffset, b.instance.byteLength).equals(Buffer.from(a.instance.buffer, a.instance.byteOffset, a.instance.byteLength))).toBe(true);
      expect(Buffer.from(b.depth.buffer, b.depth.byteOffset, b.depth.byteLength).equals(Buffer.from(a.depth.buffer, a.depth.byteOffset, a.depth.byteLength))).toBe(true);
      expect(a.normals && b.normals).toBeTruthy();
      expect(Buffer.from(b.normals!.buffer, b.normals!.byteOffset, b.normals!.byteLength).equals(Buffer.from(a.normals!.buffer, a.normals!.byteOffset, a.normals!.byteLength))).toBe(true);
      // ... while the picture did change.
      expect(Buffer.from(b.rgb).equals(Buffer.from(a.rgb))).toBe(false);
    }
  });
});

describe('rain', () => {
  let dry: FullFrameRecord;
  beforeAll(async () => {
    dry = await frame(scene({}), 2);
  });

  it('draws thin falling streaks: vertical in still air', async () => {
    const s = structure(dry, await frame(scene({ rain: 1 }), 2));
    expect(s.changed).toBeGreaterThan(0.01);
    // Thin vertical lines: brightness changes across them (x), hardly along them (y).
    expect(s.gx).toBeGreaterThan(3 * s.gy);
  });

  it('falls around every camera, not only the first: a camera on a car 250 m away sees streaks too', async () => {
    const far: EntitySpec = { ...staticBox(2, 'far', [4.5, 1.8, 1.45], [250, 0, 0], Math.PI), cls: 'car', model: 'sedan' };
    const withSecond = (env: Partial<EnvironmentSpec>): SceneSpec => {
      const base = scene(env, [far]);
      return { ...base, cameras: [...base.cameras, { ...base.cameras[0]!, name: 'back', mount: 'far' }] };
    };
    const shots: FullFrameRecord[] = [];
    for (const env of [{}, { rain: 1 }]) {
      await cap.load(withSecond(env));
      shots.push(await cap.frame('back', 2));
    }
    const s = structure(shots[0]!, shots[1]!);
    expect(s.changed).toBeGreaterThan(0.01);
    expect(s.gx).toBeGreaterThan(3 * s.gy);
  });

  it('slants with the wind: blowing left in the image (+y), streaks run down-left', async () => {
    const left = structure(dry, await frame(scene({ rain: 1, wind: 8, windDirection: Math.PI / 2 }), 2));
    const right = structure(dry, await frame(scene({ rain: 1, wind: 8, windDirection: -Math.PI / 2 }), 2));
    expect(left.gxy).toBeGreaterThan(0);
    expect(right.gxy).toBeLessThan(0);
  });

  it('renders any frame the same, in order or not, and moves with time', async () => {
    await cap.load(scene({ rain: 0.8, snow: 0.4, wind: 4, windDirection: 2 }));
    const third = await cap.frame('front', 3);
    const sixth = await cap.frame('front', 6);
    const again = await cap.frame('front', 3);
    expect(Buffer.from(again.rgb).equals(Buffer.from(third.rgb))).toBe(true);
    expect(Buffer.from(sixth.rgb).equals(Buffer.from(third.rgb))).toBe(false);
  });
});

describe('a wet road at night', () => {
  // An oncoming car 25 m ahead, low beams on, facing the camera; the road between shines wet.
  const oncoming: EntitySpec = { id: 2, name: 'oncoming', cls: 'car', model: 'sedan', size: [4.5, 1.8, 1.45], position: [25, 0, 0], yaw: Math.PI, color: [0.5, 0.5, 0.5], motion: { kind: 'static' }, lights: 'low' };
  const night = { timeOfDay: 23 * 3600, dayOfYear: 355 };

  it('shows the headlights as a bright glossy reflection where the dry road stays dull', async () => {
    const dry = await frame(scene(night, [oncoming]), 0);
    const wet = await frame(scene({ ...night, wetness: 0.6 }, [oncoming]), 0);
    const road = classByName('road')!.id;
    // The near road straight ahead, rows 330-460 (6.8 m down to 2.1 m ahead): where the wet road
    // mirrors the oncoming lamps towards the camera, the dry one only scatters a little of them.
    const isRoad = (rec: FullFrameRecord) => (i: number) => rec.semantic[i] === road;
    const d = meanLuma(dry, 300, 340, 330, 460, isRoad(dry));
    const w = meanLuma(wet, 300, 340, 330, 460, isRoad(wet));
    expect(w).toBeGreaterThan(d * 1.5 + 5);
  });
});

describe('snow', () => {
  it('whitens the verges', async () => {
    const terrain = classByName('terrain')!.id;
    const bare = await frame(scene({ clouds: 0.8 }), 0);
    const snowy = await frame(scene({ clouds: 0.8, snow: 0.6 }), 0);
    const isTerrain = (i: number) => bare.semantic[i] === terrain;
    const b = meanLuma(bare, 0, W, 250, H, isTerrain);
    const s = meanLuma(snowy, 0, W, 250, H, isTerrain);
    expect(s).toBeGreaterThan(b * 1.8);
  });
});

describe('ground fog', () => {
  // A wall 10 m wide and 3 m tall, 150 m ahead: its middle at pixel (320, 241), 1 m up. With
  // density 0.03/m and scale height 2 m it is all but hidden (fog factor > 0.99), while the sky
  // above thins out: skyFogFactor at row v (looking up by atan((240 - v)/320)).
  const density = 0.03;
  const height = 2;
  const wall = staticBox(2, 'wall', [2, 10, 3], [150, 0, 0]);
  const skyFog = (v: number) => skyFogFactor(density, height, 1.5, Math.sin(Math.atan((240 - v) / 320)));

  it('hides a distant object near the ground more than the sky above it', async () => {
    const rec = await frame(scene({ fogDensity: density, fogHeight: height }, [wall]), 0);
    expect(rec.instance[241 * W + 320]).toBe(2);
    const object = px(rec, 320, 241);
    // Row 236 is sky fogged like the object (factor 0.994), row 120 nearly clear (0.0065).
    expect(skyFog(236)).toBeGreaterThan(0.99);
    expect(skyFog(120)).toBeLessThan(0.01);
    const horizon = px(rec, 320, 236);
    const high = px(rec, 320, 120);
    for (let c = 0; c < 3; c++) expect(Math.abs(object[c]! - horizon[c]!)).toBeLessThanOrEqual(3);
    // Blue sky against grey fog: the blue channel tells them apart best (about 13 levels here).
    expect(high[2] - horizon[2]).toBeGreaterThan(8);
    // Between, the sky moves from its own colour to the fog's as the factor rises.
    const blue = (v: number) => px(rec, 320, v)[2];
    const rows = [120, 200, 215, 229, 236];
    const fogs = rows.map(skyFog);
    for (let k = 1; k < rows.length; k++) expect(fogs[k]!).toBeGreaterThan(fogs[k - 1]!);
    const sign = Math.sign(blue(236) - blue(120));
    for (let k = 1; k < rows.length; k++) expect(sign * (blue(rows[k]!) - blue(rows[k - 1]!))).toBeGreaterThanOrEqual(0);
  });

  it('is the same everywhere in the sky without a height, as before', async () => {
    const rec = await frame(scene({ fogDensity: density }, [wall]), 0);
    const horizon = px(rec, 320, 236);
    for (const v of [0, 120, 200]) expect(px(rec, 320, v)).toEqual(horizon);
  });
});
