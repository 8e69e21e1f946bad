export type { FrameCollision, FrameRecord, ObjectLabel } from './FrameRecord.ts';
export { Capturer, type CaptureTimings } from './Capturer.ts';
export { maskStats, objectLabels, type MaskStats } from './labels.ts';
export { encodeFrame, decodeFrame } from './wire.ts';
