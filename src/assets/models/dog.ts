// Medium dog (a shepherd / labrador type), built at 0.9 x 0.3 x 0.6 m: deep chest, body, four
// legs with paws, raised head with a snout and pointed ears, tail carried up.
import type * as THREE from 'three';
import { Parts, mixRgb, srgb, standard, type Rgb } from './common.ts';

export function buildDog(color: Rgb): THREE.Group {
  const p = new Parts();
  const coat = standard(srgb(color), 0.9, 0);
  const pale = standard(srgb(mixRgb(color, [0.92, 0.88, 0.8], 0.45)), 0.9, 0);
  const dark = standard(0x121010, 0.5, 0);

  // Body: chest, barrel, rump; paler belly.
  p.ellipsoid(coat, [0.13, 0, 0.39], [0.14, 0.12, 0.125]);
  p.ellipsoid(coat, [-0.03, 0, 0.4], [0.24, 0.11, 0.1]);
  p.ellipsoid(coat, [-0.2, 0, 0.41], [0.11, 0.105, 0.1]);
  p.ellipsoid(pale, [0.08, 0, 0.32], [0.12, 0.08, 0.06]);

  // Legs and paws, each leg swinging about its hip and folding at its knee or hock.
  for (const side of [1, -1]) {
    const y = side * 0.06;
    const s = side > 0 ? 'l' : 'r';
    p.joint(`leg_f${s}`, [0.15, y, 0.36], () => {
      p.limb(coat, [0.15, y, 0.36], [0.16, y, 0.17], 0.035, 0.026, 7);
      p.joint(`knee_f${s}`, [0.16, y, 0.17], () => {
        p.limb(pale, [0.16, y, 0.17], [0.16, y, 0.03], 0.025, 0.022, 6);
        p.ellipsoid(pale, [0.175, y, 0.022], [0.035, 0.026, 0.022], [0, 0, 0], true);
      });
    });
    p.joint(`leg_h${s}`, [-0.2, y, 0.38], () => {
      p.limb(coat, [-0.2, y, 0.38], [-0.26, y, 0.2], 0.045, 0.026, 7);
      p.joint(`knee_h${s}`, [-0.26, y, 0.2], () => {
        p.limb(pale, [-0.26, y, 0.2], [-0.24, y, 0.03], 0.022, 0.02, 6);
        p.ellipsoid(pale, [-0.225, y, 0.022], [0.035, 0.026, 0.022], [0, 0, 0], true);
      });
    });
  }

  // Neck, head, snout, nose, eyes, pointed ears.
  p.limb(coat, [0.17, 0, 0.44], [0.27, 0, 0.5], 0.065, 0.05, 8);
  p.ellipsoid(coat, [0.3, 0, 0.51], [0.075, 0.06, 0.062]).name = 'head';
  p.limb(coat, [0.33, 0, 0.5], [0.43, 0, 0.478], 0.036, 0.026, 8, 0.9);
  p.ellipsoid(dark, [0.433, 0, 0.482], [0.016, 0.018, 0.014], [0, 0, 0], true);
  for (const side of [1, -1]) {
    p.eye([0.355, side * 0.035, 0.53], 0.01);
    p.limb(coat, [0.28, side * 0.035, 0.54], [0.265, side * 0.06, 0.6], 0.026, 0.004, 5, 0.45);
  }

  // Tail carried up and back.
  p.limb(coat, [-0.29, 0, 0.45], [-0.37, 0, 0.52], 0.022, 0.017, 6);
  p.limb(coat, [-0.37, 0, 0.52], [-0.43, 0, 0.54], 0.017, 0.01, 6);
  return p.root;
}
