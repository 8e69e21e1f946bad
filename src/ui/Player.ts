import type { Simulation } from '../app/index.ts';
import type { FrameRecord } from '../capture/index.ts';
import { frameCount, stepsToFrame, type CameraSpec, type SceneSpec } from '../scenario/index.ts';

/** At most this much simulated time per display frame: a slow machine plays slower, never jumps. */
const MAX_CATCH_UP_S = 0.25;

/**
 * Drives the Simulation for the page: play/pause, step, restart, load, capture. Every operation on
 * the simulation runs one at a time in order (physics lives in a worker; overlapping calls would
 * interleave). Physics only ever moves in whole fixed steps; the wall clock only decides how many
 * steps a display frame takes while playing.
 */
export class Player {
  private chain: Promise<unknown> = Promise.resolve();
  private playingValue = false;
  private inFlight = false;
  private pending = 0;
  /** Wall seconds of play not yet simulated. */
  private owed = 0;

  constructor(
    private readonly sim: Simulation,
    /** Called after every change of simulated state (and of play state). */
    private readonly onChange: () => void,
    private readonly onError: (e: unknown) => void,
  ) {}

  get playing(): boolean {
    return this.playingValue;
  }

  get spec(): SceneSpec | null {
    return this.sim.spec;
  }

  /** The camera frames are counted in: the first one. */
  get camera(): CameraSpec | null {
    return this.sim.spec?.cameras[0] ?? null;
  }

  /** Physics steps since t = 0. */
  get steps(): number {
    const spec = this.sim.spec;
    return spec ? Math.round(this.sim.time * spec.physicsHz) : 0;
  }

  /** The last frame's step: playing and stepping stop there. */
  get endSteps(): number {
    const spec = this.sim.spec;
    const cam = this.camera;
    return spec && cam ? stepsToFrame(spec, cam, frameCount(spec, cam) - 1) : 0;
  }

  /** The frame at or just before now. */
  get frame(): number {
    const spec = this.sim.spec;
    const cam = this.camera;
    if (!spec || !cam) return 0;
    let f = Math.floor((this.steps * cam.fps) / spec.physicsHz + 1e-9);
    while (f > 0 && stepsToFrame(spec, cam, f) > this.steps) f--;
    return f;
  }

  /** The frame nearest to now, within the scene's frames. */
  get nearestFrame(): number {
    const spec = this.sim.spec;
    const cam = this.camera;
    if (!spec || !cam) return 0;
    return Math.min(frameCount(spec, cam) - 1, Math.max(0, Math.round(this.sim.time * cam.fps)));
  }

  /** Run one simulation operation after the ones before it. */
  run<T>(op: () => Promise<T>): Promise<T> {
    this.pending++;
    const p = this.chain.then(op).finally(() => {
      this.pending--;
    });
    this.chain = p.catch(() => undefined);
    return p;
  }

  load(spec: SceneSpec): Promise<void> {
    this.owed = 0;
    return this.run(async () => {
      await this.sim.load(spec);
      this.onChange();
    });
  }

  setPlaying(on: boolean): void {
    // Play at the end plays again from the start.
    if (on && this.sim.spec && this.steps >= this.endSteps) this.restart().catch(this.onError);
    this.playingValue = on;
    this.owed = 0;
    this.onChange();
  }

  toggle(): void {
    this.setPlaying(!this.playingValue);
  }

  /** One capture frame forward (physicsHz / fps steps, exact frame instants). */
  step(): Promise<void> {
    this.setPlaying(false);
    return this.run(async () => {
      const spec = this.sim.spec;
      const cam = this.camera;
      if (!spec || !cam) return;
      const next = Math.min(this.frame + 1, frameCount(spec, cam) - 1);
      await this.sim.seekFrame(cam, next);
      this.onChange();
    });
  }

  restart(): Promise<void> {
    this.owed = 0;
    return this.run(async () => {
      const cam = this.camera;
      if (!cam) return;
      await this.sim.seekFrame(cam, 0);
      this.onChange();
    });
  }

  /** No operation queued or running. */
  get idle(): boolean {
    return this.pending === 0;
  }

  /** Go to the nearest frame of the first camera and capture it there. (Callers redraw.) */
  captureNearest(): Promise<FrameRecord> {
    return this.run(async () => {
      const cam = this.camera;
      if (!cam) throw new Error('no scene loaded');
      const index = this.nearestFrame;
      await this.sim.seekFrame(cam, index);
      return this.sim.capture(cam, index);
    });
  }

  /** Capture the first camera where the simulation is now, for labels. (Callers redraw.) */
  captureHere(): Promise<FrameRecord | null> {
    return this.run(async () => {
      const cam = this.camera;
      if (!cam || !this.sim.spec) return null;
      return this.sim.capture(cam, this.nearestFrame);
    });
  }

  /** Called every display frame with the wall time since the last one. */
  tick(wallSeconds: number): void {
    if (!this.playingValue || !this.sim.spec) return;
    this.owed = Math.min(this.owed + wallSeconds, MAX_CATCH_UP_S);
    if (this.inFlight) return;
    this.inFlight = true;
    this.run(async () => {
      const spec = this.sim.spec;
      if (!this.playingValue || !spec) return;
      const left = this.endSteps - this.steps;
      if (left <= 0) return this.setPlaying(false);
      const n = Math.min(left, Math.floor(this.owed * spec.physicsHz));
      if (n <= 0) return;
      this.owed -= n / spec.physicsHz;
      await this.sim.advance(n);
      this.onChange();
    })
      .catch((e: unknown) => {
        this.setPlaying(false);
        this.onError(e);
      })
      .finally(() => {
        this.inFlight = false;
      });
  }
}
