// PNG encoder and decoder for the image types Longtail writes: greyscale, grey+alpha, RGB and RGBA
// at 8 or 16 bits per sample, non-interlaced. Pure TypeScript over typed arrays so it runs in the
// browser and in node alike; the zlib (RFC 1950) compressor / decompressor is injected by the
// caller (node: zlib.deflate / zlib.inflate; browser: CompressionStream / DecompressionStream
// with format 'deflate', which is zlib-wrapped despite the name).

import { CRC32_INIT, crc32Final, crc32Update } from './crc32.ts';

/** zlib-format (RFC 1950) compressor. Must return a zlib stream, not raw deflate nor gzip. */
export type Deflate = (raw: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/** zlib-format (RFC 1950) decompressor. */
export type Inflate = (z: Uint8Array) => Uint8Array | Promise<Uint8Array>;

export interface PngImage {
  width: number;
  height: number;
  /** 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA. */
  channels: 1 | 2 | 3 | 4;
  bitDepth: 8 | 16;
  /**
   * Row-major samples, top row first, `width * height * channels` of them, channels interleaved.
   * A Uint8Array for bit depth 8; a Uint16Array of plain numbers (host order) for bit depth 16.
   */
  data: Uint8Array | Uint16Array;
}

/** Row filter applied to every row when encoding (PNG filter types 0 to 4 in this order). */
export type PngFilter = 'none' | 'sub' | 'up' | 'average' | 'paeth';

/** The 8-byte PNG file signature. */
export const PNG_SIGNATURE: readonly number[] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const FILTER_CODE: Record<PngFilter, number> = { none: 0, sub: 1, up: 2, average: 3, paeth: 4 };

/** Channel count -> PNG colour type. */
const COLOUR_TYPE = [-1, 0, 4, 2, 6] as const;

/** Largest chunk length, image dimension and working buffer this module accepts (2^31 - 1). */
const MAX_31 = 0x7fffffff;

// ---------------------------------------------------------------------------------------------
// Encoding

/**
 * Encode an image as a PNG file: signature, IHDR, a single IDAT, IEND. Every row uses the same
 * `filter`. Deterministic: the same image, filter and deflate give the same bytes.
 * Throws an Error naming the problem if the image is malformed or `deflate` misbehaves.
 */
export async function encodePng(img: PngImage, deflate: Deflate, filter: PngFilter = 'up'): Promise<Uint8Array> {
  validateImage(img);
  if (typeof deflate !== 'function') throw new Error('encodePng: deflate must be a function');
  const code = FILTER_CODE[filter];
  if (code === undefined || !Object.prototype.hasOwnProperty.call(FILTER_CODE, filter)) {
    throw new Error(`encodePng: unknown filter ${JSON.stringify(filter)} (use 'none', 'sub', 'up', 'average' or 'paeth')`);
  }
  const { width, height, channels, bitDepth } = img;

  const bpp = channels * (bitDepth >> 3); // bytes per complete pixel
  const stride = width * bpp; // bytes per row of samples
  const rawStride = stride + 1; // plus the filter-type byte
  const raw = new Uint8Array(rawStride * height);

  let src: Uint8Array;
  let srcFirst: number;
  let srcStride: number;
  if (bitDepth === 8) {
    // Filter straight from the caller's samples into `raw`.
    src = img.data as Uint8Array;
    srcFirst = 0;
    srcStride = stride;
  } else {
    // Lay the samples out big-endian in `raw` (after each row's filter byte), then filter in place.
    const d = img.data as Uint16Array;
    const perRow = width * channels;
    for (let y = 0, i = 0; y < height; y++) {
      let o = y * rawStride + 1;
      for (const end = i + perRow; i < end; i++) {
        const v = d[i]!;
        raw[o++] = v >>> 8;
        raw[o++] = v & 0xff;
      }
    }
    src = raw;
    srcFirst = 1;
    srcStride = rawStride;
  }
  filterRows(code, src, srcFirst, srcStride, raw, rawStride, stride, bpp, height);

  const z = await deflate(raw);
  checkZlib(z);
  if (z.length > MAX_31 - 12) throw new Error(`encodePng: compressed data (${z.length} bytes) is too large for one IDAT chunk`);

  const out = new Uint8Array(8 + (12 + 13) + (12 + z.length) + 12);
  out.set(PNG_SIGNATURE, 0);
  let pos = 8;

  pos = beginChunk(out, pos, 13, 'IHDR');
  writeU32(out, pos, width);
  writeU32(out, pos + 4, height);
  out[pos + 8] = bitDepth;
  out[pos + 9] = COLOUR_TYPE[channels];
  out[pos + 10] = 0; // compression method: deflate
  out[pos + 11] = 0; // filter method: adaptive, five types
  out[pos + 12] = 0; // interlace: none
  pos = endChunk(out, pos + 13, 13);

  pos = beginChunk(out, pos, z.length, 'IDAT');
  out.set(z, pos);
  pos = endChunk(out, pos + z.length, z.length);

  pos = beginChunk(out, pos, 0, 'IEND');
  pos = endChunk(out, pos, 0);
  return out;
}

/**
 * Filter `height` rows of `stride` bytes from `src` (row y at `srcFirst + y * srcStride`) into
 * `out` (row y's filter byte at `y * outStride`, its bytes right after). Rows go bottom to top
 * and bytes right to left, so every byte a filter reads (left, up, upper-left) is still unfiltered
 * when read: `src` may be `out` itself (in-place filtering of the 16-bit layout).
 */
function filterRows(
  code: number,
  src: Uint8Array,
  srcFirst: number,
  srcStride: number,
  out: Uint8Array,
  outStride: number,
  stride: number,
  bpp: number,
  height: number,
): void {
  const lead = Math.min(bpp, stride); // bytes with no left neighbour
  for (let y = height - 1; y >= 0; y--) {
    const f = y * outStride;
    const o = f + 1;
    const c = srcFirst + y * srcStride;
    const p = c - srcStride; // previous source row; only read when y > 0
    out[f] = code;
    // On the top row there is no previous row (it counts as zeros): Up becomes None and Paeth
    // becomes Sub. Average still differs (it halves the left byte).
    let kind = code;
    if (y === 0 && kind === 2) kind = 0;
    else if (y === 0 && kind === 4) kind = 1;
    switch (kind) {
      case 0:
        if (src !== out || c !== o) for (let x = 0; x < stride; x++) out[o + x] = src[c + x]!;
        break;
      case 1:
        for (let x = stride - 1; x >= bpp; x--) out[o + x] = src[c + x]! - src[c + x - bpp]!;
        for (let x = lead - 1; x >= 0; x--) out[o + x] = src[c + x]!;
        break;
      case 2:
        for (let x = stride - 1; x >= 0; x--) out[o + x] = src[c + x]! - src[p + x]!;
        break;
      case 3:
        if (y === 0) {
          for (let x = stride - 1; x >= bpp; x--) out[o + x] = src[c + x]! - (src[c + x - bpp]! >>> 1);
          for (let x = lead - 1; x >= 0; x--) out[o + x] = src[c + x]!;
        } else {
          for (let x = stride - 1; x >= bpp; x--) out[o + x] = src[c + x]! - ((src[c + x - bpp]! + src[p + x]!) >>> 1);
          for (let x = lead - 1; x >= 0; x--) out[o + x] = src[c + x]! - (src[p + x]! >>> 1);
        }
        break;
      case 4:
        for (let x = stride - 1; x >= bpp; x--) {
          const a = src[c + x - bpp]!;
          const b = src[p + x]!;
          const cc = src[p + x - bpp]!;
          out[o + x] = src[c + x]! - paeth(a, b, cc);
        }
        // Left and upper-left are zero here, so the predictor is the byte above.
        for (let x = lead - 1; x >= 0; x--) out[o + x] = src[c + x]! - src[p + x]!;
        break;
    }
  }
}

function paeth(a: number, b: number, c: number): number {
  const pa = Math.abs(b - c);
  const pb = Math.abs(a - c);
  const pc = Math.abs(a + b - c - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

function validateImage(img: PngImage): void {
  if (img === null || typeof img !== 'object') throw new Error('encodePng: image must be an object');
  const { width, height, channels, bitDepth, data } = img;
  for (const [name, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > MAX_31) {
      throw new Error(`encodePng: ${name} must be an integer from 1 to ${MAX_31}, got ${String(v)}`);
    }
  }
  if (channels !== 1 && channels !== 2 && channels !== 3 && channels !== 4) {
    throw new Error(`encodePng: channels must be 1, 2, 3 or 4, got ${String(channels)}`);
  }
  if (bitDepth !== 8 && bitDepth !== 16) throw new Error(`encodePng: bitDepth must be 8 or 16, got ${String(bitDepth)}`);
  const want = bitDepth === 8 ? Uint8Array : Uint16Array;
  if (!(data instanceof want)) {
    const got = data === null ? 'null' : typeof data === 'object' ? (data.constructor?.name ?? 'object') : typeof data;
    throw new Error(`encodePng: bitDepth ${bitDepth} needs data as a ${want.name}, got ${got}`);
  }
  const samples = width * height * channels;
  if (data.length !== samples) {
    throw new Error(
      `encodePng: data has ${data.length} samples but ${width}x${height}x${channels} needs ${samples}`,
    );
  }
  if ((width * channels * (bitDepth >> 3) + 1) * height > MAX_31) {
    throw new Error(`encodePng: ${width}x${height} image is too large (filtered data would exceed ${MAX_31} bytes)`);
  }
}

/** Reject anything that is not a plausible zlib stream (e.g. raw deflate or gzip output). */
function checkZlib(z: unknown): asserts z is Uint8Array {
  if (!(z instanceof Uint8Array)) throw new Error('encodePng: deflate must return a Uint8Array');
  const cmf = z[0] ?? 0;
  const flg = z[1] ?? 0;
  if (z.length < 6 || (cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0 || (flg & 0x20) !== 0) {
    throw new Error(
      'encodePng: deflate did not return a zlib (RFC 1950) stream; use zlib.deflate or ' +
        "CompressionStream('deflate'), not raw deflate or gzip",
    );
  }
}

function writeU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24;
  b[at + 1] = (v >>> 16) & 0xff;
  b[at + 2] = (v >>> 8) & 0xff;
  b[at + 3] = v & 0xff;
}

function readU32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

/** Write a chunk's length and type at `pos`; return where its data goes. */
function beginChunk(out: Uint8Array, pos: number, length: number, type: string): number {
  writeU32(out, pos, length);
  for (let i = 0; i < 4; i++) out[pos + 4 + i] = type.charCodeAt(i);
  return pos + 8;
}

/** Write the CRC of the chunk whose data ends at `end`; return the position after it. */
function endChunk(out: Uint8Array, end: number, length: number): number {
  const typeAt = end - length - 4;
  writeU32(out, end, crc32Final(crc32Update(CRC32_INIT, out, typeAt, end)));
  return end + 4;
}

// ---------------------------------------------------------------------------------------------
// Decoding

/**
 * Decode a non-interlaced greyscale / grey+alpha / RGB / RGBA PNG of bit depth 8 or 16.
 * Verifies every chunk CRC; accepts any number of consecutive IDAT chunks and all five filter
 * types; skips ancillary chunks. Throws an Error saying what is wrong on a bad signature, a bad
 * CRC, an unsupported format or truncated / inconsistent data.
 */
export async function decodePng(bytes: Uint8Array, inflate: Inflate): Promise<PngImage> {
  if (!(bytes instanceof Uint8Array)) throw new Error('decodePng: input must be a Uint8Array');
  if (typeof inflate !== 'function') throw new Error('decodePng: inflate must be a function');
  const n = bytes.length;
  if (n < 8 || PNG_SIGNATURE.some((v, i) => bytes[i] !== v)) {
    throw new Error(n < 8 ? `decodePng: not a PNG file (only ${n} bytes)` : 'decodePng: not a PNG file (bad signature)');
  }

  let header: { width: number; height: number; channels: 1 | 2 | 3 | 4; bitDepth: 8 | 16 } | null = null;
  const idat: Uint8Array[] = [];
  let idatBytes = 0;
  let idatDone = false;
  let pos = 8;
  for (;;) {
    if (pos === n) throw new Error('decodePng: file is truncated: it ends without an IEND chunk');
    if (pos + 8 > n) {
      throw new Error(`decodePng: file is truncated: ${n - pos} byte(s) at offset ${pos} where a chunk header should be`);
    }
    const len = readU32(bytes, pos);
    const type = String.fromCharCode(bytes[pos + 4]!, bytes[pos + 5]!, bytes[pos + 6]!, bytes[pos + 7]!);
    if (!/^[A-Za-z]{4}$/.test(type)) {
      throw new Error(`decodePng: invalid chunk type bytes at offset ${pos + 4} (corrupt or truncated file)`);
    }
    if (len > MAX_31) throw new Error(`decodePng: '${type}' chunk at offset ${pos} has invalid length ${len}`);
    const dataAt = pos + 8;
    if (dataAt + len + 4 > n) {
      throw new Error(
        `decodePng: file is truncated: '${type}' chunk at offset ${pos} needs ${len + 12} bytes, ${n - pos} remain`,
      );
    }
    const stored = readU32(bytes, dataAt + len);
    const actual = crc32Final(crc32Update(CRC32_INIT, bytes, pos + 4, dataAt + len));
    if (stored !== actual) {
      throw new Error(
        `decodePng: CRC mismatch in '${type}' chunk at offset ${pos} (stored 0x${hex32(stored)}, computed 0x${hex32(actual)})`,
      );
    }
    if (header === null && type !== 'IHDR') throw new Error(`decodePng: first chunk must be IHDR, found '${type}'`);
    if (idat.length > 0 && type !== 'IDAT') idatDone = true;

    if (type === 'IHDR') {
      if (header !== null) throw new Error('decodePng: more than one IHDR chunk');
      if (len !== 13) throw new Error(`decodePng: IHDR chunk has length ${len}, expected 13`);
      header = parseIhdr(bytes, dataAt);
    } else if (type === 'IDAT') {
      if (idatDone) throw new Error(`decodePng: IDAT chunks are not consecutive (another IDAT at offset ${pos})`);
      idat.push(bytes.subarray(dataAt, dataAt + len));
      idatBytes += len;
    } else if (type === 'IEND') {
      break;
    } else if ((bytes[pos + 4]! & 0x20) === 0 && type !== 'PLTE') {
      // Uppercase first letter: critical chunk we do not understand. (PLTE is only a suggested
      // palette for the colour types we accept, so it can be skipped.)
      throw new Error(`decodePng: unsupported critical chunk '${type}' at offset ${pos}`);
    }
    pos = dataAt + len + 4;
  }
  if (header === null) throw new Error('decodePng: missing IHDR chunk'); // unreachable; narrows the type
  if (idat.length === 0) throw new Error('decodePng: no IDAT chunk (no image data)');

  const { width, height, channels, bitDepth } = header;
  const bpp = channels * (bitDepth >> 3);
  const stride = width * bpp;
  const expected = (stride + 1) * height;
  if (expected > MAX_31) throw new Error(`decodePng: ${width}x${height} image is too large to decode`);

  let z: Uint8Array;
  if (idat.length === 1) z = idat[0]!;
  else {
    z = new Uint8Array(idatBytes);
    let o = 0;
    for (const part of idat) {
      z.set(part, o);
      o += part.length;
    }
  }
  let raw: Uint8Array;
  try {
    raw = await inflate(z);
  } catch (e) {
    throw new Error(`decodePng: image data failed to inflate (corrupt or truncated): ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
  if (!(raw instanceof Uint8Array)) throw new Error('decodePng: inflate must return a Uint8Array');
  if (raw.length < expected) {
    throw new Error(`decodePng: image data is truncated: ${raw.length} bytes after inflating, ${expected} needed`);
  }
  if (raw.length > expected) {
    throw new Error(`decodePng: image data has ${raw.length - expected} more bytes than ${width}x${height} needs`);
  }

  const recon = unfilterRows(raw, stride, bpp, height);
  let data: Uint8Array | Uint16Array;
  if (bitDepth === 8) data = recon;
  else {
    const d = new Uint16Array(recon.length >>> 1);
    for (let i = 0, j = 0; i < d.length; i++, j += 2) d[i] = (recon[j]! << 8) | recon[j + 1]!;
    data = d;
  }
  return { width, height, channels, bitDepth, data };
}

function parseIhdr(b: Uint8Array, at: number): { width: number; height: number; channels: 1 | 2 | 3 | 4; bitDepth: 8 | 16 } {
  const width = readU32(b, at);
  const height = readU32(b, at + 4);
  const depth = b[at + 8]!;
  const colour = b[at + 9]!;
  const compression = b[at + 10]!;
  const filterMethod = b[at + 11]!;
  const interlace = b[at + 12]!;
  if (width < 1 || width > MAX_31 || height < 1 || height > MAX_31) {
    throw new Error(`decodePng: invalid image size ${width}x${height} in IHDR`);
  }
  let channels: 1 | 2 | 3 | 4;
  switch (colour) {
    case 0: channels = 1; break;
    case 2: channels = 3; break;
    case 4: channels = 2; break;
    case 6: channels = 4; break;
    case 3: throw new Error('decodePng: unsupported format: palette images (colour type 3)');
    default: throw new Error(`decodePng: invalid colour type ${colour} in IHDR`);
  }
  if (depth !== 8 && depth !== 16) {
    throw new Error(`decodePng: unsupported format: bit depth ${depth} (only 8 and 16 are supported)`);
  }
  if (compression !== 0) throw new Error(`decodePng: unknown compression method ${compression} in IHDR`);
  if (filterMethod !== 0) throw new Error(`decodePng: unknown filter method ${filterMethod} in IHDR`);
  if (interlace === 1) throw new Error('decodePng: unsupported format: interlaced (Adam7) images');
  if (interlace !== 0) throw new Error(`decodePng: unknown interlace method ${interlace} in IHDR`);
  return { width, height, channels, bitDepth: depth };
}

/** Undo the row filters of `raw` ((1 + stride) bytes per row) into a new stride-per-row buffer. */
function unfilterRows(raw: Uint8Array, stride: number, bpp: number, height: number): Uint8Array {
  const out = new Uint8Array(stride * height);
  const lead = Math.min(bpp, stride);
  for (let y = 0; y < height; y++) {
    const r = y * (stride + 1);
    const f = raw[r]!;
    const c = r + 1;
    const o = y * stride;
    const p = o - stride; // previous output row; only read when y > 0
    // On the top row the previous row counts as zeros: Up becomes None and Paeth becomes Sub.
    let kind = f;
    if (y === 0 && kind === 2) kind = 0;
    else if (y === 0 && kind === 4) kind = 1;
    switch (kind) {
      case 0:
        for (let x = 0; x < stride; x++) out[o + x] = raw[c + x]!;
        break;
      case 1:
        for (let x = 0; x < lead; x++) out[o + x] = raw[c + x]!;
        for (let x = bpp; x < stride; x++) out[o + x] = raw[c + x]! + out[o + x - bpp]!;
        break;
      case 2:
        for (let x = 0; x < stride; x++) out[o + x] = raw[c + x]! + out[p + x]!;
        break;
      case 3:
        if (y === 0) {
          for (let x = 0; x < lead; x++) out[o + x] = raw[c + x]!;
          for (let x = bpp; x < stride; x++) out[o + x] = raw[c + x]! + (out[o + x - bpp]! >>> 1);
        } else {
          for (let x = 0; x < lead; x++) out[o + x] = raw[c + x]! + (out[p + x]! >>> 1);
          for (let x = bpp; x < stride; x++) out[o + x] = raw[c + x]! + ((out[o + x - bpp]! + out[p + x]!) >>> 1);
        }
        break;
      case 4:
        for (let x = 0; x < lead; x++) out[o + x] = raw[c + x]! + out[p + x]!;
        for (let x = bpp; x < stride; x++) {
          out[o + x] = raw[c + x]! + paeth(out[o + x - bpp]!, out[p + x]!, out[p + x - bpp]!);
        }
        break;
      default:
        throw new Error(`decodePng: row ${y} has invalid filter type ${f}`);
    }
  }
  return out;
}

function hex32(v: number): string {
  return v.toString(16).toUpperCase().padStart(8, '0');
}
