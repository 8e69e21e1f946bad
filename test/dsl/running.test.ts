// Running conditions (`when`, `event`, `end`), events and the capture window: what the checker
// accepts and the exact words of what it rejects. Line 1 of every snippet is `ego car { on lane 1 }`
// (minimal()), so the snippet's own lines start at 2.
import { describe, expect, it } from 'vitest';
import { compileSnippet, diagnosticsOf, minimal } from '../helpers/scenario.ts';

const ONLY_RUNNING = "changes as the scene runs; use it in a 'when', 'event' or 'end' condition";
const DIRECTLY = "compare a running value directly, as in 'distance to ego < 30 m' or 'time > 2 s'";

describe('what compiles', () => {
  it.each([
    ['deer d { brake when distance to ego < 30 m }'],
    ['deer d { stop when time > 2 s and not ego on road }'],
    ['deer d { run at 5 m/s when speed of ego > 50 km/h }'],
    ['deer d { freeze when distance(ego, d) <= uniform(10, 20) m }'],
    ['deer d { swerve left when 30 m > distance to ego }'],
    ['deer d { cross at 3 m/s when distance to ego < 40 m or time > 3 s }'],
    ['event e when time >= 0 s\ndeer d { stop when e }'],
    ['deer d { stop when e }\nevent e when d on road'],
    ['end when ego on road or speed of ego < 1 km/h'],
    ['deer d { brake when distance to later < 20 m }\ncar later { at 50 m }'],
    ['event e when distance(ego, later) < 5 m\nend when e\ncar later { at 50 m }'],
    ['repeat 2 { deer d { stop when distance to ego < 20 m } }'],
    ['event e when time > 1 s\ncapture from 0 s before e to 0 s after e'],
  ])('%s', (text) => {
    expect(diagnosticsOf(minimal(text))).toEqual([]);
  });
});

describe('events, end and window: errors', () => {
  it.each([
    ['a duplicate event', 'event hit when time > 2 s\nevent hit when time > 3 s', ["snippet.scene:3:7: event 'hit' is already declared at line 2"]],
    ['an event named like an entity', 'car hit { }\nevent hit when time > 2 s', ["snippet.scene:3:7: 'hit' is already an entity or parameter; event names must differ"]],
    ['an event named like a parameter', 'param hit = 3 m\nevent hit when time > 2 s', ["snippet.scene:3:7: 'hit' is already an entity or parameter; event names must differ"]],
    ['an entity declared after the event of its name', 'event hit when time > 2 s\ncar hit { }', ["snippet.scene:2:7: 'hit' is already an entity or parameter; event names must differ"]],
    ['a second end', 'end when time > 2 s\nend when time > 3 s', ['snippet.scene:3:1: a second end condition; join them with or']],
    ['an event that is no condition', 'event e when time', ["snippet.scene:2:14: expected a condition such as 'distance to ego < 30 m' or 'time > 2 s', found a time"]],
    [
      'an unknown event in the window',
      'event hit when time > 2 s\ncapture from 1 s before miss to 1 s after miss',
      ["snippet.scene:3:25: unknown event 'miss'; declare it with 'event miss when …'"],
    ],
    [
      'a misspelt event in the window',
      'event close when time > 2 s\ncapture from 1 s before clsoe to 1 s after clsoe',
      ["snippet.scene:3:25: unknown event 'clsoe'; did you mean 'close'?; declare it with 'event clsoe when …'"],
    ],
    ['window times that are distances', 'event hit when time > 2 s\ncapture from 1 m before hit to 1 s after hit', ['snippet.scene:3:14: expected a duration such as 2 s, found a distance']],
    ['window times without a unit', 'event hit when time > 2 s\ncapture from 1 s before hit to 2 after hit', ['snippet.scene:3:32: expected a duration such as 2 s, found a plain number; add a unit']],
    [
      'a window around two events',
      'event a when time > 2 s\nevent b when time > 3 s\ncapture from 1 s before a to 1 s after b',
      ["snippet.scene:4:40: the window is around one event: expected 'a' here too, found 'b'"],
    ],
    [
      'a second window',
      'event hit when time > 2 s\ncapture from 1 s before hit to 1 s after hit\ncapture from 2 s before hit to 1 s after hit',
      ['snippet.scene:4:1: a second capture window; a scenario has one'],
    ],
  ])('%s', (_what, text, expected) => {
    expect(diagnosticsOf(minimal(text))).toEqual(expected);
  });
});

describe('running conditions: errors', () => {
  it.each([
    [
      "'visible' in a when",
      'deer d { brake when visible d }',
      ["snippet.scene:2:21: 'visible' is decided when the scene is sampled (t = 0); use it in 'require', not in a running condition"],
    ],
    [
      "'visible' in an event",
      'event e when visible ego',
      ["snippet.scene:2:14: 'visible' is decided when the scene is sampled (t = 0); use it in 'require', not in a running condition"],
    ],
    ["'distance to' in a top-level event (no self)", 'event e when distance to ego < 3 m', ["snippet.scene:2:14: 'distance to X' measures from the entity whose block it is in; here use distance(a, b)"]],
    ["'distance to' in end", 'end when distance to ego < 3 m', ["snippet.scene:2:10: 'distance to X' measures from the entity whose block it is in; here use distance(a, b)"]],
    ['arithmetic on a running value', 'deer d { brake when distance to ego - 5 m < 20 m }', [`snippet.scene:2:21: ${DIRECTLY}`]],
    ['time scaled', 'deer d { brake when time * 2 > 4 s }', [`snippet.scene:2:21: ${DIRECTLY}`]],
    ['a running value in the threshold', 'deer d { brake when 30 m > distance(ego, d) + 1 m }', [`snippet.scene:2:28: ${DIRECTLY}`]],
    ['a running value inside uniform(…)', 'deer d { brake when time > uniform(time, 5 s) }', [`snippet.scene:2:28: ${DIRECTLY}`]],
    ['a running value that is no condition', 'deer d { brake when speed of ego }', ["snippet.scene:2:21: expected a condition such as 'distance to ego < 30 m' or 'time > 2 s', found a speed"]],
    ['kinds that differ', 'deer d { stop when time > 2 m }', ['snippet.scene:2:20: cannot compare a time with a distance']],
    ['time against a clock time', 'event e when time > 21:00', ['snippet.scene:2:14: cannot compare a time with a clock time']],
    ['an unknown entity', 'deer d { brake when distance to ghost < 20 m }', ["snippet.scene:2:33: unknown entity 'ghost'"]],
    ['a misspelt entity', 'deer doe { brake when speed of eog > 1 m/s }', ["snippet.scene:2:32: unknown entity 'eog'; did you mean 'ego'?"]],
    ['an unknown entity on road', 'end when ghost on road', ["snippet.scene:2:10: unknown entity 'ghost'"]],
    ['an entity inside a repeat, named from outside', 'repeat 2 { cow c { } }\ndeer d { brake when distance to c < 20 m }', ["snippet.scene:3:33: 'c' is declared inside a repeat; a running condition cannot name it"]],
    ['an entity inside a repeat, named from inside', 'repeat 2 { cow c { brake when speed of c > 1 m/s } }', ["snippet.scene:2:40: 'c' is declared inside a repeat; a running condition cannot name it"]],
    ['an entity inside a repeat, in an event', 'repeat 2 { cow c { } }\nevent e when c on road', ["snippet.scene:3:14: 'c' is declared inside a repeat; a running condition cannot name it"]],
    ['a deceleration that is a speed', 'deer d { brake at 3 m/s }', ['snippet.scene:2:19: expected a deceleration such as 6 m/s2, found a speed']],
    ['a swerve side', 'deer d { swerve up }', ["snippet.scene:2:17: expected 'left' or 'right', found 'up'"]],
    ['swerve by a time, over a distance', 'deer d { swerve left by 2 s over 1 m }', ['snippet.scene:2:25: expected a distance such as 20 m, found a time', 'snippet.scene:2:34: expected a duration such as 2 s, found a distance']],
    ['run at a distance', 'deer d { run at 3 m }', ['snippet.scene:2:17: expected a speed such as 50 km/h, found a distance']],
    ['after a distance', 'deer d { stop after 2 m }', ['snippet.scene:2:21: expected a duration such as 2 s, found a distance']],
    ['a cross when that is no condition', 'deer d { cross at 3 m/s when 3 m }', ["snippet.scene:2:30: expected a condition such as 'distance to ego < 30 m' or 'time > 2 s', found a distance"]],
  ])('%s', (_what, text, expected) => {
    expect(diagnosticsOf(minimal(text))).toEqual(expected);
  });
});

describe('running values outside running conditions', () => {
  it.each([
    ['time in a require', 'require time > 2 s', [`snippet.scene:2:9: 'time' ${ONLY_RUNNING}`]],
    ["'distance to' in a require", 'require distance to ego < 2 m', [`snippet.scene:2:9: 'distance to' ${ONLY_RUNNING}`]],
    ["'on road' in a require", 'require ego on road', [`snippet.scene:2:9: 'on road' ${ONLY_RUNNING}`]],
    ["'speed of' in a require", 'require speed of ego > 2 m/s', [`snippet.scene:2:9: 'speed of' ${ONLY_RUNNING}`]],
    ["'speed of' as a property", 'car c { speed: speed of ego }', [`snippet.scene:2:16: 'speed of' ${ONLY_RUNNING}`]],
    ["'distance to' in a parameter", 'param p = distance to ego', [`snippet.scene:2:11: 'distance to' ${ONLY_RUNNING}`]],
    ['time in a parameter', 'param p = time + 1 s', [`snippet.scene:2:11: 'time' ${ONLY_RUNNING}`]],
    ['an event name in a require', 'require e\nevent e when time > 1 s', ["snippet.scene:2:9: expected a condition such as 'distance(ego, doe) > 30 m' or 'visible doe', found a word"]],
  ])('%s', (_what, text, expected) => {
    expect(diagnosticsOf(minimal(text))).toEqual(expected);
  });

  it('distance(a, b) works in a require and in running conditions, nowhere else', () => {
    expect(diagnosticsOf(minimal('deer d { at 50 m }\nrequire distance(ego, d) > 10 m\nevent e when distance(ego, d) < 10 m'))).toEqual([]);
    expect(diagnosticsOf(minimal('deer d { at 50 m }\ncar c { at distance(ego, d) }'))).toEqual([
      "snippet.scene:3:12: distance(…) can only be used in a 'require' or running condition: positions are known only once every entity is placed",
    ]);
  });

  it('a parameter named time is a parameter outside running conditions', () => {
    expect(compileSnippet(minimal('param time = 3 s\nduration time')).params.has('time')).toBe(true);
  });
});

describe('parsing of triggers', () => {
  it('after and when are alternatives: a second trigger is the end of the line', () => {
    expect(diagnosticsOf(minimal('deer d { stop after 1 s when time > 2 s }'))).toEqual(["snippet.scene:2:25: expected end of line, found 'when'"]);
  });

  it("change speed needs 'to'; run needs 'at'", () => {
    expect(diagnosticsOf(minimal('deer d { change speed 3 m/s }'))).toEqual(["snippet.scene:2:23: expected 'to', found number 3"]);
    expect(diagnosticsOf(minimal('deer d { run 3 m/s }'))).toEqual(["snippet.scene:2:14: expected 'at', found number 3"]);
  });

  it('event needs a name and when; end needs when', () => {
    expect(diagnosticsOf(minimal('event when time > 1 s'))[0]).toMatch(/^snippet\.scene:2:/);
    expect(diagnosticsOf(minimal('end time > 1 s'))[0]).toMatch(/^snippet\.scene:2:/);
  });
});
