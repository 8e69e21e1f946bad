// Rock: an irregular rounded boulder, built at about 0.6 x 0.5 x 0.4 m. A once-subdivided
// icosahedron whose vertices are pushed in and out by a hash of their position and `seed` (a
// hash of the entity's colour and size: no Math.random), flattened underneath where it rests,
// flat-shaded so the facets read as broken stone.
import * as THREE from 'three';
import { hashString } from '../../core/rng.ts';
import { Parts, srgb, standard, type Rgb } from './common.ts';

const RADII = [0.3, 0.25, 0.23] as const;

function boulder(seed: number): THREE.BufferGeometry {
  const g = new THREE.IcosahedronGeometry(1, 1);
  const pos = g.getAttribute('position');
  const v = new THREE.Vector3();
  for (let i = 0; i < pos.count; i++) {
    v.fromBufferAttribute(pos, i);
    // Copies of a corner (the geometry is not indexed) hash alike, so the surface stays closed.
    // (Math.round gives -0 for tiny negatives, which prints as '0': no seam at zero either.)
    const key = `${Math.round(v.x * 1000)},${Math.round(v.y * 1000)},${Math.round(v.z * 1000)}`;
    const h = hashString(key, seed >>> 0 || 1);
    const k = 0.78 + 0.34 * (h / 0x100000000);
    const z = Math.max(v.z * k, -0.55); // resting face
    pos.setXYZ(i, v.x * k * RADII[0], v.y * k * RADII[1], z * RADII[2]);
  }
  pos.needsUpdate = true;
  g.computeVertexNormals();
  return g;
}

export function buildRock(color: Rgb, seed: number): THREE.Group {
  const p = new Parts();
  p.mesh(boulder(seed), standard(srgb(color), 0.95, 0, { flatShading: true }), { name: 'rock' });
  return p.root;
}
