export { Simulation, type FrameTimings } from './Simulation.ts';
export type { PageApi, PageFrameTimings } from './pageApi.ts';
