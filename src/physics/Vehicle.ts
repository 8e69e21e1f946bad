// A road vehicle as a cannon-es raycast vehicle: a chassis box of the entity's size on four
// sprung wheels, driven by a simple driver model. Steering is pure pursuit of a point ahead on
// its lane; speed is held by engine force; braking asks for a deceleration. Grip is the road's
// friction coefficient µ: brake impulses are clamped by hand to µ·N·dt per wheel, because
// cannon's own friction limit is skipped when a wheel has no side impulse (straight braking)
// (docs/engine-notes.md). Sideways grip is cannon's, limited by the same µ.
import { Body, Box, Quaternion as CQuat, RaycastVehicle, Vec3 as CVec3, type World } from 'cannon-es';
import { quatFromYaw } from '../core/index.ts';
import type { EntitySpec, RoadSpec } from '../scenario/SceneSpec.ts';
import { laneAdvance, roadFrame, roadPoint } from '../scenario/roadGeometry.ts';

export interface LanePath {
  readonly s: number;
  readonly t: number;
  readonly direction: 1 | -1;
}

/** Pose of the entity box: bottom centre, orientation and speed. */
export interface VehiclePose {
  readonly position: [number, number, number];
  readonly quaternion: [number, number, number, number];
  readonly speed: number;
}

const G = 9.81;
const WHEEL_RADIUS = 0.33;
const REST_LENGTH = 0.3;
/** Suspension stiffness per unit chassis mass (cannon's convention), 1/s². */
const STIFFNESS = 35;
/** Static sag per wheel under a quarter of the weight: g / (4k). */
const SAG = G / (4 * STIFFNESS);
/** Most engine acceleration the driver asks for, m/s². */
const MAX_ACCEL = 3;
/** Speed controller gain: asked acceleration per m/s of speed error, 1/s. */
const SPEED_GAIN = 1.5;
const MAX_STEER = 0.55;

export class Vehicle {
  readonly chassis: Body;
  readonly car: RaycastVehicle;
  private readonly mass: number;
  private readonly halfHeight: number;
  private readonly wheelbase: number;
  private targetSpeed: number;
  /** Asked deceleration, m/s² (null: not braking). */
  private decel: number | null = null;
  /** Lateral offset ramp for swerves: from, by, start time, duration. */
  private ramp = { from: 0, by: 0, t0: 0, duration: 1 };
  /** Lane arc length near the car, advanced as it drives (for the pursuit point). */
  private s: number;

  constructor(
    world: World,
    readonly spec: EntitySpec,
    private readonly road: RoadSpec,
    private readonly lane: LanePath | null,
    private readonly mu: number,
    mass: number,
    collision: { group: number; mask: number },
  ) {
    const [l, w, h] = spec.size;
    this.mass = mass;
    this.halfHeight = h / 2;
    this.wheelbase = l * 0.6;
    this.targetSpeed = spec.motion.kind === 'drive' ? spec.motion.speed : 0;
    this.s = lane?.s ?? 0;
    this.ramp.from = lane?.t ?? 0;
    this.chassis = new Body({
      mass,
      shape: new Box(new CVec3(l / 2, w / 2, h / 2)),
      linearDamping: 0, // no hidden drag: braking distances are µ's alone
      angularDamping: 0.05,
      collisionFilterGroup: collision.group,
      collisionFilterMask: collision.mask,
    });
    // Box centre half a height above the ground: wheels hold it there at static sag.
    this.chassis.position.set(spec.position[0], spec.position[1], spec.position[2] + h / 2);
    const [qx, qy, qz, qw] = quatFromYaw(spec.yaw);
    this.chassis.quaternion.set(qx, qy, qz, qw);
    this.chassis.velocity.set(this.targetSpeed * Math.cos(spec.yaw), this.targetSpeed * Math.sin(spec.yaw), 0);
    this.car = new RaycastVehicle({ chassisBody: this.chassis, indexForwardAxis: 0, indexRightAxis: 1, indexUpAxis: 2 });
    const connZ = WHEEL_RADIUS + REST_LENGTH - SAG - h / 2;
    const track = w * 0.42;
    for (const [x, y] of [
      [this.wheelbase / 2, track],
      [this.wheelbase / 2, -track],
      [-this.wheelbase / 2, track],
      [-this.wheelbase / 2, -track],
    ] as const) {
      this.car.addWheel({
        radius: WHEEL_RADIUS,
        directionLocal: new CVec3(0, 0, -1),
        axleLocal: new CVec3(0, 1, 0),
        suspensionStiffness: STIFFNESS,
        suspensionRestLength: REST_LENGTH,
        maxSuspensionTravel: 0.3,
        dampingRelaxation: 2.3,
        dampingCompression: 4.4,
        maxSuspensionForce: 1e9,
        frictionSlip: mu,
        rollInfluence: 0.05,
        chassisConnectionPointLocal: new CVec3(x, y, connZ),
        useCustomSlidingRotationalSpeed: true,
        customSlidingRotationalSpeed: -30,
      });
    }
    this.car.addToWorld(world);
  }

  /** Ask for a deceleration (m/s²) until stopped; beyond µ·g the wheels lock and the car slides. */
  brake(deceleration: number): void {
    this.decel = deceleration;
    this.targetSpeed = 0;
  }

  /** Drive on at a new target speed (m/s). */
  setSpeed(speed: number): void {
    this.decel = null;
    this.targetSpeed = speed;
  }

  /** Move the lane offset by `by` metres (+ left) over `duration` seconds, from time `now`. */
  swerve(by: number, duration: number, now: number): void {
    const from = this.offsetAt(now);
    this.ramp = { from, by: this.lane ? this.lane.direction * by : by, t0: now, duration };
  }

  private offsetAt(t: number): number {
    const r = this.ramp;
    const u = Math.min(1, Math.max(0, (t - r.t0) / r.duration));
    return r.from + r.by * (1 - Math.cos(Math.PI * u)) / 2;
  }

  speed(): number {
    const v = this.chassis.velocity;
    return Math.sqrt(v.x * v.x + v.y * v.y + v.z * v.z);
  }

  /** Set steering, engine and brakes for the step starting at `now`. */
  control(now: number, dt: number): void {
    const v = this.speed();
    const forward = this.chassis.quaternion.vmult(new CVec3(1, 0, 0));
    const vAlong = this.chassis.velocity.dot(forward);

    // Steering: pure pursuit of a point on the lane a speed-dependent distance ahead.
    let steer = 0;
    if (this.lane) {
      const look = Math.max(6, 0.9 * Math.abs(vAlong));
      // Keep s near the car: advance it by the distance driven along the lane this step.
      this.s = laneAdvance(this.road, this.s, this.lane.t, this.lane.direction * Math.abs(vAlong) * dt);
      const target = laneAdvance(this.road, this.s, this.lane.t, this.lane.direction * look);
      const [tx, ty] = roadPoint(this.road, target, this.offsetAt(now + look / Math.max(1, Math.abs(vAlong))));
      const p = this.chassis.position;
      const heading = Math.atan2(forward.y, forward.x);
      const alpha = Math.atan2(ty - p.y, tx - p.x) - heading;
      const a = Math.atan2(Math.sin(alpha), Math.cos(alpha));
      steer = Math.max(-MAX_STEER, Math.min(MAX_STEER, Math.atan2(2 * this.wheelbase * Math.sin(a), look)));
    }
    this.car.setSteeringValue(steer, 0);
    this.car.setSteeringValue(steer, 1);

    // Speed: engine force for the target, or brake impulses for the asked deceleration.
    let accel = 0;
    let want = 0; // asked deceleration
    if (this.decel !== null) want = v > 0.05 ? this.decel : 50; // hold the car once stopped
    else {
      accel = Math.max(-4, Math.min(MAX_ACCEL, SPEED_GAIN * (this.targetSpeed - vAlong)));
      if (accel < 0) {
        want = -accel;
        accel = 0;
      }
    }
    for (let i = 0; i < 4; i++) {
      const wheel = this.car.wheelInfos[i]!;
      // cannon: engine force along the wheel's forward axis is -value for +x travel with this setup.
      this.car.applyEngineForce(-(this.mass * accel) / 4, i);
      const grip = this.mu * wheel.suspensionForce * dt;
      const demand = (this.mass * want * dt) / 4;
      // More than grip cannot be had: the tyre is at its limit and the car slides (on ice, long).
      this.car.setBrake(want > 0 ? Math.min(demand, grip) : 0, i);
    }
  }

  pose(): VehiclePose {
    const c = this.chassis;
    const down = c.quaternion.vmult(new CVec3(0, 0, -this.halfHeight));
    const q = c.quaternion as CQuat;
    return { position: [c.position.x + down.x, c.position.y + down.y, c.position.z + down.z], quaternion: [q.x, q.y, q.z, q.w], speed: this.speed() };
  }

  /** The lane's heading at the car, radians (for tests and labels). */
  laneHeading(): number {
    return roadFrame(this.road, this.s).heading + (this.lane && this.lane.direction < 0 ? Math.PI : 0);
  }
}
