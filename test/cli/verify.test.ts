// `longtail verify` on a real data set captured by the CLI, then on copies of it spoilt on purpose.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLongtail, SMALL_SCENE } from '../helpers/cli.ts';
import { ZipFileSink } from '../../src/cli/ZipFileSink.ts';
import { ZipReader } from '../../src/cli/ZipReader.ts';
import { listFiles } from '../../src/cli/listFiles.ts';
import { inflateRawSync } from 'node:zlib';
import { decodeNpz, encodeNpy, legacyNpyPaths } from '../../src/export/index.ts';

const tmp = mkdtempSync(join(tmpdir(), 'longtail-verify-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const longtail = (args: string[]) => runLongtail(tmp, args);
const SMALL = SMALL_SCENE;

const good = join(tmp, 'good');
let copies = 0;
/** A fresh copy of the good data set. */
function copy(): string {
  const dir = join(tmp, `copy${copies++}`);
  cpSync(good, dir, { recursive: true });
  return dir;
}
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

beforeAll(() => {
  writeFileSync(join(tmp, 'small.scene'), SMALL);
  // Every layer and every PNG companion, so each of verify's cross-checks has something to check.
  const r = longtail(['capture', 'small.scene', '--out', good, '--seed', '5', '--quiet', '--layers', 'all,depth-png,normals-png,flow-png']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}, 240_000);

describe('longtail verify', () => {
  it('passes a data set as captured, in one line', () => {
    const r = longtail(['verify', good]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok: 3 frames, 31 files checked in \d+\.\d s\n$/);
  });

  it('has --help and is listed in the command summary', () => {
    const r = longtail(['verify', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('usage: longtail verify <dir | file.zip>');
    expect(longtail(['--help']).stdout).toMatch(/\n {2}verify +re-check a data set/);
  });

  it('reports a flipped byte in a PNG as a hash mismatch', () => {
    const dir = copy();
    const f = join(dir, 'front/rgb/000001.png');
    const b = readFileSync(f);
    b[b.length - 20] = b[b.length - 20]! ^ 0x01;
    writeFileSync(f, b);
    const r = longtail(['verify', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^front\/rgb\/000001\.png: sha256 mismatch: manifest says [0-9a-f]{64}, file is [0-9a-f]{64}$/m);
  });

  it('reports a deleted file as missing, and an extra file as unlisted', () => {
    const dir = copy();
    unlinkSync(join(dir, 'front/depth/000002.npz'));
    mkdirSync(join(dir, 'extra'));
    writeFileSync(join(dir, 'extra/notes.txt'), 'hi');
    const r = longtail(['verify', dir]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toContain('front/depth/000002.npz: missing (listed in the manifest)');
    expect(lines).toContain('extra/notes.txt: not listed in the manifest');
    expect(lines.at(-1)).toBe('verify: 2 problems in 3 frames, 31 files');
  });

  it('catches an edited label box even when the manifest hash is fixed to match', () => {
    const dir = copy();
    const path = 'front/labels/000000.json';
    const labels = JSON.parse(readFileSync(join(dir, path), 'utf8'));
    const doe = labels.objects.find((o: { name: string }) => o.name === 'doe');
    expect(doe.box_2d).not.toBeNull(); // the deer is in sight, or this test proves nothing
    const was = [...doe.box_2d];
    doe.box_2d[2] -= 1; // shrunk: still inside its amodal box, so only tightness is wrong
    const text = JSON.stringify(labels, null, 1);
    writeFileSync(join(dir, path), text);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    manifest.files[path] = sha(text);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const r = longtail(['verify', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      `${path}: object 'doe' (id ${doe.id}): box_2d [${doe.box_2d.join(', ')}] is not the tight box of its instance mask [${was.join(', ')}]`,
    );
  });

  it('catches a depth PNG that disagrees with the NPY', () => {
    const dir = copy();
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    // Swap frames 0 and 1's depth PNGs and fix the hashes: each file is fine, the pair is not.
    const [a, b] = ['front/depth/000000.png', 'front/depth/000001.png'];
    const ba = readFileSync(join(dir, a));
    const bb = readFileSync(join(dir, b));
    writeFileSync(join(dir, a), bb);
    writeFileSync(join(dir, b), ba);
    manifest.files[a] = sha(bb);
    manifest.files[b] = sha(ba);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const r = longtail(['verify', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^front\/depth\/000000\.png: \d+ pixels disagree with front\/depth\/000000\.npz, first at \(\d+, \d+\): \d+ mm, the float depth [\d.]+ m gives \d+$/m);
  });

  it('verifies a data set written before the .npz (float layers as .npy files), and catches a damaged .npz', async () => {
    // Turn a data set into the older layout: each .npz's arrays as the .npy files it replaced.
    const dir = copy();
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: Record<string, string>; frames: { camera: string; index: number; files: Record<string, string> }[]; layers?: string[]; float_dtype?: string };
    delete manifest.layers; // older data sets do not say which layers they have: they have them all
    delete manifest.float_dtype;
    for (const f of manifest.frames) {
      const legacy = legacyNpyPaths(f.camera, f.index);
      for (const [key, npzKey, member] of [['depth_npy', 'depth_npz', 'depth'], ['range_npy', 'depth_npz', 'range'], ['normals_npy', 'normals_npz', 'normals'], ['flow_npy', 'flow_npz', 'flow']] as const) {
        const npzPath = f.files[npzKey];
        if (!npzPath) continue;
        const a = (await decodeNpz(readFileSync(join(dir, npzPath)), (raw) => new Uint8Array(inflateRawSync(raw)))).get(member)!;
        const npy = encodeNpy(a.data, a.shape);
        writeFileSync(join(dir, legacy[key]!), npy);
        manifest.files[legacy[key]!] = sha(Buffer.from(npy));
        f.files[key] = legacy[key]!;
      }
      for (const k of ['depth_npz', 'normals_npz', 'flow_npz']) {
        if (!f.files[k]) continue;
        unlinkSync(join(dir, f.files[k]!));
        delete manifest.files[f.files[k]!];
        delete f.files[k];
      }
    }
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const r = longtail(['verify', dir]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^ok: 3 frames/);

    const bad = copy();
    const npz = readFileSync(join(bad, 'front/depth/000001.npz'));
    npz[60]! ^= 0xff;
    writeFileSync(join(bad, 'front/depth/000001.npz'), npz);
    const m = JSON.parse(readFileSync(join(bad, 'manifest.json'), 'utf8')) as { files: Record<string, string> };
    m.files['front/depth/000001.npz'] = sha(npz);
    writeFileSync(join(bad, 'manifest.json'), JSON.stringify(m));
    const b = longtail(['verify', bad]);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/^front\/depth\/000001\.npz: decodeNpz: depth\.npy: /m);
  });

  it('says clearly when the folder is not a data set', () => {
    const dir = join(tmp, 'plain');
    mkdirSync(dir);
    writeFileSync(join(dir, 'thesis.tex'), 'x');
    let r = longtail(['verify', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${dir}: not a Longtail data set (no manifest.json)\n`);
    writeFileSync(join(dir, 'manifest.json'), '{"format": "other/2"}');
    r = longtail(['verify', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${join(dir, 'manifest.json')}: not a Longtail data set (format "other/2", expected "longtail.dataset/1", "longtail.dataset-collection/1" or "longtail.dataset-shard/1")\n`);
    r = longtail(['verify', join(tmp, 'nowhere')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${join(tmp, 'nowhere')}: no such folder or zip file\n`);
    expect(longtail(['verify']).code).toBe(2);
  });
});

describe('longtail verify on a zip', () => {
  const zip = join(tmp, 'good.zip');
  beforeAll(() => {
    const r = longtail(['capture', 'small.scene', '--out', zip, '--zip', '--seed', '5', '--quiet', '--layers', 'all,depth-png,normals-png,flow-png']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 240_000);

  /** A copy of the good zip with one byte of `member`'s stored data flipped. */
  function damaged(member: string, at: number): string {
    const r = new ZipReader(zip);
    const e = r.entries.get(member)!;
    r.close();
    const raw = readFileSync(zip);
    const dataAt = e.offset + 30 + raw.readUInt16LE(e.offset + 26) + raw.readUInt16LE(e.offset + 28);
    raw[dataAt + at]! ^= 0x01;
    const out = join(tmp, `damaged${copies++}.zip`);
    writeFileSync(out, raw);
    return out;
  }

  /** What verify says of the folder, less the time: the zip's line must match it. */
  const folderSays = () => longtail(['verify', good]).stdout.replace(/ checked in .*/s, '');

  it('passes the zip capture --zip wrote, with the same checks and counts as the folder', () => {
    const r = longtail(['verify', zip]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok: 3 frames, \d+ files checked in \d+\.\d s\n$/);
    expect(r.stdout.replace(/ checked in .*/s, '')).toBe(folderSays());
  });

  it('gives the same zip bytes from the same capture, though frames finish encoding in a varying order', () => {
    const again = join(tmp, 'again.zip');
    const r = longtail(['capture', 'small.scene', '--out', again, '--zip', '--seed', '5', '--quiet', '--layers', 'all,depth-png,normals-png,flow-png']);
    expect(r.code).toBe(0);
    expect(readFileSync(again).equals(readFileSync(zip))).toBe(true);
  });

  it('passes a zip of the folder streamed from disk, zip64 fields forced', async () => {
    const sink = new ZipFileSink(join(tmp, 'good64.zip'), { zip64At: 0 });
    for (const p of listFiles(good)) await sink.writeFile(p, join(good, p));
    await sink.commit();
    const r = longtail(['verify', sink.target]);
    expect(r.stderr).toBe('');
    expect(r.stdout.replace(/ checked in .*/s, '')).toBe(folderSays());
  });

  it('names a member whose stored bytes were damaged (CRC-32), and a damaged deflated member', () => {
    const r = longtail(['verify', damaged('front/rgb/000001.png', 100)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^front\/rgb\/000001\.png: CRC-32 mismatch: the zip's directory says [0-9a-f]{8}, the member's bytes give [0-9a-f]{8} \(damaged in .*damaged\d+\.zip\)$/m);
    expect(r.stderr).not.toMatch(/^front\/rgb\/000000\.png/m);
    const j = longtail(['verify', damaged('front/labels/000002.json', 10)]);
    expect(j.code).toBe(1);
    expect(j.stderr).toMatch(/^front\/labels\/000002\.json: (CRC-32 mismatch|cannot inflate it)/m);
  });

  it('says clearly when the file is not a zip', () => {
    const f = join(tmp, 'notes.zip');
    writeFileSync(f, 'just text');
    const r = longtail(['verify', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${f}: not a zip file (no end of central directory record); verify reads a data set folder or a zip of one\n`);
  });
});
