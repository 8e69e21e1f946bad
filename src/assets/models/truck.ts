// Rigid box truck, built at 9.5 x 2.5 x 3.6 m: forward cab with a raked windscreen, tall cargo
// box behind it, ladder chassis, six wheels (one front, two rear axles), lamps front and rear.
import * as THREE from 'three';
import {
  Parts,
  extrudeSide,
  glassMaterial,
  headlightMaterial,
  hubMaterial,
  mixRgb,
  polygon,
  srgb,
  standard,
  taillightMaterial,
  trimMaterial,
  tyreMaterial,
  type Rgb,
} from './common.ts';

const WHEEL_R = 0.52;
const AXLES = [3.55, -2.35, -3.65];

export function buildTruck(color: Rgb): THREE.Group {
  const p = new Parts();
  const paint = standard(srgb(color), 0.4, 0.35);
  const cargo = standard(srgb(mixRgb(color, [0.92, 0.92, 0.92], 0.25)), 0.6, 0.15);
  const glass = glassMaterial();
  const tyre = tyreMaterial();
  const hub = hubMaterial();
  const trim = trimMaterial();
  const head = headlightMaterial();
  const tail = taillightMaterial();

  // Chassis rails and wheels.
  p.box(trim, [-4.6, -0.55, 0.55], [4.45, 0.55, 0.88]);
  for (const x of AXLES) {
    for (const side of [1, -1]) {
      p.wheel(tyre, [x, side * 1.03, WHEEL_R], WHEEL_R, 0.4);
      p.wheel(hub, [x, side * 1.04, WHEEL_R], 0.3, 0.395, 10);
    }
  }

  // Cab: side profile with raked windscreen, cut from the body colour.
  const cab = polygon([
    [2.45, 0.62],
    [4.72, 0.62],
    [4.75, 1.75],
    [4.56, 3.02],
    [4.3, 3.12],
    [2.45, 3.12],
  ]);
  p.mesh(extrudeSide(cab, 2.44, 0.05, 1), paint, { name: 'cab' });
  // Windscreen: a glass plate lying on the raked face.
  const rake = Math.atan2(4.75 - 4.56, 3.02 - 1.75); // tilt back from vertical
  p.orientedBox(glass, [4.675, 0, 2.4], [0.04, 2.2, 1.12], [0, -rake, 0]);
  for (const side of [1, -1]) {
    p.box(glass, [3.45, side * 1.23 - 0.02, 1.95], [4.4, side * 1.23 + 0.02, 2.85]); // door windows
    p.box(trim, [2.6, side * 1.23 - 0.015, 0.8], [2.66, side * 1.23 + 0.015, 2.9]); // door seam
  }
  p.box(trim, [4.7, -0.55, 1.05], [4.77, 0.55, 1.55]); // grille
  p.box(trim, [4.45, -1.2, 0.42], [4.78, 1.2, 0.8]); // front bumper
  // Exhaust stack behind the cab.
  p.limb(hub, [2.33, 0.95, 0.9], [2.33, 0.95, 3.35], 0.07, 0.07, 8);

  // Cargo box, a little gap behind the cab, with a dark floor rail and rear door frame.
  p.box(cargo, [-4.75, -1.25, 1.0], [2.3, 1.25, 3.6]);
  p.box(trim, [-4.75, -1.26, 0.88], [2.3, 1.26, 1.02]);
  p.box(trim, [-4.77, -0.015, 1.05], [-4.74, 0.015, 3.5]); // rear door split
  p.box(trim, [-4.77, -1.2, 3.42], [-4.74, 1.2, 3.5]); // rear door header
  // Fuel tank between the axles.
  const tank = p.limb(hub, [0.2, -0.85, 0.62], [1.6, -0.85, 0.62], 0.28, 0.28, 12);
  tank.name = 'fuel_tank';
  // Rear under-run bar.
  p.box(trim, [-4.7, -1.15, 0.45], [-4.55, 1.15, 0.62]);

  for (const side of [1, -1]) {
    p.box(head, [4.7, side * 0.92 - 0.2, 1.02], [4.77, side * 0.92 + 0.2, 1.22], 'headlight');
    p.box(tail, [-4.78, side * 0.95 - 0.18, 1.05], [-4.74, side * 0.95 + 0.18, 1.3], 'taillight');
  }
  return p.root;
}
