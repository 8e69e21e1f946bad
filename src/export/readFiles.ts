// What the data set readers (readNative, readCoco, …) read from: a file getter, so the files can
// come from memory (a MemorySink's map), a directory or a zip alike.
import { decodePng, type Inflate, type PngImage } from './png.ts';

/**
 * The bytes of the file at a data-set-relative path ('/'-separated), or undefined if there is none.
 * A directory: `(p) => existsSync(join(dir, p)) ? new Uint8Array(readFileSync(join(dir, p))) : undefined`.
 */
export type FileGetter = (path: string) => Uint8Array | undefined;

/** A getter over a map of path → bytes, such as MemorySink.files. */
export function mapGetter(files: ReadonlyMap<string, Uint8Array>): FileGetter {
  return (path) => files.get(path);
}

/** The file's bytes; throws an Error naming the path if it is missing. */
export function needFile(get: FileGetter, path: string): Uint8Array {
  const b = get(path);
  if (b === undefined) throw new Error(`${path}: missing`);
  return b;
}

export function readText(get: FileGetter, path: string): string {
  return new TextDecoder().decode(needFile(get, path));
}

export function readJson<T = unknown>(get: FileGetter, path: string): T {
  try {
    return JSON.parse(readText(get, path)) as T;
  } catch (e) {
    if ((e as Error).message.endsWith(': missing')) throw e;
    throw new Error(`${path}: not JSON: ${(e as Error).message}`);
  }
}

/** Decode a PNG, checking its channel count and bit depth; errors name the path. */
export async function readPng(get: FileGetter, inflate: Inflate, path: string, channels: PngImage['channels'], bitDepth: PngImage['bitDepth']): Promise<PngImage> {
  const bytes = needFile(get, path);
  let img: PngImage;
  try {
    img = await decodePng(bytes, inflate);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
  if (img.channels !== channels || img.bitDepth !== bitDepth) {
    throw new Error(`${path}: ${img.channels} channel(s) of ${img.bitDepth} bits, expected ${channels} of ${bitDepth}`);
  }
  return img;
}

/** Width and height from a PNG's IHDR, without decoding the image. */
export function pngSize(bytes: Uint8Array, path = 'PNG'): { width: number; height: number } {
  const isIhdr = bytes.length >= 24 && bytes[12] === 0x49 && bytes[13] === 0x48 && bytes[14] === 0x44 && bytes[15] === 0x52;
  if (!isIhdr) throw new Error(`${path}: not a PNG file with an IHDR chunk first`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}
