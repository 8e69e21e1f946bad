
// JPEG-like compression of the final 8-bit image, as a dashcam's encoder would leave it: colour to
// YCbCr with chroma averaged over 2×2 pixels (4:2:0), an 8×8 DCT of each block (chroma blocks
// cover 16×16 pixels), the coefficients rounded to multiples of the standard quantisation tables
// scaled for the quality, and back. Blocks are aligned to the image's top-left corner as in a JPEG
// file. No entropy coding: it loses nothing. It runs in JavaScript on the read-back bytes: on a
// software renderer every texel a shader fetches costs about as much as a few arithmetic
// operations here, and a GPU version needs 8 fetches a pixel in each of 4 passes.

/** ITU T.81 Annex K.1: luminance quantisation table, row-major (vertical frequency, horizontal frequency). */
export const LUMA_TABLE: readonly number[] = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87,
  103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
/** ITU T.81 Annex K.2: chrominance quantisation table. */
export const CHROMA_TABLE: readonly number[] = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99, ...new Array<number>(32).fill(99),
];

/** JPEG quality (1..100) for a compression strength 0..1: 100 − 95 × strength, rounded. */
export function jpegQuality(strength: number): number {
  return Math.min(100, Math.max(1, Math.round(100 - 95 * strength)));
}

/** A standard table scaled for `quality` the way the IJG libjpeg does it: entries 1..255. */
export function scaledTable(base: readonly number[], quality: number): number[] {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const scale = q < 50 ? Math.floor(5000 / q) : 200 - 2 * q;
  return base.map((b) => Math.min(255, Math.max(1, Math.floor((b * scale + 50) / 100))));
}

/** The orthonormal 8-point DCT-II basis, BASIS[u·8 + k] = C(u)/2 · cos((2k + 1)uπ/16), C(0) = 1/√2. */
const BASIS = (() => {
  const out = new Float64Array(64);
  for (let u = 0; u < 8; u++) for (let k = 0; k < 8; k++) out[u * 8 + k] = (u === 0 ? Math.SQRT1_2 : 1) * 0.5 * Math.cos(((2 * k + 1) * u * Math.PI) / 16);
  return out;
})();

/**
 * Compress an 8-bit RGBA image in place, rows bottom-up as WebGL reads them back (blocks are
 * aligned to the image's top-left corner, as in a JPEG file; pixels past the edge repeat it).
 * `quality` 1..100 as in libjpeg. Alpha is left alone.
 */
export function compressRgba(rgba: Uint8Array, width: number, height: number, quality: number): void {
  const lumaTable = scaledTable(LUMA_TABLE, quality);
  const chromaTable = scaledTable(CHROMA_TABLE, quality);
  // Planes padded to whole blocks: luma to 16 (a chroma block covers 16×16 pixels), chroma to 8.
  const pw = Math.ceil(width / 16) * 16;
  const ph = Math.ceil(height / 16) * 16;
  const [cw, chh] = [pw / 2, ph / 2];
  const y = new Float32Array(pw * ph);
  const cb = new Float32Array(cw * chh);
  const cr = new Float32Array(cw * chh);
  // Level-shifted YCbCr (JFIF), image rows top-down; chroma the mean of each 2×2 pixels.
  for (let row = 0; row < ph; row++) {
    const src = (height - 1 - Math.min(row, height - 1)) * width;
    for (let x = 0; x < pw; x++) {
      const i = (src + Math.min(x, width - 1)) * 4;
      const r = rgba[i]!;
      const g = rgba[i + 1]!;
      const b = rgba[i + 2]!;
      y[row * pw + x] = 0.299 * r + 0.587 * g + 0.114 * b - 128;
      const c = (row >> 1) * cw + (x >> 1);
      cb[c]! += 0.25 * (-0.168736 * r - 0.331264 * g + 0.5 * b);
      cr[c]! += 0.25 * (0.5 * r - 0.418688 * g - 0.081312 * b);
    }
  }
  quantisePlane(y, pw, ph, lumaTable);
  quantisePlane(cb, cw, chh, chromaTable);
  quantisePlane(cr, cw, chh, chromaTable);
  for (let row = 0; row < height; row++) {
    const dst = (height - 1 - row) * width;
    for (let x = 0; x < width; x++) {
      const l = y[row * pw + x]! + 128;
      const c = (row >> 1) * cw + (x >> 1);
      const u = cb[c]!;
      const v = cr[c]!;
      const i = (dst + x) * 4;
      rgba[i] = toByte(l + 1.402 * v);
      rgba[i + 1] = toByte(l - 0.344136 * u - 0.714136 * v);
      rgba[i + 2] = toByte(l + 1.772 * u);
    }
  }
}

function toByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}

/** Basis values the 1D transforms use: the even part's cosines, and B[u][k] for odd u, k < 4. */
const C4 = BASIS[4 * 8]!;
const C2 = BASIS[2 * 8]!;
const C6 = BASIS[6 * 8]!;
const b = (u: number, k: number) => BASIS[u * 8 + k]!;
const [O10, O11, O12, O13] = [b(1, 0), b(1, 1), b(1, 2), b(1, 3)];
const [O30, O31, O32, O33] = [b(3, 0), b(3, 1), b(3, 2), b(3, 3)];
const [O50, O51, O52, O53] = [b(5, 0), b(5, 1), b(5, 2), b(5, 3)];
const [O70, O71, O72, O73] = [b(7, 0), b(7, 1), b(7, 2), b(7, 3)];

/**
 * 8-point DCT of a[o], a[o + s], … a[o + 7s] in place. B[u][7 − k] = (−1)^u B[u][k], so even
 * frequencies see x_k + x_{7−k} and odd ones x_k − x_{7−k}: 32 multiplications, not 64.
 */
function forward8(a: Float64Array, o: number, s: number): void {
  const x0 = a[o]!, x1 = a[o + s]!, x2 = a[o + 2 * s]!, x3 = a[o + 3 * s]!;
  const x4 = a[o + 4 * s]!, x5 = a[o + 5 * s]!, x6 = a[o + 6 * s]!, x7 = a[o + 7 * s]!;
  const s0 = x0 + x7, s1 = x1 + x6, s2 = x2 + x5, s3 = x3 + x4;
  const d0 = x0 - x7, d1 = x1 - x6, d2 = x2 - x5, d3 = x3 - x4;
  a[o] = C4 * (s0 + s1 + s2 + s3);
  a[o + 4 * s] = C4 * (s0 - s1 - s2 + s3);
  a[o + 2 * s] = C2 * (s0 - s3) + C6 * (s1 - s2);
  a[o + 6 * s] = C6 * (s0 - s3) - C2 * (s1 - s2);
  a[o + s] = O10 * d0 + O11 * d1 + O12 * d2 + O13 * d3;
  a[o + 3 * s] = O30 * d0 + O31 * d1 + O32 * d2 + O33 * d3;
  a[o + 5 * s] = O50 * d0 + O51 * d1 + O52 * d2 + O53 * d3;
  a[o + 7 * s] = O70 * d0 + O71 * d1 + O72 * d2 + O73 * d3;
}

/** The inverse (transpose) of forward8, in place. */
function inverse8(a: Float64Array, o: number, s: number): void {
  const X0 = a[o]!, X1 = a[o + s]!, X2 = a[o + 2 * s]!, X3 = a[o + 3 * s]!;
  const X4 = a[o + 4 * s]!, X5 = a[o + 5 * s]!, X6 = a[o + 6 * s]!, X7 = a[o + 7 * s]!;
  const p = C4 * (X0 + X4), q = C4 * (X0 - X4);
  const e0 = p + C2 * X2 + C6 * X6, e3 = p - C2 * X2 - C6 * X6;
  const e1 = q + C6 * X2 - C2 * X6, e2 = q - C6 * X2 + C2 * X6;
  const d0 = O10 * X1 + O30 * X3 + O50 * X5 + O70 * X7;
  const d1 = O11 * X1 + O31 * X3 + O51 * X5 + O71 * X7;
  const d2 = O12 * X1 + O32 * X3 + O52 * X5 + O72 * X7;
  const d3 = O13 * X1 + O33 * X3 + O53 * X5 + O73 * X7;
  a[o] = e0 + d0;
  a[o + 7 * s] = e0 - d0;
  a[o + s] = e1 + d1;
  a[o + 6 * s] = e1 - d1;
  a[o + 2 * s] = e2 + d2;
  a[o + 5 * s] = e2 - d2;
  a[o + 3 * s] = e3 + d3;
  a[o + 4 * s] = e3 - d3;
}

/** Every 8×8 block of a plane: DCT, coefficients rounded to multiples of `table`, inverse DCT. */
function quantisePlane(plane: Float32Array, w: number, h: number, table: readonly number[]): void {
  const block = new Float64Array(64);
  for (let by = 0; by < h; by += 8) {
    for (let bx = 0; bx < w; bx += 8) {
      for (let j = 0; j < 8; j++) for (let i = 0; i < 8; i++) block[j * 8 + i] = plane[(by + j) * w + bx + i]!;
      for (let j = 0; j < 8; j++) forward8(block, j * 8, 1);
      for (let i = 0; i < 8; i++) forward8(block, i, 8);
      for (let k = 0; k < 64; k++) {
        const q = table[k]!;
        block[k] = Math.round(block[k]! / q) * q;
      }
      for (let i = 0; i < 8; i++) inverse8(block, i, 8);
      for (let j = 0; j < 8; j++) inverse8(block, j * 8, 1);
      for (let j = 0; j < 8; j++) for (let i = 0; i < 8; i++) plane[(by + j) * w + bx + i] = block[j * 8 + i]!;
    }
  }
}
