// Procedural models for the models of core/models.ts (sedan, child, fallen_tree...). Each is built
// at its default proportions, then stretched so its bounding box is exactly the requested size:
// x in [-L/2, L/2] (forward +x), y in [-W/2, W/2] (left +y), z in [0, H] (origin on the ground).
import * as THREE from 'three';
import { LongtailError } from '../core/errors.ts';
import { MODELS, modelByName, type ModelVariant } from '../core/index.ts';
import { buildBoar } from './models/boar.ts';
import { buildBox } from './models/box.ts';
import { buildBus } from './models/bus.ts';
import { buildPickup, buildSedan, buildSuv, buildVan } from './models/car.ts';
import { fitToBox, variantSeed, type Rgb, type Size3 } from './models/common.ts';
import { buildCone } from './models/cone.ts';
import { buildCow } from './models/cow.ts';
import { buildDebris } from './models/debris.ts';
import { buildDeer } from './models/deer.ts';
import { buildDog } from './models/dog.ts';
import { buildFallenTree } from './models/fallenTree.ts';
import { buildHorse } from './models/horse.ts';
import { buildMoose } from './models/moose.ts';
import { buildAdult, buildChild } from './models/person.ts';
import { buildRock } from './models/rock.ts';
import { buildSheep } from './models/sheep.ts';
import { buildTruck } from './models/truck.ts';
import { buildTyre } from './models/tyre.ts';
import { buildBicycle, buildMotorcycle } from './models/twoWheelers.ts';

/**
 * Builders returning a model at native proportions, to be fitted to the requested box. `seed`
 * is a stable hash of model, colour and size, for models that vary (debris, rock, fallen tree);
 * `variant` the sampled look choices (body style, antlers...); `size` the box it will be fitted
 * to, for models whose parts keep their real size as the box grows (a truck's cab).
 */
type Builder = (color: Rgb, seed: number, variant: ModelVariant, size: Size3) => THREE.Group;

const BUILDERS: Readonly<Record<string, Builder>> = {
  sedan: buildSedan,
  suv: buildSuv,
  pickup: buildPickup,
  van: buildVan,
  truck: buildTruck,
  bus: buildBus,
  motorcycle: buildMotorcycle,
  bicycle: buildBicycle,
  deer: buildDeer,
  moose: buildMoose,
  boar: buildBoar,
  dog: buildDog,
  cow: buildCow,
  horse: buildHorse,
  sheep: buildSheep,
  adult: buildAdult,
  child: buildChild,
  cone: buildCone,
  debris: buildDebris,
  tyre: buildTyre,
  rock: buildRock,
  fallen_tree: buildFallenTree,
};

/** Model names buildModel knows: every model of core/models.ts (aliases resolve to these). */
export const MODEL_NAMES: readonly string[] = MODELS.map((m) => m.name);

/**
 * A model named `model` (a name of core MODELS, or an alias such as 'car' or 'pedestrian')
 * exactly filling a box of `size` [length x, width y, height z] metres, body coloured `color`
 * (sRGB 0..1), in the look `variant` (EntitySpec.variant; absent fields: the model's default).
 * Every mesh casts and receives shadows; lamp meshes of motor vehicles are named
 * 'headlight' / 'taillight' (turn them on through their material's emissiveIntensity).
 * `group.userData.model` is the model name, `group.userData.cls` its label class.
 * Release GPU resources with disposeModel().
 */
export function buildModel(
  model: string,
  size: readonly [number, number, number],
  color: readonly [number, number, number],
  variant: ModelVariant = {},
): THREE.Group {
  const info = modelByName(model);
  const name = info?.name ?? model;
  const builder = Object.hasOwn(BUILDERS, name) ? BUILDERS[name] : undefined;
  if (!info || (name !== 'box' && !builder)) {
    throw new LongtailError(`no model for '${model}' (models: ${MODEL_NAMES.join(', ')})`, 'asset');
  }
  if (!size.every((v) => Number.isFinite(v) && v > 0))
    throw new LongtailError(`model '${model}': size must be three positive numbers, got [${size.join(', ')}]`, 'asset');

  let group: THREE.Group;
  if (builder) {
    const inner = builder(color as Rgb, variantSeed(name, color as Rgb, size as Size3), variant, size as Size3);
    inner.name = `${name}_model`;
    fitToBox(inner, size as Size3);
    group = new THREE.Group();
    group.add(inner);
  } else {
    group = buildBox(size as Size3, color as Rgb);
  }
  group.name = name;
  group.userData.model = name;
  group.userData.cls = info.cls;
  group.updateMatrixWorld(true);
  return group;
}
