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
import { crossRoad } from '../scenario/roadGeometry.ts';

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

interface Actor {
  readonly spec: EntitySpec;
  readonly body: Body;
  /** Half the box height: body centre = bottom centre + rotate(q, (0, 0, halfHeight)). */
  readonly halfHeight: number;
  /** Analytic motion of a kinematic entity (null for static and dynamic bodies). */
  readonly mover: Mover | null;
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

/** What PhysicsWorld.dryRun finds: every event recorded, in order, and when `end` held (null: it did not). */
export interface DryRunResult {
  readonly events: RecordedEvent[];
  readonly endTime: number | null;
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
    return { events: w.events(), endTime: w.endTime() };
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

    // Names, then behaviours (which decide whether a 'static' entity must be kinematic), then bodies.
    const names = nameTables(spec);
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
      if (b.action.kind === 'follow') {
        const leader = entityIndex(names, b.action.leader, where, 'follow');
        if (spec.entities[leader]!.motion.kind === 'dynamic') throw new LongtailError(`physics: ${where}: cannot follow '${b.action.leader}', a 'dynamic' body`, 'physics');
        moved.add(leader);
      }
      const trigger = compileTrigger(b.trigger, names, `${where}, trigger`);
      moved.add(actor);
      this.behaviours.push({ index: i, spec: b, actor, trigger, fired: null });
    });
    spec.entities.forEach((e, i) => this.actors.push(this.makeActor(e, moved.has(i))));
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
    };
    this.observe(); // events and end on the initial state
  }

  private makeActor(e: EntitySpec, hasBehaviours: boolean): Actor {
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
    // Anything that moves on its own (now or once a behaviour fires) is kinematic: posed analytically
    // by its Mover, pushing dynamic bodies but pushed by nothing.
    const kinematic = kind === 'drive' || kind === 'walk' || (kind === 'static' && hasBehaviours);

    let type: BodyType;
    let group: number;
    let mask: number;
    let mass = 0;
    if (kinematic) {
      type = Body.KINEMATIC;
      group = GROUP_KINEMATIC;
      mask = GROUP_DYNAMIC;
    } else if (kind === 'dynamic') {
      type = Body.DYNAMIC;
      group = GROUP_DYNAMIC;
      mask = MASK_ALL;
      mass = massOf(e);
    } else {
      type = Body.STATIC;
      group = GROUP_STATIC;
      mask = GROUP_DYNAMIC;
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
    const mover = kinematic ? new Mover(road, e, [px, py, pz + halfHeight]) : null;
    this.world.addBody(body);
    return { spec: e, body, halfHeight, mover };
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
      this.preStep();
      this.world.step(this.dt);
      this.steps++;
      this.postStep();
      this.check();
      this.observe();
    }
  }

  /**
   * Current packed state (a fresh copy), without stepping. The speed of a kinematic entity is its
   * motion's instantaneous speed at this time (e.g. exactly v0 − a·τ while braking); of any other
   * body, |velocity|.
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

  private speedOf(a: Actor): number {
    if (a.mover) return a.mover.current().speed;
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
      const go = b.trigger.kind === 'at' ? t0 >= b.trigger.time : b.trigger.condition(this.view);
      if (go) due.push(b);
    }
    for (const b of due) {
      b.fired = t0;
      this.actors[b.actor]!.mover!.apply(b.spec.action, (name) => this.actors.find((a) => a.spec.name === name)?.mover ?? null);
      this.firedLog.push({ index: b.index, entity: b.spec.entity, action: b.spec.action.kind, time: t0 });
    }

    const dt = this.dt;
    for (const a of this.actors) {
      if (!a.mover) continue;
      const pose = a.mover.advance(t1);
      const p = a.body.position;
      a.body.velocity.set((pose.x - p.x) / dt, (pose.y - p.y) / dt, (pose.z - p.z) / dt);
      const [qx, qy, qz, qw] = quatFromYaw(pose.yaw);
      a.body.quaternion.set(qx, qy, qz, qw);
    }
  }

  /** After the world step: put every kinematic body exactly on its analytic pose (no rounding drift). */
  private postStep(): void {
    for (const a of this.actors) {
      if (!a.mover) continue;
      const pose = a.mover.current();
      a.body.position.set(pose.x, pose.y, pose.z);
      a.body.aabbNeedsUpdate = true;
    }
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
