// Measures and records the physics Web Worker itself, for `longtail bench` and the browser tests.
// It has a worker of its own (started on first use), so probing never disturbs the Simulation's
// loaded scene. Times are taken in the page with performance.now() and only ever reported.
import type * as Comlink from 'comlink';
import { connectPhysics, createPhysicsWorker, type PhysicsApi } from '../physics/index.ts';
import type { SceneSpec } from '../scenario/index.ts';

/**
 * Ways of stepping to compare on one world, interleaved so that they see the same stretch of the
 * simulation and the same machine: in each round every way steps `stepsPerRound` steps in turn
 * (round r starts with way r mod k), each in step(perCall[w]) calls, every call awaited.
 */
export interface PhysicsBenchPlan {
  /**
   * Steps per worker call of each way, e.g. [120, 1]. 0: as many step(0) calls as a way with 1
   * would make, which measure the round trip with the state but no stepping.
   */
  readonly perCall: readonly number[];
  /** Steps each way takes in one round: a multiple of every perCall. */
  readonly stepsPerRound: number;
  readonly rounds: number;
}

/** What benchPhysics measured in the page (performance.now()), ms. */
export interface PhysicsBenchTimings {
  /** ms[w][r]: wall time of way w in round r, from its first request to its last answer. */
  readonly ms: number[][];
  /** load(spec), not part of `ms`. */
  readonly loadMs: number;
}

/** Throws unless `plan` is whole numbers that fit together. */
export function checkBenchPlan(plan: PhysicsBenchPlan): void {
  const whole = (n: number, min: number) => Number.isInteger(n) && n >= min;
  if (!(plan.perCall.length > 0 && plan.perCall.every((c) => whole(c, 0)) && whole(plan.rounds, 1) && whole(plan.stepsPerRound, 1) && plan.perCall.every((c) => plan.stepsPerRound % Math.max(1, c) === 0))) {
    throw new RangeError(`a physics bench plan needs whole perCall ≥ 0 dividing stepsPerRound, and rounds ≥ 1: got ${JSON.stringify(plan)}`);
  }
}

export class PhysicsProbe {
  private worker: Worker | null = null;
  private api: Comlink.Remote<PhysicsApi> | null = null;

  /** Load `spec` into the probe's worker (t = 0) and step it as `plan` says, timing each way's turns. */
  async bench(spec: SceneSpec, plan: PhysicsBenchPlan): Promise<PhysicsBenchTimings> {
    checkBenchPlan(plan);
    const api = this.remote();
    const t0 = performance.now();
    await api.load(spec);
    const loadMs = performance.now() - t0;
    const k = plan.perCall.length;
    const ms = plan.perCall.map(() => new Array<number>(plan.rounds).fill(0));
    for (let r = 0; r < plan.rounds; r++) {
      for (let j = 0; j < k; j++) {
        const w = (r + j) % k;
        const n = plan.perCall[w]!;
        const t = performance.now();
        for (let left = plan.stepsPerRound; left > 0; left -= Math.max(1, n)) await api.step(n);
        ms[w]![r] = performance.now() - t;
      }
    }
    return { ms, loadMs };
  }

  /**
   * Load `spec` and return the packed state at t = 0 and after each of `frames` calls of
   * step(stepsPerFrame), concatenated, as the base64 of its bytes.
   */
  async trace(spec: SceneSpec, frames: number, stepsPerFrame: number): Promise<string> {
    const api = this.remote();
    await api.load(spec);
    const states: Float32Array[] = [await api.step(0)];
    for (let f = 0; f < frames; f++) states.push(await api.step(stepsPerFrame));
    const bytes = new Uint8Array(states.reduce((n, s) => n + s.byteLength, 0));
    let o = 0;
    for (const s of states) {
      bytes.set(new Uint8Array(s.buffer, s.byteOffset, s.byteLength), o);
      o += s.byteLength;
    }
    return base64(bytes);
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
  }

  private remote(): Comlink.Remote<PhysicsApi> {
    if (!this.api) {
      this.worker = createPhysicsWorker();
      this.api = connectPhysics(this.worker);
    }
    return this.api;
  }
}

function base64(bytes: Uint8Array): string {
  let text = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) text += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(text);
}
