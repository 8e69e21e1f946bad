// The API the physics worker exposes over Comlink. Kept apart from worker.ts (which only wires it to
// the Web Worker global scope) so the same object can be exposed over any Comlink endpoint, e.g. a
// Node worker_threads port through comlink's node adapter, or called in-process.
import * as Comlink from 'comlink';
import { LongtailError } from '../core/index.ts';
import type { SceneSpec } from '../scenario/SceneSpec.ts';
import { PhysicsWorld, type CollisionRecord, type DryRunResult, type RecordedEvent } from './PhysicsWorld.ts';

export type { CollisionRecord, DryRunResult, RecordedEvent };

export interface PhysicsApi {
  /**
   * Build a fresh world from `spec` (replacing any previous one); time restarts at 0. Checks the
   * behaviours, events and end condition (names, numbers) and throws a LongtailError if one is bad.
   */
  load(spec: SceneSpec): void;
  /**
   * Advance `n` fixed steps; returns the packed state (STATE_STRIDE floats per entity, spec order).
   * Over a Comlink endpoint the buffer is transferred, not copied: the caller owns it. `step(0)`
   * returns the current state without stepping. Behaviours fire and events are recorded as it goes
   * (timing: see PhysicsWorld).
   */
  step(n: number): Float32Array;
  /** Simulated seconds since load (0 before any load). */
  time(): number;
  /** Events recorded so far in the loaded world, in order, with the simulated time each first held ([] before any load). */
  events(): RecordedEvent[];
  /**
   * Collisions recorded so far in the loaded world ([] before any load): entity pairs that began
   * touching, with the post-step time, names in spec order and the normal impulse (N·s; null for
   * kinematic/static overlaps). Rules: see PhysicsWorld.
   */
  collisions(): CollisionRecord[];
  /** Whether the loaded scene's `end` condition has held (false before any load, or with no `end`). Stepping on still works. */
  ended(): boolean;
  /**
   * Simulate a fresh world from `spec` until its `end` condition holds or min(spec.duration,
   * maxSeconds) is reached, and return the events it recorded, the end time (null: `end` did not
   * hold) and the collisions. Leaves the loaded world alone. Same code as step(), so the times match a normal run exactly.
   */
  dryRun(spec: SceneSpec, maxSeconds: number): DryRunResult;
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
    events(): RecordedEvent[] {
      return world ? world.events() : [];
    },
    collisions(): CollisionRecord[] {
      return world ? world.collisions() : [];
    },
    ended(): boolean {
      return world ? world.ended() : false;
    },
    dryRun(spec: SceneSpec, maxSeconds: number): DryRunResult {
      return PhysicsWorld.dryRun(spec, maxSeconds);
    },
  };
}
