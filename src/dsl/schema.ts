// What each block accepts: property names and the kind of value each takes. The checker reads
// this table, the docs describe it, and "did you mean" suggests from it.
import { MODEL_WORDS } from '../core/index.ts';
import type { Dimension } from './units.ts';

export type Expected =
  | { readonly kind: 'quantity'; readonly dim: Dimension; readonly integer?: boolean }
  | { readonly kind: 'clock' }
  | { readonly kind: 'size' }
  | { readonly kind: 'string' }
  | { readonly kind: 'color' }
  | { readonly kind: 'words'; readonly words: readonly string[] }
  | { readonly kind: 'vector'; readonly dim: Dimension; readonly n: number };

const q = (dim: Dimension, integer = false): Expected => ({ kind: 'quantity', dim, integer });

export const ROAD_KINDS = ['straight', 'curve', 'intersection'];

export const ROAD_PROPS: Readonly<Record<string, Expected>> = {
  lanes: q('none', true),
  lane_width: q('length'),
  length: q('length'),
  shoulder: q('length'),
  oncoming: q('none', true),
  surface: { kind: 'words', words: ['dry', 'wet', 'snow', 'ice'] },
  radius: q('length'),
  angle: q('angle'),
  direction: { kind: 'words', words: ['left', 'right'] },
  start: q('length'),
  junction: q('length'),
  cross_lanes: q('none', true),
  cross_angle: q('angle'),
  cross_length: q('length'),
  // Roadside scenery (look only), guardrails, and how worn the lane markings are.
  roadside: { kind: 'words', words: ['none', 'open', 'trees', 'forest'] },
  guardrail: { kind: 'words', words: ['auto', 'none', 'left', 'right', 'both'] },
  wear: q('none'),
};

export const ENVIRONMENT_PROPS: Readonly<Record<string, Expected>> = {
  time: { kind: 'clock' },
  date: { kind: 'string' },
  latitude: q('angle'),
  fog: q('length'),
  clouds: q('none'),
  rain: q('none'),
  snow: q('none'),
  wetness: q('none'),
  wind: q('speed'),
  wind_direction: q('angle'),
  fog_height: q('length'),
  street_lamps: { kind: 'words', words: ['on', 'off'] },
};

/** Generic entity words and the model each stands for when no `model:` is given. */
export const GENERIC_HEADS: Readonly<Record<string, string>> = { vehicle: 'sedan', animal: 'deer', person: 'adult', prop: 'box' };

export const ENTITY_PROPS: Readonly<Record<string, Expected>> = {
  model: { kind: 'words', words: MODEL_WORDS },
  speed: q('speed'),
  driving: { kind: 'words', words: ['exact', 'physical'] },
  reaction: q('time'),
  color: { kind: 'color' },
  scale: q('none'),
  lights: { kind: 'words', words: ['on', 'off', 'low', 'high'] },
  hazards: { kind: 'words', words: ['on', 'off'] },
  indicator: { kind: 'words', words: ['left', 'right', 'off'] },
  facing: q('angle'),
  offset: q('length'),
  motion: { kind: 'words', words: ['static', 'dynamic'] },
  antlers: { kind: 'words', words: ['yes', 'no'] },
  // A user's glTF model drawn instead of the built-in one; the class stays the head's (or model's).
  mesh: { kind: 'string' },
  mesh_yaw: q('angle'),
  mesh_fit: { kind: 'words', words: ['contain', 'fill', 'native'] },
};

export const CAMERA_PROPS: Readonly<Record<string, Expected>> = {
  fov: q('angle'),
  resolution: { kind: 'size' },
  fps: q('none'),
  position: { kind: 'vector', dim: 'length', n: 3 },
  pitch: q('angle'),
  yaw: q('angle'),
  near: q('length'),
  far: q('length'),
  // The camera's imperfections (RGB only): strengths 0..1 except exposure and ev.
  exposure: { kind: 'words', words: ['auto', 'fixed'] },
  ev: q('none'),
  noise: q('none'),
  motion_blur: q('none'),
  flare: q('none'),
  lens_drops: q('none'),
  lens_dirt: q('none'),
  vignetting: q('none'),
  compression: q('none'),
};

/** Named colours, sRGB 0..1. */
export const COLORS: Readonly<Record<string, readonly [number, number, number]>> = {
  white: [0.92, 0.92, 0.92],
  black: [0.03, 0.03, 0.03],
  grey: [0.45, 0.45, 0.46],
  silver: [0.7, 0.71, 0.73],
  red: [0.62, 0.06, 0.06],
  blue: [0.07, 0.18, 0.55],
  green: [0.1, 0.38, 0.16],
  yellow: [0.9, 0.75, 0.1],
  orange: [0.95, 0.42, 0.05],
  brown: [0.42, 0.27, 0.15],
  tan: [0.66, 0.52, 0.36],
};
