// Debris: a low, irregular pile of lost cargo, built at about 1.2 x 0.8 x 0.3 m: a few planks
// lying across each other, squashed boxes and loose chunks. The layout varies with `seed` (a hash
// of the entity's colour and size, never Math.random), so each pile is stable between runs.
import type * as THREE from 'three';
import { Rng } from '../../core/rng.ts';
import { Parts, mixRgb, srgb, standard, type Rgb } from './common.ts';

export function buildDebris(color: Rgb, seed: number): THREE.Group {
  const p = new Parts();
  const rng = new Rng(seed, 'debris');
  const cargo = standard(srgb(color), 0.85, 0);
  const cargoDark = standard(srgb(color, 0.7), 0.9, 0);
  const wood = standard(srgb(mixRgb(color, [0.62, 0.46, 0.28], 0.7)), 0.85, 0);
  const woodDark = standard(srgb(mixRgb(color, [0.4, 0.3, 0.2], 0.7)), 0.9, 0);
  const u = (a: number, b: number): number => rng.uniform(a, b);

  // Planks: long and thin, strewn at angles; the later ones rest across the earlier.
  for (let i = 0; i < 4; i++) {
    const len = u(0.75, 1.05);
    const yaw = (i % 2 === 0 ? 1 : -1) * u(0.15, 0.6);
    const lift = i < 2 ? 0 : u(0.03, 0.07);
    const tilt = i < 2 ? u(-0.02, 0.02) : u(0.04, 0.1) * (rng.next() < 0.5 ? -1 : 1);
    p.orientedBox(i % 2 === 0 ? wood : woodDark, [u(-0.2, 0.2), u(-0.2, 0.2), 0.0125 + lift], [len, u(0.1, 0.16), 0.025], [u(-0.03, 0.03), tilt, yaw]);
  }

  // Squashed boxes and sheets of the cargo: flattened, turned, some tipped onto the planks.
  for (let i = 0; i < 3; i++) {
    const h = u(0.1, 0.2);
    const tip = i === 2 ? u(0.2, 0.35) : u(-0.05, 0.05);
    p.orientedBox(i === 1 ? cargoDark : cargo, [u(-0.35, 0.35), u(-0.22, 0.22), h / 2 + (i === 2 ? 0.06 : 0)], [u(0.3, 0.45), u(0.25, 0.38), h], [tip, u(-0.08, 0.08), u(-0.8, 0.8)]);
  }
  p.orientedBox(cargo, [u(-0.1, 0.1), u(-0.1, 0.1), 0.02], [u(0.5, 0.7), u(0.45, 0.6), 0.01], [0, 0, u(-0.6, 0.6)]); // torn sheet

  // Loose chunks.
  for (let i = 0; i < 5; i++) {
    const s = u(0.05, 0.1);
    p.orientedBox(i % 2 ? cargoDark : woodDark, [u(-0.5, 0.5), u(-0.32, 0.32), s * 0.35], [s, s * u(0.6, 1), s * 0.7], [u(-0.3, 0.3), u(-0.3, 0.3), u(0, 3)]);
  }
  return p.root;
}
