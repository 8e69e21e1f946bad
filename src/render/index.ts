export { World } from './World.ts';
export { intrinsics, buildCamera, cameraToWorldCv, type Intrinsics } from './cameraRig.ts';
export { PassMaterials, idMaterial, depthMaterial, type PassKind } from './passes.ts';
export { buildRoad } from './road.ts';
export { buildLighting, type Lighting } from './sky.ts';
export { renderGroundTruth } from './groundTruthPass.ts';
