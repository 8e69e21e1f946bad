// City bus, built at 12 x 2.55 x 3.2 m: long rounded box body on two axles, a tall raked
// windscreen under a destination sign, a row of side windows, two glazed double doors on the
// kerb side (-y, right-hand traffic), a roof pod, mirrors on forward arms, lamps and number
// plates front and rear.
import type * as THREE from 'three';
import {
  Parts,
  extrudeSide,
  glassMaterial,
  headlightMaterial,
  hubMaterial,
  indicatorMaterial,
  sideShape,
  srgb,
  standard,
  taillightMaterial,
  trimMaterial,
  tyreMaterial,
  type Rgb,
  type XZ,
} from './common.ts';
import { WHEEL_FACE, alloyWheel, numberPlate, plateMaterial, recessMaterial } from './vehicleParts.ts';

const W = 2.55;
const WHEEL_R = 0.5;
const AXLES = [3.35, -2.75];
const FRONT = 5.98;
const REAR = -5.98;
const BEVEL = 0.05;
/** Window band on the sides. */
const WIN_Z: readonly [number, number] = [1.25, 2.62];
/** Kerb-side doors: x ranges. */
const DOORS: ReadonlyArray<readonly [number, number]> = [
  [4.45, 5.6],
  [-0.15, 1.15],
];

/** `n` windows evenly filling x0..x1, separated by pillars `gap` wide. */
function windowRun(x0: number, x1: number, n: number, gap = 0.13): Array<readonly [number, number]> {
  const w = (x1 - x0 - gap * (n - 1)) / n;
  return Array.from({ length: n }, (_, i) => [x0 + i * (w + gap), x0 + i * (w + gap) + w] as const);
}

export function buildBus(color: Rgb): THREE.Group {
  const p = new Parts();
  const paint = standard(srgb(color), 0.4, 0.3);
  const glass = glassMaterial();
  const tyre = tyreMaterial();
  const hub = hubMaterial();
  const trim = trimMaterial();
  const head = headlightMaterial();
  const tail = taillightMaterial();
  const roofPod = standard(0xd4d6d8, 0.6, 0.2);
  const sign = standard(0x241405, 0.5, 0, { emissive: 0xffa020, emissiveIntensity: 0.5 });

  // Body: a long box with rounded top corners, a slightly raked front and two arches.
  const windscreenFoot: XZ = [FRONT, 1.0];
  const windscreenTop: XZ = [FRONT - 0.08, 2.74];
  const upper: XZ[] = [[FRONT, 0.42], windscreenFoot, windscreenTop, [FRONT - 0.1, 2.92], [FRONT - 0.25, 3.05], [REAR + 0.2, 3.05], [REAR, 2.9], [REAR, 0.42]];
  const arches = AXLES.map((x) => [x, 0.62, WHEEL_R] as const);
  p.mesh(extrudeSide(sideShape(upper, 0.3, arches, 0.08), W, BEVEL, 4), paint, { name: 'body' });
  p.box(roofPod, [-2.4, -0.85, 3.0], [1.4, 0.85, 3.2]);

  // Wheels: tyres on steel rims, set in from the body's side.
  const wheelMats = { tyre, rim: hub, recess: recessMaterial() };
  for (const x of AXLES) {
    for (const side of [1, -1] as const) alloyWheel(p, wheelMats, [x, side * (W / 2 - 0.19 - WHEEL_FACE), WHEEL_R], WHEEL_R, 0.32, side);
  }

  // Mirrors on arms curving forward from the front roof corners, heads hanging beside the windscreen.
  for (const side of [1, -1]) {
    const y = side * (W / 2 - 0.06);
    p.limb(trim, [FRONT - 0.15, y, 2.95], [FRONT + 0.16, y, 2.75], 0.025, 0.025, 5);
    p.limb(trim, [FRONT + 0.16, y, 2.75], [FRONT + 0.16, y, 2.55], 0.025, 0.025, 5);
    p.box(trim, [FRONT + 0.1, y - 0.06, 2.2], [FRONT + 0.22, y + 0.06, 2.58], 'mirror');
  }

  // Front: windscreen, destination sign, bumper, lamps.
  const lift = BEVEL * 0.7;
  p.plate(glass, windscreenFoot, windscreenTop, W - 0.22, { inset: 0.02, lift, outward: 1 });
  p.box(trim, [FRONT - 0.12, -1.0, 2.78], [FRONT - 0.02 + lift, 1.0, 2.98]);
  p.box(sign, [FRONT - 0.1, -0.85, 2.81], [FRONT - 0.01 + lift, 0.85, 2.95]);
  p.box(trim, [FRONT - 0.1, -(W / 2 - 0.02), 0.3], [FRONT + 0.08, W / 2 - 0.02, 0.55]);
  p.box(trim, [REAR - 0.08, -(W / 2 - 0.02), 0.3], [REAR + 0.1, W / 2 - 0.02, 0.55]);
  const amber = indicatorMaterial();
  for (const side of [1, -1]) {
    p.box(head, [FRONT - 0.02, side * 0.98 - 0.18, 0.64], [FRONT + 0.05, side * 0.98 + 0.18, 0.8], 'headlight');
    p.box(tail, [REAR - 0.05, side * 1.1 - 0.08, 0.62], [REAR + 0.02, side * 1.1 + 0.08, 1.3], 'taillight');
    // Amber indicators over the headlights and over the tail lamps.
    const ind = side > 0 ? 'indicator_left' : 'indicator_right';
    p.box(amber, [FRONT - 0.02, side * 0.98 - 0.18, 0.83], [FRONT + 0.05, side * 0.98 + 0.18, 0.9], ind);
    p.box(amber, [REAR - 0.05, side * 1.1 - 0.08, 1.33], [REAR + 0.02, side * 1.1 + 0.08, 1.43], ind);
  }

  // Number plates on the bumpers.
  const plate = plateMaterial();
  numberPlate(p, plate, FRONT + 0.08, 0.425, true);
  numberPlate(p, plate, REAR - 0.08, 0.425, false);

  // Rear: window high up, engine grille low down.
  p.box(glass, [REAR - lift - 0.01, -0.95, 2.05], [REAR + 0.02, 0.95, 2.78]);
  p.box(trim, [REAR - lift - 0.01, -0.75, 0.66], [REAR + 0.02, 0.75, 1.12]);

  // Side windows: a continuous run on the left, interrupted by the doors on the right.
  const yOut = W / 2;
  const left = [[4.85, 5.62] as const, ...windowRun(-5.6, 4.7, 8)];
  const right = [...windowRun(1.3, 4.3, 2), ...windowRun(-5.6, -0.3, 4)];
  for (const [side, runs] of [
    [1, left],
    [-1, right],
  ] as const) {
    for (const [x0, x1] of runs) p.box(glass, [x0, side * yOut - 0.008, WIN_Z[0]], [x1, side * yOut + 0.008, WIN_Z[1]]);
    // Dark belt line under the windows.
    p.box(trim, [REAR + 0.25, side * yOut - 0.006, 1.14], [FRONT - 0.3, side * yOut + 0.006, 1.2]);
  }
  // Kerb-side doors: two glass leaves in a dark frame, down to the step.
  for (const [x0, x1] of DOORS) {
    const y = -yOut;
    p.box(trim, [x0, y - 0.008, 0.34], [x1, y + 0.008, 2.72]);
    const mid = (x0 + x1) / 2;
    const leaves: ReadonlyArray<readonly [number, number]> = [
      [x0 + 0.06, mid - 0.025],
      [mid + 0.025, x1 - 0.06],
    ];
    for (const [a, b] of leaves) p.box(glass, [a, y - 0.011, 0.5], [b, y + 0.011, 2.62]);
  }
  return p.root;
}
