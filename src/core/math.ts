import type { Quat, Vec3 } from './units.ts';

/** Quaternion for a rotation of `yaw` radians about +z (counter-clockwise seen from above). */
export function quatFromYaw(yaw: number): Quat {
  return [0, 0, Math.sin(yaw / 2), Math.cos(yaw / 2)];
}

/** Rotate vector v by unit quaternion q. */
export function rotate(q: Quat | readonly number[], v: Vec3 | readonly number[]): Vec3 {
  const [qx, qy, qz, qw] = q as Quat;
  const [vx, vy, vz] = v as Vec3;
  // t = 2 * cross(q.xyz, v); v' = v + w * t + cross(q.xyz, t)
  const tx = 2 * (qy * vz - qz * vy);
  const ty = 2 * (qz * vx - qx * vz);
  const tz = 2 * (qx * vy - qy * vx);
  return [vx + qw * tx + (qy * tz - qz * ty), vy + qw * ty + (qz * tx - qx * tz), vz + qw * tz + (qx * ty - qy * tx)];
}

/** Yaw (rotation about +z) of a quaternion, radians in (-pi, pi]. */
export function yawOf(q: Quat | readonly number[]): number {
  const [x, y, z, w] = q as Quat;
  return Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
}

/** 4x4 row-major matrix product a·b. */
export function mul4(a: readonly number[], b: readonly number[]): number[] {
  const r = new Array<number>(16).fill(0);
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += a[i * 4 + k]! * b[k * 4 + j]!;
      r[i * 4 + j] = s;
    }
  return r;
}

/** Row-major 4x4 of a rigid transform from rotation q and translation t. */
export function poseMatrix(q: Quat | readonly number[], t: Vec3 | readonly number[]): number[] {
  const [x, y, z, w] = q as Quat;
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w), t[0]!,
    2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w), t[1]!,
    2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y), t[2]!,
    0, 0, 0, 1,
  ];
}

/** Inverse of a rigid row-major 4x4 (rotation transposed, translation rotated back). */
export function invertRigid(m: readonly number[]): number[] {
  const r = [m[0]!, m[4]!, m[8]!, m[1]!, m[5]!, m[9]!, m[2]!, m[6]!, m[10]!];
  const t = [m[3]!, m[7]!, m[11]!];
  return [
    r[0]!, r[1]!, r[2]!, -(r[0]! * t[0]! + r[1]! * t[1]! + r[2]! * t[2]!),
    r[3]!, r[4]!, r[5]!, -(r[3]! * t[0]! + r[4]! * t[1]! + r[5]! * t[2]!),
    r[6]!, r[7]!, r[8]!, -(r[6]! * t[0]! + r[7]! * t[1]! + r[8]! * t[2]!),
    0, 0, 0, 1,
  ];
}

/** Apply a row-major 4x4 to a point. */
export function transformPoint(m: readonly number[], p: readonly number[]): Vec3 {
  return [
    m[0]! * p[0]! + m[1]! * p[1]! + m[2]! * p[2]! + m[3]!,
    m[4]! * p[0]! + m[5]! * p[1]! + m[6]! * p[2]! + m[7]!,
    m[8]! * p[0]! + m[9]! * p[1]! + m[10]! * p[2]! + m[11]!,
  ];
}
