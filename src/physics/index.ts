// Public surface of the physics layer.
export { PhysicsWorld, STATE_STRIDE, GRAVITY, PROP_DENSITY, massOf, OVERLAP_DEPTH, TOUCH_MARGIN, SEPARATION_GAP } from './PhysicsWorld.ts';
export type { CollisionRecord, DryRunResult, FiredBehaviour, RecordedEvent } from './PhysicsWorld.ts';
export { obbOf, obbOverlap } from './collisions.ts';
export { ON_ROAD_MAX_HEIGHT } from './conditions.ts';
export type { PhysicsApi } from './PhysicsClient.ts';
export { connectPhysics, createPhysicsWorker } from './PhysicsClient.ts';
export { createPhysicsApi } from './workerApi.ts';
