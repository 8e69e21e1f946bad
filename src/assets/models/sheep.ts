// Sheep, built at 1.2 x 0.45 x 0.9 m: a rounded woolly body of overlapping lumps, thin dark
// legs, a dark face under a woolly cap, ears out sideways, a short woolly tail.
import type * as THREE from 'three';
import { Parts, srgb, standard, type P3, type Rgb } from './common.ts';

/** Wool lumps: centre and radius, mirrored across y when y > 0. */
const LUMPS: ReadonlyArray<readonly [P3, number]> = [
  [[0.2, 0.07, 0.7], 0.15],
  [[-0.08, 0.08, 0.73], 0.16],
  [[-0.34, 0.07, 0.69], 0.15],
  [[0.28, 0, 0.58], 0.17],
  [[-0.42, 0, 0.57], 0.16],
  [[0.0, 0.1, 0.5], 0.15],
];

export function buildSheep(color: Rgb): THREE.Group {
  const p = new Parts();
  const wool = standard(srgb(color), 1, 0);
  const face = standard(0x221d1a, 0.8, 0);
  const hoof = standard(0x111111, 0.6, 0);

  p.ellipsoid(wool, [-0.06, 0, 0.58], [0.42, 0.2, 0.22]);
  for (const [[x, y, z], r] of LUMPS) {
    for (const side of y > 0 ? [1, -1] : [1]) p.ellipsoid(wool, [x, side * y, z], [r, r * 0.95, r * 0.92]);
  }

  // Thin dark legs, each swinging about its hip (inside the wool) and folding at its knee.
  for (const side of [1, -1]) {
    const y = side * 0.08;
    const s = side > 0 ? 'l' : 'r';
    for (const [end, x] of [['f', 0.24], ['h', -0.32]] as const) {
      const knee: P3 = [x + 0.0025, y, 0.24];
      p.joint(`leg_${end}${s}`, [x, y, 0.44], () => {
        p.limb(face, [x, y, 0.44], knee, 0.028, 0.024, 6);
        p.joint(`knee_${end}${s}`, knee, () => {
          p.limb(face, knee, [x + 0.005, y, 0.04], 0.024, 0.02, 6);
          p.limb(hoof, [x + 0.01, y, 0], [x + 0.005, y, 0.045], 0.024, 0.02, 6);
        });
      });
    }
  }

  // Head: dark face pitched down, woolly cap, ears sideways, eyes.
  p.ellipsoid(face, [0.47, 0, 0.69], [0.12, 0.065, 0.075], [0, 0.55, 0]).name = 'head';
  p.ellipsoid(face, [0.55, 0, 0.63], [0.06, 0.05, 0.05]);
  p.ellipsoid(wool, [0.39, 0, 0.78], [0.09, 0.08, 0.07]);
  for (const side of [1, -1]) {
    p.ellipsoid(face, [0.42, side * 0.1, 0.74], [0.03, 0.07, 0.02], [side * -0.3, 0, 0], true);
    p.eye([0.5, side * 0.05, 0.71], 0.01);
  }

  // Short woolly tail.
  p.ellipsoid(wool, [-0.55, 0, 0.62], [0.06, 0.05, 0.07]);
  return p.root;
}
