import { invertRigid, rotate, transformPoint, yawOf, type Quat, type Vec3 } from '../core/index.ts';
import type { EntitySpec } from '../scenario/index.ts';
import type { ObjectLabel } from './FrameRecord.ts';

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

/** Labels for every entity given its pose this frame and the masks seen by the camera. */
export function objectLabels(
  entities: readonly EntitySpec[],
  state: Float32Array,
  stride: number,
  semanticIdOf: (cls: string) => number,
  cameraToWorld: readonly number[],
  stats: MaskStats,
  exclude: ReadonlySet<number>,
): ObjectLabel[] {
  const worldToCamera = invertRigid(cameraToWorld);
  const out: ObjectLabel[] = [];
  entities.forEach((e, i) => {
    if (exclude.has(e.id)) return;
    const o = i * stride;
    const q: Quat = [state[o + 3]!, state[o + 4]!, state[o + 5]!, state[o + 6]!];
    const up = rotate(q, [0, 0, e.size[2] / 2]);
    const center: Vec3 = [state[o]! + up[0], state[o + 1]! + up[1], state[o + 2]! + up[2]];
    const seen = stats.boxes.get(e.id);
    out.push({
      id: e.id,
      name: e.name,
      cls: e.cls,
      semanticId: semanticIdOf(e.cls),
      center,
      centerCam: transformPoint(worldToCamera, center),
      size: [...e.size],
      quaternion: q,
      yaw: yawOf(q),
      speed: state[o + 7]!,
      box2d: seen ? seen.box : null,
      pixels: seen ? seen.pixels : 0,
    });
  });
  return out;
}
