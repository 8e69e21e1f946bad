// `longtail preview`: a real process, real Chromium, a real PNG on disk.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng, type PngImage } from '../../src/export/index.ts';
import { runLongtail, SMALL_SCENE } from '../helpers/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'longtail-preview-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const longtail = (args: string[]) => runLongtail(tmp, args);
const inflate = async (z: Uint8Array) => new Uint8Array(inflateSync(z));
const png = (path: string): Promise<PngImage> => decodePng(new Uint8Array(readFileSync(path)), inflate);

// Tiles 160x120 with a 6 px gutter; 3 samples make a 2-column grid (the nearest to 4:3 overall).
const W = 160;
const H = 120;
const G = 6;
/** Rows of a tile under its label band ((5 + 2) font pixels at scale 2). */
const LABEL_ROWS = 14;

describe('longtail preview', () => {
  let sheet: PngImage;
  beforeAll(async () => {
    writeFileSync(join(tmp, 'small.scene'), SMALL_SCENE);
    const r = longtail(['preview', 'small.scene', '--samples', '3', '--size', `${W}x${H}`, '--out', 'sheet.png']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    sheet = await png(join(tmp, 'sheet.png'));
  }, 240_000);

  it('lays the tiles out in a grid with gutters', () => {
    expect([sheet.width, sheet.height]).toEqual([2 * W + 3 * G, 2 * H + 3 * G]);
    // The fourth cell is empty: sheet background.
    const i = ((G + H + G + 60) * sheet.width + (G + W + G + 80)) * 3;
    expect([...sheet.data.subarray(i, i + 3)]).toEqual([24, 24, 24]);
  });

  it("shows each seed's frame exactly as capture renders it (no event: the middle frame, 1 of 0..3)", async () => {
    for (const seed of [0, 1]) {
      const out = `cap${seed}`;
      const r = longtail(['capture', 'small.scene', '--seed', String(seed), '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      const frame = await png(join(tmp, out, 'front', 'rgb', '000001.png'));
      const x0 = G + seed * (W + G);
      for (let y = LABEL_ROWS; y < H; y++) {
        const row = sheet.data.subarray(((G + y) * sheet.width + x0) * 3, ((G + y) * sheet.width + x0 + W) * 3);
        expect(Buffer.from(row).equals(Buffer.from(frame.data.subarray(y * W * 3, (y + 1) * W * 3))), `seed ${seed} row ${y}`).toBe(true);
      }
    }
  }, 240_000);

  it('labels each tile on a black band in white', () => {
    let white = 0;
    for (let y = G; y < G + LABEL_ROWS; y++) {
      for (let x = G; x < G + 6 * 8 + 4; x++) {
        const i = (y * sheet.width + x) * 3;
        const [r, g, b] = [sheet.data[i]!, sheet.data[i + 1]!, sheet.data[i + 2]!];
        expect(r === g && g === b && (r === 0 || r === 255)).toBe(true);
        if (r === 255) white++;
      }
    }
    expect(white).toBeGreaterThan(40); // "seed 0": 6 glyphs of up to 15 lit font pixels, 4 image pixels each
  });

  it('refuses bad input with a clear message and writes nothing', () => {
    const none = longtail(['preview']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give at least one scenario file/);
    const zero = longtail(['preview', 'small.scene', '--samples', '0', '--out', 'zero.png']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/--samples/);
    writeFileSync(join(tmp, 'broken.scene'), SMALL_SCENE.replace('lanes: 2', 'lanes: two'));
    const broken = longtail(['preview', 'broken.scene', '--out', 'broken.png']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^broken\.scene:3:24: error: unknown name 'two'/);
    expect(existsSync(join(tmp, 'zero.png')) || existsSync(join(tmp, 'broken.png'))).toBe(false);
  });
});
