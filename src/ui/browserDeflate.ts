import type { Deflate } from '../export/index.ts';

/**
 * zlib-format deflate (what PNG's IDAT wants) with the browser's own CompressionStream('deflate'):
 * native code, off the JavaScript heap's hot path, no library.
 */
export const browserDeflate: Deflate = async (raw) => {
  const input = new Blob([raw as Uint8Array<ArrayBuffer>]).stream();
  const out = await new Response(input.pipeThrough(new CompressionStream('deflate'))).arrayBuffer();
  return new Uint8Array(out);
};
