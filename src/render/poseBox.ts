// The 3D label box of a body whose limbs move (issue 13: every visible pixel must lie inside its
// object's box, legs swung out included). A galloping deer's hind legs reach 34 cm behind its
// nominal box, a running adult's feet 44 cm: the label box is the nominal box grown to hold the
// mesh as it is posed in the frame (the box follows the pose). Boxes are in the model's own axes:
// x forward, y left, z up, origin at the bottom centre, as the entity's state places it.
import * as THREE from 'three';
import { gaitAngles, gaitChanges, isAnimated, poseLegs } from './gait.ts';

export interface ModelBox {
  readonly min: [number, number, number];
  readonly max: [number, number, number];
}

const v = new THREE.Vector3();
const inverse = new THREE.Matrix4();
const toModel = new THREE.Matrix4();

/**
 * The nominal box of `size` ([-l/2, -w/2, 0] to [l/2, w/2, h]) grown to hold every visible mesh
 * vertex of `model` as it is posed now (its world matrices up to date).
 */
export function posedBox(model: THREE.Object3D, size: readonly [number, number, number]): ModelBox {
  const box = new THREE.Box3(new THREE.Vector3(-size[0] / 2, -size[1] / 2, 0), new THREE.Vector3(size[0] / 2, size[1] / 2, size[2]));
  inverse.copy(model.matrixWorld).invert();
  model.traverse((o) => {
    const mesh = o as THREE.Mesh;
    if (!mesh.isMesh || !mesh.geometry.attributes.position) return;
    for (let p: THREE.Object3D | null = mesh; p && p !== model; p = p.parent) if (!p.visible) return;
    const pos = mesh.geometry.attributes.position as THREE.BufferAttribute;
    toModel.multiplyMatrices(inverse, mesh.matrixWorld);
    for (let i = 0; i < pos.count; i++) box.expandByPoint(v.fromBufferAttribute(pos, i).applyMatrix4(toModel));
  });
  return { min: [box.min.x, box.min.y, box.min.z], max: [box.max.x, box.max.y, box.max.z] };
}

/** Points of a stride sampled per speed by poseEnvelope. */
const PHASES = 48;

/**
 * Every pose box of `model` over its gaits (walk, trot, gallop or bound, run; rest), each through
 * a stride at the middle of its speed band and past the last change: for tests and for knowing how
 * far a kind's limbs reach. The limbs are left at rest.
 */
export function poseBoxes(model: THREE.Object3D, kind: string, size: readonly [number, number, number], length: number): ModelBox[] {
  const out: ModelBox[] = [];
  const pose = (distance: number, speed: number) => {
    poseLegs(model, gaitAngles(kind, distance, speed, length));
    model.updateMatrixWorld(true);
    out.push(posedBox(model, size));
  };
  pose(0, 0);
  if (isAnimated(kind)) {
    const changes = gaitChanges(kind, length);
    const speeds = [changes[0]! * 0.5, ...changes.slice(1).map((c, i) => (c + changes[i]!) / 2), changes[changes.length - 1]! * 2];
    // A stride is at most a few body lengths: sample well over one.
    for (const speed of speeds) for (let k = 0; k < PHASES; k++) pose((k / PHASES) * 6 * length, speed);
    pose(0, 0);
  }
  return out;
}
