// Cow, built at 2.4 x 0.8 x 1.5 m: long barrel body with square hips, four sturdy legs, thick neck,
// long head carried low with a pale muzzle, ears out sideways, short horns, udder, tail with a
// tuft. The coat (entity colour) carries dark patches in a second material.
import type * as THREE from 'three';
import type { ModelVariant } from '../../core/index.ts';
import { Parts, srgb, standard, type P3, type Rgb } from './common.ts';

/** Barrel: centre and semi-axes; patches are placed on its surface. */
const BARREL_C: P3 = [-0.15, 0, 1.1];
const BARREL_R: P3 = [0.8, 0.34, 0.34];

/** A cow; a plain coat without the dark patches when variant.patches is false. */
export function buildCow(color: Rgb, _seed = 0, variant: ModelVariant = {}): THREE.Group {
  const patched = variant.patches !== false;
  const p = new Parts();
  const coat = standard(srgb(color), 0.9, 0);
  const patch = standard(0x1c1a19, 0.85, 0);
  const pink = standard(0xc99b8e, 0.7, 0);
  const dark = standard(0x151312, 0.6, 0);
  const horn = standard(0xd9ceb4, 0.5, 0);

  // Body: barrel, shoulders, square hips.
  p.ellipsoid(coat, BARREL_C, BARREL_R);
  p.ellipsoid(coat, [0.42, 0, 1.13], [0.32, 0.3, 0.34]);
  p.ellipsoid(coat, [-0.72, 0, 1.16], [0.36, 0.31, 0.32]);
  p.ellipsoid(pink, [-0.5, 0, 0.74], [0.16, 0.13, 0.1]); // udder

  // Dark patches: ellipsoids sunk into the barrel so that only a cap shows, different each side.
  const patches: ReadonlyArray<readonly [number, number, number, number, number]> = [
    // [side, x, z, half-length, half-height]
    [1, 0.12, 1.2, 0.24, 0.18],
    [1, -0.5, 1.08, 0.2, 0.22],
    [-1, -0.12, 1.22, 0.3, 0.15],
    [-1, 0.38, 1.02, 0.15, 0.2],
    [-1, -0.62, 0.98, 0.16, 0.14],
  ];
  for (const [side, x, z, hx, hz] of patched ? patches : []) {
    const u = (x - BARREL_C[0]) / BARREL_R[0];
    const v = (z - BARREL_C[2]) / BARREL_R[2];
    const ys = BARREL_R[1] * Math.sqrt(Math.max(0.05, 1 - u * u - v * v));
    p.ellipsoid(patch, [x, side * (ys - 0.09), z], [hx, 0.1, hz]);
  }
  if (patched) p.ellipsoid(patch, [-0.35, 0, 1.4], [0.22, 0.2, 0.06]); // across the back

  // Legs: upper in coat, lower pale-ish, dark hooves; each swings about its hip and folds at its knee or hock.
  for (const side of [1, -1]) {
    const y = side * 0.17;
    const s = side > 0 ? 'l' : 'r';
    const legs: ReadonlyArray<readonly [string, P3, P3, P3, number]> = [
      [`leg_f${s}`, [0.44, y, 0.95], [0.46, y, 0.42], [0.45, y, 0.07], 0.1],
      [`leg_h${s}`, [-0.76, y, 1.0], [-0.84, y, 0.48], [-0.78, y, 0.07], 0.12],
    ];
    for (const [name, hip, knee, foot, r] of legs) {
      p.leg(
        name,
        hip,
        knee,
        foot,
        { material: coat, r0: r, r1: 0.065, segments: 8 },
        { material: coat, r0: 0.058, r1: 0.05, segments: 8 },
        { material: dark, dx: 0.015, height: 0.08, r0: 0.06, r1: 0.052, segments: 8 },
      );
    }
  }

  // Neck and low-carried head, muzzle, nostrils, eyes, ears, horns.
  p.limb(coat, [0.55, 0, 1.2], [0.86, 0, 1.2], 0.27, 0.17, 9, 0.7);
  const poll: P3 = [0.9, 0, 1.26];
  const mouth: P3 = [1.1, 0, 0.95];
  p.limb(coat, poll, mouth, 0.13, 0.09, 9, 0.85).name = 'head';
  if (patched) p.ellipsoid(patch, [0.96, 0, 1.18], [0.09, 0.1, 0.1]); // dark face patch
  p.ellipsoid(pink, [1.12, 0, 0.92], [0.08, 0.1, 0.08]);
  for (const side of [1, -1]) {
    p.ellipsoid(dark, [1.18, side * 0.04, 0.93], [0.012, 0.018, 0.015], [0, 0, 0], true);
    p.eye([0.96, side * 0.095, 1.18], 0.016);
    p.ellipsoid(coat, [0.88, side * 0.2, 1.24], [0.05, 0.1, 0.035], [0, 0, side * 0.2], true);
    p.limb(horn, [0.88, side * 0.07, 1.31], [0.89, side * 0.18, 1.38], 0.025, 0.008, 6);
  }

  // Tail hanging from the hips, with a dark tuft.
  p.limb(coat, [-1.04, 0, 1.36], [-1.1, 0, 0.78], 0.028, 0.02, 6);
  p.ellipsoid(dark, [-1.1, 0, 0.72], [0.04, 0.04, 0.09], [0, 0, 0], true);
  return p.root;
}
