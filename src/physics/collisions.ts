// Collisions between entities: what is recorded, and the oriented-box overlap test used for the
// pairs cannon-es never brings into contact (kinematic or static bodies with each other).
//
// Pure arithmetic (no Math.random, no trigonometry): the same inputs give the same bits everywhere.
import type { Vec3 } from '../core/index.ts';

/**
 * A collision: two entities that were not touching start touching. Recorded once per continuous
 * contact (see PhysicsWorld for the exact rule and timing).
 */
export interface CollisionRecord {
  /** Simulated time at the end of the physics step in which the contact began, seconds. */
  readonly time: number;
  /** The entity declared first (spec order). */
  readonly a: string;
  /** The entity declared later. */
  readonly b: string;
  /**
   * Magnitude of the total normal impulse between the two in that step, N·s (the contact solver's
   * multipliers × dt, summed as vectors over the pair's contact points). Null for a pair of
   * kinematic or static bodies, which overlap without pushing each other.
   */
  readonly impulse: number | null;
}

/** An oriented box: centre, unit axes (the columns of its rotation) and half extents along them. */
export interface Obb {
  readonly centre: Vec3;
  readonly axes: readonly [Vec3, Vec3, Vec3];
  readonly half: Vec3;
}

/** The oriented box of a body: centre, unit quaternion [x, y, z, w] and half extents. */
export function obbOf(centre: Vec3, q: readonly [number, number, number, number], half: Vec3): Obb {
  const [x, y, z, w] = q;
  // Columns of the rotation matrix of q.
  const ax: Vec3 = [1 - 2 * (y * y + z * z), 2 * (x * y + z * w), 2 * (x * z - y * w)];
  const ay: Vec3 = [2 * (x * y - z * w), 1 - 2 * (x * x + z * z), 2 * (y * z + x * w)];
  const az: Vec3 = [2 * (x * z + y * w), 2 * (y * z - x * w), 1 - 2 * (x * x + y * y)];
  return { centre, axes: [ax, ay, az], half };
}

const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** Radius of the sphere around an oriented box. */
export function obbRadius(b: Obb): number {
  const [hx, hy, hz] = b.half;
  return Math.sqrt(hx * hx + hy * hy + hz * hz);
}

/**
 * Separating-axis test of two oriented boxes: true when their projections on every candidate axis
 * (the 3 + 3 face normals and the 9 edge cross products) overlap by more than `depth` metres.
 * `depth` > 0 ignores boxes that merely touch (or overlap by less); `depth` < 0 also counts boxes
 * less than −depth apart.
 */
export function obbOverlap(a: Obb, b: Obb, depth: number): boolean {
  const d: Vec3 = [b.centre[0] - a.centre[0], b.centre[1] - a.centre[1], b.centre[2] - a.centre[2]];
  const separated = (axis: Vec3): boolean => {
    const len = Math.sqrt(dot(axis, axis));
    if (len < 1e-9) return false; // parallel edges: no axis here (the face axes cover it)
    let ra = 0;
    let rb = 0;
    for (let i = 0; i < 3; i++) {
      ra += a.half[i]! * Math.abs(dot(a.axes[i]!, axis));
      rb += b.half[i]! * Math.abs(dot(b.axes[i]!, axis));
    }
    return Math.abs(dot(d, axis)) / len > (ra + rb) / len - depth;
  };
  for (const axis of a.axes) if (separated(axis)) return false;
  for (const axis of b.axes) if (separated(axis)) return false;
  for (const u of a.axes) {
    for (const v of b.axes) {
      if (separated([u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]])) return false;
    }
  }
  return true;
}
