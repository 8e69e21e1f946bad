// The world velocity packed at offsets 8..10 of each entity (the body centre's velocity, m/s, z up),
// against hand-computed values: analytic for kinematic motion, the carrier's rigid-body velocity
// for loads, cannon's for dynamic bodies.
import { describe, expect, it } from 'vitest';
import { DEG, yawOf, type Vec3 } from '../../src/core/index.ts';
import { GRAVITY, PhysicsWorld, STATE_STRIDE } from '../../src/physics/index.ts';
import type { ActionSpec, BehaviourSpec, EntitySpec, MotionSpec, RoadSpec, SceneSpec } from '../../src/scenario/index.ts';
import { roadFrame } from '../../src/scenario/roadGeometry.ts';
import { at, box, car, entity, laneCar, sceneSpec, scripted, standingDeer } from './specs.ts';

const HZ = 120;
const DT = 1 / HZ;

/** Entity `i` of a packed state array, with its velocity. */
function st(state: Float32Array, i: number) {
  const o = i * STATE_STRIDE;
  const s = Array.from(state.subarray(o, o + STATE_STRIDE));
  return { x: s[0]!, y: s[1]!, z: s[2]!, yaw: yawOf(s.slice(3, 7)), speed: s[7]!, v: [s[8]!, s[9]!, s[10]!] as Vec3 };
}

const behaviour = (entity: string, action: ActionSpec, trigger: BehaviourSpec['trigger']): BehaviourSpec => ({ entity, action, trigger });

function expectVec(v: readonly number[], want: readonly number[], digits = 4): void {
  expect(v[0]).toBeCloseTo(want[0]!, digits);
  expect(v[1]).toBeCloseTo(want[1]!, digits);
  expect(v[2]).toBeCloseTo(want[2]!, digits);
}

const norm = (v: readonly number[]) => Math.hypot(v[0]!, v[1]!, v[2]!);

/** Body centre of entity `i` in double precision (white box: the packed pose is the bottom centre in float32). */
function centre(w: PhysicsWorld, i: number): Vec3 {
  const p = (w as unknown as { actors: { body: { position: { x: number; y: number; z: number } } }[] }).actors[i]!.body.position;
  return [p.x, p.y, p.z];
}

describe('the packed state carries the velocity', () => {
  it('at offsets 8..10 of 11 floats per entity', () => {
    expect(STATE_STRIDE).toBe(11);
    const w = new PhysicsWorld(sceneSpec([car('a', [0, 0, 0], 0, 10), car('b', [0, 5, 0], 0, 0)]));
    const s = w.state();
    expect(s.length).toBe(2 * 11);
    expect(Array.from(s.subarray(8, 11))).toEqual([10, 0, 0]);
    expect(Array.from(s.subarray(11 + 8, 11 + 11))).toEqual([0, 0, 0]);
  });
});

describe('kinematic motion: the analytic velocity', () => {
  it('constant speed v along a heading θ: (v cos θ, v sin θ, 0), from t = 0 on', () => {
    const theta = 30 * DEG;
    const v = 12;
    const w = new PhysicsWorld(sceneSpec([car('car', [0, 0, 0], theta, v)], { physicsHz: HZ }));
    expectVec(st(w.state(), 0).v, [v * Math.cos(theta), v * Math.sin(theta), 0], 5);
    const s = st(w.step(HZ), 0);
    expectVec(s.v, [v * Math.cos(theta), v * Math.sin(theta), 0], 5);
    expect(s.v[2]).toBe(0);
    expect(norm(s.v)).toBeCloseTo(s.speed, 5);
  });

  it('braking at a from v0: v0 − a·τ along the heading, then 0', () => {
    // 20 m/s at heading −120°, braking at 6 m/s² from t = 1 s: at t = 2.25 s, 20 − 6·1.25 = 12.5 m/s.
    const theta = -120 * DEG;
    const spec = scripted(sceneSpec([car('car', [0, 0, 0], theta, 20)], { physicsHz: HZ, duration: 10 }), {
      behaviours: [behaviour('car', { kind: 'brake', deceleration: 6 }, at(1))],
    });
    const w = new PhysicsWorld(spec);
    expectVec(st(w.step(HZ), 0).v, [20 * Math.cos(theta), 20 * Math.sin(theta), 0]); // t = 1 s: not braking yet
    const s = st(w.step(1.25 * HZ), 0);
    expectVec(s.v, [12.5 * Math.cos(theta), 12.5 * Math.sin(theta), 0]);
    expect(s.speed).toBeCloseTo(12.5, 5);
    // Stopped at t = 1 + 20/6 s.
    expectVec(st(w.step(3 * HZ), 0).v, [0, 0, 0], 9);
  });

  it('a deer crossing at 3 m/s moves at right angles to the road, whatever way it faced', () => {
    // A straight road running at 25° from (0, 0); the deer stands on its right shoulder facing along
    // it, then crosses to the left at 3 m/s.
    const rho = 25 * DEG;
    const road: RoadSpec = { ...sceneSpec([]).road, origin: [0, 0, rho] };
    const s0 = 40;
    const f = roadFrame(road, s0);
    const [nx, ny] = [-Math.sin(rho), Math.cos(rho)]; // the road's left
    const start: Vec3 = [f.x - 5.25 * nx, f.y - 5.25 * ny, 0];
    const spec = scripted(sceneSpec([standingDeer('deer', start, rho)], { physicsHz: HZ }), {
      road,
      behaviours: [behaviour('deer', { kind: 'cross', speed: 3, heading: rho + 90 * DEG, distance: 10.5 }, at(0.5))],
    });
    const w = new PhysicsWorld(spec);
    expectVec(st(w.step(HZ / 2), 0).v, [0, 0, 0], 9); // standing
    const s = st(w.step(HZ), 0); // t = 1.5 s: crossing for 1 s
    expectVec(s.v, [3 * nx, 3 * ny, 0], 5);
    // Perpendicular to the road direction, 3 m/s across it.
    expect(s.v[0] * Math.cos(rho) + s.v[1] * Math.sin(rho)).toBeCloseTo(0, 5);
    expect(norm(s.v)).toBeCloseTo(3, 5);
    // Across after 10.5 / 3 = 3.5 s: still again.
    expectVec(st(w.step(3 * HZ), 0).v, [0, 0, 0], 9);
  });

  it('a slow swerve moves the body more sideways than it faces (the yaw is capped at 45°)', () => {
    // 1 m/s along +x; a 3 m swerve over 1 s from t = 0: at t = 0.5 s it moves sideways at 3π/2 m/s.
    const spec = scripted(sceneSpec([car('car', [0, 0, 0], 0, 1)], { physicsHz: HZ }), {
      behaviours: [behaviour('car', { kind: 'swerve', offset: 3, duration: 1 }, at(0))],
    });
    const w = new PhysicsWorld(spec);
    const s = st(w.step(HZ / 2), 0);
    expectVec(s.v, [1, (3 * Math.PI) / 2, 0], 5);
    expect(s.yaw).toBeCloseTo(45 * DEG, 5);
    expect(Math.atan2(s.v[1], s.v[0])).toBeCloseTo(Math.atan2((3 * Math.PI) / 2, 1), 5); // ≈ 78°, not 45°
    expect(norm(s.v)).toBeCloseTo(s.speed, 5);
  });

  it('a follower has its leader’s velocity (and stands still before)', () => {
    // As in follow.test.ts: the leader walks +y at 2 m/s; the calf grazes, then follows from t = 1 s.
    const lead = entity('lead', 'cow', [2.4, 0.8, 1.5], [0, 0, 0], { kind: 'walk', speed: 2, heading: Math.PI / 2, start: 0, distance: 100 }, Math.PI / 2);
    const calf = entity('calf', 'cow', [1.2, 0.5, 0.9], [-3, 0, 0], { kind: 'static' }, 0);
    const spec: SceneSpec = {
      ...sceneSpec([lead, calf], { physicsHz: HZ }),
      behaviours: [behaviour('calf', { kind: 'graze' }, at(0)), behaviour('calf', { kind: 'follow', leader: 'lead' }, at(1))],
    };
    const w = new PhysicsWorld(spec);
    const a = w.step(HZ / 2);
    expectVec(st(a, 0).v, [0, 2, 0], 5);
    expectVec(st(a, 1).v, [0, 0, 0], 9); // grazing
    const b = w.step(2 * HZ);
    expectVec(st(b, 0).v, [0, 2, 0], 5);
    expect(st(b, 1).v).toEqual(st(b, 0).v);
    expect(st(b, 1).speed).toBe(st(b, 0).speed);
  });

  it('a lane follower round a bend moves along the lane tangent at its speed', () => {
    // Left bend of radius 100 about (0, 100) from s = 0; the outer lane (t = −1.75) is a circle of
    // radius 101.75. At 15 m/s for 2 s it is φ = 30 / 101.75 round it, moving at 15 (cos φ, sin φ).
    const bend: RoadSpec = { kind: 'curve', curve: { start: 0, radius: 100, angle: Math.PI / 2, direction: 1 }, cross: null, lanes: 2, laneWidth: 3.5, length: 400, shoulder: 1, oncoming: 1 };
    const w = new PhysicsWorld({ ...sceneSpec([laneCar('car', bend, { s: 0, t: -1.75, direction: 1 }, 15)], { physicsHz: HZ }), road: bend });
    const s = st(w.step(2 * HZ), 0);
    const phi = 30 / 101.75;
    expectVec(s.v, [15 * Math.cos(phi), 15 * Math.sin(phi), 0], 5);
  });

  it('|v| equals the speed field for every kinematic entity, and v is the rate of change of the pose', () => {
    // Braking, swerving, crossing and walking, on a bend and off it. The velocity is compared with the
    // symmetric difference of the double-precision centre over ±1 step (O(dt²) off), away from the
    // steps where an action starts or ends (the motion has a kink there).
    const bend: RoadSpec = { kind: 'curve', curve: { start: 30, radius: 60, angle: Math.PI / 2, direction: -1 }, cross: null, lanes: 2, laneWidth: 3.5, length: 400, shoulder: 1, oncoming: 1 };
    const spec = scripted(
      sceneSpec(
        [
          laneCar('lane', bend, { s: 0, t: -1.75, direction: 1 }, 14),
          laneCar('oncoming', bend, { s: 150, t: 1.75, direction: -1 }, 9),
          car('free', [0, -30, 0], 10 * DEG, 8),
          entity('deer', 'deer', [1.6, 0.45, 1.55], [5, 20, 0], { kind: 'walk', speed: 1.5, heading: -70 * DEG, start: 0.2, distance: 50 }, 0),
        ],
        { physicsHz: HZ, duration: 6 },
      ),
      {
        road: bend,
        behaviours: [
          behaviour('lane', { kind: 'swerve', offset: 2.5, duration: 1.5 }, at(1)),
          behaviour('lane', { kind: 'brake', deceleration: 2 }, at(1.5)),
          behaviour('oncoming', { kind: 'swerve', offset: -1.5, duration: 2 }, at(0.5)),
          behaviour('free', { kind: 'swerve', offset: 4, duration: 1 }, at(1)),
          behaviour('free', { kind: 'brake', deceleration: 3 }, at(1.25)),
          behaviour('deer', { kind: 'cross', speed: 3, heading: 160 * DEG, distance: 8 }, at(2)),
        ],
      },
    );
    const w = new PhysicsWorld(spec);
    // Action starts and ends, and the bend entries (the path's curvature jumps there): 'lane' is at
    // s = 21 at t = 1.5 s and reaches s = 30 when 14τ − τ² = 9; 'oncoming' covers 150 − 124.25 m at 9 m/s.
    const entries = [1.5 + (14 - Math.sqrt(14 * 14 - 4 * 9)) / 2, (150 - (30 + 60 * (Math.PI / 2))) / 9];
    const kinks = [0, 0.2, 0.5, 1, 1.25, 1.5, 2, 2.5, 2 + 8 / 3, 1.25 + 8 / 3, ...entries].map((t) => Math.round(t * HZ));
    const n = 5 * HZ;
    const states: Float32Array[] = [w.state()];
    const centres: Vec3[][] = [[0, 1, 2, 3].map((i) => centre(w, i))];
    for (let k = 1; k <= n; k++) {
      states.push(w.step(1));
      centres.push([0, 1, 2, 3].map((i) => centre(w, i)));
    }
    let checked = 0;
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < 4; i++) {
        const s = st(states[k]!, i);
        expect(s.v[2]).toBe(0);
        expect(Math.abs(norm(s.v) - s.speed)).toBeLessThan(1e-5 * Math.max(1, s.speed));
        if (k === 0 || kinks.some((q) => Math.abs(q - k) <= 1)) continue;
        for (const c of [0, 1]) {
          const fd = (centres[k + 1]![i]![c]! - centres[k - 1]![i]![c]!) / (2 * DT);
          expect(Math.abs(s.v[c]! - fd)).toBeLessThan(2e-3);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(4 * 4 * HZ);
  });
});

const H = 3.6; // truck height: a load on its roof has its bottom 3.6 m up
const truck = (name: string, position: Vec3, speed: number): EntitySpec => entity(name, 'truck', [9.5, 2.5, H], position, { kind: 'drive', speed, lane: null });
const load = (name: string, carrier: string, offset: [number, number, number], yawOffset = 0, size: Vec3 = [1, 1, 1]): EntitySpec =>
  entity(name, 'box', size, [0, 0, 0], { kind: 'carried', carrier, offset, yawOffset } as MotionSpec);

describe('carried loads', () => {
  it("ride at the carrier's velocity, then fall freely: vz = −g·(t − t_release), vx kept", () => {
    // Truck at 20 m/s along +x; the box rides 6 m behind its centre, 3.6 m up, released at t = 1 s.
    const spec = scripted(sceneSpec([truck('truck', [0, -1.75, 0], 20), load('box', 'truck', [-6, 0, H])], { physicsHz: HZ, duration: 4 }), {
      behaviours: [behaviour('box', { kind: 'release' }, at(1))],
    });
    const w = new PhysicsWorld(spec);
    expectVec(st(w.state(), 1).v, [20, 0, 0], 5);
    expectVec(st(w.step(HZ), 1).v, [20, 0, 0], 5); // t = 1 s, still riding
    // Falling for 0.85 s at most before it reaches the road (√(2·3.6/g) = 0.857 s).
    for (let n = 1; n <= 0.8 * HZ; n++) {
      const s = st(w.step(1), 1);
      const t = n * DT; // since the release
      expect(Math.abs(s.v[2] + GRAVITY * t)).toBeLessThanOrEqual(GRAVITY * DT); // within a step's worth
      expect(s.v[2]).toBeCloseTo(-GRAVITY * t, 4); // semi-implicit Euler: exactly −g·n·dt
      expect(s.v[0]).toBeCloseTo(20, 4);
      expect(s.v[1]).toBeCloseTo(0, 6);
      expect(s.speed).toBeCloseTo(norm(s.v), 4);
    }
  });

  it('round a bend: the velocity of the point of the carrier where the load rides (ω × r about the bend centre)', () => {
    // Bend from s = 20, radius 80 to the left about (20, 80); the truck's lane (t = −1.75) has radius
    // 81.75. At 15 m/s the truck turns at ω = 15 / 81.75 rad/s, and so every point of it (and the load)
    // moves at ω × (p − (20, 80)).
    const bend: RoadSpec = { kind: 'curve', curve: { start: 20, radius: 80, angle: Math.PI / 2, direction: 1 }, cross: null, lanes: 2, laneWidth: 3.5, length: 400, shoulder: 1, oncoming: 1 };
    const t = laneCar('truck', bend, { s: 0, t: -1.75, direction: 1 }, 15);
    const carrier: EntitySpec = { ...t, cls: 'truck', model: 'truck', size: [9.5, 2.5, H] };
    const spec: SceneSpec = { ...sceneSpec([carrier, load('crate', 'truck', [-2.5, 0.6, H], 0.3, [1.2, 0.8, 0.6])], { physicsHz: HZ, duration: 8 }), road: bend };
    const w = new PhysicsWorld(spec);
    const s = w.step(4 * HZ); // 60 m: 40 m into the bend
    const omega = 15 / 81.75;
    for (const i of [0, 1]) {
      const [x, y] = w.position(i);
      expectVec(st(s, i).v, [-omega * (y - 80), omega * (x - 20), 0], 4);
    }
    // The load rides off the lane line, 2.5 m behind and 0.6 m left of the truck's centre: not the truck's velocity.
    expect(norm(st(s, 1).v)).toBeCloseTo((omega * Math.hypot(...w.position(1).slice(0, 2).map((c, k) => c - [20, 80][k]!))), 4);
    expect(Math.abs(norm(st(s, 1).v) - 15)).toBeGreaterThan(0.05);
  });

  it('on a swerving, braking truck in a bend: v is the rate of change of its pose (yaw rate included)', () => {
    const bend: RoadSpec = { kind: 'curve', curve: { start: 10, radius: 50, angle: Math.PI / 2, direction: -1 }, cross: null, lanes: 2, laneWidth: 3.5, length: 400, shoulder: 1, oncoming: 1 };
    const t = laneCar('truck', bend, { s: 0, t: -1.75, direction: 1 }, 12);
    const carrier: EntitySpec = { ...t, cls: 'truck', model: 'truck', size: [9.5, 2.5, H] };
    // A second truck off the road (a straight 'line' path) swerving and braking the same way.
    const spec = scripted(
      sceneSpec(
        [
          carrier,
          load('crate', 'truck', [-3, 0.8, H], 0.4, [1.2, 0.8, 0.6]),
          { ...truck('free', [0, 60, 0], 12), yaw: 20 * DEG },
          load('crate2', 'free', [2, -0.7, H], -0.2, [1.2, 0.8, 0.6]),
        ],
        { physicsHz: HZ, duration: 5 },
      ),
      {
        road: bend,
        behaviours: [
          behaviour('truck', { kind: 'swerve', offset: 2, duration: 1.5 }, at(1.5)),
          behaviour('truck', { kind: 'brake', deceleration: 2.5 }, at(2)),
          behaviour('free', { kind: 'swerve', offset: -3, duration: 1.5 }, at(1.5)),
          behaviour('free', { kind: 'brake', deceleration: 2.5 }, at(2)),
        ],
      },
    );
    const w = new PhysicsWorld(spec);
    // Kinks: the bend entry (s = 10 at 10/12 s), the swerves' start and end, the brakes.
    const kinks = [0, 10 / 12, 1.5, 2, 3].map((q) => Math.round(q * HZ));
    const n = 4 * HZ;
    const states: Float32Array[] = [w.state()];
    const centres: Vec3[][] = [[centre(w, 1), centre(w, 3)]];
    for (let k = 1; k <= n; k++) {
      states.push(w.step(1));
      centres.push([centre(w, 1), centre(w, 3)]);
    }
    for (const [j, i] of [1, 3].entries()) {
      let turning = 0;
      for (let k = 1; k < n; k++) {
        if (kinks.some((q) => Math.abs(q - k) <= 1)) continue;
        const s = st(states[k]!, i);
        for (const c of [0, 1, 2]) {
          const fd = (centres[k + 1]![j]![c]! - centres[k - 1]![j]![c]!) / (2 * DT);
          expect(Math.abs(s.v[c]! - fd)).toBeLessThan(2e-3);
        }
        // The load is off its truck's centre: while the truck turns, their velocities differ.
        const tv = st(states[k]!, i - 1).v;
        if (Math.hypot(s.v[0] - tv[0], s.v[1] - tv[1]) > 0.05) turning++;
      }
      expect(turning).toBeGreaterThan(HZ / 2);
    }
  });
});

describe('bodies cannon integrates', () => {
  it('a dropped box: vz = −g·t until it lands, then about 0; v is the body velocity', () => {
    const w = new PhysicsWorld(sceneSpec([car('ego', [-50, 0, 0], 0, 0), box('b', [0, 0, 5])], { physicsHz: HZ }));
    // Bottom 5 m up: lands after √(2·5/g) = 1.0096 s.
    const s = st(w.step(HZ), 1);
    expectVec(s.v, [0, 0, -GRAVITY], 4);
    w.step(3 * HZ);
    expect(norm(st(w.state(), 1).v)).toBeLessThan(0.05);
  });

  it('a box pushed by a car: the packed velocity is the cannon body velocity', () => {
    const w = new PhysicsWorld(sceneSpec([car('car', [0, 0, 0], 0, 10), box('b', [6, 0.3, 0], 0.2)], { physicsHz: HZ }));
    const bodies = (w as unknown as { actors: { body: { velocity: { x: number; y: number; z: number } } }[] }).actors;
    let moved = false;
    for (let k = 0; k < 2 * HZ; k++) {
      const s = st(w.step(1), 1);
      const v = bodies[1]!.body.velocity;
      expectVec(s.v, [v.x, v.y, v.z], 5);
      expect(s.speed).toBeCloseTo(norm(s.v), 4);
      if (norm(s.v) > 1) moved = true;
    }
    expect(moved).toBe(true);
  });

  it('a physical vehicle: the chassis velocity, along its heading when driving straight', () => {
    const c = entity('car', 'car', [4.6, 1.8, 1.45], [0, -1.75, 0], { kind: 'drive', speed: 15, lane: { s: 0, t: -1.75, direction: 1 }, physical: true });
    const w = new PhysicsWorld(sceneSpec([c], { physicsHz: HZ }));
    const s = st(w.step(2 * HZ), 0);
    expect(s.speed).toBeCloseTo(norm(s.v), 4);
    expect(s.v[0]).toBeGreaterThan(14);
    expect(Math.abs(s.v[1])).toBeLessThan(0.2);
    expect(Math.abs(s.v[2])).toBeLessThan(0.2);
  });
});
