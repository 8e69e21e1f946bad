// Models: the kinds of thing a scenario can place (`sedan`, `child`, `fallen_tree`), each with the
// label class it is written as, its default size and colour. The scenario language's entity words
// are these names.
import { classByName, type ClassInfo } from './classes.ts';

type Rgb = readonly [number, number, number];
/** A closed range [min, max]. */
export type Range = readonly [number, number];
/** Ranges of a box's [length x, width y, height z], metres. */
export type SizeRange = readonly [Range, Range, Range];
/** Colours with their relative frequencies (weights need not sum to 1). */
export type Palette = ReadonlyArray<readonly [weight: number, color: Rgb]>;

export interface ModelInfo {
  readonly name: string;
  /** Label class name (classes.ts). */
  readonly cls: string;
  /** Default box size [length x, width y, height z], metres (with `scale:`, and for its default variant). */
  readonly size: readonly [number, number, number];
  /** Default colour, sRGB 0..1 (a palette's first entry is usually it). */
  readonly color: Rgb;
  /** Realistic sizes a sample draws from when the scenario gives no `scale:` (for the default variant). */
  readonly sizeRange: SizeRange;
  /** Colours a sample draws from when the scenario gives no `color:`, with their frequencies. */
  readonly palette: Palette;
  /** Length and width are one diameter (cone, tyre): drawn once, so the model stays round. */
  readonly round?: boolean;
}

const m = (name: string, cls: string, size: [number, number, number], color: [number, number, number], sizeRange: SizeRange, palette: Palette, round = false): ModelInfo => ({
  name,
  cls,
  size,
  color,
  sizeRange,
  palette,
  ...(round ? { round } : {}),
});

// Palettes: colours in sRGB 0..1, weights as rough shares of what is seen on European roads and
// fields. Car paint follows the published world-wide shares of the 2020s (white ~35%, black ~19%,
// grey ~16%, silver ~8%, blue ~8%, red ~7%, the rest brown/beige, green, yellow and orange).
const CAR_PAINT: Palette = [
  [30, [0.9, 0.9, 0.9]], // white
  [5, [0.93, 0.92, 0.87]], // pearl white
  [19, [0.03, 0.03, 0.035]], // black
  [9, [0.22, 0.23, 0.25]], // dark grey
  [7, [0.42, 0.43, 0.45]], // mid grey
  [8, [0.7, 0.71, 0.73]], // silver
  [5, [0.06, 0.1, 0.27]], // navy
  [3, [0.12, 0.27, 0.58]], // blue
  [5, [0.55, 0.05, 0.05]], // red
  [2, [0.33, 0.03, 0.05]], // dark red
  [2, [0.4, 0.3, 0.22]], // brown
  [1.5, [0.66, 0.6, 0.48]], // beige
  [2, [0.1, 0.28, 0.17]], // green
  [0.8, [0.85, 0.68, 0.1]], // yellow
  [0.7, [0.85, 0.35, 0.06]], // orange
];
/** Vans and trucks: mostly white fleets. */
const FLEET_PAINT: Palette = [
  [55, [0.92, 0.92, 0.92]],
  [10, [0.7, 0.71, 0.73]],
  [8, [0.42, 0.43, 0.45]],
  [7, [0.03, 0.03, 0.035]],
  [7, [0.1, 0.22, 0.5]],
  [6, [0.55, 0.05, 0.05]],
  [3, [0.85, 0.68, 0.1]],
  [2, [0.1, 0.32, 0.18]],
  [2, [0.85, 0.35, 0.06]],
];
const BUS_PAINT: Palette = [
  [30, [0.9, 0.75, 0.15]], // yellow
  [25, [0.9, 0.9, 0.9]], // white
  [15, [0.62, 0.08, 0.07]], // red
  [12, [0.1, 0.25, 0.55]], // blue
  [10, [0.12, 0.45, 0.25]], // green
  [8, [0.7, 0.71, 0.73]], // silver
];
const MOTORCYCLE_PAINT: Palette = [
  [30, [0.03, 0.03, 0.035]],
  [15, [0.6, 0.06, 0.05]],
  [12, [0.1, 0.22, 0.55]],
  [12, [0.9, 0.9, 0.9]],
  [10, [0.7, 0.71, 0.73]],
  [8, [0.9, 0.45, 0.05]],
  [7, [0.15, 0.45, 0.15]],
  [6, [0.85, 0.7, 0.1]],
];
const BICYCLE_PAINT: Palette = [
  [25, [0.05, 0.05, 0.06]],
  [15, [0.88, 0.88, 0.88]],
  [12, [0.15, 0.35, 0.6]],
  [12, [0.6, 0.08, 0.08]],
  [10, [0.7, 0.71, 0.73]],
  [8, [0.12, 0.4, 0.2]],
  [6, [0.9, 0.75, 0.15]],
  [6, [0.35, 0.55, 0.65]],
  [6, [0.9, 0.45, 0.08]],
];
/** Roe and white-tailed deer: red-brown summer coat, grey-brown winter coat. */
const DEER_COAT: Palette = [
  [45, [0.5, 0.33, 0.2]],
  [25, [0.58, 0.36, 0.2]],
  [30, [0.42, 0.35, 0.28]],
];
const MOOSE_COAT: Palette = [
  [50, [0.25, 0.18, 0.12]],
  [30, [0.16, 0.12, 0.09]],
  [20, [0.32, 0.25, 0.18]],
];
const BOAR_COAT: Palette = [
  [50, [0.22, 0.18, 0.15]],
  [30, [0.14, 0.12, 0.11]],
  [20, [0.32, 0.26, 0.2]],
];
const DOG_COAT: Palette = [
  [25, [0.6, 0.45, 0.25]], // tan
  [20, [0.07, 0.06, 0.06]], // black
  [15, [0.38, 0.24, 0.14]], // brown
  [12, [0.8, 0.62, 0.35]], // golden
  [10, [0.88, 0.86, 0.82]], // white
  [10, [0.5, 0.48, 0.46]], // grey
  [8, [0.55, 0.33, 0.18]], // red
];
/** Cattle: black-and-white Holstein (white coat with patches), browns, black, cream. */
const COW_COAT: Palette = [
  [40, [0.9, 0.9, 0.88]],
  [20, [0.45, 0.28, 0.16]],
  [15, [0.55, 0.3, 0.15]],
  [12, [0.08, 0.07, 0.07]],
  [13, [0.85, 0.78, 0.62]],
];
/** Horses: bay, chestnut, black, grey, dun. */
const HORSE_COAT: Palette = [
  [35, [0.4, 0.25, 0.15]],
  [25, [0.55, 0.3, 0.15]],
  [15, [0.08, 0.07, 0.07]],
  [15, [0.78, 0.76, 0.74]],
  [10, [0.7, 0.58, 0.4]],
];
const SHEEP_FLEECE: Palette = [
  [50, [0.88, 0.86, 0.8]],
  [30, [0.78, 0.74, 0.65]],
  [15, [0.92, 0.9, 0.85]],
  [5, [0.3, 0.25, 0.2]],
];
/** Jackets and tops: dark colours dominate, some bright, a few high-visibility. */
const ADULT_CLOTHES: Palette = [
  [20, [0.05, 0.05, 0.06]],
  [15, [0.1, 0.14, 0.3]],
  [12, [0.35, 0.36, 0.38]],
  [10, [0.2, 0.3, 0.6]],
  [8, [0.55, 0.48, 0.38]],
  [7, [0.2, 0.3, 0.18]],
  [7, [0.8, 0.2, 0.2]],
  [6, [0.85, 0.85, 0.82]],
  [5, [0.45, 0.12, 0.2]],
  [4, [0.85, 0.55, 0.1]],
  [3, [0.8, 0.9, 0.1]], // high-visibility yellow
];
const CHILD_CLOTHES: Palette = [
  [18, [0.8, 0.2, 0.2]],
  [15, [0.2, 0.35, 0.75]],
  [12, [0.9, 0.75, 0.15]],
  [12, [0.85, 0.4, 0.6]],
  [10, [0.2, 0.55, 0.3]],
  [10, [0.1, 0.14, 0.3]],
  [8, [0.9, 0.5, 0.1]],
  [8, [0.35, 0.36, 0.38]],
  [7, [0.55, 0.3, 0.65]],
];
const CARDBOARD: Palette = [[60, [0.6, 0.45, 0.25]], [25, [0.7, 0.55, 0.35]], [15, [0.5, 0.38, 0.22]]];
const CONE_PAINT: Palette = [[85, [1.0, 0.4, 0.05]], [15, [0.95, 0.2, 0.05]]];
const DEBRIS_GREY: Palette = [[40, [0.35, 0.33, 0.3]], [30, [0.45, 0.42, 0.38]], [30, [0.28, 0.25, 0.22]]];
const TYRE_BLACK: Palette = [[70, [0.08, 0.08, 0.08]], [30, [0.12, 0.12, 0.12]]];
const ROCK_GREY: Palette = [[40, [0.45, 0.43, 0.4]], [30, [0.55, 0.52, 0.48]], [30, [0.38, 0.35, 0.3]]];
const BARK: Palette = [[50, [0.35, 0.25, 0.15]], [30, [0.28, 0.22, 0.16]], [20, [0.45, 0.4, 0.34]]];

export const MODELS: readonly ModelInfo[] = [
  m('sedan', 'car', [4.6, 1.8, 1.45], [0.55, 0.08, 0.08], [[4.4, 4.95], [1.74, 1.86], [1.38, 1.5]], CAR_PAINT),
  m('suv', 'car', [4.7, 1.9, 1.75], [0.2, 0.22, 0.25], [[4.3, 4.95], [1.8, 1.98], [1.6, 1.82]], CAR_PAINT),
  m('pickup', 'car', [5.3, 1.9, 1.85], [0.75, 0.74, 0.7], [[5.0, 5.9], [1.85, 2.05], [1.75, 1.95]], CAR_PAINT),
  m('van', 'car', [5.0, 2.0, 2.1], [0.9, 0.9, 0.9], [[4.8, 5.9], [1.9, 2.05], [1.9, 2.55]], FLEET_PAINT),
  m('truck', 'truck', [9.5, 2.5, 3.6], [0.85, 0.85, 0.82], [[7.5, 11], [2.45, 2.6], [3.2, 3.9]], FLEET_PAINT),
  m('bus', 'bus', [12.0, 2.55, 3.2], [0.9, 0.75, 0.15], [[10.5, 13.5], [2.5, 2.55], [3.0, 3.3]], BUS_PAINT),
  m('motorcycle', 'motorcycle', [2.1, 0.8, 1.2], [0.1, 0.1, 0.12], [[1.95, 2.3], [0.7, 0.9], [1.05, 1.3]], MOTORCYCLE_PAINT),
  m('bicycle', 'bicycle', [1.75, 0.6, 1.05], [0.15, 0.35, 0.6], [[1.65, 1.85], [0.55, 0.68], [0.95, 1.15]], BICYCLE_PAINT),
  m('deer', 'deer', [1.6, 0.45, 1.55], [0.5, 0.33, 0.2], [[1.4, 1.8], [0.38, 0.5], [1.35, 1.6]], DEER_COAT),
  m('moose', 'moose', [2.8, 0.8, 2.2], [0.25, 0.18, 0.12], [[2.5, 3.1], [0.7, 0.9], [2.0, 2.4]], MOOSE_COAT),
  m('boar', 'boar', [1.4, 0.5, 0.9], [0.22, 0.18, 0.15], [[1.2, 1.6], [0.42, 0.58], [0.75, 1.0]], BOAR_COAT),
  m('dog', 'dog', [0.9, 0.3, 0.6], [0.6, 0.45, 0.25], [[0.6, 1.1], [0.22, 0.36], [0.4, 0.75]], DOG_COAT),
  m('cow', 'cow', [2.4, 0.8, 1.5], [0.9, 0.9, 0.88], [[2.2, 2.6], [0.7, 0.9], [1.35, 1.6]], COW_COAT),
  m('horse', 'horse', [2.4, 0.65, 1.7], [0.4, 0.25, 0.15], [[2.2, 2.6], [0.58, 0.72], [1.55, 1.85]], HORSE_COAT),
  m('sheep', 'sheep', [1.2, 0.45, 0.9], [0.88, 0.86, 0.8], [[1.05, 1.35], [0.4, 0.52], [0.8, 0.98]], SHEEP_FLEECE),
  m('adult', 'pedestrian', [0.5, 0.6, 1.75], [0.2, 0.3, 0.6], [[0.42, 0.58], [0.5, 0.68], [1.55, 1.95]], ADULT_CLOTHES),
  m('child', 'pedestrian', [0.35, 0.4, 1.15], [0.8, 0.2, 0.2], [[0.3, 0.42], [0.33, 0.46], [0.95, 1.4]], CHILD_CLOTHES),
  m('box', 'box', [1, 1, 1], [0.6, 0.45, 0.25], [[0.5, 1.2], [0.4, 1.0], [0.4, 1.0]], CARDBOARD),
  m('cone', 'cone', [0.35, 0.35, 0.7], [1.0, 0.4, 0.05], [[0.3, 0.4], [0.3, 0.4], [0.5, 0.9]], CONE_PAINT, true),
  m('debris', 'debris', [1.2, 0.8, 0.3], [0.35, 0.33, 0.3], [[0.8, 1.6], [0.5, 1.1], [0.2, 0.4]], DEBRIS_GREY),
  m('tyre', 'tyre', [0.7, 0.7, 0.25], [0.08, 0.08, 0.08], [[0.6, 0.8], [0.6, 0.8], [0.18, 0.3]], TYRE_BLACK, true),
  m('rock', 'rock', [0.6, 0.5, 0.4], [0.45, 0.43, 0.4], [[0.4, 0.9], [0.35, 0.75], [0.25, 0.6]], ROCK_GREY),
  m('fallen_tree', 'fallen_tree', [8.0, 0.6, 0.6], [0.35, 0.25, 0.15], [[5, 12], [0.4, 0.9], [0.4, 0.9]], BARK),
];

/** Sedan body styles: a three-box saloon, a short hatchback, a long-roofed estate. */
export type CarBody = 'saloon' | 'hatchback' | 'estate';

/**
 * Look choices beyond size and colour, resolved by sampling (scenario/appearance.ts) and read by
 * the model builders. Every field is optional and means something only to the models named;
 * absent fields take the model's default look.
 */
export interface ModelVariant {
  /** sedan: body style (default saloon). */
  readonly body?: CarBody;
  /** truck: a day cab, or a longer sleeper cab with a roof fairing (default day). */
  readonly cab?: 'day' | 'sleeper';
  /** deer, moose: a male's antlers. The box height includes them. */
  readonly antlers?: boolean;
  /** cow: dark patches on the coat, as on a Holstein (default true). */
  readonly patches?: boolean;
  /** adult, child: trousers, skin and hair colours, sRGB 0..1 (the entity colour is the top). */
  readonly trousers?: Rgb;
  readonly skin?: Rgb;
  readonly hair?: Rgb;
}

/** Sedan body styles: how often each is drawn and its sizes (the sedan's sizeRange is the saloon's). */
export const CAR_BODIES: Readonly<Record<CarBody, { readonly weight: number; readonly sizeRange: SizeRange }>> = {
  saloon: { weight: 50, sizeRange: [[4.4, 4.95], [1.74, 1.86], [1.38, 1.5]] },
  hatchback: { weight: 35, sizeRange: [[3.85, 4.4], [1.68, 1.82], [1.42, 1.55]] },
  estate: { weight: 15, sizeRange: [[4.5, 4.95], [1.76, 1.86], [1.44, 1.52]] },
};

/** Trucks: share of sleeper cabs. */
export const SLEEPER_CAB_SHARE = 0.4;

/**
 * Models that may carry antlers: the share drawn with them, whether the default size (and
 * sizeRange) is that of an antlered animal, and the box [length, width, height] with antlers over
 * that without: the same body, the antlers on top (and, a moose's, spreading sideways). Checked
 * against the models' geometry (test/assets).
 */
export const ANTLERED: Readonly<Record<string, { readonly share: number; readonly byDefault: boolean; readonly boxFactor: readonly [number, number, number] }>> = {
  deer: { share: 0.4, byDefault: false, boxFactor: [1, 1, 1.102] },
  moose: { share: 0.5, byDefault: true, boxFactor: [1, 1.262, 1.143] },
};

/** Cows: the share with dark patches among pale coats and among the others. */
export const COW_PATCHES = { pale: 0.9, other: 0.1 } as const;

export const TROUSERS: Palette = [
  [35, [0.1, 0.13, 0.22]], // denim
  [25, [0.05, 0.05, 0.06]],
  [15, [0.3, 0.3, 0.32]],
  [10, [0.5, 0.43, 0.33]], // khaki
  [8, [0.25, 0.3, 0.45]],
  [7, [0.3, 0.22, 0.15]],
];
export const SKIN: Palette = [
  [30, [0.87, 0.7, 0.58]],
  [25, [0.79, 0.63, 0.49]],
  [20, [0.68, 0.5, 0.36]],
  [15, [0.5, 0.34, 0.23]],
  [10, [0.33, 0.22, 0.15]],
];
export const HAIR: Palette = [
  [35, [0.16, 0.11, 0.08]],
  [25, [0.05, 0.04, 0.04]],
  [15, [0.35, 0.24, 0.14]],
  [10, [0.65, 0.5, 0.3]],
  [8, [0.55, 0.55, 0.55]],
  [7, [0.5, 0.22, 0.1]],
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
