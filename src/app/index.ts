export { Simulation, DEFAULT_PHYSICS_TIMEOUT_MS, type FrameTimings, type Timeline } from './Simulation.ts';
export type { PageApi, PageFrameTimings, PhysicsBenchPlan, PhysicsBenchTimings } from './pageApi.ts';
