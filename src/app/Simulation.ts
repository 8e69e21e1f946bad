import * as THREE from 'three';
import type * as Comlink from 'comlink';
import { Capturer, type FrameRecord } from '../capture/index.ts';
import { connectPhysics, createPhysicsWorker, type PhysicsApi } from '../physics/index.ts';
import { World } from '../render/index.ts';
import { stepsToFrame, type CameraSpec, type SceneSpec } from '../scenario/index.ts';

/** Event times (s, null if it does not happen) and the end time (null: runs its full duration). */
export interface Timeline {
  readonly events: readonly { readonly name: string; readonly time: number | null }[];
  readonly endTime: number | null;
}

export interface FrameTimings {
  physics: number;
  render: number;
}

/**
 * Physics (in a worker) + three.js world + capture, for one SceneSpec at a time.
 * The one composition both the authoring page and the headless capture page use.
 */
export class Simulation {
  readonly renderer: THREE.WebGLRenderer;
  readonly capturer: Capturer;
  private readonly worker: Worker;
  private readonly physics: Comlink.Remote<PhysicsApi>;
  private world: World | null = null;
  private steps = 0;
  private state: Float32Array | null = null;
  private timeline: Timeline = { events: [], endTime: null };

  constructor(canvas: HTMLCanvasElement) {
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true, powerPreference: 'high-performance' });
    this.renderer.setPixelRatio(1);
    this.renderer.shadowMap.enabled = true;
    this.renderer.shadowMap.type = THREE.PCFShadowMap;
    this.renderer.toneMapping = THREE.ACESFilmicToneMapping;
    this.renderer.toneMappingExposure = 1;
    this.capturer = new Capturer(this.renderer);
    this.worker = createPhysicsWorker();
    this.physics = connectPhysics(this.worker);
  }

  get spec(): SceneSpec | null {
    return this.world?.spec ?? null;
  }

  get scene(): World | null {
    return this.world;
  }

  /** Simulated seconds at the current state. */
  get time(): number {
    return this.world ? this.steps / this.world.spec.physicsHz : 0;
  }

  /** When each declared event happens and when the scene ends, from a dry run of the physics. */
  get events(): Timeline {
    return this.timeline;
  }

  async load(spec: SceneSpec): Promise<Timeline> {
    this.world?.dispose();
    this.world = null;
    await this.physics.load(spec);
    // Event times are known before any frame is drawn, so every frame can say how far off each is.
    const run = await this.physics.dryRun(spec, spec.duration);
    const happened = new Map(run.events.map((e) => [e.name, e.time]));
    this.timeline = { events: spec.events.map((e) => ({ name: e.name, time: happened.get(e.name) ?? null })), endTime: run.endTime };
    this.world = new World(spec);
    this.steps = 0;
    this.state = await this.physics.step(0);
    this.world.applyState(this.state);
    return this.timeline;
  }

  /** Step physics forward by whole steps (the authoring page's play and step buttons). */
  async advance(steps: number): Promise<void> {
    const world = this.requireWorld();
    this.state = await this.physics.step(steps);
    this.steps += steps;
    world.applyState(this.state);
  }

  /** Bring physics to the instant of frame `index` of camera `cam`; rewinds by replaying from t = 0. */
  async seekFrame(cam: CameraSpec, index: number): Promise<void> {
    const world = this.requireWorld();
    const target = stepsToFrame(world.spec, cam, index);
    if (target < this.steps) {
      await this.physics.load(world.spec);
      this.steps = 0;
    }
    await this.advance(target - this.steps);
  }

  capture(cam: CameraSpec, index: number): FrameRecord {
    const world = this.requireWorld();
    return { ...this.capturer.capture(world, cam, index, this.time, this.state!), events: this.timeline.events };
  }

  dispose(): void {
    this.world?.dispose();
    this.capturer.dispose();
    this.renderer.dispose();
    this.worker.terminate();
  }

  private requireWorld(): World {
    if (!this.world) throw new Error('no scene loaded: call load(spec) first');
    return this.world;
  }
}
