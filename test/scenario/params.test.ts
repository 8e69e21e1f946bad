// `param name = expr`: one value per scene, used by name anywhere a value goes, and fixed from
// the command line with `--set name=value` (parsed and type-checked like the file itself).
import { describe, expect, it } from 'vitest';
import { compileSnippet, dedent, diagnosticsOf, entityNamed, minimal, sampleSnippet, sampleWithSets, setProblemsOf } from '../helpers/scenario.ts';
import { sample } from '../../src/scenario/index.ts';

const GAP = dedent(`
  param gap = uniform(20, 60) m
  param t = 22:15
  ego car {
    on lane 1
    at 10 m
  }
  car a { ahead of ego by gap }
  cone b {
    on lane 2
    ahead of ego by gap
  }
  environment { time: t }
`);

describe('a parameter has one value per scene', () => {
  it('used in two places, both get the same draw; the draw changes with the seed and stays in its range', () => {
    const gaps = new Set<number>();
    for (let seed = 0; seed < 50; seed++) {
      const spec = sampleSnippet(GAP, seed);
      const a = entityNamed(spec, 'a').position[0] - 10;
      const b = entityNamed(spec, 'b').position[0] - 10;
      expect(b).toBe(a);
      expect(a).toBeGreaterThanOrEqual(20);
      expect(a).toBeLessThan(60);
      gaps.add(a);
    }
    expect(gaps.size).toBe(50);
  });

  it('used as a speed in two vehicles and a walking speed', () => {
    const spec = sampleSnippet(minimal('param v = uniform(2, 4) m/s\ncar a { speed: v }\ncar b { speed: v }\ndeer d { cross road at v }'), 3);
    const a = entityNamed(spec, 'a').motion;
    const b = entityNamed(spec, 'b').motion;
    const d = entityNamed(spec, 'd').motion;
    if (a.kind !== 'drive' || b.kind !== 'drive' || d.kind !== 'walk') throw new Error('unexpected motions');
    expect(b.speed).toBe(a.speed);
    expect(d.speed).toBe(a.speed);
  });

  it('a clock-time parameter sets the time of day', () => {
    expect(sampleSnippet(GAP, 0).environment.timeOfDay).toBe(22 * 3600 + 15 * 60);
  });

  it('parameters may use parameters declared above them', () => {
    const spec = sampleSnippet(minimal('param a = 10 m\nparam b = a * 2 + 5 m\ncone c { at b }'), 0);
    expect(entityNamed(spec, 'c').position[0]).toBe(25);
  });

  it('a plain-number parameter under a unit is scaled like any plain number', () => {
    const x = (at: string) => entityNamed(sampleSnippet(minimal(`param n = 3\ncone c { at ${at} }`), 0), 'c').position[0];
    expect(x('n km')).toBe(3000);
    expect(x('(n + 1) m')).toBe(4);
    expect(x('(n * 2) km')).toBe(6000);
    expect(x('(2 * n) km')).toBe(6000);
    expect(x('uniform(n, n) km')).toBe(3000);
  });

  it('a list parameter under a unit is scaled item by item', () => {
    const spec = sampleSnippet('param p = (120, 0, 150)\nego car { camera f { position: p cm } }', 0);
    expect(spec.cameras[0]!.offset).toEqual([1.2, 0, 1.5]);
  });

  it('word parameters: a model, a colour and a beam', () => {
    const text = minimal('param kind = van\nparam paint = silver\nparam beam = high\nvehicle v {\n  model: kind\n  color: paint\n  lights: beam\n}');
    const v = entityNamed(sampleSnippet(text, 0), 'v');
    expect([v.model, v.cls, v.lights]).toEqual(['van', 'car', 'high']);
    expect(v.color).toEqual([0.7, 0.71, 0.73]);
  });

  it('a parameter draws from its own stream: declaring more parameters or entities does not change it', () => {
    const one = (extra: string) => entityNamed(sampleSnippet(`param gap = uniform(20, 60) m\nego car { }\n${extra}\ncone c { ahead of ego by gap }\n`, 5), 'c').position[0];
    const base = one('');
    expect(one('param other = uniform(0, 1)')).toBe(base);
    expect(one('param other = uniform(0, 1) m\ncar x { ahead of ego by other }')).toBe(base);
  });

  it('an unused parameter is fine', () => {
    expect(sampleSnippet(minimal('param unused = uniform(1, 2) m'), 0).entities).toHaveLength(1);
  });
});

describe('parameter diagnostics', () => {
  it.each([
    ['declared twice', 'param a = 1 m\nparam a = 2 m\nego car { }', ["snippet.scene:2:7: parameter 'a' is already declared at line 1"]],
    ['holding a condition', 'param ok = 1 m < 2 m\nego car { }', ["snippet.scene:1:12: a parameter holds a value, not a condition; use 'require' for conditions"]],
    ['used before it is declared', 'ego car { at gap }\nparam gap = 5 m', ["snippet.scene:1:14: unknown name 'gap'; expected a distance such as 20 m"]],
    [
      'a misspelt parameter, with the list of parameters',
      'param sped = 10 m/s\nparam gap = 5 m\nego car { speed: spd }',
      ["snippet.scene:3:18: unknown name 'spd'; expected a speed such as 50 km/h or a parameter (sped, gap); did you mean 'sped'?"],
    ],
    ['of the wrong kind where it is used', 'param gap = 5 m\nego car { speed: gap }', ['snippet.scene:2:18: expected a speed such as 50 km/h, found a distance']],
    [
      'an entity named like a parameter',
      'param doe = 5 m\nego car { }\ndeer doe { }',
      ["snippet.scene:3:6: 'doe' is already a parameter (line 1); entity and parameter names must differ"],
    ],
    [
      'a parameter named like an entity above it',
      'ego car { }\ncone doe { }\nparam doe = 5 m',
      ["snippet.scene:3:7: 'doe' is already an entity (line 2); entity and parameter names must differ"],
    ],
    [
      'defined in terms of itself',
      'param paint = paint\nego car { }',
      ["snippet.scene:1:7: parameter 'paint' is defined in terms of itself; rename it or the word in its value"],
    ],
    [
      'defined in terms of itself through another',
      'param a = b\nparam b = a + 1\nego car { }',
      ["snippet.scene:2:7: parameter 'b' is defined in terms of itself; rename it or the word in its value"],
    ],
    ["'=' missing", 'param gap 5 m\nego car { }', ["snippet.scene:1:11: expected '=' after the parameter name, as in 'param gap = uniform(0, 1)', found number 5"]],
    ['a word parameter that is no colour', 'param paint = sedan\nego car { color: paint }', ["snippet.scene:1:15: unknown colour 'sedan'; expected one of white, black, grey, silver, red, blue, green, yellow, orange, brown, tan or \"#rrggbb\""]],
  ])('%s', (_what, text, expected) => {
    expect(diagnosticsOf(text)).toEqual(expected);
  });
});

describe('--set fixes a parameter', () => {
  it('replaces the drawn value for every seed, everywhere the parameter is used', () => {
    for (const seed of [0, 1, 2, 99]) {
      const spec = sampleWithSets(GAP, ['gap=35 m'], seed);
      expect(entityNamed(spec, 'a').position[0]).toBe(45);
      expect(entityNamed(spec, 'b').position[0]).toBe(45);
    }
  });

  it('takes any expression of the right type, in any unit, random too', () => {
    expect(entityNamed(sampleWithSets(GAP, ['gap=3500 cm'], 0), 'a').position[0]).toBe(45);
    expect(entityNamed(sampleWithSets(GAP, ['gap=30 m + 5 m'], 0), 'a').position[0]).toBe(45);
    const x = entityNamed(sampleWithSets(GAP, ['gap=uniform(100, 110) m'], 0), 'a').position[0];
    expect(x).toBeGreaterThanOrEqual(110);
    expect(x).toBeLessThan(120);
    expect(sampleWithSets(GAP, ['t=23:00 + 30 min'], 0).environment.timeOfDay).toBe(84600);
  });

  it('several at once; the last value for a name wins; parameters not set keep their draws', () => {
    const spec = sampleWithSets(GAP, ['gap=1 m', 't=06:00', 'gap=2 m'], 4);
    expect(entityNamed(spec, 'a').position[0]).toBe(12);
    expect(spec.environment.timeOfDay).toBe(6 * 3600);
    expect(entityNamed(sampleWithSets(GAP, ['t=06:00'], 4), 'a')).toStrictEqual(entityNamed(sampleSnippet(GAP, 4), 'a'));
  });

  it('an override may use parameters declared before the one it sets', () => {
    const text = minimal('param base = 10 m\nparam gap = 5 m\ncone c { at gap }');
    expect(entityNamed(sampleWithSets(text, ['gap=base * 3'], 0), 'c').position[0]).toBe(30);
  });

  it('a word parameter takes any word its uses accept', () => {
    const text = minimal('param kind = choice(sedan, van)\nvehicle v { model: kind }');
    const v = entityNamed(sampleWithSets(text, ['kind=bus'], 0), 'v');
    expect([v.model, v.cls]).toEqual(['bus', 'bus']);
    expect(v.size[0] >= 10.5 && v.size[0] <= 13.5).toBe(true); // a bus's size, not a sedan's or a van's
  });

  it('the sample options carry the overrides (what the CLI passes)', () => {
    const program = compileSnippet(GAP);
    const plain = sample(program, { seed: 1 });
    expect(sample(program, { seed: 1, params: new Map() })).toStrictEqual(plain);
  });
});

describe('--set is checked like the file', () => {
  // Positions count from the start of the value, after the '='.
  it.each([
    ['a speed for a distance', ['gap=35 km/h'], ["--set gap:1:1: parameter 'gap' is a distance, found a speed"]],
    ['a plain number for a distance', ['gap=35'], ["--set gap:1:1: parameter 'gap' is a distance, found a plain number"]],
    ['a distance for a clock time', ['t=22 m'], ["--set t:1:1: parameter 't' is a clock time, found a distance"]],
    ['a syntax error, positioned in the value', ['gap=(35 m'], ["--set gap:1:6: expected ',' or ')', found end of file"]],
    ['trailing text', ['gap=35 m m'], ["--set gap:1:6: expected the end of the value, found 'm'"]],
    ['no value', ['gap='], ['--set gap:1:1: expected a value (a number, a quantity such as 20 m, a name, or uniform(a, b)), found end of line']],
    ['a type error inside the value', ['gap=5 m + 2 s'], ['--set gap:1:1: cannot add a time to a distance']],
    ['a bad character', ['gap=5 m @'], ["--set gap:1:5: unexpected character '@'"]],
  ])('%s', (_what, sets, expected) => {
    expect(setProblemsOf(GAP, sets)).toEqual({ kind: 'scenario', lines: expected });
  });

  it('a word that no use of the parameter accepts', () => {
    const text = minimal('param kind = choice(sedan, van)\nvehicle v { model: kind }');
    const { kind, lines } = setProblemsOf(text, ['kind=sedna']);
    expect(kind).toBe('scenario');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^--set kind:1:1: expected one of sedan, suv, .*, person, found 'sedna'; did you mean 'sedan'\?$/);
    expect(setProblemsOf(minimal('param paint = red\ncar c { color: paint }'), ['paint=purple']).lines[0]).toMatch(/^--set paint:1:1: unknown colour 'purple'/);
  });

  it('a list of the wrong length', () => {
    const text = 'param p = (1.2, 0, 1.5) m\nego car { camera f { position: p } }';
    expect(setProblemsOf(text, ['p=(1, 2) m']).lines).toEqual(["--set p:1:1: parameter 'p' is a list of 3 values, found a list of 2 values"]);
  });

  it('an override cannot refer to its own parameter, or a later one (it would be circular)', () => {
    expect(setProblemsOf(GAP, ['gap=gap + 1 m']).lines).toEqual(["--set gap:1:1: a --set value may use only parameters declared before 'gap'; 'gap' is the parameter itself"]);
    expect(setProblemsOf(minimal('param a = 1 m\nparam b = 2 m\ncone c { at a + b }'), ['a=b * 2']).lines).toEqual([
      "--set a:1:1: a --set value may use only parameters declared before 'a'; 'b' is declared after 'a'",
    ]);
    // The colour red is meant, but in this file `red` is the parameter.
    expect(setProblemsOf('param red = silver\nego car { color: red }', ['red=red']).lines).toEqual([
      "--set red:1:1: a --set value may use only parameters declared before 'red'; 'red' is the parameter itself",
    ]);
  });

  it('an unknown parameter is a usage error naming the parameters there are', () => {
    expect(setProblemsOf(GAP, ['gpa=3 m'])).toEqual({ kind: 'usage', lines: ["--set gpa=3 m: snippet.scene has no parameter 'gpa'; it has gap, t; did you mean 'gap'?"] });
    expect(setProblemsOf(minimal(), ['x=1'])).toEqual({ kind: 'usage', lines: ["--set x=1: snippet.scene has no parameter 'x'"] });
  });

  it('a value without a name is a usage error', () => {
    expect(setProblemsOf(GAP, ['35 m'])).toEqual({ kind: 'usage', lines: ['--set 35 m: expected name=value, such as --set "fog=120 m"'] });
    expect(setProblemsOf(GAP, ['=35 m'])).toEqual({ kind: 'usage', lines: ['--set =35 m: expected name=value, such as --set "fog=120 m"'] });
  });
});
