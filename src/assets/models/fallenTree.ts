// Fallen tree, built at 8 x 0.6 x 0.6 m: a long tapering trunk lying along x on the ground, its
// uprooted foot at -x with a flared base, a plate of earth and root stubs, a few broken-off
// branch stubs along it and a forked crown end at +x. Stub angles vary with `seed` (a hash of the
// entity's colour and size, never Math.random).
import type * as THREE from 'three';
import { Rng } from '../../core/rng.ts';
import { Parts, srgb, standard, type P3, type Rgb } from './common.ts';

const FOOT = -3.7;
const TIP = 4.0;
const R_FOOT = 0.2;
const R_TIP = 0.07;

/** Trunk radius at x (it lies on the ground, so its axis height is the radius). */
const radiusAt = (x: number): number => R_FOOT + ((R_TIP - R_FOOT) * (x - FOOT)) / (TIP - FOOT);
/** Keep a point inside the 0.6 x 0.6 section of the model's box. */
const inside = (q: P3): P3 => [q[0], Math.max(-0.3, Math.min(0.3, q[1])), Math.max(0.02, Math.min(0.6, q[2]))];

export function buildFallenTree(color: Rgb, seed: number): THREE.Group {
  const p = new Parts();
  const rng = new Rng(seed, 'fallen_tree');
  const bark = standard(srgb(color), 1, 0);
  const barkDark = standard(srgb(color, 0.7), 1, 0);
  const earth = standard(0x3a2f24, 1, 0);
  const wood = standard(0xb99a6a, 0.8, 0);

  // Trunk, resting on the ground along its length.
  p.limb(bark, [FOOT, 0, R_FOOT], [TIP, 0, R_TIP], R_FOOT, R_TIP, 12);
  // Flared foot and the plate of earth and roots torn out with it.
  p.limb(bark, [FOOT + 0.6, 0, radiusAt(FOOT + 0.6)], [FOOT - 0.05, 0, 0.29], radiusAt(FOOT + 0.6), 0.28, 12);
  p.ellipsoid(earth, [FOOT - 0.12, 0, 0.3], [0.1, 0.3, 0.3]);
  for (let i = 0; i < 7; i++) {
    const a = (i / 7) * Math.PI * 2 + rng.uniform(-0.3, 0.3);
    const r = rng.uniform(0.2, 0.3);
    const root = inside([FOOT - 0.25 - rng.uniform(0, 0.12), Math.cos(a) * r, 0.3 + Math.sin(a) * r]);
    p.limb(barkDark, [FOOT - 0.08, Math.cos(a) * 0.14, 0.3 + Math.sin(a) * 0.14], root, 0.04, 0.012, 5);
  }

  // Broken branch stubs along the trunk, alternating sides, pointing up, out and towards the crown.
  const stubs = [-2.6, -1.5, -0.5, 0.5, 1.4, 2.3, 3.0];
  stubs.forEach((x0, i) => {
    const x = x0 + rng.uniform(-0.25, 0.25);
    const r = radiusAt(x);
    const side = i % 2 === 0 ? 1 : -1;
    const up = rng.uniform(0.5, 1.2); // elevation of the stub above horizontal
    const len = rng.uniform(0.3, 0.5);
    const base: P3 = [x, side * r * Math.cos(up) * 0.7, r + r * Math.sin(up) * 0.7]; // just inside the bark
    const d = [rng.uniform(0.3, 0.7), side * Math.cos(up), Math.sin(up)] as const;
    const n = Math.hypot(...d);
    const end = inside([base[0] + (d[0] / n) * len, base[1] + (d[1] / n) * len, base[2] + (d[2] / n) * len]);
    const rb = Math.max(0.025, r * rng.uniform(0.3, 0.42));
    p.limb(bark, base, end, rb, rb * 0.75, 7);
    const cut = (k: number): P3 => [end[0] + (d[0] / n) * k, end[1] + (d[1] / n) * k, end[2] + (d[2] / n) * k];
    p.limb(wood, cut(-0.004), cut(0.006), rb * 0.75, rb * 0.75, 7); // pale broken end
  });

  // Crown end: the trunk splits into a few thin leaders fanning out.
  for (const [side, up] of [[1, 0.15], [-1, 0.1], [0.3, 0.5], [-0.5, 0.35]] as const) {
    const from: P3 = [TIP - 0.7, 0, radiusAt(TIP - 0.7) + 0.02];
    p.limb(bark, from, inside([TIP - 0.03, side * 0.26, 0.12 + up + rng.uniform(0, 0.08)]), 0.045, 0.015, 6);
  }
  return p.root;
}
