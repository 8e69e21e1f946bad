// .npz: our zip of .npy members against a hand decode of the zip format and against numpy itself.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { hasNumpy } from '../helpers/numpy.ts';
import { nodeDeflate, nodeInflateRaw } from '../../src/cli/nodeDeflate.ts';
import { crc32, CRC32_INIT, crc32Final, crc32Update, decodeNpz, encodeNpy, encodeNpz, type NpzMember } from '../../src/export/index.ts';

const W = 64;
const H = 48;
/** A depth-like ramp with a NaN-free sky of zeros, normals, flow with NaN, and a uint16 image. */
function members(): NpzMember[] {
  const depth = Float32Array.from({ length: W * H }, (_, i) => (Math.floor(i / W) < 10 ? 0 : 1 + (i % W) * 0.37 + Math.floor(i / W) * 1e-3));
  const normals = Float32Array.from({ length: W * H * 3 }, (_, i) => Math.sin(i * 0.01));
  const flow = Float32Array.from({ length: W * H * 2 }, (_, i) => (i % 17 === 0 ? NaN : (i % 9) - 4.25));
  const ids = Uint16Array.from({ length: W * H }, (_, i) => (i * 7) % 65535);
  return [
    { name: 'depth', data: depth, shape: [H, W] },
    { name: 'normals', data: normals, shape: [H, W, 3] },
    { name: 'flow', data: flow, shape: [H, W, 2] },
    { name: 'ids', data: ids, shape: [H, W] },
  ];
}

describe('.npz', () => {
  it('round-trips every array exactly (NaN included), and the same arrays give the same bytes', async () => {
    const ms = members();
    const npz = await encodeNpz(ms, nodeDeflate);
    expect(Buffer.from(await encodeNpz(members(), nodeDeflate)).equals(Buffer.from(npz))).toBe(true);
    const got = await decodeNpz(npz, nodeInflateRaw);
    expect([...got.keys()]).toEqual(['depth', 'normals', 'flow', 'ids']);
    for (const m of ms) {
      const a = got.get(m.name)!;
      expect(a.shape).toEqual(m.shape);
      expect(Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).equals(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength)), m.name).toBe(true);
    }
    // Deflated: smaller than the .npy members it holds (how much smaller on real frames: the bench).
    const npyBytes = ms.reduce((s, m) => s + encodeNpy(m.data, m.shape).length, 0);
    expect(npz.length).toBeLessThan(npyBytes);
  });

  it('is a plain zip: read field by field, each member is <name>.npy, deflated, with its CRC-32 and sizes', async () => {
    const ms = members();
    const npz = await encodeNpz(ms, nodeDeflate);
    const dv = new DataView(npz.buffer, npz.byteOffset, npz.byteLength);
    let o = 0;
    for (const m of ms) {
      const npy = encodeNpy(m.data, m.shape);
      expect(dv.getUint32(o, true)).toBe(0x04034b50);
      expect(dv.getUint16(o + 8, true)).toBe(8); // deflate
      expect(dv.getUint16(o + 12, true)).toBe(0x21); // 1980-01-01
      expect(dv.getUint32(o + 14, true)).toBe(crc32(npy));
      const csize = dv.getUint32(o + 18, true);
      expect(dv.getUint32(o + 22, true)).toBe(npy.length);
      const n = dv.getUint16(o + 26, true);
      expect(new TextDecoder().decode(npz.subarray(o + 30, o + 30 + n))).toBe(`${m.name}.npy`);
      const body = npz.subarray(o + 30 + n, o + 30 + n + csize);
      expect(Buffer.from(inflateRawSync(body)).equals(Buffer.from(npy))).toBe(true);
      o += 30 + n + csize;
    }
    expect(dv.getUint32(o, true)).toBe(0x02014b50); // the central directory follows
    expect(dv.getUint32(npz.length - 22, true)).toBe(0x06054b50);
    expect(dv.getUint16(npz.length - 12, true)).toBe(ms.length);
  });

  it("checks members with node's native CRC-32, which gives the table's values", () => {
    const data = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 2654435761) >>> 24);
    expect(crc32(data)).toBe(crc32Final(crc32Update(CRC32_INIT, data)));
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926); // the CRC-32 check value
  });

  it('names what is damaged', async () => {
    const npz = await encodeNpz(members(), nodeDeflate);
    const bad = npz.slice();
    bad[30 + 'depth.npy'.length + 40]! ^= 0xff; // inside depth's deflated data
    await expect(decodeNpz(bad, nodeInflateRaw)).rejects.toThrow(/decodeNpz: depth\.npy: /);
    await expect(decodeNpz(npz.subarray(0, 100), nodeInflateRaw)).rejects.toThrow('not a zip file');
    await expect(encodeNpz([{ name: 'a b', data: new Float32Array(1), shape: [1] }], nodeDeflate)).rejects.toThrow("'a b' is not a Python identifier");
  });


  it.skipIf(!hasNumpy)('numpy.load reads ours, and we read np.savez_compressed and np.savez (zip64 headers)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'longtail-npz-'));
    try {
      const file = join(dir, 'ours.npz');
      writeFileSync(file, await encodeNpz(members(), nodeDeflate));
      const script = `
import sys, json, numpy as np
z = np.load(sys.argv[1])
out = {k: {'dtype': z[k].dtype.str, 'shape': list(z[k].shape), 'nan': int(np.isnan(z[k]).sum()) if z[k].dtype.kind == 'f' else 0,
           'sum': float(np.nansum(z[k].astype(np.float64)))} for k in z.files}
np.savez_compressed(sys.argv[2], **{k: z[k] for k in z.files})
np.savez(sys.argv[3], **{k: z[k] for k in z.files})
print(json.dumps({'files': z.files, 'arrays': out}))
`;
      const got = JSON.parse(execFileSync('python3', ['-c', script, file, join(dir, 'np_c.npz'), join(dir, 'np_s.npz')], { encoding: 'utf8' })) as {
        files: string[];
        arrays: Record<string, { dtype: string; shape: number[]; nan: number; sum: number }>;
      };
      const ms = members();
      expect(got.files).toEqual(ms.map((m) => m.name));
      for (const m of ms) {
        let nan = 0;
        let sum = 0;
        for (const v of m.data) Number.isNaN(v) ? nan++ : (sum += v);
        expect(got.arrays[m.name]).toMatchObject({ dtype: m.data instanceof Uint16Array ? '<u2' : '<f4', shape: m.shape, nan });
        expect(got.arrays[m.name]!.sum).toBeCloseTo(sum, 1);
      }
      for (const f of ['np_c.npz', 'np_s.npz']) {
        const back = await decodeNpz(readFileSync(join(dir, f)), nodeInflateRaw);
        for (const m of ms) expect(Buffer.from(back.get(m.name)!.data.buffer).equals(Buffer.from(m.data.buffer)), `${f} ${m.name}`).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
