// PhysicsWorld against hand-computed motion.
import { describe, expect, it } from 'vitest';
import { DEG, yawOf } from '../../src/core/index.ts';
import { GRAVITY, PhysicsWorld, STATE_STRIDE } from '../../src/physics/index.ts';
import { box, car, cone, crowd, deer, sceneSpec } from './specs.ts';

const HZ = 120;

/** Entity `i` of a packed state array. */
function at(state: Float32Array, i: number) {
  const o = i * STATE_STRIDE;
  const s = Array.from(state.subarray(o, o + STATE_STRIDE));
  return { x: s[0]!, y: s[1]!, z: s[2]!, q: s.slice(3, 7), speed: s[7]! };
}

describe('PhysicsWorld basics', () => {
  it('packs 11 floats per entity in spec order and counts time from the step count', () => {
    const w = new PhysicsWorld(sceneSpec([car('ego', [0, -1.75, 0], 0, 20), cone('c', [30, 2, 0])]));
    expect(STATE_STRIDE).toBe(11);
    const s0 = w.state();
    expect(s0.length).toBe(2 * STATE_STRIDE);
    expect(at(s0, 1)).toMatchObject({ x: 30, y: 2, z: 0, speed: 0 });
    expect(at(s0, 1).q).toEqual([0, 0, 0, 1]);
    expect(w.time()).toBe(0);
    w.step(240);
    expect(w.time()).toBe(2);
    expect(w.stepCount()).toBe(240);
  });

  it('returns copies: arrays from earlier frames are not overwritten', () => {
    const w = new PhysicsWorld(sceneSpec([car('ego', [0, 0, 0], 0, 10)]));
    const a = w.step(12);
    const kept = a.slice();
    const b = w.step(12);
    expect(a).toEqual(kept);
    expect(b).not.toBe(a);
    expect(b.buffer).not.toBe(a.buffer);
    expect(at(b, 0).x).toBeCloseTo(2, 5);
  });

  it('step(0) returns the current state; bad n throws', () => {
    const w = new PhysicsWorld(sceneSpec([car('ego', [0, 0, 0], 0, 10)]));
    expect(w.step(0)).toEqual(w.state());
    expect(() => w.step(-1)).toThrow(RangeError);
    expect(() => w.step(1.5)).toThrow(RangeError);
  });

  it('static bodies stay exactly where they are', () => {
    const w = new PhysicsWorld(sceneSpec([cone('c', [12.5, -3, 0])]));
    const s = at(w.step(360), 0);
    expect([s.x, s.y, s.z, s.speed]).toEqual([12.5, -3, 0, 0]);
  });
});

describe("'drive'", () => {
  for (const yawDeg of [0, 90]) {
    it(`a car at 20 m/s, yaw ${yawDeg}°, is 40 m along its heading after 2 s (240 steps at 120 Hz)`, () => {
      const yaw = yawDeg * DEG;
      const start: [number, number, number] = [10, -1.75, 0];
      const w = new PhysicsWorld(sceneSpec([car('ego', start, yaw, 20)], { physicsHz: HZ }));
      const s = at(w.step(240), 0);
      expect(w.time()).toBe(2);
      expect(Math.abs(s.x - (start[0] + 40 * Math.cos(yaw)))).toBeLessThan(1e-3);
      expect(Math.abs(s.y - (start[1] + 40 * Math.sin(yaw)))).toBeLessThan(1e-3);
      expect(s.z).toBe(0);
      expect(yawOf(s.q)).toBeCloseTo(yaw, 6);
      expect(s.speed).toBeCloseTo(20, 4);
    });
  }
});

describe("'walk'", () => {
  const walk = { speed: 3, heading: 90 * DEG, start: 1, distance: 7 };

  it('a deer waits until start, crosses along +y at 3 m/s, and stops exactly after 7 m', () => {
    const w = new PhysicsWorld(sceneSpec([deer('deer', [50, -3.5, 0], walk)], { physicsHz: HZ }));

    const a = at(w.step(60), 0); // t = 0.5 s
    expect(w.time()).toBe(0.5);
    expect([a.x, a.y, a.z, a.speed]).toEqual([50, -3.5, 0, 0]);
    expect(yawOf(a.q)).toBeCloseTo(0, 9);

    const b = at(w.step(180), 0); // t = 2 s: walking for 1 s
    expect(w.time()).toBe(2);
    expect(b.x).toBeCloseTo(50, 5);
    expect(Math.abs(b.y - (-3.5 + 3))).toBeLessThan(1e-4);
    expect(b.z).toBe(0);
    expect(b.speed).toBeCloseTo(3, 4);
    expect(yawOf(b.q)).toBeCloseTo(90 * DEG, 6);

    const c = at(w.step(240), 0); // t = 4 s: finished at t = 1 + 7/3 s
    expect(w.time()).toBe(4);
    expect(Math.abs(c.y - 3.5)).toBeLessThan(1e-4);
    expect(c.x).toBeCloseTo(50, 5);
    expect(c.speed).toBe(0);
    expect(yawOf(c.q)).toBeCloseTo(90 * DEG, 6);
    const exact = w.position(0);
    expect(Math.abs(exact[1] - 3.5)).toBeLessThan(1e-6);
    expect(Math.abs(exact[0] - 50)).toBeLessThan(1e-6);
  });

  it('follows clamp(speed·(t − start), 0, distance) at every step, even off the step grid', () => {
    // Start and finish both fall between steps; heading is oblique.
    const plan = { speed: 1.7, heading: 30 * DEG, start: 0.0042, distance: 0.9 };
    const w = new PhysicsWorld(sceneSpec([deer('d', [1, 2, 0], plan, -20 * DEG)], { physicsHz: HZ }));
    const [cx, cy] = [Math.cos(plan.heading), Math.sin(plan.heading)];
    for (let k = 1; k <= 90; k++) {
      w.step(1);
      const t = k / HZ;
      const covered = Math.min(plan.distance, Math.max(0, plan.speed * (t - plan.start)));
      const [x, y, z] = w.position(0);
      expect(Math.abs(x - (1 + covered * cx))).toBeLessThan(1e-9);
      expect(Math.abs(y - (2 + covered * cy))).toBeLessThan(1e-9);
      expect(z).toBe(0);
    }
    const [x, y] = w.position(0);
    expect(Math.hypot(x - 1, y - 2)).toBeCloseTo(plan.distance, 9);
    expect(at(w.state(), 0).speed).toBe(0);
  });
});

describe("'dynamic'", () => {
  it('a box dropped from 2 m falls under gravity, then rests on the ground', () => {
    const w = new PhysicsWorld(sceneSpec([box('box', [3, 4, 2])], { physicsHz: HZ }));
    const dt = 1 / HZ;
    // Semi-implicit Euler (v += g·dt, then z += v·dt): after n steps z = z0 − g·dt²·n(n+1)/2.
    for (const n of [30, 60, 72]) {
      const s = at(w.step(n - w.stepCount()), 0);
      const t = n * dt;
      const euler = 2 - GRAVITY * dt * dt * ((n * (n + 1)) / 2);
      const exact = 2 - 0.5 * GRAVITY * t * t;
      expect(euler).toBeGreaterThan(0.05); // still airborne
      expect(Math.abs(s.z - euler)).toBeLessThan(1e-5);
      expect(Math.abs(s.z - exact)).toBeLessThan(0.025); // continuous-time answer, within O(g·t·dt)
      expect(s.x).toBeCloseTo(3, 6);
      expect(s.y).toBeCloseTo(4, 6);
      expect(s.speed).toBeCloseTo(GRAVITY * t, 4);
    }
    const rest = at(w.step(360), 0); // t = 3.6 s
    expect(Math.abs(rest.z)).toBeLessThan(0.02);
    expect(rest.speed).toBeLessThan(0.05);
    expect(Math.abs(rest.x - 3)).toBeLessThan(0.05);
    expect(Math.abs(rest.y - 4)).toBeLessThan(0.05);
    expect(Math.abs(rest.q[3]!)).toBeGreaterThan(0.999); // landed flat, still upright
  });

  it('a box placed on the ground stays there', () => {
    const w = new PhysicsWorld(sceneSpec([box('b', [0, 0, 0], 30 * DEG)]));
    const s = at(w.step(240), 0);
    expect(Math.abs(s.z)).toBeLessThan(0.02);
    expect(Math.hypot(s.x, s.y)).toBeLessThan(0.01);
    expect(yawOf(s.q)).toBeCloseTo(30 * DEG, 3);
  });

  it('a driving car pushes a box in its way', () => {
    const w = new PhysicsWorld(sceneSpec([car('ego', [0, 0, 0], 0, 10), box('b', [8, 0, 0])]));
    const s = w.step(240);
    expect(at(s, 1).x).toBeGreaterThan(15); // the car's nose is at 20 + 2.25 m
    expect(at(s, 0).x).toBeCloseTo(20, 6); // the kinematic car is not slowed
  });
});

describe('determinism', () => {
  it('two worlds from the same spec give bit-identical states, however the steps are chunked', () => {
    const spec = crowd(60);
    const a = new PhysicsWorld(spec);
    const b = new PhysicsWorld(spec);
    for (let i = 0; i < 6; i++) {
      const sa = a.step(50);
      const sb = b.step(50);
      expect(new Uint8Array(sa.buffer)).toEqual(new Uint8Array(sb.buffer));
    }
    const c = new PhysicsWorld(spec);
    c.step(1);
    c.step(299);
    expect(new Uint8Array(c.state().buffer)).toEqual(new Uint8Array(a.state().buffer));
    expect(c.time()).toBe(a.time());
  });
});

describe('errors', () => {
  it('a body leaving the world throws, naming the entity and the simulated time', () => {
    const w = new PhysicsWorld(sceneSpec([cone('c', [0, 0, 0]), car('runaway', [0, 0, 0], 0, Number.NaN)]));
    expect(() => w.step(3)).toThrow(/entity "runaway".*t = 0\.008333 s/);
  });

  it('out of bounds counts as leaving the world', () => {
    const w = new PhysicsWorld(sceneSpec([car('rocket', [99_990, 0, 0], 0, 1200)], { physicsHz: 100 }));
    expect(() => w.step(10)).toThrow(/entity "rocket".*t = 0\.01 s/);
  });

  it('a bad size is rejected at load, naming the entity', () => {
    const bad = { ...box('flat', [0, 0, 0]), size: [1, 0, 1] as [number, number, number] };
    expect(() => new PhysicsWorld(sceneSpec([bad]))).toThrow(/entity "flat".*size/);
  });
});
