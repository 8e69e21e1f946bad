// Horse, built at 2.4 x 0.65 x 1.7 m: deep chest, barrel and rounded rump, long slender legs
// with dark hooves, long neck carried high under a dark mane, long head sloping down to the
// muzzle, pricked ears, long dark tail.
import type * as THREE from 'three';
import { Parts, srgb, standard, type P3, type Rgb } from './common.ts';

export function buildHorse(color: Rgb): THREE.Group {
  const p = new Parts();
  const coat = standard(srgb(color), 0.6, 0);
  const hair = standard(srgb(color, 0.3), 0.9, 0);
  const dark = standard(0x121010, 0.5, 0);

  // Body: chest, barrel, rump; the back at about 1.38 m, below the raised head.
  p.ellipsoid(coat, [0.4, 0, 1.1], [0.3, 0.24, 0.29]);
  p.ellipsoid(coat, [-0.1, 0, 1.08], [0.62, 0.26, 0.27]);
  p.ellipsoid(coat, [-0.58, 0, 1.11], [0.34, 0.26, 0.27]);

  // Long legs: forearm / cannon, gaskin / hock; dark lower legs and hooves. Each swings about its
  // hip and folds at its knee or hock.
  for (const side of [1, -1]) {
    const y = side * 0.13;
    const s = side > 0 ? 'l' : 'r';
    p.joint(`leg_f${s}`, [0.44, y, 0.98], () => {
      p.limb(coat, [0.44, y, 0.98], [0.48, y, 0.52], 0.085, 0.05, 8);
      p.joint(`knee_f${s}`, [0.48, y, 0.52], () => {
        p.limb(hair, [0.48, y, 0.52], [0.47, y, 0.09], 0.037, 0.034, 7);
        p.limb(dark, [0.49, y, 0], [0.47, y, 0.1], 0.052, 0.04, 7);
      });
    });
    p.joint(`leg_h${s}`, [-0.64, y, 1.02], () => {
      p.limb(coat, [-0.64, y, 1.02], [-0.8, y, 0.55], 0.12, 0.05, 8);
      p.joint(`knee_h${s}`, [-0.8, y, 0.55], () => {
        p.limb(hair, [-0.8, y, 0.55], [-0.73, y, 0.09], 0.04, 0.034, 7);
        p.limb(dark, [-0.71, y, 0], [-0.73, y, 0.1], 0.052, 0.04, 7);
      });
    });
  }

  // Neck rising steeply forward, flat sideways; mane along its crest; head sloping down to the muzzle.
  const withers: P3 = [0.42, 0, 1.2];
  const throat: P3 = [0.8, 0, 1.56];
  p.limb(coat, withers, throat, 0.22, 0.11, 9, 0.6);
  p.limb(hair, [0.27, 0, 1.35], [0.75, 0, 1.65], 0.075, 0.045, 6, 0.3);
  p.limb(coat, [0.82, 0, 1.6], [1.1, 0, 1.3], 0.1, 0.065, 9, 0.7).name = 'head';
  p.ellipsoid(coat, [1.12, 0, 1.29], [0.075, 0.065, 0.07]);
  p.ellipsoid(hair, [0.86, 0, 1.64], [0.07, 0.03, 0.04], [0, -0.6, 0], true); // forelock
  for (const side of [1, -1]) {
    p.ellipsoid(dark, [1.185, side * 0.03, 1.29], [0.012, 0.015, 0.015], [0, 0, 0], true);
    p.eye([0.89, side * 0.07, 1.55], 0.016);
    p.limb(coat, [0.8, side * 0.045, 1.62], [0.79, side * 0.06, 1.7], 0.026, 0.005, 5, 0.6);
  }

  // Tail: from the croup, falling to hock height.
  p.limb(hair, [-0.88, 0, 1.26], [-1.04, 0, 1.02], 0.05, 0.07, 7);
  p.limb(hair, [-1.04, 0, 1.02], [-1.1, 0, 0.62], 0.07, 0.035, 7);
  return p.root;
}
