// Where the moon is and how much of it is lit, from the date and local solar time (a low-precision
// orbital model: mean elements, no perturbations; good to a degree or two, plenty for moonlight).
import type { SunPosition } from './sun.ts';

export interface MoonPosition extends SunPosition {
  /** Lit fraction of the disc, 0 (new) to 1 (full). */
  readonly illumination: number;
}

const RAD = Math.PI / 180;
const rev = (deg: number): number => ((deg % 360) + 360) % 360;

/** Days since 2000-01-00 00:00 (the epoch of the mean elements below). */
function epochDays(year: number, dayOfYear: number, timeOfDay: number): number {
  let d = 0;
  for (let y = 2000; y < year; y++) d += y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 366 : 365;
  for (let y = year; y < 2000; y++) d -= y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 366 : 365;
  return d + dayOfYear + timeOfDay / 86400;
}

/** Moon's elevation, azimuth (clockwise from north) and lit fraction; local solar time at longitude 0. */
export function moonPosition(timeOfDay: number, dayOfYear: number, year: number, latitude: number): MoonPosition {
  const d = epochDays(year, dayOfYear, timeOfDay);
  const N = rev(125.1228 - 0.0529538083 * d) * RAD;
  const i = 5.1454 * RAD;
  const w = rev(318.0634 + 0.1643573223 * d) * RAD;
  const a = 60.2666;
  const e = 0.0549;
  const M = rev(115.3654 + 13.0649929509 * d) * RAD;
  let E = M + e * Math.sin(M) * (1 + e * Math.cos(M));
  for (let k = 0; k < 5; k++) E = E - (E - e * Math.sin(E) - M) / (1 - e * Math.cos(E));
  const xv = a * (Math.cos(E) - e);
  const yv = a * Math.sqrt(1 - e * e) * Math.sin(E);
  const v = Math.atan2(yv, xv);
  const r = Math.hypot(xv, yv);
  const xh = r * (Math.cos(N) * Math.cos(v + w) - Math.sin(N) * Math.sin(v + w) * Math.cos(i));
  const yh = r * (Math.sin(N) * Math.cos(v + w) + Math.cos(N) * Math.sin(v + w) * Math.cos(i));
  const zh = r * Math.sin(v + w) * Math.sin(i);
  const moonLon = Math.atan2(yh, xh);
  const ecl = (23.4393 - 3.563e-7 * d) * RAD;
  const xe = xh;
  const ye = yh * Math.cos(ecl) - zh * Math.sin(ecl);
  const ze = yh * Math.sin(ecl) + zh * Math.cos(ecl);
  const ra = Math.atan2(ye, xe);
  const dec = Math.atan2(ze, Math.hypot(xe, ye));

  // The sun's mean longitude gives sidereal time and the moon's phase.
  const sunLon = rev(280.4665 + 0.9856474 * d) * RAD;
  const lstDeg = rev(sunLon / RAD + 180 + (timeOfDay / 3600) * 15);
  const ha = lstDeg * RAD - ra;
  const sinEl = Math.sin(latitude) * Math.sin(dec) + Math.cos(latitude) * Math.cos(dec) * Math.cos(ha);
  const elevation = Math.asin(Math.max(-1, Math.min(1, sinEl)));
  const az = Math.atan2(-Math.sin(ha), Math.tan(dec) * Math.cos(latitude) - Math.sin(latitude) * Math.cos(ha));
  const illumination = (1 - Math.cos(moonLon - sunLon)) / 2;
  return { elevation, azimuth: (az + 2 * Math.PI) % (2 * Math.PI), illumination };
}
