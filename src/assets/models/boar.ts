// Wild boar, built at 1.4 x 0.5 x 0.9 m: heavy wedge-shaped forequarters under a dark bristly
// crest, slimmer hindquarters, short legs, a long tapering head ending in a flat snout disc,
// small tusks and pointed ears, a thin tail.
import type * as THREE from 'three';
import { Parts, srgb, standard, type P3, type Rgb } from './common.ts';

export function buildBoar(color: Rgb): THREE.Group {
  const p = new Parts();
  const coat = standard(srgb(color), 1, 0);
  const bristle = standard(srgb(color, 0.55), 1, 0);
  const dark = standard(0x161210, 0.7, 0);
  const snout = standard(0x3b2c28, 0.6, 0);
  const tusk = standard(0xe4dccb, 0.5, 0);

  // Body: deep shoulders, barrel, narrower rump.
  p.ellipsoid(coat, [0.12, 0, 0.55], [0.36, 0.23, 0.3]);
  p.ellipsoid(coat, [-0.08, 0, 0.5], [0.42, 0.21, 0.24]);
  p.ellipsoid(coat, [-0.32, 0, 0.52], [0.3, 0.19, 0.23]);
  // Bristly crest along the spine, highest over the shoulders, with tufts raised along it.
  p.ellipsoid(bristle, [0.06, 0, 0.74], [0.4, 0.07, 0.11], [0, 0.06, 0]);
  for (let i = 0; i < 9; i++) {
    const x = 0.34 - i * 0.075;
    const z = 0.845 - Math.abs(x - 0.12) * 0.22;
    p.limb(bristle, [x, 0, z - 0.04], [x - 0.035, 0, z + 0.04], 0.024, 0.004, 5, 0.5);
  }

  // Legs: short, front ones under the shoulders, dark hooves; each swings about its hip and folds at its knee.
  for (const side of [1, -1]) {
    const y = side * 0.1;
    const s = side > 0 ? 'l' : 'r';
    p.joint(`leg_f${s}`, [0.24, y, 0.42], () => {
      p.limb(coat, [0.24, y, 0.42], [0.26, y, 0.2], 0.07, 0.045, 7);
      p.joint(`knee_f${s}`, [0.26, y, 0.2], () => {
        p.limb(bristle, [0.26, y, 0.2], [0.27, y, 0.05], 0.04, 0.032, 6);
        p.limb(dark, [0.285, y, 0], [0.275, y, 0.06], 0.036, 0.032, 6);
      });
    });
    p.joint(`leg_h${s}`, [-0.4, y, 0.45], () => {
      p.limb(coat, [-0.4, y, 0.45], [-0.45, y, 0.22], 0.08, 0.045, 7);
      p.joint(`knee_h${s}`, [-0.45, y, 0.22], () => {
        p.limb(bristle, [-0.45, y, 0.22], [-0.42, y, 0.05], 0.038, 0.032, 6);
        p.limb(dark, [-0.405, y, 0], [-0.415, y, 0.06], 0.036, 0.032, 6);
      });
    });
  }

  // Head: a long wedge sloping down to the snout disc; tusks, eyes, pointed ears.
  const poll: P3 = [0.4, 0, 0.64];
  const nose: P3 = [0.65, 0, 0.4];
  p.limb(coat, poll, nose, 0.17, 0.065, 9, 0.85).name = 'head';
  p.limb(snout, nose, [0.69, 0, 0.385], 0.068, 0.066, 10);
  for (const side of [1, -1]) {
    p.limb(tusk, [0.6, side * 0.055, 0.4], [0.63, side * 0.085, 0.47], 0.013, 0.004, 5);
    p.eye([0.53, side * 0.085, 0.56], 0.013);
    p.limb(bristle, [0.42, side * 0.08, 0.72], [0.4, side * 0.125, 0.8], 0.03, 0.006, 5, 0.5);
  }

  // Thin tail with a tuft.
  p.limb(coat, [-0.58, 0, 0.62], [-0.66, 0, 0.45], 0.015, 0.012, 5);
  p.ellipsoid(dark, [-0.67, 0, 0.43], [0.025, 0.02, 0.04], [0, 0, 0], true);
  return p.root;
}
