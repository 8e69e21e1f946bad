// Traffic cone, built at 0.35 x 0.35 x 0.7 m: square black base, tapered body in the entity
// colour, two white retro-reflective bands.
import type * as THREE from 'three';
import { Parts, srgb, standard } from './common.ts';

const BASE_H = 0.035;
const TOP_Z = 0.7;
const R_BOTTOM = 0.135;
const R_TOP = 0.022;

/** Radius of the cone body at height z (plus a hair so bands sit on the surface). */
const radiusAt = (z: number, lift = 0): number =>
  R_BOTTOM + ((R_TOP - R_BOTTOM) * (z - BASE_H)) / (TOP_Z - BASE_H) + lift;

export function buildCone(color: readonly [number, number, number]): THREE.Group {
  const p = new Parts();
  const body = standard(srgb(color), 0.55, 0);
  const base = standard(0x1c1c1c, 0.85, 0);
  // Reflective sheeting: bright and a little glossy, with a faint self-glow so it reads at night.
  const band = standard(0xf4f4f4, 0.3, 0.1, { emissive: 0xffffff, emissiveIntensity: 0.04 });

  p.box(base, [-0.175, -0.175, 0], [0.175, 0.175, BASE_H]);
  p.limb(body, [0, 0, BASE_H], [0, 0, TOP_Z], R_BOTTOM, R_TOP, 16);
  for (const [z0, z1] of [
    [0.27, 0.36],
    [0.45, 0.51],
  ] as const) {
    p.limb(band, [0, 0, z0], [0, 0, z1], radiusAt(z0, 0.004), radiusAt(z1, 0.004), 16);
  }
  return p.root;
}
