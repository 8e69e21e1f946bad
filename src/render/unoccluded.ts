import * as THREE from 'three';
import { drawGroundTruth } from './groundTruthPass.ts';
import type { World } from './World.ts';

/** Tight box [x0, y0, x1, y1] (image rows top-down, x1 and y1 exclusive) and pixel count of a mask. */
export interface MaskBox {
  readonly box: [number, number, number, number];
  readonly pixels: number;
}

const corner = new THREE.Vector3();
const bounds = new THREE.Box3();

/**
 * The window rectangle [x0, y0, x1, y1] (GL pixels, y up, exclusive ends, clipped to the image)
 * that holds every pixel `object` can cover from `camera`: its world bounding box projected.
 * The whole image when a corner is at or behind the camera plane; null when it is outside the view.
 */
export function screenRect(object: THREE.Object3D, camera: THREE.PerspectiveCamera, width: number, height: number): [number, number, number, number] | null {
  bounds.setFromObject(object);
  if (bounds.isEmpty()) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < 8; i++) {
    corner.set(i & 1 ? bounds.max.x : bounds.min.x, i & 2 ? bounds.max.y : bounds.min.y, i & 4 ? bounds.max.z : bounds.min.z);
    corner.applyMatrix4(camera.matrixWorldInverse);
    if (corner.z > -camera.near) return [0, 0, width, height];
    corner.applyMatrix4(camera.projectionMatrix);
    const x = (corner.x * 0.5 + 0.5) * width;
    const y = (corner.y * 0.5 + 0.5) * height;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  // One pixel of margin for rasterisation at the rectangle's edge.
  const r: [number, number, number, number] = [
    Math.max(0, Math.floor(x0) - 1),
    Math.max(0, Math.floor(y0) - 1),
    Math.min(width, Math.ceil(x1) + 1),
    Math.min(height, Math.ceil(y1) + 1),
  ];
  return r[2] > r[0] && r[3] > r[1] ? r : null;
}

/**
 * For each entity id: the pixels its model would cover if nothing else were in the scene (the
 * object alone, its own parts still hiding each other), as a tight box and a count; ids that
 * would cover no pixel are absent. One ids pass per entity in view, clipped by the scissor to
 * the entity's projected bounds and read back from that rectangle only.
 * `target` is an RGBA8 render target the size of the image; `scratch` (at least its width × height
 * × 4 bytes) is overwritten with the readbacks.
 */
export function unoccludedMasks(
  renderer: THREE.WebGLRenderer,
  world: World,
  camera: THREE.PerspectiveCamera,
  target: THREE.WebGLRenderTarget,
  ids: readonly number[],
  scratch: Uint8Array,
): Map<number, MaskBox> {
  const w = target.width;
  const h = target.height;
  const out = new Map<number, MaskBox>();
  camera.updateMatrixWorld();
  try {
    for (const id of ids) {
      const model = world.models.get(id);
      if (!model) throw new Error(`no model for instance ${id}`);
      const rect = screenRect(model, camera, w, h);
      if (!rect) continue;
      const [rx0, ry0, rx1, ry1] = rect;
      const rw = rx1 - rx0;
      const rh = ry1 - ry0;
      target.scissor.set(rx0, ry0, rw, rh);
      target.scissorTest = true;
      drawGroundTruth(renderer, world, camera, 'ids', target, model);
      renderer.readRenderTargetPixels(target, rx0, ry0, rw, rh, scratch);
      let n = 0;
      let minX = w;
      let minY = h;
      let maxX = -1;
      let maxY = -1;
      for (let y = 0, i = 0; y < rh; y++) {
        const row = h - 1 - (ry0 + y); // image rows run top-down
        for (let x = 0; x < rw; x++, i += 4) {
          if ((scratch[i + 1]! | (scratch[i + 2]! << 8)) !== id) continue;
          n++;
          const col = rx0 + x;
          if (col < minX) minX = col;
          if (col > maxX) maxX = col;
          if (row < minY) minY = row;
          if (row > maxY) maxY = row;
        }
      }
      if (n > 0) out.set(id, { box: [minX, minY, maxX + 1, maxY + 1], pixels: n });
    }
  } finally {
    target.scissorTest = false;
    target.scissor.set(0, 0, w, h);
  }
  return out;
}
