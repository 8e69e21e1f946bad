import type { Vec3 } from '../core/index.ts';
import type { CameraSpec, EntitySpec } from './SceneSpec.ts';

// `visible X from camera` at t = 0, from boxes alone (no rendering): some sample point of X's box
// (corners, face centres, centre) falls inside the image in front of the camera with a clear line
// of sight past every other entity's box. The camera's own carrier never blocks.

interface Pose {
  readonly origin: Vec3;
  /** Camera axes in world (OpenCV): right, down, forward. */
  readonly right: Vec3;
  readonly down: Vec3;
  readonly forward: Vec3;
}

function yawRotate(v: Vec3, yaw: number): Vec3 {
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  return [c * v[0] - s * v[1], s * v[0] + c * v[1], v[2]];
}

export function cameraPose(cam: CameraSpec, mount: EntitySpec): Pose {
  const cy = Math.cos(cam.yaw);
  const sy = Math.sin(cam.yaw);
  const cp = Math.cos(cam.pitch);
  const sp = Math.sin(cam.pitch);
  const f: Vec3 = [cy * cp, sy * cp, -sp];
  const r: Vec3 = [sy, -cy, 0];
  const d: Vec3 = [f[1] * r[2] - f[2] * r[1], f[2] * r[0] - f[0] * r[2], f[0] * r[1] - f[1] * r[0]];
  const o = yawRotate(cam.offset as Vec3, mount.yaw);
  return {
    origin: [mount.position[0] + o[0], mount.position[1] + o[1], mount.position[2] + o[2]],
    right: yawRotate(r, mount.yaw),
    down: yawRotate(d, mount.yaw),
    forward: yawRotate(f, mount.yaw),
  };
}

/** Corners, face centres and centre of an entity's box, in world coordinates. */
export function boxSamplePoints(e: EntitySpec): Vec3[] {
  const [l, w, h] = e.size;
  const local: Vec3[] = [[0, 0, h / 2]];
  for (const x of [-l / 2, l / 2]) for (const y of [-w / 2, w / 2]) for (const z of [0, h]) local.push([x, y, z]);
  local.push([l / 2, 0, h / 2], [-l / 2, 0, h / 2], [0, w / 2, h / 2], [0, -w / 2, h / 2], [0, 0, h], [0, 0, 0]);
  return local.map((p) => {
    const q = yawRotate(p, e.yaw);
    return [e.position[0] + q[0], e.position[1] + q[1], e.position[2] + q[2]] as Vec3;
  });
}

const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** Does the segment from a to b pass through box e (strictly between its ends)? Slab test in e's frame. */
export function segmentHitsBox(a: Vec3, b: Vec3, e: EntitySpec): boolean {
  const toLocal = (p: Vec3): Vec3 => {
    const q = yawRotate([p[0] - e.position[0], p[1] - e.position[1], p[2] - e.position[2]], -e.yaw);
    return [q[0], q[1], q[2] - e.size[2] / 2];
  };
  const p0 = toLocal(a);
  const p1 = toLocal(b);
  let t0 = 1e-6;
  let t1 = 1 - 1e-6;
  for (let k = 0; k < 3; k++) {
    const half = e.size[k]! / 2;
    const d = p1[k]! - p0[k]!;
    if (Math.abs(d) < 1e-12) {
      if (p0[k]! < -half || p0[k]! > half) return false;
      continue;
    }
    let ta = (-half - p0[k]!) / d;
    let tb = (half - p0[k]!) / d;
    if (ta > tb) [ta, tb] = [tb, ta];
    t0 = Math.max(t0, ta);
    t1 = Math.min(t1, tb);
    if (t0 > t1) return false;
  }
  return true;
}

export function isVisible(target: EntitySpec, cam: CameraSpec, mount: EntitySpec, entities: readonly EntitySpec[]): boolean {
  const pose = cameraPose(cam, mount);
  const fx = cam.width / 2 / Math.tan(cam.hfov / 2);
  const blockers = entities.filter((e) => e.id !== target.id && e.id !== mount.id);
  for (const p of boxSamplePoints(target)) {
    const rel: Vec3 = [p[0] - pose.origin[0], p[1] - pose.origin[1], p[2] - pose.origin[2]];
    const z = dot(rel, pose.forward);
    if (z <= cam.near || z >= cam.far) continue;
    const u = (fx * dot(rel, pose.right)) / z + cam.width / 2;
    const v = (fx * dot(rel, pose.down)) / z + cam.height / 2;
    if (u < 0 || u >= cam.width || v < 0 || v >= cam.height) continue;
    if (!blockers.some((b) => segmentHitsBox(pose.origin, p, b))) return true;
  }
  return false;
}
