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
import { STATE_STRIDE, type ActionSpec, type BehaviourSpec, type EntitySpec, type SceneSpec } from '../scenario/SceneSpec.ts';
import { compileCondition, compileTrigger, entityIndex, type Condition, type Names, type SimView, type Trigger } from './conditions.ts';
import { Mover, actionProblem } from './Mover.ts';
import { obbOf, obbOverlap, obbRadius, type CollisionRecord, type Obb } from './collisions.ts';
import { crossRoad } from '../scenario/roadGeometry.ts';
import { Vehicle } from './Vehicle.ts';

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

/** What a behaviour does to a physically driven vehicle (the load-time check allows only these). */
function applyToVehicle(v: Vehicle, a: ActionSpec, now: number): void {
  if (a.kind === 'brake') v.brake(a.deceleration);
  else if (a.kind === 'stop') v.brake(MAX_VEHICLE_BRAKE);
  else if (a.kind === 'speed') v.setSpeed(a.speed);
  else if (a.kind === 'swerve') v.swerve(a.offset, a.duration, now);
}

/** A hard stop asks for more than any tyre can give: the surface's grip decides. */
const MAX_VEHICLE_BRAKE = 15;

// Collision groups. Static and kinematic bodies (and the ground) only need to meet dynamic ones:
// pairs of non-dynamic bodies never push each other, so they are filtered out before the
// narrowphase instead of producing contacts that the solver then ignores.
const GROUP_GROUND = 1;
const GROUP_STATIC = 2;
const GROUP_DYNAMIC = 4;
const GROUP_KINEMATIC = 8;
/** Physical vehicles' chassis: they ride on raycast wheels, so they never touch the ground body. */
const GROUP_VEHICLE = 16;
const MASK_ALL = GROUP_GROUND | GROUP_STATIC | GROUP_DYNAMIC | GROUP_KINEMATIC | GROUP_VEHICLE;

/** Tyre–road friction coefficient by surface (typical values for passenger-car tyres). */
export const SURFACE_FRICTION: Readonly<Record<'dry' | 'wet' | 'snow' | 'ice', number>> = { dry: 0.8, wet: 0.5, snow: 0.3, ice: 0.1 };

/**
 * Kinematic and static boxes collide when they overlap by more than this on every separating axis,
 * metres: boxes that merely touch (loads side by side on a truck, a herd shoulder to shoulder) do not.
 */
export const OVERLAP_DEPTH = 1e-3;

/** Pairs closer than this as placed at t = 0 count as already touching (not a collision), metres. */
export const TOUCH_MARGIN = 0.01;

/**
 * A pair in contact stays in contact (no new collision) until a step without contact in which their
 * boxes are more than this apart, metres: a box rocking on an edge or resting on another loses and
 * regains solver contacts from step to step without ever leaving it.
 */
export const SEPARATION_GAP = 0.02;

/** Mass (kg) of a dynamic entity: a per-class figure, else a solid box of PROP_DENSITY. */
export function massOf(entity: EntitySpec): number {
  const m = CLASS_MASS[entity.cls];
  if (m !== undefined) return m;
  const [l, w, h] = entity.size;
  return PROP_DENSITY * l * w * h;
}

interface Actor {
  readonly spec: EntitySpec;
  readonly body: Body;
  /** Half the box height: body centre = bottom centre + rotate(q, (0, 0, halfHeight)). */
  readonly halfHeight: number;
  /** Analytic motion of a kinematic entity (null for static, dynamic and carried bodies). */
  readonly mover: Mover | null;
  /** Half extents of the box, metres. */
  readonly half: Vec3;
  /** How a 'carried' entity rides (null for any other). */
  readonly carry: Carry | null;
  /** A physically driven vehicle (null for any other). */
  readonly vehicle: Vehicle | null;
}

interface Carry {
  /** Index of the carrier. */
  readonly carrier: number;
  /** Bottom centre relative to the carrier's bottom centre, in the carrier's frame, metres. */
  readonly offset: Vec3;
  /** Rotation from the carrier's orientation to the load's: yawOffset about the carrier's z. */
  readonly q: [number, number, number, number];
  /** Dropped by a 'release' (a dynamic body from then on). */
  released: boolean;
  /** Speed while carried: the distance its centre moved in the latest step / dt (at t = 0, the carrier's speed). */
  speed: number;
}

interface Behaviour {
  /** Index in spec.behaviours. */
  readonly index: number;
  readonly spec: BehaviourSpec;
  /** Index of the entity it moves. */
  readonly actor: number;
  readonly trigger: Trigger;
  /** Start time of the step it fired in (null: not yet). */
  fired: number | null;
  /** When a 'when' condition first held (the reaction delay counts from here); null: not yet. */
  noticed: number | null;
}

interface EventState {
  readonly name: string;
  readonly condition: Condition;
  /** Time it was recorded (null: not yet). */
  time: number | null;
}

/** An event as recorded: its name and the simulated time it first held. */
export interface RecordedEvent {
  readonly name: string;
  readonly time: number;
}

/** A behaviour that has fired: its entity, action kind, and the start time of the step it acted from. */
export interface FiredBehaviour {
  /** Index in spec.behaviours. */
  readonly index: number;
  readonly entity: string;
  readonly action: ActionSpec['kind'];
  readonly time: number;
}

/** What PhysicsWorld.dryRun finds: every event recorded, in order, when `end` held (null: it did not), and every collision. */
export interface DryRunResult {
  readonly events: RecordedEvent[];
  readonly endTime: number | null;
  /** Collisions in the order recorded (by time; ties by the spec order of a, then b). */
  readonly collisions: CollisionRecord[];
}

export type { CollisionRecord };

/** Hamilton product a ⊗ b of quaternions [x, y, z, w]. */
function mulQuat(a: readonly number[], b: readonly number[]): [number, number, number, number] {
  const [ax, ay, az, aw] = a as [number, number, number, number];
  const [bx, by, bz, bw] = b as [number, number, number, number];
  return [
    aw * bx + ax * bw + ay * bz - az * by,
    aw * by - ax * bz + ay * bw + az * bx,
    aw * bz + ax * by - ay * bx + az * bw,
    aw * bw - ax * bx - ay * by - az * bz,
  ];
}

/** Angle in (−π, π]. */
function wrapAngle(a: number): number {
  return a - 2 * Math.PI * Math.round(a / (2 * Math.PI));
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


/** How a behaviour is named in error messages. */
function behaviourWhere(b: BehaviourSpec, i: number): string {
  const kind = (b?.action as { kind?: unknown } | undefined)?.kind;
  return `behaviour ${i + 1} (${typeof kind === 'string' ? kind : '?'}) of entity "${String(b?.entity)}"`;
}

/**
 * Timing of behaviours, events and the end condition. Let S_k be the simulated state after k steps
 * (S_0 the initial state), at time k / physicsHz. Step k (0-based) runs from t0 = k / physicsHz to
 * t1 = (k + 1) / physicsHz and produces S_{k+1}.
 *
 * - Before the world step of step k, every behaviour that has not fired yet is tested on S_k:
 *   `{kind: 'at', time}` fires if t0 ≥ time (t0 computed as the double k / physicsHz, so it fires in
 *   step k = ⌈time · physicsHz⌉ whenever time · physicsHz is an integer or not near one);
 *   `{kind: 'when', condition}` fires if the condition holds on S_k. A condition that first holds
 *   after step k − 1 therefore acts from step k, i.e. from time k / physicsHz. Behaviours due in the
 *   same step are applied in spec order, each starting from the pose at t0, so they act from t0.
 *   Each fires once.
 * - Events are tested on S_0 (at load) and on every S_k after step k − 1: an event is recorded with
 *   time k / physicsHz at the first k its condition holds. Within one state, events are re-tested
 *   until none is added, so `event` conditions see events recorded in the same state whatever
 *   their order in the spec. A `when` trigger sees events recorded on the state it is tested on.
 * - The `end` condition is tested on the same states, after the events; ended() is true from the
 *   first state where it held (endTime() is that state's time). Stepping on is still allowed.
 *
 * Collisions (collisions(), the `collision` condition). Two entities (never the ground) are in
 * contact in step k when cannon-es's narrowphase makes contact equations between their bodies
 * (a pair with at least one dynamic body), or, for a pair of kinematic bodies or a kinematic and a
 * static one (which cannon-es never brings into contact), when their oriented boxes overlap by
 * more than OVERLAP_DEPTH on every separating axis. Both tests look at S_k, the state at the start
 * of the step. A pair in contact in step k that was not in contact in step k − 1 is a collision,
 * recorded with time t1 = (k + 1) / physicsHz (the post-step time), so conditions see it from
 * S_{k+1} on. A pair in continuous contact is recorded once, and again only after they separated:
 * a pair stays in contact through steps without contact while their boxes are within SEPARATION_GAP
 * of each other (solver contacts of a box rocking on an edge come and go). Pairs touching as placed (within TOUCH_MARGIN at t = 0) are in contact before step 0, and
 * a carried load is in contact with its carrier (it rides on it and is not tested against it), so
 * neither counts until they have separated. `impulse` is the magnitude of the vector sum over the
 * pair's contact equations of multiplier × dt × normal: the normal impulse the solver applied
 * between the two in that step (N·s; friction not included); null for the overlap test.
 *
 * Carried entities ('carried' motion) are kinematic bodies posed every step as their carrier's pose
 * composed with their offset (after the carrier has moved). A `release` fired before step k turns
 * the body dynamic for step k on, with the velocity it had as a load in that step ((pose(t1) −
 * pose(t0)) / dt: the carrier's velocity at that point, exact on a straight) and the carrier's
 * angular velocity; from then on only gravity and contacts move it.
 */
export class PhysicsWorld {
  readonly spec: SceneSpec;
  /** Fixed step, seconds (= 1 / spec.physicsHz). */
  readonly dt: number;
  readonly world: World;
  private readonly actors: Actor[] = [];
  private readonly behaviours: Behaviour[] = [];
  private readonly eventStates: EventState[] = [];
  private readonly endCondition: Condition | null;
  private readonly view: SimView;
  private readonly recorded: RecordedEvent[] = [];
  private readonly firedLog: FiredBehaviour[] = [];
  private readonly collisionLog: CollisionRecord[] = [];
  /** Pairs in contact in the latest step (key lo · n + hi, spec indices), or touching as placed. */
  private touching = new Set<number>();
  private readonly hitPairs = new Set<number>();
  private readonly hitEntities = new Set<number>();
  private readonly bodyIndex = new Map<Body, number>();
  /** The actors with a 'carried' motion, released or not. */
  private readonly loads: Actor[] = [];
  private endAt: number | null = null;
  private steps = 0;
  /** Packing buffer, reused; callers get copies. */
  private readonly packed: Float32Array;

  /**
   * Simulate a fresh world built from `spec` (the same code path as step()) until its `end`
   * condition holds or it reaches min(spec.duration, maxSeconds), i.e. for at most
   * ⌈min(duration, maxSeconds) · physicsHz⌉ steps. Returns the events recorded by then and the end
   * time (null if `end` did not hold).
   */
  static dryRun(spec: SceneSpec, maxSeconds: number): DryRunResult {
    if (!(Number.isFinite(maxSeconds) && maxSeconds >= 0)) {
      throw new LongtailError(`physics: dryRun needs a finite maxSeconds ≥ 0, got ${maxSeconds}`, 'physics');
    }
    if (!(Number.isFinite(spec.duration) && spec.duration >= 0)) {
      throw new LongtailError(`physics: duration must be a finite number of seconds ≥ 0, got ${spec.duration}`, 'physics');
    }
    const w = new PhysicsWorld(spec);
    const limit = Math.ceil(Math.min(spec.duration, maxSeconds) * spec.physicsHz - 1e-9);
    while (!w.ended() && w.steps < limit) w.run(1);
    return { events: w.events(), endTime: w.endTime(), collisions: w.collisions() };
  }

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

    // Names, then carriers and behaviours (which decide whether a 'static' entity must be kinematic), then bodies.
    const names = nameTables(spec);
    const carriers = carriersOf(spec, names);
    const moved = new Set<number>();
    (spec.behaviours ?? []).forEach((b, i) => {
      const where = behaviourWhere(b, i);
      const actor = entityIndex(names, b?.entity, where, 'the behaviour');
      const e = spec.entities[actor]!;
      if (e.motion.kind === 'dynamic') {
        throw new LongtailError(
          `physics: ${where}: a 'dynamic' body is moved only by gravity and contacts; behaviours need a 'static', 'drive' or 'walk' entity`,
          'physics',
        );
      }
      const problem = actionProblem(b.action);
      if (problem) throw new LongtailError(`physics: ${where}: ${problem}`, 'physics');
      const physical = e.motion.kind === 'drive' && e.motion.physical === true;
      if (physical && !['brake', 'stop', 'speed', 'swerve'].includes(b.action.kind)) {
        throw new LongtailError(`physics: ${where}: a physically driven vehicle can brake, stop, change speed or swerve, not '${b.action.kind}'`, 'physics');
      }
      if (b.action.kind === 'release') {
        if (!carriers.has(actor)) {
          throw new LongtailError(`physics: ${where}: 'release' drops a 'carried' entity, but "${e.name}" is '${e.motion.kind}'`, 'physics');
        }
      } else if (carriers.has(actor)) {
        throw new LongtailError(`physics: ${where}: a 'carried' entity rides on its carrier until released; the only action it takes is 'release'`, 'physics');
      }
      if (b.action.kind === 'follow') {
        const leader = entityIndex(names, b.action.leader, where, 'follow');
        const kind = spec.entities[leader]!.motion.kind;
        if (kind === 'dynamic' || kind === 'carried') throw new LongtailError(`physics: ${where}: cannot follow '${b.action.leader}', a '${kind}' body`, 'physics');
        const lm = spec.entities[leader]!.motion;
        if (lm.kind === 'drive' && lm.physical) throw new LongtailError(`physics: ${where}: cannot follow '${b.action.leader}', a physically driven vehicle`, 'physics');
        moved.add(leader);
      }
      const trigger = compileTrigger(b.trigger, names, `${where}, trigger`);
      moved.add(actor);
      this.behaviours.push({ index: i, spec: b, actor, trigger, fired: null, noticed: null });
    });
    spec.entities.forEach((e, i) => this.actors.push(this.makeActor(e, moved.has(i), carriers.get(i) ?? null)));
    this.actors.forEach((a, i) => this.bodyIndex.set(a.body, i));
    // Loads start on their carriers (whose poses are final: carriers are never carried).
    for (const a of this.loads) {
      this.poseLoad(a);
      const c = this.actors[a.carry!.carrier]!;
      a.carry!.speed = c.mover ? c.mover.current().speed : 0;
    }
    this.touching = this.overlapping(-TOUCH_MARGIN, true);
    for (const ev of spec.events ?? []) {
      this.eventStates.push({ name: ev.name, condition: compileCondition(ev.condition, names, `event "${ev.name}"`), time: null });
    }
    this.endCondition = spec.end ? compileCondition(spec.end, names, 'end condition') : null;
    this.packed = new Float32Array(this.actors.length * STATE_STRIDE);

    this.view = {
      road: spec.road,
      time: () => this.time(),
      bottomCentre: (i) => this.bottomCentre(this.actors[i]!),
      speed: (i) => this.speedOf(this.actors[i]!),
      hasEvent: (i) => this.eventStates[i]!.time !== null,
      lowest: (i) => this.lowest(this.actors[i]!),
      hasCollision: (a, b) => this.hasCollision(a, b),
    };
    this.observe(); // events and end on the initial state
  }

  private makeActor(e: EntitySpec, hasBehaviours: boolean, carrier: number | null): Actor {
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
    const kind = e.motion.kind;
    if (e.motion.kind === 'drive' && e.motion.physical) {
      const onCrossRoad = e.motion.lane?.road === 'cross';
      const road = onCrossRoad ? (crossRoad(this.spec.road) ?? this.spec.road) : this.spec.road;
      const mu = SURFACE_FRICTION[this.spec.road.surface ?? 'dry'];
      const vehicle = new Vehicle(this.world, e, road, e.motion.lane, mu, massOf(e), {
        group: GROUP_VEHICLE,
        mask: GROUP_STATIC | GROUP_DYNAMIC | GROUP_KINEMATIC | GROUP_VEHICLE,
      });
      return { spec: e, body: vehicle.chassis, halfHeight, mover: null, half: [l / 2, w / 2, halfHeight], carry: null, vehicle };
    }
    // Anything that moves on its own (now or once a behaviour fires) is kinematic: posed analytically
    // by its Mover, pushing dynamic bodies but pushed by nothing.
    const kinematic = kind === 'drive' || kind === 'walk' || kind === 'carried' || (kind === 'static' && hasBehaviours);

    let type: BodyType;
    let group: number;
    let mask: number;
    let mass = 0;
    if (kinematic) {
      type = Body.KINEMATIC;
      group = GROUP_KINEMATIC;
      mask = GROUP_DYNAMIC | GROUP_VEHICLE;
    } else if (kind === 'dynamic') {
      type = Body.DYNAMIC;
      group = GROUP_DYNAMIC;
      mask = MASK_ALL;
      mass = massOf(e);
    } else {
      type = Body.STATIC;
      group = GROUP_STATIC;
      mask = GROUP_DYNAMIC | GROUP_VEHICLE;
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

    // Lane followers on an intersection's crossing road follow that road instead.
    const onCross = e.motion.kind === 'drive' && e.motion.lane?.road === 'cross';
    const road = onCross ? (crossRoad(this.spec.road) ?? this.spec.road) : this.spec.road;
    const mover = kinematic && e.motion.kind !== 'carried' ? new Mover(road, e, [px, py, pz + halfHeight]) : null;
    let carry: Carry | null = null;
    if (e.motion.kind === 'carried' && carrier !== null) {
      const [ox, oy, oz] = e.motion.offset;
      carry = { carrier, offset: [ox, oy, oz], q: quatFromYaw(e.motion.yawOffset), released: false, speed: 0 };
    }
    this.world.addBody(body);
    const actor: Actor = { spec: e, body, halfHeight, mover, half: [l / 2, w / 2, halfHeight], carry, vehicle: null };
    if (carry) this.loads.push(actor);
    return actor;
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

  /** Events recorded so far, in the order they were recorded (by time; ties in spec order). A fresh array. */
  events(): RecordedEvent[] {
    return this.recorded.map((e) => ({ name: e.name, time: e.time }));
  }

  /** Whether the spec's `end` condition has held on some state so far (never, if it has none). */
  ended(): boolean {
    return this.endAt !== null;
  }

  /** Time of the first state the `end` condition held on, or null. */
  endTime(): number | null {
    return this.endAt;
  }

  /** Collisions recorded so far, in order (by time; ties by the spec order of a, then b). A fresh array. */
  collisions(): CollisionRecord[] {
    return this.collisionLog.map((c) => ({ ...c }));
  }

  /** Behaviours fired so far, in firing order, with the time they act from. A fresh array. */
  fired(): FiredBehaviour[] {
    return this.firedLog.map((f) => ({ ...f }));
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
    this.run(n);
    return this.state();
  }

  /** The one stepping loop, shared by step() and dryRun(). */
  private run(n: number): void {
    for (let i = 0; i < n; i++) {
      const overlaps = this.overlapping(OVERLAP_DEPTH, false); // on the state at the start of the step
      this.preStep();
      this.world.step(this.dt);
      this.steps++;
      this.postStep();
      this.check();
      this.collide(overlaps);
      this.observe();
    }
  }

  /**
   * Current packed state (a fresh copy), without stepping; layout: see STATE_STRIDE. The speed of a
   * kinematic entity is its motion's instantaneous speed at this time (e.g. exactly v0 − a·τ while
   * braking); of a carried load, the distance its centre moved in the latest step / dt; of any other
   * body, |velocity|. The velocity (vx, vy, vz) is that of the body's centre (the box centre), in
   * world coordinates: see velocityOf.
   */
  state(): Float32Array {
    const out = this.packed;
    for (let i = 0; i < this.actors.length; i++) {
      const a = this.actors[i]!;
      const q = a.body.quaternion;
      const [x, y, z] = this.bottomCentre(a);
      const o = i * STATE_STRIDE;
      out[o] = x;
      out[o + 1] = y;
      out[o + 2] = z;
      out[o + 3] = q.x;
      out[o + 4] = q.y;
      out[o + 5] = q.z;
      out[o + 6] = q.w;
      out[o + 7] = this.speedOf(a);
      const [vx, vy, vz] = this.velocityOf(a);
      out[o + 8] = vx;
      out[o + 9] = vy;
      out[o + 10] = vz;
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
   * World velocity of the body's centre (the box centre, not the bottom centre), m/s, at the current
   * time. The two differ only by ω × (centre − bottom centre), i.e. only for a body rolling or
   * pitching (a tumbling prop, a physical vehicle's chassis on its springs): kinematic entities and
   * their loads turn about z alone, which moves no point of the vertical axis through the centre.
   * - Kinematic entity (Mover: driving, walking, crossing, braking, swerving, following, grazing…):
   *   the analytic derivative of its motion at this time (Pose.vx, vy; vz = 0), so |v| = speed and
   *   v points the way the pose moves (not necessarily the heading, e.g. in a swerve or a sideways
   *   crossing). Not the body's cannon velocity, which is the secant over the coming step.
   * - Carried load before release: rigid-body velocity of a point on the carrier,
   *   v_carrier + ω_carrier × (load centre − carrier centre). For a carrier with a Mover, v_carrier and
   *   ω = (0, 0, yaw rate) are the Mover's analytic ones; for a physical vehicle, its chassis body's
   *   velocity and angular velocity; a static carrier gives 0.
   * - Anything cannon integrates (dynamic props, released loads, physical vehicles' chassis) and
   *   static bodies: the cannon body velocity after the latest step (semi-implicit Euler: a body in
   *   free fall for n steps has vz = −g·n·dt exactly).
   */
  private velocityOf(a: Actor): Vec3 {
    if (a.mover) {
      const p = a.mover.current();
      return [p.vx, p.vy, 0];
    }
    if (a.carry && !a.carry.released) {
      const carrier = this.actors[a.carry.carrier]!;
      let v: Vec3;
      let w: Vec3;
      let c: Vec3;
      if (carrier.mover) {
        const p = carrier.mover.current();
        v = [p.vx, p.vy, 0];
        w = [0, 0, p.yawRate];
        c = [p.x, p.y, p.z];
      } else {
        const b = carrier.body;
        v = [b.velocity.x, b.velocity.y, b.velocity.z];
        w = [b.angularVelocity.x, b.angularVelocity.y, b.angularVelocity.z];
        c = [b.position.x, b.position.y, b.position.z];
      }
      const p = a.body.position;
      const rx = p.x - c[0];
      const ry = p.y - c[1];
      const rz = p.z - c[2];
      return [v[0] + w[1] * rz - w[2] * ry, v[1] + w[2] * rx - w[0] * rz, v[2] + w[0] * ry - w[1] * rx];
    }
    const v = a.body.velocity;
    return [v.x, v.y, v.z];
  }

  private speedOf(a: Actor): number {
    if (a.mover) return a.mover.current().speed;
    if (a.carry && !a.carry.released) return a.carry.speed;
    const v = a.body.velocity;
    return Math.sqrt(v.x * v.x + v.y * v.y + v.z * v.z);
  }

  /**
   * Before the world step from t0 = steps·dt to t1 = (steps + 1)·dt: fire the behaviours whose
   * triggers hold on the current state (see the class comment), then give every kinematic body the
   * velocity that lands it exactly on its mover's pose at t1 and that pose's yaw, so the contact
   * solver already sees this step's kinematic velocities.
   */
  private preStep(): void {
    const t0 = this.time();
    const t1 = (this.steps + 1) / this.spec.physicsHz;
    const due: Behaviour[] = [];
    for (const b of this.behaviours) {
      if (b.fired !== null) continue;
      let go: boolean;
      if (b.trigger.kind === 'at') go = t0 >= b.trigger.time;
      else {
        // The condition is noticed once; the action follows after the reaction delay.
        if (b.noticed === null && b.trigger.condition(this.view)) b.noticed = t0;
        go = b.noticed !== null && t0 >= b.noticed + b.trigger.delay - 1e-9;
      }
      if (go) due.push(b);
    }
    const released: Actor[] = [];
    for (const b of due) {
      b.fired = t0;
      const actor = this.actors[b.actor]!;
      if (b.spec.action.kind === 'release') {
        if (actor.carry && !actor.carry.released) {
          actor.carry.released = true;
          released.push(actor);
        }
      } else if (actor.vehicle) applyToVehicle(actor.vehicle, b.spec.action, t0);
      else actor.mover!.apply(b.spec.action, (name) => this.actors.find((a) => a.spec.name === name)?.mover ?? null);
      this.firedLog.push({ index: b.index, entity: b.spec.entity, action: b.spec.action.kind, time: t0 });
    }

    // Carriers' headings at t0, for the loads' angular velocity (carriers with a mover turn about z only).
    const yaw0 = this.loads.length > 0 ? this.actors.map((a) => a.mover?.current().yaw ?? 0) : null;

    const dt = this.dt;
    for (const a of this.actors) {
      a.vehicle?.control(t0, dt);
      if (!a.mover) continue;
      const pose = a.mover.advance(t1);
      const p = a.body.position;
      a.body.velocity.set((pose.x - p.x) / dt, (pose.y - p.y) / dt, (pose.z - p.z) / dt);
      const [qx, qy, qz, qw] = quatFromYaw(pose.yaw);
      a.body.quaternion.set(qx, qy, qz, qw);
    }

    // Loads ride on their carriers' poses at t1; a load released now leaves with that velocity.
    for (const a of this.loads) {
      const c = a.carry!;
      if (c.released && !released.includes(a)) continue;
      const carrier = this.actors[c.carrier]!;
      const target = this.loadTarget(a);
      const centre = target.centre;
      const p = a.body.position;
      const vx = (centre[0] - p.x) / dt;
      const vy = (centre[1] - p.y) / dt;
      const vz = (centre[2] - p.z) / dt;
      a.body.velocity.set(vx, vy, vz);
      const wz = carrier.mover ? wrapAngle(carrier.mover.current().yaw - yaw0![c.carrier]!) / dt : 0;
      a.body.angularVelocity.set(0, 0, wz);
      if (c.released) {
        this.makeDynamic(a);
      } else {
        const [qx, qy, qz, qw] = target.q;
        a.body.quaternion.set(qx, qy, qz, qw);
        c.speed = Math.sqrt(vx * vx + vy * vy + vz * vz);
      }
    }
  }

  /**
   * Where a load's body is when carried: centre and orientation from its carrier's current pose
   * (after the carrier's mover has advanced, or its body pose) composed with the load's offset.
   */
  private loadTarget(a: Actor): { centre: Vec3; q: [number, number, number, number] } {
    const c = a.carry!;
    const carrier = this.actors[c.carrier]!;
    const cq = carrier.body.quaternion;
    const q: [number, number, number, number] = [cq.x, cq.y, cq.z, cq.w];
    let cx: number, cy: number, cz: number;
    if (carrier.mover) {
      const pose = carrier.mover.current();
      cx = pose.x;
      cy = pose.y;
      cz = pose.z;
    } else {
      const p = carrier.body.position;
      cx = p.x;
      cy = p.y;
      cz = p.z;
    }
    // Load centre = carrier centre + R_carrier · (offset + (0, 0, load half height − carrier half height)).
    const [dx, dy, dz] = rotate(q, [c.offset[0], c.offset[1], c.offset[2] + a.halfHeight - carrier.halfHeight]);
    return { centre: [cx + dx, cy + dy, cz + dz], q: mulQuat(q, c.q) };
  }

  /** Put a carried load exactly on its carrier's pose composed with its offset. */
  private poseLoad(a: Actor): void {
    const { centre, q } = this.loadTarget(a);
    a.body.position.set(centre[0], centre[1], centre[2]);
    a.body.quaternion.set(q[0], q[1], q[2], q[3]);
    a.body.aabbNeedsUpdate = true;
  }

  /** A released load becomes a dynamic body (keeping the velocities it has), still touching its carrier. */
  private makeDynamic(a: Actor): void {
    const b = a.body;
    const mass = massOf(a.spec);
    b.type = Body.DYNAMIC;
    b.mass = mass;
    b.invMass = 1 / mass;
    // The inertia of the box itself (Body.updateMassProperties would use its world AABB).
    Box.calculateInertia(new CVec3(a.half[0], a.half[1], a.half[2]), mass, b.inertia);
    b.invInertia.set(1 / b.inertia.x, 1 / b.inertia.y, 1 / b.inertia.z);
    b.updateInertiaWorld(true);
    b.collisionFilterGroup = GROUP_DYNAMIC;
    b.collisionFilterMask = MASK_ALL;
    b.aabbNeedsUpdate = true;
    const i = this.bodyIndex.get(b)!;
    const j = a.carry!.carrier;
    this.touching.add(this.pairKey(i, j));
  }

  private pairKey(i: number, j: number): number {
    return i < j ? i * this.actors.length + j : j * this.actors.length + i;
  }

  private obb(a: Actor): Obb {
    const p = a.body.position;
    const q = a.body.quaternion;
    return obbOf([p.x, p.y, p.z], [q.x, q.y, q.z, q.w], a.half);
  }

  /** Height of the lowest corner of an entity's box above z = 0, metres. */
  private lowest(a: Actor): number {
    const { x, y, z, w } = a.body.quaternion;
    const [hx, hy, hz] = a.half;
    // z components of the box's axes (the third row of its rotation matrix).
    const down = hx * Math.abs(2 * (x * z - y * w)) + hy * Math.abs(2 * (y * z + x * w)) + hz * Math.abs(1 - 2 * (x * x + y * y));
    return a.body.position.z - down;
  }

  /**
   * Pairs (keys) whose boxes overlap by more than `depth` (see obbOverlap). With `all`, every pair;
   * otherwise only the pairs cannon-es never brings into contact: no dynamic body, at least one
   * kinematic, and not a carried load with its carrier.
   */
  private overlapping(depth: number, all: boolean): Set<number> {
    const out = new Set<number>();
    const n = this.actors.length;
    const boxes: (Obb | null)[] = this.actors.map((a) => (all || a.body.type !== Body.DYNAMIC ? this.obb(a) : null));
    const radii = boxes.map((b) => (b ? obbRadius(b) : 0));
    for (let i = 0; i < n; i++) {
      const oa = boxes[i];
      if (!oa) continue;
      const A = this.actors[i]!;
      const kinematicA = A.body.type === Body.KINEMATIC;
      for (let j = i + 1; j < n; j++) {
        const ob = boxes[j];
        if (!ob) continue;
        const B = this.actors[j]!;
        if (!all) {
          if (!kinematicA && B.body.type !== Body.KINEMATIC) continue;
          if ((A.carry && !A.carry.released && A.carry.carrier === j) || (B.carry && !B.carry.released && B.carry.carrier === i)) continue;
        }
        const dx = ob.centre[0] - oa.centre[0];
        const dy = ob.centre[1] - oa.centre[1];
        const dz = ob.centre[2] - oa.centre[2];
        const reach = radii[i]! + radii[j]! - depth;
        if (dx * dx + dy * dy + dz * dz > reach * reach) continue;
        if (obbOverlap(oa, ob, depth)) out.add(i * n + j);
      }
    }
    return out;
  }

  /**
   * After a step: the pairs in contact in it are the kinematic/static overlaps found on its start
   * state and the pairs cannon-es made contact equations for; those not in contact in the step
   * before are new collisions, recorded at this (post-step) time.
   */
  private collide(overlaps: Set<number>): void {
    const n = this.actors.length;
    const impulses = new Map<number, [number, number, number]>();
    for (const c of this.world.contacts) {
      const i = this.bodyIndex.get(c.bi);
      const j = this.bodyIndex.get(c.bj);
      if (i === undefined || j === undefined || i === j) continue; // the ground
      // The solver's multiplier is a force (λ / dt): λ = multiplier · dt is the impulse along ni,
      // the normal from bi to bj. Oriented from the lower index to the higher before summing.
      const lambda = (i < j ? c.multiplier : -c.multiplier) * this.dt;
      const key = this.pairKey(i, j);
      let v = impulses.get(key);
      if (!v) impulses.set(key, (v = [0, 0, 0]));
      v[0] += lambda * c.ni.x;
      v[1] += lambda * c.ni.y;
      v[2] += lambda * c.ni.z;
    }
    const current = new Set<number>(overlaps);
    for (const key of impulses.keys()) current.add(key);
    const fresh = [...current].filter((k) => !this.touching.has(k)).sort((x, y) => x - y);
    // Pairs that were in contact stay so while their boxes are within SEPARATION_GAP.
    for (const key of this.touching) {
      if (current.has(key)) continue;
      const i = Math.floor(key / n);
      if (obbOverlap(this.obb(this.actors[i]!), this.obb(this.actors[key - i * n]!), -SEPARATION_GAP)) current.add(key);
    }
    const t = this.time();
    for (const key of fresh) {
      const i = Math.floor(key / n);
      const j = key - i * n;
      const v = impulses.get(key);
      this.collisionLog.push({ time: t, a: this.actors[i]!.spec.name, b: this.actors[j]!.spec.name, impulse: v ? Math.hypot(v[0], v[1], v[2]) : null });
      this.hitPairs.add(key);
      this.hitEntities.add(i);
      this.hitEntities.add(j);
    }
    this.touching = current;
  }

  /** Whether a collision of `a` with `b` (either order; null = any entity) has been recorded. */
  private hasCollision(a: number | null, b: number | null): boolean {
    if (a === null && b === null) return this.collisionLog.length > 0;
    if (a === null || b === null) return this.hitEntities.has((a ?? b)!);
    return this.hitPairs.has(this.pairKey(a, b));
  }

  /** After the world step: put every kinematic body exactly on its analytic pose (no rounding drift), then the loads on theirs. */
  private postStep(): void {
    for (const a of this.actors) {
      if (!a.mover) continue;
      const pose = a.mover.current();
      a.body.position.set(pose.x, pose.y, pose.z);
      a.body.aabbNeedsUpdate = true;
    }
    for (const a of this.loads) if (!a.carry!.released) this.poseLoad(a);
  }

  /** Record the events that now hold (until no more are added), then test the end condition. */
  private observe(): void {
    const t = this.time();
    let added = true;
    while (added) {
      added = false;
      for (const ev of this.eventStates) {
        if (ev.time === null && ev.condition(this.view)) {
          ev.time = t;
          this.recorded.push({ name: ev.name, time: t });
          added = true;
        }
      }
    }
    if (this.endAt === null && this.endCondition?.(this.view)) this.endAt = t;
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

/**
 * The carrier (index) of every 'carried' entity (by index), checked: the carrier is another entity
 * of the scene, not carried itself (loads are not stacked, so there are no cycles), not 'dynamic';
 * offset and yawOffset are finite.
 */
function carriersOf(spec: SceneSpec, names: Names): Map<number, number> {
  const out = new Map<number, number>();
  spec.entities.forEach((e, i) => {
    const m = e?.motion;
    if (m?.kind !== 'carried') return;
    const where = describe(e);
    const c = entityIndex(names, m.carrier, where, "the 'carried' motion's carrier");
    const fail = (what: string): never => {
      throw new LongtailError(`physics: ${where}: ${what}`, 'physics');
    };
    if (c === i) fail('an entity cannot carry itself');
    const cm = spec.entities[c]!.motion;
    if (cm.kind === 'carried') {
      fail(`its carrier "${m.carrier}" is itself carried (by "${cm.carrier}"${cm.carrier === e.name ? ', this entity' : ''}); loads cannot be stacked`);
    }
    if (cm.kind === 'dynamic') fail(`its carrier "${m.carrier}" is a 'dynamic' body; a carrier must be 'static', 'drive' or 'walk'`);
    const o = m.offset as unknown;
    if (!(Array.isArray(o) && o.length === 3 && finite3(o))) fail(`the 'carried' offset must be 3 finite numbers of metres, got [${Array.isArray(o) ? o.join(', ') : String(o)}]`);
    if (!Number.isFinite(m.yawOffset)) fail(`the 'carried' yawOffset must be a finite angle in radians, got ${String(m.yawOffset)}`);
    out.set(i, c);
  });
  return out;
}

/** Entity and event name tables; duplicate event names are an error. */
function nameTables(spec: SceneSpec): Names {
  const entities = new Map<string, number>();
  spec.entities.forEach((e, i) => entities.set(e.name, entities.has(e.name) ? -1 : i));
  const events = new Map<string, number>();
  (spec.events ?? []).forEach((ev, i) => {
    if (typeof ev?.name !== 'string' || ev.name === '') {
      throw new LongtailError(`physics: event ${i + 1} has no name`, 'physics');
    }
    if (events.has(ev.name)) throw new LongtailError(`physics: event "${ev.name}" is defined more than once`, 'physics');
    events.set(ev.name, i);
  });
  return { entities, events };
}
