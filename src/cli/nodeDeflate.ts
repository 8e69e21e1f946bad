import { promisify } from 'node:util';
import { deflate, inflate, inflateRaw, constants } from 'node:zlib';
import type { Deflate, Inflate, InflateRaw } from '../export/index.ts';

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
