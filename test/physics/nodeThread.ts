// Test helper: the physics API in a real Node worker thread (nodeWorker.ts, booted under tsx),
// wrapped with comlink's node adapter.
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { PhysicsApi } from '../../src/physics/index.ts';

export interface PhysicsThread {
  readonly worker: Worker;
  readonly api: Comlink.Remote<PhysicsApi>;
  /** Await `p`, but fail at once (instead of hanging) if the thread dies first. */
  call<T>(p: Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function startPhysicsThread(): PhysicsThread {
  const worker = new Worker(new URL('./tsxBoot.mjs', import.meta.url), {
    workerData: { entry: new URL('./nodeWorker.ts', import.meta.url).href },
  });
  const died = new Promise<never>((_, reject) => {
    worker.once('error', (e) => reject(new Error(`physics thread crashed: ${e.message}`)));
    worker.once('exit', (code) => reject(new Error(`physics thread exited with code ${code}`)));
  });
  died.catch(() => {}); // only observed through call()
  const api = Comlink.wrap<PhysicsApi>(nodeEndpoint(worker));
  return {
    worker,
    api,
    call: <T>(p: Promise<T>) => Promise.race([p, died]),
    async close() {
      api[Comlink.releaseProxy]();
      await worker.terminate();
    },
  };
}
