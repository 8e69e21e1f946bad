export { Simulation, type FrameTimings, type Timeline } from './Simulation.ts';
export type { PageApi, PageFrameTimings } from './pageApi.ts';
