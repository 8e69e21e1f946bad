// Carried entities ('carried' motion) and their release: riding exactly on the carrier, then a
// free fall from the carrier's speed, a tumble and a rest on the road. Hand-computed where possible.
import { describe, expect, it } from 'vitest';
import { yawOf, rotate, quatFromYaw, type Vec3 } from '../../src/core/index.ts';
import { GRAVITY, PhysicsWorld, STATE_STRIDE } from '../../src/physics/index.ts';
import type { BehaviourSpec, EntitySpec, MotionSpec, RoadSpec, SceneSpec } from '../../src/scenario/index.ts';
import { at, car, entity, laneCar, sceneSpec, scripted, when } from './specs.ts';

const HZ = 120;
const DT = 1 / HZ;
const H = 3.6; // the truck's height: a load on its top has its bottom 3.6 m up

function st(state: Float32Array, i: number) {
  const o = i * STATE_STRIDE;
  const s = Array.from(state.subarray(o, o + STATE_STRIDE));
  return { x: s[0]!, y: s[1]!, z: s[2]!, q: s.slice(3, 7), yaw: yawOf(s.slice(3, 7)), speed: s[7]! };
}

const truck = (name: string, position: Vec3, speed: number): EntitySpec =>
  entity(name, 'truck', [9.5, 2.5, H], position, { kind: 'drive', speed, lane: null });

const load = (name: string, carrier: string, offset: [number, number, number], yawOffset = 0, size: Vec3 = [1, 1, 1]): EntitySpec =>
  entity(name, 'box', size, [0, 0, 0], { kind: 'carried', carrier, offset, yawOffset } as MotionSpec);

const release = (entity: string, trigger: BehaviourSpec['trigger']): BehaviourSpec => ({ entity, action: { kind: 'release' }, trigger });

/** Height of the lowest corner of entity `i`'s box (a white-box look at the world). */
function lowest(w: PhysicsWorld, i: number): number {
  return (w as unknown as { lowest(a: unknown): number; actors: unknown[] }).lowest((w as unknown as { actors: unknown[] }).actors[i]);
}

describe('a box released behind a truck at 20 m/s', () => {
  // The truck drives along +x at 20 m/s from x = 0 (its tail at x − 4.75). The box rides 6 m behind
  // the truck's centre with its bottom 3.6 m up: in the air, clear of the truck (it spans −6.5 to
  // −5.5). It is released at t = 1 s (step 120), where its centre is at x = 20 − 6 = 14.
  const spec = scripted(sceneSpec([truck('truck', [0, -1.75, 0], 20), load('box', 'truck', [-6, 0, H])], { physicsHz: HZ, duration: 12 }), {
    behaviours: [release('box', at(1))],
    events: [{ name: 'box_on_road', condition: { kind: 'onRoad', entity: 'box' } }],
  });

  it('rides exactly on the truck until then', () => {
    const w = new PhysicsWorld(spec);
    for (let k = 0; k <= 120; k += 24) {
      const s = st(w.step(k === 0 ? 0 : 24), 1);
      const [x, y, z] = w.position(1);
      expect(x).toBeCloseTo(20 * (k / HZ) - 6, 9);
      expect(y).toBeCloseTo(-1.75, 9);
      expect(z).toBeCloseTo(H, 9);
      expect(s.yaw).toBe(0);
      expect(s.speed).toBeCloseTo(20, 9);
    }
    expect(w.fired()).toEqual([]);
  });

  it('leaves with the truck velocity, then falls freely: z = h − g·dt²·n(n+1)/2, x on at 20 m/s', () => {
    const w = new PhysicsWorld(spec);
    w.step(120);
    let prev = w.position(1);
    for (let n = 1; n <= 60; n++) {
      w.step(1);
      const p = w.position(1);
      expect(p[0] - prev[0]).toBeCloseTo(20 * DT, 9); // no drag: the carrier's 20 m/s throughout
      expect(p[1]).toBeCloseTo(-1.75, 9);
      expect(p[2]).toBeCloseTo(H - GRAVITY * DT * DT * ((n * (n + 1)) / 2), 9); // semi-implicit Euler
      prev = p;
    }
    expect(w.fired()).toEqual([{ index: 0, entity: 'box', action: 'release', time: 1 }]);
  });

  it('hits the road about √(2h/g) after the release, tumbles and comes to rest on it, far behind the truck', () => {
    const w = new PhysicsWorld(spec);
    w.step(120);
    const release = w.position(1);
    let landed = -1;
    let tumbled = false;
    for (let n = 1; n <= 10 * HZ; n++) {
      const s = st(w.step(1), 1);
      if (landed < 0 && lowest(w, 1) <= 1e-3) landed = n;
      if (Math.abs(s.q[3]!) < Math.cos((20 * Math.PI) / 180 / 2)) tumbled = true; // turned by more than 20°
    }
    // √(2 · 3.6 / 9.81) = 0.8567 s = 102.8 steps.
    expect(Math.abs(landed - Math.sqrt((2 * H) / GRAVITY) * HZ)).toBeLessThanOrEqual(2);
    expect(tumbled).toBe(true);
    const rest = st(w.state(), 1);
    expect(rest.speed).toBeLessThan(0.05);
    expect(Math.abs(lowest(w, 1))).toBeLessThan(0.02); // resting on the road
    // It kept moving forward (momentum) but stopped long before the truck, which drove on at 20 m/s:
    // in the truck's frame it fell behind.
    const [x, y] = w.position(1);
    const truckX = w.position(0)[0];
    expect(x).toBeGreaterThan(release[0]);
    expect(truckX - x).toBeGreaterThan(100);
    expect(Math.abs(y + 1.75)).toBeLessThan(1.75); // still in its lane
    // On the road once its lowest corner is within 0.3 m of it, in the last steps of the fall.
    const [ev] = w.events();
    expect(ev!.name).toBe('box_on_road');
    expect(ev!.time).toBeGreaterThan(1 + (landed - 8) / HZ);
    expect(ev!.time).toBeLessThanOrEqual(1 + landed / HZ);
  });

  it('is deterministic: bit-identical states however the steps are chunked', () => {
    const a = new PhysicsWorld(spec);
    const b = new PhysicsWorld(spec);
    a.step(600);
    for (let i = 0; i < 6; i++) b.step(100);
    expect(new Uint8Array(a.state().buffer)).toEqual(new Uint8Array(b.state().buffer));
    expect(a.collisions()).toEqual(b.collisions());
  });
});

describe('riding round a curve', () => {
  const bend: RoadSpec = { kind: 'curve', curve: { start: 20, radius: 80, angle: Math.PI / 2, direction: 1 }, cross: null, lanes: 2, laneWidth: 3.5, length: 400, shoulder: 1, oncoming: 1 };

  it("the load's pose is the carrier's pose composed with the offset, every step", () => {
    const t = laneCar('truck', bend, { s: 0, t: -1.75, direction: 1 }, 15);
    const carrier: EntitySpec = { ...t, cls: 'truck', model: 'truck', size: [9.5, 2.5, H] };
    const offset: [number, number, number] = [-2.5, 0.6, H];
    const spec: SceneSpec = { ...sceneSpec([carrier, load('crate', 'truck', offset, 0.3, [1.2, 0.8, 0.6])], { physicsHz: HZ, duration: 12 }), road: bend };
    const w = new PhysicsWorld(spec);
    let turned = 0;
    for (let k = 0; k < 10 * HZ; k += 20) {
      const s = w.step(k === 0 ? 0 : 20);
      const c = st(s, 0);
      const l = st(s, 1);
      const [cx, cy, cz] = w.position(0);
      const [dx, dy, dz] = rotate(quatFromYaw(c.yaw), offset);
      const [lx, ly, lz] = w.position(1);
      expect(lx).toBeCloseTo(cx + dx, 4);
      expect(ly).toBeCloseTo(cy + dy, 4);
      expect(lz).toBeCloseTo(cz + dz, 9);
      expect(Math.cos(l.yaw - c.yaw - 0.3)).toBeCloseTo(1, 8);
      turned = c.yaw;
    }
    expect(turned).toBeGreaterThan(1); // the truck went well round the bend
  });
});

describe('released on the platform', () => {
  it('a load in the middle of the roof stays on it (friction) and does not collide with its carrier', () => {
    const spec = scripted(sceneSpec([truck('truck', [0, 0, 0], 20), load('box', 'truck', [0, 0, H])], { physicsHz: HZ, duration: 5 }), {
      behaviours: [release('box', at(1))],
    });
    const w = new PhysicsWorld(spec);
    w.step(4 * HZ);
    const [x, y, z] = w.position(1);
    expect(x - w.position(0)[0]).toBeCloseTo(0, 1);
    expect(y).toBeCloseTo(0, 2);
    expect(z).toBeCloseTo(H, 1);
    expect(st(w.state(), 1).speed).toBeCloseTo(20, 1);
    expect(w.collisions()).toEqual([]);
  });

  it('a load whose centre is beyond the rear edge tips off, falls and lands behind the truck', () => {
    // Tail at −4.75 m; the box's centre at −5 m (0.25 m of it on the roof).
    const spec = scripted(sceneSpec([truck('truck', [0, 0, 0], 20), load('box', 'truck', [-5, 0, H])], { physicsHz: HZ, duration: 8 }), {
      behaviours: [release('box', at(1))],
    });
    const w = new PhysicsWorld(spec);
    w.step(8 * HZ);
    expect(Math.abs(lowest(w, 1))).toBeLessThan(0.02);
    expect(w.position(0)[0] - w.position(1)[0]).toBeGreaterThan(50);
    expect(w.collisions()).toEqual([]); // it slid off the truck in one continuous contact
  });

  it('a released load can be hit: a car behind drives into it', () => {
    // The car follows the truck at 25 m/s, 40 m behind; the box falls off the back at t = 0.5 s and
    // lies in the lane, so the car meets it.
    const spec = scripted(
      sceneSpec([truck('truck', [40, 0, 0], 20), load('box', 'truck', [-5.6, 0, H]), car('car', [0, 0, 0], 0, 25)], { physicsHz: HZ, duration: 8 }),
      { behaviours: [release('box', at(0.5))], events: [{ name: 'hit', condition: { kind: 'collision', a: 'car', b: 'box' } }] },
    );
    const w = new PhysicsWorld(spec);
    w.step(8 * HZ);
    const hit = w.collisions().find((c) => c.a === 'box' && c.b === 'car');
    expect(hit).toBeDefined();
    expect(hit!.impulse!).toBeGreaterThan(0);
    expect(w.events()).toEqual([{ name: 'hit', time: hit!.time }]);
  });

  it('a load may fall when a condition holds: the second box when the first is on the road', () => {
    const spec = scripted(
      sceneSpec([truck('truck', [0, 0, 0], 20), load('first', 'truck', [-6, 0.6, H]), load('second', 'truck', [-6, -0.6, H])], { physicsHz: HZ, duration: 4 }),
      {
        behaviours: [release('first', at(1)), release('second', when({ kind: 'event', name: 'first_down' }))],
        events: [{ name: 'first_down', condition: { kind: 'onRoad', entity: 'first' } }],
      },
    );
    const w = new PhysicsWorld(spec);
    w.step(4 * HZ);
    const [down] = w.events();
    expect(down!.time).toBeGreaterThan(1.8);
    expect(w.fired().map((f) => [f.entity, f.time])).toEqual([
      ['first', 1],
      ['second', down!.time],
    ]);
  });
});

describe('load errors', () => {
  const base = (entities: EntitySpec[], behaviours: BehaviourSpec[] = []) => scripted(sceneSpec(entities), { behaviours });
  const t = () => truck('truck', [0, 0, 0], 10);

  it.each([
    ['an unknown carrier', base([t(), load('box', 'lorry', [0, 0, H])]), /entity "box" .*: the 'carried' motion's carrier names entity "lorry", which is not in the scene/],
    ['itself', base([t(), load('box', 'box', [0, 0, H])]), /entity "box" .*: an entity cannot carry itself/],
    ['a carried carrier', base([t(), load('a', 'truck', [0, 0, H]), load('b', 'a', [0, 0, 1])]), /entity "b" .*: its carrier "a" is itself carried \(by "truck"\); loads cannot be stacked/],
    ['a cycle', base([t(), load('a', 'b', [0, 0, 1]), load('b', 'a', [0, 0, 1])]), /entity "a" .*: its carrier "b" is itself carried \(by "a", this entity\); loads cannot be stacked/],
    ['a dynamic carrier', base([entity('crate', 'box', [1, 1, 1], [0, 0, 0], { kind: 'dynamic' }), load('b', 'crate', [0, 0, 1])]), /its carrier "crate" is a 'dynamic' body/],
    ['a bad offset', base([t(), load('box', 'truck', [0, Number.NaN, H])]), /the 'carried' offset must be 3 finite numbers of metres, got \[0, NaN, 3.6\]/],
    ['a bad yawOffset', base([t(), load('box', 'truck', [0, 0, H], Infinity)]), /yawOffset must be a finite angle in radians, got Infinity/],
    ['release of a driving entity', base([t()], [release('truck', at(1))]), /behaviour 1 \(release\) of entity "truck": 'release' drops a 'carried' entity, but "truck" is 'drive'/],
    ['another action on a load', base([t(), load('box', 'truck', [0, 0, H])], [{ entity: 'box', action: { kind: 'stop' }, trigger: at(1) }]), /'carried' entity rides on its carrier until released; the only action it takes is 'release'/],
    ['following a load', base([t(), load('box', 'truck', [0, 0, H]), car('c', [0, 5, 0], 0, 0)], [{ entity: 'c', action: { kind: 'follow', leader: 'box' }, trigger: at(1) }]), /cannot follow 'box', a 'carried' body/],
  ])('%s', (_what, spec, message) => {
    expect(() => new PhysicsWorld(spec)).toThrow(message);
  });
});

describe("'on road' and raised entities", () => {
  it('a load on its truck is not on the road; the truck is', () => {
    const spec = scripted(sceneSpec([truck('truck', [0, -1.75, 0], 10), load('box', 'truck', [0, 0, H])], { physicsHz: HZ }), {
      events: [
        { name: 'truck', condition: { kind: 'onRoad', entity: 'truck' } },
        { name: 'box', condition: { kind: 'onRoad', entity: 'box' } },
      ],
    });
    const w = new PhysicsWorld(spec);
    w.step(HZ);
    expect(w.events()).toEqual([{ name: 'truck', time: 0 }]);
  });
});
