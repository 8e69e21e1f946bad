// The rigid-body simulation of one scene: a cannon-es World built from a SceneSpec and advanced in
// fixed steps of 1 / physicsHz. Deterministic by construction: no Math.random, no wall clock, every
// behaviour keyed on the integer step count, and world.step() only ever called with the fixed dt
// (never the variable-step / interpolation overload). Two worlds built from the same spec and stepped
// the same way produce bit-identical state in the same JS engine.
//
// Imports cannon-es and the pure core helpers only: no three.js, no DOM, so it runs in a Web Worker,
// a Node worker thread or plain Node.
import { Body, Box, Plane, SAPBroadphase, Vec3 as CVec3, World } from 'cannon-es';
import type { BodyType } from 'cannon-es';
import { LongtailError, quatFromYaw, rotate } from '../core/index.ts';
import type { Vec3 } from '../core/index.ts';
import { STATE_STRIDE, type EntitySpec, type SceneSpec } from '../scenario/SceneSpec.ts';
import { laneAdvance, roadFrame, roadPoint } from '../scenario/roadGeometry.ts';

// The packed state layout is the physics → render contract, defined beside SceneSpec.
export { STATE_STRIDE };

/** Standard gravity, m/s², along -z. */
export const GRAVITY = 9.81;

/** Density used for the mass of dynamic bodies of a class without a mass of its own, kg/m³. */
export const PROP_DENSITY = 300;

/** Typical masses (kg) of the classes that are not well approximated as a solid box of props. */
const CLASS_MASS: Readonly<Record<string, number>> = {
  car: 1500,
  truck: 12000,
  deer: 90,
  moose: 450,
  pedestrian: 75,
};

/** Bodies outside this region (|x|, |y| < limit, z > floor) mean the simulation blew up. */
const WORLD_LIMIT_XY = 100_000;
const WORLD_FLOOR_Z = -100;

// Collision groups. Static and kinematic bodies (and the ground) only need to meet dynamic ones:
// pairs of non-dynamic bodies never push each other, so they are filtered out before the
// narrowphase instead of producing contacts that the solver then ignores.
const GROUP_GROUND = 1;
const GROUP_STATIC = 2;
const GROUP_DYNAMIC = 4;
const GROUP_KINEMATIC = 8;
const MASK_ALL = GROUP_GROUND | GROUP_STATIC | GROUP_DYNAMIC | GROUP_KINEMATIC;

/** Mass (kg) of a dynamic entity: a per-class figure, else a solid box of PROP_DENSITY. */
export function massOf(entity: EntitySpec): number {
  const m = CLASS_MASS[entity.cls];
  if (m !== undefined) return m;
  const [l, w, h] = entity.size;
  return PROP_DENSITY * l * w * h;
}

interface WalkPlan {
  /** Body centre at t = 0. */
  readonly origin: Vec3;
  /** Unit direction of travel. */
  readonly dir: Vec3;
  readonly speed: number;
  readonly start: number;
  readonly distance: number;
  readonly heading: number;
  /** Yaw has been turned to the heading. */
  turned: boolean;
  /** The full distance has been covered; the body is parked at its end point. */
  done: boolean;
}

interface Actor {
  readonly spec: EntitySpec;
  readonly body: Body;
  /** Half the box height: body centre = bottom centre + rotate(q, (0, 0, halfHeight)). */
  readonly halfHeight: number;
  readonly walk: WalkPlan | null;
}

function fmtTime(t: number): string {
  return `${Number(t.toFixed(6))} s`;
}

function finite3(v: readonly number[]): boolean {
  return Number.isFinite(v[0]) && Number.isFinite(v[1]) && Number.isFinite(v[2]);
}

function describe(e: EntitySpec): string {
  return `entity "${e.name}" (id ${e.id}, ${e.cls})`;
}

/** Motion parameters as text; unlike JSON, keeps NaN and Infinity visible. */
function describeMotion(e: EntitySpec): string {
  return Object.entries(e.motion)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}

export class PhysicsWorld {
  readonly spec: SceneSpec;
  /** Fixed step, seconds (= 1 / spec.physicsHz). */
  readonly dt: number;
  readonly world: World;
  private readonly actors: Actor[] = [];
  private steps = 0;
  /** Packing buffer, reused; callers get copies. */
  private readonly packed: Float32Array;

  constructor(spec: SceneSpec) {
    const hz = spec.physicsHz;
    if (!(Number.isFinite(hz) && hz > 0)) {
      throw new LongtailError(`physics: physicsHz must be a positive number, got ${hz}`, 'physics');
    }
    this.spec = spec;
    this.dt = 1 / hz;

    const world = new World({ gravity: new CVec3(0, 0, -GRAVITY), allowSleep: false });
    world.broadphase = new SAPBroadphase(world);
    world.defaultContactMaterial.friction = 0.5;
    world.defaultContactMaterial.restitution = 0.1;
    this.world = world;

    // Ground: the plane z = 0 (a cannon Plane's normal is its local +z).
    const ground = new Body({
      type: Body.STATIC,
      mass: 0,
      shape: new Plane(),
      collisionFilterGroup: GROUP_GROUND,
      collisionFilterMask: GROUP_DYNAMIC,
    });
    world.addBody(ground);

    for (const e of spec.entities) this.actors.push(this.makeActor(e));
    this.packed = new Float32Array(this.actors.length * STATE_STRIDE);
  }

  private makeActor(e: EntitySpec): Actor {
    const [l, w, h] = e.size;
    if (![l, w, h].every((s) => Number.isFinite(s) && s > 0)) {
      throw new LongtailError(`physics: ${describe(e)} has a bad size [${e.size.join(', ')}]`, 'physics');
    }
    if (!finite3(e.position) || !Number.isFinite(e.yaw)) {
      throw new LongtailError(
        `physics: ${describe(e)} has a bad pose: position [${e.position.join(', ')}], yaw ${e.yaw}`,
        'physics',
      );
    }
    const halfHeight = h / 2;
    const [px, py, pz] = e.position;
    const [qx, qy, qz, qw] = quatFromYaw(e.yaw);
    const motion = e.motion;

    let type: BodyType;
    let group: number;
    let mask: number;
    let mass = 0;
    switch (motion.kind) {
      case 'static':
        type = Body.STATIC;
        group = GROUP_STATIC;
        mask = GROUP_DYNAMIC;
        break;
      case 'dynamic':
        type = Body.DYNAMIC;
        group = GROUP_DYNAMIC;
        mask = MASK_ALL;
        mass = massOf(e);
        break;
      case 'drive':
      case 'walk':
        type = Body.KINEMATIC;
        group = GROUP_KINEMATIC;
        mask = GROUP_DYNAMIC;
        break;
    }

    const body = new Body({
      type,
      mass,
      shape: new Box(new CVec3(l / 2, w / 2, halfHeight)),
      position: new CVec3(px, py, pz + halfHeight),
      collisionFilterGroup: group,
      collisionFilterMask: mask,
      // No air drag on the linear motion (free fall is exactly gravity); a little angular damping
      // lets tumbling props settle.
      linearDamping: 0,
      angularDamping: 0.05,
    });
    body.quaternion.set(qx, qy, qz, qw);
    body.previousQuaternion.copy(body.quaternion);
    body.interpolatedQuaternion.copy(body.quaternion);

    let walk: WalkPlan | null = null;
    if (motion.kind === 'drive' && !motion.lane) {
      // Constant velocity along the heading, set once: a kinematic body keeps it (gravity and
      // contacts do not act on it) and keeps its yaw.
      body.velocity.set(motion.speed * Math.cos(e.yaw), motion.speed * Math.sin(e.yaw), 0);
    } else if (motion.kind === 'walk') {
      walk = {
        origin: [px, py, pz + halfHeight],
        dir: [Math.cos(motion.heading), Math.sin(motion.heading), 0],
        speed: motion.speed,
        start: motion.start,
        distance: motion.distance,
        heading: motion.heading,
        turned: false,
        done: false,
      };
    }

    this.world.addBody(body);
    return { spec: e, body, halfHeight, walk };
  }

  /** Simulated seconds: steps taken / physicsHz, computed from the integer step count (no drift). */
  time(): number {
    return this.steps / this.spec.physicsHz;
  }

  /** Fixed steps taken so far. */
  stepCount(): number {
    return this.steps;
  }

  /** Number of entities (packed state holds STATE_STRIDE floats for each, in spec order). */
  get entityCount(): number {
    return this.actors.length;
  }

  /**
   * Advance `n` fixed steps and return the packed state of every entity in spec order
   * (see STATE_STRIDE). The array is a fresh copy owned by the caller: keeping it, or transferring
   * its buffer to another thread, does not affect the world. `step(0)` returns the current state.
   * Throws a LongtailError naming the entity and simulated time if a body leaves the world
   * (non-finite or out-of-bounds pose).
   */
  step(n: number): Float32Array {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`physics: step(n) needs a non-negative integer, got ${n}`);
    }
    for (let i = 0; i < n; i++) {
      this.preStep();
      this.world.step(this.dt);
      this.steps++;
      this.postStep();
      this.check();
    }
    return this.state();
  }

  /** Current packed state (a fresh copy), without stepping. */
  state(): Float32Array {
    const out = this.packed;
    for (let i = 0; i < this.actors.length; i++) {
      const a = this.actors[i]!;
      const b = a.body;
      const q = b.quaternion;
      const [x, y, z] = this.bottomCentre(a);
      const v = b.velocity;
      const o = i * STATE_STRIDE;
      out[o] = x;
      out[o + 1] = y;
      out[o + 2] = z;
      out[o + 3] = q.x;
      out[o + 4] = q.y;
      out[o + 5] = q.z;
      out[o + 6] = q.w;
      out[o + 7] = Math.sqrt(v.x * v.x + v.y * v.y + v.z * v.z);
    }
    return out.slice();
  }

  /** Bottom centre of entity `index` (spec order) in full double precision, metres. */
  position(index: number): Vec3 {
    const a = this.actors[index];
    if (!a) throw new RangeError(`physics: no entity at index ${index}`);
    return this.bottomCentre(a);
  }

  private bottomCentre(a: Actor): Vec3 {
    const p = a.body.position;
    const q = a.body.quaternion;
    const [dx, dy, dz] = rotate([q.x, q.y, q.z, q.w], [0, 0, -a.halfHeight]);
    return [p.x + dx, p.y + dy, p.z + dz];
  }

  /**
   * Behaviours for the step from t0 = steps·dt to t1 = (steps + 1)·dt, applied before the world
   * step (so the contact solver already sees this step's kinematic velocities). Keyed on simulated
   * time only.
   *
   * A walker's path is analytic: covered(t) = clamp(speed · (t − start), 0, distance). Its velocity
   * for the step is chosen to land exactly on covered(t1), so a start or stop between two steps
   * moves it only the partial distance: the last step is clamped, never overshooting.
   */
  private preStep(): void {
    const hz = this.spec.physicsHz;
    const t1 = (this.steps + 1) / hz;
    const dt = this.dt;
    for (const a of this.actors) {
      const m = a.spec.motion;
      if (m.kind === 'drive' && m.lane) {
        // Lane followers: the pose at t1 is analytic (arc length s0 + v·t along the road), so the
        // step's velocity lands the body exactly there and it turns with the road.
        const s1 = laneAdvance(this.spec.road, m.lane.s, m.lane.t, m.lane.direction * m.speed * t1);
        const [x, y] = roadPoint(this.spec.road, s1, m.lane.t);
        const yaw = roadFrame(this.spec.road, s1).heading + (m.lane.direction < 0 ? Math.PI : 0);
        const p = a.body.position;
        a.body.velocity.set((x - p.x) / dt, (y - p.y) / dt, 0);
        const [qx, qy, qz, qw] = quatFromYaw(yaw);
        a.body.quaternion.set(qx, qy, qz, qw);
        continue;
      }
      const w = a.walk;
      if (!w || w.done) continue;
      const c1 = t1 <= w.start ? 0 : Math.min(w.distance, w.speed * (t1 - w.start));
      if (c1 > 0 && !w.turned) {
        const [qx, qy, qz, qw] = quatFromYaw(w.heading);
        a.body.quaternion.set(qx, qy, qz, qw);
        w.turned = true;
      }
      const p = a.body.position;
      a.body.velocity.set(
        (w.origin[0] + c1 * w.dir[0] - p.x) / dt,
        (w.origin[1] + c1 * w.dir[1] - p.y) / dt,
        (w.origin[2] + c1 * w.dir[2] - p.z) / dt,
      );
    }
  }

  /** After the world step: park walkers that have covered their distance exactly at the end point. */
  private postStep(): void {
    const t = this.time();
    for (const a of this.actors) {
      const w = a.walk;
      if (!w || w.done) continue;
      if (t > w.start && w.speed * (t - w.start) >= w.distance) {
        a.body.position.set(
          w.origin[0] + w.distance * w.dir[0],
          w.origin[1] + w.distance * w.dir[1],
          w.origin[2] + w.distance * w.dir[2],
        );
        a.body.velocity.set(0, 0, 0);
        a.body.aabbNeedsUpdate = true;
        w.done = true;
      }
    }
  }

  /** Every body must have a finite pose inside a generous world bound. */
  private check(): void {
    for (const a of this.actors) {
      const p = a.body.position;
      const q = a.body.quaternion;
      const ok =
        Number.isFinite(p.x) &&
        Number.isFinite(p.y) &&
        Number.isFinite(p.z) &&
        Number.isFinite(q.x) &&
        Number.isFinite(q.y) &&
        Number.isFinite(q.z) &&
        Number.isFinite(q.w) &&
        Math.abs(p.x) < WORLD_LIMIT_XY &&
        Math.abs(p.y) < WORLD_LIMIT_XY &&
        p.z > WORLD_FLOOR_Z;
      if (!ok) {
        throw new LongtailError(
          `physics: ${describe(a.spec)} left the world at t = ${fmtTime(this.time())} (step ${this.steps}): ` +
            `centre (${p.x}, ${p.y}, ${p.z}), quaternion (${q.x}, ${q.y}, ${q.z}, ${q.w}); ` +
            `check its size, position and motion (${describeMotion(a.spec)})`,
          'physics',
        );
      }
    }
  }
}
