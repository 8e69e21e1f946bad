export type { FrameCollision, FrameRecord, FullFrameRecord, LabelFrame, ObjectLabel } from './FrameRecord.ts';
export { Capturer, type CaptureTimings, type LayerPasses } from './Capturer.ts';
export { maskStats, objectLabels, occlusionLevel, boxTruncation, FULLY_VISIBLE, LARGELY_OCCLUDED, type MaskStats, type LabelView } from './labels.ts';
export { encodeFrame, encodeFrameParts, decodeFrame } from './wire.ts';
export { LAYERS, PNG_COMPANIONS, DEFAULT_LAYERS, READ_ALL, parseLayers, readbackFor, type Layer, type LayerChoice, type PngCompanion, type Readback } from './layers.ts';
export { fogTransmittance, isPerceptible, objectContrasts, LUMA_FLOOR, PERCEPTIBLE, RING_PX, type ObjectContrast } from './perceptibility.ts';
