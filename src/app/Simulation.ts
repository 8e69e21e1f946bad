import * as THREE from 'three';
import type * as Comlink from 'comlink';
import { Capturer, READ_ALL, type FrameRecord, type Readback } from '../capture/index.ts';
import { LongtailError } from '../core/index.ts';
import { connectPhysics, createPhysicsWorker, type PhysicsApi } from '../physics/index.ts';
import { DEFAULT_QUALITY, QUALITY_PRESETS, World, type PoseSnapshot, type Quality } from '../render/index.ts';
import { loadUserMeshes } from '../render/userModels.ts';
import { stepsToFrame, type CameraSpec, type SceneSpec } from '../scenario/index.ts';

/** Event times (s, null if it does not happen), the end time (null: runs its full duration) and every collision. */
export interface Timeline {
  readonly events: readonly { readonly name: string; readonly time: number | null }[];
  readonly endTime: number | null;
  /** Collisions of the dry run, in order (physics CollisionRecord: time, a, b, impulse). */
  readonly collisions: readonly { readonly time: number; readonly a: string; readonly b: string; readonly impulse: number | null }[];
}

/** How long one physics call may take by default, ms (longer calls: see Simulation.physicsTimeoutMs). */
export const DEFAULT_PHYSICS_TIMEOUT_MS = 10_000;

/** How many steps' poses Simulation keeps for flow. */
const POSE_HISTORY = 4;

/** Steps a debugHangNextStep() call asks for: hours of work for any scene, so it never returns in time. */
const HANG_STEPS = 2 ** 31;

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
  private worker: Worker;
  private physics: Comlink.Remote<PhysicsApi>;
  /**
   * How long a physics call may take before it fails, ms. A call that steps more than 10 simulated
   * seconds (a dry run, a long seek) gets this much per 10 simulated seconds. On a timeout the
   * worker is terminated and a fresh one started, so the page stays usable.
   */
  physicsTimeoutMs = DEFAULT_PHYSICS_TIMEOUT_MS;
  /** The worker's world is not this.steps of the loaded scene (restarted, or a call failed): rebuild before stepping. */
  private physicsStale = false;
  private hangNextStep = false;
  private world: World | null = null;
  private steps = 0;
  private state: Float32Array | null = null;
  /** Poses at recently visited steps (step → snapshot), for optical flow against a previous frame. */
  private poses = new Map<number, PoseSnapshot>();
  private timeline: Timeline = { events: [], endTime: null, collisions: [] };

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

  private quality: Quality = DEFAULT_QUALITY;

  /** The picture preset (render/quality.ts) of the scenes loaded from now on: the RGB image only, never the layers. */
  setQuality(q: Quality): void {
    const spec = QUALITY_PRESETS[q];
    this.quality = q;
    this.capturer.quality = spec;
    const type = spec.shadowFilter === 'basic' ? THREE.BasicShadowMap : THREE.PCFShadowMap;
    if (this.renderer.shadowMap.type !== type) {
      this.renderer.shadowMap.type = type;
      this.renderer.shadowMap.needsUpdate = true;
    }
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
    this.steps = 0;
    // Users' model files load while the physics dry-runs; the World is built with them.
    const meshes = loadUserMeshes(spec);
    meshes.catch(() => {}); // awaited below; if the physics fails first, nobody waits for it
    await this.call(spec, 'load(spec)', 0, 0, (p) => p.load(spec));
    this.physicsStale = false;
    // Event times are known before any frame is drawn, so every frame can say how far off each is.
    const dryRunSteps = Math.ceil(spec.duration * spec.physicsHz);
    const run = await this.call(spec, `dryRun over ${fmtSeconds(spec.duration)}`, 0, dryRunSteps, (p) => p.dryRun(spec, spec.duration));
    const happened = new Map(run.events.map((e) => [e.name, e.time]));
    this.timeline = { events: spec.events.map((e) => ({ name: e.name, time: happened.get(e.name) ?? null })), endTime: run.endTime, collisions: run.collisions };
    this.world = new World(spec, await meshes, QUALITY_PRESETS[this.quality]);
    this.state = await this.call(spec, 'step(0)', 0, 0, (p) => p.step(0));
    // With the time, the legs' gait phase restarts on a rewind instead of running backwards.
    this.world.applyState(this.state, 0);
    this.poses.clear();
    this.remember();
    return this.timeline;
  }

  /** Step physics forward by whole steps (the authoring page's play and step buttons). */
  async advance(steps: number): Promise<void> {
    const world = this.requireWorld();
    const spec = world.spec;
    if (this.physicsStale) {
      // Rebuild the worker's world and replay it to where this page is.
      const at = this.steps;
      await this.call(spec, 'load(spec)', 0, 0, (p) => p.load(spec));
      if (at > 0) await this.call(spec, `step(${at})`, 0, at, (p) => p.step(at));
      this.physicsStale = false;
    }
    const n = this.hangNextStep ? HANG_STEPS : steps;
    this.hangNextStep = false;
    this.state = await this.call(spec, `step(${steps})`, this.steps, steps, (p) => p.step(n));
    this.steps += steps;
    world.applyState(this.state, this.steps / spec.physicsHz);
    this.remember();
  }

  /** Keep the poses of the current step (the last few steps only). */
  private remember(): void {
    const world = this.world!;
    this.poses.set(this.steps, world.passes.snapshot(world.cameras.values()));
    for (const step of this.poses.keys()) if (this.poses.size > POSE_HISTORY) this.poses.delete(step);
  }

  /**
   * Bring physics to the instant of frame `index` of camera `cam`, passing through the instant of
   * its previous frame (whose poses optical flow is measured against); rewinds by replaying from t = 0.
   */
  async seekFrame(cam: CameraSpec, index: number): Promise<void> {
    const world = this.requireWorld();
    const target = stepsToFrame(world.spec, cam, index);
    const previous = index > 0 ? stepsToFrame(world.spec, cam, index - 1) : null;
    const need = previous !== null && !this.poses.has(previous) ? previous : target;
    if (need < this.steps) {
      // Rewind: replay from t = 0 (advance() rebuilds a stale worker's world itself).
      if (!this.physicsStale) await this.call(world.spec, 'load(spec)', 0, 0, (p) => p.load(world.spec));
      this.steps = 0;
      this.poses.clear();
    }
    if (previous !== null && !this.poses.has(previous)) await this.advance(previous - this.steps);
    if (target !== this.steps || !this.poses.has(target)) await this.advance(target - this.steps);
  }

  /** The poses of the state shown before the current one (null at the start): what the authoring page's flow view measures from. */
  shownBefore(): PoseSnapshot | null {
    const before = [...this.poses.keys()].filter((s) => s < this.steps);
    return before.length ? this.poses.get(Math.max(...before))! : null;
  }

  /** The poses at frame `index - 1` of `cam` (null for frame 0, or when they were not visited). */
  previousPoses(cam: CameraSpec, index: number): PoseSnapshot | null {
    const world = this.requireWorld();
    return index > 0 ? (this.poses.get(stepsToFrame(world.spec, cam, index - 1)) ?? null) : null;
  }

  /**
   * Test hook: the next advance() asks the worker for 2³¹ steps instead, so the worker really is
   * busy for hours, as one stuck in a pathological scene would be. The call then fails on the timeout.
   */
  debugHangNextStep(): void {
    this.hangNextStep = true;
  }

  /** Capture frame `index` of `cam` as it stands (after seekFrame); `read`: the layers to read back (default all). */
  capture(cam: CameraSpec, index: number, read: Readback = READ_ALL): FrameRecord {
    const world = this.requireWorld();
    // Collisions up to and including this frame's state (a step's collisions carry its end time).
    const now = this.time + 1e-9;
    const collisions = this.timeline.collisions.filter((c) => c.time <= now);
    const previous = this.previousPoses(cam, index);
    return { ...this.capturer.capture(world, cam, index, this.time, this.state!, previous, read), events: this.timeline.events, collisions };
  }

  dispose(): void {
    this.world?.dispose();
    this.capturer.dispose();
    this.renderer.dispose();
    this.worker.terminate();
  }

  /**
   * Make one physics call that starts at step `from` and takes `steps` steps, with a time limit
   * (physicsTimeoutMs). Rejects with a LongtailError naming the scenario, the simulated time and
   * the call: with the worker's own message if it threw, or once the limit has passed (then the
   * worker is terminated and a fresh one started). Either way the worker's world is no longer the
   * page's, so the next advance() rebuilds it.
   */
  private async call<T>(spec: SceneSpec, what: string, from: number, steps: number, run: (p: Comlink.Remote<PhysicsApi>) => Promise<T>): Promise<T> {
    const where = `scenario '${spec.name}' (seed ${spec.seed}): physics call ${what} from simulated time ${fmtSeconds(from / spec.physicsHz)}`;
    const limit = this.physicsTimeoutMs * Math.max(1, steps / (10 * spec.physicsHz));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), limit);
    });
    let result: { value: T } | 'timeout';
    try {
      result = await Promise.race([run(this.physics).then((value) => ({ value })), timedOut]);
    } catch (e) {
      this.physicsStale = true;
      throw new LongtailError(`${where} failed: ${e instanceof Error ? e.message : String(e)}`, 'physics');
    } finally {
      clearTimeout(timer);
    }
    if (result === 'timeout') {
      this.restartWorker();
      throw new LongtailError(`${where} did not return within ${fmtSeconds(limit / 1000)}; the physics worker was stopped and restarted`, 'physics');
    }
    return result.value;
  }

  /** Replace a stuck worker; its pending calls are abandoned (they never settle). */
  private restartWorker(): void {
    this.worker.terminate();
    this.worker = createPhysicsWorker();
    this.physics = connectPhysics(this.worker);
    this.physicsStale = true;
  }

  private requireWorld(): World {
    if (!this.world) throw new Error('no scene loaded: call load(spec) first');
    return this.world;
  }
}

/** Seconds for messages: up to millisecond precision, no trailing zeros. */
function fmtSeconds(t: number): string {
  return `${Number(t.toFixed(3))} s`;
}
