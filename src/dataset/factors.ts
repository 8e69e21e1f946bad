// The factors a data set can be stratified by, and which cell of them a sampled scene falls in.
// Thresholds are data, stated once here and in docs/dataset-format.md.
import { FOG_CONTRAST, sunPosition, type SceneSpec } from '../scenario/index.ts';

export type Factor =
  | { readonly kind: 'scenario' }
  | { readonly kind: 'light' }
  | { readonly kind: 'weather' }
  /** A scenario `param` whose value is a choice(...): each alternative is a cell, fixed by override. */
  | { readonly kind: 'param'; readonly name: string };

export const FACTOR_NAMES = ['scenario', 'light', 'weather', 'param:<name>'] as const;

/**
 * Light from the sun's elevation at the scene's time, date and latitude: day above 6° (past the
 * golden hour), dusk from −6° to 6° (golden hour and civil twilight, dawn included), night below
 * −6° (nautical twilight and darker).
 */
export const LIGHT_CELLS = [
  { value: 'day', minElevationDeg: 6 },
  { value: 'dusk', minElevationDeg: -6 },
  { value: 'night', minElevationDeg: -Infinity },
] as const;

/**
 * Weather, the first that holds: snow (snowfall ≥ 0.05), rain (rain ≥ 0.05), fog (visibility below
 * 1000 m, the meteorological definition of fog), else clear.
 */
export const WEATHER_THRESHOLDS = { snow: 0.05, rain: 0.05, fogVisibilityM: 1000 } as const;
export const WEATHER_VALUES = ['clear', 'rain', 'snow', 'fog'] as const;
export const LIGHT_VALUES = LIGHT_CELLS.map((c) => c.value);

export function lightOf(spec: SceneSpec): string {
  const e = spec.environment;
  const deg = (sunPosition(e.timeOfDay, e.dayOfYear, e.latitude).elevation * 180) / Math.PI;
  return LIGHT_CELLS.find((c) => deg >= c.minElevationDeg)!.value;
}

export function weatherOf(spec: SceneSpec): string {
  const e = spec.environment;
  if (e.snow >= WEATHER_THRESHOLDS.snow) return 'snow';
  if (e.rain >= WEATHER_THRESHOLDS.rain) return 'rain';
  const visibility = e.fogDensity > 0 ? FOG_CONTRAST / e.fogDensity : Infinity;
  if (visibility < WEATHER_THRESHOLDS.fogVisibilityM) return 'fog';
  return 'clear';
}

export function factorName(f: Factor): string {
  return f.kind === 'param' ? `param:${f.name}` : f.kind;
}

/** Parse `scenario,light,param:kind`: the factors, or an error message naming the unknown one. */
export function parseFactors(text: string): Factor[] | string {
  const out: Factor[] = [];
  for (const raw of text.split(',').map((s) => s.trim())) {
    let f: Factor;
    if (raw === 'scenario' || raw === 'light' || raw === 'weather') f = { kind: raw };
    else if (/^param:[A-Za-z_][A-Za-z0-9_]*$/.test(raw)) f = { kind: 'param', name: raw.slice('param:'.length) };
    else return `unknown factor '${raw}'; the factors are ${FACTOR_NAMES.join(', ')}`;
    if (out.some((g) => factorName(g) === factorName(f))) return `factor '${raw}' given twice`;
    out.push(f);
  }
  return out;
}

/** A cell: each factor's value, in the recipe's factor order; its key is `factor=value/…`. */
export type Cell = readonly string[];

export function cellKey(factors: readonly Factor[], cell: Cell): string {
  return factors.map((f, i) => `${factorName(f)}=${cell[i]}`).join(',');
}

/**
 * The value of every non-param factor for a sampled scene (param factors: null, since their value
 * is fixed by the override that made the scene, not read back from it).
 */
export function observedValues(factors: readonly Factor[], scenario: string, spec: SceneSpec): (string | null)[] {
  return factors.map((f) => (f.kind === 'scenario' ? scenario : f.kind === 'light' ? lightOf(spec) : f.kind === 'weather' ? weatherOf(spec) : null));
}
