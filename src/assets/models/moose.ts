// Moose, built at about 2.8 x 0.8 x 2.2 m: heavy dark body with a humped shoulder, long pale legs,
// long drooping head with an overhanging muzzle and a dewlap, large flat palmate antlers.
import * as THREE from 'three';
import type { ModelVariant } from '../../core/index.ts';
import { Parts, mixRgb, srgb, standard, type P3, type Rgb } from './common.ts';

/** Half of a palmate antler, in its own frame: x forward, y outward, plate thickness along z. */
function antlerGeometry(): THREE.BufferGeometry {
  const k = 0.95;
  const pts: Array<[number, number]> = [
    [0.03, 0], [0.05, 0.12], [0.2, 0.2], [0.1, 0.24], [0.15, 0.33], [0.06, 0.33], [0.08, 0.42],
    [0.0, 0.4], [0.0, 0.5], [-0.07, 0.43], [-0.12, 0.5], [-0.15, 0.4], [-0.22, 0.44], [-0.22, 0.33],
    [-0.29, 0.3], [-0.2, 0.22], [-0.1, 0.14], [-0.04, 0.1], [-0.03, 0],
  ];
  const shape = new THREE.Shape();
  pts.forEach(([x, y], i) => (i === 0 ? shape.moveTo(x * k, y * k) : shape.lineTo(x * k, y * k)));
  shape.closePath();
  const g = new THREE.ExtrudeGeometry(shape, { depth: 0.035, bevelEnabled: false, curveSegments: 1 });
  g.translate(0, 0, -0.0175);
  return g;
}

/** A moose: a bull with palmate antlers unless variant.antlers is false (a cow). */
export function buildMoose(color: Rgb, _seed = 0, variant: ModelVariant = {}): THREE.Group {
  const p = new Parts();
  const coat = standard(srgb(color), 0.9, 0);
  const legCoat = standard(srgb(mixRgb(color, [0.55, 0.5, 0.44], 0.55)), 0.9, 0);
  const dark = standard(0x141110, 0.6, 0);
  const bone = standard(0xb9a98a, 0.75, 0);

  // Body: barrel, high humped shoulders, rump.
  p.ellipsoid(coat, [-0.15, 0, 1.42], [0.8, 0.3, 0.36]);
  p.ellipsoid(coat, [0.4, 0, 1.6], [0.45, 0.29, 0.4]);
  p.ellipsoid(coat, [-0.7, 0, 1.45], [0.4, 0.28, 0.32]);
  p.ellipsoid(coat, [-1.08, 0, 1.56], [0.06, 0.04, 0.05], [0, 0, 0], true); // stubby tail

  // Long legs, each swinging about its hip (leg_fl, leg_hl, leg_fr, leg_hr) and folding at its
  // knee or hock (knee_fl...).
  for (const side of [1, -1]) {
    const y = side * 0.17;
    const s = side > 0 ? 'l' : 'r';
    const legs: Array<[string, P3, P3, P3]> = [
      [`leg_f${s}`, [0.45, y, 1.35], [0.5, y, 0.65], [0.47, y, 0.07]],
      [`leg_h${s}`, [-0.72, y, 1.4], [-0.86, y, 0.6], [-0.78, y, 0.07]],
    ];
    for (const [name, hip, knee, foot] of legs) {
      p.leg(
        name,
        hip,
        knee,
        foot,
        { material: coat, r0: 0.11, r1: 0.065, segments: 8 },
        { material: legCoat, r0: 0.055, r1: 0.042, segments: 7 },
        { material: dark, dx: 0.015, height: 0.08, r0: 0.055, r1: 0.045, segments: 7 },
      );
    }
  }

  // Thick neck, long drooping head, bulbous muzzle, dewlap.
  p.limb(coat, [0.68, 0, 1.58], [1.0, 0, 1.74], 0.21, 0.15, 9, 0.8);
  p.ellipsoid(coat, [1.2, 0, 1.63], [0.3, 0.12, 0.14], [0, 0.45, 0]).name = 'head';
  p.ellipsoid(coat, [1.42, 0, 1.49], [0.14, 0.11, 0.12], [0, 0.3, 0]);
  p.ellipsoid(dark, [1.54, 0, 1.46], [0.03, 0.07, 0.05], [0, 0, 0], true); // nostrils
  p.ellipsoid(coat, [1.0, 0, 1.43], [0.05, 0.035, 0.15]); // dewlap ("bell")
  for (const side of [1, -1]) {
    p.eye([1.2, side * 0.1, 1.7], 0.018); // eyes
    p.ellipsoid(coat, [1.0, side * 0.13, 1.85], [0.03, 0.1, 0.045], [side * 0.5, 0, 0], true); // ears
  }

  // Palmate antlers: flat plates spreading sideways from the crown, tilted up.
  const bull = variant.antlers !== false;
  const antler = bull ? p.geometry('antler', antlerGeometry) : null;
  for (const side of bull ? [1, -1] : []) {
    const mirror = new THREE.Group();
    mirror.scale.set(1, side, 1); // right side is the left one mirrored (three flips winding for us)
    p.root.add(mirror);
    const pivot = new THREE.Group();
    pivot.position.set(1.02, 0.07, 1.88);
    pivot.rotation.set(0.95, -0.2, 0);
    mirror.add(pivot);
    p.mesh(antler!, bone, { parent: pivot });
    p.limb(bone, [1.02, 0.02 * side, 1.84], [1.02, 0.09 * side, 1.9], 0.035, 0.03, 6); // pedicle
  }
  return p.root;
}
