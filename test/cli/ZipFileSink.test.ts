// The streamed zip (ZipWriter, ZipFileSink) read back by independent readers (Python's zipfile,
// fflate) and by ZipReader; zip64 fields forced with a small threshold; abort; flat memory.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { ZipFileSink } from '../../src/cli/ZipFileSink.ts';
import { comparePaths } from '../../src/cli/listFiles.ts';
import { ZipReader } from '../../src/cli/ZipReader.ts';
import { ZipWriter } from '../../src/cli/ZipWriter.ts';

const tmp = mkdtempSync(join(tmpdir(), 'longtail-zip-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Bytes that do not compress, from a seeded xorshift (no Math.random). */
function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A small data set's worth of files: PNG-like noise (stored), JSON and text (deflated), an empty file, a UTF-8 name. */
function files(): Map<string, Uint8Array> {
  const enc = new TextEncoder();
  return new Map<string, Uint8Array>([
    ['manifest.json', enc.encode(JSON.stringify({ format: 'x', files: { a: 1 } }, null, 2))],
    ['front/rgb/000000.png', noise(70_000, 1)],
    ['front/depth/000000.npz', noise(120_000, 2)],
    ['front/labels/000000.json', enc.encode(JSON.stringify({ objects: Array.from({ length: 300 }, (_, i) => ({ id: i, box: [i, 2 * i, 3 * i, 4 * i] })) }))],
    ['yolo/classes.txt', enc.encode('car\ndeer\n'.repeat(50))],
    ['empty.txt', new Uint8Array(0)],
    ['scénario.scene', enc.encode('scenario "é"\n')],
  ]);
}

/** Each member's sha256 and the zip64 facts, as Python's zipfile reads them (it also checks every CRC). */
function pythonRead(zip: string): { members: Record<string, string>; zip64: boolean; bad: string | null } {
  const script = `
import hashlib, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
bad = z.testzip()
raw = open(sys.argv[1], 'rb').read()
print(json.dumps({'bad': bad, 'zip64': raw.find(b'PK\\x06\\x06') >= 0 and raw.find(b'PK\\x06\\x07') >= 0,
  'members': {i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist()}}))
`;
  return JSON.parse(execFileSync('python3', ['-c', script, zip], { encoding: 'utf8' })) as { members: Record<string, string>; zip64: boolean; bad: string | null };
}

async function writeSink(path: string, fs: Map<string, Uint8Array>, zip64At?: number): Promise<ZipFileSink> {
  const sink = new ZipFileSink(path, zip64At === undefined ? {} : { zip64At });
  for (const [p, b] of fs) await sink.write(p, b);
  await sink.commit();
  return sink;
}

describe('ZipFileSink (streamed zip)', () => {
  it('writes a zip that Python and fflate read, every file with its bytes, text deflated and the rest stored', async () => {
    const fs = files();
    const zip = join(tmp, 'a.zip');
    await writeSink(zip, fs);
    const py = pythonRead(zip);
    expect(py.bad).toBeNull();
    expect(py.zip64).toBe(false);
    expect(py.members).toEqual(Object.fromEntries([...fs].map(([p, b]) => [p, sha(b)])));
    const ff = unzipSync(readFileSync(zip));
    expect(Object.keys(ff).sort()).toEqual([...fs.keys()].sort());
    for (const [p, b] of fs) expect(sha(ff[p]!), p).toBe(sha(b));
    const r = new ZipReader(zip);
    expect(r.names()).toEqual([...fs.keys()].sort());
    for (const [p, b] of fs) expect(sha(r.read(p)), p).toBe(sha(b));
    expect(r.entries.get('front/rgb/000000.png')!.method).toBe(0);
    expect(r.entries.get('front/labels/000000.json')!.method).toBe(8);
    expect(r.entries.get('front/labels/000000.json')!.compressedSize).toBeLessThan(fs.get('front/labels/000000.json')!.length / 3);
    r.close();
    expect(readdirSync(tmp).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('gives byte-identical zips for the same files in the same order', async () => {
    await writeSink(join(tmp, 'same1.zip'), files());
    await writeSink(join(tmp, 'same2.zip'), files());
    const a = readFileSync(join(tmp, 'same1.zip'));
    expect(a.equals(readFileSync(join(tmp, 'same2.zip')))).toBe(true);
    // No clock in the bytes: every local header carries 2000-01-01 00:00.
    expect(a.readUInt16LE(10)).toBe(0);
    expect(a.readUInt16LE(12)).toBe((20 << 9) | (1 << 5) | 1);
  });

  it('puts the members in listFiles order whatever order they were written in: the same files give the same bytes', async () => {
    const fs = files();
    const shuffled = new Map([...fs].reverse());
    const sink = await writeSink(join(tmp, 'shuffled.zip'), shuffled);
    expect(existsSync(sink.sortedTemp)).toBe(false);
    const r = new ZipReader(join(tmp, 'shuffled.zip'));
    const order = [...r.entries.values()].sort((x, y) => x.offset - y.offset).map((e) => e.name);
    r.close();
    expect(order).toEqual([...fs.keys()].sort(comparePaths));
    // Written in that order already, no copy is made, and the bytes are the same.
    await writeSink(join(tmp, 'ordered.zip'), new Map([...fs].sort(([x], [y]) => comparePaths(x, y))));
    expect(readFileSync(join(tmp, 'shuffled.zip')).equals(readFileSync(join(tmp, 'ordered.zip')))).toBe(true);
    expect(readFileSync(join(tmp, 'shuffled.zip')).equals(readFileSync(join(tmp, 'same1.zip')))).toBe(true);
    expect(pythonRead(join(tmp, 'shuffled.zip')).members).toEqual(Object.fromEntries([...fs].map(([p, b]) => [p, sha(b)])));
    expect(readdirSync(tmp).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('streams members from files on disk with the same bytes as from memory', async () => {
    const fs = files();
    const dir = join(tmp, 'folder');
    for (const [p, b] of fs) {
      const f = join(dir, p);
      execFileSync('mkdir', ['-p', join(f, '..')]);
      writeFileSync(f, b);
    }
    const big = noise(5_000_000, 7); // several 1 MiB chunks
    writeFileSync(join(dir, 'big.npz'), big);
    const text = new TextEncoder().encode('{"x": 1}\n'.repeat(400_000));
    writeFileSync(join(dir, 'big.json'), text);
    const sink = new ZipFileSink(join(tmp, 'fromdisk.zip'));
    for (const p of [...fs.keys(), 'big.npz', 'big.json']) await sink.writeFile(p, join(dir, p));
    await sink.commit();
    const py = pythonRead(sink.target);
    expect(py.bad).toBeNull();
    expect(py.members).toEqual({ ...Object.fromEntries([...fs].map(([p, b]) => [p, sha(b)])), 'big.npz': sha(big), 'big.json': sha(text) });
    // A file streamed from disk is stored or deflated as it would be from memory: the same member bytes.
    const disk = new ZipReader(sink.target);
    const mem = new ZipReader(join(tmp, 'a.zip'));
    for (const p of fs.keys()) expect(disk.entries.get(p)!.compressedSize, p).toBe(mem.entries.get(p)!.compressedSize);
    expect(disk.entries.get('big.json')!.compressedSize).toBeLessThan(text.length / 50);
    disk.close();
    mem.close();
  });

  it('writes zip64 fields when sizes and offsets pass the threshold (forced small here), which Python, fflate and ZipReader read', async () => {
    const fs = files();
    for (const at of [0, 100_000]) {
      const zip = join(tmp, `z64-${at}.zip`);
      await writeSink(zip, fs, at);
      const py = pythonRead(zip);
      expect(py.bad).toBeNull();
      expect(py.zip64).toBe(true);
      expect(py.members).toEqual(Object.fromEntries([...fs].map(([p, b]) => [p, sha(b)])));
      const ff = unzipSync(readFileSync(zip));
      for (const [p, b] of fs) expect(sha(ff[p]!), p).toBe(sha(b));
      const r = new ZipReader(zip);
      for (const [p, b] of fs) expect(sha(r.read(p)), `${at} ${p}`).toBe(sha(b));
      r.close();
    }
    // The same threshold path through a member streamed from disk, deflated and stored.
    const f = join(tmp, 'z64-src.json');
    const text = new TextEncoder().encode('[1, 2, 3]\n'.repeat(50_000));
    writeFileSync(f, text);
    const w = new ZipWriter(join(tmp, 'z64-file.zip'), { zip64At: 1000 });
    await w.addFile('a.json', f, 'deflate');
    await w.addFile('b.bin', f, 'store');
    await w.finish();
    expect(pythonRead(join(tmp, 'z64-file.zip')).members).toEqual({ 'a.json': sha(text), 'b.bin': sha(text) });
    // Local headers carry both sizes in their zip64 field, as a streaming reader needs them.
    const raw = readFileSync(join(tmp, 'z64-file.zip'));
    expect(raw.readUInt32LE(18)).toBe(0xffffffff);
    expect(raw.readUInt16LE(28)).toBe(20);
    expect(Number(raw.readBigUInt64LE(30 + 'a.json'.length + 4))).toBe(text.length);
  });

  it('abort leaves neither the temp file nor the target; commit replaces an older zip only', async () => {
    const target = join(tmp, 'aborted.zip');
    const sink = new ZipFileSink(target);
    await sink.write('a.png', noise(1000, 3));
    expect(existsSync(sink.temp)).toBe(true);
    sink.abort();
    expect(existsSync(sink.temp)).toBe(false);
    expect(existsSync(target)).toBe(false);
    await expect(sink.write('b.png', noise(10, 4))).rejects.toThrow('write after commit/abort: b.png');
    // An existing non-zip is not replaced.
    writeFileSync(join(tmp, 'notzip.zip'), 'hello');
    expect(() => new ZipFileSink(join(tmp, 'notzip.zip'))).toThrow('exists and is not a zip file; refusing to replace it');
    // A bad member name fails that write and every later one, and commit cleans up.
    const bad = new ZipFileSink(join(tmp, 'bad.zip'));
    await expect(bad.write('../x.png', noise(10, 5))).rejects.toThrow(/bad\.zip \(\.\.\/x\.png\): '\.\.\/x\.png' is not a plain relative path/);
    await expect(bad.commit()).rejects.toThrow('is not a plain relative path');
    expect(existsSync(bad.temp)).toBe(false);
    expect(existsSync(join(tmp, 'bad.zip'))).toBe(false);
  });

  it('names a damaged member: a flipped byte in a stored member fails its CRC-32', async () => {
    const fs = files();
    const zip = join(tmp, 'damaged.zip');
    await writeSink(zip, fs);
    const raw = readFileSync(zip);
    const r0 = new ZipReader(zip);
    const e = r0.entries.get('front/rgb/000000.png')!;
    r0.close();
    raw[e.offset + 30 + e.name.length + 500]! ^= 0x01;
    writeFileSync(zip, raw);
    const r = new ZipReader(zip);
    expect(() => r.read('front/rgb/000000.png')).toThrow(/^front\/rgb\/000000\.png: CRC-32 mismatch: the zip's directory says [0-9a-f]{8}, the member's bytes give [0-9a-f]{8} \(damaged in .*damaged\.zip\)$/);
    expect(sha(r.read('front/depth/000000.npz'))).toBe(sha(fs.get('front/depth/000000.npz')!));
    r.close();
    writeFileSync(join(tmp, 'nozip.zip'), 'not a zip at all');
    expect(() => new ZipReader(join(tmp, 'nozip.zip'))).toThrow(/nozip\.zip: not a zip file \(no end of central directory record\)$/);
  });

  it('holds memory flat: 256 MiB streamed grows RSS by far less than the data', async () => {
    const chunk = noise(4 << 20, 9);
    const sink = new ZipFileSink(join(tmp, 'flat.zip'));
    const before = process.memoryUsage().rss;
    let peak = before;
    for (let i = 0; i < 64; i++) {
      chunk[0] = i; // a different CRC per member
      await sink.write(`f/${i}.npz`, chunk);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    await sink.commit();
    const grown = (peak - before) / 2 ** 20;
    expect(grown).toBeLessThan(48);
    const r = new ZipReader(sink.target);
    expect(r.names().length).toBe(64);
    r.close();
    rmSync(sink.target);
  }, 20_000);
});
