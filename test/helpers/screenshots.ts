// Test helper: compare a rendered RGB image with a stored reference PNG within a tolerance, so a
// change to the look is seen and approved on purpose (UPDATE_SCREENSHOTS=1 writes new references).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { decodePng, encodePng } from '../../src/export/index.ts';

/** How far a render may drift from its reference (different CPUs round SwiftShader's maths differently). */
export const TOLERANCE = {
  /** Mean absolute difference over every channel of every pixel, 0..255. */
  meanAbs: 1.5,
  /** Share of pixels with some channel more than 24 apart. */
  over: 0.005,
} as const;
const OVER = 24;

export interface ImageDiff {
  readonly meanAbs: number;
  readonly over: number;
}

/** Difference of two RGB images of equal size (3 bytes a pixel). */
export function compareRgb(a: Uint8Array, b: Uint8Array): ImageDiff {
  if (a.length !== b.length) throw new Error(`images differ in size: ${a.length} vs ${b.length} bytes`);
  let sum = 0;
  let over = 0;
  for (let i = 0; i < a.length; i += 3) {
    let worst = 0;
    for (let k = 0; k < 3; k++) {
      const d = Math.abs(a[i + k]! - b[i + k]!);
      sum += d;
      if (d > worst) worst = d;
    }
    if (worst > OVER) over++;
  }
  return { meanAbs: sum / a.length, over: over / (a.length / 3) };
}

const deflate = async (raw: Uint8Array) => new Uint8Array(deflateSync(raw));
const inflate = async (z: Uint8Array) => new Uint8Array(inflateSync(z));

async function writePng(path: string, width: number, height: number, rgb: Uint8Array): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, await encodePng({ width, height, channels: 3, bitDepth: 8, data: rgb }, deflate, 'up'));
}

/**
 * Check `rgb` against `<dir>/<name>.png`. With UPDATE_SCREENSHOTS=1 the reference is (re)written
 * instead. On a mismatch the render and an amplified difference are written to
 * `<dir>/failures/` for a person to look at, and the returned message says where.
 */
export async function matchScreenshot(dir: string, name: string, width: number, height: number, rgb: Uint8Array): Promise<{ ok: boolean; message: string; diff: ImageDiff | null }> {
  const ref = join(dir, `${name}.png`);
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    await writePng(ref, width, height, rgb);
    return { ok: true, message: `wrote ${ref}`, diff: null };
  }
  if (!existsSync(ref)) return { ok: false, message: `no reference ${ref}: run 'npm run screenshots', look at the images and commit them`, diff: null };
  const want = await decodePng(new Uint8Array(readFileSync(ref)), inflate);
  if (want.width !== width || want.height !== height || want.channels !== 3) {
    return { ok: false, message: `${ref} is ${want.width}x${want.height}x${want.channels}, the render ${width}x${height}x3`, diff: null };
  }
  const diff = compareRgb(want.data as Uint8Array, rgb);
  if (diff.meanAbs <= TOLERANCE.meanAbs && diff.over <= TOLERANCE.over) return { ok: true, message: 'matches', diff };
  const fail = join(dir, 'failures');
  await writePng(join(fail, `${name}.actual.png`), width, height, rgb);
  const amplified = new Uint8Array(rgb.length);
  for (let i = 0; i < rgb.length; i++) amplified[i] = Math.min(255, 4 * Math.abs(rgb[i]! - (want.data as Uint8Array)[i]!));
  await writePng(join(fail, `${name}.diff.png`), width, height, amplified);
  return {
    ok: false,
    message:
      `${name}: the render differs from ${ref}: mean |Δ| ${diff.meanAbs.toFixed(2)} (limit ${TOLERANCE.meanAbs}), ` +
      `${(100 * diff.over).toFixed(2)}% of pixels off by more than ${OVER} (limit ${100 * TOLERANCE.over}%). ` +
      `See ${fail}/${name}.actual.png and .diff.png; if the change is intended, run 'npm run screenshots' and commit the new references.`,
    diff,
  };
}
