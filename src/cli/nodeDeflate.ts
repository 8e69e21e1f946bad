import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { deflate, inflate, inflateRaw, constants } from 'node:zlib';
import { useNativeCrc32, type Deflate, type Inflate, type InflateRaw } from '../export/index.ts';

// Node ≥ 20.15 has zlib.crc32: the same CRC-32 in native code, for the .npz members.
if (typeof (zlib as { crc32?: unknown }).crc32 === 'function') useNativeCrc32((b) => (zlib as unknown as { crc32: (d: Uint8Array) => number }).crc32(b));

const deflateAsync = promisify(deflate);
const inflateAsync = promisify(inflate);
const inflateRawAsync = promisify(inflateRaw);

/**
 * zlib level 1 in libuv's thread pool: PNG encoding runs beside the browser's rendering instead
 * of blocking node's event loop. Output is byte-stable for a given zlib build.
 */
export const nodeDeflate: Deflate = async (raw) => {
  const out = await deflateAsync(raw, { level: 1, strategy: constants.Z_DEFAULT_STRATEGY });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
};

export const nodeInflate: Inflate = async (z) => {
  const out = await inflateAsync(z);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
};

/** Raw DEFLATE (zip members: .npz files) in the thread pool. */
export const nodeInflateRaw: InflateRaw = async (raw) => {
  const out = await inflateRawAsync(raw);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
};
