import * as THREE from 'three';
import type { PassKind } from './passes.ts';
import type { World } from './World.ts';

/**
 * Draw one ground-truth pass (ids or depth) of `world` from `camera` into `target` and read it back
 * into `out` (rows bottom-up, as readPixels gives them). Fog, background and shadow-map updates are
 * off and the clear colour is 0 during the pass: a pixel holds geometry's value or 0, nothing else.
 * The renderer's state is restored afterwards.
 */
export function renderGroundTruth(
  renderer: THREE.WebGLRenderer,
  world: World,
  camera: THREE.Camera,
  kind: PassKind,
  target: THREE.WebGLRenderTarget,
  out: Uint8Array | Float32Array,
): void {
  const scene = world.scene;
  const background = scene.background;
  const fog = scene.fog;
  const shadows = renderer.shadowMap.autoUpdate;
  const clearColor = renderer.getClearColor(new THREE.Color());
  const clearAlpha = renderer.getClearAlpha();
  scene.background = null;
  scene.fog = null;
  renderer.shadowMap.autoUpdate = false;
  renderer.setClearColor(0x000000, 0);
  try {
    world.passes.with(kind, () => {
      renderer.setRenderTarget(target);
      renderer.clear();
      renderer.render(scene, camera);
    });
    renderer.readRenderTargetPixels(target, 0, 0, target.width, target.height, out);
  } finally {
    renderer.setRenderTarget(null);
    scene.background = background;
    scene.fog = fog;
    renderer.shadowMap.autoUpdate = shadows;
    renderer.setClearColor(clearColor, clearAlpha);
  }
}
