// Page side of the physics worker. Nothing here runs at import time, so importing this module (or
// src/physics/index.ts) in Node is harmless; only createPhysicsWorker() needs a browser (or vite).
import * as Comlink from 'comlink';
import type { PhysicsApi } from './workerApi.ts';

export type { PhysicsApi };

/**
 * Start the physics Web Worker. Written exactly in the form vite recognises
 * (`new Worker(new URL(..., import.meta.url), { type: 'module' })`), so the worker is bundled.
 */
export function createPhysicsWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
}

/**
 * Wrap a physics worker: every API method returns a Promise. Errors thrown in the worker (bad spec,
 * a body leaving the world) reject with an Error carrying the worker's message. State arrays
 * returned by step() arrive by transfer and belong to the caller.
 */
export function connectPhysics(worker: Worker): Comlink.Remote<PhysicsApi> {
  return Comlink.wrap<PhysicsApi>(worker);
}
