import * as THREE from 'three';
import { BEAM_AIM, BEAM_CONE, beamCandela, beamProfile, type BeamLight } from './headlights.ts';

// Eye-shine: an animal's eyes caught in headlights glow back green-white (the tapetum lucidum
// reflects the light back towards its source, where the driver and the camera are). Each eye is
// real geometry of the animal (a mesh named 'eye', labelled with the animal); only its emissive
// term changes. Its brightness follows the illuminance the headlights give at the eye:
//   E = Σ over beams  I(direction) · max(0, n · l) / d²
// where I is the beam's intensity towards the eye (the same beam pattern the road is lit with,
// so the cut-off counts), l the unit vector from the eye to the lamp, n the eye's outward
// direction, d the distance. Dark (emissive 0) when no beam reaches it.

/** Emissive intensity per lux at the eye (a retroreflector: a little light comes back bright). */
export const EYE_GAIN = 5;
/** Largest emissive intensity of a shining eye. */
export const EYE_MAX = 16;
/** Tapetum colour: green-white. */
const EYE_COLOR = new THREE.Color(0.72, 1, 0.78);

/** An eye of an animal: its mesh, own material, and its centre and outward direction in the animal's frame. */
export interface Eye {
  readonly mesh: THREE.Mesh;
  readonly material: THREE.MeshStandardMaterial;
  readonly centre: THREE.Vector3;
  readonly normal: THREE.Vector3;
  readonly animal: THREE.Object3D;
}

/**
 * The eyes of `model` (meshes named 'eye'), each given its own material so it can shine alone.
 * The outward direction is half forward, mostly sideways (animals' eyes look out to the side):
 * normalise(0.5·forward + 0.87·side), side from the eye's y.
 */
export function findEyes(model: THREE.Object3D): Eye[] {
  model.updateMatrixWorld(true);
  const toModel = model.matrixWorld.clone().invert();
  const eyes: Eye[] = [];
  model.traverse((o) => {
    const mesh = o as THREE.Mesh;
    if (!mesh.isMesh || o.name !== 'eye') return;
    const material = (mesh.material as THREE.MeshStandardMaterial).clone();
    material.emissive.copy(EYE_COLOR);
    material.emissiveIntensity = 0;
    mesh.material = material;
    const centre = new THREE.Box3().setFromObject(mesh).applyMatrix4(toModel).getCenter(new THREE.Vector3());
    const normal = new THREE.Vector3(0.5, Math.sign(centre.y) * 0.87, 0).normalize();
    eyes.push({ mesh, material, centre, normal, animal: model });
  });
  return eyes;
}

const eyeWorld = new THREE.Vector3();
const normalWorld = new THREE.Vector3();
const lampWorld = new THREE.Vector3();
const toEye = new THREE.Vector3();
const inverse = new THREE.Quaternion();
const animalQuat = new THREE.Quaternion();

/** Illuminance (renderer lux) the beams give at a world point facing `normal` (unit, world). */
export function beamIlluminance(point: THREE.Vector3, normal: THREE.Vector3, beams: readonly BeamLight[]): number {
  let e = 0;
  for (const b of beams) {
    if (b.light.intensity <= 0) continue;
    b.light.getWorldPosition(lampWorld);
    toEye.subVectors(point, lampWorld);
    const d2 = toEye.lengthSq();
    if (d2 < 1e-6) continue;
    const d = Math.sqrt(d2);
    // Facing: cosine between the eye's outward direction and the way back to the lamp.
    const facing = -normal.dot(toEye) / d;
    if (facing <= 0) continue;
    // The direction in the vehicle's frame (x forward, y left, z up): elevation and azimuth (+ right).
    b.vehicle.getWorldQuaternion(inverse).invert();
    toEye.applyQuaternion(inverse);
    // Outside the spot's cone the light gives nothing, whatever the pattern says.
    if ((toEye.x * Math.cos(BEAM_AIM) - toEye.z * Math.sin(BEAM_AIM)) / d < Math.cos(BEAM_CONE)) continue;
    const el = Math.atan2(toEye.z, Math.hypot(toEye.x, toEye.y));
    const az = Math.atan2(-toEye.y, toEye.x);
    // As bright as the light as rendered: its intensity over the cookie's peak, times the pattern.
    const intensity = (b.light.intensity / beamProfile(b.beam).peak) * beamCandela(b.beam, el, az);
    e += (intensity * facing) / d2;
  }
  return e;
}

/** Set every eye's glow from the beams (call with the world matrices up to date). */
export function updateEyes(eyes: readonly Eye[], beams: readonly BeamLight[]): void {
  for (const eye of eyes) {
    eye.animal.getWorldQuaternion(animalQuat);
    eyeWorld.copy(eye.centre).applyMatrix4(eye.animal.matrixWorld);
    normalWorld.copy(eye.normal).applyQuaternion(animalQuat);
    const e = beamIlluminance(eyeWorld, normalWorld, beams);
    eye.material.emissiveIntensity = Math.min(EYE_MAX, EYE_GAIN * e);
  }
}
