// Triggered behaviours, events, the end condition and the capture window, from the language to the
// SceneSpec. Every expectation is worked out by hand from the rules in docs/language.md: defaults
// (brake 6 m/s², swerve 1.5 m over 1 s), signs (left is +), units (1 g = 9.80665 m/s²), triggers
// (`after t` → at t, none → at 0, `when` → a ConditionSpec) and which stream a random threshold
// is drawn from. Roads are the defaults: 2 lanes of 3.5 m, 1 m shoulders, so the right roadside is
// at y = -(3.5 + 1 + 2) = -6.5 m and the left one at +6.5 m.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.ts';
import { PhysicsWorld } from '../../src/physics/index.ts';
import { sample, type BehaviourSpec, type ConditionSpec, type ValueSpec } from '../../src/scenario/index.ts';
import { compileSnippet, entityNamed, sampleSnippet, samplingErrorsOf } from '../helpers/scenario.ts';

const G = 9.80665;

/** A driving ego on lane 1 plus `extra` inside its block; a deer `doe` standing on the right roadside at 60 m. */
function egoDoing(phrase: string, seed = 0): BehaviourSpec[] {
  const text = `ego car {\n  on lane 1\n  speed: 20 m/s\n  ${phrase}\n}\ndeer doe {\n  on roadside right\n  at 60 m\n}\n`;
  return [...sampleSnippet(text, seed).behaviours];
}

/** The single behaviour of the ego for one phrase. */
function one(phrase: string): BehaviourSpec {
  const all = egoDoing(phrase);
  expect(all).toHaveLength(1);
  return all[0]!;
}

const AT0 = { kind: 'at', time: 0 } as const;
const time: ValueSpec = { kind: 'time' };
const k = (value: number): ValueSpec => ({ kind: 'const', value });
const dist = (a: string, b: string): ValueSpec => ({ kind: 'distance', a, b });
const cmp = (left: ValueSpec, op: '<' | '<=' | '>' | '>=' | '==' | '!=', right: ValueSpec): ConditionSpec => ({ kind: 'compare', op, left, right });

describe('behaviour phrases and their defaults', () => {
  it('brake: 6 m/s² from t = 0 when nothing else is said', () => {
    expect(one('brake')).toEqual({ entity: 'ego', action: { kind: 'brake', deceleration: 6 }, trigger: AT0 });
  });

  it('brake at a: the deceleration in m/s2, or in g (9.80665 m/s² each)', () => {
    expect(one('brake at 8 m/s2').action).toEqual({ kind: 'brake', deceleration: 8 });
    expect(one('brake at 8 m / s2').action).toEqual({ kind: 'brake', deceleration: 8 });
    expect(one('brake at 1 g').action).toEqual({ kind: 'brake', deceleration: G });
    expect(one('brake at 0.5 g').action).toEqual({ kind: 'brake', deceleration: G / 2 });
  });

  it('stop and freeze carry no numbers', () => {
    expect(one('stop')).toEqual({ entity: 'ego', action: { kind: 'stop' }, trigger: AT0 });
    expect(one('freeze')).toEqual({ entity: 'ego', action: { kind: 'freeze' }, trigger: AT0 });
  });

  it('swerve: 1.5 m over 1 s by default; left is +, right is -', () => {
    expect(one('swerve left').action).toEqual({ kind: 'swerve', offset: 1.5, duration: 1 });
    expect(one('swerve right').action).toEqual({ kind: 'swerve', offset: -1.5, duration: 1 });
  });

  it('swerve by d over t, each optional, in any unit of its kind', () => {
    expect(one('swerve right by 3.5 m over 2 s').action).toEqual({ kind: 'swerve', offset: -3.5, duration: 2 });
    expect(one('swerve left by 50 cm').action).toEqual({ kind: 'swerve', offset: 0.5, duration: 1 });
    expect(one('swerve left over 1500 ms').action).toEqual({ kind: 'swerve', offset: 1.5, duration: 1.5 });
  });

  it('run at v and change speed to v both give a speed action, in m/s', () => {
    expect(one('run at 8 m/s').action).toEqual({ kind: 'speed', speed: 8 });
    const a = one('change speed to 36 km/h').action;
    expect(a.kind).toBe('speed');
    expect((a as { speed: number }).speed).toBeCloseTo(10, 12);
    expect(one('change speed to 0 km/h').action).toEqual({ kind: 'speed', speed: 0 });
  });

  it('after t starts at t; no trigger starts at 0', () => {
    expect(one('brake after 1.5 s').trigger).toEqual({ kind: 'at', time: 1.5 });
    expect(one('stop after 500 ms').trigger).toEqual({ kind: 'at', time: 0.5 });
    expect(one('swerve left by 2 m over 1 s after 2 s')).toEqual({ entity: 'ego', action: { kind: 'swerve', offset: 2, duration: 1 }, trigger: { kind: 'at', time: 2 } });
    expect(one('run at 30 m/s after 0 s').trigger).toEqual(AT0);
  });

  it('an entity may have several behaviours; they are listed in the order written', () => {
    const text = `ego car {\n  on lane 1\n  speed: 20 m/s\n  swerve left after 1 s\n  brake at 4 m/s2 after 2 s\n  stop after 3 s\n}\n`;
    expect(sampleSnippet(text, 0).behaviours).toEqual([
      { entity: 'ego', action: { kind: 'swerve', offset: 1.5, duration: 1 }, trigger: { kind: 'at', time: 1 } },
      { entity: 'ego', action: { kind: 'brake', deceleration: 4 }, trigger: { kind: 'at', time: 2 } },
      { entity: 'ego', action: { kind: 'stop' }, trigger: { kind: 'at', time: 3 } },
    ]);
  });

  it('behaviours of several entities come in declaration order', () => {
    const text = `deer doe {\n  on roadside right\n  at 60 m\n  freeze after 1 s\n}\nego car {\n  on lane 1\n  brake\n}\n`;
    expect(sampleSnippet(text, 0).behaviours.map((b) => [b.entity, b.action.kind])).toEqual([
      ['doe', 'freeze'],
      ['ego', 'brake'],
    ]);
  });

  it('a behaviour does not change the entity’s own motion', () => {
    const text = `ego car {\n  on lane 1\n  speed: 20 m/s\n  brake after 1 s\n}\ndeer doe {\n  at 60 m\n  run at 5 m/s after 1 s\n}\n`;
    const spec = sampleSnippet(text, 0);
    expect(entityNamed(spec, 'ego').motion).toEqual({ kind: 'drive', speed: 20, lane: { s: 0, t: -1.75, direction: 1 } });
    expect(entityNamed(spec, 'doe').motion).toEqual({ kind: 'static' });
  });

  it('a dynamic prop cannot have behaviours (the physics moves it by gravity and contacts only)', () => {
    const msg = "'c' has 'motion: dynamic': it moves only when pushed or falling, so it cannot have behaviours";
    expect(samplingErrorsOf('ego car { }\ncone c {\n  motion: dynamic\n  brake after 1 s\n}\n')).toEqual([`snippet.scene:4:3: ${msg}`]);
    expect(samplingErrorsOf('ego car { }\ncone c {\n  motion: dynamic\n  cross at 2 m/s when time > 1 s\n}\n')).toEqual([`snippet.scene:4:3: ${msg}`]);
    // A plain crossing or a speed makes it a walker or a driver, which may.
    expect(entityNamed(sampleSnippet('ego car { }\ncone c {\n  motion: dynamic\n  speed: 1 m/s\n  stop after 1 s\n}\n', 0), 'c').motion.kind).toBe('drive');
  });

  it('values out of range are reported when sampled', () => {
    const at = (phrase: string) => samplingErrorsOf(`ego car {\n  on lane 1\n  ${phrase}\n}\n`);
    expect(at('brake at 4 g')).toEqual(['snippet.scene:3:12: deceleration 39.2266 m/s2 is out of range; expected 0.1 m/s2 to 30 m/s2']);
    expect(at('brake at 0 m/s2')).toEqual(['snippet.scene:3:12: deceleration 0 m/s2 is out of range; expected 0.1 m/s2 to 30 m/s2']);
    expect(at('swerve left by 25 m')).toEqual(['snippet.scene:3:18: swerve distance 25 m is out of range; expected 0 m to 20 m']);
    expect(at('swerve left over 0 s')).toEqual(['snippet.scene:3:20: swerve time 0 s is out of range; expected 0.05 s to 30 s']);
    expect(at('run at 200 m/s')).toEqual(['snippet.scene:3:10: speed 200 m/s is out of range; expected 0 m/s to 150 m/s']);
    expect(at('stop after -1 s')).toEqual(['snippet.scene:3:14: a behaviour cannot start before the scene does; expected a time of 0 s or more']);
  });
});

describe('when: running conditions', () => {
  it('distance to X measures from the entity whose block it is', () => {
    expect(one('brake when distance to doe < 30 m')).toEqual({
      entity: 'ego',
      action: { kind: 'brake', deceleration: 6 },
      trigger: { kind: 'when', condition: cmp(dist('ego', 'doe'), '<', k(30)) },
    });
  });

  it('time, speed of X, distance(a, b), X on road and event names', () => {
    expect(one('stop when time >= 2 s').trigger).toEqual({ kind: 'when', condition: cmp(time, '>=', k(2)) });
    expect(one('stop when speed of doe > 1 m/s').trigger).toEqual({ kind: 'when', condition: cmp({ kind: 'speed', entity: 'doe' }, '>', k(1)) });
    expect(one('stop when distance(doe, ego) <= 10 m').trigger).toEqual({ kind: 'when', condition: cmp(dist('doe', 'ego'), '<=', k(10)) });
    expect(one('stop when doe on road').trigger).toEqual({ kind: 'when', condition: { kind: 'onRoad', entity: 'doe' } });
    const withEvent = `ego car {\n  on lane 1\n  brake when close\n}\ndeer doe { at 60 m }\nevent close when distance(ego, doe) < 40 m\n`;
    expect(sampleSnippet(withEvent, 0).behaviours[0]!.trigger).toEqual({ kind: 'when', condition: { kind: 'event', name: 'close' } });
  });

  it('the threshold may be on either side; units are converted to SI', () => {
    expect(one('brake when 30 m > distance to doe').trigger).toEqual({ kind: 'when', condition: cmp(k(30), '>', dist('ego', 'doe')) });
    expect(one('brake when speed of ego < 18 km/h').trigger).toEqual({ kind: 'when', condition: cmp({ kind: 'speed', entity: 'ego' }, '<', k(18 / 3.6)) });
    expect(one('brake when time > 1500 ms').trigger).toEqual({ kind: 'when', condition: cmp(time, '>', k(1.5)) });
  });

  it('not, and, or keep their structure (not tighter than and, and tighter than or)', () => {
    const withEvent = `ego car {\n  on lane 1\n  brake when not doe on road and time > 1 s or close\n}\ndeer doe { at 60 m }\nevent close when distance(ego, doe) < 40 m\n`;
    expect(sampleSnippet(withEvent, 0).behaviours[0]!.trigger).toEqual({
      kind: 'when',
      condition: {
        kind: 'or',
        left: { kind: 'and', left: { kind: 'not', operand: { kind: 'onRoad', entity: 'doe' } }, right: cmp(time, '>', k(1)) },
        right: { kind: 'event', name: 'close' },
      },
    });
  });

  it('a random threshold is drawn once, from the entity’s own stream, and stored as a number', () => {
    for (const seed of [0, 1, 7]) {
      const rng = new Rng(seed, 'entity:ego');
      // The ego draws nothing before its behaviours (lane 1 and the speed are fixed values).
      const first = rng.uniform(20, 40);
      const second = rng.uniform(1, 2);
      const text = `ego car {\n  on lane 1\n  speed: 20 m/s\n  brake when distance to doe < uniform(20, 40) m\n  stop when time > uniform(1, 2) s\n}\ndeer doe { at 60 m }\n`;
      const [brake, stop] = sampleSnippet(text, seed).behaviours;
      expect(brake!.trigger).toEqual({ kind: 'when', condition: cmp(dist('ego', 'doe'), '<', k(first)) });
      expect(stop!.trigger).toEqual({ kind: 'when', condition: cmp(time, '>', k(second)) });
    }
  });

  it('a parameter in a threshold is the scene’s one value of it', () => {
    const text = `param gap = uniform(20, 40) m\nego car {\n  on lane 1\n  brake when distance to doe < gap\n}\ndeer doe {\n  at 60 m\n  run at 6 m/s when distance to ego < gap\n}\n`;
    const gap = new Rng(3, 'param:gap').uniform(20, 40);
    const [a, b] = sampleSnippet(text, 3).behaviours;
    expect(a!.trigger).toEqual({ kind: 'when', condition: cmp(dist('ego', 'doe'), '<', k(gap)) });
    expect(b!.trigger).toEqual({ kind: 'when', condition: cmp(dist('doe', 'ego'), '<', k(gap)) });
  });

  it('inside a repeat, the copy is the one measuring: distance to X is from doe_1, doe_2, …', () => {
    const text = `ego car { on lane 1 }\nrepeat 2 {\n  deer doe {\n    on roadside right\n    at 60 m\n    freeze when distance to ego < uniform(10, 20) m\n  }\n}\n`;
    const spec = sampleSnippet(text, 5);
    expect(spec.behaviours).toEqual(
      [1, 2].map((i) => ({
        entity: `doe_${i}`,
        action: { kind: 'freeze' },
        // each copy draws from the stream of its own name
        trigger: { kind: 'when', condition: cmp(dist(`doe_${i}`, 'ego'), '<', k(new Rng(5, `entity:doe_${i}`).uniform(10, 20))) },
      })),
    );
  });

  it('an entity declared further down may be named in a running condition', () => {
    const text = `ego car {\n  on lane 1\n  brake when distance to late < 25 m\n}\ncar late { at 80 m }\n`;
    expect(sampleSnippet(text, 0).behaviours[0]!.trigger).toEqual({ kind: 'when', condition: cmp(dist('ego', 'late'), '<', k(25)) });
  });

  it('a comparison with nothing running in it is decided when sampled', () => {
    expect(one('stop when 2 m > 1 m').trigger).toEqual({ kind: 'when', condition: cmp(k(2), '>', k(1)) });
  });
});

describe('cross', () => {
  const DOE = (line: string) => `ego car {\n  on lane 1\n  speed: 20 m/s\n}\ndeer doe {\n  on roadside right\n  at 100 m\n  ${line}\n}\n`;

  it('cross … when: the deer stands still (static) and a cross behaviour carries heading and distance', () => {
    // From y = -6.5 across to the far roadside at +6.5: 13 m towards +y (heading 90°).
    const spec = sampleSnippet(DOE('cross road at 4 m/s when distance to ego < 30 m'), 0);
    const doe = entityNamed(spec, 'doe');
    expect(doe.position).toEqual([100, -6.5, 0]);
    expect(doe.yaw).toBe(Math.PI / 2);
    expect(doe.motion).toEqual({ kind: 'static' });
    expect(spec.behaviours).toEqual([
      {
        entity: 'doe',
        action: { kind: 'cross', speed: 4, heading: Math.PI / 2, distance: 13 },
        trigger: { kind: 'when', condition: cmp(dist('doe', 'ego'), '<', k(30)) },
      },
    ]);
  });

  it('cross … after t is still a walk motion, with no behaviour', () => {
    const spec = sampleSnippet(DOE('cross at 2 m/s after 1.5 s'), 0);
    expect(entityNamed(spec, 'doe').motion).toEqual({ kind: 'walk', speed: 2, heading: Math.PI / 2, start: 1.5, distance: 13 });
    expect(spec.behaviours).toEqual([]);
  });

  it('from the left roadside the crossing heads -y; an offset shortens or lengthens the walk', () => {
    const text = `ego car { on lane 1 }\ndeer doe {\n  on roadside left\n  at 100 m\n  offset: -0.5 m\n  cross at 3 m/s when time > 1 s\n}\n`;
    const spec = sampleSnippet(text, 0);
    expect(entityNamed(spec, 'doe').position[1]).toBe(6);
    // From y = 6 to the far roadside at -6.5: 12.5 m towards -y.
    expect(spec.behaviours[0]!.action).toEqual({ kind: 'cross', speed: 3, heading: -Math.PI / 2, distance: 12.5 });
  });

  it('the crossing speed is drawn before the threshold, both from the entity’s stream', () => {
    const rng = new Rng(2, 'entity:doe');
    const speed = rng.uniform(2, 4);
    const threshold = rng.uniform(20, 40);
    const spec = sampleSnippet(DOE('cross at uniform(2, 4) m/s when distance to ego < uniform(20, 40) m'), 2);
    expect(spec.behaviours).toEqual([
      { entity: 'doe', action: { kind: 'cross', speed, heading: Math.PI / 2, distance: 13 }, trigger: { kind: 'when', condition: cmp(dist('doe', 'ego'), '<', k(threshold)) } },
    ]);
  });

  it('a crossing and other behaviours: the crossing first, then the others in order', () => {
    const spec = sampleSnippet(DOE('cross at 4 m/s when time > 1 s\n  freeze when doe on road'), 0);
    expect(spec.behaviours.map((b) => b.action.kind)).toEqual(['cross', 'freeze']);
    expect(spec.behaviours[1]!.trigger).toEqual({ kind: 'when', condition: { kind: 'onRoad', entity: 'doe' } });
  });
});

describe('events, end and the capture window', () => {
  const BASE = `ego car {\n  on lane 1\n  speed: 20 m/s\n}\ndeer doe {\n  on roadside right\n  at 100 m\n}\n`;

  it('without them: no events, no end, no window', () => {
    const spec = sampleSnippet(BASE, 0);
    expect(spec.behaviours).toEqual([]);
    expect(spec.events).toEqual([]);
    expect(spec.end).toBeNull();
    expect(spec.window).toBeNull();
  });

  it('event NAME when cond, in the order declared; an event may name an event declared below it', () => {
    const text = `${BASE}event passed when seen and distance(ego, doe) > 5 m\nevent seen when distance(ego, doe) < 50 m\n`;
    expect(sampleSnippet(text, 0).events).toEqual([
      { name: 'passed', condition: { kind: 'and', left: { kind: 'event', name: 'seen' }, right: cmp(dist('ego', 'doe'), '>', k(5)) } },
      { name: 'seen', condition: cmp(dist('ego', 'doe'), '<', k(50)) },
    ]);
  });

  it('end when cond', () => {
    const text = `${BASE}end when speed of ego < 0.1 m/s or time >= 4 s\n`;
    expect(sampleSnippet(text, 0).end).toEqual({
      kind: 'or',
      left: cmp({ kind: 'speed', entity: 'ego' }, '<', k(0.1)),
      right: cmp(time, '>=', k(4)),
    });
  });

  it('capture from T before E to T after E, in seconds', () => {
    const text = `${BASE}event close when distance(ego, doe) < 20 m\ncapture from 1 s before close to 500 ms after close\n`;
    expect(sampleSnippet(text, 0).window).toEqual({ event: 'close', before: 1, after: 0.5 });
  });

  it('random thresholds and window times come from streams of their own: event:NAME, end, window', () => {
    const text = `${BASE}event close when distance(ego, doe) < uniform(20, 40) m\nend when time > uniform(3, 4) s\ncapture from uniform(1, 2) s before close to uniform(0, 1) s after close\n`;
    const w = new Rng(4, 'window');
    const before = w.uniform(1, 2);
    const after = w.uniform(0, 1);
    const spec = sampleSnippet(text, 4);
    expect(spec.events).toEqual([{ name: 'close', condition: cmp(dist('ego', 'doe'), '<', k(new Rng(4, 'event:close').uniform(20, 40))) }]);
    expect(spec.end).toEqual(cmp(time, '>', k(new Rng(4, 'end').uniform(3, 4))));
    expect(spec.window).toEqual({ event: 'close', before, after });
  });

  it('a window time below 0 is reported when sampled', () => {
    const text = `${BASE}event close when distance(ego, doe) < 20 m\ncapture from -1 s before close to 1 s after close\n`;
    expect(samplingErrorsOf(text)).toEqual(['snippet.scene:10:1: the capture window needs times of 0 s or more before and after the event']);
  });
});

describe('the timeline of the worked example in docs/language.md (section Timing)', () => {
  // Ego: 20 m/s along y = -1.75 from x = 0. Doe: (100, -6.5), crossing at 3.5 m/s once it is within 50 m.
  // Physics at 120 Hz: state k is at k / 120 s.
  const TEXT = `duration 10 s
ego car {
  on lane 1
  speed: 72 km/h
  brake at 0.7 g when doe on road
}
deer doe {
  on roadside right
  at 100 m
  cross road at 3.5 m/s when distance to ego < 50 m
}
event deer_on_road when doe on road
event stopped when speed of ego < 0.1 m/s
end when stopped
`;

  it('cross at 302/120 s, deer on the road and brake at 405/120 s, stopped (and the end) at 753/120 s', () => {
    const spec = sample(compileSnippet(TEXT), { seed: 0 });
    const w = new PhysicsWorld(spec);
    while (!w.ended() && w.stepCount() < 1200) w.step(1);
    // (100 - 20t)^2 + 4.75^2 < 50^2  <=>  t > (100 - sqrt(2477.4375)) / 20 = 2.51130 s: first state k = 302.
    // The doe reaches |y| <= 3.5 after 3 m / 3.5 m/s = 0.857 s = 102.9 steps: k = 302 + 103 = 405.
    // Braking from 20 m/s at 0.7 g = 6.864655 m/s2: below 0.1 m/s after 19.9 / 6.864655 = 2.8989 s = 347.9 steps: k = 753.
    expect(w.fired().map((f) => [f.entity, f.action, f.time])).toEqual([
      ['doe', 'cross', 302 / 120],
      ['ego', 'brake', 405 / 120],
    ]);
    expect(w.events()).toEqual([
      { name: 'deer_on_road', time: 405 / 120 },
      { name: 'stopped', time: 753 / 120 },
    ]);
    expect(w.endTime()).toBe(753 / 120);
    // At the end time it has braked for 348 steps = 2.9 s: x = 67.5 + 20 * 2.9 - a * 2.9^2 / 2 = 96.634 m
    // (it comes to rest 0.0006 m further, 20^2 / (2a) = 29.135 m after x = 67.5).
    const a = 0.7 * 9.80665;
    expect(w.position(0)[0]).toBeCloseTo(67.5 + 20 * 2.9 - (a * 2.9 ** 2) / 2, 6);
  });
});
