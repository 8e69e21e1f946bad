// Passenger car, built at 4.5 x 1.8 x 1.45 m: extruded lower body with wheel arches, glass
// cabin under a body-coloured roof, four wheels, lamps front and rear.
import * as THREE from 'three';
import {
  Parts,
  extrudeSide,
  glassMaterial,
  headlightMaterial,
  hubMaterial,
  srgb,
  standard,
  taillightMaterial,
  trimMaterial,
  tyreMaterial,
  type Rgb,
} from './common.ts';

const WHEEL_R = 0.33;
const WHEEL_X = 1.36;
const ARCH_R = 0.4;
const SILL = 0.3;

function bodyProfile(): THREE.Shape {
  const s = new THREE.Shape();
  s.moveTo(-2.12, SILL);
  s.lineTo(-WHEEL_X - ARCH_R, SILL);
  s.absarc(-WHEEL_X, SILL, ARCH_R, Math.PI, 0, true); // rear wheel arch
  s.lineTo(WHEEL_X - ARCH_R, SILL);
  s.absarc(WHEEL_X, SILL, ARCH_R, Math.PI, 0, true); // front wheel arch
  s.lineTo(2.15, SILL);
  s.quadraticCurveTo(2.25, SILL, 2.25, 0.42); // front bumper corner
  s.lineTo(2.25, 0.58);
  s.quadraticCurveTo(2.24, 0.72, 2.02, 0.75); // nose into bonnet
  s.lineTo(0.95, 0.85); // bonnet, rising to the windscreen
  s.lineTo(-1.55, 0.88); // belt line
  s.lineTo(-2.08, 0.86); // boot lid
  s.quadraticCurveTo(-2.25, 0.84, -2.25, 0.66); // tail
  s.lineTo(-2.25, 0.42);
  s.quadraticCurveTo(-2.25, SILL, -2.12, SILL);
  return s;
}

export function buildCar(color: Rgb): THREE.Group {
  const p = new Parts();
  const paint = standard(srgb(color), 0.35, 0.45);
  const glass = glassMaterial();
  const tyre = tyreMaterial();
  const hub = hubMaterial();
  const trim = trimMaterial();
  const head = headlightMaterial();
  const tail = taillightMaterial();

  // Lower body.
  p.mesh(extrudeSide(bodyProfile(), 1.8, 0.06, 5), paint, { name: 'body' });

  // Glass cabin: windscreen, side and rear windows in one extrusion, roof and pillars in paint.
  const cabin = new THREE.Shape();
  cabin.moveTo(-1.62, 0.86);
  cabin.lineTo(1.0, 0.84);
  cabin.lineTo(0.22, 1.37);
  cabin.lineTo(-1.08, 1.38);
  cabin.closePath();
  p.mesh(extrudeSide(cabin, 1.5, 0.03, 1), glass, { name: 'glass' });
  const roof = new THREE.Shape();
  roof.moveTo(0.26, 1.36);
  roof.lineTo(0.16, 1.45);
  roof.lineTo(-1.02, 1.45);
  roof.lineTo(-1.12, 1.36);
  roof.closePath();
  p.mesh(extrudeSide(roof, 1.5, 0.02, 1), paint, { name: 'roof' });
  p.box(paint, [-0.4, -0.765, 0.86], [-0.3, 0.765, 1.38]); // B pillar
  // C pillars: painted strips along the sides of the rear window.
  for (const side of [1, -1]) p.orientedBox(paint, [-1.31, side * 0.72, 1.1], [0.16, 0.09, 0.72], [0, 0.8, 0]);

  // Wheels (axis along y) with hubs.
  for (const x of [WHEEL_X, -WHEEL_X]) {
    for (const side of [1, -1]) {
      p.wheel(tyre, [x, side * 0.77, WHEEL_R], WHEEL_R, 0.22);
      p.wheel(hub, [x, side * 0.78, WHEEL_R], 0.19, 0.215, 10);
    }
  }

  // Bumpers, grille, lamps. The bevelled body outline reaches x = +/-2.29 at lamp height.
  p.box(trim, [2.12, -0.87, 0.25], [2.31, 0.87, 0.38]);
  p.box(trim, [-2.31, -0.87, 0.25], [-2.12, 0.87, 0.38]);
  p.box(trim, [2.25, -0.36, 0.42], [2.3, 0.36, 0.56]);
  for (const side of [1, -1]) {
    p.box(head, [2.24, side * 0.6 - 0.17, 0.54], [2.3, side * 0.6 + 0.17, 0.65], 'headlight');
    p.box(tail, [-2.3, side * 0.64 - 0.15, 0.64], [-2.24, side * 0.64 + 0.15, 0.76], 'taillight');
  }
  return p.root;
}
