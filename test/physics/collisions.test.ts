// Collisions between entities: when they are recorded, their impulse, the once-per-contact rule,
// kinematic overlaps, and the `collision` condition, against times and momenta worked out by hand.
//
// Timing (see PhysicsWorld): contact is looked for on S_k, the state at the start of step k (cannon's
// narrowphase for pairs with a dynamic body, the box overlap test for kinematic/static pairs); a
// contact that begins in step k is recorded with the post-step time (k + 1) / Hz.
import { describe, expect, it } from 'vitest';
import type { Body } from 'cannon-es';
import { createPhysicsApi, obbOf, obbOverlap, OVERLAP_DEPTH, PhysicsWorld } from '../../src/physics/index.ts';
import type { ConditionSpec, EntitySpec } from '../../src/scenario/SceneSpec.ts';
import { at, box, car, cone, sceneSpec, scripted, standingDeer, when } from './specs.ts';

const HZ = 120;
const collision = (a: string | null, b: string | null): ConditionSpec => ({ kind: 'collision', a, b });

/** A 1 m × 1 m × 0.3 m box: 300 kg/m³ × 0.3 m³ = 90 kg. */
const box90 = (name: string, position: [number, number, number]): EntitySpec => ({ ...box(name, position), size: [1, 1, 0.3] });

/** The cannon body of entity `index` (a white-box look, to read its mass and velocity). */
function body(w: PhysicsWorld, index: number): Body {
  return (w as unknown as { actors: { body: Body }[] }).actors[index]!.body;
}

describe('a kinematic car at 10 m/s hits a 90 kg box in the air', () => {
  // The car (kinematic, so its 1500 kg do not matter: nothing slows it) drives along +x from its
  // centre at x = 0; its nose is at 2.25 + 10 t. The box (90 kg) hangs with its bottom 0.5 m up and
  // its rear face at x = 3.05; it falls 0.5 g t² ≈ 3 cm before the car reaches it, still level with
  // the car's 1.45 m tall box. The nose passes 3.05 m when 10 t > 0.8, t > 0.08 s: the first state
  // with overlap is S_10 (t = 0.0833 s), so the contact begins in step 10 and is recorded at
  // t = 11 / 120 s.
  const spec = sceneSpec([car('car', [0, 0, 0], 0, 10), box90('box', [3.55, 0, 0.5])], { physicsHz: HZ, duration: 3 });

  it('is recorded at the end of the step in which the contact began, with the normal impulse', () => {
    const w = new PhysicsWorld(spec);
    const b = body(w, 1);
    expect(b.mass).toBe(90);
    w.step(10);
    expect(w.collisions()).toEqual([]);
    const vx0 = b.velocity.x;
    w.step(1);
    const dpx = b.mass * (b.velocity.x - vx0);
    const [c] = w.collisions();
    expect(c).toMatchObject({ time: 11 / HZ, a: 'car', b: 'box' });
    // Impulse = multipliers × dt summed over the pair's contact points. Nothing else pushes the box
    // along x in that step (no ground contact; friction with the car is tangential: y and z), so
    // its momentum change along x is the impulse.
    expect(Math.abs(dpx - c!.impulse!) / c!.impulse!).toBeLessThan(0.01);
    // By hand, from cannon's SPOOK contact (stiffness k = 1e7, relaxation d = 3, restitution
    // e = 0.1, h = 1/120 s): the solver gives the box the normal velocity change
    //   Δv = a·δ + b·(1 + e)·v,  a = 4 / (h (1 + 4d)) = 480/13 s⁻¹,  b = 4d / (1 + 4d) = 12/13,
    // for the approach speed v = 10 m/s and the overlap δ in S_10 (nose 2.25 + 10·10/120 =
    // 3.0833 m, face at 3.05 m: δ = 1/30 m): Δv = 1.231 + 10.154 = 11.385 m/s, J = 90·Δv = 1024.6 N·s
    // (less a little for the solver's softness, eps·λ). More than m·v = 900 N·s: the box leaves
    // faster than the car.
    const expected = 90 * ((480 / 13) * (1 / 30) + (12 / 13) * 1.1 * 10);
    expect(Math.abs(c!.impulse! - expected) / expected).toBeLessThan(0.02);
    expect(c!.impulse!).toBeGreaterThan(900);
  });

  it('dryRun and the worker API report the same collisions as stepping', () => {
    const w = new PhysicsWorld(spec);
    w.step(3 * HZ);
    const run = PhysicsWorld.dryRun(spec, 3);
    expect(run.collisions).toEqual(w.collisions());
    expect(run.collisions.length).toBeGreaterThan(0);
    const api = createPhysicsApi();
    expect(api.collisions()).toEqual([]);
    api.load(spec);
    api.step(3 * HZ);
    expect(api.collisions()).toEqual(w.collisions());
    expect(api.dryRun(spec, 3).collisions).toEqual(run.collisions);
  });
});

describe('once per continuous contact', () => {
  it('a car pushing a box along the ground for seconds is one collision', () => {
    // Nose 2.25 + 10 t passes the box's rear face (7.55) for t > 0.53 s: first overlap in S_64
    // (0.5333 s), recorded at 65 / 120 s. The car keeps pushing the box ahead (it cannot slide
    // faster than it is pushed: cannon's ground friction holds it), so they stay in contact.
    const w = new PhysicsWorld(sceneSpec([car('car', [0, 0, 0], 0, 10), box('box', [8.05, 0, 0])], { physicsHz: HZ, duration: 4 }));
    w.step(4 * HZ);
    expect(w.collisions().map((c) => ({ ...c, impulse: c.impulse! > 0 }))).toEqual([{ time: 65 / HZ, a: 'car', b: 'box', impulse: true }]);
    expect(w.position(1)[0]).toBeGreaterThan(38); // still in front of the nose (at 42.25 m)
  });

  it('two cars passing through each other: one collision, impulse null, names in spec order', () => {
    // Kinematic bodies do not push each other. `slow` (declared first) at x = 30 drives at 10 m/s,
    // `fast` from x = 0 at 20 m/s: fast's nose 2.25 + 20 t passes slow's tail 27.75 + 10 t for
    // t > 2.55 s; S_306 (2.55 s) only touches, S_307 overlaps by 0.083 m > 1 mm: recorded at 308 / 120.
    // They overlap until fast's tail passes slow's nose, t > 4.5 s, and never meet again.
    const spec = sceneSpec([car('slow', [30, 0, 0], 0, 10), car('fast', [0, 0, 0], 0, 20)], { physicsHz: HZ, duration: 8 });
    const w = new PhysicsWorld(spec);
    w.step(8 * HZ);
    expect(w.collisions()).toEqual([{ time: 308 / HZ, a: 'slow', b: 'fast', impulse: null }]);
  });

  it('a car through a static cone is a collision (impulse null)', () => {
    // Nose 2.25 + 10 t reaches the cone's near face (19.825) for t > 1.7575 s: S_211 (1.7583 s).
    const w = new PhysicsWorld(sceneSpec([cone('cone', [20, 0, 0]), car('car', [0, 0, 0], 0, 10)], { physicsHz: HZ }));
    w.step(3 * HZ);
    expect(w.collisions()).toEqual([{ time: 212 / HZ, a: 'cone', b: 'car', impulse: null }]);
  });

  it('entities touching or overlapping as placed do not collide until they separate', () => {
    // Two boxes side by side, faces touching; two deer standing in one another.
    const spec = scripted(
      sceneSpec([box('b1', [0, 0, 0]), box('b2', [1, 0, 0]), standingDeer('d1', [10, 5, 0]), standingDeer('d2', [10.5, 5, 0])], { physicsHz: HZ }),
      // d2 walks off along +x at 1 m/s from t = 1 s, out of d1 (1.6 m long) after 1.1 m; back into it, never.
      { behaviours: [{ entity: 'd2', action: { kind: 'cross', speed: 1, heading: 0, distance: 5 }, trigger: at(1) }] },
    );
    const w = new PhysicsWorld(spec);
    w.step(4 * HZ);
    expect(w.collisions()).toEqual([]);
  });
});

describe("the 'collision' condition", () => {
  // Car `a` (10 m/s) hits the box; car `b` in the other lane brakes when a collision of `a` with
  // anything has been recorded. The collision is recorded at 65 / 120 s (see above): the trigger
  // holds on S_65, so `b` brakes from t = 65 / 120 s.
  const scene = (condition: ConditionSpec) =>
    scripted(sceneSpec([car('a', [0, 0, 0], 0, 10), box('box', [8.05, 0, 0]), car('b', [0, 3.5, 0], 0, 10)], { physicsHz: HZ, duration: 2 }), {
      behaviours: [{ entity: 'b', action: { kind: 'brake', deceleration: 6 }, trigger: when(condition) }],
      events: [{ name: 'hit', condition }],
    });

  it.each([
    ['a with anything', collision('a', null)],
    ['anything with box', collision(null, 'box')],
    ['box with a (either order)', collision('box', 'a')],
    ['any collision at all', collision(null, null)],
  ])('%s triggers a behaviour and an event at the collision time', (_what, condition) => {
    const w = new PhysicsWorld(scene(condition));
    w.step(2 * HZ);
    expect(w.events()).toEqual([{ name: 'hit', time: 65 / HZ }]);
    expect(w.fired()).toEqual([{ index: 0, entity: 'b', action: 'brake', time: 65 / HZ }]);
  });

  it('a pair that never collides does not hold', () => {
    const w = new PhysicsWorld(scene(collision('a', 'b')));
    w.step(2 * HZ);
    expect(w.events()).toEqual([]);
    expect(w.fired()).toEqual([]);
  });

  it.each([
    [collision('a', 'ghost'), /event "hit": collision second entity names entity "ghost", which is not in the scene/],
    [collision('a', 'a'), /event "hit": collision names entity "a" twice; an entity cannot collide with itself/],
    [{ kind: 'collision', a: 3, b: null } as unknown as ConditionSpec, /collision first entity must be an entity name, got 3/],
  ])('a bad collision condition is a load error (%#)', (condition, message) => {
    const spec = { ...scene(collision(null, null)), events: [{ name: 'hit', condition }] };
    expect(() => new PhysicsWorld(spec)).toThrow(message);
  });
});

describe('obbOverlap', () => {
  const unit = (x: number, y: number, yaw = 0) => obbOf([x, y, 0.5], [0, 0, Math.sin(yaw / 2), Math.cos(yaw / 2)], [0.5, 0.5, 0.5]);

  it('counts overlaps deeper than the depth on every axis', () => {
    expect(obbOverlap(unit(0, 0), unit(0.99, 0), OVERLAP_DEPTH)).toBe(true);
    expect(obbOverlap(unit(0, 0), unit(1, 0), OVERLAP_DEPTH)).toBe(false); // touching
    expect(obbOverlap(unit(0, 0), unit(1.005, 0), -0.01)).toBe(true); // within 1 cm
    expect(obbOverlap(unit(0, 0), unit(0.9, 0.9), OVERLAP_DEPTH)).toBe(true);
  });

  it('uses the rotated axes: a cube turned 45° reaches √2 / 2 from its centre', () => {
    // Corner of the turned cube at x = 0.7071; the other cube's face at d − 0.5.
    expect(obbOverlap(unit(0, 0, Math.PI / 4), unit(1.2, 0), OVERLAP_DEPTH)).toBe(true); // 0.707 > 0.7
    expect(obbOverlap(unit(0, 0, Math.PI / 4), unit(1.21, 0), OVERLAP_DEPTH)).toBe(false); // 0.707 < 0.71
    // Diagonal offset d: along the turned cube's axis (1, 1)/√2 the centres are d√2 apart and the
    // boxes reach 0.5 + 0.7071 = 1.2071: d = 0.85 overlaps (1.2021), d = 0.86 does not (1.2162).
    expect(obbOverlap(unit(0, 0, Math.PI / 4), unit(0.85, 0.85), OVERLAP_DEPTH)).toBe(true);
    expect(obbOverlap(unit(0, 0, Math.PI / 4), unit(0.86, 0.86), OVERLAP_DEPTH)).toBe(false);
  });
});
