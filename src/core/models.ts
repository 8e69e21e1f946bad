// Models: the kinds of thing a scenario can place (`sedan`, `child`, `fallen_tree`), each with the
// label class it is written as, its default size and colour. The scenario language's entity words
// are these names.
import { classByName, type ClassInfo } from './classes.ts';

export interface ModelInfo {
  readonly name: string;
  /** Label class name (classes.ts). */
  readonly cls: string;
  /** Default box size [length x, width y, height z], metres. */
  readonly size: readonly [number, number, number];
  /** Default colour, sRGB 0..1. */
  readonly color: readonly [number, number, number];
}

const m = (name: string, cls: string, size: [number, number, number], color: [number, number, number]): ModelInfo => ({ name, cls, size, color });

export const MODELS: readonly ModelInfo[] = [
  m('sedan', 'car', [4.6, 1.8, 1.45], [0.55, 0.08, 0.08]),
  m('suv', 'car', [4.7, 1.9, 1.75], [0.2, 0.22, 0.25]),
  m('pickup', 'car', [5.3, 1.9, 1.85], [0.75, 0.74, 0.7]),
  m('van', 'car', [5.0, 2.0, 2.1], [0.9, 0.9, 0.9]),
  m('truck', 'truck', [9.5, 2.5, 3.6], [0.85, 0.85, 0.82]),
  m('bus', 'bus', [12.0, 2.55, 3.2], [0.9, 0.75, 0.15]),
  m('motorcycle', 'motorcycle', [2.1, 0.8, 1.2], [0.1, 0.1, 0.12]),
  m('bicycle', 'bicycle', [1.75, 0.6, 1.05], [0.15, 0.35, 0.6]),
  m('deer', 'deer', [1.6, 0.45, 1.55], [0.5, 0.33, 0.2]),
  m('moose', 'moose', [2.8, 0.8, 2.2], [0.25, 0.18, 0.12]),
  m('boar', 'boar', [1.4, 0.5, 0.9], [0.22, 0.18, 0.15]),
  m('dog', 'dog', [0.9, 0.3, 0.6], [0.6, 0.45, 0.25]),
  m('cow', 'cow', [2.4, 0.8, 1.5], [0.9, 0.9, 0.88]),
  m('horse', 'horse', [2.4, 0.65, 1.7], [0.4, 0.25, 0.15]),
  m('sheep', 'sheep', [1.2, 0.45, 0.9], [0.88, 0.86, 0.8]),
  m('adult', 'pedestrian', [0.5, 0.6, 1.75], [0.2, 0.3, 0.6]),
  m('child', 'pedestrian', [0.35, 0.4, 1.15], [0.8, 0.2, 0.2]),
  m('box', 'box', [1, 1, 1], [0.6, 0.45, 0.25]),
  m('cone', 'cone', [0.35, 0.35, 0.7], [1.0, 0.4, 0.05]),
  m('debris', 'debris', [1.2, 0.8, 0.3], [0.35, 0.33, 0.3]),
  m('tyre', 'tyre', [0.7, 0.7, 0.25], [0.08, 0.08, 0.08]),
  m('rock', 'rock', [0.6, 0.5, 0.4], [0.45, 0.43, 0.4]),
  m('fallen_tree', 'fallen_tree', [8.0, 0.6, 0.6], [0.35, 0.25, 0.15]),
];

/** Other words for a model, kept so older scenarios read the same. */
export const MODEL_ALIASES: Readonly<Record<string, string>> = {
  car: 'sedan',
  pedestrian: 'adult',
  person: 'adult',
};

const byName = new Map(MODELS.map((x) => [x.name, x]));

/** A model by name or alias. */
export function modelByName(name: string): ModelInfo | undefined {
  return byName.get(MODEL_ALIASES[name] ?? name);
}

export function classOfModel(model: ModelInfo): ClassInfo {
  return classByName(model.cls)!;
}

/** Every word that names a model, aliases included. */
export const MODEL_WORDS: readonly string[] = [...MODELS.map((x) => x.name), ...Object.keys(MODEL_ALIASES)];
