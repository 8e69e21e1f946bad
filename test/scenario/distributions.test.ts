// The random functions, checked against their definitions over many seeds: normal (plain and
// truncated), randint, choice (plain and weighted), uniform on clock times, and `near X within r`.
// Tolerances are about 4 standard errors, so a failure is a real bias, not bad luck.
import { describe, expect, it } from 'vitest';
import { normalDraw, Rng } from '../../src/core/index.ts';
import { sample } from '../../src/scenario/index.ts';
import { compileSnippet, entityNamed, minimal, sampleSnippet } from '../helpers/scenario.ts';

/** x of cone `c` placed `at <expr>` (a length), for seeds 0..n-1. */
function xs(at: string, n: number): number[] {
  const program = compileSnippet(minimal(`cone c { at ${at} }`));
  return Array.from({ length: n }, (_, seed) => entityNamed(sample(program, { seed }), 'c').position[0]);
}

function meanSd(v: readonly number[]): [number, number] {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
  return [mean, sd];
}

function counts<T>(v: readonly T[]): Map<T, number> {
  const m = new Map<T, number>();
  for (const x of v) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

describe('normal(mean, sd)', () => {
  it('has the right mean and standard deviation over 4000 seeds', () => {
    const [mean, sd] = meanSd(xs('normal(50, 10) m', 4000));
    expect(Math.abs(mean - 50)).toBeLessThan(0.65); // SE 0.16
    expect(Math.abs(sd - 10)).toBeLessThan(0.45); // SE 0.11
  });

  it('the unit applies to mean and sd; a negative sd counts as its size; sd 0 is the mean', () => {
    const [mean, sd] = meanSd(xs('normal(0.05, 0.01) km', 2000));
    expect(Math.abs(mean - 50)).toBeLessThan(0.9);
    expect(Math.abs(sd - 10)).toBeLessThan(0.65);
    const [, sdNeg] = meanSd(xs('normal(50, -10) m', 2000));
    expect(Math.abs(sdNeg - 10)).toBeLessThan(0.65);
    expect(xs('normal(50, 0) m', 5)).toEqual([50, 50, 50, 50, 50]);
  });

  it('about 68% within one sd, 95% within two', () => {
    const v = xs('normal(0, 1) m', 4000);
    const within = (k: number) => v.filter((x) => Math.abs(x) < k).length / v.length;
    expect(Math.abs(within(1) - 0.6827)).toBeLessThan(0.03);
    expect(Math.abs(within(2) - 0.9545)).toBeLessThan(0.015);
  });
});

describe('normal(mean, sd, low, high): truncated', () => {
  it('stays in [low, high] and has the truncated mean and sd (54.457 and 6.137 for 50, 10 on [45, 70])', () => {
    // α = (45 - 50) / 10 = -0.5, β = 2; Z = Φ(2) - Φ(-0.5) = 0.66871;
    // mean = 50 + 10 (φ(-0.5) - φ(2)) / Z = 54.4574; var = 100 (1 + (αφ(α) - βφ(β)) / Z - ((φ(α) - φ(β)) / Z)²) = 6.1367²
    const v = xs('normal(50, 10, 45, 70) m', 4000);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(45);
    expect(Math.max(...v)).toBeLessThanOrEqual(70);
    const [mean, sd] = meanSd(v);
    expect(Math.abs(mean - 54.4574)).toBeLessThan(0.4); // SE 0.097
    expect(Math.abs(sd - 6.1367)).toBeLessThan(0.3);
  });

  it('bounds may be given high first', () => {
    const v = xs('normal(50, 10, 70, 45) m', 500);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(45);
    expect(Math.max(...v)).toBeLessThanOrEqual(70);
  });

  it('a window far out in the tail gives its nearest bound', () => {
    expect(xs('normal(0, 1, 10, 11) m', 3)).toEqual([10, 10, 10]);
    expect(xs('normal(0, 1, -11, -10) m', 3)).toEqual([-10, -10, -10]);
  });

  it('random bounds are drawn once each, low then high, before the value (the draw order, reproduced)', () => {
    const got = xs('normal(0, 1, uniform(-1, 0), uniform(0, 1)) m', 20);
    const want = Array.from({ length: 20 }, (_, seed) => {
      const rng = new Rng(seed, 'entity:c'); // the entity's own stream
      const lo = rng.uniform(-1, 0);
      const hi = rng.uniform(0, 1);
      for (;;) {
        const v = normalDraw(rng);
        if (v >= lo && v <= hi) return v;
      }
    });
    expect(got).toEqual(want);
  });
});

describe('randint(low, high)', () => {
  it('gives every whole number from low to high inclusive, evenly, and nothing else', () => {
    const c = counts(xs('randint(2, 5) m', 4000));
    expect([...c.keys()].sort()).toEqual([2, 3, 4, 5]);
    for (const k of [2, 3, 4, 5]) expect(Math.abs(c.get(k)! / 4000 - 0.25)).toBeLessThan(0.03);
  });

  it('negative bounds, bounds in either order, one value', () => {
    expect([...counts(xs('randint(-1, -3) m', 300)).keys()].sort()).toEqual([-1, -2, -3]);
    expect(xs('randint(7, 7) m', 3)).toEqual([7, 7, 7]);
  });

  it('random bounds are drawn once each, then rounded inwards (the draw order, reproduced)', () => {
    const got = xs('randint(uniform(0, 3), uniform(4, 7)) m', 20);
    const want = Array.from({ length: 20 }, (_, seed) => {
      const rng = new Rng(seed, 'entity:c');
      const lo = Math.ceil(rng.uniform(0, 3));
      const hi = Math.floor(rng.uniform(4, 7));
      return rng.int(lo, hi);
    });
    expect(got).toEqual(want);
  });

  it('can pick a lane', () => {
    const program = compileSnippet('road straight { lanes: 3 }\n' + minimal('car c { on lane randint(1, 3) }'));
    const ys = counts(Array.from({ length: 300 }, (_, seed) => entityNamed(sample(program, { seed }), 'c').position[1]));
    expect([...ys.keys()].sort((a, b) => a - b)).toEqual([-3.5, 0, 3.5]);
  });
});

describe('choice', () => {
  it('plain choice is uniform over its values', () => {
    const c = counts(xs('choice(10, 20, 30) m', 3000));
    expect([...c.keys()].sort((a, b) => a - b)).toEqual([10, 20, 30]);
    for (const k of [10, 20, 30]) expect(Math.abs(c.get(k)! / 3000 - 1 / 3)).toBeLessThan(0.035);
  });

  it('weighted choice(3: a, 1: b) picks a three times as often as b', () => {
    const c = counts(xs('choice(3: 10, 1: 20) m', 4000));
    expect(Math.abs(c.get(10)! / 4000 - 0.75)).toBeLessThan(0.03);
    expect(Math.abs(c.get(20)! / 4000 - 0.25)).toBeLessThan(0.03);
  });

  it('weights need not add up to anything; a zero weight is never picked; plain values weigh 1', () => {
    const c = counts(xs('choice(0: 5, 2: 10, 20) m', 3000));
    expect(c.has(5)).toBe(false);
    expect(Math.abs(c.get(10)! / 3000 - 2 / 3)).toBeLessThan(0.035);
  });

  it('the unit after a choice applies to its values, not to the weights', () => {
    expect(new Set(xs('choice(1: 1, 1: 2) km', 200))).toEqual(new Set([1000, 2000]));
  });

  it('of models, colours, words and clock times', () => {
    const program = compileSnippet(
      'environment { time: choice(21:00, 22:30) }\n' + minimal('vehicle v {\n  model: choice(3: sedan, 1: van)\n  color: choice(red, "#00ff00")\n  lights: choice(low, high)\n}'),
    );
    const specs = Array.from({ length: 2000 }, (_, seed) => sample(program, { seed }));
    const models = counts(specs.map((s) => entityNamed(s, 'v').model));
    expect(Math.abs(models.get('sedan')! / 2000 - 0.75)).toBeLessThan(0.04);
    expect(models.get('van')! + models.get('sedan')!).toBe(2000);
    expect(new Set(specs.map((s) => JSON.stringify(entityNamed(s, 'v').color)))).toEqual(new Set(['[0.62,0.06,0.06]', '[0,1,0]']));
    expect(new Set(specs.map((s) => entityNamed(s, 'v').lights))).toEqual(new Set(['low', 'high']));
    expect(new Set(specs.map((s) => s.environment.timeOfDay))).toEqual(new Set([21 * 3600, 22.5 * 3600]));
  });
});

describe('uniform', () => {
  it('of clock times stays between them and covers them evenly', () => {
    const program = compileSnippet('environment { time: uniform(21:00, 23:00) }\n' + minimal());
    const t = Array.from({ length: 2000 }, (_, seed) => sample(program, { seed }).environment.timeOfDay);
    expect(Math.min(...t)).toBeGreaterThanOrEqual(21 * 3600);
    expect(Math.max(...t)).toBeLessThan(23 * 3600);
    expect(Math.abs(meanSd(t)[0] - 22 * 3600)).toBeLessThan(150); // SE 46 s
  });
});

describe('near X within r', () => {
  const program = compileSnippet(minimal('deer doe { at (50, 8) m }\ncone c { near doe within 5 m }'));
  const offsets = Array.from({ length: 1000 }, (_, seed) => {
    const spec = sample(program, { seed });
    const c = entityNamed(spec, 'c').position;
    return [c[0] - 50, c[1] - 8] as const;
  });

  it('stays inside the radius for 1000 seeds, on the ground', () => {
    for (const [dx, dy] of offsets) expect(Math.hypot(dx, dy)).toBeLessThanOrEqual(5 + 1e-9);
    expect(entityNamed(sample(program, { seed: 1 }), 'c').position[2]).toBe(0);
  });

  it('is uniform in the disc: a quarter within half the radius, centred on X', () => {
    const inner = offsets.filter(([dx, dy]) => Math.hypot(dx, dy) < 2.5).length / offsets.length;
    expect(Math.abs(inner - 0.25)).toBeLessThan(0.055);
    const left = offsets.filter(([, dy]) => dy > 0).length / offsets.length;
    expect(Math.abs(left - 0.5)).toBeLessThan(0.065);
    const ahead = offsets.filter(([dx]) => dx > 0).length / offsets.length;
    expect(Math.abs(ahead - 0.5)).toBeLessThan(0.065);
  });

  it('takes the heading of X', () => {
    const spec = sampleSnippet(minimal('car o {\n  on lane 2\n  at 100 m\n}\ncone c { near o within 2 m }'), 0);
    expect(entityNamed(spec, 'c').yaw).toBe(Math.PI);
  });
});
