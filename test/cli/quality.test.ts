// --quality presets: the RGB image changes with the preset, the labels and every other layer do not.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileTree, labelsWithoutPicture, runLongtail } from '../helpers/cli.ts';
import { decodePng } from '../../src/export/index.ts';

const tmp = mkdtempSync(join(tmpdir(), 'longtail-quality-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const longtail = (args: string[]) => runLongtail(tmp, args);

// Daylight, so the sun casts shadows (the preset's shadow map and filter show), and thin poles and
// lane markings for the antialiasing to show on.
const SCENE = `
scenario "quality"
environment { time: 14:00 }
road straight { lanes: 2 }
ego car { on lane 1
  speed: 60 km/h
  camera front { resolution: 240x160
    fps: 10 } }
sedan other { on lane 2
  ahead of ego by 25 m
  speed: 40 km/h }
deer doe { on roadside right
  ahead of ego by 18 m
  cross road at 3 m/s }
duration 0.2 s
`;

beforeAll(() => {
  writeFileSync(join(tmp, 'q.scene'), SCENE);
  for (const q of ['draft', 'standard', 'final']) {
    const r = longtail(['capture', 'q.scene', '--seed', '2', '--quiet', '--quality', q, '--out', q]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }
}, 240_000);

describe('capture --quality', () => {
  it('gives the same labels and layers at every preset; only the RGB image (and the contrast measured in it) differs', () => {
    const trees = ['draft', 'standard', 'final'].map((q) => fileTree(join(tmp, q)));
    const [draft, standard, final] = trees as [Map<string, Buffer>, Map<string, Buffer>, Map<string, Buffer>];
    expect([...draft.keys()].sort()).toEqual([...standard.keys()].sort());
    let compared = 0;
    for (const [path, bytes] of standard) {
      if (path === 'manifest.json') continue;
      if (path.includes('/rgb/')) {
        expect(draft.get(path)!.equals(bytes)).toBe(false);
        expect(final.get(path)!.equals(bytes)).toBe(false);
        continue;
      }
      if (path.includes('/labels/')) {
        // Every label but the contrast measured in the picture (and the flag from it).
        expect(labelsWithoutPicture(draft.get(path)!.toString()), path).toEqual(labelsWithoutPicture(bytes.toString()));
        expect(labelsWithoutPicture(final.get(path)!.toString()), path).toEqual(labelsWithoutPicture(bytes.toString()));
        compared++;
        continue;
      }
      expect(draft.get(path)!.equals(bytes), path).toBe(true);
      expect(final.get(path)!.equals(bytes), path).toBe(true);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(2 * 5); // labels, depth, normals, semantic, instance of each of 2 frames
    const options = (q: string) => JSON.parse(readFileSync(join(tmp, q, 'manifest.json'), 'utf8')).options;
    expect(options('final').quality).toBe('final');
  });

  it('changes the look, not the exposure: mean brightness within 3 grey levels of standard', async () => {
    const mean = async (q: string) => {
      const img = await decodePng(new Uint8Array(readFileSync(join(tmp, q, 'front/rgb/000001.png'))), (b) => new Uint8Array(inflateSync(b)));
      let s = 0;
      for (const v of img.data) s += v;
      return s / img.data.length;
    };
    const std = await mean('standard');
    expect(std).toBeGreaterThan(40);
    expect(Math.abs((await mean('draft')) - std)).toBeLessThan(3);
    expect(Math.abs((await mean('final')) - std)).toBeLessThan(3);
  });

  it('refuses an unknown preset', () => {
    const r = longtail(['capture', 'q.scene', '--quality', 'ultra']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--quality must be one of draft, standard, final, not 'ultra'");
  });
});
