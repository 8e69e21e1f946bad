// Passenger vehicles from one parametric builder: sedan, SUV, pickup and van. A body type is a
// profile: a side outline for the lower body (cut by wheel arches), a four-point greenhouse with
// glass set into it, wheel size and axle positions, lamp and bumper heights. Type-specific parts
// (roof rails, the pickup's open bed, the van's sliding-door seams) are added on top.
// Each is built at its default size from models.ts, so fitting at that size barely rescales it.
import type * as THREE from 'three';
import {
  Parts,
  clipX,
  extrudeSide,
  glassMaterial,
  headlightMaterial,
  hubMaterial,
  indicatorMaterial,
  polygon,
  sideShape,
  srgb,
  standard,
  taillightMaterial,
  trimMaterial,
  tyreMaterial,
  type Rgb,
  type XZ,
} from './common.ts';
import type { ModelVariant } from '../../core/index.ts';
import { WHEEL_FACE, alloyWheel, numberPlate, plateMaterial, recessMaterial, rimMaterial } from './vehicleParts.ts';

interface Lamp {
  /** Lens centre x (on the front or rear face). */
  readonly x: number;
  readonly z: readonly [number, number];
  /** Lens centre |y| (one lamp each side). */
  readonly y: number;
  readonly halfWidth: number;
}

interface CarProfile {
  readonly width: number;
  readonly wheelR: number;
  readonly wheelW: number;
  /** Front and rear axle x. */
  readonly axles: readonly [number, number];
  readonly archR: number;
  /** Height of the body's bottom edge. */
  readonly sill: number;
  readonly bevel: number;
  /** Lower body outline above the sill: front bottom, over the top, to rear bottom (x descending). */
  readonly upper: readonly XZ[];
  /** Greenhouse: belt front (a), roof front (b), roof rear (c), belt rear (d); and its width. */
  readonly cabin: { readonly a: XZ; readonly b: XZ; readonly c: XZ; readonly d: XZ; readonly width: number };
  /** Side windows: x ranges of the greenhouse's inset window band that are glass. */
  readonly windows: ReadonlyArray<readonly [number, number]>;
  readonly rearWindow: boolean;
  /** Bumper height range, and the x of the rear end when it is not the lower body's (pickup). */
  readonly bumper: readonly [number, number];
  readonly tailEnd?: number;
  readonly grille: { readonly z: readonly [number, number]; readonly halfWidth: number };
  readonly head: Lamp;
  readonly tail: Lamp;
}

const SEDAN: CarProfile = {
  width: 1.8,
  wheelR: 0.32,
  wheelW: 0.22,
  axles: [1.37, -1.36],
  archR: 0.39,
  sill: 0.3,
  bevel: 0.06,
  upper: [[2.24, 0.4], [2.24, 0.64], [2.14, 0.74], [0.98, 0.85], [-1.55, 0.89], [-2.1, 0.89], [-2.24, 0.78], [-2.24, 0.4]],
  cabin: { a: [1.0, 0.85], b: [0.18, 1.39], c: [-1.02, 1.4], d: [-1.64, 0.88], width: 1.48 },
  windows: [[-0.28, 9], [-9, -0.4]],
  rearWindow: true,
  bumper: [0.26, 0.42],
  grille: { z: [0.42, 0.56], halfWidth: 0.34 },
  head: { x: 2.27, z: [0.52, 0.63], y: 0.6, halfWidth: 0.17 },
  tail: { x: -2.27, z: [0.64, 0.77], y: 0.62, halfWidth: 0.16 },
};

/** Two-box hatchback: short, with a steep tailgate under a long roof. */
const HATCH: CarProfile = {
  width: 1.76,
  wheelR: 0.31,
  wheelW: 0.21,
  axles: [1.28, -1.27],
  archR: 0.38,
  sill: 0.3,
  bevel: 0.06,
  upper: [[2.02, 0.4], [2.02, 0.62], [1.93, 0.73], [0.9, 0.86], [-1.8, 0.92], [-2.0, 0.9], [-2.04, 0.6], [-2.04, 0.4]],
  cabin: { a: [0.92, 0.86], b: [0.05, 1.42], c: [-1.55, 1.45], d: [-1.97, 0.91], width: 1.44 },
  windows: [[-0.35, 9], [-9, -0.47]],
  rearWindow: true,
  bumper: [0.26, 0.42],
  grille: { z: [0.42, 0.55], halfWidth: 0.32 },
  head: { x: 2.05, z: [0.52, 0.63], y: 0.58, halfWidth: 0.16 },
  tail: { x: -2.07, z: [0.68, 0.84], y: 0.62, halfWidth: 0.12 },
};

/** Estate: the saloon's front with the roof carried on to an upright tailgate, three side windows. */
const ESTATE: CarProfile = {
  width: 1.8,
  wheelR: 0.32,
  wheelW: 0.22,
  axles: [1.42, -1.4],
  archR: 0.39,
  sill: 0.3,
  bevel: 0.06,
  upper: [[2.3, 0.4], [2.3, 0.64], [2.2, 0.74], [1.02, 0.85], [-2.15, 0.9], [-2.3, 0.86], [-2.3, 0.4]],
  cabin: { a: [1.04, 0.85], b: [0.22, 1.4], c: [-2.0, 1.44], d: [-2.26, 0.9], width: 1.5 },
  windows: [[-0.28, 9], [-1.3, -0.4], [-9, -1.42]],
  rearWindow: true,
  bumper: [0.26, 0.42],
  grille: { z: [0.42, 0.56], halfWidth: 0.34 },
  head: { x: 2.33, z: [0.52, 0.63], y: 0.6, halfWidth: 0.17 },
  tail: { x: -2.33, z: [0.7, 0.86], y: 0.64, halfWidth: 0.13 },
};

const SUV: CarProfile = {
  width: 1.9,
  wheelR: 0.37,
  wheelW: 0.26,
  axles: [1.43, -1.42],
  archR: 0.44,
  sill: 0.4,
  bevel: 0.06,
  upper: [[2.29, 0.48], [2.29, 0.86], [2.2, 0.99], [1.1, 1.07], [-2.05, 1.12], [-2.29, 1.08], [-2.29, 0.48]],
  cabin: { a: [1.12, 1.07], b: [0.3, 1.67], c: [-2.03, 1.69], d: [-2.24, 1.1], width: 1.66 },
  windows: [[-0.3, 9], [-1.38, -0.42], [-9, -1.5]],
  rearWindow: true,
  bumper: [0.36, 0.56],
  grille: { z: [0.58, 0.84], halfWidth: 0.42 },
  head: { x: 2.32, z: [0.72, 0.84], y: 0.65, halfWidth: 0.2 },
  tail: { x: -2.32, z: [0.84, 1.0], y: 0.7, halfWidth: 0.15 },
};

const PICKUP: CarProfile = {
  width: 1.9,
  wheelR: 0.38,
  wheelW: 0.26,
  axles: [1.75, -1.65],
  archR: 0.45,
  sill: 0.46,
  bevel: 0.05,
  upper: [[2.6, 0.52], [2.6, 0.96], [2.5, 1.08], [1.25, 1.16], [-0.72, 1.2], [-0.78, 1.16], [-0.78, 0.52]],
  cabin: { a: [1.25, 1.16], b: [0.55, 1.8], c: [-0.6, 1.81], d: [-0.74, 1.2], width: 1.7 },
  windows: [[-0.02, 9], [-9, -0.14]],
  rearWindow: true,
  bumper: [0.42, 0.62],
  tailEnd: -2.66,
  grille: { z: [0.64, 0.98], halfWidth: 0.44 },
  head: { x: 2.63, z: [0.82, 0.95], y: 0.67, halfWidth: 0.2 },
  tail: { x: -2.67, z: [0.84, 1.14], y: 0.86, halfWidth: 0.05 },
};

const VAN: CarProfile = {
  width: 2.0,
  wheelR: 0.34,
  wheelW: 0.23,
  axles: [1.72, -1.6],
  archR: 0.41,
  sill: 0.38,
  bevel: 0.05,
  upper: [[2.44, 0.44], [2.44, 0.84], [2.36, 0.98], [1.95, 1.1], [-2.44, 1.14], [-2.44, 0.44]],
  cabin: { a: [1.95, 1.1], b: [1.22, 2.04], c: [-2.4, 2.06], d: [-2.44, 1.14], width: 1.84 },
  windows: [[0.98, 9]],
  rearWindow: true,
  bumper: [0.34, 0.56],
  grille: { z: [0.58, 0.9], halfWidth: 0.4 },
  head: { x: 2.47, z: [0.76, 0.92], y: 0.68, halfWidth: 0.2 },
  tail: { x: -2.47, z: [0.6, 1.02], y: 0.9, halfWidth: 0.06 },
};

/** x of the line p -> q at height z. */
const xAt = (p: XZ, q: XZ, z: number): number => p[0] + ((q[0] - p[0]) * (z - p[1])) / (q[1] - p[1]);

interface CarParts {
  readonly p: Parts;
  readonly paint: THREE.MeshStandardMaterial;
  readonly trim: THREE.MeshStandardMaterial;
  readonly glass: THREE.MeshStandardMaterial;
  readonly hub: THREE.MeshStandardMaterial;
}

function buildBody(k: CarProfile, color: Rgb): CarParts {
  const p = new Parts();
  const paint = standard(srgb(color), 0.35, 0.45);
  const glass = glassMaterial();
  const tyre = tyreMaterial();
  const hub = hubMaterial();
  const trim = trimMaterial();
  const head = headlightMaterial();
  const tail = taillightMaterial();
  const W = k.width;
  const front = k.upper[0]![0];
  const rear = k.tailEnd ?? k.upper[k.upper.length - 1]![0];

  // Lower body with wheel arches.
  const arches = k.axles.map((x) => [x, k.archR] as const);
  p.mesh(extrudeSide(sideShape(k.upper, k.sill, arches), W, k.bevel, 5), paint, { name: 'body' });

  // Greenhouse in paint (pillars and roof), glass set into its faces.
  const { a, b, c, d } = k.cabin;
  const cb = 0.04;
  p.mesh(extrudeSide(polygon([a, b, c, d]), k.cabin.width, cb, 1), paint, { name: 'cabin' });
  const lift = cb * 0.7;
  p.plate(glass, a, b, k.cabin.width - 0.14, { inset: 0.05, lift, outward: 1 });
  if (k.rearWindow) p.plate(glass, d, c, k.cabin.width - 0.18, { inset: 0.06, lift, outward: -1 });
  const z0 = Math.max(a[1], d[1]) + 0.06;
  const z1 = Math.min(b[1], c[1]) - 0.06;
  const band: XZ[] = [
    [xAt(a, b, z0) - 0.08, z0],
    [xAt(d, c, z0) + 0.08, z0],
    [xAt(d, c, z1) + 0.08, z1],
    [xAt(a, b, z1) - 0.08, z1],
  ];
  for (const [x0, x1] of k.windows) {
    const pts = clipX(band, x0, x1);
    if (pts.length < 3) continue;
    const g = extrudeSide(polygon(pts), 0.02);
    for (const side of [1, -1]) p.mesh(g, glass, { position: [0, (side * k.cabin.width) / 2, 0] });
  }
  // Door mirrors at the foot of the A pillars, where the body's width leaves room for them.
  const reach = Math.min(0.12, W / 2 - k.cabin.width / 2);
  const mx = xAt(a, b, a[1] + 0.1) - 0.06;
  for (const side of reach > 0.05 ? [1, -1] : []) {
    const y0 = (side * k.cabin.width) / 2;
    const y1 = y0 + side * reach;
    p.box(paint, [mx - 0.14, Math.min(y0, y1), a[1] + 0.06], [mx, Math.max(y0, y1), a[1] + 0.18], 'mirror');
  }

  // Wheels (axis along y): tyres on five-spoke alloy rims, the rim face inside the body's side.
  const wheelMats = { tyre, rim: rimMaterial(), recess: recessMaterial() };
  for (const x of k.axles) {
    for (const side of [1, -1] as const) {
      const y = side * (W / 2 - k.wheelW / 2 - 0.01 - WHEEL_FACE);
      alloyWheel(p, wheelMats, [x, y, k.wheelR], k.wheelR, k.wheelW, side);
    }
  }

  // Bumpers, grille, lamps.
  const bw = W / 2 - 0.03;
  p.box(trim, [front - 0.1, -bw, k.bumper[0]], [front + 0.07, bw, k.bumper[1]]);
  p.box(trim, [rear - 0.07, -bw, k.bumper[0]], [rear + 0.1, bw, k.bumper[1]]);
  p.box(trim, [front, -k.grille.halfWidth, k.grille.z[0]], [front + k.bevel * 0.7 + 0.012, k.grille.halfWidth, k.grille.z[1]]);
  // Number plates on the bumpers' faces.
  const plate = plateMaterial();
  const plateZ = (k.bumper[0] + k.bumper[1]) / 2;
  numberPlate(p, plate, front + 0.07, plateZ, true);
  numberPlate(p, plate, rear - 0.07, plateZ, false);
  const amber = indicatorMaterial();
  for (const side of [1, -1]) {
    const h = k.head;
    const t = k.tail;
    p.box(head, [h.x - 0.04, side * h.y - h.halfWidth, h.z[0]], [h.x + 0.02, side * h.y + h.halfWidth, h.z[1]], 'headlight');
    p.box(tail, [t.x - 0.02, side * t.y - t.halfWidth, t.z[0]], [t.x + 0.04, side * t.y + t.halfWidth, t.z[1]], 'taillight');
    // Amber indicators: under the headlight's outer part; under the tail lamp, or over it when the bumper is in the way.
    const ind = side > 0 ? 'indicator_left' : 'indicator_right';
    const y0 = side * (h.y + h.halfWidth * 0.2);
    const y1 = side * (h.y + h.halfWidth);
    p.box(amber, [h.x - 0.04, Math.min(y0, y1), h.z[0] - 0.05], [h.x + 0.02, Math.max(y0, y1), h.z[0] - 0.01], ind);
    const rz: readonly [number, number] = t.z[0] - 0.06 > k.bumper[1] + 0.01 ? [t.z[0] - 0.05, t.z[0] - 0.01] : [t.z[1] + 0.01, t.z[1] + 0.05];
    p.box(amber, [t.x - 0.02, side * t.y - t.halfWidth, rz[0]], [t.x + 0.04, side * t.y + t.halfWidth, rz[1]], ind);
  }
  return { p, paint, trim, glass, hub };
}

const BODIES = { saloon: SEDAN, hatchback: HATCH, estate: ESTATE } as const;

/**
 * The sedan model in its body style (variant.body): a three-box saloon (low bonnet, glass cabin,
 * separate boot; the default), a short hatchback, or an estate.
 */
export function buildSedan(color: Rgb, _seed = 0, variant: ModelVariant = {}): THREE.Group {
  return buildBody(BODIES[variant.body ?? 'saloon'], color).p.root;
}

/** Tall two-box SUV: high flat bonnet, long roof to a near-vertical tailgate, big wheels. */
export function buildSuv(color: Rgb): THREE.Group {
  const { p, trim } = buildBody(SUV, color);
  // Roof rails, and dark cladding along the sills.
  for (const side of [1, -1]) {
    const y = side * 0.72;
    p.box(trim, [-1.85, y - 0.03, 1.7], [0.05, y + 0.03, 1.75]);
    p.box(trim, [-1.95, side * 0.95 - 0.012, 0.4], [1.95, side * 0.95 + 0.012, 0.56]);
  }
  return p.root;
}

/** Crew-cab pickup: cab over the front half, an open load bed with side walls behind it. */
export function buildPickup(color: Rgb): THREE.Group {
  const k = PICKUP;
  const { p, paint, trim } = buildBody(k, color);
  const W = k.width;
  const bedFront = -0.82;
  const bedRear = -2.65;
  const wallTop = 1.22;
  const wallT = 0.09;
  // Bed side walls with the rear wheel arch, a floor above the wheels, a tailgate, a frame below.
  const wall = extrudeSide(
    sideShape([[bedFront, 0.52], [bedFront, wallTop], [bedRear, wallTop], [bedRear, 0.52]], k.sill, [[k.axles[1], k.archR]], 0.04),
    wallT,
    0.015,
    5,
  );
  for (const side of [1, -1]) p.mesh(wall, paint, { position: [0, side * (W / 2 - wallT / 2), 0] });
  p.box(trim, [bedRear + 0.05, -(W / 2 - wallT), 0.8], [bedFront, W / 2 - wallT, 0.88]); // bed floor
  p.box(paint, [bedRear - 0.01, -(W / 2 - wallT), 0.55], [bedRear + 0.07, W / 2 - wallT, wallTop - 0.02]); // tailgate
  p.box(trim, [bedRear - 0.015, -0.18, 1.02], [bedRear, 0.18, 1.07]); // tailgate handle
  p.box(trim, [bedRear + 0.1, -0.5, 0.42], [bedFront, 0.5, 0.8]); // frame
  return p.root;
}

/** One-box van: short bonnet, steep windscreen, tall flat-sided load area with a sliding door. */
export function buildVan(color: Rgb): THREE.Group {
  const k = VAN;
  const { p, trim } = buildBody(k, color);
  const y = k.width / 2 + 0.003;
  const seam = (x0: number, x1: number, z0: number, z1: number): void => {
    for (const side of [1, -1]) p.box(trim, [x0, side * y - 0.006, z0], [x1, side * y + 0.006, z1]);
  };
  seam(0.93, 0.95, 0.42, 1.98); // front door's rear edge / sliding door's front edge
  seam(-0.58, -0.56, 0.42, 1.92); // sliding door's rear edge
  seam(-0.58, 0.95, 1.9, 1.92); // sliding door's top
  seam(-2.3, -0.58, 1.46, 1.5); // sliding door track
  seam(1.78, 1.8, 0.5, 1.1); // front door's front edge
  for (const side of [1, -1]) p.box(trim, [0.62, side * y - 0.012, 1.12], [0.8, side * y + 0.012, 1.16]); // handle
  p.box(trim, [-2.51, -0.006, 0.5], [-2.47, 0.006, 2.0]); // rear doors' split
  return p.root;
}
