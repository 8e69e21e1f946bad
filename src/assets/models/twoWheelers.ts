// Two-wheelers, riderless and upright (as parked on their stand or just dropped on the road):
// a motorcycle at 2.1 x 0.8 x 1.2 m and a bicycle at 1.75 x 0.6 x 1.05 m. Their boxes are the
// envelopes of wheels, handlebars (and mirrors).
import type * as THREE from 'three';
import {
  Parts,
  headlightMaterial,
  hubMaterial,
  indicatorMaterial,
  srgb,
  standard,
  taillightMaterial,
  trimMaterial,
  tyreMaterial,
  type P3,
  type Rgb,
} from './common.ts';
import { plateMaterial } from './vehicleParts.ts';

/** Spokes of a wheel at `c` (axis along y), from the hub (radius `r0`) to the rim (`r1`). */
function spokes(p: Parts, mat: THREE.Material, c: P3, r0: number, r1: number, n: number, thick: number, phase = 0): void {
  for (let i = 0; i < n; i++) {
    const a = phase + (i * 2 * Math.PI) / n;
    const s = Math.sin(a);
    const k = Math.cos(a);
    p.limb(mat, [c[0] + r0 * k, c[1], c[2] + r0 * s], [c[0] + r1 * k, c[1], c[2] + r1 * s], thick, thick, 4);
  }
}

const MOTO_WHEEL_R = 0.31;
const MOTO_AXLES = [0.73, -0.73] as const;

export function buildMotorcycle(color: Rgb): THREE.Group {
  const p = new Parts();
  const paint = standard(srgb(color), 0.3, 0.5);
  const rubber = tyreMaterial();
  const metal = hubMaterial();
  const dark = trimMaterial();
  const engine = standard(0x5a5c60, 0.45, 0.6);
  const seat = standard(0x161616, 0.8, 0);
  const head = headlightMaterial();
  const tail = taillightMaterial();
  const [xf, xr] = MOTO_AXLES;
  const r = MOTO_WHEEL_R;

  // Wheels: fat tyres on cast rims with five spokes, a brake disc on the front.
  for (const x of MOTO_AXLES) {
    const c: P3 = [x, 0, r];
    p.torus(rubber, c, r - 0.06, 0.06, 'y', 8, 28);
    p.torus(metal, c, r - 0.105, 0.014, 'y', 5, 24);
    p.wheel(metal, c, 0.05, 0.12, 10);
    spokes(p, metal, c, 0.04, r - 0.11, 5, 0.014, x);
  }
  p.wheel(metal, [xf, 0.07, r], 0.15, 0.01, 16);

  // Front fork, steering head, headlight, handlebars with grips and mirrors.
  const steer: P3 = [0.5, 0, 0.93];
  for (const side of [1, -1]) p.limb(metal, [xf, side * 0.08, r], [steer[0], side * 0.08, steer[2]], 0.024, 0.03, 8);
  p.ellipsoid(dark, [0.52, 0, 0.93], [0.07, 0.1, 0.05], [0, 0, 0], true);
  p.ellipsoid(dark, [0.58, 0, 0.86], [0.07, 0.09, 0.09]);
  const lamp = p.ellipsoid(head, [0.63, 0, 0.86], [0.035, 0.075, 0.075]);
  lamp.name = 'headlight';
  p.limb(dark, [0.48, 0, 0.95], [0.44, 0, 1.02], 0.02, 0.02, 6);
  p.limb(metal, [0.44, -0.32, 1.02], [0.44, 0.32, 1.02], 0.013, 0.013, 6);
  for (const side of [1, -1]) {
    p.limb(seat, [0.44, side * 0.28, 1.02], [0.43, side * 0.385, 1.02], 0.02, 0.02, 6);
    p.limb(metal, [0.44, side * 0.24, 1.03], [0.46, side * 0.3, 1.15], 0.007, 0.007, 4);
    p.ellipsoid(dark, [0.46, side * 0.32, 1.16], [0.02, 0.055, 0.035], [0, 0, side * 0.3], true);
  }
  // Front mudguard over the wheel.
  p.orientedBox(paint, [xf + 0.02, 0, 2 * r + 0.04], [0.36, 0.13, 0.02], [0, 0.1, 0]);

  // Frame, engine, exhaust.
  p.limb(dark, steer, [0.05, 0, 0.42], 0.035, 0.035, 8);
  p.limb(dark, steer, [-0.32, 0, 0.76], 0.03, 0.03, 8);
  p.orientedBox(engine, [0.1, 0, 0.42], [0.42, 0.26, 0.3]);
  p.orientedBox(engine, [0.24, 0, 0.64], [0.2, 0.22, 0.24], [0, -0.35, 0]);
  for (const side of [1, -1]) p.ellipsoid(metal, [0.06, side * 0.14, 0.42], [0.11, 0.02, 0.11], [0, 0, 0], true);
  p.limb(metal, [0.28, -0.1, 0.5], [0.1, -0.16, 0.24], 0.028, 0.028, 8);
  p.limb(metal, [0.1, -0.16, 0.24], [-0.35, -0.17, 0.3], 0.028, 0.028, 8);
  p.limb(metal, [-0.35, -0.17, 0.3], [-0.78, -0.17, 0.45], 0.055, 0.045, 10);

  // Swingarm and shocks to the rear axle.
  for (const side of [1, -1]) {
    p.limb(dark, [-0.05, side * 0.1, 0.42], [xr, side * 0.1, r], 0.025, 0.02, 6);
    p.limb(paint, [-0.5, side * 0.11, 0.36], [-0.36, side * 0.11, 0.8], 0.025, 0.025, 6);
    p.limb(metal, [-0.08, side * 0.12, 0.33], [-0.08, side * 0.22, 0.33], 0.012, 0.012, 4); // footpeg
  }

  // Tank, seat, tail with its lamp and number plate, rear mudguard.
  p.ellipsoid(paint, [0.2, 0, 0.9], [0.27, 0.15, 0.12], [0, 0.12, 0]);
  p.ellipsoid(seat, [-0.27, 0, 0.85], [0.3, 0.13, 0.055]);
  p.limb(paint, [-0.38, 0, 0.82], [-0.86, 0, 0.92], 0.09, 0.045, 8, 1.3);
  const tl = p.orientedBox(tail, [-0.88, 0, 0.915], [0.03, 0.1, 0.04]);
  tl.name = 'taillight';
  // Amber indicators on short stalks: beside the headlight, beside the tail lamp.
  const amber = indicatorMaterial();
  for (const side of [1, -1]) {
    const ind = side > 0 ? 'indicator_left' : 'indicator_right';
    p.limb(dark, [0.58, 0, 0.86], [0.6, side * 0.14, 0.86], 0.008, 0.008, 4);
    p.orientedBox(amber, [0.6, side * 0.16, 0.86], [0.04, 0.05, 0.03], [0, 0, 0], ind);
    p.limb(dark, [-0.84, 0, 0.9], [-0.86, side * 0.09, 0.9], 0.008, 0.008, 4);
    p.orientedBox(amber, [-0.86, side * 0.11, 0.9], [0.03, 0.05, 0.03], [0, 0, 0], ind);
  }
  p.orientedBox(plateMaterial(), [-0.9, 0, 0.76], [0.02, 0.2, 0.14], [0, 0.25, 0], 'plate_rear');
  p.orientedBox(dark, [xr - 0.05, 0, 2 * r + 0.05], [0.3, 0.1, 0.015], [0, -0.35, 0]);
  return p.root;
}

const BIKE_R = 0.33;
const BIKE_TUBE = 0.018;
const BIKE_AXLES = [0.525, -0.525] as const;

export function buildBicycle(color: Rgb): THREE.Group {
  const p = new Parts();
  const frame = standard(srgb(color), 0.35, 0.4);
  const rubber = tyreMaterial();
  const metal = hubMaterial();
  const dark = standard(0x181818, 0.7, 0);
  const [xf, xr] = BIKE_AXLES;
  const zc = BIKE_R + BIKE_TUBE;

  // Wheels: thin tyres on rims, hubs, spokes.
  for (const x of BIKE_AXLES) {
    const c: P3 = [x, 0, zc];
    p.torus(rubber, c, BIKE_R, BIKE_TUBE, 'y', 6, 36);
    p.torus(metal, c, BIKE_R - 0.025, 0.009, 'y', 4, 32);
    p.wheel(metal, c, 0.022, 0.09, 8);
    spokes(p, metal, c, 0.02, BIKE_R - 0.03, 12, 0.0025);
  }

  // Diamond frame: top tube, down tube, seat tube, two chain stays, two seat stays; fork.
  const rearAxle: P3 = [xr, 0, zc];
  const bb: P3 = [-0.07, 0, 0.3];
  const seatTop: P3 = [-0.2, 0, 0.86];
  const headTop: P3 = [0.36, 0, 0.86];
  const headBot: P3 = [0.4, 0, 0.7];
  const t = 0.016;
  p.limb(frame, seatTop, headTop, t, t, 8);
  p.limb(frame, bb, headBot, 0.02, 0.02, 8);
  p.limb(frame, bb, seatTop, t, t, 8);
  p.limb(frame, headBot, headTop, 0.022, 0.022, 8);
  for (const side of [1, -1]) {
    const ax: P3 = [rearAxle[0], side * 0.05, rearAxle[2]];
    p.limb(frame, [bb[0], side * 0.02, bb[2]], ax, 0.011, 0.009, 6);
    p.limb(frame, [seatTop[0] + 0.01, side * 0.02, seatTop[2] - 0.03], ax, 0.01, 0.008, 6);
    p.limb(frame, [headBot[0], side * 0.035, headBot[2]], [xf, side * 0.05, zc], 0.013, 0.01, 6);
  }

  // Stem and a flat handlebar (the box's width), grips; seat post and saddle (its top).
  p.limb(metal, headTop, [0.33, 0, 0.99], 0.014, 0.014, 6);
  p.limb(metal, [0.33, 0, 0.99], [0.4, 0, 1.0], 0.013, 0.013, 6);
  p.limb(metal, [0.4, -0.27, 1.0], [0.4, 0.27, 1.0], 0.011, 0.011, 6);
  for (const side of [1, -1]) p.limb(dark, [0.4, side * 0.2, 1.0], [0.4, side * 0.3 - 0.01, 1.0], 0.017, 0.017, 6);
  p.limb(metal, seatTop, [-0.235, 0, 0.99], 0.013, 0.013, 6);
  p.ellipsoid(dark, [-0.24, 0, 1.02], [0.13, 0.07, 0.03]);
  p.ellipsoid(dark, [-0.2, 0, 1.025], [0.09, 0.03, 0.025]); // saddle nose

  // Chainring and crank with pedals.
  p.wheel(metal, [bb[0], -0.06, bb[2]], 0.1, 0.006, 20);
  for (const side of [1, -1]) {
    const pedal: P3 = [bb[0] + side * 0.15, side * 0.1, bb[2] - side * 0.06];
    p.limb(metal, [bb[0], side * 0.07, bb[2]], pedal, 0.01, 0.01, 4);
    p.orientedBox(dark, [pedal[0], side * 0.14, pedal[2]], [0.09, 0.08, 0.02]);
  }
  p.limb(metal, [bb[0], -0.06, bb[2]], [xr, -0.06, zc], 0.006, 0.006, 4); // chain
  return p.root;
}
