import type { RoadSpec } from './SceneSpec.ts';

// The road's reference line in the ground plane, by arc length s (metres from the road's start),
// with lateral offset t (metres, + to the left of the direction of increasing s).
// A straight road is the x axis (s = x, t = y exactly). A curve road runs straight for `start`
// metres, bends through `angle` on a circle of `radius` to the left or right, then runs straight on.

export interface RoadFrame {
  readonly x: number;
  readonly y: number;
  /** Direction of increasing s, radians about +z. */
  readonly heading: number;
}

/** The reference line's point and heading at arc length s (any s: it extends straight past both ends). */
export function roadFrame(road: RoadSpec, s: number): RoadFrame {
  const f = localFrame(road, s);
  const o = road.origin;
  if (!o) return f;
  const c = Math.cos(o[2]);
  const si = Math.sin(o[2]);
  return { x: o[0] + c * f.x - si * f.y, y: o[1] + si * f.x + c * f.y, heading: o[2] + f.heading };
}

/**
 * The crossing road of an intersection as a straight road of its own: s runs from 0 to
 * 2 × length and the junction is at s = length; its t is + to the left of its direction.
 */
export function crossRoad(road: RoadSpec): RoadSpec | null {
  const x = road.cross;
  if (!x) return null;
  const j = roadFrame(road, x.at);
  const h = j.heading + x.angle;
  return {
    kind: 'straight',
    curve: null,
    cross: null,
    lanes: x.lanes,
    laneWidth: x.laneWidth,
    length: 2 * x.length,
    shoulder: x.shoulder,
    oncoming: x.oncoming,
    origin: [j.x - x.length * Math.cos(h), j.y - x.length * Math.sin(h), h],
  };
}

/** Is a world point on the paved part of the road (or of its crossing road)? */
export function onPavement(road: RoadSpec, x: number, y: number): boolean {
  for (const r of [road, crossRoad(road)]) {
    if (!r) continue;
    const p = roadProject(r, x, y);
    if (Math.abs(p.t) <= (r.lanes * r.laneWidth) / 2 && (r !== road ? p.s >= 0 && p.s <= r.length : true)) return true;
  }
  return false;
}

function localFrame(road: RoadSpec, s: number): RoadFrame {
  const c = road.curve;
  if (!c || s <= c.start) return { x: s, y: 0, heading: 0 };
  const arc = c.radius * c.angle;
  const sign = c.direction;
  const phi = Math.min(s - c.start, arc) / c.radius;
  const x = c.start + c.radius * Math.sin(phi);
  const y = sign * c.radius * (1 - Math.cos(phi));
  const heading = sign * phi;
  if (s - c.start <= arc) return { x, y, heading };
  const rest = s - c.start - arc;
  return { x: x + rest * Math.cos(heading), y: y + rest * Math.sin(heading), heading };
}

/** World (x, y) of road coordinates (s, t). */
export function roadPoint(road: RoadSpec, s: number, t: number): [number, number] {
  const f = roadFrame(road, s);
  if (f.heading === 0) return [f.x, f.y + t]; // exact on straight stretches
  return [f.x - t * Math.sin(f.heading), f.y + t * Math.cos(f.heading)];
}

/** Road coordinates (s, t) of a world point: the nearest point of the reference line. */
export function roadProject(road: RoadSpec, x: number, y: number): { s: number; t: number } {
  const c = road.curve;
  const o = road.origin;
  if (!c && !o) return { s: x, t: y };
  if (!c && o) {
    const dx = x - o[0];
    const dy = y - o[1];
    return { s: dx * Math.cos(o[2]) + dy * Math.sin(o[2]), t: -dx * Math.sin(o[2]) + dy * Math.cos(o[2]) };
  }
  // Coarse scan, then golden-section refinement of the distance along s.
  const lo0 = -1000;
  const hi0 = road.length + 1000;
  const d2 = (s: number) => {
    const f = roadFrame(road, s);
    return (f.x - x) ** 2 + (f.y - y) ** 2;
  };
  let best = lo0;
  for (let s = lo0; s <= hi0; s += 5) if (d2(s) < d2(best)) best = s;
  let a = best - 5;
  let b = best + 5;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 60; i++) {
    const m1 = b - g * (b - a);
    const m2 = a + g * (b - a);
    if (d2(m1) < d2(m2)) b = m2;
    else a = m1;
  }
  const s = (a + b) / 2;
  const f = roadFrame(road, s);
  const t = -(x - f.x) * Math.sin(f.heading) + (y - f.y) * Math.cos(f.heading);
  return { s, t };
}

/**
 * Arc length s reached by travelling `d` metres (signed) along the lane line at lateral offset t,
 * starting from s0. Inside a bend the lane line is longer or shorter than the reference line by
 * the factor (R − t·direction)/R, so a car at constant speed covers s at a different rate there.
 */
export function laneAdvance(road: RoadSpec, s0: number, t: number, d: number): number {
  const c = road.curve;
  if (!c) return s0 + d;
  const a = c.start;
  const b = c.start + c.radius * c.angle;
  const k = 1 - (c.direction * t) / c.radius; // lane length per unit of s inside the bend
  // Pieces of s, each with its lane-length factor, in the direction of travel.
  const pieces: [number, number, number][] = [
    [-Infinity, a, 1],
    [a, b, k],
    [b, Infinity, 1],
  ];
  let s = s0;
  let left = Math.abs(d);
  const dir = d >= 0 ? 1 : -1;
  const order = dir > 0 ? pieces : [...pieces].reverse();
  for (const [lo, hi, f] of order) {
    if (dir > 0 ? s >= hi : s <= lo) continue;
    const room = (dir > 0 ? hi - s : s - lo) * f; // lane metres to this piece's end
    if (left <= room) return s + (dir * left) / f;
    left -= room;
    s = dir > 0 ? hi : lo;
  }
  return s + dir * left;
}
