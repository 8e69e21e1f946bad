// Small helpers shared by the COCO, KITTI and YOLO writers.
import type { LabelFrame, ObjectLabel } from '../capture/index.ts';
import { PERCEPTIBLE } from '../capture/index.ts';

export type V3 = [number, number, number];

/** Round to 1e-6 (the native labels' precision); -0 becomes 0. */
export const r6 = (v: number): number => Math.round(v * 1e6) / 1e6 + 0;

/** A number for a text label file: at most 6 decimals, no exponent, no trailing zeros. */
export function num(v: number): string {
  const s = r6(v).toFixed(6).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

/** Frame index as the six-digit file stem the native writer uses. */
export const stem = (index: number): string => String(index).padStart(6, '0');

/** Rotate `v` by the unit quaternion [x, y, z, w]. */
export function rotateByQuaternion(q: readonly [number, number, number, number], v: V3): V3 {
  const [x, y, z, w] = q;
  // t = 2 q_vec × v; v' = v + w t + q_vec × t
  const tx = 2 * (y * v[2] - z * v[1]);
  const ty = 2 * (z * v[0] - x * v[2]);
  const tz = 2 * (x * v[1] - y * v[0]);
  return [v[0] + w * tx + (y * tz - z * ty), v[1] + w * ty + (z * tx - x * tz), v[2] + w * tz + (x * ty - y * tx)];
}

/** A world-frame direction expressed in the camera frame (inverse rotation of the row-major camera_to_world). */
export function worldDirToCamera(cameraToWorld: readonly number[], v: V3): V3 {
  const m = cameraToWorld;
  return [0, 1, 2].map((j) => m[j]! * v[0] + m[4 + j]! * v[1] + m[8 + j]! * v[2]) as V3;
}

/** The object's own x (forward), y (left) and z (up) axes in the camera frame. */
export function objectAxesInCamera(rec: LabelFrame, o: ObjectLabel): [V3, V3, V3] {
  const axis = (v: V3) => worldDirToCamera(rec.cameraToWorld, rotateByQuaternion(o.quaternion, v));
  return [axis([1, 0, 0]), axis([0, 1, 0]), axis([0, 0, 1])];
}

/** The eight corners of the object's 3D box in the camera frame. */
export function boxCornersCamera(rec: LabelFrame, o: ObjectLabel): V3[] {
  const [ax, ay, az] = objectAxesInCamera(rec, o);
  const [l, w, h] = o.size;
  const out: V3[] = [];
  for (const sx of [-0.5, 0.5]) {
    for (const sy of [-0.5, 0.5]) {
      for (const sz of [-0.5, 0.5]) {
        out.push([0, 1, 2].map((i) => o.centerCam[i]! + sx * l * ax[i]! + sy * w * ay[i]! + sz * h * az[i]!) as V3);
      }
    }
  }
  return out;
}

/** Wrap an angle into (−π, π]. */
export function wrapAngle(a: number): number {
  let r = a % (2 * Math.PI);
  if (r <= -Math.PI) r += 2 * Math.PI;
  if (r > Math.PI) r -= 2 * Math.PI;
  return r;
}

/**
 * The objects the label formats list (COCO annotations, KITTI and YOLO lines, the data set's class
 * counts): those with visible pixels, and so a visible box.
 */
export function seenObjects<O extends { readonly box2d: [number, number, number, number] | null; readonly pixels: number }>(objects: readonly O[]): (O & { box2d: [number, number, number, number] })[] {
  return objects.filter((o): o is O & { box2d: [number, number, number, number] } => o.box2d !== null && o.pixels > 0);
}

/**
 * When a seen object is an ordinary label of the detection formats (COCO, KITTI, YOLO): at least
 * `minPixels` visible pixels and |contrast| ≥ `minContrast` (capture/perceptibility.ts; defaults
 * PERCEPTIBLE). Below them it is an ignore region: COCO `iscrowd: 1`, KITTI `DontCare`, left out of
 * YOLO; native labels keep it with its figures. Labels without perceptibility figures (hand-made,
 * or written before them) are all ordinary, as they always were.
 */
export interface LabelRule {
  readonly minPixels: number;
  readonly minContrast: number;
}

/** The default rule: the thresholds of the labels' own `perceptible` flag. */
export const DEFAULT_LABEL_RULE: LabelRule = { minPixels: PERCEPTIBLE.minPixels, minContrast: PERCEPTIBLE.minContrast };

export function isOrdinary(o: { readonly pixels: number; readonly contrast?: number | null }, rule: LabelRule): boolean {
  if (o.contrast === undefined) return true;
  return o.pixels >= rule.minPixels && o.contrast !== null && Math.abs(o.contrast) >= rule.minContrast;
}
