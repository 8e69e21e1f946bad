// `repeat <count> { entities }`: the entities, count times, named <name>_1 … <name>_n. Inside one
// repetition a template's name means that repetition's copy; from outside, templates cannot be named.
import { describe, expect, it } from 'vitest';
import { sample } from '../../src/scenario/index.ts';
import { compileSnippet, dedent, diagnosticsOf, entityNamed, minimal, sampleSnippet, sampleWithSets, samplingErrorsOf } from '../helpers/scenario.ts';

const HERD = dedent(`
  ego car {
    on lane 1
  }
  repeat 3 {
    deer doe {
      on roadside right
      ahead of ego by uniform(20, 80) m
    }
    deer fawn {
      on roadside right
      ahead of doe by 2 m
      scale: 0.6
    }
  }
  cone c { at 5 m }
`);

describe('copies', () => {
  it('are named _1 … _n, in order, one repetition after another, with ids in that order', () => {
    const spec = sampleSnippet(HERD, 0);
    expect(spec.entities.map((e) => [e.id, e.name])).toEqual([
      [1, 'ego'],
      [2, 'doe_1'],
      [3, 'fawn_1'],
      [4, 'doe_2'],
      [5, 'fawn_2'],
      [6, 'doe_3'],
      [7, 'fawn_3'],
      [8, 'c'],
    ]);
  });

  it('inside a repetition, a template name means that repetition’s copy', () => {
    for (const seed of [0, 1, 2]) {
      const spec = sampleSnippet(HERD, seed);
      for (const i of [1, 2, 3]) expect(entityNamed(spec, `fawn_${i}`).position[0]).toBe(entityNamed(spec, `doe_${i}`).position[0] + 2);
    }
  });

  it('each copy draws from its own stream, keyed by its name: the same as an entity written out with that name', () => {
    const written = dedent(`
      ego car {
        on lane 1
      }
      deer doe_1 {
        on roadside right
        ahead of ego by uniform(20, 80) m
      }
      deer doe_2 {
        on roadside right
        ahead of ego by uniform(20, 80) m
      }
    `);
    const repeated = 'ego car {\n  on lane 1\n}\nrepeat 2 {\n  deer doe {\n    on roadside right\n    ahead of ego by uniform(20, 80) m\n  }\n}\n';
    for (const seed of [0, 5]) expect(sampleSnippet(repeated, seed).entities).toStrictEqual(sampleSnippet(written, seed).entities);
    const xs = new Set([0, 1, 2].map((i) => entityNamed(sampleSnippet(HERD, 0), `doe_${i + 1}`).position[0]));
    expect(xs.size).toBe(3);
  });

  it('raising the count adds copies and leaves the first ones as they were', () => {
    const three = sampleSnippet(HERD, 4);
    const five = sampleSnippet(HERD.replace('repeat 3', 'repeat 5'), 4);
    expect(five.entities).toHaveLength(three.entities.length + 4);
    for (const name of ['doe_1', 'fawn_1', 'doe_3', 'fawn_3']) expect(entityNamed(five, name)).toStrictEqual({ ...entityNamed(three, name), id: entityNamed(five, name).id });
  });

  it('repeat 0 makes none; unnamed templates get the usual name, then the suffix', () => {
    expect(sampleSnippet(HERD.replace('repeat 3', 'repeat 0'), 0).entities.map((e) => e.name)).toEqual(['ego', 'c']);
    expect(sampleSnippet(minimal('repeat 2 {\n  cone { }\n}'), 0).entities.map((e) => e.name)).toEqual(['ego', 'cone_2_1', 'cone_2_2']);
  });

  it('may sit on one line, like any block', () => {
    expect(sampleSnippet(minimal('repeat 2 { cone c { at 5 m } }'), 0).entities.map((e) => e.name)).toEqual(['ego', 'c_1', 'c_2']);
  });
});

describe('the count', () => {
  it('may be random: randint(1, 4) gives 1 to 4 copies, each count for some seed', () => {
    const program = compileSnippet(minimal('repeat randint(1, 4) {\n  cone c { at uniform(0, 50) m }\n}'));
    const seen = new Set<number>();
    for (let seed = 0; seed < 100; seed++) {
      const n = sample(program, { seed }).entities.length - 1;
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(4);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([1, 2, 3, 4]);
  });

  it('may be a parameter, and --set changes it', () => {
    const text = minimal('param n = 4\nrepeat n {\n  cone c { }\n}');
    expect(sampleSnippet(text, 0).entities).toHaveLength(5);
    expect(sampleWithSets(text, ['n=7'], 0).entities).toHaveLength(8);
    expect(sampleWithSets(text, ['n=randint(0, 1)'], 0).entities.length).toBeLessThanOrEqual(2);
  });

  it('out of range when drawn is a sampling error at the count', () => {
    expect(samplingErrorsOf(minimal('repeat -1 {\n  cone c { }\n}'))).toEqual(['snippet.scene:2:8: repeat count -1 is out of range; expected a whole number from 0 to 200']);
  });
});

describe('repeat diagnostics', () => {
  it.each([
    [
      'a template named from outside',
      minimal('repeat 2 {\n  cone c { }\n}\ncar x { ahead of c by 5 m }'),
      ["snippet.scene:5:18: 'c' is declared inside a repeat; it can be referred to only inside that repeat"],
    ],
    [
      'a template named from another repeat',
      minimal('repeat 2 {\n  cone c { }\n}\nrepeat 2 {\n  cone d { near c within 2 m }\n}'),
      ["snippet.scene:6:17: 'c' is declared inside a repeat; it can be referred to only inside that repeat"],
    ],
    [
      'a copy named from outside',
      minimal('repeat 2 {\n  cone c { }\n}\ncar x { ahead of c_1 by 5 m }'),
      ["snippet.scene:5:18: unknown entity 'c_1'; expected the name of an entity declared above this one"],
    ],
    [
      'a template named by a requirement',
      minimal('repeat 2 {\n  cone c { }\n}\nrequire visible c'),
      ["snippet.scene:5:17: 'c' is declared inside a repeat; a requirement cannot name it (only placements inside that repeat can)"],
    ],
    [
      'a camera inside repeat',
      minimal('repeat 2 {\n  car c { camera dash { } }\n}'),
      ['snippet.scene:3:11: cameras cannot ride on entities inside repeat (camera names must be unique)'],
    ],
    ['the ego inside repeat', 'repeat 2 {\n  ego car { }\n}', ['snippet.scene:2:7: the ego cannot be inside repeat']],
    ['a road inside repeat', minimal('repeat 2 {\n  road { }\n}'), ["snippet.scene:3:3: 'road' cannot be repeated; only entities go inside repeat"]],
    ['a nested repeat', minimal('repeat 2 {\n  repeat 3 {\n    cone c { }\n  }\n  cone d { }\n}'), ['snippet.scene:3:3: repeat blocks cannot be nested']],
    ['a nested repeat on one line', minimal('repeat 2 { repeat 3 { cone c { } } }'), ['snippet.scene:2:12: repeat blocks cannot be nested']],
    ['a count over 200', minimal('repeat 201 {\n  cone c { }\n}'), ['snippet.scene:2:8: repeat count 201 is out of range; expected 0 to 200']],
    ['a fractional count', minimal('repeat 2.5 {\n  cone c { }\n}'), ['snippet.scene:2:8: expected a whole number, found 2.5']],
    ['a count with a unit', minimal('repeat 2 m {\n  cone c { }\n}'), ['snippet.scene:2:8: expected a plain number, found a distance; drop the unit']],
    ["no '{'", minimal('repeat 2\ncone c { }'), ["snippet.scene:2:9: expected '{' to open the repeated block, found end of line"]],
    [
      'an entity whose name is also a copy’s',
      minimal('car c_2 { }\nrepeat 2 {\n  cone c { }\n}'),
      ["snippet.scene:2:5: 'c_2' is also the name of a copy of 'c' made by repeat at line 3; rename one"],
    ],
    [
      'a template named like an entity',
      minimal('car c { }\nrepeat 2 {\n  cone c { }\n}'),
      ["snippet.scene:4:8: 'c' is already declared at line 2; entity names must be unique"],
    ],
  ])('%s', (_what, text, expected) => {
    expect(diagnosticsOf(text)).toEqual(expected);
  });
});

describe('instance ids', () => {
  it('stop with a positioned error past 65535 entities, instead of wrapping the 16-bit id', () => {
    // 328 repeats of 200 cones: 65,600 entities besides the ego car (entity 1). Entities 2..65401 are
    // the 327 full groups; entity 65536 is copy 65536 - 65401 = 135 of the last group, whose cone is
    // declared on line 3 + 327·3 + 1 + 1 = 986, its name at column 8.
    const groups = Array.from({ length: 328 }, (_, i) => `repeat 200 {\n  cone c${i} { at ${i % 50} m }\n}`).join('\n');
    const errors = samplingErrorsOf(`ego car {\n  on lane 1\n}\n${groups}\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^snippet\.scene:986:8: 'c327_135' would be entity 65536: a scene holds at most 65535 \(instance ids are 16-bit\)/);
  });
});
