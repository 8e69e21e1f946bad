export { buildModel, MODEL_CLASSES } from './buildModel.ts';
export { disposeModel, triangleCount } from './models/common.ts';
export { deerHasAntlers } from './models/deer.ts';
