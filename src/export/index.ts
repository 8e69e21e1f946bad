export * from './crc32.ts';
export * from './png.ts';
export * from './npy.ts';
export type { DatasetSink } from './DatasetSink.ts';
export { MemorySink } from './DatasetSink.ts';
export { ZipSink } from './ZipSink.ts';
export { NativeWriter, frameLabels, firstFrameAtOrAfter, DATASET_FORMAT, DEPTH_PNG_MAX_M, type DatasetInfo, type FrameEntry } from './NativeWriter.ts';
export { sha256Hex } from './sha256.ts';
export { formatJson } from './json.ts';
