// Values that type-check but make no sense for the world are caught while sampling, as a
// ScenarioError whose diagnostics point at the value (line:col of the expression).
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, ScenarioError } from '../../src/core/index.ts';
import { sample } from '../../src/scenario/index.ts';
import { compileSnippet, dedent, minimal, samplingErrorsOf } from '../helpers/scenario.ts';

const NOT_FINITE = 'not a finite number; check for a division by zero or an overflowing literal';

describe('out-of-range values point at the value', () => {
  it.each([
    ['lane 3 on a 2-lane road', minimal('car c { on lane 3 }'), ['snippet.scene:2:17: lane 3 does not exist: the road has 2 lanes (1 is the rightmost)']],
    ['lane 0', minimal('car c { on lane 0 }'), ['snippet.scene:2:17: lane 0 does not exist: the road has 2 lanes (1 is the rightmost)']],
    [
      'a lane on a 1-lane road',
      'road straight { lanes: 1 }\nego car { on lane 2 }',
      ['snippet.scene:2:19: lane 2 does not exist: the road has 1 lane (1 is the rightmost)'],
    ],
    [
      'negative crossing start',
      minimal('deer d {\n  on roadside right\n  cross road at 3 m/s after -1 s\n}'),
      ['snippet.scene:4:29: a crossing cannot start before the scene does; expected a time of 0 s or more'],
    ],
    ['fps out of range', minimal('car c { camera front { fps: 500 } }'), ['snippet.scene:2:29: fps 500 is out of range; expected 0.1 to 240']],
    ['fps zero', 'ego car { camera { fps: 0 } }', ['snippet.scene:1:25: fps 0 is out of range; expected 0.1 to 240']],
    ['driving too fast', minimal('car c { speed: 600 km/h }'), ['snippet.scene:2:16: speed 600.0 km/h is out of range; expected 0 to 540 km/h']],
    ['driving backwards', minimal('car c { speed: -5 km/h }'), ['snippet.scene:2:16: speed -5.0 km/h is out of range; expected 0 to 540 km/h']],
    [
      'crossing at zero speed',
      minimal('deer d { cross road at 0 m/s }'),
      ['snippet.scene:2:24: crossing speed 0.00 m/s is out of range; expected more than 0 and at most 30 m/s'],
    ],
    ['too many lanes', 'road straight { lanes: 13 }\nego car { }', ['snippet.scene:1:24: lanes 13 is out of range; expected 1 to 12']],
    [
      'every road property at once',
      'road straight {\n  lane_width: 1 m\n  length: 5 m\n  shoulder: 6 m\n  oncoming: 3\n}\nego car { }',
      [
        'snippet.scene:2:15: lane_width 1 m is out of range; expected 2 m to 6 m',
        'snippet.scene:3:11: length 5 m is out of range; expected 10 m to 20000 m',
        'snippet.scene:4:13: shoulder 6 m is out of range; expected 0 m to 5 m',
        'snippet.scene:5:13: oncoming 3 is out of range; expected 0 to 2',
      ],
    ],
    ['scale', minimal('deer d { scale: 20 }'), ['snippet.scene:2:17: scale 20 is out of range; expected 0.1 to 10']],
    ['fov', 'ego car { camera { fov: 180 deg } }', ['snippet.scene:1:25: fov 180.0 deg is out of range; expected 5.0 deg to 170.0 deg']],
    ['pitch', 'ego car { camera { pitch: -100 deg } }', ['snippet.scene:1:27: pitch -100.0 deg is out of range; expected -90.0 deg to 90.0 deg']],
    ['far inside near', 'ego car { camera {\n  near: 5 m\n  far: 2 m\n} }', ['snippet.scene:3:8: far (2 m) must be beyond near (5 m)']],
    ['a month 13', 'environment { date: "13-01" }\nego car { }', ['snippet.scene:1:21: "13-01" is not a date; expected "YYYY-MM-DD" or "MM-DD"']],
    ['a date in another format', 'environment { date: "21 Nov" }\nego car { }', ['snippet.scene:1:21: "21 Nov" is not a date; expected "YYYY-MM-DD" or "MM-DD"']],
    ['latitude', 'environment { latitude: 100 deg }\nego car { }', ['snippet.scene:1:25: latitude 100.0 deg is out of range; expected -90.0 deg to 90.0 deg']],
    ['a day past the end of its month', 'environment { date: "04-31" }\nego car { }', ['snippet.scene:1:21: "04-31" is not a date; expected "YYYY-MM-DD" or "MM-DD"']],
    ['29 February outside a leap year', 'environment { date: "2025-02-29" }\nego car { }', ['snippet.scene:1:21: "2025-02-29" is not a date; expected "YYYY-MM-DD" or "MM-DD"']],
    [
      'every weather value at once',
      'environment {\n  clouds: 1.5\n  rain: -0.1\n  snow: 2\n  wetness: 1.01\n  wind: 300 km/h\n}\nego car { }',
      [
        'snippet.scene:2:11: clouds 1.5 is out of range; expected 0 to 1',
        'snippet.scene:3:9: rain -0.1 is out of range; expected 0 to 1',
        'snippet.scene:4:9: snow 2 is out of range; expected 0 to 1',
        'snippet.scene:5:12: wetness 1.01 is out of range; expected 0 to 1',
        'snippet.scene:6:9: wind 83.3333 m/s is out of range; expected 0 m/s to 60 m/s',
      ],
    ],
    ['camera yaw', 'ego car { camera { yaw: 200 deg } }', ['snippet.scene:1:25: yaw 200.0 deg is out of range; expected -180.0 deg to 180.0 deg']],
    ['fog of zero visibility', 'environment { fog: 0 m }\nego car { }', ['snippet.scene:1:20: fog visibility must be more than 0 and at most 1000000, found 0']],
    ['a zero duration', 'ego car { }\nduration 0 s', ['snippet.scene:2:10: duration must be more than 0 and at most 3600, found 0']],
    ['a duration over an hour', 'ego car { }\nduration 2 h', ['snippet.scene:2:10: duration must be more than 0 and at most 3600, found 7200']],
  ])('%s', (_what, text, expected) => {
    expect(samplingErrorsOf(text)).toEqual(expected);
  });

  it('a random lane number is checked when drawn: it must come out whole', () => {
    const [message] = samplingErrorsOf(minimal('car c { on lane uniform(1, 2) }'));
    expect(message).toMatch(/^snippet\.scene:2:17: lane 1\.\d+ does not exist: the road has 2 lanes \(1 is the rightmost\)$/);
  });

  it('a random value is checked for the seed that draws it out of range, and only that seed', () => {
    const program = compileSnippet(minimal('car c { speed: uniform(-10, 10) km/h }'));
    const outcomes = Array.from({ length: 40 }, (_, seed) => {
      try {
        sample(program, { seed });
        return 'ok';
      } catch (e) {
        expect(e).toBeInstanceOf(ScenarioError);
        return 'error';
      }
    });
    expect(outcomes).toContain('ok');
    expect(outcomes).toContain('error');
  });
});

describe('division by zero and overflowing literals are caught (NaN and Infinity never reach a SceneSpec)', () => {
  it.each([
    ['at', 'cone c { at (0/0) m }', `snippet.scene:2:13: along-road position is NaN, ${NOT_FINITE}`],
    ['offset', 'cone c { offset: 1e400 m }', `snippet.scene:2:18: offset is Infinity, ${NOT_FINITE}`],
    ['facing', 'cone c { facing: (1/0) deg }', `snippet.scene:2:18: facing is Infinity, ${NOT_FINITE}`],
    ['distance', 'cone c { ahead of ego by (0/0) m }', `snippet.scene:2:26: distance is NaN, ${NOT_FINITE}`],
    ['speed', 'car c { speed: (0/0) km/h }', 'snippet.scene:2:16: speed NaN km/h is out of range; expected 0 to 540 km/h'],
    ['crossing speed', 'deer d { cross road at (0/0) m/s }', 'snippet.scene:2:24: crossing speed NaN m/s is out of range; expected more than 0 and at most 30 m/s'],
    ['crossing start', 'deer d { cross road at 1 m/s after (1/0) s }', `snippet.scene:2:36: crossing start is Infinity, ${NOT_FINITE}`],
    ['camera position', 'car c { camera { position: (0/0, 0, 1) m } }', 'snippet.scene:2:28: camera position (NaN, 0, 1) is not finite; check for a division by zero or an overflowing literal'],
  ])('%s', (_what, line, expected) => {
    expect(samplingErrorsOf(minimal(line))).toEqual([expected]);
  });

  it('time of day', () => {
    expect(samplingErrorsOf('environment { time: 12:00 + (0/0) s }\nego car { }')).toEqual([`snippet.scene:1:21: time is NaN, ${NOT_FINITE}`]);
  });
});

describe('the ScenarioError', () => {
  const text = dedent(`
    deer d {
      on roadside right
      cross road at 3 m/s after -2 s
    }
    ego car {
      on lane 1
      camera front { fps: 500 }
    }
    road straight { lanes: 13 }
  `);

  it('carries every sampling problem at once, in the order the sampler meets them (not sorted by line)', () => {
    // road, environment and duration first, then each entity followed by its cameras
    expect(samplingErrorsOf(text)).toEqual([
      'snippet.scene:9:24: lanes 13 is out of range; expected 1 to 12',
      'snippet.scene:3:29: a crossing cannot start before the scene does; expected a time of 0 s or more',
      'snippet.scene:7:23: fps 500 is out of range; expected 0.1 to 240',
    ]);
  });

  it('formats with the source line and carets under the whole value', () => {
    try {
      sample(compileSnippet(text), { seed: 0 });
      expect.unreachable();
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      const crossing = e.diagnostics.find((d) => d.line === 3)!;
      expect(formatDiagnostic(crossing, e.sourceOf(crossing)).split('\n').slice(1)).toEqual([
        '3 |   cross road at 3 m/s after -2 s',
        '                                ^^^^',
      ]);
      expect(e.message).toContain('snippet.scene:9:24: error: lanes 13 is out of range; expected 1 to 12\n9 | road straight { lanes: 13 }\n');
    }
  });
});
