// Variety per sample: what an entity looks like when the scenario leaves it open (size, colour,
// variant) is drawn from its own look stream: different seeds, different looks; the same seed,
// the same look; always inside the documented ranges, with realistic frequencies.
import { describe, expect, it } from 'vitest';
import { ANTLERED, CAR_BODIES, MODELS, Rng, SLEEPER_CAB_SHARE, modelByName, type ModelInfo, type Vec3 } from '../../src/core/index.ts';
import { sample, type EntitySpec } from '../../src/scenario/index.ts';
import { drawLook, sizeRangeOf } from '../../src/scenario/appearance.ts';
import { compileSnippet, diagnosticsOf, entityNamed, minimal, sampleSnippet } from '../helpers/scenario.ts';

const model = (name: string): ModelInfo => modelByName(name)!;
const look = (name: string, seed: number) => drawLook(model(name), new Rng(seed, 'look:x'));
/** Achromatic: white, black, greys and silver. */
const grey = (c: readonly number[]) => Math.max(...c) - Math.min(...c) < 0.06;

describe('an unspecified car', () => {
  const program = compileSnippet(minimal('car c {\n  on lane 2\n  ahead of ego by 20 m\n}'));
  const car = (seed: number): EntitySpec => entityNamed(sample(program, { seed }), 'c');

  it('gets a different colour and size for different seeds, the same for the same seed', () => {
    const cars = Array.from({ length: 60 }, (_, seed) => car(seed));
    expect(new Set(cars.map((c) => JSON.stringify(c.color))).size).toBeGreaterThan(6);
    expect(new Set(cars.map((c) => JSON.stringify(c.size))).size).toBe(60);
    expect(new Set(cars.map((c) => c.variant?.body)).size).toBe(3);
    expect(car(7)).toEqual(car(7));
    expect(car(7).size).not.toEqual(car(8).size);
  });

  it('keeps its look when another entity is added before it (its own stream)', () => {
    const alone = entityNamed(sampleSnippet(minimal('car c {\n  on lane 2\n  ahead of ego by 20 m\n}'), 3), 'c');
    const crowded = entityNamed(sampleSnippet(minimal('truck t {\n  on lane 1\n  ahead of ego by 50 m\n}\ncar c {\n  on lane 2\n  ahead of ego by 20 m\n}'), 3), 'c');
    expect([crowded.size, crowded.color, crowded.variant]).toEqual([alone.size, alone.color, alone.variant]);
  });

  it('keeps the rest of its look when given a colour, and its default size with a scale', () => {
    for (const seed of [0, 1, 2]) {
      const free = entityNamed(sampleSnippet(minimal('car c { }'), seed), 'c');
      const red = entityNamed(sampleSnippet(minimal('car c { color: red }'), seed), 'c');
      expect(red.color).toEqual([0.62, 0.06, 0.06]);
      expect([red.size, red.variant]).toEqual([free.size, free.variant]);
      const scaled = entityNamed(sampleSnippet(minimal('car c { scale: 1 }'), seed), 'c');
      expect(scaled.size).toEqual([4.6, 1.8, 1.45]);
      expect([scaled.color, scaled.variant]).toEqual([free.color, free.variant]);
    }
  });
});

describe('sizes', () => {
  it('stay within the documented ranges over 1000 seeds, for every model and variant, and use them', () => {
    for (const m of MODELS) {
      const lo: Vec3 = [Infinity, Infinity, Infinity];
      const hi: Vec3 = [-Infinity, -Infinity, -Infinity];
      for (let seed = 0; seed < 1000; seed++) {
        const l = drawLook(m, new Rng(seed, `look:${m.name}`));
        const range = sizeRangeOf(m, l.variant);
        l.size.forEach((v, i) => {
          expect(v, `${m.name} seed ${seed} axis ${i}`).toBeGreaterThanOrEqual(range[i]![0]);
          expect(v, `${m.name} seed ${seed} axis ${i}`).toBeLessThanOrEqual(range[i]![1]);
          // Spread measured against the model's default-variant range (variants shift it).
          const base = m.sizeRange[i]!;
          lo[i] = Math.min(lo[i]!, (v - base[0]) / (base[1] - base[0]));
          hi[i] = Math.max(hi[i]!, (v - base[0]) / (base[1] - base[0]));
        });
        if (m.round) expect(l.size[1]).toBe(l.size[0]);
      }
      // Real variety: over 1000 seeds each dimension spans most of its range.
      for (let i = 0; i < 3; i++) expect(hi[i]! - lo[i]!, `${m.name} axis ${i}`).toBeGreaterThan(0.6);
    }
  });

  it('of one entity go together: a long car tends to be wide and tall (correlation > 0.3)', () => {
    const xs = Array.from({ length: 1000 }, (_, seed) => look('suv', seed).size);
    const corr = (a: number[], b: number[]) => {
      const ma = a.reduce((s, v) => s + v, 0) / a.length;
      const mb = b.reduce((s, v) => s + v, 0) / b.length;
      let num = 0;
      let da = 0;
      let db = 0;
      a.forEach((v, i) => {
        num += (v - ma) * (b[i]! - mb);
        da += (v - ma) ** 2;
        db += (b[i]! - mb) ** 2;
      });
      return num / Math.sqrt(da * db);
    };
    expect(corr(xs.map((s) => s[0]), xs.map((s) => s[1]))).toBeGreaterThan(0.3);
    expect(corr(xs.map((s) => s[0]), xs.map((s) => s[2]))).toBeGreaterThan(0.3);
  });

  it('of a sedan follow its body style: hatchbacks are the short ones', () => {
    for (let seed = 0; seed < 300; seed++) {
      const l = look('sedan', seed);
      const [lo, hi] = CAR_BODIES[l.variant.body!].sizeRange[0];
      expect(l.size[0]).toBeGreaterThanOrEqual(lo);
      expect(l.size[0]).toBeLessThanOrEqual(hi);
      if (l.variant.body === 'hatchback') expect(l.size[0]).toBeLessThanOrEqual(4.4);
    }
  });
});

describe('colours', () => {
  it('of cars follow realistic frequencies: mostly white, black, grey and silver; some red and blue', () => {
    const colors = Array.from({ length: 4000 }, (_, seed) => look('sedan', seed).color);
    const share = (f: (c: Vec3) => boolean) => colors.filter(f).length / colors.length;
    expect(share(grey)).toBeGreaterThan(0.7);
    expect(share(grey)).toBeLessThan(0.85);
    expect(share((c) => c[0] > 2 * c[1] && c[0] > 2 * c[2])).toBeGreaterThan(0.04); // reds
    expect(share((c) => c[0] > 2 * c[1] && c[0] > 2 * c[2])).toBeLessThan(0.12);
    expect(share((c) => c[2] > 2 * c[0] && c[2] > c[1])).toBeGreaterThan(0.05); // blues
    expect(share((c) => c[0] > 0.85 && c[1] > 0.85)).toBeGreaterThan(0.28); // whites
  });

  it('of animals and clothes come from their palettes, each within 7% of its palette colour', () => {
    for (const name of ['deer', 'moose', 'cow', 'horse', 'adult', 'child']) {
      const m = model(name);
      for (let seed = 0; seed < 200; seed++) {
        const c = look(name, seed).color;
        const near = m.palette.some(([, p]) => p.every((v, i) => Math.abs(c[i]! - v) <= 0.071 * v + 0.001));
        expect(near, `${name} seed ${seed}: ${c.join(', ')}`).toBe(true);
      }
    }
  });

  it('are valid sRGB and every palette weight is positive', () => {
    for (const m of MODELS) {
      expect(m.palette.length, m.name).toBeGreaterThan(1);
      for (const [w, c] of m.palette) {
        expect(w).toBeGreaterThan(0);
        for (const v of c) expect(v >= 0 && v <= 1, m.name).toBe(true);
      }
    }
  });
});

describe('variants', () => {
  it('come in their realistic shares: body styles, antlers, sleeper cabs', () => {
    const n = 3000;
    const bodies = { saloon: 0, hatchback: 0, estate: 0 };
    let antlers = 0;
    let sleepers = 0;
    for (let seed = 0; seed < n; seed++) {
      bodies[look('sedan', seed).variant.body!]++;
      if (look('deer', seed).variant.antlers) antlers++;
      if (look('truck', seed).variant.cab === 'sleeper') sleepers++;
    }
    const total = Object.values(CAR_BODIES).reduce((a, b) => a + b.weight, 0);
    for (const [b, k] of Object.entries(bodies)) expect(Math.abs(k / n - CAR_BODIES[b as keyof typeof CAR_BODIES].weight / total), b).toBeLessThan(0.03);
    expect(Math.abs(antlers / n - ANTLERED.deer!.share)).toBeLessThan(0.03);
    expect(Math.abs(sleepers / n - SLEEPER_CAB_SHARE)).toBeLessThan(0.03);
  });

  it("give people trousers, skin and hair, and cows patches mostly on pale coats", () => {
    const v = look('adult', 1).variant;
    expect(v.trousers).toHaveLength(3);
    expect(v.skin).toHaveLength(3);
    expect(v.hair).toHaveLength(3);
    const patched: Record<'pale' | 'other', [number, number]> = { pale: [0, 0], other: [0, 0] };
    for (let seed = 0; seed < 1000; seed++) {
      const l = look('cow', seed);
      const kind = 0.2126 * l.color[0] + 0.7152 * l.color[1] + 0.0722 * l.color[2] > 0.75 ? 'pale' : 'other';
      patched[kind][0]++;
      if (l.variant.patches) patched[kind][1]++;
    }
    expect(patched.pale[1]! / patched.pale[0]!).toBeGreaterThan(0.8);
    expect(patched.other[1]! / patched.other[0]!).toBeLessThan(0.2);
  });

  it("'antlers: yes' and 'no' fix the antlers, and the box follows them", () => {
    const f = ANTLERED.deer!.boxFactor[2];
    for (let seed = 0; seed < 20; seed++) {
      const buck = entityNamed(sampleSnippet(minimal('deer d { antlers: yes }'), seed), 'd');
      const doe = entityNamed(sampleSnippet(minimal('deer d { antlers: no }'), seed), 'd');
      expect([buck.variant?.antlers, doe.variant?.antlers]).toEqual([true, false]);
      expect(buck.size[2]).toBeGreaterThanOrEqual(1.35 * f - 1e-9);
      expect(doe.size[2]).toBeLessThanOrEqual(1.6);
      // A cow moose: no antlers spreading sideways, so a narrower box than any bull's.
      const cow = entityNamed(sampleSnippet(minimal('moose m { antlers: no }'), seed), 'm');
      expect(cow.size[1]).toBeLessThan(0.7);
    }
    // With scale: the default box, grown by the antlers.
    expect(entityNamed(sampleSnippet(minimal('deer d {\n  scale: 1\n  antlers: yes\n}'), 0), 'd').size).toEqual([1.6, 0.45, 1.55 * f]);
  });

  it("'antlers' on a model that has none is an error at the property", () => {
    expect(diagnosticsOf(minimal('boar b { antlers: yes }'))).toEqual(["snippet.scene:2:10: 'antlers' is for deer and moose; 'boar' has none"]);
    expect(diagnosticsOf(minimal('animal a {\n  model: choice(boar, dog)\n  antlers: no\n}'))).toEqual(["snippet.scene:4:3: 'antlers' is for deer and moose; the model here is boar or dog"]);
    expect(diagnosticsOf(minimal('animal a {\n  model: choice(boar, deer)\n  antlers: no\n}'))).toEqual([]);
  });
});
