import type { Rng } from '../core/index.ts';

// Worn lane markings: paint that has flaked off leaves road. A line from s = a to b becomes the
// pieces where paint is left, so the markings' labels stay exact (a worn gap is labelled road).

/** Paint breaks up in flakes of this many metres along the line. */
const FLAKE: readonly [number, number] = [0.3, 1.5];
/** Share of flakes gone at wear 1. */
const GONE_AT_FULL_WEAR = 0.85;

/**
 * A function giving, for a painted interval [a, b] of arc length, the sub-intervals still
 * painted at `wear` (0 fresh .. 1 mostly gone): the whole interval at wear 0, else flakes each
 * missing with probability GONE_AT_FULL_WEAR × wear, drawn in call order from `rng`.
 */
export function paintLeft(wear: number, rng: Rng): (a: number, b: number) => Array<[number, number]> {
  const gone = GONE_AT_FULL_WEAR * Math.min(1, Math.max(0, wear));
  return (a, b) => {
    if (gone <= 0) return b > a ? [[a, b]] : [];
    const out: Array<[number, number]> = [];
    let s = a;
    while (s < b) {
      const e = Math.min(b, s + FLAKE[0] + (FLAKE[1] - FLAKE[0]) * rng.next());
      if (rng.next() >= gone) {
        // Neighbouring kept flakes join into one piece.
        const last = out[out.length - 1];
        if (last && last[1] === s) last[1] = e;
        else out.push([s, e]);
      }
      s = e;
    }
    return out;
  };
}

/** How far worn paint fades towards the asphalt's colour, at wear 1. */
export const FADE_AT_FULL_WEAR = 0.45;
