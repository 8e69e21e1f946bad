// `require <condition>` and soft `require[p] <condition>`: rejection sampling. A try that breaks a
// requirement is thrown away and the scene is drawn again from fresh streams (`key#attempt`), up to
// a budget (1000 tries by default); running out is a ScenarioError at the requirement that failed most.
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/core/index.ts';
import { sample } from '../../src/scenario/index.ts';
import { attemptsOf, compileSnippet, dedent, diagnosticsOf, entityNamed, firstTryMeetsRequirements, positioned, sampleSnippet } from '../helpers/scenario.ts';

/** Ego at x = 0 on lane 1 and a deer on the same lane 0 to 60 m ahead: distance(ego, doe) is the gap. */
const SCENE = dedent(`
  ego car {
    on lane 1
  }
  deer doe {
    on lane 1
    ahead of ego by uniform(0, 60) m
  }
`);

const gapOf = (text: string, seed: number): number => entityNamed(sampleSnippet(text, seed), 'doe').position[0];

describe('hard requirements', () => {
  const text = SCENE + 'require distance(ego, doe) > 30 m\n';
  const program = compileSnippet(text);
  const plain = compileSnippet(SCENE);

  it('every accepted sample meets the requirement', () => {
    for (let seed = 0; seed < 300; seed++) {
      const gap = entityNamed(sample(program, { seed }), 'doe').position[0];
      expect(gap).toBeGreaterThan(30);
      expect(gap).toBeLessThan(60);
    }
  });

  it('a first try that meets it is the sample without the requirement; one that does not is redrawn from fresh streams', () => {
    let redrawn = 0;
    for (let seed = 0; seed < 100; seed++) {
      const without = sample(plain, { seed });
      const tries = attemptsOf(program, seed);
      if (entityNamed(without, 'doe').position[0] > 30) {
        expect(tries, `seed ${seed}`).toBe(1);
        expect(sample(program, { seed })).toStrictEqual(without);
      } else {
        redrawn++;
        expect(tries, `seed ${seed}`).toBeGreaterThan(1);
        expect(entityNamed(sample(program, { seed }), 'doe').position[0]).not.toBe(entityNamed(without, 'doe').position[0]);
      }
    }
    // Half the first tries put the deer within 30 m.
    expect(redrawn).toBeGreaterThan(30);
    expect(redrawn).toBeLessThan(70);
  });

  it('the same seed gives the same accepted sample', () => {
    for (const seed of [3, 4, 5]) expect(sample(program, { seed })).toStrictEqual(sample(compileSnippet(text), { seed }));
  });

  it('onAttempts reports the tries: acceptance is about 1/2 for a 30 m minimum over 0 to 60 m', () => {
    const seeds = 400;
    let total = 0;
    for (let seed = 0; seed < seeds; seed++) total += attemptsOf(program, seed);
    // accepted / tries ≈ P(gap > 30 m) = 0.5; the mean of a geometric count is 2 ± 0.07 (1σ) here
    expect(seeds / total).toBeGreaterThan(0.45);
    expect(seeds / total).toBeLessThan(0.56);
  });

  it('onAttempts says 1 for a scenario without requirements, and is not called when the budget runs out', () => {
    expect(attemptsOf(plain, 0)).toBe(1);
    const calls: number[] = [];
    const never = compileSnippet(SCENE + 'require distance(ego, doe) > 1 km\n');
    expect(() => sample(never, { seed: 0, maxAttempts: 5, onAttempts: (n) => calls.push(n) })).toThrow(ScenarioError);
    expect(calls).toEqual([]);
  });

  it('a requirement may name entities declared after it', () => {
    const early = 'require distance(ego, doe) > 30 m\n' + SCENE;
    expect(sampleSnippet(early, 7)).toStrictEqual(sampleSnippet(text, 7));
  });

  it('every requirement must hold', () => {
    const both = SCENE + 'require distance(ego, doe) > 20 m\nrequire distance(ego, doe) < 25 m\n';
    for (let seed = 0; seed < 50; seed++) {
      const gap = gapOf(both, seed);
      expect(gap).toBeGreaterThan(20);
      expect(gap).toBeLessThan(25);
    }
  });
});

describe('soft requirements: require[p] is enforced in a share p of tries', () => {
  it('require[0] never rejects, even a condition that never holds', () => {
    const text = SCENE + 'require[0] distance(ego, doe) > 1 km\n';
    const program = compileSnippet(text);
    for (let seed = 0; seed < 50; seed++) {
      expect(attemptsOf(program, seed)).toBe(1);
      expect(sample(program, { seed })).toStrictEqual(sampleSnippet(SCENE, seed));
    }
  });

  it('require[1] is always enforced: the same samples as the hard requirement', () => {
    const soft = compileSnippet(SCENE + 'require[1] distance(ego, doe) > 30 m\n');
    const hard = compileSnippet(SCENE + 'require distance(ego, doe) > 30 m\n');
    for (let seed = 0; seed < 100; seed++) expect(sample(soft, { seed })).toStrictEqual(sample(hard, { seed }));
    expect(() => sample(compileSnippet(SCENE + 'require[1] distance(ego, doe) > 1 km\n'), { seed: 0, maxAttempts: 50 })).toThrow(ScenarioError);
  });

  it('require[0.8] holds in at least 80% of samples: here 0.5 / 0.6 ≈ 83%', () => {
    // Per try: enforced (0.8) and met (0.5), or not enforced (0.2): accepted with 0.8·0.5 + 0.2 = 0.6,
    // and the condition holds in 0.8·0.5 + 0.2·0.5 = 0.5 of tries, so in 0.5 / 0.6 of accepted samples.
    const program = compileSnippet(SCENE + 'require[0.8] distance(ego, doe) > 30 m\n');
    const seeds = 1000;
    let held = 0;
    for (let seed = 0; seed < seeds; seed++) if (entityNamed(sample(program, { seed }), 'doe').position[0] > 30) held++;
    expect(held / seeds).toBeGreaterThan(0.8);
    expect(held / seeds).toBeLessThan(0.87);
  });

  it('… but not when the condition is rare by itself: q = 0.1 gives 0.1 / (1 - 0.8 + 0.08) ≈ 36%, not 80%', () => {
    // Accepted share where it holds is q / (1 - p + p·q): a soft requirement leans, it does not guarantee.
    const program = compileSnippet(SCENE + 'require[0.8] distance(ego, doe) > 54 m\n');
    const seeds = 1000;
    let held = 0;
    for (let seed = 0; seed < seeds; seed++) if (entityNamed(sample(program, { seed }), 'doe').position[0] > 54) held++;
    expect(Math.abs(held / seeds - 0.1 / 0.28)).toBeLessThan(0.05);
  });

  it('require[0.5] of a condition that never holds takes 2 tries on average', () => {
    const program = compileSnippet(SCENE + 'require[0.5] distance(ego, doe) > 1 km\n');
    const seeds = 1000;
    let total = 0;
    let firstTry = 0;
    for (let seed = 0; seed < seeds; seed++) {
      const n = attemptsOf(program, seed);
      total += n;
      if (n === 1) firstTry++;
    }
    expect(total / seeds).toBeGreaterThan(1.85);
    expect(total / seeds).toBeLessThan(2.15);
    expect(firstTry / seeds).toBeGreaterThan(0.45);
    expect(firstTry / seeds).toBeLessThan(0.55);
  });
});

describe('running out of tries', () => {
  /** The budget error's diagnostics, positioned. */
  function budgetError(text: string, maxAttempts?: number): string[] {
    try {
      sample(compileSnippet(text), { seed: 0, ...(maxAttempts ? { maxAttempts } : {}) });
    } catch (e) {
      if (e instanceof ScenarioError) return e.diagnostics.map(positioned);
      throw e;
    }
    throw new Error('expected the budget to run out');
  }

  it('points at the requirement that failed most, with the number and share of tries', () => {
    // SCENE is 7 lines: the requirement is line 8.
    expect(budgetError(SCENE + 'require distance(ego, doe) > 1 km\n')).toEqual([
      'snippet.scene:8:1: no sample met every requirement in 1000 tries (acceptance 0 of 1000); this requirement failed most, in 1000 tries (100.0%)',
    ]);
  });

  it('maxAttempts sets the budget', () => {
    expect(budgetError(SCENE + 'require distance(ego, doe) > 1 km\n', 20)).toEqual([
      'snippet.scene:8:1: no sample met every requirement in 20 tries (acceptance 0 of 20); this requirement failed most, in 20 tries (100.0%)',
    ]);
  });

  it('a budget of no tries (or a fraction of one) is a clear error, with or without requirements', () => {
    const msg = (n: number) => `sample: maxAttempts must be a whole number of at least 1, got ${n}`;
    expect(() => sample(compileSnippet(SCENE), { seed: 0, maxAttempts: 0 })).toThrow(new RangeError(msg(0)));
    expect(() => sample(compileSnippet(SCENE + 'require distance(ego, doe) > 1 km\n'), { seed: 0, maxAttempts: 0 })).toThrow(new RangeError(msg(0)));
    expect(() => sample(compileSnippet(SCENE), { seed: 0, maxAttempts: 2.5 })).toThrow(new RangeError(msg(2.5)));
    expect(() => sample(compileSnippet(SCENE), { seed: 0, maxAttempts: -1 })).toThrow(new RangeError(msg(-1)));
  });

  it('names the other requirements that failed, with their shares; ones that always held are left out', () => {
    const text = SCENE + 'require distance(ego, doe) < 100 m\nrequire[0.5] distance(ego, doe) > 2 km\nrequire distance(ego, doe) > 1 km\n';
    const [line] = budgetError(text);
    const m = /^snippet\.scene:10:1: no sample met every requirement in 1000 tries \(acceptance 0 of 1000\); this requirement failed most, in 1000 tries \(100\.0%\); also line 9 failed (\d+\.\d)%$/.exec(line!);
    expect(m, line).not.toBeNull();
    // the soft one is enforced, and so fails, in about half the tries
    expect(Number(m![1])).toBeGreaterThan(45);
    expect(Number(m![1])).toBeLessThan(55);
  });

  it('between requirements that fail equally often, the first is named', () => {
    const text = SCENE + 'require distance(ego, doe) > 1 km\nrequire distance(ego, doe) > 2 km\n';
    expect(budgetError(text, 10)).toEqual([
      'snippet.scene:8:1: no sample met every requirement in 10 tries (acceptance 0 of 10); this requirement failed most, in 10 tries (100.0%); also line 9 failed 100.0%',
    ]);
  });

  it('the error carries the source, for carets under the whole requirement', () => {
    const text = SCENE + 'require distance(ego, doe) > 1 km\n';
    try {
      sample(compileSnippet(text), { seed: 0, maxAttempts: 3 });
      expect.unreachable();
    } catch (e) {
      const err = e as ScenarioError;
      expect(err.message.split('\n').slice(1)).toEqual(['8 | require distance(ego, doe) > 1 km', '    ' + '^'.repeat('require distance(ego, doe) > 1 km'.length)]);
    }
  });
});

describe('conditions', () => {
  /** Does `condition` hold for SCENE with the deer exactly 40 m ahead? */
  const holds = (condition: string): boolean => firstTryMeetsRequirements(SCENE.replace('uniform(0, 60) m', '40 m') + `require ${condition}\n`);
  const T = 'distance(ego, doe) > 1 m';
  const F = 'distance(ego, doe) > 1 km';

  it('distance is metres between the positions; every comparison', () => {
    expect([holds('distance(ego, doe) == 40 m'), holds('distance(doe, ego) == 4000 cm'), holds('distance(ego, doe) != 40 m')]).toEqual([true, true, false]);
    expect([holds('distance(ego, doe) < 40 m'), holds('distance(ego, doe) <= 40 m'), holds('distance(ego, doe) > 40 m'), holds('distance(ego, doe) >= 40 m')]).toEqual([
      false,
      true,
      false,
      true,
    ]);
    expect(holds('distance(ego, doe) > 39.5 m + 50 cm')).toBe(false);
    expect(holds('distance(ego, ego) == 0 m')).toBe(true);
  });

  it('distance is 3-D Euclidean between bottom centres: 30 m along and 40 m across is 50 m', () => {
    const text = 'ego car { at (0, 0) m }\ncone c { at (30, 40) m }\nrequire distance(ego, c) == 50 m\n';
    expect(firstTryMeetsRequirements(text)).toBe(true);
  });

  it('and, or, not; not binds tighter than and, and tighter than or', () => {
    expect([holds(`${T} and ${T}`), holds(`${T} and ${F}`), holds(`${F} or ${T}`), holds(`${F} or ${F}`)]).toEqual([true, false, true, false]);
    expect([holds(`not ${F}`), holds(`not ${T}`), holds(`not not ${T}`)]).toEqual([true, false, true]);
    expect(holds(`${T} or ${F} and ${F}`)).toBe(true); // T or (F and F)
    expect(holds(`(${T} or ${F}) and ${F}`)).toBe(false);
    expect(holds(`not ${T} and ${F}`)).toBe(false); // (not T) and F
    expect(holds(`not ${F} and ${T}`)).toBe(true);
  });
});

describe('visible X [from camera]: boxes at t = 0', () => {
  /** Ego on lane 1 at x = 0 with its default camera (90°, 1.55 m up); a deer on lane 1, 40 m ahead. */
  const ROAD = dedent(`
    ego car {
      on lane 1
    }
    deer doe {
      on lane 1
      ahead of ego by 40 m
    }
  `);
  const visible = (extra: string, condition = 'visible doe'): boolean => firstTryMeetsRequirements(ROAD + extra + `\nrequire ${condition}\n`);

  it('a deer ahead in the lane is visible', () => {
    expect(visible('')).toBe(true);
    expect(visible('', 'not visible doe')).toBe(false);
  });

  it('a truck between the ego and the deer hides it; one in the other lane or behind the deer does not', () => {
    expect(visible('truck t {\n  on lane 1\n  ahead of ego by 20 m\n}')).toBe(false);
    expect(visible('truck t {\n  on lane 1\n  ahead of ego by 20 m\n}', 'not visible doe')).toBe(true);
    expect(visible('truck t {\n  on lane 2\n  ahead of ego by 20 m\n}')).toBe(true);
    expect(visible('truck t {\n  on lane 1\n  ahead of ego by 60 m\n}')).toBe(true);
  });

  it('a low cone in between hides only the legs: still visible', () => {
    expect(visible('cone c {\n  on lane 1\n  ahead of ego by 20 m\n}')).toBe(true);
  });

  it('outside the field of view: far to the side, or beyond the far plane', () => {
    expect(visible('cone side {\n  at (5, 30) m\n}', 'visible side')).toBe(false);
    const far = 'ego car {\n  on lane 1\n  camera f { far: 30 m }\n}\ndeer doe {\n  on lane 1\n  ahead of ego by 40 m\n}\n';
    expect(firstTryMeetsRequirements(far + 'require visible doe\n')).toBe(false);
    expect(firstTryMeetsRequirements(far.replace('40 m', '20 m') + 'require visible doe\n')).toBe(true);
  });

  it('from a named camera: yaw turns it (+ looks left), so a camera looking back sees what is behind', () => {
    const cams = 'ego car {\n  on lane 1\n  at 50 m\n  camera front { }\n  camera rear { yaw: 180 deg }\n  camera left { yaw: 80 deg }\n}\n';
    const ahead = cams + 'deer doe {\n  on lane 1\n  ahead of ego by 30 m\n}\n';
    const behind = cams + 'deer doe {\n  on lane 1\n  behind ego by 30 m\n}\n';
    const aside = cams + 'cone doe { at (55, 30) m }\n';
    const seen = (scene: string, cam: string) => firstTryMeetsRequirements(scene + `require visible doe from ${cam}\n`);
    expect([seen(ahead, 'front'), seen(ahead, 'rear'), seen(ahead, 'left')]).toEqual([true, false, false]);
    expect([seen(behind, 'front'), seen(behind, 'rear'), seen(behind, 'left')]).toEqual([false, true, false]);
    expect([seen(aside, 'front'), seen(aside, 'rear'), seen(aside, 'left')]).toEqual([false, false, true]);
    // Without `from`, the first camera declared.
    expect(firstTryMeetsRequirements(ahead + 'require visible doe\n')).toBe(true);
    expect(firstTryMeetsRequirements(behind + 'require visible doe\n')).toBe(false);
  });

  it('a rare-event recipe: a deer that is hidden at first', () => {
    const text = ROAD.replace('40 m', 'uniform(30, 60) m') + 'truck t {\n  on lane 1\n  ahead of ego by uniform(10, 40) m\n}\nrequire not visible doe\n';
    const program = compileSnippet(text);
    for (let seed = 0; seed < 40; seed++) {
      const spec = sample(program, { seed });
      // the truck's rear end is nearer than the deer's front (it may overlap the deer: boxes do not collide here)
      expect(entityNamed(spec, 't').position[0] - 9.5 / 2).toBeLessThan(entityNamed(spec, 'doe').position[0] + 1.6 / 2);
    }
  });
});

describe('requirement diagnostics', () => {
  it.each([
    [
      'not a condition',
      'require distance(ego, doe) + 1 m',
      ["snippet.scene:8:9: expected a condition such as 'distance(ego, doe) > 30 m' or 'visible doe', found a distance"],
    ],
    ['comparing a distance with a plain number', 'require distance(ego, doe) > 30', ['snippet.scene:8:9: cannot compare a distance with a plain number']],
    ['a probability over 1', 'require[1.5] visible doe', ['snippet.scene:8:9: the probability of a soft requirement is a plain number from 0 to 1, as in require[0.8] …']],
    ['a probability that is not a literal', 'require[uniform(0, 1)] visible doe', ['snippet.scene:8:9: the probability of a soft requirement is a plain number from 0 to 1, as in require[0.8] …']],
    ["a soft requirement without ']'", 'require[0.5 visible doe', ["snippet.scene:8:13: expected ']' after the probability, as in 'require[0.8] …', found 'visible'"]],
    ['an unknown entity, with a suggestion', 'require visible deo', ["snippet.scene:8:17: unknown entity 'deo'; did you mean 'doe'?"]],
    ['an unknown camera', 'require visible doe from rear', ["snippet.scene:8:26: unknown camera 'rear'; expected one of (no cameras declared)"]],
    ["'and' with a value", 'require visible doe and 3 m', ["snippet.scene:8:25: 'and' joins conditions, found a distance"]],
    ["'not' of a value", 'require not 3 m', ["snippet.scene:8:13: 'not' takes a condition, found a distance"]],
    ['distance of a value', 'require distance(ego, 3 m) > 1 m', ['snippet.scene:8:23: distance takes entity names, as in distance(ego, doe)']],
    ['distance with one name', 'require distance(ego) > 1 m', ['snippet.scene:8:9: distance takes distance(a, b), found 1 value']],
  ])('%s', (_what, line, expected) => {
    expect(diagnosticsOf(SCENE + line + '\n')).toEqual(expected);
  });

  it('a camera list in the unknown-camera message', () => {
    const text = 'ego car { camera front { } }\ndeer doe { at 10 m }\nrequire visible doe from frnt\n';
    expect(diagnosticsOf(text)).toEqual(["snippet.scene:3:26: unknown camera 'frnt'; expected one of front; did you mean 'front'?"]);
  });

  it('distance(…) belongs to requirements and running conditions only: positions are known once every entity is placed', () => {
    const msg = "distance(…) can only be used in a 'require' or running condition: positions are known only once every entity is placed";
    expect(diagnosticsOf(SCENE + 'cone c { at distance(ego, doe) }\n')).toEqual([`snippet.scene:8:13: ${msg}`]);
    expect(diagnosticsOf(SCENE + 'road { length: distance(ego, doe) + 100 m }\n')).toEqual([`snippet.scene:8:16: ${msg}`]);
    expect(diagnosticsOf(SCENE + 'param d = distance(ego, doe)\n')).toEqual([`snippet.scene:8:11: ${msg}`]);
  });
});
