// Units the language accepts, each a dimension and a factor to SI (metres, seconds, radians).

export type Dimension = 'length' | 'speed' | 'accel' | 'angle' | 'time' | 'none';

export interface UnitInfo {
  readonly dim: Dimension;
  readonly factor: number;
}

export const UNITS: Readonly<Record<string, UnitInfo>> = {
  m: { dim: 'length', factor: 1 },
  km: { dim: 'length', factor: 1000 },
  cm: { dim: 'length', factor: 0.01 },
  mm: { dim: 'length', factor: 0.001 },
  'm/s': { dim: 'speed', factor: 1 },
  'km/h': { dim: 'speed', factor: 1 / 3.6 },
  mph: { dim: 'speed', factor: 0.44704 },
  'm/s2': { dim: 'accel', factor: 1 },
  g: { dim: 'accel', factor: 9.80665 },
  deg: { dim: 'angle', factor: Math.PI / 180 },
  rad: { dim: 'angle', factor: 1 },
  s: { dim: 'time', factor: 1 },
  ms: { dim: 'time', factor: 0.001 },
  min: { dim: 'time', factor: 60 },
  h: { dim: 'time', factor: 3600 },
};

/** The unit a person would write for a dimension, for messages ("expected a speed, e.g. 50 km/h"). */
export const EXAMPLE: Readonly<Record<Dimension, string>> = {
  length: 'a distance such as 20 m',
  speed: 'a speed such as 50 km/h',
  accel: 'a deceleration such as 6 m/s2',
  angle: 'an angle such as 30 deg',
  time: 'a duration such as 2 s',
  none: 'a plain number',
};
