// `--set section.property=value`: road and environment values replaced from outside the file,
// parsed and checked as if written in their block; `--set name=value` still fixes a parameter.
import { describe, expect, it } from 'vitest';
import { LongtailError, ScenarioError } from '../../src/core/index.ts';
import { applyOverrides, parseParamOverrides } from '../../src/dsl/index.ts';
import { sample, type SceneSpec } from '../../src/scenario/index.ts';
import { compileSnippet, dedent, entityNamed, minimal, positioned } from '../helpers/scenario.ts';

/** sample.ts's fog: visibility V gives density sqrt(-ln 0.05) / V (5% contrast at V). */
const densityFor = (visibility: number) => Math.sqrt(-Math.log(0.05)) / visibility;

/** A file that sets every value the tests override to something else. */
const SCENE = dedent(`
  param gap = uniform(20, 60) m
  ego car {
    on lane 1
    at 10 m
  }
  car a { ahead of ego by gap }
  road { lanes: 2 }
  environment {
    time: 06:30
    fog: 300 m
    rain: 0.1
    street_lamps: off
  }
`);

function sampleWith(text: string, sets: readonly string[], seed = 0): SceneSpec {
  const { program, params } = applyOverrides(compileSnippet(text), sets);
  return sample(program, { seed, params });
}

/** What is wrong with some --set values: a ScenarioError's positioned lines, or a LongtailError's one line. */
function problemsOf(text: string, sets: readonly string[]): { kind: string; lines: string[] } {
  try {
    applyOverrides(compileSnippet(text), sets);
  } catch (e) {
    if (e instanceof ScenarioError) return { kind: e.kind, lines: e.diagnostics.map(positioned) };
    if (e instanceof LongtailError) return { kind: e.kind, lines: [e.message] };
    throw e;
  }
  throw new Error(`expected --set ${sets.join(' ')} to be rejected`);
}

describe('--set environment.<property>', () => {
  it('fog: the visibility as written, with or without a space before the unit', () => {
    expect(sampleWith(SCENE, []).environment.fogDensity).toBeCloseTo(densityFor(300), 12);
    for (const set of ['environment.fog=60m', 'environment.fog=60 m', 'environment.fog=0.06 km']) {
      expect(sampleWith(SCENE, [set]).environment.fogDensity).toBeCloseTo(0.028847, 6);
      expect(sampleWith(SCENE, [set]).environment.fogDensity).toBeCloseTo(densityFor(60), 12);
    }
    // A file without an environment block gets one.
    expect(sampleWith(minimal(), ['environment.fog=60 m']).environment.fogDensity).toBeCloseTo(densityFor(60), 12);
  });

  it('time: 23:00 whatever the file says, for every seed', () => {
    const drawn = minimal('param t = uniform(05:00, 07:00)\nenvironment { time: t }');
    for (const seed of [0, 1, 2, 7]) {
      expect(sampleWith(SCENE, [], seed).environment.timeOfDay).toBe(6.5 * 3600);
      expect(sampleWith(SCENE, ['environment.time=23:00'], seed).environment.timeOfDay).toBe(82800);
      expect(sampleWith(drawn, ['environment.time=23:00'], seed).environment.timeOfDay).toBe(82800);
    }
    expect(sampleWith(SCENE, ['environment.time=23:00 + 2 h']).environment.timeOfDay).toBe(3600);
  });

  it('rain, street lamps, and several at once; the last value for a property wins', () => {
    const spec = sampleWith(SCENE, ['environment.rain=0.8', 'environment.street_lamps=on', 'environment.fog=60 m', 'environment.fog=120 m']);
    expect(spec.environment.rain).toBe(0.8);
    expect(spec.environment.streetLamps).toBe(true);
    expect(spec.environment.fogDensity).toBeCloseTo(densityFor(120), 12);
    expect(spec.environment.timeOfDay).toBe(6.5 * 3600); // not set: the file's
  });

  it('a distribution is drawn per seed, within its range', () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 12; seed++) {
      const d = sampleWith(SCENE, ['environment.fog=uniform(50, 80) m'], seed).environment.fogDensity;
      expect(d).toBeGreaterThan(densityFor(80) - 1e-12);
      expect(d).toBeLessThanOrEqual(densityFor(50) + 1e-12);
      seen.add(d);
    }
    expect(seen.size).toBe(12);
    const lamps = new Set([0, 1, 2, 3, 4, 5, 6, 7].map((seed) => sampleWith(SCENE, ['environment.street_lamps=choice(on, off)'], seed).environment.streetLamps));
    expect(lamps).toEqual(new Set([true, false]));
  });

  it('a value may use the parameters of the file', () => {
    const text = minimal('param vis = 100 m');
    expect(sampleWith(text, ['environment.fog=vis * 2']).environment.fogDensity).toBeCloseTo(densityFor(200), 12);
  });

  it('leaves the compiled program as it was, and changes nothing else', () => {
    const program = compileSnippet(SCENE);
    const { program: changed } = applyOverrides(program, ['environment.fog=60 m']);
    expect(program.environment.get('fog')?.span.file).toBe('snippet.scene');
    expect(changed.environment.get('fog')?.span.file).toBe('--set environment.fog');
    const a = sample(program, { seed: 3 });
    const b = sample(changed, { seed: 3 });
    expect(b.environment.fogDensity).not.toBe(a.environment.fogDensity);
    expect({ ...b, environment: { ...b.environment, fogDensity: 0 } }).toStrictEqual({ ...a, environment: { ...a.environment, fogDensity: 0 } });
  });
});

describe('--set road.<property>', () => {
  it('lanes, surface', () => {
    expect(sampleWith(SCENE, []).road.lanes).toBe(2);
    const spec = sampleWith(SCENE, ['road.lanes=3', 'road.surface=wet']);
    expect(spec.road.lanes).toBe(3);
    expect(spec.road.surface).toBe('wet');
  });

  it("a curve's radius on a curve road", () => {
    const curve = minimal('road curve { radius: 300 m }');
    expect(sampleWith(curve, ['road.radius=150 m']).road.curve?.radius).toBe(150);
  });
});

describe('--set name=value still fixes a parameter', () => {
  it('returned as the sample options take it, the program unchanged', () => {
    const program = compileSnippet(SCENE);
    const { program: same, params } = applyOverrides(program, ['gap=35 m']);
    expect([...params.keys()]).toEqual(['gap']);
    expect(same.environment).toStrictEqual(program.environment);
    for (const seed of [0, 1, 5]) expect(entityNamed(sample(same, { seed, params }), 'a').position[0]).toBe(45);
    expect(entityNamed(sampleWith(SCENE, ['gap=35 m', 'environment.fog=60 m'], 2), 'a').position[0]).toBe(45);
  });

  it('parseParamOverrides gives the same parameters, and refuses a property it could not pass on', () => {
    const program = compileSnippet(SCENE);
    expect(parseParamOverrides(program, ['gap=35 m'])).toStrictEqual(applyOverrides(program, ['gap=35 m']).params);
    expect(() => parseParamOverrides(program, ['gap=35 m', 'environment.fog=60 m'])).toThrow(
      '--set environment.fog=60 m: only parameters can be set here, not road or environment properties',
    );
  });

  it('a word parameter a property value uses must fit that use, in either order', () => {
    const text = minimal('param mode = on');
    const expected = { kind: 'scenario', lines: ["--set mode:1:1: expected 'on' or 'off', found 'maybe'"] };
    expect(problemsOf(text, ['environment.street_lamps=mode', 'mode=maybe'])).toEqual(expected);
    expect(problemsOf(text, ['mode=maybe', 'environment.street_lamps=mode'])).toEqual(expected);
    expect(sampleWith(text, ['mode=off', 'environment.street_lamps=mode']).environment.streetLamps).toBe(false);
    expect(sampleWith(text, ['environment.street_lamps=mode']).environment.streetLamps).toBe(true);
  });
});

describe('a bad --set is reported in one line naming it', () => {
  it('an unknown section lists the sections', () => {
    expect(problemsOf(SCENE, ['weather.fog=60 m'])).toEqual({ kind: 'usage', lines: ["--set weather.fog=60 m: unknown section 'weather'; the sections are environment, road"] });
    expect(problemsOf(SCENE, ['enviroment.fog=60 m']).lines).toEqual([
      "--set enviroment.fog=60 m: unknown section 'enviroment'; the sections are environment, road; did you mean 'environment'?",
    ]);
    expect(problemsOf(SCENE, ['ego.speed=50 km/h']).lines).toEqual([
      "--set ego.speed=50 km/h: unknown section 'ego'; the sections are environment, road; 'ego' is an entity: make its value a parameter and set that",
    ]);
  });

  it('an unknown property lists the properties, with a did-you-mean', () => {
    expect(problemsOf(SCENE, ['environment.fgo=60 m'])).toEqual({
      kind: 'usage',
      lines: [
        "--set environment.fgo=60 m: environment has no property 'fgo'; expected one of time, date, latitude, fog, clouds, rain, snow, wetness, wind, wind_direction, fog_height, street_lamps; did you mean 'fog'?",
      ],
    });
    expect(problemsOf(SCENE, ['road.lane=3']).lines[0]).toMatch(/^--set road\.lane=3: road has no property 'lane'; expected one of lanes, lane_width, .*; did you mean 'lanes'\?$/);
  });

  it("a property of another kind of road", () => {
    expect(problemsOf(SCENE, ['road.radius=50 m'])).toEqual({ kind: 'usage', lines: ["--set road.radius=50 m: 'radius' belongs to a curve road, and snippet.scene's road is straight"] });
  });

  it('a name that is neither a parameter nor section.property', () => {
    expect(problemsOf(SCENE, ['environment.=3']).lines).toEqual(['--set environment.=3: expected section.property=value, such as --set "environment.fog=120 m"']);
    expect(problemsOf(SCENE, ['environment.fog.x=3']).lines).toEqual(['--set environment.fog.x=3: expected section.property=value, such as --set "environment.fog=120 m"']);
    expect(problemsOf(SCENE, ['60 m']).lines).toEqual(['--set 60 m: expected name=value, such as --set "fog=120 m"']);
    // A property's name alone is not a parameter: say how to set the property.
    expect(problemsOf(SCENE, ['fog=60 m'])).toEqual({ kind: 'usage', lines: [`--set fog=60 m: snippet.scene has no parameter 'fog'; it has gap; for the environment's 'fog' write --set "environment.fog=60 m"`] });
  });

  it.each([
    ['a speed for the fog', ['environment.fog=60 km/h'], ['--set environment.fog:1:1: expected a distance such as 20 m, found a speed']],
    ['a plain number for the fog', ['environment.fog=60'], ['--set environment.fog:1:1: expected a distance such as 20 m, found a plain number; add a unit']],
    ['a unit on rain', ['environment.rain=0.8 m'], ['--set environment.rain:1:1: expected a plain number, found a distance; drop the unit']],
    ['a distance for the time', ['environment.time=22 m'], ['--set environment.time:1:1: expected a clock time such as 21:30, found a distance']],
    ['a word street lamps do not take', ['environment.street_lamps=bright'], ["--set environment.street_lamps:1:1: expected 'on' or 'off', found 'bright'"]],
    ['a distribution of the wrong unit', ['environment.fog=uniform(50, 80) km/h'], ['--set environment.fog:1:1: expected a distance such as 20 m, found a speed']],
    ['a fraction of a lane', ['road.lanes=2.5'], ['--set road.lanes:1:1: expected a whole number, found 2.5']],
    ['a syntax error, positioned in the value', ['environment.fog=(60 m'], ["--set environment.fog:1:6: expected ',' or ')', found end of file"]],
    ['an unknown name', ['environment.fog=far'], ["--set environment.fog:1:1: unknown name 'far'; expected a distance such as 20 m or a parameter (gap)"]],
  ])('%s', (_what, sets, lines) => {
    expect(problemsOf(SCENE, sets)).toEqual({ kind: 'scenario', lines });
  });

  it('a value out of range is the sampler\'s error, as in the file, shown with the --set text', () => {
    for (const [set, line] of [
      ['environment.rain=1.5', '--set environment.rain:1:1: rain 1.5 is out of range; expected 0 to 1'],
      ['road.lanes=20', '--set road.lanes:1:1: lanes 20 is out of range; expected 1 to 12'],
      ['environment.fog=-5 m', '--set environment.fog:1:1: fog visibility must be more than 0 and at most 1000000, found -5'],
    ] as const) {
      const { program, params } = applyOverrides(compileSnippet(SCENE), [set]);
      let error: unknown = null;
      try {
        sample(program, { seed: 0, params });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ScenarioError);
      const e = error as ScenarioError;
      expect(e.diagnostics.map(positioned)).toEqual([line]);
      expect(e.message.split('\n')[1]).toBe(`1 | ${set.slice(set.indexOf('=') + 1)}`);
    }
  });
});
