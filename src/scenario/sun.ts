// Where the sun is, from clock time, day of year and latitude (a standard low-precision solar
// model, good to a degree or so: enough for light direction and sky colour).

export interface SunPosition {
  /** Elevation above the horizon, radians (negative below). */
  readonly elevation: number;
  /** Azimuth clockwise from north, radians. */
  readonly azimuth: number;
}

export function sunPosition(timeOfDay: number, dayOfYear: number, latitude: number): SunPosition {
  const decl = (-23.44 * Math.PI) / 180 * Math.cos(((2 * Math.PI) / 365) * (dayOfYear + 10));
  const hourAngle = ((timeOfDay / 3600 - 12) * 15 * Math.PI) / 180;
  const sinEl = Math.sin(latitude) * Math.sin(decl) + Math.cos(latitude) * Math.cos(decl) * Math.cos(hourAngle);
  const elevation = Math.asin(Math.max(-1, Math.min(1, sinEl)));
  const az = Math.atan2(
    -Math.sin(hourAngle),
    Math.tan(decl) * Math.cos(latitude) - Math.sin(latitude) * Math.cos(hourAngle),
  );
  return { elevation, azimuth: (az + 2 * Math.PI) % (2 * Math.PI) };
}

/** Unit vector towards the sun in world axes. The road (+x) runs east, +y is north, +z up. */
export function sunDirection(p: SunPosition): [number, number, number] {
  const c = Math.cos(p.elevation);
  return [c * Math.sin(p.azimuth), c * Math.cos(p.azimuth), Math.sin(p.elevation)];
}
