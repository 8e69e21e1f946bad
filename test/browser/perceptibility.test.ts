// Perceptibility in rendered frames (real Chromium): grey boxes in fog at half, one and two times
// the visibility, and dark boxes at night inside and outside the headlight beam.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullFrameRecord, ObjectLabel } from '../../src/capture/index.ts';
import { FOG_CONTRAST, type SceneSpec } from '../../src/scenario/index.ts';
import { openCapture, type CapturePage } from '../helpers/capturePage.ts';
import { analyticScene, staticBox } from '../helpers/specs.ts';

let cap: CapturePage;
beforeAll(async () => {
  cap = await openCapture();
});
afterAll(async () => {
  await cap?.close();
});

const of = (rec: FullFrameRecord, name: string): ObjectLabel => rec.objects.find((o) => o.name === name)!;

describe('a grey box in fog', () => {
  const V = 60;
  let rec: FullFrameRecord;
  beforeAll(async () => {
    // Boxes 2 m high, centres 1 m up, at x = V/2, V, 2V (apart sideways so none hides another).
    const base = analyticScene([staticBox(2, 'half', [2, 2, 2], [V / 2, 3, 0]), staticBox(3, 'one', [2, 2, 2], [V, -3, 0]), staticBox(4, 'two', [4, 4, 4], [2 * V, 0, 0])]);
    const spec: SceneSpec = { ...base, environment: { ...base.environment, fogDensity: FOG_CONTRAST / V } };
    await cap.load(spec);
    rec = await cap.frame('front', 0);
  });

  it('gives each the transmittance of its centre depth by the renderer law, exp(-(ρ·z)²)', () => {
    for (const name of ['half', 'one', 'two']) {
      const o = of(rec, name);
      const t = FOG_CONTRAST / V * o.centerCam[2];
      expect(o.fogTransmittance).toBeCloseTo(Math.exp(-t * t), 9);
    }
    // The near face is 1 m closer than the centre: about V/2 → 0.5, V → 0.06, 2V → ~0.
    expect(of(rec, 'half').fogTransmittance).toBeGreaterThan(0.4);
    expect(of(rec, 'two').fogTransmittance).toBeLessThan(1e-4);
  });

  it('sees the box at V/2, not the one at 2V, whose contrast the fog has taken', () => {
    const half = of(rec, 'half');
    const two = of(rec, 'two');
    expect(half.pixels).toBeGreaterThan(100);
    expect(two.pixels).toBeGreaterThan(100); // in the instance image all the same
    expect(Math.abs(half.contrast!)).toBeGreaterThan(Math.abs(of(rec, 'one').contrast!));
    expect(Math.abs(two.contrast!)).toBeLessThan(0.02);
    expect(half.perceptible).toBe(true);
    expect(two.perceptible).toBe(false);
  });
});

describe('a dark box at night', () => {
  let rec: FullFrameRecord;
  beforeAll(async () => {
    const dark = (id: number, name: string, y: number) => ({ ...staticBox(id, name, [1, 1, 1], [14, y, 0]), color: [0.05, 0.05, 0.05] as [number, number, number] });
    const base = analyticScene([dark(2, 'lit', 0), dark(3, 'unlit', 7)]);
    const spec: SceneSpec = {
      ...base,
      environment: { ...base.environment, timeOfDay: 23 * 3600 },
      entities: base.entities.map((e) => (e.name === 'ego' ? { ...e, lights: 'low' as const } : e)),
    };
    await cap.load(spec);
    rec = await cap.frame('front', 0);
  });

  it('is perceptible in the headlight beam and not beside it', () => {
    expect(of(rec, 'lit').pixels).toBeGreaterThan(50);
    expect(of(rec, 'unlit').pixels).toBeGreaterThan(50);
    expect(of(rec, 'lit').perceptible).toBe(true);
    expect(of(rec, 'unlit').perceptible).toBe(false);
    expect(of(rec, 'lit').fogTransmittance).toBe(1);
  });
});
