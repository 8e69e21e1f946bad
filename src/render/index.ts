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
export { buildRoadside, roadsideLayout, type RoadsideLayout, type RoadsideItem } from './roadside.ts';
export { buildLighting, type Lighting } from './sky.ts';
export { renderGroundTruth, drawGroundTruth } from './groundTruthPass.ts';
export { unoccludedMasks, screenRect, type MaskBox } from './unoccluded.ts';
export { CameraEffects, allEffects, noiseSeed, type EffectFrame, type MotionInputs } from './cameraEffects.ts';
export { Weather } from './weather.ts';
export { NightLights } from './nightLights.ts';
export { hideHalos } from './glare.ts';
export { beamCandela, beamProfile, blinkOn, BLINK_HZ, type Beam, type BeamLight } from './headlights.ts';
export { buildStreetLamps, streetLampPositions, type StreetLamp, type StreetLamps } from './lamps.ts';
export { QUALITY_PRESETS, QUALITIES, DEFAULT_QUALITY, isQuality, type Quality, type QualitySpec } from './quality.ts';
export { posedBox, poseBoxes, type ModelBox } from './poseBox.ts';
export { meanFogDensity } from './heightFog.ts';
