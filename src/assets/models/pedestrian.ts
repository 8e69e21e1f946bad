// Pedestrian, built at about 0.5 x 0.6 x 1.75 m, mid-stride and facing +x: shoes, trousered legs,
// jacket torso in the entity colour, swinging arms, head with hair and a nose.
import type * as THREE from 'three';
import { Parts, srgb, standard, type P3, type Rgb } from './common.ts';

export function buildPedestrian(color: Rgb): THREE.Group {
  const p = new Parts();
  const jacket = standard(srgb(color), 0.8, 0);
  const trousers = standard(0x2b2d33, 0.85, 0);
  const shoe = standard(0x1a1a1a, 0.6, 0);
  const skin = standard(0xc9a07e, 0.7, 0);
  const hair = standard(0x2a1d14, 0.9, 0);

  // Legs: left (+y) forward, right (-y) back, heel lifted.
  const legs: Array<{ hip: P3; knee: P3; ankle: P3; shoe: P3; pitch: number }> = [
    { hip: [0.0, 0.09, 0.93], knee: [0.09, 0.09, 0.5], ankle: [0.13, 0.09, 0.09], shoe: [0.17, 0.09, 0.045], pitch: 0 },
    { hip: [0.0, -0.09, 0.93], knee: [-0.05, -0.09, 0.5], ankle: [-0.15, -0.09, 0.11], shoe: [-0.12, -0.09, 0.06], pitch: 0.3 },
  ];
  for (const l of legs) {
    p.limb(trousers, l.hip, l.knee, 0.078, 0.056, 8);
    p.limb(trousers, l.knee, l.ankle, 0.052, 0.042, 8);
    p.orientedBox(shoe, l.shoe, [0.25, 0.095, 0.085], [0, l.pitch, 0]);
  }
  p.ellipsoid(trousers, [0, 0, 0.96], [0.11, 0.17, 0.1]); // pelvis

  // Torso (elliptical section, wider across the shoulders) and shoulders.
  p.limb(jacket, [0, 0, 0.93], [0, 0, 1.42], 0.11, 0.125, 10, 1.5);
  p.ellipsoid(jacket, [0, 0, 1.41], [0.12, 0.21, 0.075]);

  // Arms: left swings back, right forward (opposite to the legs).
  const arms: Array<[P3, P3, P3]> = [
    [[0, 0.2, 1.4], [-0.08, 0.24, 1.14], [-0.13, 0.255, 0.9]],
    [[0, -0.2, 1.4], [0.07, -0.24, 1.14], [0.15, -0.255, 0.92]],
  ];
  for (const [shoulder, elbow, wrist] of arms) {
    p.limb(jacket, shoulder, elbow, 0.052, 0.044, 8);
    p.limb(jacket, elbow, wrist, 0.042, 0.034, 8);
    p.ellipsoid(skin, [wrist[0] + (wrist[0] - elbow[0]) * 0.2, wrist[1], wrist[2] - 0.05], [0.035, 0.028, 0.055], [0, 0, 0], true);
  }

  // Neck, head, hair, nose.
  p.limb(skin, [0, 0, 1.42], [0.01, 0, 1.53], 0.048, 0.044, 8);
  p.ellipsoid(skin, [0.01, 0, 1.62], [0.1, 0.08, 0.115]);
  p.ellipsoid(hair, [-0.012, 0, 1.655], [0.1, 0.086, 0.095]);
  p.ellipsoid(skin, [0.107, 0, 1.6], [0.022, 0.014, 0.025], [0, 0, 0], true);
  return p.root;
}
