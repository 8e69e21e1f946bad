// Public surface of the physics layer.
export { PhysicsWorld, STATE_STRIDE, GRAVITY, PROP_DENSITY, massOf } from './PhysicsWorld.ts';
export type { DryRunResult, FiredBehaviour, RecordedEvent } from './PhysicsWorld.ts';
export type { PhysicsApi } from './PhysicsClient.ts';
export { connectPhysics, createPhysicsWorker } from './PhysicsClient.ts';
export { createPhysicsApi } from './workerApi.ts';
