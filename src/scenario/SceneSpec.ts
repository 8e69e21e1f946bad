// SceneSpec: the contract between sampling and everything downstream (physics, render, capture).
// Plain JSON: every random value is resolved, so it can be structured-cloned to a worker, saved
// next to a data set, and replayed without the scenario file or the seed.
import type { ModelVariant, Vec3 } from '../core/index.ts';

export const SCENE_SPEC_FORMAT = 'longtail.scenespec/1';

export interface CurveSpec {
  /** Arc length where the bend begins, metres. */
  readonly start: number;
  /** Radius of the bend, metres. */
  readonly radius: number;
  /** How far it turns, radians (> 0). */
  readonly angle: number;
  /** 1 bends left, -1 bends right. */
  readonly direction: 1 | -1;
}

/** A straight road crossing the main one at an intersection. */
export interface CrossRoadSpec {
  /** Arc length along the main road where the roads cross, metres. */
  readonly at: number;
  /** Angle from the main road's direction there to the crossing road's, radians (+ counter-clockwise). */
  readonly angle: number;
  readonly lanes: number;
  readonly laneWidth: number;
  readonly oncoming: number;
  readonly shoulder: number;
  /** Length on each side of the junction, metres. */
  readonly length: number;
}

/** A run of guardrail along one side of the road, between arc lengths `from` and `to` (metres). */
export interface GuardrailSpec {
  readonly side: 'left' | 'right';
  readonly from: number;
  readonly to: number;
}

/**
 * Scenery beside the road (render/roadside.ts). Look only: the physics does not know it. Where each
 * tree, bush, pole and sign stands is drawn from SceneSpec.seed, clear of every entity.
 */
export interface RoadsideSpec {
  /**
   * 'none': bare terrain; 'open': fields with bushes, a few trees, poles and signs; 'trees':
   * scattered trees and bushes, poles and signs; 'forest': a dense tree line, signs.
   */
  readonly vegetation: 'none' | 'open' | 'trees' | 'forest';
  readonly guardrails: readonly GuardrailSpec[];
}

export interface RoadSpec {
  readonly kind: 'straight' | 'curve' | 'intersection';
  /** The bend of a curve road (null for straight). Geometry: roadGeometry.ts. */
  readonly curve: CurveSpec | null;
  /** Number of lanes. Lane 1 is the rightmost in the +x direction (right-hand traffic). */
  readonly lanes: number;
  /** Lane width, metres. */
  readonly laneWidth: number;
  /** Road length along its reference line from s = 0, metres. */
  readonly length: number;
  /** Paved shoulder width on each side, metres. */
  readonly shoulder: number;
  /** How many lanes (counted from the left) carry traffic in -x. */
  readonly oncoming: number;
  /** Road surface: tyre grip for physical vehicles (dry µ 0.8, wet 0.5, snow 0.3, ice 0.1). Absent: dry. */
  readonly surface?: 'dry' | 'wet' | 'snow' | 'ice';
  /** The crossing road of an intersection (null otherwise). Geometry: roadGeometry.ts. */
  readonly cross: CrossRoadSpec | null;
  /** Where s = 0 is and which way the road starts, [x, y, heading]; absent: the origin, along +x. */
  readonly origin?: readonly [number, number, number];
  /** Roadside scenery; absent: none (bare terrain). */
  readonly roadside?: RoadsideSpec;
  /** Lane-marking wear, 0 fresh paint .. 1 mostly worn away; absent: 0. */
  readonly markingWear?: number;
}

export interface EnvironmentSpec {
  /** Local solar clock time, seconds since midnight. */
  readonly timeOfDay: number;
  /** Day of the year 1..365, for the sun's declination. */
  readonly dayOfYear: number;
  /** Calendar year (the moon's phase depends on it); 2026 when the date gives none. */
  readonly year: number;
  /** Latitude, radians. */
  readonly latitude: number;
  /** Exponential-squared fog density, 1/metres (0 = clear). */
  readonly fogDensity: number;
  /** Cloud cover 0..1 (dims the sun). */
  readonly clouds: number;
  /** Rain intensity 0..1. */
  readonly rain: number;
  /** Snowfall intensity 0..1. */
  readonly snow: number;
  /** Road wetness 0..1 (0 dry, 1 standing water). */
  readonly wetness: number;
  /** Wind speed, m/s. */
  readonly wind: number;
  /**
   * Heading the wind blows towards, radians in (-pi, pi]: 0 along +x, counter-clockwise (like an
   * entity's yaw). Absent (hand-made specs): 0.
   */
  readonly windDirection?: number;
  /**
   * Ground fog: the fog's scale height, metres. Its density is fogDensity at the road (z = 0) and
   * falls by a factor e for every fogHeight metres above it. Absent: the same density at every height.
   */
  readonly fogHeight?: number;
  /** Street lamps along the road. */
  readonly streetLamps: boolean;
}

/** How an entity moves. The physics worker turns these into bodies and drives them each step. */
export type MotionSpec =
  | { readonly kind: 'static' }
  /** Rigid body under gravity (props that can be pushed or fall). */
  | { readonly kind: 'dynamic' }
  /**
   * Drive at constant speed (m/s). With `lane`, follow the road at lateral offset `t` from arc
   * length `s` in `direction` (+1 with increasing s, -1 against); without, straight along the yaw.
   */
  | {
      readonly kind: 'drive';
      readonly speed: number;
      readonly lane: { readonly s: number; readonly t: number; readonly direction: 1 | -1; readonly road?: 'main' | 'cross' } | null;
      /**
       * Physical driving: a raycast vehicle on sprung wheels with tyre grip limited by the road
       * surface, steered and throttled by a driver model. Absent or false: the exact scripted path.
       */
      readonly physical?: boolean;
    }
  /** Stand still until `start` (s), then walk at `speed` (m/s) along `heading` (rad) for `distance` (m), then stop. */
  | {
      readonly kind: 'walk';
      readonly speed: number;
      readonly heading: number;
      readonly start: number;
      readonly distance: number;
    }
  /**
   * Ride on `carrier` (an entity name): the bottom centre is at `offset` [x forward, y left, z up]
   * from the carrier's bottom centre in the carrier's frame, the heading `yawOffset` (rad) from the
   * carrier's, until a `release` action drops it. Kinematic while carried; from the release on a
   * dynamic body that starts with the carrier's velocity and angular velocity at that instant.
   */
  | {
      readonly kind: 'carried';
      readonly carrier: string;
      readonly offset: readonly [number, number, number];
      readonly yawOffset: number;
    };

export interface EntitySpec {
  /** Instance id, 1..65535, unique in the scene; stable for the whole sequence. */
  readonly id: number;
  readonly name: string;
  /** Label class name from core CLASSES (what the labels say it is). */
  readonly cls: string;
  /** Model name from core MODELS (what it looks like: sedan, van, child, ...). */
  readonly model: string;
  /** Box size [length along local x, width along local y, height along local z], metres. */
  readonly size: Vec3;
  /**
   * Bottom centre of the box in world coordinates at t = 0, metres. For a 'carried' entity, the
   * carrier's pose composed with the offset (the physics recomputes it from the carrier).
   */
  readonly position: Vec3;
  /** Heading about +z, radians (0 = along +x, the road direction). */
  readonly yaw: number;
  /** Body colour, sRGB 0..1. */
  readonly color: Vec3;
  /** Look choices beyond size and colour (body style, antlers, ...); absent: the model's defaults. */
  readonly variant?: ModelVariant;
  readonly motion: MotionSpec;
  /** Headlights: off, low beam or high beam (vehicles). */
  readonly lights: 'off' | 'low' | 'high';
  /** Hazard lights: every indicator blinks at 1.5 Hz, lit the first half of each period (absent: off). */
  readonly hazards?: boolean;
  /** One side's indicators blink (absent: none); hazards win when both are given. */
  readonly indicator?: 'left' | 'right';
  /**
   * A user's glTF model drawn instead of the built-in one (absent: the built-in model). The
   * renderer turns it to Longtail axes (glTF front +z → x, up +y → z), then by `yaw` about z
   * (radians: 0, π/2, π or 3π/2), and stretches its bounding box onto `size` exactly; the sampler
   * has already chosen `size` by `mesh_fit`. The class and labels stay the entity's.
   */
  readonly mesh?: { readonly path: string; readonly sha256: string; readonly yaw: number };
}

export interface CameraSpec {
  readonly name: string;
  /** Name of the entity the camera rides on. */
  readonly mount: string;
  /** Camera centre in the mount's frame (x forward, y left, z up from its bottom centre), metres. */
  readonly offset: Vec3;
  /** Downward tilt, radians (positive looks down). */
  readonly pitch: number;
  /** Turn left of the mount's forward, radians (positive looks left). */
  readonly yaw: number;
  /** Horizontal field of view, radians. */
  readonly hfov: number;
  readonly width: number;
  readonly height: number;
  /** Frames per second captured. */
  readonly fps: number;
  readonly near: number;
  readonly far: number;
  /** What makes the RGB image imperfect like a real camera's (labels are never touched). Absent: DEFAULT_CAMERA_EFFECTS. */
  readonly effects?: CameraEffectsSpec;
}

/**
 * The camera's imperfections, applied to the RGB image only, in this order: motion blur, lens
 * drops, flare, lens dirt, vignetting, exposure, sensor noise, tone mapping, compression.
 * Strengths are 0 (off) to 1 (the worst camera); docs/language.md gives each one's model.
 */
export interface CameraEffectsSpec {
  /** 'auto': metered from each frame's light (log-average luminance); 'fixed': the renderer's reference exposure. */
  readonly exposure: 'auto' | 'fixed';
  /** Exposure compensation on top of either, stops (EV): +1 doubles the light. */
  readonly ev: number;
  /** Sensor noise: shot noise (grows with the square root of the signal) plus read noise, amplified by the exposure gain. */
  readonly noise: number;
  /** Shutter open for this fraction of the frame interval: blur along each pixel's motion. */
  readonly motionBlur: number;
  /** Glare from bright lights: bloom, ghosts, a streak. */
  readonly flare: number;
  /** Raindrops on the lens (more when it rains). */
  readonly lensDrops: number;
  /** Dust and smudges on the lens: a veil, and glow around bright lights. */
  readonly lensDirt: number;
  /** Darkening towards the corners: 1 is the full cos⁴ falloff of the field angle. */
  readonly vignetting: number;
  /** JPEG-like 8×8 block DCT quantisation: quality 100 − 95 × compression. */
  readonly compression: number;
}

/** Effects of a camera that declares none: metered exposure, nothing else. */
export const DEFAULT_CAMERA_EFFECTS: CameraEffectsSpec = {
  exposure: 'auto',
  ev: 0,
  noise: 0,
  motionBlur: 0,
  flare: 0,
  lensDrops: 0,
  lensDirt: 0,
  vignetting: 0,
  compression: 0,
};

/** A number a condition compares, evaluated every physics step. */
export type ValueSpec =
  /** Simulated seconds since the start. */
  | { readonly kind: 'time' }
  /** Metres between two entities' bottom centres (3D). */
  | { readonly kind: 'distance'; readonly a: string; readonly b: string }
  /** An entity's speed, m/s. */
  | { readonly kind: 'speed'; readonly entity: string }
  | { readonly kind: 'const'; readonly value: number };

/** A condition on the simulated state, evaluated after every physics step. */
export type ConditionSpec =
  | { readonly kind: 'compare'; readonly op: '<' | '<=' | '>' | '>=' | '==' | '!='; readonly left: ValueSpec; readonly right: ValueSpec }
  | { readonly kind: 'and' | 'or'; readonly left: ConditionSpec; readonly right: ConditionSpec }
  | { readonly kind: 'not'; readonly operand: ConditionSpec }
  /**
   * The entity's bottom centre is over the paved road (|t| ≤ lanes × lane width / 2) and the entity
   * is not raised above it: the lowest corner of its box is at most 0.3 m above z = 0
   * (a load still on its truck is not on the road).
   */
  | { readonly kind: 'onRoad'; readonly entity: string }
  /** The named event has happened (at or before this step). */
  | { readonly kind: 'event'; readonly name: string }
  /**
   * A collision between `a` and `b` (entity names, either order; null = any entity) has been
   * recorded at or before this step (see PhysicsWorld: collisions).
   */
  | { readonly kind: 'collision'; readonly a: string | null; readonly b: string | null }
  | { readonly kind: 'const'; readonly value: boolean };

/** When a behaviour starts: at a time, or the first step a condition holds. */
export type TriggerSpec =
  | { readonly kind: 'at'; readonly time: number }
  /** `delay`: seconds from the condition first holding to acting (a driver's reaction time); absent: 0. */
  | { readonly kind: 'when'; readonly condition: ConditionSpec; readonly delay?: number };

/** What an entity does once its trigger fires. */
export type ActionSpec =
  /** Walk straight along `heading` (rad) at `speed` (m/s) for `distance` (m), then stand. */
  | { readonly kind: 'cross'; readonly speed: number; readonly heading: number; readonly distance: number }
  /** Decelerate at `deceleration` (m/s²) to a standstill, staying on course. */
  | { readonly kind: 'brake'; readonly deceleration: number }
  /** Stand still at once (people and animals; vehicles use brake). */
  | { readonly kind: 'stop' }
  /** Stop moving and stay (an animal frozen in the headlights). */
  | { readonly kind: 'freeze' }
  /** Stand and graze (an animal at the roadside): no motion; the look is the renderer's. */
  | { readonly kind: 'graze' }
  /** Move with `leader` (entity name), keeping the offset it had when this started (a herd). */
  | { readonly kind: 'follow'; readonly leader: string }
  /** Move on at a new speed (m/s) along the current path or heading (run, speed up, slow down). */
  | { readonly kind: 'speed'; readonly speed: number }
  /** Shift the lane offset by `offset` metres (+ left) over `duration` seconds (a swerve). */
  | { readonly kind: 'swerve'; readonly offset: number; readonly duration: number }
  /** Drop a 'carried' entity: from now on a dynamic body (it falls, tumbles and can be hit). */
  | { readonly kind: 'release' };

export interface BehaviourSpec {
  /** Entity name. */
  readonly entity: string;
  readonly action: ActionSpec;
  readonly trigger: TriggerSpec;
}

export interface EventSpec {
  readonly name: string;
  /** The event happens at the first step this holds. */
  readonly condition: ConditionSpec;
}

/** Frames to keep around an event: from `before` seconds before it to `after` seconds after. */
export interface CaptureWindowSpec {
  readonly event: string;
  readonly before: number;
  readonly after: number;
}

export interface SceneSpec {
  readonly format: typeof SCENE_SPEC_FORMAT;
  /** Scenario name (from the file's `scenario` line or its file name). */
  readonly name: string;
  /** Scenario source path as given, for the record. */
  readonly source: string;
  readonly seed: number;
  /** Simulated duration, seconds. */
  readonly duration: number;
  /** Fixed physics rate, steps per second. */
  readonly physicsHz: number;
  readonly road: RoadSpec;
  readonly environment: EnvironmentSpec;
  /** Entities in declaration order (ids 1..n in that order). */
  readonly entities: readonly EntitySpec[];
  readonly cameras: readonly CameraSpec[];
  /** Triggered behaviours; each fires once, at the first step its trigger holds. */
  readonly behaviours: readonly BehaviourSpec[];
  /** Named events, recorded with the time they first hold. */
  readonly events: readonly EventSpec[];
  /** The simulation may end early, at the first step this holds (null: at `duration`). */
  readonly end: ConditionSpec | null;
  /** Capture only around an event (null: every frame). */
  readonly window: CaptureWindowSpec | null;
}

/** Number of frames a camera captures over the scene's duration (frame 0 at t = 0). */
export function frameCount(spec: SceneSpec, camera: CameraSpec = spec.cameras[0]!): number {
  return Math.max(1, Math.floor(spec.duration * camera.fps + 1e-9));
}

/** Physics steps from t = 0 to frame `index` of a camera: exact integers, no drift. */
export function stepsToFrame(spec: SceneSpec, camera: CameraSpec, index: number): number {
  return Math.round((index * spec.physicsHz) / camera.fps);
}

/**
 * Packed body state, the physics → render/capture contract: per entity in spec order, 11 floats
 * [x, y, z, qx, qy, qz, qw, speed, vx, vy, vz]:
 * - 0..2  x, y, z: the box's bottom centre, world metres (z up);
 * - 3..6  qx, qy, qz, qw: orientation (unit quaternion, body → world);
 * - 7     speed, m/s (≥ 0): for a kinematic entity its motion's instantaneous speed, else |velocity|
 *         (a carried load: the distance it moved in the latest step / dt);
 * - 8..10 vx, vy, vz: world velocity of the body's centre (the box centre, NOT the bottom
 *         centre), m/s, z up. For a body turning only about z (every kinematic entity and its
 *         loads) the two are equal; they differ by ω × (centre − bottom centre) for a rolling or
 *         pitching body. Kinematic motion: the analytic derivative of the motion (|v| = speed,
 *         pointing where the pose moves, not necessarily the heading); carried loads: the
 *         carrier's rigid-body velocity at the load's centre; cannon-integrated bodies (dynamic,
 *         released loads, physical vehicles): the cannon body velocity. Details:
 *         PhysicsWorld.velocityOf.
 */
export const STATE_STRIDE = 11;
