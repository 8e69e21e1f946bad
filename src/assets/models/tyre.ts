// Car tyre lying flat on the road, built at 0.7 x 0.7 x 0.25 m (axis along z): a lathed rubber
// section with rounded shoulders, a grey steel wheel inside it with a centre hub.
import * as THREE from 'three';
import { Parts, hubMaterial, srgb, standard, type Rgb } from './common.ts';

const R_OUT = 0.35;
const R_BEAD = 0.215;
const H = 0.25;

/** The tyre's cross-section (radius, height), counter-clockwise so the faces point out. */
function section(): THREE.Vector2[] {
  const pts: Array<[number, number]> = [
    [R_BEAD, 0.03],
    [0.24, 0.012],
    [0.3, 0.0],
    [0.333, 0.012],
    [0.347, 0.045],
    [R_OUT, H / 2],
    [0.347, H - 0.045],
    [0.333, H - 0.012],
    [0.3, H],
    [0.24, H - 0.012],
    [R_BEAD, H - 0.03],
    [R_BEAD, 0.03],
  ];
  return pts.map(([r, z]) => new THREE.Vector2(r, z));
}

export function buildTyre(color: Rgb): THREE.Group {
  const p = new Parts();
  const rubber = standard(srgb(color), 0.9, 0);
  const steel = hubMaterial();
  const centre = standard(0x6c6e72, 0.5, 0.5);

  const lathe = new THREE.LatheGeometry(section(), 36);
  lathe.rotateX(Math.PI / 2); // lathe axis y -> z
  p.mesh(lathe, rubber, { name: 'tyre' });

  // Steel wheel: rim lips top and bottom, the wheel disc a little above the middle, centre hub.
  p.torus(steel, [0, 0, H - 0.035], R_BEAD - 0.004, 0.01, 'z', 5, 32);
  p.torus(steel, [0, 0, 0.035], R_BEAD - 0.004, 0.01, 'z', 5, 32);
  p.limb(steel, [0, 0, 0.12], [0, 0, 0.15], R_BEAD - 0.002, R_BEAD - 0.002, 28);
  p.limb(centre, [0, 0, 0.15], [0, 0, 0.175], 0.075, 0.06, 16);
  return p.root;
}
