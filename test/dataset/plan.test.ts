// The data set plan: which scenario, cell, split and seed each sample gets. Pure: real scenario
// files compiled and sampled in node, no browser.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileOrThrow } from '../../src/dsl/index.ts';
import { cellKey, drawSample, lightOf, planDataset, PROBE_DRAWS, ShareSequence, SplitDealer, weatherOf, type Factor, type PlanOptions, type PlanScenario } from '../../src/dataset/index.ts';
import { spreadFrames, sunPosition, type SceneSpec } from '../../src/scenario/index.ts';
import { dedent, ROOT } from '../helpers/scenario.ts';

const scenario = (text: string, weight = 1): PlanScenario => {
  const program = compileOrThrow(dedent(text), 'snippet.scene');
  return { name: program.name, program, params: new Map(), weight };
};
const shipped = (name: string): PlanScenario => {
  const file = join(ROOT, 'scenes', name);
  const program = compileOrThrow(readFileSync(file, 'utf8'), file);
  return { name: program.name, program, params: new Map(), weight: 1 };
};

const SPLITS = [
  { name: 'train', share: 0.8 },
  { name: 'val', share: 0.1 },
  { name: 'test', share: 0.1 },
];
const options = (o: Partial<PlanOptions> = {}): PlanOptions => ({ seed: 0, samples: 20, splits: SPLITS, splitBy: 'sample', factors: [], ...o });

/** A scenario whose time of day covers day, dusk and night, with a choice parameter. */
const ALLDAY = `
  scenario "allday"
  param kind = choice(sedan, truck)
  environment { time: uniform(00:00, 23:59)
    rain: choice(0, 0.5) }
  ego car { on lane 1 }
  vehicle other { model: kind
    on lane 2
    ahead of ego by 30 m }
  duration 1 s
`;
const NIGHT = `
  scenario "night"
  environment { time: uniform(22:00, 23:30) }
  ego car { on lane 1 }
  deer doe { on roadside right
    ahead of ego by 30 m }
  duration 1 s
`;

describe('ShareSequence', () => {
  it('deals every prefix within ±1 of its shares, and never revises a position', () => {
    for (const shares of [[0.8, 0.1, 0.1], [0.7, 0.2, 0.1], [1, 2, 3], [0.5, 0.5]]) {
      const seq = new ShareSequence(shares);
      const sum = shares.reduce((a, b) => a + b, 0);
      const counts = shares.map(() => 0);
      const first: number[] = [];
      for (let p = 0; p < 1000; p++) {
        const k = seq.at(p);
        first.push(k);
        counts[k]!++;
        counts.forEach((c, j) => expect(Math.abs(c - ((p + 1) * shares[j]!) / sum)).toBeLessThanOrEqual(1));
      }
      const again = new ShareSequence(shares);
      expect(Array.from({ length: 1000 }, (_, p) => again.at(999 - p)).reverse()).toEqual(first);
    }
  });

  it('starts 0.8/0.1/0.1 as worked by hand: eight of ten to the first, then one each', () => {
    // lags n·share − count before each pick: n = 1..3 train leads (0.8, 0.6, 0.4 over 0.1·n);
    // n = 4: train 0.2, val 0.4, test 0.4 → val (first on the tie); n = 5, 6: train 1.0, 0.8 → train;
    // n = 7: train 0.6, val −0.3, test 0.7 → test; n = 8..10: train.
    const seq = new ShareSequence([0.8, 0.1, 0.1]);
    expect(Array.from({ length: 10 }, (_, p) => seq.at(p))).toEqual([0, 0, 0, 1, 0, 0, 2, 0, 0, 0]);
  });
});

describe('SplitDealer', () => {
  it('keeps every group and the whole data set within ±1 of the shares at every sample', () => {
    for (const [groups, n] of [[1, 10], [2, 1000], [3, 6], [6, 12], [11, 24], [12, 300]] as const) {
      const shares = [0.8, 0.1, 0.1];
      const d = new SplitDealer(shares);
      const total = [0, 0, 0];
      const per = Array.from({ length: groups }, () => [0, 0, 0]);
      for (let i = 0; i < n; i++) {
        const g = i % groups;
        const k = d.deal(String(g));
        total[k]!++;
        per[g]![k]!++;
        const gn = per[g]!.reduce((a, b) => a + b);
        per[g]!.forEach((c, j) => expect(Math.abs(c - gn * shares[j]!), `group ${g} of ${groups}, sample ${i}`).toBeLessThan(1));
        total.forEach((c, j) => expect(Math.abs(c - (i + 1) * shares[j]!), `${groups} groups, sample ${i}`).toBeLessThanOrEqual(1 + 1e-9));
      }
      // Ten samples or more: every split has one, however many groups share them.
      if (n >= 10) expect(total.every((c) => c > 0)).toBe(true);
    }
  });
});

describe('the plan', () => {
  const two = [shipped('deer-crossing-night.scene'), shipped('child-ball.scene')];

  it('is a prefix of a longer plan: the first 6 of 9 samples get the same scenario, split, cell and seed', () => {
    for (const factors of [[], [{ kind: 'scenario' }], [{ kind: 'light' }]] as Factor[][]) {
      const sc = factors.some((f) => f.kind === 'light') ? [scenario(ALLDAY), scenario(NIGHT)] : two;
      const short = planDataset(sc, options({ samples: 6, factors }));
      const long = planDataset(sc, options({ samples: 9, factors }));
      const view = (p: typeof short, i: number) => {
        const s = p.samples[i]!;
        return { ...s, params: [...s.params.keys()], seed: drawSample(p, s, 0).seed };
      };
      for (let i = 0; i < 6; i++) expect(view(long, i)).toEqual(view(short, i));
    }
  });

  it('gives equal scenario shares, or by --weight', () => {
    const p = planDataset(two, options({ samples: 30 }));
    expect(p.samples.filter((s) => s.scenario === 0).length).toBe(15);
    const w = planDataset([{ ...two[0]!, weight: 2 }, two[1]!], options({ samples: 30 }));
    expect(w.samples.filter((s) => s.scenario === 0).length).toBe(20);
  });

  it('splits every scenario by the shares, and a small data set of many scenarios too', () => {
    const p = planDataset(two, options({ samples: 1000 }));
    for (const si of [0, 1]) {
      const mine = p.samples.filter((s) => s.scenario === si);
      for (const sp of SPLITS) expect(Math.abs(mine.filter((s) => s.split === sp.name).length - 500 * sp.share)).toBeLessThanOrEqual(1);
    }
    // 24 samples over the eleven shipped scenes (2–3 each): still 0.8/0.1/0.1 over the whole set.
    const scenes = readdirSync(join(ROOT, 'scenes')).filter((f) => f.endsWith('.scene')).sort().map(shipped);
    const small = planDataset(scenes, options({ samples: 24 }));
    expect(SPLITS.map((sp) => small.samples.filter((s) => s.split === sp.name).length)).toEqual([19, 3, 2]);
  });

  it('holds whole scenarios out with --split-by scenario, at least one per split', () => {
    const scenes = ['deer-crossing-night', 'child-ball', 'moose-highway-fog', 'cattle-herd-dusk', 'debris-motorway'].map((n) => shipped(`${n}.scene`));
    const p = planDataset(scenes, options({ samples: 50, splitBy: 'scenario' }));
    for (let si = 0; si < scenes.length; si++) expect(new Set(p.samples.filter((s) => s.scenario === si).map((s) => s.split)).size).toBe(1);
    for (const sp of SPLITS) expect(p.samples.some((s) => s.split === sp.name)).toBe(true);
    expect(() => planDataset(two, options({ splitBy: 'scenario' }))).toThrow('--split-by scenario needs at least one scenario per split: 3 splits (train, val, test) but 2 scenarios');
  });

  it('stratifies by light: equal samples per reachable cell, each scene really in its cell', () => {
    const p = planDataset([scenario(ALLDAY), scenario(NIGHT)], options({ samples: 31, factors: [{ kind: 'light' }] }));
    expect(p.cells.map((c) => c.key)).toEqual(['light=day', 'light=dusk', 'light=night']);
    expect(p.cells.map((c) => c.samples)).toEqual([11, 10, 10]);
    // night is reached by both scenarios, day and dusk by the all-day one only.
    expect(p.cells.map((c) => c.scenarios)).toEqual([[0], [0], [0, 1]]);
    for (const s of p.samples) expect(lightOf(drawSample(p, s, 0).spec)).toBe(s.cell[0]);
    // The night-only scenario never reached day or dusk in its probe draws: reported, not hidden.
    expect(p.unreached).toEqual([
      { scenario: 'night', key: 'light=day', draws: PROBE_DRAWS },
      { scenario: 'night', key: 'light=dusk', draws: PROBE_DRAWS },
    ]);
  });

  it('stratifies by scenario × weather × a choice parameter, fixing the parameter for each cell', () => {
    const factors: Factor[] = [{ kind: 'scenario' }, { kind: 'weather' }, { kind: 'param', name: 'kind' }];
    const sc = [scenario(ALLDAY)];
    const p = planDataset(sc, options({ samples: 40, factors }));
    expect(p.cells.map((c) => c.key)).toEqual([
      'scenario=allday,weather=clear,param:kind=sedan',
      'scenario=allday,weather=clear,param:kind=truck',
      'scenario=allday,weather=rain,param:kind=sedan',
      'scenario=allday,weather=rain,param:kind=truck',
    ]);
    expect(p.cells.every((c) => c.samples === 10)).toBe(true);
    for (const s of p.samples) {
      const spec = drawSample(p, s, 0).spec;
      expect(weatherOf(spec)).toBe(s.cell[1]);
      expect(spec.entities.find((e) => e.name === 'other')!.model).toBe(s.cell[2]);
    }
    expect(() => planDataset([scenario(NIGHT)], options({ factors: [{ kind: 'param', name: 'kind' }] }))).toThrow("--stratify param:kind: scenario 'night' has no parameter 'kind'");
  });

  it('draws the next seed of a sample on demand, and another data set seed draws others', () => {
    const p = planDataset(two, options());
    const s = p.samples[0]!;
    const a = drawSample(p, s, 0);
    const b = drawSample(p, s, a.attempt + 1);
    expect(b.seed).not.toBe(a.seed);
    expect(drawSample(planDataset(two, options({ seed: 1 })), s, 0).seed).not.toBe(a.seed);
    expect(cellKey([], [])).toBe('');
  });
});

describe('factors', () => {
  const env = (e: Partial<SceneSpec['environment']>): SceneSpec =>
    ({ environment: { timeOfDay: 12 * 3600, dayOfYear: 172, year: 2026, latitude: (48 * Math.PI) / 180, fogDensity: 0, clouds: 0, rain: 0, snow: 0, wetness: 0, wind: 0, streetLamps: false, ...e } }) as SceneSpec;

  it('names light by the sun elevation: day above 6°, dusk from −6° to 6°, night below', () => {
    const lat = (48 * Math.PI) / 180;
    const elevationAt = (t: number) => (sunPosition(t, 172, lat).elevation * 180) / Math.PI;
    // Find the minute of the June evening when the sun crosses 6° and −6°, and check either side.
    const cross = (deg: number) => {
      let t = 12 * 3600;
      while (elevationAt(t) > deg) t += 60;
      return t;
    };
    for (const [deg, above, below] of [[6, 'day', 'dusk'], [-6, 'dusk', 'night']] as const) {
      const t = cross(deg);
      expect(lightOf(env({ timeOfDay: t - 60 }))).toBe(above);
      expect(lightOf(env({ timeOfDay: t }))).toBe(below);
    }
    expect(lightOf(env({ timeOfDay: 0 }))).toBe('night');
  });

  it('names weather: snow, then rain (≥ 0.05), then fog (visibility < 1000 m), else clear', () => {
    const density = (visibilityM: number) => Math.sqrt(-Math.log(0.05)) / visibilityM;
    expect(weatherOf(env({}))).toBe('clear');
    expect(weatherOf(env({ rain: 0.04 }))).toBe('clear');
    expect(weatherOf(env({ rain: 0.05 }))).toBe('rain');
    expect(weatherOf(env({ rain: 0.5, snow: 0.05 }))).toBe('snow');
    expect(weatherOf(env({ fogDensity: density(999) }))).toBe('fog');
    expect(weatherOf(env({ fogDensity: density(1001) }))).toBe('clear');
    expect(weatherOf(env({ fogDensity: density(100), rain: 0.2 }))).toBe('rain');
  });
});

describe('frames of a sample', () => {
  it('spreads --frames evenly over the window, both ends in; --stride takes every k-th', () => {
    expect(spreadFrames(0, 39, { count: 4 })).toEqual([0, 13, 26, 39]);
    expect(spreadFrames(10, 20, { count: 1 })).toEqual([15]);
    expect(spreadFrames(10, 12, { count: 5 })).toEqual([10, 11, 12]);
    expect(spreadFrames(10, 20, { stride: 4 })).toEqual([10, 14, 18]);
    expect(spreadFrames(3, 5, {})).toEqual([3, 4, 5]);
  });
});
