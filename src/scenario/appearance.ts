// What an entity looks like when the scenario leaves it open: its size within the model's realistic
// range, a colour from the model's palette, and its variant (body style, antlers, clothes). Drawn
// from the entity's own look stream, each aspect from its own fork, so giving one (a colour, a
// scale) leaves the others' draws unchanged.
import {
  ANTLERED,
  CAR_BODIES,
  COW_PATCHES,
  HAIR,
  SKIN,
  SLEEPER_CAB_SHARE,
  TROUSERS,
  classByName,
  normalDraw,
  type CarBody,
  type ModelInfo,
  type ModelVariant,
  type Palette,
  type Rng,
  type SizeRange,
  type Vec3,
} from '../core/index.ts';

/** What the scenario fixed; everything absent is drawn. */
export interface GivenLook {
  /** `scale:` — the default size times this, no size variety. */
  readonly scale?: number;
  /** `color:`, sRGB 0..1. */
  readonly color?: Vec3;
  /** `antlers: yes | no` (deer and moose; other models ignore it). */
  readonly antlers?: boolean;
}

export interface Look {
  readonly size: Vec3;
  readonly color: Vec3;
  readonly variant: ModelVariant;
}

/**
 * Size draws are mid + half-range × t with t = (0.75·common + 0.66·own) / 2.5 clamped to [-1, 1]:
 * the three dimensions of one entity are correlated (a big car is long, wide and tall), each
 * varies a little on its own, and 95% of draws fall in the middle 80% of the range.
 */
const COMMON = 0.75;
const OWN = 0.66;
const SPREAD = 2.5;

/** Coats and clothes vary a little around their palette colour (brightness ×0.93..1.07); paint does not. */
const JITTER = 0.07;

/** A look for `model`: the given parts as given, the rest drawn from `rng`. */
export function drawLook(model: ModelInfo, rng: Rng, given: GivenLook = {}): Look {
  const variant = drawVariant(model, rng.fork('variant'), given);
  const size = drawSize(model, variant, rng.fork('size'), given.scale);
  const colorRng = rng.fork('color');
  let color = given.color ? ([...given.color] as Vec3) : pick(model.palette, colorRng);
  if (!given.color && jitters(model)) color = jitter(color, colorRng);
  if (model.name === 'cow') {
    // Holstein patches on pale coats, rarely on others.
    const pale = luminance(color) > 0.75;
    return { size, color, variant: { patches: rng.fork('patches').next() < (pale ? COW_PATCHES.pale : COW_PATCHES.other) } };
  }
  return { size, color, variant };
}

function drawVariant(model: ModelInfo, rng: Rng, given: GivenLook): ModelVariant {
  switch (model.name) {
    case 'sedan': {
      const bodies = Object.entries(CAR_BODIES) as Array<[CarBody, (typeof CAR_BODIES)[CarBody]]>;
      return { body: weighted(bodies.map(([b, v]) => [v.weight, b] as const), rng) };
    }
    case 'truck':
      return { cab: rng.next() < SLEEPER_CAB_SHARE ? 'sleeper' : 'day' };
    case 'deer':
    case 'moose': {
      const drawn = rng.next() < ANTLERED[model.name]!.share;
      return { antlers: given.antlers ?? drawn };
    }
    case 'adult':
    case 'child': {
      const trousers = pick(TROUSERS, rng);
      const skin = pick(SKIN, rng);
      const hair = pick(HAIR, rng);
      return { trousers: jitter(trousers, rng), skin, hair };
    }
    default:
      return {};
  }
}

/** The size range a model's variant is drawn from (metres), antlers included where present. */
export function sizeRangeOf(model: ModelInfo, variant: ModelVariant = {}): SizeRange {
  const base = variant.body ? CAR_BODIES[variant.body].sizeRange : model.sizeRange;
  const k = antlerFactor(model, variant);
  return base.map(([lo, hi], i) => [lo * k[i]!, hi * k[i]!] as const) as unknown as SizeRange;
}

/**
 * Box factors [length, width, height] of a variant against the model's default size: antlers on a
 * model whose default has none, or the reverse.
 */
function antlerFactor(model: ModelInfo, variant: ModelVariant): readonly [number, number, number] {
  const a = ANTLERED[model.name];
  if (!a || variant.antlers === undefined || variant.antlers === a.byDefault) return [1, 1, 1];
  const f = a.boxFactor;
  return variant.antlers ? f : [1 / f[0], 1 / f[1], 1 / f[2]];
}

function drawSize(model: ModelInfo, variant: ModelVariant, rng: Rng, scale: number | undefined): Vec3 {
  const common = normalDraw(rng);
  const own = [normalDraw(rng), normalDraw(rng), normalDraw(rng)];
  if (scale !== undefined) {
    const k = antlerFactor(model, variant);
    return [model.size[0] * scale * k[0], model.size[1] * scale * k[1], model.size[2] * scale * k[2]];
  }
  const range = sizeRangeOf(model, variant);
  const size = range.map(([lo, hi], i) => {
    const t = Math.max(-1, Math.min(1, (COMMON * common + OWN * own[i]!) / SPREAD));
    return Math.min(hi, Math.max(lo, mm((lo + hi) / 2 + ((hi - lo) / 2) * t)));
  }) as Vec3;
  if (model.round) size[1] = size[0];
  return size;
}

function jitters(model: ModelInfo): boolean {
  const category = classByName(model.cls)?.category;
  return category === 'animal' || category === 'person' || category === 'prop';
}

/** A palette entry chosen by weight. */
function pick(palette: Palette, rng: Rng): Vec3 {
  return [...weighted(palette.map(([w, c]) => [w, c] as const), rng)] as Vec3;
}

function weighted<T>(options: ReadonlyArray<readonly [number, T]>, rng: Rng): T {
  const total = options.reduce((a, [w]) => a + w, 0);
  let u = rng.next() * total;
  for (const [w, v] of options) {
    if (u < w) return v;
    u -= w;
  }
  return options[options.length - 1]![1];
}

function jitter(c: Vec3, rng: Rng): Vec3 {
  const k = 1 + JITTER * (2 * rng.next() - 1);
  return c.map((v) => Math.round(Math.min(1, Math.max(0, v * k)) * 1000) / 1000) as Vec3;
}

const luminance = (c: Vec3): number => 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
const mm = (v: number): number => Math.round(v * 1000) / 1000;
