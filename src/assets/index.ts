export { buildModel, MODEL_NAMES } from './buildModel.ts';
export { disposeModel, triangleCount } from './models/common.ts';
export { deerHasAntlers } from './models/deer.ts';
