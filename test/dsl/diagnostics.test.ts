// What a user sees when a scenario is wrong: exact place and exact words. `minimal(x)` puts
// `ego car { on lane 1 }` on line 1, so its snippets start on line 2.
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, ScenarioError } from '../../src/core/index.ts';
import { compile } from '../../src/dsl/index.ts';
import { compileSnippet, dedent, diagnosticsOf, minimal } from '../helpers/scenario.ts';

const EGO = 'ego car { on lane 1 }';
const MODELS =
  'sedan, suv, pickup, van, truck, bus, motorcycle, bicycle, deer, moose, boar, dog, cow, horse, sheep, adult, child, box, cone, debris, tyre, rock, fallen_tree, car, pedestrian, person';
const ENTITY_PROPS = 'speed, driving, reaction, color, scale, lights, hazards, indicator, facing, offset, motion, antlers, mesh, mesh_yaw, mesh_fit';
const STATEMENT =
  "expected a statement (scenario, import, seed, duration, param, require, repeat, event, end, capture, road, environment, or an entity such as 'deer doe { ... }')";
const ROAD_PROPS = 'lanes, lane_width, length, shoulder, oncoming, surface, radius, angle, direction, start, junction, cross_lanes, cross_angle, cross_length, roadside, guardrail, wear';

/** [what is wrong, scenario text, every diagnostic as `snippet.scene:line:col: message`]. */
const BROKEN: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  // ---- names and suggestions
  [
    'misspelt property',
    minimal('car c { spede: 50 km/h }'),
    [`snippet.scene:2:9: a car has no property 'spede'; expected one of ${ENTITY_PROPS}; did you mean 'speed'?`],
  ],
  [
    'misspelt road property',
    `road straight { lane_widht: 3 m }\n${EGO}`,
    [`snippet.scene:1:17: road has no property 'lane_widht'; expected one of ${ROAD_PROPS}; did you mean 'lane_width'?`],
  ],
  [
    'misspelt class',
    minimal('dear d { at 3 m }'),
    [`snippet.scene:2:1: unknown class or block 'dear'; expected road, environment, or an entity model (${MODELS}); did you mean 'deer'?`],
  ],
  [
    'misspelt side',
    minimal('deer d { on roadside rigth }'),
    ["snippet.scene:2:22: expected 'left' or 'right', found 'rigth'; did you mean 'right'?"],
  ],
  [
    'misspelt placement keyword',
    minimal('car c { onn lane 1 }'),
    [
      "snippet.scene:2:9: 'onn' is not a property, placement or behaviour here; expected 'name: value', on, ahead of, behind, at, cross, or a nested block such as 'camera front { ... }'; did you mean 'on'?",
    ],
  ],
  [
    'misspelt top-level keyword',
    `sed 4\n${EGO}`,
    ["snippet.scene:1:5: expected '{' to open the block of 'sed', found number 4; did you mean 'seed'?"],
  ],
  [
    'unknown entity reference, with a suggestion',
    minimal('car c { ahead of eg by 3 m }'),
    ["snippet.scene:2:18: unknown entity 'eg'; expected the name of an entity declared above this one; did you mean 'ego'?"],
  ],
  [
    'forward reference',
    'ego car { ahead of lead by 20 m }\ncar lead { at 5 m }',
    ["snippet.scene:1:20: unknown entity 'lead'; expected the name of an entity declared above this one"],
  ],
  ['placed relative to itself', minimal('car c { ahead of c by 5 m }'), ["snippet.scene:2:18: 'c' cannot be placed relative to itself"]],
  ['duplicate entity names', minimal('car a { at 1 m }\ncar a { at 2 m }'), ["snippet.scene:3:5: 'a' is already declared at line 2; entity names must be unique"]],
  [
    'duplicate camera names across entities',
    'ego car { camera front { } }\ncar c { camera front { } }',
    ["snippet.scene:2:16: a camera named 'front' is already declared at line 1; camera names must be unique"],
  ],
  ['two egos', minimal('ego truck t { at 1 m }'), ["snippet.scene:2:11: a second ego; only one entity can be the ego (the first is 'ego')"]],
  [
    'two unnamed egos collide on the default name first',
    minimal('ego truck { at 1 m }'),
    ["snippet.scene:2:5: 'ego' is already declared at line 1; entity names must be unique"],
  ],
  ['no ego', 'car a { at 1 m }', ["snippet.scene:1:1: no ego: expected one entity marked ego, e.g. 'ego car { on lane 1 }'"]],
  ['a second road', `road straight { }\nroad straight { }\n${EGO}`, ['snippet.scene:2:1: a second road; the scenario has one road, declared at line 1']],
  ['unknown road kind', `road curvy { }\n${EGO}`, ["snippet.scene:1:6: unknown road kind 'curvy'; expected straight, curve, intersection; did you mean 'curve'?"]],
  ['environment with a name', `environment x { }\n${EGO}`, ["snippet.scene:1:13: 'environment' takes no name; expected '{'"]],
  // ---- types and units
  ['speed given as metres', minimal('car c { speed: 50 m }'), ['snippet.scene:2:16: expected a speed such as 50 km/h, found a distance']],
  ['missing unit', minimal('car c { speed: 50 }'), ['snippet.scene:2:16: expected a speed such as 50 km/h, found a plain number; add a unit']],
  ['missing unit on a duration', `duration 5\n${EGO}`, ['snippet.scene:1:10: expected a duration such as 2 s, found a plain number; add a unit']],
  ['missing unit on fog', `environment { fog: 100 }\n${EGO}`, ['snippet.scene:1:20: expected a distance such as 20 m, found a plain number; add a unit']],
  ['missing unit on a camera angle', minimal('car c { camera front { fov: 90 } }'), ['snippet.scene:2:29: expected an angle such as 30 deg, found a plain number; add a unit']],
  ['unit on a plain-number property', minimal('car c { scale: 2 m }'), ['snippet.scene:2:16: expected a plain number, found a distance; drop the unit']],
  ['unit on a lane number', minimal('car c { on lane 1 m }'), ['snippet.scene:2:17: expected a plain number, found a distance; drop the unit']],
  ['unit on a clock time', `environment { time: 21:30 s }\n${EGO}`, ["snippet.scene:1:27: unit 's' applied to a clock time; units go after plain numbers"]],
  ['uniform with mixed dimensions', minimal('car c { speed: uniform(50 km/h, 20 m) }'), ["snippet.scene:2:33: uniform's values differ: a speed and a distance"]],
  ['uniform with one bound unitless', minimal('car c { speed: uniform(10 km/h, 20) }'), ["snippet.scene:2:33: uniform's values differ: a speed and a plain number"]],
  ['uniform with one value', minimal('car c { at uniform(1 m) }'), ['snippet.scene:2:12: uniform takes uniform(low, high), found 1 value']],
  ['unknown function', minimal('car c { speed: random(50, 60) km/h }'), ["snippet.scene:2:16: unknown function 'random'; expected uniform, normal, randint, choice, distance"]],
  ['product of two speeds', minimal('car c { speed: 5 km/h * 3 km/h }'), ['snippet.scene:2:16: cannot multiply a speed by a speed; one side must be a plain number']],
  ['sum of a distance and a time', minimal('car c { at 5 m + 2 s }'), ['snippet.scene:2:12: cannot add a time to a distance']],
  ['a parenthesised value is pointed at from its (', minimal('car c { at (1 + 2) s }'), ['snippet.scene:2:12: expected a distance such as 20 m, found a time']],
  ['plain number added to a clock', `environment { time: 12:00 + 5 }\n${EGO}`, ['snippet.scene:1:21: cannot add a plain number to a clock time']],
  ['fractional lane count', `road straight { lanes: 3.5 }\n${EGO}`, ['snippet.scene:1:24: expected a whole number, found 3.5']],
  ['negative seed', `seed -3\n${EGO}`, ['snippet.scene:1:6: seed must be a whole number from 0 to 2^53, written plainly (e.g. seed 42)']],
  ['unquoted scenario name', `scenario deer\n${EGO}`, ["snippet.scene:1:10: expected the scenario name in double quotes, found 'deer'"]],
  [
    'unknown colour',
    minimal('car c { color: purple }'),
    ['snippet.scene:2:16: unknown colour \'purple\'; expected one of white, black, grey, silver, red, blue, green, yellow, orange, brown, tan or "#rrggbb"'],
  ],
  ['short hex colour', minimal('car c { color: "#12345" }'), ['snippet.scene:2:16: "#12345" is not a colour; expected "#rrggbb" such as "#8b5a2b"']],
  ['lights neither on, off, low nor high', minimal('car c { lights: maybe }'), ["snippet.scene:2:17: expected 'on' or 'off' or 'low' or 'high', found 'maybe'"]],
  ['image size out of range', minimal('car c { camera front { resolution: 0x480 } }'), ['snippet.scene:2:36: image size 0x480 is out of range; expected 1x1 to 8192x8192']],
  ['camera position with two values', minimal('car c { camera front { position: (1, 2) m } }'), ['snippet.scene:2:34: expected 3 distances such as (1.2, 0, 1.4) m, found a list of 2 values']],
  ['bad clock time', `environment { time: 25:00 }\n${EGO}`, ["snippet.scene:1:21: '25:00' is not a clock time; expected hh:mm between 00:00 and 24:00"]],
  // ---- the newer functions and properties
  ['normal with three values', minimal('car c { at normal(1, 2, 3) m }'), ['snippet.scene:2:12: normal takes normal(mean, sd) or normal(mean, sd, low, high), found 3 values']],
  ['normal of a clock time', `environment { time: normal(21:00, 1 h) }\n${EGO}`, ['snippet.scene:1:28: normal takes numbers or quantities, found a clock time']],
  ['randint with units', minimal('car c { at randint(1 m, 5 m) }'), ['snippet.scene:2:12: randint takes plain whole numbers, as in randint(2, 6)']],
  ['randint of fractions', minimal('car c { at randint(1.5, 3) m }'), ['snippet.scene:2:12: randint takes plain whole numbers, as in randint(2, 6)']],
  ['choice mixing kinds', minimal('car c { at choice(1 m, 2 s) }'), ['snippet.scene:2:24: choice mixes a distance and a time']],
  ['a choice weight with a unit', minimal('car c { at choice(1 m: 2 m, 3 m) }'), ['snippet.scene:2:19: a choice weight is a plain number, found a distance']],
  ['a weight outside choice', minimal('car c { at uniform(1: 2 m, 3 m) }'), ["snippet.scene:2:20: 'weight: value' is only allowed inside choice(...)"]],
  ['choice of a word that is no beam', minimal('car c { lights: choice(low, dim) }'), ["snippet.scene:2:29: expected 'on' or 'off' or 'low' or 'high', found 'dim'"]],
  ['clouds with a unit', `environment { clouds: 0.5 m }\n${EGO}`, ['snippet.scene:1:23: expected a plain number, found a distance; drop the unit']],
  ['wind without a unit', `environment { wind: 5 }\n${EGO}`, ['snippet.scene:1:21: expected a speed such as 50 km/h, found a plain number; add a unit']],
  ['street lamps neither on nor off', `environment { street_lamps: dim }\n${EGO}`, ["snippet.scene:1:29: expected 'on' or 'off', found 'dim'"]],
  ['camera yaw without a unit', minimal('car c { camera back { yaw: 180 } }'), ['snippet.scene:2:28: expected an angle such as 30 deg, found a plain number; add a unit']],
  // ---- structure
  ['unclosed brace', minimal('car c { speed: 50 km/h'), ["snippet.scene:2:7: this '{' is never closed; expected '}' before the end of the file"]],
  [
    'unclosed brace swallows the next block',
    minimal('car c { speed: 50 km/h\ncar d { at 4 m }'),
    ["snippet.scene:2:7: this '{' is never closed; expected '}' before the end of the file"],
  ],
  ['missing {', minimal('car c speed: 50 km/h }'), ["snippet.scene:2:7: expected '{' to open the block of 'car c', found 'speed'"]],
  ['trailing garbage after a block', minimal('car c { at 5 m } extra'), ["snippet.scene:2:18: expected end of line, found 'extra'"]],
  ['an extra closing brace', minimal('car c { offset: 2 m }}'), ["snippet.scene:2:22: expected end of line, found '}'"]],
  ['a stray closing brace on its own line', minimal('car c { at 5 m }\n}'), [`snippet.scene:3:1: ${STATEMENT}, found '}'`]],
  ['lane and roadside both given', minimal('car c { on lane 2\n on roadside left }'), ["snippet.scene:3:2: 'c' is both on a lane (line 2) and on the roadside; give one"]],
  ['cross and speed both given', minimal('deer d {\n cross road at 3 m/s\n speed: 3 m/s\n}'), ["snippet.scene:3:2: 'd' has both a driving speed and a crossing; give one"]],
  ['at and ahead both given', minimal('car c { at 5 m\n ahead of ego by 4 m }'), ["snippet.scene:2:9: 'c' has more than one of 'at', 'ahead of'/'behind', 'left of'/'right of' and 'near'; give one"]],
  ['a placement given twice', minimal('car c { at 5 m\n at 6 m }'), ["snippet.scene:3:2: an along-road position is given twice for 'c' (first at line 2)"]],
  ['a property given twice', minimal('car c { speed: 5 km/h\n speed: 6 km/h }'), ["snippet.scene:3:2: 'speed' is set twice (first at line 2)"]],
  ['property at top level', `lanes: 3\n${EGO}`, ["snippet.scene:1:1: 'lanes: …' is a property and belongs inside a block; at the top level expected a statement"]],
  [
    'nested block other than camera',
    minimal('car c { light front { } }'),
    ["snippet.scene:2:9: 'light' blocks cannot go inside an entity; expected 'camera <name> { ... }'"],
  ],
  ['placement inside the road block', `road straight { on lane 1 }\n${EGO}`, ['snippet.scene:1:17: placements and behaviours belong to entities, not to road']],
  ["crossing without 'at'", minimal('car c { cross road 3 m/s }'), ["snippet.scene:2:20: expected 'at', found number 3"]],
  ["'ahead' without 'of'", minimal('car c { ahead ego by 3 m }'), ["snippet.scene:2:15: expected 'of', found 'ego'"]],
  ["'behind' without 'by'", minimal('car c { behind ego 3 m }'), ["snippet.scene:2:20: expected 'by', found number 3"]],
  ["'on' something unknown", minimal('car c { on street 1 }'), ["snippet.scene:2:12: expected 'lane' or 'roadside' or 'shoulder' or 'cross' or 'top', found 'street'"]],
  ['unclosed parenthesis', minimal('car c { at (1 + 2 }'), ["snippet.scene:2:19: expected ',' or ')', found '}'"]],
  ['two units in a row', minimal('car c { speed: uniform(10, 20) km/h km/h }'), ["snippet.scene:2:37: expected end of line, found 'km'"]],
  // ---- lexical problems surface through compile
  ['a bad character', minimal('car c { at 5 m @ }'), ["snippet.scene:2:16: unexpected character '@'"]],
  [
    'an unterminated string is reported by the lexer and the parser',
    minimal('"hello'),
    ['snippet.scene:2:1: unterminated string; expected a closing "', `snippet.scene:2:1: ${STATEMENT}, found string "hello`],
  ],
];

describe('each broken snippet gets exactly these diagnostics', () => {
  it('the table is big enough to mean something', () => {
    expect(BROKEN.length).toBeGreaterThanOrEqual(25);
  });

  it.each(BROKEN)('%s', (_what, text, expected) => {
    const result = compile(text, 'snippet.scene');
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`)).toEqual(expected);
    expect(result.program).toBeNull();
    expect(result.diagnostics.every((d) => d.severity === 'error' && d.length >= 1)).toBe(true);
    expect(() => compileSnippet(text)).toThrow(ScenarioError);
  });
});

describe('diagnostics carry the length of what they point at', () => {
  it.each([
    ['car c { spede: 50 km/h }', 'spede'],
    ['dear d { at 3 m }', 'dear'],
    ['car c { speed: 5 km/h * 3 km/h }', '5 km/h * 3 km/h'],
    ['car c { speed: random(50, 60) km/h }', 'random'],
    ['car c { at 5 m } extra', 'extra'],
    ['car c { at (1 + 2) s }', '(1 + 2) s'],
    ['car c { at 2 * (3 s) }', '2 * (3 s)'],
  ])('%s → %s', (line, culprit) => {
    const [d] = compile(minimal(line), 'snippet.scene').diagnostics;
    expect(line.slice(d!.col - 1, d!.col - 1 + d!.length)).toBe(culprit);
  });
});

describe('every error in a file, in one pass', () => {
  const text = dedent(`
    scenario "multi"
    road straight {
      lanes: 3.5
      lane_widht: 3 m
    }
    environment { time: 25:00 }
    ego car {
      on lane 1
      speed: 50
    }
    dear doe { at 3 m }
    car c { ahead of doe by 10 m }
    car c { at 5 m } extra
    seed -1
  `);

  it('lexer, parser and checker errors come together, sorted by line and column', () => {
    expect(diagnosticsOf(text)).toEqual([
      'snippet.scene:3:10: expected a whole number, found 3.5',
      `snippet.scene:4:3: road has no property 'lane_widht'; expected one of ${ROAD_PROPS}; did you mean 'lane_width'?`,
      "snippet.scene:6:21: '25:00' is not a clock time; expected hh:mm between 00:00 and 24:00",
      'snippet.scene:9:10: expected a speed such as 50 km/h, found a plain number; add a unit',
      `snippet.scene:11:1: unknown class or block 'dear'; expected road, environment, or an entity model (${MODELS}); did you mean 'deer'?`,
      // A rejected entity is not declared, so references to it fail too.
      "snippet.scene:12:18: unknown entity 'doe'; expected the name of an entity declared above this one",
      "snippet.scene:13:5: 'c' is already declared at line 12; entity names must be unique",
      "snippet.scene:13:18: expected end of line, found 'extra'",
      'snippet.scene:14:6: seed must be a whole number from 0 to 2^53, written plainly (e.g. seed 42)',
    ]);
  });

  it('the ScenarioError carries all of them', () => {
    let error: unknown;
    try {
      compileSnippet(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).diagnostics).toHaveLength(9);
    const err = error as ScenarioError;
    expect(err.diagnostics.every((d) => err.sourceOf(d) === text)).toBe(true);
  });

  it('a parse error on one line does not hide a type error on the next', () => {
    expect(diagnosticsOf(minimal('car c {\n at 5 m m m\n speed: 5 m\n}'))).toEqual([
      "snippet.scene:3:9: expected end of line, found 'm'",
      'snippet.scene:4:9: expected a speed such as 50 km/h, found a distance',
    ]);
  });
});

describe('formatDiagnostic', () => {
  it('prints the position, the source line and carets under the culprit', () => {
    const text = minimal('car c { spede: 50 km/h }');
    const [d] = compile(text, 'snippet.scene').diagnostics;
    expect(formatDiagnostic(d!, text)).toBe(
      [
        `snippet.scene:2:9: error: a car has no property 'spede'; expected one of ${ENTITY_PROPS}; did you mean 'speed'?`,
        '2 | car c { spede: 50 km/h }',
        '            ^^^^^',
      ].join('\n'),
    );
  });

  it('widens the gutter for two-digit lines and keeps the caret aligned', () => {
    const text = `${'\n'.repeat(10)}${EGO}\ncar c {\n  cross road at 3 m/s after -1 s\n}\n`;
    expect(compileSnippet(text).entities).toHaveLength(2);
    const d = { file: 'f.scene', line: 13, col: 29, length: 4, message: 'm', severity: 'error' as const };
    const [, source, caret] = formatDiagnostic(d, text).split('\n');
    expect(source).toBe('13 |   cross road at 3 m/s after -1 s');
    expect(caret).toBe(' '.repeat('13 | '.length + 28) + '^^^^');
    expect(source!.slice(caret!.indexOf('^'))).toBe('-1 s');
  });

  it('points at the opening brace of a block that is never closed', () => {
    const text = minimal('truck t {\n  speed: 30 km/h');
    const [d] = compile(text, 'snippet.scene').diagnostics;
    expect(formatDiagnostic(d!, text).split('\n').slice(1)).toEqual(['2 | truck t {', '            ^']);
  });

  it('handles CRLF sources and a position past the last line', () => {
    const text = 'ego car {\r\n  spede: 1 m\r\n}\r\n';
    const [d] = compile(text, 'crlf.scene').diagnostics;
    expect(formatDiagnostic(d!, text).split('\n').slice(1)).toEqual(['2 |   spede: 1 m', '      ^^^^^']);
    const past = { file: 'x', line: 99, col: 1, length: 1, message: 'm', severity: 'error' as const };
    expect(formatDiagnostic(past, text)).toBe('x:99:1: error: m\n99 | \n     ^');
  });

  it('a ScenarioError message is every formatted diagnostic, one after another', () => {
    const text = minimal('car c { speed: 50 }\ncar d { at 5 }');
    try {
      compileSnippet(text);
      expect.unreachable();
    } catch (e) {
      const err = e as ScenarioError;
      expect(err.message).toBe(err.diagnostics.map((d) => formatDiagnostic(d, text)).join('\n'));
      expect(err.message.split('\n')).toHaveLength(6);
      expect(err.kind).toBe('scenario');
    }
  });
});
