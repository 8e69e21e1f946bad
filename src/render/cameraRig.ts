import * as THREE from 'three';
import type { CameraSpec } from '../scenario/index.ts';

/** Pinhole intrinsics in pixels; pixel (0,0) covers [0,1]×[0,1], so the centre is (w/2, h/2). */
export interface Intrinsics {
  readonly fx: number;
  readonly fy: number;
  readonly cx: number;
  readonly cy: number;
}

export function intrinsics(cam: CameraSpec): Intrinsics {
  const fx = cam.width / 2 / Math.tan(cam.hfov / 2);
  return { fx, fy: fx, cx: cam.width / 2, cy: cam.height / 2 };
}

/**
 * A three.js camera for a CameraSpec, to be added as a child of its mount's model.
 * three's camera looks down its -z with +y up; the mount's forward is +x with +z up.
 */
export function buildCamera(cam: CameraSpec): THREE.PerspectiveCamera {
  const k = intrinsics(cam);
  const vfov = 2 * Math.atan(cam.height / 2 / k.fy);
  const camera = new THREE.PerspectiveCamera(THREE.MathUtils.radToDeg(vfov), cam.width / cam.height, cam.near, cam.far);
  camera.name = cam.name;
  camera.position.set(cam.offset[0], cam.offset[1], cam.offset[2]);
  // Columns: camera x (right) = mount -y, camera y (up) = mount +z, camera z (back) = mount -x.
  const base = new THREE.Matrix4().makeBasis(new THREE.Vector3(0, -1, 0), new THREE.Vector3(0, 0, 1), new THREE.Vector3(-1, 0, 0));
  camera.quaternion.setFromRotationMatrix(base);
  // Yaw turns left about the mount's up axis; then positive pitch looks down about the camera's x.
  camera.quaternion.premultiply(new THREE.Quaternion().setFromAxisAngle(new THREE.Vector3(0, 0, 1), cam.yaw));
  camera.rotateX(-cam.pitch);
  camera.updateProjectionMatrix();
  return camera;
}

/**
 * Camera-to-world as a row-major 4x4 in the OpenCV camera convention (x right, y down, z forward),
 * the one training code expects.
 */
export function cameraToWorldCv(camera: THREE.Camera): number[] {
  camera.updateWorldMatrix(true, false);
  const m = camera.matrixWorld.clone().multiply(new THREE.Matrix4().makeScale(1, -1, -1));
  // three stores column-major; transpose into row-major.
  return m.transpose().toArray();
}
