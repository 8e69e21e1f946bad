// People, mid-stride and facing +x: shoes, trousered legs, jacket torso in the entity colour,
// swinging arms, head with hair and a nose. One rig serves both: the adult is built at about
// 0.5 x 0.6 x 1.75 m; the child (about 0.35 x 0.4 x 1.15 m) is the same rig with the body below
// the neck shrunk more than the head, so the head is proportionally bigger and the limbs shorter.
// Each leg hangs from a joint at its hip ('leg_l', 'leg_r') with its shin and shoe on a joint at
// the knee ('knee_l', 'knee_r'), and each arm from one at its shoulder ('arm_l', 'arm_r'):
// rotating a joint about its local y axis swings what hangs from it (render/gait.ts).
import type * as THREE from 'three';
import type { ModelVariant } from '../../core/index.ts';
import { Parts, srgb, standard, type P3, type Rgb } from './common.ts';

interface Build {
  /** Vertical scale of everything below the neck. */
  readonly bz: number;
  /** Horizontal scale of everything below the neck. */
  readonly bxy: number;
  /** Scale of limb and torso radii. */
  readonly br: number;
  /** Uniform scale of the head (about the top of the neck). */
  readonly hs: number;
}

const ADULT: Build = { bz: 1, bxy: 1, br: 1, hs: 1 };
const CHILD: Build = { bz: 0.625, bxy: 0.68, br: 0.72, hs: 0.88 };

/** Top of the neck in the adult rig: the head is scaled about it. */
const NECK_TOP: P3 = [0.01, 0, 1.53];

interface Leg {
  readonly joint: string;
  readonly kneeJoint: string;
  readonly hip: P3;
  readonly knee: P3;
  readonly ankle: P3;
  readonly shoe: P3;
  readonly pitch: number;
}

/** Legs (adult rig): left (+y) forward, right (-y) back, heel lifted. */
const LEGS: readonly Leg[] = [
  { joint: 'leg_l', kneeJoint: 'knee_l', hip: [0.0, 0.09, 0.93], knee: [0.09, 0.09, 0.5], ankle: [0.13, 0.09, 0.09], shoe: [0.17, 0.09, 0.045], pitch: 0 },
  { joint: 'leg_r', kneeJoint: 'knee_r', hip: [0.0, -0.09, 0.93], knee: [-0.05, -0.09, 0.5], ankle: [-0.15, -0.09, 0.11], shoe: [-0.12, -0.09, 0.06], pitch: 0.3 },
];

/** Arms (adult rig), shoulder, elbow, wrist: left swings back, right forward (opposite to the legs). */
const ARMS: ReadonlyArray<readonly [string, P3, P3, P3]> = [
  ['arm_l', [0, 0.2, 1.4], [-0.08, 0.24, 1.14], [-0.13, 0.255, 0.9]],
  ['arm_r', [0, -0.2, 1.4], [0.07, -0.24, 1.14], [0.15, -0.255, 0.92]],
];

/**
 * How far each joint of the built (mid-stride) rig is already turned, as a rotation about the
 * lateral y axis, radians (positive: the far end back, -x): for a hip, the thigh's lean from
 * hanging straight down; for a knee, the shin's lean relative to the thigh (its bend); for a
 * shoulder, the lean of the line to the wrist. Turning each joint by -rest stands the person
 * straight, so a gait can swing the limbs symmetrically about the vertical.
 */
export function personRestAngles(model: 'adult' | 'child'): Readonly<Record<string, number>> {
  const k = model === 'child' ? CHILD : ADULT;
  const lean = (top: P3, end: P3): number => -Math.atan2((end[0] - top[0]) * k.bxy, (top[2] - end[2]) * k.bz);
  const out: Record<string, number> = {};
  for (const l of LEGS) {
    out[l.joint] = lean(l.hip, l.knee);
    out[l.kneeJoint] = lean(l.knee, l.ankle) - lean(l.hip, l.knee);
  }
  for (const [joint, shoulder, , wrist] of ARMS) out[joint] = lean(shoulder, wrist);
  return out;
}

/** Trousers, skin and hair when the variant gives none (sRGB 0..1). */
const TROUSERS: Rgb = [43 / 255, 45 / 255, 51 / 255];
const SKIN: Rgb = [201 / 255, 160 / 255, 126 / 255];
const HAIR: Rgb = [42 / 255, 29 / 255, 20 / 255];

function buildPerson(color: Rgb, k: Build, variant: ModelVariant): THREE.Group {
  const p = new Parts();
  const jacket = standard(srgb(color), 0.8, 0);
  const trousers = standard(srgb(variant.trousers ?? TROUSERS), 0.85, 0);
  const shoe = standard(0x1a1a1a, 0.6, 0);
  const skin = standard(srgb(variant.skin ?? SKIN), 0.7, 0);
  const hair = standard(srgb(variant.hair ?? HAIR), 0.9, 0);
  // Body point and head point, from adult-rig coordinates.
  const B = (q: P3): P3 => [q[0] * k.bxy, q[1] * k.bxy, q[2] * k.bz];
  const neck = B(NECK_TOP);
  const Hd = (q: P3): P3 => [neck[0] + (q[0] - NECK_TOP[0]) * k.hs, q[1] * k.hs, neck[2] + (q[2] - NECK_TOP[2]) * k.hs];
  const hr = (r: P3): P3 => [r[0] * k.hs, r[1] * k.hs, r[2] * k.hs];
  const br = (r: P3): P3 => [r[0] * k.br, r[1] * k.br, r[2] * k.br];

  // Legs, each under its hip joint, shin and shoe under the knee joint.
  for (const l of LEGS) {
    p.joint(l.joint, B(l.hip), () => {
      p.limb(trousers, B(l.hip), B(l.knee), 0.078 * k.br, 0.056 * k.br, 8);
      p.joint(l.kneeJoint, B(l.knee), () => {
        p.limb(trousers, B(l.knee), B(l.ankle), 0.052 * k.br, 0.042 * k.br, 8);
        p.orientedBox(shoe, B(l.shoe), [0.25 * k.bxy, 0.095 * k.br, 0.085 * k.bz], [0, l.pitch, 0]);
      });
    });
  }
  p.ellipsoid(trousers, B([0, 0, 0.96]), br([0.11, 0.17, 0.1])); // pelvis

  // Torso (elliptical section, wider across the shoulders) and shoulders.
  p.limb(jacket, B([0, 0, 0.93]), B([0, 0, 1.42]), 0.11 * k.br, 0.125 * k.br, 10, 1.5);
  p.ellipsoid(jacket, B([0, 0, 1.41]), br([0.12, 0.21, 0.075]));

  // Arms, each under its shoulder joint.
  for (const [joint, shoulder, elbow, wrist] of ARMS) {
    p.joint(joint, B(shoulder), () => {
      p.limb(jacket, B(shoulder), B(elbow), 0.052 * k.br, 0.044 * k.br, 8);
      p.limb(jacket, B(elbow), B(wrist), 0.042 * k.br, 0.034 * k.br, 8);
      const hand = B([wrist[0] + (wrist[0] - elbow[0]) * 0.2, wrist[1], wrist[2] - 0.05]);
      p.ellipsoid(skin, hand, br([0.035, 0.028, 0.055]), [0, 0, 0], true);
    });
  }

  // Neck, head, hair, nose.
  p.limb(skin, B([0, 0, 1.42]), neck, 0.048 * k.br, 0.044 * k.br, 8);
  p.ellipsoid(skin, Hd([0.01, 0, 1.62]), hr([0.1, 0.08, 0.115])).name = 'head';
  p.ellipsoid(hair, Hd([-0.012, 0, 1.655]), hr([0.1, 0.086, 0.095]));
  p.ellipsoid(skin, Hd([0.107, 0, 1.6]), hr([0.022, 0.014, 0.025]), [0, 0, 0], true);
  return p.root;
}

/** An adult: jacket in the entity colour; trousers, skin and hair from the variant. */
export function buildAdult(color: Rgb, _seed = 0, variant: ModelVariant = {}): THREE.Group {
  return buildPerson(color, ADULT, variant);
}

export function buildChild(color: Rgb, _seed = 0, variant: ModelVariant = {}): THREE.Group {
  return buildPerson(color, CHILD, variant);
}
