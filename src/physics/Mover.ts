// The motion of one kinematic entity (a driving vehicle, a walking or standing animal or person) as
// a small state machine of analytic "legs". A leg is a path (a straight line, or a lane of the road)
// plus a distance profile along it (start time, speed, deceleration, distance limit) plus a lateral
// offset ramp (swerves). The entity's MotionSpec is the first leg; each action that fires starts a
// new leg from where the entity is at that moment.
//
// Poses are pure functions of simulated time within a leg, so stopping distances, crossing
// distances and arrival points are exact rather than accumulated step by step. The one exception is
// a lane follower during a swerve: its arc length is then advanced step by step (the lane-length
// factor inside a bend depends on the changing lateral offset), re-anchoring every step.
//
// No Math.random, no wall clock: everything is a function of the times PhysicsWorld passes in,
// which are integer step counts / physicsHz.
import type { ActionSpec, EntitySpec, RoadSpec } from '../scenario/SceneSpec.ts';
import { laneAdvance, roadFrame, roadPoint } from '../scenario/roadGeometry.ts';

/** Largest deceleration a `brake` may ask for, m/s² (about three times a hard emergency stop). */
export const MAX_DECELERATION = 30;
/** Largest speed an action may ask for, m/s (540 km/h; the sampler's limit too). */
export const MAX_SPEED = 150;

/**
 * Distance covered along a path: nothing before `t0`, then from speed `v0` slowing at `decel`
 * (m/s², 0 = constant speed) to a standstill, never more than `limit` metres.
 */
export interface Profile {
  readonly t0: number;
  readonly v0: number;
  readonly decel: number;
  readonly limit: number;
}

/** Metres covered by time t: clamp(v0·τ − decel·τ²/2 (to its peak v0²/(2·decel)), 0, limit), τ = t − t0. */
export function covered(p: Profile, t: number): number {
  const tau = t - p.t0;
  if (tau <= 0) return 0;
  let c: number;
  if (p.decel > 0) {
    const tStop = p.v0 / p.decel;
    c = tau >= tStop ? (p.v0 * p.v0) / (2 * p.decel) : p.v0 * tau - 0.5 * p.decel * tau * tau;
  } else c = p.v0 * tau;
  return Math.min(c, p.limit);
}

/** Speed along the path at time t (right-continuous: a leg starting at t moves at v0 at t). */
export function profileSpeed(p: Profile, t: number): number {
  const tau = t - p.t0;
  if (tau < 0) return 0;
  if (covered(p, t) >= p.limit) return 0;
  return Math.max(0, p.v0 - p.decel * tau);
}

/** A lateral offset moving from `from` by `by` metres over [t0, t0 + duration] on a cosine ramp. */
export interface Ramp {
  readonly t0: number;
  readonly from: number;
  readonly by: number;
  readonly duration: number;
}

const constantRamp = (value: number): Ramp => ({ t0: 0, from: value, by: 0, duration: 1 });

function rampPhase(r: Ramp, t: number): number {
  return Math.min(1, Math.max(0, (t - r.t0) / r.duration));
}

/** Offset at time t: from + by·(1 − cos(π·u))/2, u = clamp((t − t0)/duration, 0, 1); exactly from + by at the end. */
export function rampValue(r: Ramp, t: number): number {
  if (r.by === 0) return r.from;
  const u = rampPhase(r, t);
  return u >= 1 ? r.from + r.by : r.from + (r.by * (1 - Math.cos(Math.PI * u))) / 2;
}

/** d(offset)/dt at time t, m/s. */
export function rampRate(r: Ramp, t: number): number {
  const u = rampPhase(r, t);
  if (r.by === 0 || u <= 0 || u >= 1) return 0;
  return ((r.by * Math.PI) / (2 * r.duration)) * Math.sin(Math.PI * u);
}

/** d²(offset)/dt² at time t, m/s² (0 outside the open ramp, like rampRate). */
export function rampAccel(r: Ramp, t: number): number {
  const u = rampPhase(r, t);
  if (r.by === 0 || u <= 0 || u >= 1) return 0;
  return ((r.by * Math.PI * Math.PI) / (2 * r.duration * r.duration)) * Math.cos(Math.PI * u);
}

/** d(speed)/dt along the path at time t, m/s² (−decel while slowing, else 0; same convention as profileSpeed). */
export function profileAccel(p: Profile, t: number): number {
  return p.decel > 0 && profileSpeed(p, t) > 0 ? -p.decel : 0;
}

/** Whether the ramp's value changes anywhere in (ta, tb]. */
function rampMoves(r: Ramp, ta: number, tb: number): boolean {
  return r.by !== 0 && tb > r.t0 && ta < r.t0 + r.duration;
}

/**
 * Where a leg runs.
 * - line: from the body centre `origin` (profile distance 0, lateral offset 0) along the unit
 *   direction (cos heading, sin heading); the lateral offset is to the left of that direction. The
 *   body faces `heading` once it has moved, `yawBefore` until then (a deer turns as it sets off).
 * - lane: along the road at lateral offset t (the ramp), in `direction` of s; `s` is the arc length
 *   where the profile had covered `d` metres (the anchor).
 */
type Path =
  | { readonly kind: 'line'; readonly x: number; readonly y: number; readonly heading: number; readonly yawBefore: number }
  | { readonly kind: 'lane'; readonly direction: 1 | -1; s: number; d: number };

/**
 * Body centre (z constant for a kinematic entity), yaw and speed at one instant, with the
 * instantaneous world velocity of the body centre (vx, vy; vz is always 0: kinematic motion is
 * horizontal) and the yaw rate. Velocity and yaw rate are the analytic time derivatives of the
 * leg's pose (see Mover.rates); |(vx, vy)| equals `speed`. The body turns about z only, so every
 * point on its vertical axis (the bottom centre too) has this same velocity.
 */
export interface Pose {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly yaw: number;
  readonly speed: number;
  /** d(x)/dt, d(y)/dt of the body centre, m/s (world frame, z up). */
  readonly vx: number;
  readonly vy: number;
  /** d(yaw)/dt, rad/s (0 where the yaw jumps, e.g. a deer turning as it sets off). */
  readonly yawRate: number;
}

/** Why an action's numbers are unusable, or null if they are fine. */
export function actionProblem(a: ActionSpec): string | null {
  const bad = (what: string, v: unknown, want: string) => `${what} must be ${want}, got ${String(v)}`;
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const speedOk = (v: unknown) => finite(v) && v >= 0 && v <= MAX_SPEED;
  switch (a?.kind) {
    case 'cross':
      if (!speedOk(a.speed)) return bad('speed', a.speed, `between 0 and ${MAX_SPEED} m/s`);
      if (!finite(a.heading)) return bad('heading', a.heading, 'a finite angle in radians');
      if (!(finite(a.distance) && a.distance >= 0)) return bad('distance', a.distance, 'a finite number of metres ≥ 0');
      return null;
    case 'brake':
      if (!(finite(a.deceleration) && a.deceleration > 0 && a.deceleration <= MAX_DECELERATION)) {
        return bad('deceleration', a.deceleration, `more than 0 and at most ${MAX_DECELERATION} m/s²`);
      }
      return null;
    case 'stop':
    case 'freeze':
    case 'graze':
    case 'release':
      return null;
    case 'follow':
      return typeof a.leader === 'string' && a.leader.length > 0 ? null : bad('leader', a.leader, 'an entity name');
    case 'speed':
      return speedOk(a.speed) ? null : bad('speed', a.speed, `between 0 and ${MAX_SPEED} m/s`);
    case 'swerve':
      if (!finite(a.offset)) return bad('offset', a.offset, 'a finite number of metres');
      if (!(finite(a.duration) && a.duration > 0)) return bad('duration', a.duration, 'a finite number of seconds > 0');
      return null;
    default:
      return `unknown action kind ${JSON.stringify((a as { kind?: unknown } | null)?.kind)}`;
  }
}

/** Yaw change (rad) a lateral rate adds to the direction of travel; at most 45° so a slow swerve does not turn the body sideways. */
function swerveYaw(latRate: number, speed: number): number {
  return latRate === 0 ? 0 : Math.atan2(latRate, Math.max(speed, Math.abs(latRate)));
}

/**
 * d/dt of swerveYaw(r, v) given r' (latAccel) and v' (accel): with m = max(v, |r|),
 * d atan2(r, m) = (m·r' − r·m') / (r² + m²); m' = v' while v ≥ |r|, else the angle is pinned at ±45°.
 */
function swerveYawRate(latRate: number, latAccel: number, speed: number, accel: number): number {
  if (latRate === 0 && latAccel === 0) return 0;
  if (speed < Math.abs(latRate)) return 0;
  const m = speed;
  const den = latRate * latRate + m * m;
  return den === 0 ? 0 : (m * latAccel - latRate * accel) / den;
}

/** Curvature dH/ds of the road's reference line at arc length s, 1/m (+ turning left; 0 on straights and past the ends). */
function roadCurvature(road: RoadSpec, s: number): number {
  const c = road.curve;
  if (!c) return 0;
  return s > c.start && s < c.start + c.radius * c.angle ? c.direction / c.radius : 0;
}

export class Mover {
  private path: Path;
  private profile: Profile;
  private ramp: Ramp;
  /** Body centre height: kinematic motion is horizontal. */
  private readonly z: number;
  /** The pose at `time` (the end of the latest step), and the lane arc length there. */
  private pose: Pose;
  private time = 0;
  private s = 0;
  /** Following a leader: its pose plus the offset held when following began. */
  private following: { readonly leader: Mover; readonly dx: number; readonly dy: number } | null = null;

  /**
   * The first leg from the entity's MotionSpec ('drive', 'walk', or 'static' for an entity that only
   * moves once a behaviour fires). `centre` is the body centre at t = 0.
   */
  constructor(
    private readonly road: RoadSpec,
    spec: EntitySpec,
    centre: readonly [number, number, number],
  ) {
    const [x, y, z] = centre;
    this.z = z;
    const m = spec.motion;
    const line = (heading: number): Path => ({ kind: 'line', x, y, heading, yawBefore: spec.yaw });
    if (m.kind === 'drive' && m.lane) {
      this.path = { kind: 'lane', direction: m.lane.direction, s: m.lane.s, d: 0 };
      this.s = m.lane.s;
      this.ramp = constantRamp(m.lane.t);
      this.profile = { t0: 0, v0: m.speed, decel: 0, limit: Infinity };
    } else if (m.kind === 'drive') {
      this.path = line(spec.yaw);
      this.ramp = constantRamp(0);
      this.profile = { t0: 0, v0: m.speed, decel: 0, limit: Infinity };
    } else if (m.kind === 'walk') {
      this.path = line(m.heading);
      this.ramp = constantRamp(0);
      this.profile = { t0: m.start, v0: m.speed, decel: 0, limit: m.distance };
    } else {
      this.path = line(spec.yaw);
      this.ramp = constantRamp(0);
      this.profile = { t0: 0, v0: 0, decel: 0, limit: 0 };
    }
    // The initial pose is the spec's (a lane follower placed slightly off its lane reaches the lane
    // in the first step, as before); its speed is the first leg's speed at t = 0.
    this.pose = { x, y, z, yaw: spec.yaw, speed: this.speedAt(0), ...this.rates(0, this.s, rampValue(this.ramp, 0)) };
  }

  /** The pose after the latest step (or the initial pose). */
  current(): Pose {
    return this.pose;
  }

  /** Pose at t1, the end of the coming step, which becomes the current pose. Call once per step, with increasing t1. */
  advance(t1: number): Pose {
    if (this.following) {
      // The leader moved first this step when declared earlier (the language requires that).
      const { leader, dx, dy } = this.following;
      const l = leader.current();
      // A rigid translation of the leader's pose: exactly the leader's velocity.
      const moving = l.speed > 0;
      this.pose = { x: l.x + dx, y: l.y + dy, z: this.z, yaw: moving ? l.yaw : this.pose.yaw, speed: l.speed, vx: l.vx, vy: l.vy, yawRate: moving ? l.yawRate : 0 };
      this.time = t1;
      return this.pose;
    }
    const d1 = covered(this.profile, t1);
    const lat1 = rampValue(this.ramp, t1);
    const latRate = rampRate(this.ramp, t1);
    const v1 = profileSpeed(this.profile, t1);
    const speed = latRate === 0 ? v1 : Math.hypot(v1, latRate);
    const path = this.path;
    let pose: Pose;
    if (path.kind === 'line') {
      const cx = Math.cos(path.heading);
      const cy = Math.sin(path.heading);
      pose = {
        x: path.x + d1 * cx - lat1 * cy,
        y: path.y + d1 * cy + lat1 * cx,
        z: this.z,
        yaw: d1 > 0 ? path.heading + swerveYaw(latRate, v1) : path.yawBefore,
        speed,
        ...this.rates(t1, 0, lat1),
      };
    } else {
      let s1: number;
      if (rampMoves(this.ramp, this.time, t1)) {
        // Swerving: step the arc length on at the step's mean offset, and re-anchor.
        const latMid = (rampValue(this.ramp, this.time) + lat1) / 2;
        s1 = laneAdvance(this.road, path.s, latMid, path.direction * (d1 - path.d));
        path.s = s1;
        path.d = d1;
      } else {
        s1 = laneAdvance(this.road, path.s, lat1, path.direction * (d1 - path.d));
      }
      const [x, y] = roadPoint(this.road, s1, lat1);
      const ahead = roadFrame(this.road, s1).heading + (path.direction < 0 ? Math.PI : 0);
      this.s = s1;
      pose = { x, y, z: this.z, yaw: ahead + path.direction * swerveYaw(latRate, v1), speed, ...this.rates(t1, s1, lat1) };
    }
    this.time = t1;
    this.pose = pose;
    return pose;
  }

  /**
   * Start the action's leg now (at the current pose's time, i.e. the start of the coming step).
   * Actions only change the plan: the current pose is untouched until the next advance().
   */
  apply(a: ActionSpec, moverOf: (name: string) => Mover | null = () => null): void {
    const now = this.time;
    this.following = null;
    switch (a.kind) {
      case 'follow': {
        const leader = moverOf(a.leader);
        if (!leader) return;
        const l = leader.current();
        this.following = { leader, dx: this.pose.x - l.x, dy: this.pose.y - l.y };
        return;
      }
      case 'cross':
        this.path = { kind: 'line', x: this.pose.x, y: this.pose.y, heading: a.heading, yawBefore: this.pose.yaw };
        this.ramp = constantRamp(0);
        this.profile = { t0: now, v0: a.speed, decel: 0, limit: a.distance };
        return;
      case 'brake':
        this.rebase({ t0: now, v0: profileSpeed(this.profile, now), decel: a.deceleration, limit: this.remaining() });
        return;
      case 'stop':
      case 'freeze':
      case 'graze':
        this.rebase({ t0: now, v0: 0, decel: 0, limit: 0 });
        this.ramp = constantRamp(rampValue(this.ramp, now));
        return;
      case 'speed':
        if (this.path.kind === 'lane') this.rebase({ t0: now, v0: a.speed, decel: 0, limit: Infinity });
        else if (profileSpeed(this.profile, now) > 0) this.rebase({ t0: now, v0: a.speed, decel: 0, limit: this.remaining() });
        else {
          // Standing: set off along the way it faces.
          this.path = { kind: 'line', x: this.pose.x, y: this.pose.y, heading: this.pose.yaw, yawBefore: this.pose.yaw };
          this.ramp = constantRamp(0);
          this.profile = { t0: now, v0: a.speed, decel: 0, limit: Infinity };
        }
        return;
      case 'swerve': {
        // + is to the left of the direction of travel: along +t on a lane driven with increasing s.
        const by = this.path.kind === 'lane' ? this.path.direction * a.offset : a.offset;
        if (this.path.kind === 'lane') this.anchorLane();
        this.ramp = { t0: now, from: rampValue(this.ramp, now), by, duration: a.duration };
        return;
      }
    }
  }

  /** Distance left before the current leg's limit (Infinity for drivers). */
  private remaining(): number {
    return this.profile.limit - covered(this.profile, this.time);
  }

  /** Pin the lane anchor to the current arc length and the current profile's distance. */
  private anchorLane(): void {
    if (this.path.kind !== 'lane') return;
    this.path.s = this.s;
    this.path.d = covered(this.profile, this.time);
  }

  /** Continue on the same path (and lateral ramp) from here with a new distance profile. */
  private rebase(profile: Profile): void {
    const p = this.path;
    if (p.kind === 'lane') {
      this.path = { kind: 'lane', direction: p.direction, s: this.s, d: 0 };
    } else {
      const c = covered(this.profile, this.time);
      this.path = {
        kind: 'line',
        x: p.x + c * Math.cos(p.heading),
        y: p.y + c * Math.sin(p.heading),
        heading: p.heading,
        yawBefore: this.pose.yaw,
      };
    }
    this.profile = profile;
  }

  /**
   * Velocity (m/s) and yaw rate (rad/s) of the current leg at time t, as analytic derivatives of the
   * pose (no finite differences). `s` is the lane arc length at t and `lat` the lateral offset (both
   * used only on a lane). With v = profileSpeed, r = rampRate:
   * - line: pose = origin + d·u + lat·n (u = (cos h, sin h), n = (−sin h, cos h)), so
   *   velocity = v·u + r·n: along the heading plus the swerve's sideways rate; yaw rate is the
   *   derivative of the swerve's yaw (0 before the entity has moved, while it faces yawBefore).
   * - lane: pose = P(s) + lat·N(s), with ds/dt = direction·v / (1 − κ·lat) (the lane-length factor
   *   of laneAdvance; κ the reference line's curvature), and N' = −κ·T, so
   *   velocity = direction·v·T(s) + r·N(s); yaw rate = κ·ds/dt + direction·d(swerve yaw)/dt.
   * In both, |velocity| = hypot(v, r) = the pose's speed. While a lane follower swerves, its arc
   * length is stepped (see advance); the velocity is still the continuous model's at (s, lat).
   */
  private rates(t: number, s: number, lat: number): { vx: number; vy: number; yawRate: number } {
    const v = profileSpeed(this.profile, t);
    const r = rampRate(this.ramp, t);
    const swerve = swerveYawRate(r, rampAccel(this.ramp, t), v, profileAccel(this.profile, t));
    const path = this.path;
    if (path.kind === 'line') {
      const cx = Math.cos(path.heading);
      const cy = Math.sin(path.heading);
      const moved = covered(this.profile, t) > 0;
      return { vx: v * cx - r * cy, vy: v * cy + r * cx, yawRate: moved ? swerve : 0 };
    }
    const h = roadFrame(this.road, s).heading;
    const tx = Math.cos(h);
    const ty = Math.sin(h);
    const along = path.direction * v;
    const k = roadCurvature(this.road, s);
    const sRate = k === 0 ? along : along / (1 - k * lat);
    return { vx: along * tx - r * ty, vy: along * ty + r * tx, yawRate: k * sRate + path.direction * swerve };
  }

  private speedAt(t: number): number {
    const v = profileSpeed(this.profile, t);
    const r = rampRate(this.ramp, t);
    return r === 0 ? v : Math.hypot(v, r);
  }
}
