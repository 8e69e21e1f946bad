import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasNumpy } from '../helpers/numpy.ts';
import { decodeNpy, encodeNpy, type NpyArray } from '../../src/export/npy.ts';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

function fill<T extends NpyArray>(arr: T, seed: number): T {
  const next = lcg(seed);
  for (let i = 0; i < arr.length; i++) {
    const r = next();
    if (arr instanceof Float32Array || arr instanceof Float64Array) arr[i] = (r / 0x100000000 - 0.5) * 1e4;
    else if (arr instanceof Int32Array) arr[i] = r | 0;
    else arr[i] = r >>> 16; // wraps to the type's range
  }
  return arr;
}

const headerText = (b: Uint8Array): string => {
  const len = b[8]! | (b[9]! << 8);
  return String.fromCharCode(...b.subarray(10, 10 + len));
};

const CASES: [string, () => NpyArray, number[]][] = [
  ['<f4', () => fill(new Float32Array(480 * 640), 1), [480, 640]],
  ['<f8', () => fill(new Float64Array(5), 2), [5]],
  ['|u1', () => fill(new Uint8Array(2 * 3 * 4), 3), [2, 3, 4]],
  ['<u2', () => fill(new Uint16Array(7 * 3), 4), [7, 3]],
  ['<i4', () => fill(new Int32Array(1), 5), []],
  ['<f4', () => new Float32Array(0), [0]],
  ['<u2', () => new Uint16Array(0), [3, 0, 2]],
];

describe('encodeNpy / decodeNpy', () => {
  for (const [descr, make, shape] of CASES) {
    it(`round-trips ${descr} with shape (${shape.join(', ')})`, () => {
      const data = make();
      const bytes = encodeNpy(data, shape);
      expect(bytes.length - data.byteLength).toBeGreaterThan(0);
      expect((bytes.length - data.byteLength) % 64).toBe(0);
      const back = decodeNpy(bytes);
      expect(back.descr).toBe(descr);
      expect(back.shape).toEqual(shape);
      expect(back.data.constructor).toBe(data.constructor);
      expect(Array.from(back.data)).toEqual(Array.from(data));
      // The decoded array owns its memory.
      expect(back.data.buffer).not.toBe(bytes.buffer);
    });
  }

  it('writes the header exactly as numpy does', () => {
    const b = encodeNpy(new Float32Array(480 * 640), [480, 640]);
    expect(Array.from(b.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const text = headerText(b);
    expect(10 + text.length).toBe(128);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd()).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (480, 640), }");
    // numpy.save output for np.zeros((480, 640), np.float32) (header is 118 bytes: 0x76).
    expect([b[8], b[9]]).toEqual([0x76, 0]);
    expect(text).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (480, 640), }" + ' '.repeat(54) + '\n');

    expect(headerText(encodeNpy(new Float64Array(5), [5])).trimEnd()).toBe(
      "{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }",
    );
    expect(headerText(encodeNpy(new Int32Array(1), [])).trimEnd()).toBe(
      "{'descr': '<i4', 'fortran_order': False, 'shape': (), }",
    );
    expect(headerText(encodeNpy(new Uint8Array(6), [1, 2, 3])).trimEnd()).toBe(
      "{'descr': '|u1', 'fortran_order': False, 'shape': (1, 2, 3), }",
    );
    expect(headerText(encodeNpy(new Uint16Array(6), [6])).trimEnd()).toBe(
      "{'descr': '<u2', 'fortran_order': False, 'shape': (6,), }",
    );
  });

  it('aligns the data to 64 bytes for any header length', () => {
    for (let rank = 0; rank <= 12; rank++) {
      for (const dim of [1, 7, 123456]) {
        const shape = Array.from({ length: rank }, (_, i) => (i === 0 ? dim : 1));
        const count = shape.reduce((a, b) => a * b, 1);
        const b = encodeNpy(new Uint8Array(count), shape);
        const dataAt = 10 + (b[8]! | (b[9]! << 8));
        expect(dataAt % 64).toBe(0);
        expect(b[dataAt - 1]).toBe(0x0a);
        expect(decodeNpy(b).shape).toEqual(shape);
      }
    }
  });

  it('writes little-endian data', () => {
    const b = encodeNpy(new Uint16Array([0x1234]), [1]);
    expect(Array.from(b.subarray(b.length - 2))).toEqual([0x34, 0x12]);
    const f = encodeNpy(new Float32Array([1]), [1]);
    expect(Array.from(f.subarray(f.length - 4))).toEqual([0, 0, 0x80, 0x3f]);
  });

  it('encodes a subarray view without leaking neighbouring bytes', () => {
    const big = fill(new Int32Array(10), 9);
    const view = big.subarray(3, 7);
    const back = decodeNpy(encodeNpy(view, [2, 2]));
    expect(Array.from(back.data)).toEqual(Array.from(view));
  });

  it('rejects bad encoder input', () => {
    expect(() => encodeNpy(new Float32Array(6), [2, 2])).toThrow(/shape \(2, 2\) holds 4 elements but data has 6/);
    expect(() => encodeNpy(new Float32Array(6), [-6])).toThrow(/invalid dimension -6/);
    expect(() => encodeNpy(new Float32Array(6), [6.5])).toThrow(/invalid dimension 6.5/);
    expect(() => encodeNpy(new Int16Array(6) as unknown as NpyArray, [6])).toThrow(/got Int16Array/);
    expect(() => encodeNpy([1, 2] as unknown as NpyArray, [2])).toThrow(/got Array/);
    expect(() => encodeNpy(new Uint8Array(1), Array(40000).fill(1))).toThrow(/too long for .npy version 1.0/);
  });
});

/** Hand-made .npy (version 1 unless given) with an arbitrary header text; data appended as-is. */
function raw(header: string, data: Uint8Array = new Uint8Array(0), version = 1): Uint8Array {
  const pre = version === 1 ? 10 : 12;
  let h = header;
  while ((pre + h.length + 1) % 64 !== 0) h += ' ';
  h += '\n';
  const out = new Uint8Array(pre + h.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, h.length, true);
  else dv.setUint32(8, h.length, true);
  for (let i = 0; i < h.length; i++) out[pre + i] = h.charCodeAt(i);
  out.set(data, pre + h.length);
  return out;
}

describe('decodeNpy', () => {
  it('accepts other key orders, double quotes, versions 2 and 3, and 1-D fortran order', () => {
    const d = new Uint8Array([1, 0, 2, 0, 3, 0]);
    const a = decodeNpy(raw('{"shape": (3,), "fortran_order": True, "descr": "<u2"}', d));
    expect([a.descr, a.shape, Array.from(a.data)]).toEqual(['<u2', [3], [1, 2, 3]]);
    const b = decodeNpy(raw("{'descr': '<u2', 'fortran_order': False, 'shape': (1, 3), }", d, 2));
    expect(b.shape).toEqual([1, 3]);
    const c = decodeNpy(raw("{'descr': '<u1', 'fortran_order': False, 'shape': (6,), }", d, 3));
    expect(c.descr).toBe('|u1');
    expect(c.data).toBeInstanceOf(Uint8Array);
  });

  it('rejects malformed and unsupported files with clear errors', () => {
    const ok = encodeNpy(new Float32Array([1, 2, 3, 4]), [2, 2]);
    expect(() => decodeNpy(new Uint8Array([1, 2, 3]))).toThrow(/not a .npy file/);
    const badMagic = ok.slice();
    badMagic[1] = 0x4f;
    expect(() => decodeNpy(badMagic)).toThrow(/not a .npy file/);
    const v9 = ok.slice();
    v9[6] = 9;
    expect(() => decodeNpy(v9)).toThrow(/unsupported .npy format version 9.0/);
    expect(() => decodeNpy(ok.subarray(0, ok.length - 1))).toThrow(/truncated: shape \(2, 2\) of '<f4' needs 16 data bytes, 15 present/);
    expect(() => decodeNpy(ok.subarray(0, 50))).toThrow(/truncated: header/);
    expect(() => decodeNpy(new Uint8Array([...ok, 0]))).toThrow(/1 unexpected bytes/);
    expect(() => decodeNpy(raw("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8)))).toThrow(
      /unsupported dtype '<i8'/,
    );
    expect(() => decodeNpy(raw("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(4)))).toThrow(
      /big-endian/,
    );
    expect(() => decodeNpy(raw("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", new Uint8Array(16)))).toThrow(
      /Fortran-order/,
    );
    expect(() => decodeNpy(raw("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }"))).toThrow(
      /structured dtypes/,
    );
    expect(() => decodeNpy(raw("{'descr': '<f4', 'shape': (1,), }", new Uint8Array(4)))).toThrow(/missing fortran_order/);
    expect(() => decodeNpy(raw("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}"))).toThrow(
      /unexpected key 'x'/,
    );
    expect(() => decodeNpy(raw("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)"))).toThrow(/malformed header/);
    expect(() => decodeNpy(raw("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }"))).toThrow(/expected an integer/);
  });
});


describe('numpy interoperability', () => {
  it.skipIf(!hasNumpy)('numpy loads our files and writes byte-identical files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'longtail-npy-'));
    try {
      const cases = CASES.map(([descr, make, shape], i) => ({ descr, data: make(), shape, file: join(dir, `a${i}.npy`) }));
      for (const c of cases) writeFileSync(c.file, encodeNpy(c.data, c.shape));
      const script = `
import sys, json, numpy as np
out = []
for f in sys.argv[1:]:
    a = np.load(f)
    assert a.flags.c_contiguous
    np.save(f + '.re.npy', a)
    out.append({'descr': a.dtype.str, 'shape': list(a.shape), 'sum': float(a.astype(np.float64).sum()),
                'first': a.reshape(-1)[:3].tolist()})
print(json.dumps(out))
`;
      const got = JSON.parse(
        execFileSync('python3', ['-c', script, ...cases.map((c) => c.file)], { encoding: 'utf8' }),
      ) as { descr: string; shape: number[]; sum: number; first: number[] }[];
      cases.forEach((c, i) => {
        const g = got[i]!;
        expect(g.descr).toBe(c.descr);
        expect(g.shape).toEqual(c.shape);
        let sum = 0;
        for (const v of c.data) sum += v;
        expect(g.sum).toBeCloseTo(sum, 0);
        expect(g.first).toEqual(Array.from(c.data.subarray(0, 3)));
        // numpy's own np.save of the same array is byte-identical to ours.
        expect(Buffer.from(readFileSync(c.file + '.re.npy')).equals(Buffer.from(readFileSync(c.file))), c.file).toBe(true);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
