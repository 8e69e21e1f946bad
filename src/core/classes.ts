// The label taxonomy: what a pixel or a box *is* for training. Semantic ids are stable: data sets
// written today must read the same tomorrow, so ids are only ever appended, never renumbered.
// What a thing *looks like* is its model (models.ts): a sedan and a van are both class 'car'.

/**
 * 'surface' is every *stuff* class, labelled per pixel with instance id 0: the road's surfaces and
 * the roadside scenery on them (guardrails, poles, signs, vegetation). The rest are things.
 */
export type Category = 'void' | 'surface' | 'vehicle' | 'animal' | 'person' | 'prop';

export interface ClassInfo {
  /** Semantic class id written into semantic PNGs (0..255). */
  readonly id: number;
  readonly name: string;
  readonly category: Category;
  /** Surface colour for stuff classes, sRGB 0..1 (things take theirs from the model). */
  readonly color: readonly [number, number, number];
}

const c = (id: number, name: string, category: Category, color: [number, number, number] = [0.5, 0.5, 0.5]): ClassInfo => ({
  id,
  name,
  category,
  color,
});

export const CLASSES: readonly ClassInfo[] = [
  c(0, 'void', 'void', [0, 0, 0]), // sky, nothing hit
  c(1, 'road', 'surface', [0.23, 0.23, 0.24]),
  c(2, 'lane_marking', 'surface', [0.92, 0.92, 0.88]),
  c(3, 'terrain', 'surface', [0.22, 0.3, 0.16]),
  c(4, 'shoulder', 'surface', [0.34, 0.33, 0.3]),
  // Roadside scenery (render/roadside.ts): stuff like the surfaces, instance id 0, never an entity.
  c(5, 'guardrail', 'surface', [0.62, 0.64, 0.66]),
  c(6, 'pole', 'surface', [0.45, 0.42, 0.38]),
  c(7, 'traffic_sign', 'surface', [0.85, 0.85, 0.85]),
  c(8, 'vegetation', 'surface', [0.16, 0.3, 0.12]),
  c(10, 'car', 'vehicle'),
  c(11, 'truck', 'vehicle'),
  c(12, 'bus', 'vehicle'),
  c(13, 'motorcycle', 'vehicle'),
  c(14, 'bicycle', 'vehicle'),
  c(20, 'deer', 'animal'),
  c(21, 'moose', 'animal'),
  c(22, 'boar', 'animal'),
  c(23, 'dog', 'animal'),
  c(24, 'cow', 'animal'),
  c(25, 'horse', 'animal'),
  c(26, 'sheep', 'animal'),
  c(30, 'pedestrian', 'person'),
  c(40, 'box', 'prop'),
  c(41, 'cone', 'prop'),
  c(42, 'debris', 'prop'),
  c(43, 'tyre', 'prop'),
  c(44, 'rock', 'prop'),
  c(45, 'fallen_tree', 'prop'),
];

const byName = new Map(CLASSES.map((k) => [k.name, k]));
const byId = new Map(CLASSES.map((k) => [k.id, k]));

export function classByName(name: string): ClassInfo | undefined {
  return byName.get(name);
}

export function classById(id: number): ClassInfo | undefined {
  return byId.get(id);
}

/** Classes an entity can be (things, not surfaces). */
export const THING_CLASSES: readonly ClassInfo[] = CLASSES.filter((k) => k.category !== 'void' && k.category !== 'surface');
