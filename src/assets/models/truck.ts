// Rigid box truck, built at its box size (9.5 x 2.5 x 3.6 m by default): a forward cab of its real
// length (a day cab, or a longer sleeper cab with a roof fairing), a raked windscreen, a cargo box
// filling the rest of the length, ladder chassis, a front axle and one or two rear axles, mirrors
// on arms, lamps and number plates front and rear. Built at the size it is fitted to, so a long
// truck has a long box, not a stretched cab.
import * as THREE from 'three';
import type { ModelVariant } from '../../core/index.ts';
import {
  Parts,
  extrudeSide,
  glassMaterial,
  headlightMaterial,
  hubMaterial,
  indicatorMaterial,
  mixRgb,
  polygon,
  srgb,
  standard,
  taillightMaterial,
  trimMaterial,
  tyreMaterial,
  type Rgb,
  type Size3,
} from './common.ts';
import { WHEEL_FACE, alloyWheel, numberPlate, plateMaterial, recessMaterial } from './vehicleParts.ts';

const WHEEL_R = 0.52;
const WHEEL_W = 0.4;
/** Cab lengths, metres. */
const CAB = { day: 2.05, sleeper: 2.55 } as const;
/** Trucks at least this long have two rear axles. */
const TANDEM_FROM = 8.8;

export function buildTruck(color: Rgb, _seed = 0, variant: ModelVariant = {}, size: Size3 = [9.5, 2.5, 3.6]): THREE.Group {
  const [L, W, H] = size;
  const p = new Parts();
  const paint = standard(srgb(color), 0.4, 0.35);
  const cargo = standard(srgb(mixRgb(color, [0.92, 0.92, 0.92], 0.25)), 0.6, 0.15);
  const glass = glassMaterial();
  const tyre = tyreMaterial();
  const hub = hubMaterial();
  const trim = trimMaterial();
  const head = headlightMaterial();
  const tail = taillightMaterial();

  const F = L / 2 - 0.035; // the cab's front face
  const R = -L / 2 + 0.03; // the cargo box's rear face
  const sleeper = variant.cab === 'sleeper';
  const cabBack = F - (sleeper ? CAB.sleeper : CAB.day);
  const cabTop = Math.min(3.12, H - 0.35);
  const cabHalf = W / 2 - 0.13; // mirrors reach out to the box's side
  const boxFront = cabBack - 0.15;

  // Chassis rails and wheels: a front axle under the cab, one or two at the rear.
  const xf = F - 1.2;
  const rear = L >= TANDEM_FROM ? [R + 2.4, R + 1.1] : [R + 1.7];
  p.box(trim, [R + 0.15, -0.55, 0.55], [F - 0.3, 0.55, 0.88]);
  const wheelMats = { tyre, rim: hub, recess: recessMaterial() };
  for (const x of [xf, ...rear]) {
    for (const side of [1, -1] as const) alloyWheel(p, wheelMats, [x, side * (W / 2 - WHEEL_W / 2 - 0.02 - WHEEL_FACE), WHEEL_R], WHEEL_R, WHEEL_W, side);
  }

  // Cab: side profile with raked windscreen, cut from the body colour.
  const screenTop = cabTop - 0.1;
  const cab = polygon([
    [cabBack, 0.62],
    [F - 0.03, 0.62],
    [F, 1.75],
    [F - 0.19, screenTop],
    [F - 0.45, cabTop],
    [cabBack, cabTop],
  ]);
  p.mesh(extrudeSide(cab, 2 * cabHalf, 0.05, 1), paint, { name: 'cab' });
  if (sleeper && H - 0.08 > cabTop + 0.15) {
    // Roof fairing over the sleeper, up to the cargo box's height.
    const fairing = polygon([[F - 0.6, cabTop - 0.01], [cabBack + 0.25, H - 0.08], [cabBack, H - 0.08], [cabBack, cabTop - 0.01]]);
    p.mesh(extrudeSide(fairing, 2 * cabHalf - 0.1, 0.04, 1), paint, { name: 'fairing' });
  }
  // Windscreen: a glass plate lying on the raked face.
  const rake = Math.atan2(0.19, screenTop - 1.75); // tilt back from vertical
  p.orientedBox(glass, [F - 0.075, 0, (1.75 + screenTop) / 2 + 0.015], [0.04, 2 * cabHalf - 0.24, (screenTop - 1.75) * 0.88], [0, -rake, 0]);
  for (const side of [1, -1]) {
    const y = side * (cabHalf + 0.01);
    p.box(glass, [cabBack + 1.0, y - 0.02, 1.95], [F - 0.35, y + 0.02, screenTop - 0.17]); // door windows
    p.box(trim, [cabBack + 0.15, y - 0.015, 0.8], [cabBack + 0.21, y + 0.015, screenTop - 0.12]); // door seam
    // Mirror on an arm from the A pillar, its head out to the box's side.
    p.limb(trim, [F - 0.3, side * cabHalf, 2.55], [F - 0.38, side * (W / 2 - 0.05), 2.45], 0.02, 0.02, 5);
    p.box(trim, [F - 0.46, Math.min(side * (W / 2 - 0.1), side * (W / 2)), 1.95], [F - 0.34, Math.max(side * (W / 2 - 0.1), side * (W / 2)), 2.5], 'mirror');
  }
  p.box(trim, [F - 0.05, -0.55, 1.05], [F + 0.02, 0.55, 1.55]); // grille
  p.box(trim, [F - 0.3, -(cabHalf + 0.05), 0.42], [F + 0.03, cabHalf + 0.05, 0.8]); // front bumper
  // Exhaust stack behind the cab.
  p.limb(hub, [cabBack - 0.08, cabHalf - 0.25, 0.9], [cabBack - 0.08, cabHalf - 0.25, Math.min(cabTop + 0.23, H - 0.05)], 0.06, 0.06, 8);

  // Cargo box, a little gap behind the cab, with a dark floor rail and rear door frame.
  p.box(cargo, [R, -(W / 2 - 0.01), 1.0], [boxFront, W / 2 - 0.01, H]);
  p.box(trim, [R, -W / 2, 0.88], [boxFront, W / 2, 1.02]);
  p.box(trim, [R - 0.02, -0.015, 1.05], [R + 0.01, 0.015, H - 0.1]); // rear door split
  p.box(trim, [R - 0.02, -(W / 2 - 0.05), H - 0.18], [R + 0.01, W / 2 - 0.05, H - 0.1]); // rear door header
  // Fuel tank between the axles, where there is room.
  const tank0 = rear[0]! + 0.9;
  const tank1 = Math.min(tank0 + 1.4, xf - 1.0);
  if (tank1 - tank0 > 0.5) p.limb(hub, [tank0, -(cabHalf - 0.27), 0.62], [tank1, -(cabHalf - 0.27), 0.62], 0.28, 0.28, 12).name = 'fuel_tank';
  // Rear under-run bar.
  p.box(trim, [R + 0.05, -(W / 2 - 0.1), 0.45], [R + 0.2, W / 2 - 0.1, 0.62]);

  // Number plates: on the front bumper, and low on the box's rear face between the lamps.
  const plate = plateMaterial();
  numberPlate(p, plate, F + 0.03, 0.61, true);
  numberPlate(p, plate, R, 1.16, false);

  const amber = indicatorMaterial();
  for (const side of [1, -1]) {
    p.box(head, [F - 0.05, side * 0.92 - 0.2, 1.02], [F + 0.02, side * 0.92 + 0.2, 1.22], 'headlight');
    p.box(tail, [R - 0.04, side * 0.95 - 0.18, 1.05], [R, side * 0.95 + 0.18, 1.3], 'taillight');
    // Amber indicators: under the headlight's outer part, over the tail lamp.
    const ind = side > 0 ? 'indicator_left' : 'indicator_right';
    p.box(amber, [F - 0.05, Math.min(side * 0.97, side * 1.12), 0.9], [F + 0.02, Math.max(side * 0.97, side * 1.12), 0.98], ind);
    p.box(amber, [R - 0.04, side * 0.95 - 0.18, 1.32], [R, side * 0.95 + 0.18, 1.42], ind);
  }
  return p.root;
}
