import * as THREE from 'three';
import type { PassKind } from './passes.ts';
import type { World } from './World.ts';

/**
 * Draw one ground-truth pass of `world` from `camera` into `target` (for kind 'all', a
 * three-attachment target: ids RGBA8, depth+normals RGBA32F, flow RGBA32F). Fog, background and
 * shadow-map updates are off and the clear colour is 0 during the pass: a pixel holds geometry's
 * value or 0, nothing else. With `only`, every other top-level object of the scene is hidden (the
 * object as it would be seen with nothing in front of it). Objects marked `userData.lookOnly`
 * (weather, glare: the look, not the world) are hidden. The target's own scissor applies to
 * the clear and the draw. The renderer's state is restored afterwards.
 */
export function drawGroundTruth(
  renderer: THREE.WebGLRenderer,
  world: World,
  camera: THREE.Camera,
  kind: PassKind,
  target: THREE.WebGLRenderTarget,
  only?: THREE.Object3D,
): void {
  const scene = world.scene;
  const background = scene.background;
  const fog = scene.fog;
  const shadows = renderer.shadowMap.autoUpdate;
  const clearColor = renderer.getClearColor(new THREE.Color());
  const clearAlpha = renderer.getClearAlpha();
  const hidden: THREE.Object3D[] = [];
  if (only) for (const c of scene.children) if (c !== only && c.visible) (hidden.push(c), (c.visible = false));
  // What only makes the picture (rain, glare, lens effects) has no ground truth: never drawn here.
  scene.traverseVisible((o) => {
    if (o.userData.lookOnly === true) hidden.push(o);
  });
  for (const o of hidden) o.visible = false;
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
  } finally {
    renderer.setRenderTarget(null);
    for (const c of hidden) c.visible = true;
    scene.background = background;
    scene.fog = fog;
    renderer.shadowMap.autoUpdate = shadows;
    renderer.setClearColor(clearColor, clearAlpha);
  }
}

/**
 * Draw one single-output pass ('ids', 'depth' or 'flow') and read it back into `out` (rows
 * bottom-up, as readPixels gives them).
 */
export function renderGroundTruth(
  renderer: THREE.WebGLRenderer,
  world: World,
  camera: THREE.Camera,
  kind: Exclude<PassKind, 'all'>,
  target: THREE.WebGLRenderTarget,
  out: Uint8Array | Float32Array,
): void {
  drawGroundTruth(renderer, world, camera, kind, target);
  renderer.readRenderTargetPixels(target, 0, 0, target.width, target.height, out);
}
