// Test helper: the physics worker API exposed on a Node worker_threads port (via comlink's node
// adapter) instead of a Web Worker global scope. Started with `--import tsx`.
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createPhysicsApi } from '../../src/physics/workerApi.ts';

if (!parentPort) throw new Error('nodeWorker.ts must run in a worker thread');
Comlink.expose(createPhysicsApi(), nodeEndpoint(parentPort));
