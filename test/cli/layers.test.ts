// `--layers` and `--float16` end to end: the real CLI captures in real Chromium, writes exactly the
// files asked for, records them in the manifest, and verify passes (and still catches damage).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileTree, labelsWithoutPicture, runLongtail, SMALL_SCENE } from '../helpers/cli.ts';
import { decodeNpz, float16ErrorBound, fromFloat16Bits } from '../../src/export/index.ts';

const tmp = mkdtempSync(join(tmpdir(), 'longtail-layers-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const longtail = (args: string[]) => runLongtail(tmp, args);
const manifest = (dir: string) => JSON.parse(readFileSync(join(tmp, dir, 'manifest.json'), 'utf8'));
const frameFiles = (dir: string) => [...fileTree(join(tmp, dir)).keys()].filter((k) => k.startsWith('front/')).sort();

beforeAll(() => {
  writeFileSync(join(tmp, 'small.scene'), SMALL_SCENE);
  for (const [out, extra] of [
    ['all', []],
    ['some', ['--layers', 'rgb,instance,flow-png']],
    ['labels', ['--layers', 'semantic']],
    ['half', ['--float16', '--layers', 'all,depth-png,normals-png,flow-png']],
  ] as const) {
    const r = longtail(['capture', 'small.scene', '--seed', '5', '--quiet', '--out', out, ...extra]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }
}, 240_000);

describe('capture --layers', () => {
  it('writes every layer by default, the float ones as .npz, no PNG companions', () => {
    const files = frameFiles('all');
    expect(files.filter((f) => f.includes('000002'))).toEqual([
      'front/depth/000002.npz',
      'front/flow/000002.npz',
      'front/instance/000002.png',
      'front/labels/000002.json',
      'front/normals/000002.npz',
      'front/rgb/000002.png',
      'front/semantic/000002.png',
    ]);
    expect(manifest('all').layers).toEqual(['rgb', 'depth', 'range', 'normals', 'flow', 'semantic', 'instance']);
    // The first frame has no previous one, so no flow.
    expect(files.filter((f) => f.includes('000000'))).not.toContain('front/flow/000000.npz');
    expect(longtail(['verify', 'all']).code).toBe(0);
  });

  it('writes exactly the layers asked for, and verify checks them', () => {
    expect(frameFiles('some').filter((f) => f.includes('000002'))).toEqual(['front/flow/000002.png', 'front/instance/000002.png', 'front/labels/000002.json', 'front/rgb/000002.png']);
    expect(manifest('some').layers).toEqual(['rgb', 'instance', 'flow-png']);
    expect(frameFiles('labels')).toEqual(['front/labels/000000.json', 'front/labels/000001.json', 'front/labels/000002.json', 'front/semantic/000000.png', 'front/semantic/000001.png', 'front/semantic/000002.png']);
    const v = longtail(['verify', 'some']);
    expect(v.stderr).toBe('');
    expect(v.stdout).toMatch(/^ok: 3 frames, \d+ files checked/);
    expect(longtail(['verify', 'labels']).code).toBe(0);
  });

  it('gives the same labels whatever layers are written (without RGB, no contrast to measure)', () => {
    for (const i of [0, 1, 2]) {
      const f = `front/labels/00000${i}.json`;
      const all = readFileSync(join(tmp, 'all', f), 'utf8');
      expect(readFileSync(join(tmp, 'some', f), 'utf8')).toBe(all); // RGB among them: the very same bytes
      const bare = readFileSync(join(tmp, 'labels', f), 'utf8');
      expect(labelsWithoutPicture(bare)).toEqual(labelsWithoutPicture(all));
      for (const o of (JSON.parse(bare) as { objects: { contrast: unknown; perceptible: unknown }[] }).objects) expect([o.contrast, o.perceptible]).toEqual([null, null]);
    }
    expect(readFileSync(join(tmp, 'some', 'front/rgb/000001.png'))).toEqual(readFileSync(join(tmp, 'all', 'front/rgb/000001.png')));
  });

  it('--float16 stores <f2 arrays within the bound of the float32 ones, and verify passes', () => {
    const read = (dir: string, f: string) => decodeNpz(new Uint8Array(readFileSync(join(tmp, dir, f))), (b) => new Uint8Array(inflateRawSync(b)));
    return (async () => {
      const half = await read('half', 'front/depth/000002.npz');
      const full = await read('all', 'front/depth/000002.npz');
      expect(half.get('depth')!.descr).toBe('<f2');
      const h = fromFloat16Bits(half.get('depth')!.data as Uint16Array);
      const f = full.get('depth')!.data as Float32Array;
      let worst = 0;
      for (let i = 0; i < f.length; i++) {
        expect(Math.abs(h[i]! - f[i]!)).toBeLessThanOrEqual(float16ErrorBound(f[i]!));
        worst = Math.max(worst, Math.abs(h[i]! - f[i]!));
      }
      expect(worst).toBeGreaterThan(0); // it really is rounded
      expect(manifest('half').float_dtype).toBe('float16');
      const v = longtail(['verify', 'half']);
      expect(v.stderr).toBe('');
      expect(v.code).toBe(0);
    })();
  });

  it('refuses unknown layers and formats that lack their layers, before any work', () => {
    const a = longtail(['capture', 'small.scene', '--layers', 'rgb,normal']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--layers: unknown layer 'normal'; the layers are rgb, depth/);
    const b = longtail(['capture', 'small.scene', '--layers', 'rgb', '--formats', 'coco']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('the coco format needs the instance layer: add instance to --layers or leave coco out of --formats');
    const c = longtail(['generate', 'small.scene', '--layers', 'depth', '--formats', 'yolo']);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('longtail generate: --layers: the yolo format needs the rgb layer');
  });
});
