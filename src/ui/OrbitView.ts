import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { World } from '../render/index.ts';

/**
 * A free camera orbiting a target in Longtail's z-up world: drag rotates, the wheel zooms,
 * right-drag or shift-drag pans (three's OrbitControls). The target rides along with the ego,
 * so a moving scene stays in view; what the user set up (angle, distance) is kept.
 */
export class OrbitView {
  readonly camera = new THREE.PerspectiveCamera(50, 4 / 3, 0.1, 5000);
  private readonly controls: OrbitControls;
  private readonly lastEgo = new THREE.Vector3();
  private framed = false;
  /** Moves made by follow() are the scene's, not the user's: they need no extra redraw. */
  private quiet = false;

  constructor(dom: HTMLElement, onChange: () => void) {
    this.camera.up.set(0, 0, 1); // before the controls read it: orbit about world z
    this.controls = new OrbitControls(this.camera, dom);
    this.controls.enabled = false;
    this.controls.maxPolarAngle = Math.PI * 0.495; // stay above the ground
    this.controls.minDistance = 1;
    this.controls.maxDistance = 1500;
    this.controls.addEventListener('change', () => {
      if (!this.quiet) onChange();
    });
  }

  set enabled(on: boolean) {
    this.controls.enabled = on;
  }

  /** Look at the ego from behind, above and to the side, once per new scene. */
  frame(world: World): void {
    const ego = world.models.get(world.egoId());
    if (!ego) return;
    const p = ego.position;
    this.controls.target.set(p.x + 14, p.y, p.z + 1);
    this.camera.position.set(p.x - 9, p.y - 11, p.z + 7);
    this.quiet = true;
    try {
      this.controls.update();
    } finally {
      this.quiet = false;
    }
    this.lastEgo.copy(p);
    this.framed = true;
  }

  /** Move camera and target with the ego's translation since the last call. */
  follow(world: World): void {
    const ego = world.models.get(world.egoId());
    if (!ego) return;
    if (!this.framed) return this.frame(world);
    const d = ego.position.clone().sub(this.lastEgo);
    this.lastEgo.copy(ego.position);
    if (d.lengthSq() === 0) return;
    this.camera.position.add(d);
    this.controls.target.add(d);
    this.quiet = true;
    try {
      this.controls.update();
    } finally {
      this.quiet = false;
    }
  }

  /** Forget the framing: the next follow() frames the (new) scene afresh. */
  reset(): void {
    this.framed = false;
  }

  setAspect(aspect: number): void {
    if (this.camera.aspect === aspect) return;
    this.camera.aspect = aspect;
    this.camera.updateProjectionMatrix();
  }

  dispose(): void {
    this.controls.dispose();
  }
}
