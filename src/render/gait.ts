// Gaits: how far an animal's or a person's legs (and a person's arms) are swung, as a pure
// function of what kind of body it is, how far it has travelled and how fast it is going. No
// clock, no randomness: equal inputs give equal angles, so a frame rendered twice (or out of
// order, from a replayed state) is posed the same.
//
// The limbs of the animal and person models hang from joints named 'leg_fl', 'leg_fr', 'leg_hl',
// 'leg_hr' (front/hind, left/right) or 'leg_l', 'leg_r', 'arm_l', 'arm_r', at the hip or shoulder,
// and each leg's lower part from a joint at its knee (or hock) named 'knee_' + the same suffix
// (assets/models). A joint angle is the joint's rotation about its local y axis (the lateral
// axis; models face +x with z up): positive swings the far end back (-x), negative forward.
//
// - Stride (the distance covered by one full cycle of every leg) is a fixed multiple of the leg
//   length for each gait, and the leg length a fixed fraction of the body length for each kind:
//   the pose is periodic in distance with period = stride, and the legs never slip faster or
//   slower than the body moves within a gait.
// - The gait follows speed relative to size, through the Froude number v² / (g·leg length), as
//   real animals do: quadrupeds walk below 0.5, trot up to 2.5, then gallop (dogs bound); people
//   walk below 0.5 and run above. Near a change the two gaits are blended over ±10 % of the
//   speed, so poses never jump as speed crosses a threshold.
// - Each leg sweeps back at an even rate while its foot is down (stance, a `duty` share of the
//   cycle) and swings forward smoothly while it is up, folding at the knee to lift the foot (a
//   front knee or a person's knee folds the foot back, a hind hock folds it forward). Amplitudes
//   grow with the gait, and fade in from 0 at speed 0: a body at rest stands exactly in its
//   built pose (all angles 0). A person is built mid-stride; as the gait fades in, that lean is
//   undone so the limbs swing symmetrically about the vertical.
import type * as THREE from 'three';
import { personRestAngles } from '../assets/models/person.ts';

/** Joint name -> rotation about the joint's local y axis, radians (positive: foot back). */
export type JointAngles = Readonly<Record<string, number>>;

export type GaitName = 'rest' | 'walk' | 'trot' | 'gallop' | 'bound' | 'run';

/** One gait: how long its stride is, how far and how the limbs swing, and each limb's phase. */
interface Gait {
  readonly name: GaitName;
  /** Stride (one full cycle), in leg lengths. */
  readonly stride: number;
  /** Peak leg swing either side of the vertical, radians. */
  readonly amplitude: number;
  /** Peak arm swing (people), radians. */
  readonly arms: number;
  /** Peak knee fold in the middle of a leg's swing, radians. */
  readonly knee: number;
  /** Share of the cycle a foot is on the ground. */
  readonly duty: number;
  /**
   * Phase of each limb, in cycles: a limb with phase p is where a limb with phase 0 will be
   * p cycles later (it plants its foot p cycles earlier).
   */
  readonly phases: Readonly<Record<string, number>>;
}

interface Body {
  /** Hip height over body length (nose to tail; for people, head to toe). */
  readonly leg: number;
  /** Gaits from slow to fast, each taking over at the Froude number in `changes`. */
  readonly gaits: readonly Gait[];
  readonly changes: readonly number[];
}

const deg = (d: number): number => (d * Math.PI) / 180;

// Lateral-sequence walk: each hind foot is followed a quarter cycle later by the fore foot on its side.
const WALK: Gait = { name: 'walk', stride: 1.6, amplitude: deg(20), arms: 0, knee: deg(35), duty: 0.65, phases: { leg_fl: 0, leg_fr: 0.5, leg_hl: 0.25, leg_hr: 0.75 } };
// Diagonal pairs move together.
const TROT: Gait = { name: 'trot', stride: 2.4, amplitude: deg(27), arms: 0, knee: deg(55), duty: 0.45, phases: { leg_fl: 0, leg_hr: 0, leg_fr: 0.5, leg_hl: 0.5 } };
// Front pair and hind pair half a cycle apart, each pair with a small lead between its two feet.
const GALLOP: Gait = { name: 'gallop', stride: 3.6, amplitude: deg(36), arms: 0, knee: deg(70), duty: 0.3, phases: { leg_fl: 0, leg_fr: 0.08, leg_hl: 0.5, leg_hr: 0.58 } };
// Front pair together, hind pair together, half a cycle apart.
const BOUND: Gait = { ...GALLOP, name: 'bound', phases: { leg_fl: 0, leg_fr: 0, leg_hl: 0.5, leg_hr: 0.5 } };

// People: legs half a cycle apart, each arm swinging against the leg on its side.
const PERSON_WALK: Gait = { name: 'walk', stride: 1.6, amplitude: deg(22), arms: deg(18), knee: deg(50), duty: 0.6, phases: { leg_l: 0, leg_r: 0.5, arm_l: 0.5, arm_r: 0 } };
const PERSON_RUN: Gait = { name: 'run', stride: 2.8, amplitude: deg(36), arms: deg(34), knee: deg(85), duty: 0.38, phases: PERSON_WALK.phases };

const QUADRUPED = (leg: number, fast: Gait = GALLOP): Body => ({ leg, gaits: [WALK, TROT, fast], changes: [0.5, 2.5] });
const PERSON = (leg: number): Body => ({ leg, gaits: [PERSON_WALK, PERSON_RUN], changes: [0.5] });

/** Hip height / body length, measured on the models at their default sizes. */
const BODIES: Readonly<Record<string, Body>> = {
  deer: QUADRUPED(0.59),
  moose: QUADRUPED(0.47),
  boar: QUADRUPED(0.31),
  dog: QUADRUPED(0.4, BOUND),
  cow: QUADRUPED(0.4),
  horse: QUADRUPED(0.41),
  sheep: QUADRUPED(0.38),
  adult: PERSON(0.54),
  child: PERSON(0.51),
};

const PEOPLE = new Set(['adult', 'child']);
/** The lean of each built person limb (see personRestAngles). */
const PERSON_REST: Readonly<Record<string, JointAngles>> = { adult: personRestAngles('adult'), child: personRestAngles('child') };
const G = 9.81;
/** How a knee folds relative to the gait's knee amplitude: hocks fold the other way, and less. */
const KNEE_FOLD = (knee: string): number => (knee.startsWith('knee_h') ? -0.7 : 1);
/** Half-width of the speed band over which two gaits are blended, relative to the change speed. */
const BLEND = 0.1;
/** The swing fades in up to this share of the first gait-change speed. */
const FADE_IN = 0.4;

/** Model names (buildModel's resolved names) that have animated limbs. */
export const ANIMATED_MODELS: readonly string[] = Object.keys(BODIES);

export function isAnimated(model: string): boolean {
  return Object.hasOwn(BODIES, model);
}

/** The length strides scale with: nose to tail (size x) for animals, height (size z) for people. */
export function bodyLength(model: string, size: readonly [number, number, number]): number {
  return PEOPLE.has(model) ? size[2] : size[0];
}

/** Joint names of a model's limbs: hips and shoulders, then knees (empty for models without). */
export function jointNames(model: string): readonly string[] {
  const body = isAnimated(model) ? BODIES[model]! : null;
  if (!body) return [];
  const limbs = Object.keys(body.gaits[0]!.phases);
  return [...limbs, ...limbs.filter((j) => j.startsWith('leg_')).map((j) => j.replace('leg_', 'knee_'))];
}

/** Speeds (m/s) at which the gaits of `model` change, for a body of length `length`. */
export function gaitChanges(model: string, length: number): number[] {
  const body = BODIES[model];
  if (!body) return [];
  return body.changes.map((fr) => Math.sqrt(fr * G * body.leg * length));
}

/** Stride (one full cycle of every limb), metres, of `model` in `gait` at body length `length`. */
export function strideLength(model: string, gait: GaitName, length: number): number {
  const body = BODIES[model];
  const g = body?.gaits.find((x) => x.name === gait);
  if (!body || !g) throw new RangeError(`gait: '${model}' has no gait '${gait}'`);
  return g.stride * body.leg * length;
}

/** The gait `model` uses at `speed` m/s (the nearer one inside a blend band); 'rest' at 0. */
export function gaitOf(model: string, speed: number, length: number): GaitName {
  const body = BODIES[model];
  if (!body || !(Math.abs(speed) > 0)) return 'rest';
  const changes = gaitChanges(model, length);
  let i = 0;
  while (i < changes.length && Math.abs(speed) >= changes[i]!) i++;
  return body.gaits[i]!.name;
}

const smoothstep = (a: number, b: number, x: number): number => {
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
};

/**
 * Forward swing (-1 back .. +1 front) of a limb at cycle position `u` in [0, 1): the foot lands
 * in front at u = 0, sweeps back evenly until u = duty, then swings forward along a smooth curve.
 */
function legWave(u: number, duty: number): number {
  if (u < duty) return 1 - (2 * u) / duty;
  return -Math.cos((Math.PI * (u - duty)) / (1 - duty));
}

/** Knee fold (0 straight .. 1 fully folded) at cycle position `u`: only while the foot is up. */
function kneeWave(u: number, duty: number): number {
  return u < duty ? 0 : Math.sin((Math.PI * (u - duty)) / (1 - duty));
}

/** Arm swing (-1 back .. +1 front): a plain pendulum. */
function armWave(u: number): number {
  return Math.cos(2 * Math.PI * u);
}

/**
 * Joint angles of `model` (a buildModel name) that has travelled `distance` metres along the
 * ground (signed: backwards counts down, and runs the cycle backwards) and now moves at `speed`
 * m/s, for a body of length `length` m (see bodyLength). Every joint of the model is present;
 * all are 0 at speed 0 (and for models without limbs the result is empty).
 */
export function gaitAngles(model: string, distance: number, speed: number, length: number): JointAngles {
  const body = BODIES[model];
  if (!body) return {};
  const v = Math.abs(speed);
  const changes = gaitChanges(model, length);
  // Weight of each gait: 1 inside its band, cross-faded around every change speed.
  const weights = body.gaits.map((_, i) => {
    const up = i > 0 ? smoothstep(changes[i - 1]! * (1 - BLEND), changes[i - 1]! * (1 + BLEND), v) : 1;
    const down = i < changes.length ? 1 - smoothstep(changes[i]! * (1 - BLEND), changes[i]! * (1 + BLEND), v) : 1;
    return up * down;
  });
  const fade = v > 0 && Number.isFinite(length) && length > 0 ? smoothstep(0, FADE_IN * changes[0]!, v) : 0;
  const rest = PERSON_REST[model];
  const d = Number.isFinite(distance) ? distance : 0;

  const out: Record<string, number> = {};
  for (const joint of jointNames(model)) {
    const knee = joint.startsWith('knee_');
    const limb = knee ? joint.replace('knee_', 'leg_') : joint;
    let turn = 0;
    if (fade > 0) {
      body.gaits.forEach((g, i) => {
        const w = weights[i]!;
        if (w <= 0) return;
        const cycles = d / (g.stride * body.leg * length) + g.phases[limb]!;
        const u = cycles - Math.floor(cycles);
        // A forward swing is a negative turn about +y; a front knee folds the foot back (positive).
        if (knee) turn += w * KNEE_FOLD(joint) * g.knee * kneeWave(u, g.duty);
        else if (joint.startsWith('arm_')) turn -= w * g.arms * armWave(u);
        else turn -= w * g.amplitude * legWave(u, g.duty);
      });
    }
    const angle = fade * (turn - (rest?.[joint] ?? 0));
    out[joint] = angle === 0 ? 0 : angle; // no -0
  }
  return out;
}

/** Joints found under each posed model, by name (looked up once per model). */
const jointCache = new WeakMap<THREE.Object3D, Map<string, THREE.Object3D>>();

function jointsOf(model: THREE.Object3D): Map<string, THREE.Object3D> {
  let joints = jointCache.get(model);
  if (!joints) {
    const found = new Map<string, THREE.Object3D>();
    model.traverse((o) => {
      if (o !== model && /^(leg|knee|arm)_/.test(o.name) && !found.has(o.name)) found.set(o.name, o);
    });
    jointCache.set(model, (joints = found));
  }
  return joints;
}

/**
 * Pose the limbs of `model` (a buildModel group, or anything holding the named joints): each
 * joint named in `angles` is rotated about its local y axis to that angle; joints the model lacks
 * are ignored. Matrices update at the next render or updateMatrixWorld().
 */
export function poseLegs(model: THREE.Object3D, angles: JointAngles): void {
  const joints = jointsOf(model);
  for (const [name, angle] of Object.entries(angles)) {
    const joint = joints.get(name);
    if (joint) joint.rotation.set(0, angle, 0);
  }
}
