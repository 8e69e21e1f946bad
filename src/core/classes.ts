// The label taxonomy. Semantic ids are stable: datasets written today must read the same tomorrow,
// so ids are only ever appended, never renumbered.

export type Category = 'void' | 'surface' | 'vehicle' | 'animal' | 'person' | 'prop';

export interface ClassInfo {
  /** Semantic class id written into semantic PNGs (0..255). */
  readonly id: number;
  readonly name: string;
  readonly category: Category;
  /** Default box size [length x, width y, height z] in metres, for things. */
  readonly size: readonly [number, number, number];
  /** Default colour, sRGB 0..1. */
  readonly color: readonly [number, number, number];
}

const c = (
  id: number,
  name: string,
  category: Category,
  size: [number, number, number],
  color: [number, number, number],
): ClassInfo => ({ id, name, category, size, color });

export const CLASSES: readonly ClassInfo[] = [
  c(0, 'void', 'void', [0, 0, 0], [0, 0, 0]), // sky, nothing hit
  c(1, 'road', 'surface', [0, 0, 0], [0.23, 0.23, 0.24]),
  c(2, 'lane_marking', 'surface', [0, 0, 0], [0.92, 0.92, 0.88]),
  c(3, 'terrain', 'surface', [0, 0, 0], [0.22, 0.3, 0.16]),
  c(4, 'shoulder', 'surface', [0, 0, 0], [0.34, 0.33, 0.3]),
  c(10, 'car', 'vehicle', [4.5, 1.8, 1.45], [0.55, 0.08, 0.08]),
  c(11, 'truck', 'vehicle', [9.5, 2.5, 3.6], [0.85, 0.85, 0.82]),
  c(20, 'deer', 'animal', [1.6, 0.45, 1.55], [0.5, 0.33, 0.2]),
  c(21, 'moose', 'animal', [2.8, 0.8, 2.2], [0.25, 0.18, 0.12]),
  c(30, 'pedestrian', 'person', [0.5, 0.6, 1.75], [0.2, 0.3, 0.6]),
  c(40, 'box', 'prop', [1, 1, 1], [0.6, 0.45, 0.25]),
  c(41, 'cone', 'prop', [0.35, 0.35, 0.7], [1.0, 0.4, 0.05]),
];

const byName = new Map(CLASSES.map((k) => [k.name, k]));
const byId = new Map(CLASSES.map((k) => [k.id, k]));

export type ClassName = string;

export function classByName(name: string): ClassInfo | undefined {
  return byName.get(name);
}

export function classById(id: number): ClassInfo | undefined {
  return byId.get(id);
}

/** Classes an entity can be (things, not surfaces). */
export const THING_CLASSES: readonly ClassInfo[] = CLASSES.filter(
  (k) => k.category !== 'void' && k.category !== 'surface',
);
