// Details shared by the motor vehicles: alloy wheels (tyre, dark recess, a five-spoke rim) and
// number plates. Each part stays inside the vehicle's box: wheels end at the body's side plane,
// plates sit on the bumper faces.
import * as THREE from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import { Parts, standard, type P3 } from './common.ts';

/** Silver alloy for rims. */
export const rimMaterial = (): THREE.MeshStandardMaterial => standard(0xb8bbc0, 0.3, 0.85);
/** The dark space between the spokes (brake disc, wheel well). */
export const recessMaterial = (): THREE.MeshStandardMaterial => standard(0x2a2c2e, 0.8, 0.3);
/** Number plate: reflective white. */
export const plateMaterial = (): THREE.MeshStandardMaterial => standard(0xeeeeea, 0.4, 0);

/** Spokes of an alloy rim. */
const SPOKES = 5;
/** Rim radius over tyre radius. */
const RIM = 0.64;
/** Thickness of the rim's face layer, metres. */
const FACE = 0.012;

/**
 * A five-spoke rim of radius 1 in the x-z plane (axis y, thickness 1 along y): the lip ring, the
 * spokes and the centre cap merged into one geometry (one draw call per wheel).
 */
function rimGeometry(): THREE.BufferGeometry {
  const parts: THREE.BufferGeometry[] = [];
  const ring = new THREE.TorusGeometry(1 - 0.06, 0.06, 4, 24);
  ring.rotateX(Math.PI / 2); // axis z -> y
  ring.scale(1, 1 / 0.12, 1); // the tube spans y in [-0.5, 0.5]
  parts.push(ring);
  for (let i = 0; i < SPOKES; i++) {
    const a = (i * 2 * Math.PI) / SPOKES + Math.PI / 2;
    const spoke = new THREE.BoxGeometry(0.72, 1, 0.16);
    spoke.translate(0.52, 0, 0);
    spoke.rotateY(-a);
    parts.push(spoke);
  }
  const cap = new THREE.CylinderGeometry(0.2, 0.2, 1, 10, 1);
  parts.push(cap);
  const merged = mergeGeometries(parts.map((g) => g.toNonIndexed()));
  for (const g of parts) g.dispose();
  return merged;
}

/**
 * A wheel at `centre` (axis along y) of radius `r` and tyre width `w`, on side `side` (+1 left):
 * the tyre, a dark recess and a silver rim on the outer face. Its outer face is at
 * |y| = |centre y| + w/2 + FACE.
 */
export function alloyWheel(
  p: Parts,
  mats: { tyre: THREE.Material; rim: THREE.Material; recess: THREE.Material },
  centre: P3,
  r: number,
  w: number,
  side: 1 | -1,
): void {
  p.wheel(mats.tyre, centre, r, w).name = 'wheel';
  const face = centre[1] + side * (w / 2);
  const rr = r * RIM;
  p.wheel(mats.recess, [centre[0], face + side * (FACE * 0.25), centre[2]], rr, FACE * 0.5, 14);
  const g = p.geometry('alloyRim', rimGeometry);
  p.mesh(g, mats.rim, { name: 'rim', position: [centre[0], face + side * (FACE * 0.5), centre[2]], scale: [rr, FACE, rr] });
}

/** Outer face extent of an alloy wheel beyond its tyre: keep |y centre| + w/2 + this inside the box. */
export const WHEEL_FACE = FACE;

/**
 * A number plate (EU size 520 × 110 mm unless `size` is given) standing on the vertical face at
 * x = `x`, centred at height `z`, facing +x when `front`, -x otherwise; `depth` its thickness.
 */
export function numberPlate(p: Parts, material: THREE.Material, x: number, z: number, front: boolean, size: readonly [number, number] = [0.52, 0.11], depth = 0.012): THREE.Mesh {
  const dx = front ? depth / 2 : -depth / 2;
  const m = p.orientedBox(material, [x + dx, 0, z], [depth, size[0], size[1]]);
  m.name = front ? 'plate_front' : 'plate_rear';
  return m;
}
