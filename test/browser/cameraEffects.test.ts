// The camera's imperfections in real headless Chromium. Every scene carries several cameras on the
// same mount with the same pose, differing only in their effects, so their frames differ only by
// the effects. Camera as in groundTruth.test.ts: at (0, 0, 1.5) looking along +x, 90° wide at
// 640x480, fx = fy = 320 px, cx = 320, cy = 240. Light levels are read back through the inverse of
// the tone curve (untoneMap), so ratios are of linear light.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullFrameRecord } from '../../src/capture/index.ts';
import { allEffects } from '../../src/render/cameraEffects.ts';
import { AUTO_GAIN_RANGE, AUTO_KEY } from '../../src/render/effects/exposure.ts';
import { untoneMap } from '../../src/render/effects/toneMap.ts';
import type { CameraEffectsSpec, EntitySpec, SceneSpec } from '../../src/scenario/index.ts';
import { openCapture, type CapturePage } from '../helpers/capturePage.ts';
import { analyticScene, staticBox } from '../helpers/specs.ts';

const W = 640;
const H = 480;
const OFF: CameraEffectsSpec = allEffects(0, 'fixed');

/** `analyticScene` with one camera per entry of `cameras` (name → effects), all at the same place. */
function scene(things: EntitySpec[], cameras: Record<string, CameraEffectsSpec>, environment: Partial<SceneSpec['environment']> = {}): SceneSpec {
  const base = analyticScene(things);
  const cam = base.cameras[0]!;
  return { ...base, environment: { ...base.environment, ...environment }, cameras: Object.entries(cameras).map(([name, effects]) => ({ ...cam, name, effects })) };
}

/** Linear RGB of pixel (u, v). */
function linear(rec: FullFrameRecord, u: number, v: number): [number, number, number] {
  const i = (v * W + u) * 3;
  return untoneMap([rec.rgb[i]! / 255, rec.rgb[i + 1]! / 255, rec.rgb[i + 2]! / 255]);
}
const luminance = ([r, g, b]: readonly number[]) => 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
const same = (a: ArrayBufferView, b: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: readonly number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

/** Linear values of one channel (0 red, 1 green, 2 blue) over the pixels of a rectangle. */
function patch(rec: FullFrameRecord, u0: number, v0: number, u1: number, v1: number, channel: number): number[] {
  const out: number[] = [];
  for (let v = v0; v < v1; v++) for (let u = u0; u < u1; u++) out.push(linear(rec, u, v)[channel]!);
  return out;
}

let cap: CapturePage;
beforeAll(async () => {
  cap = await openCapture();
});
afterAll(async () => {
  await cap?.close();
});

// A 3 m long, 4 m tall box crossing the view from left to right at 10 m/s, its near face 14.5 m
// ahead: at 10 fps it moves 1 m a frame, 320 / 14.5 = 22.07 px in the image. At frame 1 (t = 0.1 s)
// it spans y ∈ [-1.5, 1.5], u ∈ [320 − 320·1.5/14.5, 320 + 320·1.5/14.5] = [286.9, 353.1], and rows
// above v = 240 − 320·2.5/14.5 = 184.8 (its top) are sky.
const FLOW_PX = 320 / 14.5;
const crossing = (): EntitySpec => ({ ...staticBox(2, 'crosser', [3, 1, 4], [15, 1, 0], -Math.PI / 2), motion: { kind: 'drive', speed: 10, lane: null } });

describe('every effect at full strength', () => {
  let plain: FullFrameRecord;
  let full: FullFrameRecord;
  beforeAll(async () => {
    // Rain for the most drops on the lens; frame 1, so there is flow and motion blur.
    await cap.load(scene([crossing(), staticBox(3, 'still', [1, 1, 1], [8, -2, 0])], { plain: OFF, full: allEffects(1) }, { rain: 1 }));
    plain = await cap.frame('plain', 1);
    full = await cap.frame('full', 1);
  });

  it('leaves every label layer byte for byte as it is with the effects off, and every label but the contrast', () => {
    for (const k of ['semantic', 'instance', 'depth', 'normals', 'flow'] as const) {
      expect(full[k], k).toBeDefined();
      expect(same(full[k]!, plain[k]!), k).toBe(true);
    }
    // Every label but the contrast, which is measured in the picture the effects change.
    const geometry = (r: FullFrameRecord) => r.objects.map(({ contrast: _c, perceptible: _p, ...o }) => o);
    expect(geometry(full)).toEqual(geometry(plain));
    expect(full.intrinsics).toEqual(plain.intrinsics);
    expect(full.cameraToWorld).toEqual(plain.cameraToWorld);
  });

  it('changes the RGB image', () => {
    let differ = 0;
    for (let i = 0; i < plain.rgb.length; i++) if (plain.rgb[i] !== full.rgb[i]) differ++;
    expect(differ / plain.rgb.length).toBeGreaterThan(0.5);
  });
});

describe('vignetting', () => {
  // Each pixel's light is scaled by 1 − s·(1 − cos⁴θ), θ the angle of its ray from the optical axis:
  // cos²θ = 1 / (1 + ((u + 0.5 − 320)/320)² + ((v + 0.5 − 240)/320)²).
  const expected = (s: number, u: number, v: number) => {
    const cos2 = 1 / (1 + ((u + 0.5 - 320) / 320) ** 2 + ((v + 0.5 - 240) / 320) ** 2);
    return 1 - s * (1 - cos2 * cos2);
  };
  let plain: FullFrameRecord;
  let vignetted: FullFrameRecord;
  beforeAll(async () => {
    await cap.load(scene([staticBox(2, 'crate', [2, 2, 2], [10, 0, 0])], { plain: OFF, vignetted: { ...OFF, vignetting: 0.5 } }));
    plain = await cap.frame('plain', 0);
    vignetted = await cap.frame('vignetted', 0);
  });

  it('darkens each pixel by the cos⁴ law, to within 3 %', () => {
    // Corners of the sky (top) and road (bottom), edge midpoints, and the centre (the crate).
    const points: [number, number][] = [[2, 2], [637, 3], [320, 2], [2, 240 - 30], [4, 470], [636, 476], [320, 476], [320, 240]];
    for (const [u, v] of points) {
      const ratio = luminance(linear(vignetted, u, v)) / luminance(linear(plain, u, v));
      expect(Math.abs(ratio - expected(0.5, u, v)), `pixel (${u}, ${v}): ratio ${ratio}, expected ${expected(0.5, u, v)}`).toBeLessThan(0.03);
    }
    // The top-left corner, by hand: t = (−319.5/320, −239.5/320), cos²θ = 1 / 2.5570 = 0.39108, cos⁴θ = 0.15294.
    expect(expected(0.5, 0, 0)).toBeCloseTo(1 - 0.5 * (1 - 0.15294), 4);
  });
});

describe('sensor noise', () => {
  const noisy: CameraEffectsSpec = { ...OFF, noise: 1 };
  // A patch of clear sky, flat; its green channel (each channel has its own noise).
  const sky = (rec: FullFrameRecord) => patch(rec, 200, 20, 440, 100, 1);
  const relative = (xs: number[]) => std(xs) / mean(xs);

  it('is deterministic: the same frame twice gives the same bytes, another frame other noise', async () => {
    const spec = scene([staticBox(2, 'crate', [2, 2, 2], [10, 0, 0])], { noisy, clean: OFF });
    await cap.load(spec);
    const f1 = await cap.frame('noisy', 1);
    const f2 = await cap.frame('noisy', 2);
    const clean1 = await cap.frame('clean', 1);
    const clean2 = await cap.frame('clean', 2);
    await cap.load(spec);
    const again = await cap.frame('noisy', 1);
    expect(same(again.rgb, f1.rgb)).toBe(true);
    // The scene is still: without noise frames 1 and 2 are identical, with noise they are not.
    expect(same(clean1.rgb, clean2.rgb)).toBe(true);
    expect(same(f1.rgb, f2.rgb)).toBe(false);
    // Noise around the clean image, not a shift of it: the means agree to 1 %.
    expect(Math.abs(mean(sky(f1)) / mean(sky(clean1)) - 1)).toBeLessThan(0.01);
  });

  it('grows as the exposure falls: 2 stops less light, about twice the relative noise', async () => {
    // Up to gain 1 the exposure is shutter time: light L at gain g collects n = 1000·g·L electrons,
    // and σ/μ = √(n + 9)/n (shot noise and 3 electrons of read noise). Sky green L ≈ 0.43:
    // g = 1: n = 430, σ/μ = 0.0488; g = 1/4: n = 107.5, σ/μ = 0.1004; ratio 2.06.
    await cap.load(scene([], { bright: noisy, dark: { ...noisy, ev: -2 } }));
    const bright = sky(await cap.frame('bright', 0));
    const dark = sky(await cap.frame('dark', 0));
    const ratio = relative(dark) / relative(bright);
    expect(ratio).toBeGreaterThan(1.6);
    expect(ratio).toBeLessThan(2.5);
    // And the level itself, by the model: σ/μ of the bright sky within 10 % of √(n + 9)/n.
    const n = 1000 * mean(bright);
    expect(Math.abs(relative(bright) / (Math.sqrt(n + 9) / n) - 1)).toBeLessThan(0.1);
  });

  it('a night frame is noisier than a day frame', async () => {
    // The night sky is ~200 times darker; auto exposure makes up 4× of it (its limit) by amplifying.
    const auto: CameraEffectsSpec = { ...noisy, exposure: 'auto' };
    await cap.load(scene([], { cam: auto }));
    const day = sky(await cap.frame('cam', 0));
    await cap.load(scene([], { cam: auto }, { timeOfDay: 23 * 3600 }));
    const night = sky(await cap.frame('cam', 0));
    expect(relative(night)).toBeGreaterThan(3 * relative(day));
  });
});

describe('motion blur', () => {
  /** Columns where the linear luminance of row `v` ramps between 10 % and 90 % of the way from sky to box, near `u0`. */
  function ramp(rec: FullFrameRecord, v: number, u0: number): number {
    const lum = (u: number) => luminance(linear(rec, u, v));
    const skyLevel = lum(u0 - 40);
    const boxLevel = lum(320);
    let inside = 0;
    for (let u = u0 - 30; u <= u0 + 30; u++) {
      const f = (lum(u) - skyLevel) / (boxLevel - skyLevel);
      if (f > 0.1 && f < 0.9) inside++;
    }
    return inside;
  }

  it('smears a moving box along its motion by shutter × flow, and leaves a still scene alone', async () => {
    await cap.load(scene([crossing()], { sharp: OFF, half: { ...OFF, motionBlur: 0.5 }, full: { ...OFF, motionBlur: 1 } }));
    const sharp = await cap.frame('sharp', 1);
    const half = await cap.frame('half', 1);
    const full = await cap.frame('full', 1);
    // Row 210 crosses the box (v 184.8..240) against the sky; left edge at u = 286.9.
    const w0 = ramp(sharp, 210, 287);
    expect(w0).toBeLessThanOrEqual(2);
    // A linear ramp of length L = s · 22.07 px has its 10 %–90 % part 0.8 L long.
    for (const [rec, s] of [[half, 0.5], [full, 1]] as const) {
      const expected = 0.8 * s * FLOW_PX;
      expect(Math.abs(ramp(rec, 210, 287) - expected), `shutter ${s}: ${ramp(rec, 210, 287)} px, expected ${expected.toFixed(1)}`).toBeLessThanOrEqual(0.2 * expected + 2);
    }
    // Along the motion only: the box's top edge (a horizontal edge moving sideways) stays sharp.
    let topRamp = 0;
    for (let v = 170; v < 200; v++) {
      const f = (luminance(linear(full, 320, v)) - luminance(linear(full, 320, 150))) / (luminance(linear(full, 320, 220)) - luminance(linear(full, 320, 150)));
      if (f > 0.1 && f < 0.9) topRamp++;
    }
    expect(topRamp).toBeLessThanOrEqual(2);
  });

  it('changes nothing in a still scene', async () => {
    await cap.load(scene([staticBox(2, 'crate', [2, 2, 2], [10, 0, 0])], { sharp: OFF, blurred: { ...OFF, motionBlur: 1 } }));
    expect(same((await cap.frame('blurred', 1)).rgb, (await cap.frame('sharp', 1)).rgb)).toBe(true);
  });
});

describe('compression', () => {
  /** Mean |difference| of horizontally adjacent pixels across 8×8 block borders, over that inside blocks. */
  function blockiness(rec: FullFrameRecord): number {
    let border = 0;
    let inner = 0;
    let nb = 0;
    let ni = 0;
    for (let v = 0; v < H; v++) {
      for (let u = 0; u < W - 1; u++) {
        const i = (v * W + u) * 3;
        const d = Math.abs(rec.rgb[i + 1]! - rec.rgb[i + 4]!);
        if (u % 8 === 7) (border += d), nb++;
        else (inner += d), ni++;
      }
    }
    return border / nb / (inner / ni);
  }

  it('leaves 8×8 blocks: steps at block borders, smooth inside', async () => {
    // The vignette makes smooth gradients everywhere for the blocks to break up.
    const base: CameraEffectsSpec = { ...OFF, vignetting: 1 };
    await cap.load(scene([staticBox(2, 'crate', [2, 2, 2], [10, 0, 0])], { clean: base, jpeg: { ...base, compression: 0.8 } }));
    const clean = await cap.frame('clean', 0);
    const jpeg = await cap.frame('jpeg', 0);
    expect(blockiness(clean)).toBeLessThan(1.3);
    expect(blockiness(jpeg)).toBeGreaterThan(2);
  });
});

describe('auto exposure', () => {
  it('meters a day scene to the hand-computed gain: key / log-average luminance', async () => {
    await cap.load(scene([staticBox(2, 'crate', [2, 2, 2], [10, 0, 0])], { fixed: OFF, auto: { ...OFF, exposure: 'auto' } }));
    const fixed = await cap.frame('fixed', 0);
    const auto = await cap.frame('auto', 0);
    // The meter's log average, estimated from the fixed image (gain 1) read back to linear light.
    let sum = 0;
    for (let v = 0; v < H; v++) for (let u = 0; u < W; u++) sum += Math.log2(luminance(linear(fixed, u, v)) + 1e-4);
    const gain = Math.min(AUTO_GAIN_RANGE[1], Math.max(AUTO_GAIN_RANGE[0], AUTO_KEY / 2 ** (sum / (W * H))));
    // Unclipped pixels get exactly `gain` times the light.
    const ratios: number[] = [];
    for (let v = 5; v < H; v += 37) for (let u = 5; u < W; u += 41) {
      const [a, f] = [luminance(linear(auto, u, v)), luminance(linear(fixed, u, v))];
      if (f > 0.02 && a < 0.8) ratios.push(a / f);
    }
    expect(ratios.length).toBeGreaterThan(50);
    expect(Math.abs(mean(ratios) / gain - 1)).toBeLessThan(0.05);
  });

  it('lifts a night scene toward the day one', async () => {
    const cams = { fixed: OFF, auto: { ...OFF, exposure: 'auto' as const } };
    const brightness = (rec: FullFrameRecord) => mean(Array.from(rec.rgb));
    await cap.load(scene([], cams));
    const dayFixed = brightness(await cap.frame('fixed', 0));
    const dayAuto = brightness(await cap.frame('auto', 0));
    await cap.load(scene([], cams, { timeOfDay: 23 * 3600 }));
    const nightFixed = brightness(await cap.frame('fixed', 0));
    const nightAuto = brightness(await cap.frame('auto', 0));
    expect(nightAuto).toBeGreaterThan(1.5 * nightFixed);
    expect(dayAuto - nightAuto).toBeLessThan(dayFixed - nightFixed);
    // +2 stops at most: still a night picture.
    expect(nightAuto).toBeLessThan(dayAuto);
  });
});
