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
export { PassMaterials, idMaterial, depthMaterial, type PassKind } from './passes.ts';
export { buildRoad } from './road.ts';
export { buildLighting, type Lighting } from './sky.ts';
export { renderGroundTruth } from './groundTruthPass.ts';
