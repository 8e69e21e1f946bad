export * from './SceneSpec.ts';
export { sample, DEFAULT_PHYSICS_HZ, FOG_CONTRAST, type SampleOptions } from './sample.ts';
export { captureWindow, spreadFrames, type FramePick, type RunOutcome } from './captureFrames.ts';
export { sunPosition, sunDirection, type SunPosition } from './sun.ts';
export { crossRoad, laneAdvance, onPavement, roadFrame, roadPoint, roadProject, type RoadFrame } from './roadGeometry.ts';
export { isVisible, cameraPose } from './visibility.ts';
export { moonPosition, type MoonPosition } from './moon.ts';
export { isMotorway } from './roadside.ts';
