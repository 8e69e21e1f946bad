import { invertRigid, rotate, transformPoint, yawOf, type Quat, type Vec3 } from '../core/index.ts';
import type { EntitySpec } from '../scenario/index.ts';
import type { ObjectLabel } from './FrameRecord.ts';
import { fogTransmittance, isPerceptible } from './perceptibility.ts';
import { meanFogDensity } from '../render/index.ts';

export interface MaskStats {
  /** Per instance id: [x0, y0, x1, y1] (x1, y1 exclusive) and pixel count. */
  readonly boxes: Map<number, { box: [number, number, number, number]; pixels: number }>;
}

/** One pass over the instance image: tight box and pixel count of every id present. */
export function maskStats(instance: Uint16Array, width: number, height: number): MaskStats {
  const minX = new Int32Array(65536).fill(width);
  const minY = new Int32Array(65536).fill(height);
  const maxX = new Int32Array(65536).fill(-1);
  const maxY = new Int32Array(65536).fill(-1);
  const count = new Uint32Array(65536);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const id = instance[i]!;
      if (id === 0) continue;
      count[id]!++;
      if (x < minX[id]!) minX[id] = x;
      if (x > maxX[id]!) maxX[id] = x;
      if (y < minY[id]!) minY[id] = y;
      if (y > maxY[id]!) maxY[id] = y;
    }
  }
  const boxes = new Map<number, { box: [number, number, number, number]; pixels: number }>();
  for (let id = 1; id < 65536; id++) {
    if (count[id]! > 0) boxes.set(id, { box: [minX[id]!, minY[id]!, maxX[id]! + 1, maxY[id]! + 1], pixels: count[id]! });
  }
  return { boxes };
}

/** Visibility from which an object counts as fully visible (occlusion level 0). */
export const FULLY_VISIBLE = 0.95;
/** Visibility below which an object counts as largely occluded (occlusion level 2). */
export const LARGELY_OCCLUDED = 0.5;

/**
 * KITTI-style occlusion level from the visibility fraction: 0 fully visible (≥ 0.95: a few
 * pixels lost to a touching surface do not count), 1 partly occluded (≥ 0.5), 2 largely or
 * wholly occluded; null for an object out of view.
 */
export function occlusionLevel(visibility: number | null): 0 | 1 | 2 | null {
  if (visibility === null) return null;
  return visibility >= FULLY_VISIBLE ? 0 : visibility >= LARGELY_OCCLUDED ? 1 : 2;
}

/** Points closer than this to the camera plane (metres) are clipped away before projecting a box. */
const NEAR = 0.01;

/**
 * Share of a 3D box's projection that lies outside the image, 0..1 (KITTI `truncated`): the box
 * (its eight corners in camera axes, OpenCV) is clipped to z ≥ 1 cm in front of the camera, its
 * corners projected, and the bounding rectangle of those points compared with its part inside
 * the image. A box wholly behind the camera is 1.
 */
export function boxTruncation(corners: readonly Vec3[], k: { fx: number; fy: number; cx: number; cy: number }, width: number, height: number): number {
  const pts: Vec3[] = corners.filter((p) => p[2] >= NEAR);
  // Where an edge crosses the near plane, add the crossing point.
  for (let i = 0; i < 8; i++) {
    for (const bit of [1, 2, 4]) {
      const j = i ^ bit;
      if (j < i) continue;
      const a = corners[i]!;
      const b = corners[j]!;
      if ((a[2] >= NEAR) !== (b[2] >= NEAR)) {
        const t = (NEAR - a[2]) / (b[2] - a[2]);
        pts.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), NEAR]);
      }
    }
  }
  if (pts.length === 0) return 1;
  const us = pts.map((p) => (k.fx * p[0]) / p[2] + k.cx);
  const vs = pts.map((p) => (k.fy * p[1]) / p[2] + k.cy);
  const u0 = Math.min(...us);
  const u1 = Math.max(...us);
  const v0 = Math.min(...vs);
  const v1 = Math.max(...vs);
  const area = (u1 - u0) * (v1 - v0);
  if (!(area > 0)) return 1;
  const iw = Math.max(0, Math.min(u1, width) - Math.max(u0, 0));
  const ih = Math.max(0, Math.min(v1, height) - Math.max(v0, 0));
  return Math.min(1, Math.max(0, 1 - (iw * ih) / area));
}

/** The camera and image an object is labelled for. */
export interface LabelView {
  /** Camera-to-world, row-major 4x4, OpenCV camera axes. */
  readonly cameraToWorld: readonly number[];
  readonly intrinsics: { readonly fx: number; readonly fy: number; readonly cx: number; readonly cy: number };
  readonly width: number;
  readonly height: number;
}

/**
 * Labels for every entity given its pose this frame (packed state, see STATE_STRIDE), what the
 * camera sees of it (`seen`: visible pixels) and what it would see of it alone (`alone`: pixels
 * with nothing in front). Entities in `exclude` (the camera's carrier) get no label.
 */
export function objectLabels(
  entities: readonly EntitySpec[],
  state: Float32Array,
  stride: number,
  semanticIdOf: (cls: string) => number,
  view: LabelView,
  seen: MaskStats,
  alone: MaskStats,
  exclude: ReadonlySet<number>,
  /** Label boxes in the entity's own axes (origin at the bottom centre) where they differ from its nominal size: bodies posed, users' meshes. */
  boxes: ReadonlyMap<number, { readonly min: readonly number[]; readonly max: readonly number[] }> = new Map(),
  /** What perceptibility needs: the scene's fog, and each object's contrast measured in the RGB (none: no RGB). */
  seeing: { readonly fogDensity: number; readonly fogHeight?: number; readonly contrasts?: ReadonlyMap<number, { readonly contrast: number }> } = { fogDensity: 0 },
): ObjectLabel[] {
  const worldToCamera = invertRigid(view.cameraToWorld);
  const out: ObjectLabel[] = [];
  entities.forEach((e, i) => {
    if (exclude.has(e.id)) return;
    const o = i * stride;
    const q: Quat = [state[o + 3]!, state[o + 4]!, state[o + 5]!, state[o + 6]!];
    const b = boxes.get(e.id);
    const size: Vec3 = b ? [b.max[0]! - b.min[0]!, b.max[1]! - b.min[1]!, b.max[2]! - b.min[2]!] : [e.size[0], e.size[1], e.size[2]];
    const mid = rotate(q, b ? [(b.min[0]! + b.max[0]!) / 2, (b.min[1]! + b.max[1]!) / 2, (b.min[2]! + b.max[2]!) / 2] : [0, 0, e.size[2] / 2]);
    const center: Vec3 = [state[o]! + mid[0], state[o + 1]! + mid[1], state[o + 2]! + mid[2]];
    const centerCam = transformPoint(worldToCamera, center);
    const velocity: Vec3 = [state[o + 8]!, state[o + 9]!, state[o + 10]!];
    const visible = seen.boxes.get(e.id);
    const whole = alone.boxes.get(e.id);
    const pixels = visible?.pixels ?? 0;
    // Depth-test ties can let the object alone lose a pixel it wins in the full scene: never report
    // fewer unoccluded pixels than visible ones.
    const unoccludedPixels = Math.max(whole?.pixels ?? 0, pixels);
    const visibility = unoccludedPixels > 0 ? pixels / unoccludedPixels : null;
    const corners: Vec3[] = [];
    for (const sx of [-0.5, 0.5]) {
      for (const sy of [-0.5, 0.5]) {
        for (const sz of [-0.5, 0.5]) {
          const d = rotate(q, [sx * size[0], sy * size[1], sz * size[2]]);
          corners.push(transformPoint(worldToCamera, [center[0] + d[0], center[1] + d[1], center[2] + d[2]]));
        }
      }
    }
    out.push({
      id: e.id,
      name: e.name,
      cls: e.cls,
      semanticId: semanticIdOf(e.cls),
      center,
      centerCam,
      size,
      quaternion: q,
      yaw: yawOf(q),
      speed: state[o + 7]!,
      box2d: visible ? visible.box : null,
      pixels,
      amodalBox2d: unionBox(whole?.box ?? null, visible?.box ?? null),
      unoccludedPixels,
      visibility,
      occlusion: occlusionLevel(visibility),
      truncation: boxTruncation(corners, view.intrinsics, view.width, view.height),
      distance: Math.hypot(centerCam[0], centerCam[1], centerCam[2]),
      velocity,
      velocityCam: rotateInto(worldToCamera, velocity),
      ...perceptibility(pixels, centerCam[2], view.cameraToWorld[11]!, center[2], seeing, seeing.contrasts?.get(e.id)?.contrast ?? null),
    });
  });
  return out;
}

function unionBox(a: [number, number, number, number] | null, b: [number, number, number, number] | null): [number, number, number, number] | null {
  if (!a) return b;
  if (!b) return a;
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

/** Rotate a direction by the rotation part of a row-major 4x4. */
function rotateInto(m: readonly number[], v: Vec3): Vec3 {
  return [0, 1, 2].map((r) => m[4 * r]! * v[0] + m[4 * r + 1]! * v[1] + m[4 * r + 2]! * v[2]) as Vec3;
}

/** The perceptibility fields of a label (perceptibility.ts): fog transmittance at the centre's depth, contrast, flag. */
function perceptibility(pixels: number, depth: number, cameraZ: number, centerZ: number, fog: { readonly fogDensity: number; readonly fogHeight?: number }, contrast: number | null): Pick<ObjectLabel, 'fogTransmittance' | 'contrast' | 'perceptible'> {
  const mean = fog.fogHeight !== undefined && fog.fogHeight > 0 ? meanFogDensity(cameraZ, centerZ, fog.fogHeight) : 1;
  const measured = pixels > 0 ? contrast : null;
  return { fogTransmittance: fogTransmittance(fog.fogDensity, depth, mean), contrast: measured, perceptible: isPerceptible(pixels, measured) };
}
