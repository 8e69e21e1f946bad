// Triggered behaviours, events and the end condition, against times and distances worked out by hand.
// Timing (see PhysicsWorld): conditions are tested on the state after each step (and the initial
// state); a `when` trigger that holds after step k acts from the next step, i.e. from t = k / Hz.
import { describe, expect, it } from 'vitest';
import { DEG, LongtailError, yawOf } from '../../src/core/index.ts';
import { PhysicsWorld, STATE_STRIDE } from '../../src/physics/index.ts';
import type { ActionSpec, BehaviourSpec, EntitySpec, RoadSpec, SceneSpec } from '../../src/scenario/SceneSpec.ts';
import {
  at,
  box,
  car,
  cmp,
  deer,
  distance,
  happened,
  laneCar,
  num,
  onRoad,
  sceneSpec,
  scripted,
  speedOf,
  standingDeer,
  when,
} from './specs.ts';

const HZ = 120;

/** Entity `i` of a packed state array. */
function st(state: Float32Array, i: number) {
  const o = i * STATE_STRIDE;
  const s = Array.from(state.subarray(o, o + STATE_STRIDE));
  return { x: s[0]!, y: s[1]!, z: s[2]!, yaw: yawOf(s.slice(3, 7)), speed: s[7]! };
}

const bend: RoadSpec = { kind: 'curve', curve: { start: 0, radius: 100, angle: Math.PI / 2, direction: 1 }, cross: null, lanes: 2, laneWidth: 3.5, length: 400, shoulder: 1, oncoming: 1 };
/** Lane 1 on the bend above (t = −1.75) is a circle of radius 101.75 about (0, 100). */
const OUTER = 101.75;

function scene(entities: EntitySpec[], script: Parameters<typeof scripted>[1], duration = 10): SceneSpec {
  return scripted(sceneSpec(entities, { physicsHz: HZ, duration }), script);
}

const behaviour = (entity: string, action: ActionSpec, trigger: BehaviourSpec['trigger']): BehaviourSpec => ({ entity, action, trigger });

// The deer scene. Ego: 20 m/s along +x at y = −1.75 from x = 0. Deer: standing on the right
// shoulder at (100, −5.25), facing across the road; it crosses at 4 m/s for 10.5 m (to y = +5.25).
//
// distance(ego, deer)² = (100 − 20t)² + 3.5² < 30²  ⇔  100 − 20t < √887.75 = 29.79513  ⇔  t > 3.510243 s.
// After step 421 (t = 3.508333 s) the distance is 30.038 m, after step 422 (t = 3.516667 s) 29.872 m:
// the condition first holds after step 422, so the deer acts from the next step, from t = 422/120 s.
const FIRE = 422;
// Road edge |y| = 3.5 (two lanes of 3.5 m): the deer's bottom centre reaches y = −3.5 after 1.75 / 4 =
// 0.4375 s = 52.5 steps, so it is first on the road after step 422 + 53 = 475 (y = −3.4833).
const ON_ROAD = 475;
// It leaves at y > +3.5 after 8.75 / 4 = 2.1875 s = 262.5 steps: after step 422 + 263 = 685.
const OFF_ROAD = 685;
// Ego braking at 6 m/s² from 20 m/s from t = 475/120 s: speed < 0.01 m/s once 20 − 6τ < 0.01, τ > 3.33167 s
// = 399.8 steps: first after step 475 + 400 = 875. It stops after 20² / 12 = 33.333 m, at x = 20·475/120 + 33.333 = 112.5.
const STOPPED = 875;

const CROSS: ActionSpec = { kind: 'cross', speed: 4, heading: 90 * DEG, distance: 10.5 };
const CLOSE = cmp(distance('ego', 'deer'), '<', num(30));

function deerScene(script: Parameters<typeof scripted>[1], extra: EntitySpec[] = []): SceneSpec {
  return scene([car('ego', [0, -1.75, 0], 0, 20), standingDeer('deer', [100, -5.25, 0], 90 * DEG), ...extra], script);
}

/** The chained scene: events, a behaviour on an event, a behaviour on that behaviour's consequence, an end. */
function chainScene(extra: EntitySpec[] = []): SceneSpec {
  return deerScene(
    {
      behaviours: [behaviour('deer', CROSS, when(happened('close'))), behaviour('ego', { kind: 'brake', deceleration: 6 }, when(happened('deer_on_road')))],
      events: [
        // Listed before the event it depends on: recorded in the same state all the same.
        { name: 'deer_across', condition: { kind: 'and', left: happened('deer_on_road'), right: { kind: 'not', operand: onRoad('deer') } } },
        { name: 'moving', condition: cmp(speedOf('ego'), '>', num(19)) },
        { name: 'close', condition: CLOSE },
        { name: 'deer_on_road', condition: onRoad('deer') },
      ],
      end: cmp(speedOf('ego'), '<', num(0.01)),
    },
    extra,
  );
}

describe("'when' triggers and 'cross'", () => {
  it('a deer crosses once the ego is within 30 m: fires at the step predicted by hand, then walks at its speed', () => {
    const w = new PhysicsWorld(deerScene({ behaviours: [behaviour('deer', CROSS, when(CLOSE))] }));
    const gap = () => {
      const [a, b] = [w.position(0), w.position(1)];
      return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    };
    w.step(FIRE - 1);
    expect(gap()).toBeGreaterThan(30);
    w.step(1);
    expect(gap()).toBeLessThan(30);
    expect(w.fired()).toEqual([]);
    expect(w.position(1)).toEqual([100, -5.25, 0]); // not moved yet

    w.step(1); // the step from t = 422/120 s: the deer sets off
    expect(w.fired()).toEqual([{ index: 0, entity: 'deer', action: 'cross', time: FIRE / HZ }]);
    expect(w.position(1)[1]).toBeCloseTo(-5.25 + 4 / HZ, 12);

    const a = st(w.step(HZ - 1), 1); // t_fire + 1 s
    expect(w.stepCount()).toBe(FIRE + HZ);
    expect(a.x).toBeCloseTo(100, 5);
    expect(a.y).toBeCloseTo(-1.25, 5);
    expect(a.z).toBe(0);
    expect(a.speed).toBeCloseTo(4, 5);
    expect(a.yaw).toBeCloseTo(90 * DEG, 6);

    const b = st(w.step(2 * HZ), 1); // t_fire + 3 s: arrived after 10.5 / 4 = 2.625 s
    expect(b.y).toBeCloseTo(5.25, 5);
    expect(Math.abs(w.position(1)[1] - 5.25)).toBeLessThan(1e-9);
    expect(b.speed).toBe(0);
    expect(w.fired()).toHaveLength(1); // fires once
  });
});

describe("'brake'", () => {
  it('from 20 m/s at 6 m/s²: 14 m/s after 1 s, stops after v²/2a = 33.33 m and stays', () => {
    const w = new PhysicsWorld(scene([car('car', [0, 0, 0], 0, 20)], { behaviours: [behaviour('car', { kind: 'brake', deceleration: 6 }, at(1))] }));
    const a = st(w.step(HZ), 0); // t = 1 s, not braking yet
    expect(a.x).toBeCloseTo(20, 9);
    expect(a.speed).toBeCloseTo(20, 5);
    const b = st(w.step(HZ), 0); // t = 2 s: 20·1 − 3·1² = 17 m further, at 20 − 6 = 14 m/s
    expect(w.fired()).toEqual([{ index: 0, entity: 'car', action: 'brake', time: 1 }]);
    expect(b.x).toBeCloseTo(37, 5);
    expect(b.speed).toBeCloseTo(14, 5);
    expect(b.yaw).toBeCloseTo(0, 9);
    w.step(4 * HZ); // t = 6 s, stopped at t = 1 + 20/6 s
    const stop = w.position(0)[0] - 20;
    expect(Math.abs(stop - 400 / 12)).toBeLessThan(0.2);
    expect(stop).toBeCloseTo(400 / 12, 9); // the analytic profile is exact
    expect(st(w.state(), 0).speed).toBe(0);
    w.step(HZ);
    expect(w.position(0)[0] - 20).toBe(stop);
  });

  it('slows monotonically, each step covering the analytic distance', () => {
    const w = new PhysicsWorld(scene([car('car', [0, 0, 0], 0, 20)], { behaviours: [behaviour('car', { kind: 'brake', deceleration: 6 }, at(0))] }));
    let prev = 0;
    for (let k = 1; k <= 5 * HZ; k++) {
      w.step(1);
      const t = Math.min(k / HZ, 20 / 6);
      const x = w.position(0)[0];
      expect(x).toBeCloseTo(20 * t - 3 * t * t, 9);
      expect(x).toBeGreaterThanOrEqual(prev);
      prev = x;
    }
  });

  it('braking around a bend stays on the lane and stops v²/2a along it', () => {
    // 15 m/s on the outer lane of the left bend, braking at 5 m/s² from t = 1 s: 15 m, then 22.5 m more.
    const spec = scene([laneCar('car', bend, { s: 0, t: -1.75, direction: 1 }, 15)], { road: bend, behaviours: [behaviour('car', { kind: 'brake', deceleration: 5 }, at(1))] });
    const w = new PhysicsWorld(spec);
    for (let k = 1; k <= 6 * HZ; k++) {
      const s = st(w.step(1), 0);
      const [x, y] = w.position(0);
      expect(Math.abs(Math.hypot(x, y - 100) - OUTER)).toBeLessThan(1e-9);
      // Facing along the lane: the tangent of the circle, heading = angle round it.
      expect(s.yaw).toBeCloseTo(Math.atan2(x, 100 - y), 5);
      if (k === 2 * HZ) expect(s.speed).toBeCloseTo(10, 5);
    }
    const phi = 37.5 / OUTER;
    const [x, y] = w.position(0);
    expect(x).toBeCloseTo(OUTER * Math.sin(phi), 6);
    expect(y).toBeCloseTo(100 - OUTER * Math.cos(phi), 6);
    expect(st(w.state(), 0).speed).toBe(0);
  });
});

describe("'at' triggers", () => {
  it('fire in the first step starting at or after their time', () => {
    // 10 m/s cars stopping at 0.5 s (step 60 starts at exactly 0.5 s), 0.504 s (step 61 starts at
    // 0.508333 s: 0.504 · 120 = 60.48) and 0 s (step 0: never moves).
    const w = new PhysicsWorld(
      scene([car('a', [0, 0, 0], 0, 10), car('b', [0, 5, 0], 0, 10), car('c', [0, 10, 0], 0, 10)], {
        behaviours: [behaviour('a', { kind: 'stop' }, at(0.5)), behaviour('b', { kind: 'stop' }, at(0.504)), behaviour('c', { kind: 'stop' }, at(0))],
      }),
    );
    w.step(60);
    expect(w.position(0)[0]).toBeCloseTo(5, 9);
    expect(w.position(1)[0]).toBeCloseTo(5, 9);
    w.step(1);
    expect(w.position(0)[0]).toBeCloseTo(5, 9); // stopped from t = 0.5 s
    expect(w.position(1)[0]).toBeCloseTo(61 / 12, 9); // still moving in step 60
    w.step(HZ);
    expect(w.position(0)[0]).toBeCloseTo(5, 9);
    expect(w.position(1)[0]).toBeCloseTo(61 / 12, 9);
    expect(w.position(2)[0]).toBe(0);
    expect(w.fired().map((f) => [f.entity, f.time])).toEqual([
      ['c', 0],
      ['a', 0.5],
      ['b', 61 / HZ],
    ]);
  });
});

describe("'stop', 'freeze' and 'speed'", () => {
  it('stop halts a car and freeze halts a walking deer where they are', () => {
    const w = new PhysicsWorld(
      scene([car('car', [0, 0, 0], 0, 20), deer('deer', [50, -6, 0], { speed: 3, heading: 90 * DEG, start: 0, distance: 10 })], {
        behaviours: [behaviour('car', { kind: 'stop' }, at(1)), behaviour('deer', { kind: 'freeze' }, when(cmp({ kind: 'time' }, '>=', num(1.5))))],
      }),
    );
    w.step(2 * HZ);
    expect(w.fired().map((f) => [f.entity, f.time])).toEqual([
      ['car', 1],
      ['deer', 1.5],
    ]);
    const s = w.step(2 * HZ);
    expect(st(s, 0)).toMatchObject({ speed: 0 });
    expect(w.position(0)[0]).toBeCloseTo(20, 9);
    expect(st(s, 1)).toMatchObject({ speed: 0 });
    expect(w.position(1)[1]).toBeCloseTo(-6 + 4.5, 9);
    expect(w.position(1)[0]).toBeCloseTo(50, 9);
    expect(st(s, 1).yaw).toBeCloseTo(90 * DEG, 6);
  });

  it('speed changes the speed along the current path, heading or yaw', () => {
    const w = new PhysicsWorld(
      scene(
        [
          car('car', [0, 0, 0], 0, 20),
          standingDeer('standing', [0, 10, 0], 90 * DEG),
          deer('walking', [0, 20, 0], { speed: 1, heading: 0, start: 0, distance: 5 }),
        ],
        {
          behaviours: [
            behaviour('car', { kind: 'speed', speed: 10 }, at(1)),
            behaviour('standing', { kind: 'speed', speed: 2 }, at(0.5)),
            behaviour('walking', { kind: 'speed', speed: 2 }, at(1)),
          ],
        },
      ),
    );
    const a = w.step(2 * HZ); // t = 2 s
    expect(w.position(0)[0]).toBeCloseTo(20 + 10, 9);
    expect(st(a, 0).speed).toBeCloseTo(10, 5);
    expect(w.position(1)[1]).toBeCloseTo(10 + 2 * 1.5, 9); // along its yaw (+y)
    expect(st(a, 1).speed).toBeCloseTo(2, 5);
    expect(w.position(2)[0]).toBeCloseTo(1 + 2, 9); // along its heading, faster
    const b = w.step(2 * HZ); // t = 4 s: the walker keeps its end point, reached at 1 + 4/2 = 3 s
    expect(w.position(2)[0]).toBeCloseTo(5, 9);
    expect(st(b, 2).speed).toBe(0);
    expect(w.position(1)[1]).toBeCloseTo(10 + 2 * 3.5, 9); // no limit when setting off from standing
  });

  it('speed keeps a lane follower on its lane', () => {
    const spec = scene([laneCar('car', bend, { s: 0, t: -1.75, direction: 1 }, 10)], { road: bend, behaviours: [behaviour('car', { kind: 'speed', speed: 5 }, at(1))] });
    const w = new PhysicsWorld(spec);
    w.step(3 * HZ); // 10 m, then 10 m more along the lane
    const [x, y] = w.position(0);
    const phi = 20 / OUTER;
    expect(x).toBeCloseTo(OUTER * Math.sin(phi), 6);
    expect(y).toBeCloseTo(100 - OUTER * Math.cos(phi), 6);
    expect(st(w.state(), 0).speed).toBeCloseTo(5, 5);
  });
});

describe("'swerve'", () => {
  it('shifts a lane follower by the offset over the duration on a cosine ramp, the yaw following the path', () => {
    const road = sceneSpec([]).road;
    const w = new PhysicsWorld(
      scene([laneCar('car', road, { s: 0, t: -1.75, direction: 1 }, 10)], { behaviours: [behaviour('car', { kind: 'swerve', offset: 3.5, duration: 1 }, at(1))] }),
    );
    w.step(HZ);
    expect(w.position(0)[1]).toBe(-1.75);
    const mid = st(w.step(HZ / 2), 0); // t = 1.5 s: half way, moving sideways at 3.5·π/2 m/s
    expect(w.position(0)[1]).toBeCloseTo(0, 9);
    expect(mid.yaw).toBeCloseTo(Math.atan2((3.5 * Math.PI) / 2, 10), 6);
    const end = st(w.step(HZ / 2), 0); // t = 2 s
    expect(w.position(0)[1]).toBeCloseTo(1.75, 12);
    expect(w.position(0)[0]).toBeCloseTo(20, 9);
    expect(end.yaw).toBeCloseTo(0, 9);
    w.step(HZ);
    expect(w.position(0)[1]).toBeCloseTo(1.75, 12);
    expect(w.position(0)[0]).toBeCloseTo(30, 9);
  });

  it('+ is to the left of the direction of travel, on an oncoming lane and off the lanes too', () => {
    const road = sceneSpec([]).road;
    const w = new PhysicsWorld(
      scene([laneCar('oncoming', road, { s: 100, t: 1.75, direction: -1 }, 10), car('free', [0, 5, 0], 0, 10)], {
        behaviours: [behaviour('oncoming', { kind: 'swerve', offset: 1, duration: 0.5 }, at(0)), behaviour('free', { kind: 'swerve', offset: -2, duration: 0.5 }, at(0))],
      }),
    );
    w.step(HZ);
    expect(w.position(0)[1]).toBeCloseTo(0.75, 9); // its left is −y
    expect(w.position(0)[0]).toBeCloseTo(90, 9);
    expect(w.position(1)[1]).toBeCloseTo(3, 9);
    expect(w.position(1)[0]).toBeCloseTo(10, 9);
  });
});

describe('events and the end condition', () => {
  it('records each event at the first state it holds, by the hand-computed times', () => {
    const w = new PhysicsWorld(
      deerScene({
        behaviours: [behaviour('deer', CROSS, when(CLOSE))],
        events: [
          { name: 'moving', condition: cmp(speedOf('ego'), '>', num(19)) }, // holds on the initial state
          { name: 'deer_on_road', condition: onRoad('deer') },
          { name: 'never', condition: { kind: 'const', value: false } },
        ],
      }),
    );
    expect(w.events()).toEqual([{ name: 'moving', time: 0 }]);
    w.step(ON_ROAD - 1);
    expect(w.events()).toEqual([{ name: 'moving', time: 0 }]);
    expect(Math.abs(w.position(1)[1])).toBeGreaterThan(3.5);
    w.step(1);
    expect(Math.abs(w.position(1)[1])).toBeLessThanOrEqual(3.5);
    w.step(10 * HZ - ON_ROAD);
    expect(w.events()).toEqual([
      { name: 'moving', time: 0 },
      { name: 'deer_on_road', time: ON_ROAD / HZ },
    ]);
    expect(w.ended()).toBe(false); // no end condition
    expect(w.endTime()).toBeNull();
  });

  it('event conditions chain: behaviours on events, events on events, and the end', () => {
    const w = new PhysicsWorld(chainScene());
    w.step(STOPPED - 1);
    expect(w.ended()).toBe(false);
    w.step(1);
    expect(w.ended()).toBe(true);
    expect(w.endTime()).toBe(STOPPED / HZ);
    expect(w.events()).toEqual([
      { name: 'moving', time: 0 },
      { name: 'close', time: FIRE / HZ },
      { name: 'deer_on_road', time: ON_ROAD / HZ },
      { name: 'deer_across', time: OFF_ROAD / HZ },
    ]);
    // Each behaviour acts from the time of the event it waits for.
    expect(w.fired()).toEqual([
      { index: 0, entity: 'deer', action: 'cross', time: FIRE / HZ },
      { index: 1, entity: 'ego', action: 'brake', time: ON_ROAD / HZ },
    ]);
    expect(w.position(0)[0]).toBeCloseTo(112.5, 9);
    // Stepping on after the end still works.
    w.step(10);
    expect(w.stepCount()).toBe(STOPPED + 10);
    expect(w.position(0)[0]).toBeCloseTo(112.5, 9);
  });

  it('an end condition that holds at the start ends at t = 0', () => {
    const w = new PhysicsWorld(deerScene({ end: { kind: 'const', value: true } }));
    expect(w.ended()).toBe(true);
    expect(w.endTime()).toBe(0);
  });
});

describe('dryRun', () => {
  it('gives the same event times as a normal run, and stops at the end condition', () => {
    const spec = chainScene();
    const w = new PhysicsWorld(spec);
    while (!w.ended()) w.step(7);
    const dry = PhysicsWorld.dryRun(spec, 60);
    expect(dry.endTime).toBe(STOPPED / HZ);
    expect(dry.events).toEqual(w.events());
    expect(dry.events.map((e) => e.time)).toEqual([0, FIRE / HZ, ON_ROAD / HZ, OFF_ROAD / HZ]);
  });

  it('stops at spec.duration or maxSeconds, whichever is first', () => {
    const names = (r: { events: { name: string }[] }) => r.events.map((e) => e.name);
    const capped = PhysicsWorld.dryRun(chainScene(), 3.9); // 468 steps: 'close' (3.5167 s), not 'deer_on_road' (3.9583 s)
    expect(names(capped)).toEqual(['moving', 'close']);
    expect(capped.endTime).toBeNull();
    const short = PhysicsWorld.dryRun({ ...chainScene(), duration: 3.5 }, 60); // 420 steps
    expect(names(short)).toEqual(['moving']);
    expect(short.endTime).toBeNull();
    expect(() => PhysicsWorld.dryRun(chainScene(), Number.NaN)).toThrow(LongtailError);
  });
});

describe('validation at load', () => {
  const base = () => deerScene({});
  const bad = (script: Parameters<typeof scripted>[1], pattern: RegExp) => {
    const spec = scripted(base(), script);
    expect(() => new PhysicsWorld(spec)).toThrow(LongtailError);
    expect(() => new PhysicsWorld(spec)).toThrow(pattern);
  };

  it('rejects references to unknown entities and events, naming the behaviour and the name', () => {
    bad({ behaviours: [behaviour('dear', CROSS, at(1))] }, /behaviour 1 \(cross\) of entity "dear".*"dear", which is not in the scene.*"ego", "deer"/);
    bad({ behaviours: [behaviour('deer', CROSS, when(cmp(distance('ego', 'egg'), '<', num(30))))] }, /behaviour 1 \(cross\) of entity "deer", trigger: .*entity "egg"/);
    bad({ behaviours: [behaviour('deer', CROSS, when(happened('clsoe')))], events: [{ name: 'close', condition: CLOSE }] }, /entity "deer".*event "clsoe", which is not defined \(events: "close"\)/);
    bad({ events: [{ name: 'x', condition: onRoad('moose') }] }, /event "x": .*entity "moose"/);
    bad({ end: happened('nope') }, /end condition: .*event "nope"/);
    bad({ events: [{ name: 'x', condition: CLOSE }, { name: 'x', condition: CLOSE }] }, /event "x" is defined more than once/);
  });

  it('rejects numbers out of range, naming the entity and the number', () => {
    bad({ behaviours: [behaviour('ego', { kind: 'brake', deceleration: 0 }, at(1))] }, /entity "ego".*deceleration must be more than 0 and at most 30 m\/s², got 0/);
    bad({ behaviours: [behaviour('ego', { kind: 'brake', deceleration: 31 }, at(1))] }, /entity "ego".*deceleration.*got 31/);
    bad({ behaviours: [behaviour('ego', { kind: 'speed', speed: -1 }, at(1))] }, /entity "ego".*speed must be between 0 and 150 m\/s, got -1/);
    bad({ behaviours: [behaviour('deer', { ...CROSS, speed: Number.NaN } as ActionSpec, at(1))] }, /entity "deer".*speed.*got NaN/);
    bad({ behaviours: [behaviour('ego', { kind: 'swerve', offset: 1, duration: 0 }, at(1))] }, /entity "ego".*duration must be a finite number of seconds > 0, got 0/);
    bad({ behaviours: [behaviour('ego', { kind: 'stop' }, at(-1))] }, /entity "ego", trigger: start time must be .* ≥ 0, got -1/);
    bad({ behaviours: [behaviour('ego', { kind: 'stop' }, when(cmp(num(Number.POSITIVE_INFINITY), '<', num(1))))] }, /entity "ego".*constant must be a finite number, got Infinity/);
  });

  it('rejects behaviours on dynamic bodies', () => {
    const spec = scripted(scene([box('crate', [0, 0, 0])], {}), { behaviours: [behaviour('crate', { kind: 'stop' }, at(0))] });
    expect(() => new PhysicsWorld(spec)).toThrow(/entity "crate".*'dynamic'/);
  });
});

describe('determinism with behaviours', () => {
  it('two worlds give bit-identical states and the same events, however the steps are chunked', () => {
    // Boxes in the ego's lane, which it pushes before it stops: contacts as well as behaviours.
    const spec = chainScene([box('b1', [100, -1.75, 0]), box('b2', [101.5, -1.2, 0], 0.3)]);
    const a = new PhysicsWorld(spec);
    const b = new PhysicsWorld(spec);
    for (let i = 0; i < 20; i++) {
      const sa = a.step(50);
      const sb = b.step(50);
      expect(new Uint8Array(sa.buffer)).toEqual(new Uint8Array(sb.buffer));
    }
    const c = new PhysicsWorld(spec);
    c.step(1);
    c.step(420);
    c.step(579);
    expect(new Uint8Array(c.state().buffer)).toEqual(new Uint8Array(a.state().buffer));
    expect(c.events()).toEqual(a.events());
    expect(c.fired()).toEqual(a.fired());
    expect(a.events().map((e) => e.name)).toEqual(['moving', 'close', 'deer_on_road', 'deer_across']);
  });
});
