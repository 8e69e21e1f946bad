export type { FrameCollision, FrameRecord, LabelFrame, ObjectLabel } from './FrameRecord.ts';
export { Capturer, type CaptureTimings, type LayerPasses } from './Capturer.ts';
export { maskStats, objectLabels, occlusionLevel, boxTruncation, FULLY_VISIBLE, LARGELY_OCCLUDED, type MaskStats, type LabelView } from './labels.ts';
export { encodeFrame, decodeFrame } from './wire.ts';
