// Deer, built at about 1.6 x 0.45 x 1.55 m: slim barrel body, four long thin legs with the hind
// hock bent back, raised neck, head facing +x with big ears, short white tail. Bucks
// (variant.antlers) carry small branched antlers.
import type * as THREE from 'three';
import { hashString } from '../../core/rng.ts';
import type { ModelVariant } from '../../core/index.ts';
import { Parts, mixRgb, srgb, standard, type P3, type Rgb } from './common.ts';

/**
 * Whether a deer of this coat colour has antlers when its variant does not say (SceneSpecs from
 * before variants): deterministic in the colour.
 */
export function deerHasAntlers(color: Rgb): boolean {
  return (hashString(`deer:${color.map((c) => c.toFixed(4)).join(',')}`) & 1) === 1;
}

/** A deer; a buck with antlers when variant.antlers (the box height then includes them). */
export function buildDeer(color: Rgb, _seed = 0, variant: ModelVariant = {}): THREE.Group {
  const p = new Parts();
  const coat = standard(srgb(color), 0.85, 0);
  const pale = standard(srgb(mixRgb(color, [0.93, 0.9, 0.84], 0.75)), 0.9, 0);
  const dark = standard(0x1b1612, 0.6, 0);
  const leg = standard(srgb(color, 0.85), 0.85, 0);

  // Body: barrel, chest and haunch.
  p.ellipsoid(coat, [-0.05, 0, 0.98], [0.46, 0.17, 0.19]);
  p.ellipsoid(coat, [0.24, 0, 1.0], [0.24, 0.16, 0.2]);
  p.ellipsoid(coat, [-0.33, 0, 1.01], [0.22, 0.165, 0.2]);
  p.ellipsoid(pale, [-0.02, 0, 0.86], [0.34, 0.12, 0.08]); // lighter belly

  // Legs: upper segment thick, lower thin; hooves dark. Each swings about its hip (leg_fl...) and
  // folds at its knee or hock (knee_fl...).
  const legs: Array<{ name: string; hip: P3; knee: P3; foot: P3 }> = [];
  for (const side of [1, -1]) {
    const y = side * 0.085;
    const s = side > 0 ? 'l' : 'r';
    legs.push({ name: `leg_f${s}`, hip: [0.27, y, 0.95], knee: [0.31, y, 0.48], foot: [0.29, y, 0.05] });
    legs.push({ name: `leg_h${s}`, hip: [-0.36, y, 0.98], knee: [-0.44, y, 0.46], foot: [-0.39, y, 0.05] });
  }
  for (const { name, hip, knee, foot } of legs) {
    p.leg(
      name,
      hip,
      knee,
      foot,
      { material: leg, r0: 0.055, r1: 0.03, segments: 7 },
      { material: leg, r0: 0.028, r1: 0.022, segments: 6 },
      { material: dark, dx: 0.01, height: 0.06, r0: 0.026, r1: 0.022, segments: 6 },
    );
  }

  // Neck raised forward, head, muzzle, nose.
  p.limb(coat, [0.33, 0, 1.0], [0.56, 0, 1.39], 0.115, 0.07, 8, 0.8);
  p.ellipsoid(coat, [0.6, 0, 1.42], [0.1, 0.065, 0.07], [0, 0.15, 0]).name = 'head';
  p.ellipsoid(coat, [0.71, 0, 1.385], [0.08, 0.045, 0.045], [0, 0.25, 0]);
  p.ellipsoid(dark, [0.785, 0, 1.37], [0.018, 0.025, 0.018], [0, 0, 0], true);
  for (const side of [1, -1]) {
    p.eye([0.655, side * 0.045, 1.44], 0.012); // eyes
    // Ears: flat ovals splayed outward and up.
    p.ellipsoid(coat, [0.56, side * 0.12, 1.5], [0.022, 0.095, 0.04], [side * 0.6, 0, 0], true);
  }

  // Tail: short, white underneath.
  p.ellipsoid(pale, [-0.56, 0, 1.06], [0.08, 0.04, 0.035], [0, 0.5, 0], true);

  if (variant.antlers ?? deerHasAntlers(color)) {
    const antler = standard(0x8a7a62, 0.7, 0);
    for (const side of [1, -1]) {
      const base: P3 = [0.58, side * 0.04, 1.48];
      const mid: P3 = [0.55, side * 0.1, 1.6];
      const tip: P3 = [0.6, side * 0.09, 1.72];
      p.limb(antler, base, mid, 0.014, 0.011, 5);
      p.limb(antler, mid, tip, 0.011, 0.006, 5);
      p.limb(antler, mid, [0.64, side * 0.13, 1.65], 0.009, 0.005, 5); // brow tine
    }
  }
  return p.root;
}
