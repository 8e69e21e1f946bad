import { detLog } from './detmath.ts';

// Seeded, splittable RNG. Only 32-bit integer arithmetic (Math.imul, shifts), so the stream is
// bit-identical in Node and in any browser: no Math.random, no transcendental functions.

/** FNV-1a over UTF-16 code units, then avalanche-mixed: a stable 32-bit hash of a string. */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** Murmur3 finaliser: spreads every input bit over every output bit. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128-bit state, passes PractRand,
 * cheap in 32-bit JS arithmetic.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A stream named `key` under `seed`: the same (seed, key) always gives the same sequence. */
  constructor(seed: number, key = '') {
    const s = seed >>> 0;
    const hi = Math.floor(seed / 0x100000000) >>> 0;
    this.a = hashString(key, mix32(s ^ 0x9e3779b9));
    this.b = mix32(s + 0x6a09e667);
    this.c = mix32(hi ^ 0xbb67ae85);
    this.d = 1;
    for (let i = 0; i < 15; i++) this.nextU32(); // warm up: decorrelate nearby seeds
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** A child stream, independent of this one's future draws. */
  fork(key: string): Rng {
    return new Rng(this.nextU32() * 0x100000000 + this.nextU32(), key);
  }
}

/** Standard normal draw by Marsaglia's polar method: only arithmetic, sqrt and detLog. */
export function normalDraw(rng: Rng): number {
  for (;;) {
    const u = 2 * rng.next() - 1;
    const v = 2 * rng.next() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * detLog(s)) / s);
  }
}
