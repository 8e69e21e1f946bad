// Web Worker entry: exposes the physics API to the page over Comlink. Create it with
// createPhysicsWorker() and talk to it through connectPhysics() (PhysicsClient.ts).
import * as Comlink from 'comlink';
import { createPhysicsApi } from './workerApi.ts';

Comlink.expose(createPhysicsApi());
