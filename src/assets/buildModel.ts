// Procedural models for the thing classes of core/classes.ts. Each model is built at its class's
// default proportions, then stretched so its bounding box is exactly the requested size:
// x in [-L/2, L/2] (forward +x), y in [-W/2, W/2] (left +y), z in [0, H] (origin on the ground).
import * as THREE from 'three';
import { LongtailError } from '../core/errors.ts';
import { buildBox } from './models/box.ts';
import { buildCar } from './models/car.ts';
import { fitToBox, type Rgb, type Size3 } from './models/common.ts';
import { buildCone } from './models/cone.ts';
import { buildDeer } from './models/deer.ts';
import { buildMoose } from './models/moose.ts';
import { buildPedestrian } from './models/pedestrian.ts';
import { buildTruck } from './models/truck.ts';

/** Builders that return a model at native proportions, to be fitted to the requested box. */
const BUILDERS: Readonly<Record<string, (color: Rgb) => THREE.Group>> = {
  car: buildCar,
  truck: buildTruck,
  deer: buildDeer,
  moose: buildMoose,
  pedestrian: buildPedestrian,
  cone: buildCone,
};

/** Class names buildModel knows. */
export const MODEL_CLASSES: readonly string[] = [...Object.keys(BUILDERS), 'box'];

/**
 * A model of class `cls` exactly filling a box of `size` [length x, width y, height z] metres,
 * body coloured `color` (sRGB 0..1). Every mesh casts and receives shadows; lamp meshes are
 * named 'headlight' / 'taillight' (turn them on through their material's emissiveIntensity).
 * `group.userData.cls` is the class name. Release GPU resources with disposeModel().
 */
export function buildModel(
  cls: string,
  size: readonly [number, number, number],
  color: readonly [number, number, number],
): THREE.Group {
  const builder = cls === 'box' ? undefined : BUILDERS[cls];
  if (cls !== 'box' && !builder) throw new LongtailError(`no model for class '${cls}'`, 'asset');
  if (!size.every((v) => Number.isFinite(v) && v > 0))
    throw new LongtailError(`model '${cls}': size must be three positive numbers, got [${size.join(', ')}]`, 'asset');

  let group: THREE.Group;
  if (builder) {
    const model = builder(color as Rgb);
    model.name = `${cls}_model`;
    fitToBox(model, size as Size3);
    group = new THREE.Group();
    group.add(model);
  } else {
    group = buildBox(size as Size3, color as Rgb);
  }
  group.name = cls;
  group.userData.cls = cls;
  group.updateMatrixWorld(true);
  return group;
}
