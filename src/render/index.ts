export { World, MAX_STATE_GAP } from './World.ts';
export {
  gaitAngles,
  gaitOf,
  gaitChanges,
  strideLength,
  bodyLength,
  poseLegs,
  isAnimated,
  jointNames,
  ANIMATED_MODELS,
  type GaitName,
  type JointAngles,
} from './gait.ts';
export { intrinsics, buildCamera, cameraToWorldCv, type Intrinsics } from './cameraRig.ts';
export { PassMaterials, idColor, type PassKind, type PoseSnapshot, type SharedUniforms } from './passes.ts';
export { buildRoad } from './road.ts';
export { buildLighting, type Lighting } from './sky.ts';
export { renderGroundTruth, drawGroundTruth } from './groundTruthPass.ts';
export { unoccludedMasks, screenRect, type MaskBox } from './unoccluded.ts';
