// Box prop: exactly one BoxGeometry mesh filling [-L/2, L/2] x [-W/2, W/2] x [0, H], unscaled,
// so analytic ground-truth tests can rely on its vertices being the box corners.
import * as THREE from 'three';
import { srgb, standard, type Rgb, type Size3 } from './common.ts';

export function buildBox(size: Size3, color: Rgb): THREE.Group {
  const [L, W, H] = size;
  const g = new THREE.Group();
  const m = new THREE.Mesh(new THREE.BoxGeometry(L, W, H), standard(srgb(color), 0.8, 0));
  m.name = 'box';
  m.position.set(0, 0, H / 2);
  m.castShadow = true;
  m.receiveShadow = true;
  g.add(m);
  return g;
}
