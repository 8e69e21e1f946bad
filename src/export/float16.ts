// IEEE 754 half precision (NumPy's float16, '<f2'), for `--float16` float layers. Node 20 has no
// Float16Array: halves travel as their 16-bit patterns in a Uint16Array.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The half nearest each float (ties to even), as bit patterns; overflow gives ±Infinity, NaN stays NaN. */
export function toFloat16Bits(src: Float32Array): Uint16Array {
  const out = new Uint16Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = halfBits(src[i]!);
  return out;
}

/** Each half bit pattern as a float (exactly: every half is a float). */
export function fromFloat16Bits(src: Uint16Array): Float32Array {
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = halfValue(src[i]!);
  return out;
}

export function halfBits(v: number): number {
  f32[0] = v;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const man = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (man ? 0x200 : 0); // Infinity, or a quiet NaN
  const e = exp - 127 + 15; // the half's biased exponent
  if (e >= 0x1f) return sign | 0x7c00; // too large: Infinity
  if (e <= 0) {
    // Subnormal half (or zero): the value is man' · 2^-24 with the implicit 1 made explicit.
    if (e < -10) return sign;
    const m = man | 0x800000;
    const shift = 14 - e; // 24 - 10 + (1 - e) - 1
    return sign | roundShift(m, shift);
  }
  // Normal: 10 mantissa bits kept, the rest rounded to nearest even (a carry may raise the exponent).
  return sign | ((e << 10) + roundShift(man, 13));
}

/** m >> shift rounded to nearest, ties to even. */
function roundShift(m: number, shift: number): number {
  const q = m >>> shift;
  const rest = m - (q << shift);
  const half = 1 << (shift - 1);
  return rest > half || (rest === half && (q & 1) === 1) ? q + 1 : q;
}

export function halfValue(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const man = h & 0x3ff;
  if (exp === 0) return sign * man * 2 ** -24;
  if (exp === 0x1f) return man ? NaN : sign * Infinity;
  return sign * (1024 + man) * 2 ** (exp - 25);
}

/**
 * The largest error of storing v as a half (half the spacing of halves around |v|): 2^-11 of v's
 * power-of-two band, e.g. 1/64 m at 50 m and 1/32 m at 100 m. For docs and tests.
 */
export function float16ErrorBound(v: number): number {
  const a = Math.abs(v);
  if (a < 2 ** -14) return 2 ** -25; // subnormal spacing 2^-24
  return 2 ** (Math.floor(Math.log2(a)) - 11);
}
