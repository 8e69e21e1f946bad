// The API the physics worker exposes over Comlink. Kept apart from worker.ts (which only wires it to
// the Web Worker global scope) so the same object can be exposed over any Comlink endpoint, e.g. a
// Node worker_threads port through comlink's node adapter, or called in-process.
import * as Comlink from 'comlink';
import { LongtailError } from '../core/index.ts';
import type { SceneSpec } from '../scenario/SceneSpec.ts';
import { PhysicsWorld } from './PhysicsWorld.ts';

export interface PhysicsApi {
  /** Build a fresh world from `spec` (replacing any previous one); time restarts at 0. */
  load(spec: SceneSpec): void;
  /**
   * Advance `n` fixed steps; returns the packed state (STATE_STRIDE floats per entity, spec order).
   * Over a Comlink endpoint the buffer is transferred, not copied: the caller owns it. `step(0)`
   * returns the current state without stepping.
   */
  step(n: number): Float32Array;
  /** Simulated seconds since load (0 before any load). */
  time(): number;
}

/** A PhysicsApi object holding its own world; expose it with Comlink.expose(api, endpoint). */
export function createPhysicsApi(): PhysicsApi {
  let world: PhysicsWorld | null = null;
  return {
    load(spec: SceneSpec): void {
      world = null; // a failed load leaves no stale world behind
      world = new PhysicsWorld(spec);
    },
    step(n: number): Float32Array {
      if (!world) throw new LongtailError('physics: step() called before load()', 'physics');
      // PhysicsWorld.step returns a fresh copy, so its buffer can be handed over without copying.
      const state = world.step(n);
      return Comlink.transfer(state, [state.buffer]);
    },
    time(): number {
      return world ? world.time() : 0;
    },
  };
}
