import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as zlibModule from 'node:zlib';
import { deflate as zDeflate, deflateRawSync, deflateSync, gzipSync, inflate as zInflate, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Final, crc32Update, CRC32_INIT } from '../../src/export/crc32.ts';
import { decodePng, encodePng, type PngFilter, type PngImage } from '../../src/export/png.ts';

const deflateAsync = promisify(zDeflate);
const inflateAsync = promisify(zInflate);
const deflate = (raw: Uint8Array): Promise<Uint8Array> => deflateAsync(raw);
const inflate = (z: Uint8Array): Promise<Uint8Array> => inflateAsync(z);

/** Deterministic pseudo-random numbers (32-bit LCG, Numerical Recipes constants). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

/** Random-ish image mixing smooth gradients (which filters predict) with noise (which they do not). */
function makeImage(width: number, height: number, channels: 1 | 2 | 3 | 4, bitDepth: 8 | 16, seed: number): PngImage {
  const next = lcg(seed);
  const n = width * height * channels;
  const data = bitDepth === 8 ? new Uint8Array(n) : new Uint16Array(n);
  const max = bitDepth === 8 ? 0xff : 0xffff;
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++, i++) {
        const r = next();
        data[i] = (x + y) % 5 === 0 ? r >>> 16 : ((x * 37 + y * 11 + c * 101) * (bitDepth === 8 ? 1 : 257) + (r & 3)) & max;
      }
    }
  }
  return { width, height, channels, bitDepth, data };
}

const u32 = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at);
const ascii = (b: Uint8Array, at: number, n: number): string => String.fromCharCode(...b.subarray(at, at + n));

/** Split a PNG into chunks (no checks). */
function chunks(png: Uint8Array): { type: string; at: number; data: Uint8Array; crc: number }[] {
  const out = [];
  for (let pos = 8; pos < png.length; ) {
    const len = u32(png, pos);
    out.push({ type: ascii(png, pos + 4, 4), at: pos, data: png.subarray(pos + 8, pos + 8 + len), crc: u32(png, pos + 8 + len) });
    pos += 12 + len;
  }
  return out;
}

/** Build a PNG from chunks, computing CRCs. */
function assemble(parts: { type: string; data: Uint8Array }[]): Uint8Array {
  const total = 8 + parts.reduce((s, p) => s + 12 + p.data.length, 0);
  const out = new Uint8Array(total);
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const dv = new DataView(out.buffer);
  let pos = 8;
  for (const p of parts) {
    dv.setUint32(pos, p.data.length);
    for (let i = 0; i < 4; i++) out[pos + 4 + i] = p.type.charCodeAt(i);
    out.set(p.data, pos + 8);
    dv.setUint32(pos + 8 + p.data.length, crc32(out.subarray(pos + 4, pos + 8 + p.data.length)));
    pos += 12 + p.data.length;
  }
  return out;
}

function ihdr(width: number, height: number, depth: number, colour: number, interlace = 0): Uint8Array {
  const b = new Uint8Array(13);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  b.set([depth, colour, 0, 0, interlace], 8);
  return b;
}

const FILTERS: PngFilter[] = ['none', 'sub', 'up', 'average', 'paeth'];

describe('crc32', () => {
  it('matches known values', () => {
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
  });
  it('update variant equals one-shot over the concatenation', () => {
    const next = lcg(7);
    const a = Uint8Array.from({ length: 300 }, () => next() >>> 24);
    const b = Uint8Array.from({ length: 77 }, () => next() >>> 24);
    const ab = new Uint8Array([...a, ...b]);
    expect(crc32Final(crc32Update(crc32Update(CRC32_INIT, a), b))).toBe(crc32(ab));
    expect(crc32(b, crc32Update(CRC32_INIT, a))).toBe(crc32(ab));
    expect(crc32Final(crc32Update(CRC32_INIT, ab, 300, 377))).toBe(crc32(b));
  });
  it('agrees with node zlib.crc32 when available', () => {
    const zc = (zlibModule as { crc32?: (d: Uint8Array) => number }).crc32;
    if (zc === undefined) return;
    const next = lcg(9);
    const d = Uint8Array.from({ length: 1000 }, () => next() >>> 24);
    expect(crc32(d)).toBe(zc(d));
  });
});

describe('encodePng / decodePng round trip', () => {
  for (const bitDepth of [8, 16] as const) {
    for (const channels of [1, 2, 3, 4] as const) {
      for (const filter of FILTERS) {
        it(`${channels} channel(s), ${bitDepth}-bit, filter ${filter}`, async () => {
          for (const [w, h] of [[13, 7], [1, 1], [1, 5], [6, 1]] as const) {
            const img = makeImage(w, h, channels, bitDepth, w * 1000 + h * 10 + channels + bitDepth);
            const png = await encodePng(img, deflate, filter);
            // Every row carries the requested filter type.
            const raw = inflateSync(chunks(png).find((c) => c.type === 'IDAT')!.data);
            const stride = w * channels * (bitDepth / 8) + 1;
            expect(raw.length).toBe(stride * h);
            for (let y = 0; y < h; y++) expect(raw[y * stride]).toBe(FILTERS.indexOf(filter));
            const back = await decodePng(png, inflate);
            expect(back.width).toBe(w);
            expect(back.height).toBe(h);
            expect(back.channels).toBe(channels);
            expect(back.bitDepth).toBe(bitDepth);
            expect(back.data).toBeInstanceOf(bitDepth === 8 ? Uint8Array : Uint16Array);
            expect(Array.from(back.data)).toEqual(Array.from(img.data));
          }
        });
      }
    }
  }

  it('works with a synchronous deflate and a subarray input', async () => {
    const base = makeImage(9, 4, 3, 8, 1);
    const big = new Uint8Array(base.data.length + 10);
    big.set(base.data, 5);
    const img = { ...base, data: big.subarray(5, 5 + base.data.length) };
    const png = await encodePng(img, (r) => deflateSync(r, { level: 1 }), 'paeth');
    const back = await decodePng(png, (z) => inflateSync(z));
    expect(Array.from(back.data)).toEqual(Array.from(base.data));
  });

  it('is deterministic and does not modify the input', async () => {
    const img = makeImage(20, 10, 2, 16, 3);
    const before = Array.from(img.data);
    const a = await encodePng(img, deflate, 'paeth');
    const b = await encodePng(img, deflate, 'paeth');
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Array.from(img.data)).toEqual(before);
  });

  it("defaults to the 'up' filter", async () => {
    const png = await encodePng(makeImage(4, 3, 1, 8, 2), deflate);
    const raw = inflateSync(chunks(png).find((c) => c.type === 'IDAT')!.data);
    expect([raw[0], raw[5], raw[10]]).toEqual([2, 2, 2]);
  });
});

describe('encodePng byte layout', () => {
  it('writes signature, IHDR (big-endian), one IDAT and IEND with correct CRCs', async () => {
    const png = await encodePng(makeImage(640, 3, 3, 8, 5), deflate);
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const cs = chunks(png);
    expect(cs.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    // IHDR: length 13, width 640 = 0x00000280, height 3, depth 8, colour type 2, 0, 0, 0.
    expect(Array.from(png.subarray(8, 16))).toEqual([0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect(Array.from(png.subarray(16, 29))).toEqual([0, 0, 0x02, 0x80, 0, 0, 0, 3, 8, 2, 0, 0, 0]);
    for (const c of cs) expect(c.crc).toBe(crc32(png.subarray(c.at + 4, c.at + 8 + c.data.length)));
    // IEND is always the same 12 bytes; its CRC is 0xAE426082.
    expect(Array.from(png.subarray(png.length - 12))).toEqual([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
    expect(cs[2]!.crc).toBe(0xae426082);
  });

  it('uses colour types 0, 4, 2, 6 for 1, 2, 3, 4 channels', async () => {
    const types = [];
    for (const ch of [1, 2, 3, 4] as const) {
      const png = await encodePng(makeImage(2, 2, ch, 16, ch), deflate);
      types.push([png[24], png[25]]);
    }
    expect(types).toEqual([[16, 0], [16, 4], [16, 2], [16, 6]]);
  });

  it('writes 16-bit samples big-endian (0x1234 -> 0x12 0x34)', async () => {
    const img: PngImage = { width: 2, height: 1, channels: 1, bitDepth: 16, data: new Uint16Array([0x1234, 0xabcd]) };
    const png = await encodePng(img, deflate, 'none');
    const raw = inflateSync(chunks(png)[1]!.data);
    expect(Array.from(raw)).toEqual([0, 0x12, 0x34, 0xab, 0xcd]);
  });

  it('filters bytes as the PNG spec says', async () => {
    // 2x2 grey, 8-bit: rows [10, 250], [30, 5].
    const img: PngImage = { width: 2, height: 2, channels: 1, bitDepth: 8, data: new Uint8Array([10, 250, 30, 5]) };
    const raw = async (f: PngFilter): Promise<number[]> =>
      Array.from(inflateSync(chunks(await encodePng(img, deflate, f))[1]!.data));
    expect(await raw('none')).toEqual([0, 10, 250, 0, 30, 5]);
    expect(await raw('sub')).toEqual([1, 10, 240, 1, 30, (5 - 30) & 255]);
    expect(await raw('up')).toEqual([2, 10, 250, 2, 20, (5 - 250) & 255]);
    expect(await raw('average')).toEqual([3, 10, 250 - 5, 3, 30 - 5, (5 - ((30 + 250) >> 1)) & 255]);
    // Paeth, row 1 byte 1: a=30, b=250, c=10 -> p=270, pa=|p-a|=240, pb=20, pc=260 -> b.
    expect(await raw('paeth')).toEqual([4, 10, 240, 4, 20, (5 - 250) & 255]);
  });
});

describe('encodePng input validation', () => {
  const good = (): PngImage => ({ width: 2, height: 2, channels: 3, bitDepth: 8, data: new Uint8Array(12) });
  const bad: [string, (i: PngImage) => unknown, RegExp][] = [
    ['zero width', (i) => ({ ...i, width: 0 }), /width must be an integer/],
    ['fractional height', (i) => ({ ...i, height: 1.5 }), /height must be an integer/],
    ['channels 5', (i) => ({ ...i, channels: 5 }), /channels must be 1, 2, 3 or 4/],
    ['bit depth 4', (i) => ({ ...i, bitDepth: 4 }), /bitDepth must be 8 or 16/],
    ['short data', (i) => ({ ...i, data: new Uint8Array(11) }), /data has 11 samples but 2x2x3 needs 12/],
    ['Uint16Array at depth 8', (i) => ({ ...i, data: new Uint16Array(12) }), /bitDepth 8 needs data as a Uint8Array, got Uint16Array/],
    ['Uint8Array at depth 16', (i) => ({ ...i, bitDepth: 16 }), /bitDepth 16 needs data as a Uint16Array, got Uint8Array/],
    ['clamped array', (i) => ({ ...i, data: new Uint8ClampedArray(12) }), /needs data as a Uint8Array, got Uint8ClampedArray/],
    ['plain array', (i) => ({ ...i, data: [1, 2, 3] }), /got Array/],
  ];
  for (const [name, mutate, msg] of bad) {
    it(`rejects ${name}`, async () => {
      await expect(encodePng(mutate(good()) as PngImage, deflate)).rejects.toThrow(msg);
    });
  }
  it('rejects an unknown filter', async () => {
    await expect(encodePng(good(), deflate, 'best' as PngFilter)).rejects.toThrow(/unknown filter "best"/);
    await expect(encodePng(good(), deflate, 'toString' as PngFilter)).rejects.toThrow(/unknown filter/);
  });
  it('rejects a deflate that returns raw deflate or gzip', async () => {
    await expect(encodePng(good(), (r) => deflateRawSync(r))).rejects.toThrow(/not a zlib|did not return a zlib/);
    await expect(encodePng(good(), (r) => gzipSync(r))).rejects.toThrow(/did not return a zlib/);
    await expect(encodePng(good(), () => 'x' as unknown as Uint8Array)).rejects.toThrow(/must return a Uint8Array/);
  });
});

describe('decodePng', () => {
  it('rejects a bad signature', async () => {
    const png = await encodePng(makeImage(3, 3, 3, 8, 1), deflate);
    const b = png.slice();
    b[1] = 0x51;
    await expect(decodePng(b, inflate)).rejects.toThrow(/bad signature/);
    await expect(decodePng(new Uint8Array([0x89, 0x50]), inflate)).rejects.toThrow(/not a PNG/);
  });

  it('rejects a flipped CRC byte and a flipped data byte', async () => {
    const png = await encodePng(makeImage(5, 4, 4, 16, 2), deflate);
    const cs = chunks(png);
    for (const c of cs) {
      const crcAt = c.at + 8 + c.data.length;
      const b = png.slice();
      b[crcAt + 2]! ^= 0x01;
      await expect(decodePng(b, inflate)).rejects.toThrow(new RegExp(`CRC mismatch in '${c.type}'`));
    }
    const b = png.slice();
    b[cs[1]!.at + 8 + 3]! ^= 0x80; // inside the IDAT data
    await expect(decodePng(b, inflate)).rejects.toThrow(/CRC mismatch in 'IDAT'/);
  });

  it('rejects every truncation of a file with an Error', async () => {
    const png = await encodePng(makeImage(6, 5, 3, 8, 4), deflate, 'paeth');
    for (let n = 0; n < png.length; n++) {
      await expect(decodePng(png.subarray(0, n), inflate), `length ${n}`).rejects.toThrow(Error);
    }
    await expect(decodePng(png.subarray(0, png.length - 12), inflate)).rejects.toThrow(/truncated/);
    await expect(decodePng(png.subarray(0, 45), inflate)).rejects.toThrow(/truncated: 'IDAT' chunk at offset 33/);
    await expect(decodePng(png.subarray(0, 40), inflate)).rejects.toThrow(/truncated: 7 byte\(s\) at offset 33/);
  });

  it('rejects a valid zlib stream that holds too few or too many bytes', async () => {
    const raw = new Uint8Array([0, 1, 2, 0, 3, 4]); // 2x2 grey, filter none
    const ok = assemble([{ type: 'IHDR', data: ihdr(2, 2, 8, 0) }, { type: 'IDAT', data: deflateSync(raw) }, { type: 'IEND', data: new Uint8Array(0) }]);
    expect(Array.from((await decodePng(ok, inflate)).data)).toEqual([1, 2, 3, 4]);
    const short = assemble([{ type: 'IHDR', data: ihdr(2, 2, 8, 0) }, { type: 'IDAT', data: deflateSync(raw.subarray(0, 5)) }, { type: 'IEND', data: new Uint8Array(0) }]);
    await expect(decodePng(short, inflate)).rejects.toThrow(/image data is truncated: 5 bytes after inflating, 6 needed/);
    const long = assemble([{ type: 'IHDR', data: ihdr(2, 2, 8, 0) }, { type: 'IDAT', data: deflateSync(new Uint8Array([...raw, 0])) }, { type: 'IEND', data: new Uint8Array(0) }]);
    await expect(decodePng(long, inflate)).rejects.toThrow(/1 more bytes/);
    const badFilter = assemble([{ type: 'IHDR', data: ihdr(2, 2, 8, 0) }, { type: 'IDAT', data: deflateSync(new Uint8Array([0, 1, 2, 5, 3, 4])) }, { type: 'IEND', data: new Uint8Array(0) }]);
    await expect(decodePng(badFilter, inflate)).rejects.toThrow(/row 1 has invalid filter type 5/);
    const corruptZ = assemble([{ type: 'IHDR', data: ihdr(2, 2, 8, 0) }, { type: 'IDAT', data: new Uint8Array([0x78, 0x9c, 0xff, 0xff]) }, { type: 'IEND', data: new Uint8Array(0) }]);
    await expect(decodePng(corruptZ, inflate)).rejects.toThrow(/failed to inflate/);
  });

  it('joins multiple IDAT chunks and skips ancillary chunks', async () => {
    const img = makeImage(11, 9, 4, 16, 8);
    const png = await encodePng(img, deflate, 'average');
    const cs = chunks(png);
    const z = cs[1]!.data;
    const cut = [0, 1, 7, Math.floor(z.length / 2), z.length]; // includes an empty IDAT
    const parts = [
      { type: 'IHDR', data: cs[0]!.data },
      { type: 'tEXt', data: new TextEncoder().encode('Comment\0hello') },
      ...cut.slice(1).map((end, i) => ({ type: 'IDAT', data: z.subarray(cut[i], end) })),
      { type: 'tIME', data: new Uint8Array(7) },
      { type: 'IEND', data: new Uint8Array(0) },
    ];
    const back = await decodePng(assemble(parts), inflate);
    expect(Array.from(back.data)).toEqual(Array.from(img.data));
  });

  it('decodes all five filter types mixed within one image', async () => {
    // 3x4 RGB 8-bit, each row a different filter, built by hand from our own filtered rows.
    const img = makeImage(3, 5, 3, 8, 12);
    const rows: Uint8Array[] = [];
    for (const f of FILTERS) {
      const raw = inflateSync(chunks(await encodePng(img, deflate, f))[1]!.data);
      rows.push(raw);
    }
    const stride = 3 * 3 + 1;
    const mixed = new Uint8Array(stride * 5);
    for (let y = 0; y < 5; y++) {
      const f = (y + 2) % 5; // up, average, paeth, none, sub
      mixed.set(rows[f]!.subarray(y * stride, (y + 1) * stride), y * stride);
    }
    const png = assemble([{ type: 'IHDR', data: ihdr(3, 5, 8, 2) }, { type: 'IDAT', data: deflateSync(mixed) }, { type: 'IEND', data: new Uint8Array(0) }]);
    expect(Array.from((await decodePng(png, inflate)).data)).toEqual(Array.from(img.data));
  });

  it('rejects unsupported formats with a clear message', async () => {
    const z = deflateSync(new Uint8Array(4));
    const mk = (h: Uint8Array, extra: { type: string; data: Uint8Array }[] = []): Uint8Array =>
      assemble([{ type: 'IHDR', data: h }, ...extra, { type: 'IDAT', data: z }, { type: 'IEND', data: new Uint8Array(0) }]);
    await expect(decodePng(mk(ihdr(1, 1, 8, 3)), inflate)).rejects.toThrow(/unsupported format: palette/);
    await expect(decodePng(mk(ihdr(1, 1, 4, 0)), inflate)).rejects.toThrow(/unsupported format: bit depth 4/);
    await expect(decodePng(mk(ihdr(1, 1, 8, 0, 1)), inflate)).rejects.toThrow(/interlaced/);
    await expect(decodePng(mk(ihdr(1, 1, 8, 5)), inflate)).rejects.toThrow(/invalid colour type 5/);
    await expect(decodePng(mk(ihdr(0, 1, 8, 0)), inflate)).rejects.toThrow(/invalid image size 0x1/);
    await expect(decodePng(mk(ihdr(1, 1, 8, 0), [{ type: 'ABCD', data: new Uint8Array(1) }]), inflate)).rejects.toThrow(/unsupported critical chunk 'ABCD'/);
    const noIhdr = assemble([{ type: 'IDAT', data: z }, { type: 'IEND', data: new Uint8Array(0) }]);
    await expect(decodePng(noIhdr, inflate)).rejects.toThrow(/first chunk must be IHDR/);
    const noIdat = assemble([{ type: 'IHDR', data: ihdr(1, 1, 8, 0) }, { type: 'IEND', data: new Uint8Array(0) }]);
    await expect(decodePng(noIdat, inflate)).rejects.toThrow(/no IDAT/);
    const split = assemble([
      { type: 'IHDR', data: ihdr(1, 1, 8, 0) },
      { type: 'IDAT', data: z.subarray(0, 3) },
      { type: 'tEXt', data: new Uint8Array(2) },
      { type: 'IDAT', data: z.subarray(3) },
      { type: 'IEND', data: new Uint8Array(0) },
    ]);
    await expect(decodePng(split, inflate)).rejects.toThrow(/not consecutive/);
  });
});

const hasPython = (() => {
  try {
    execFileSync('python3', ['-c', 'import zlib, struct'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('independent check with Python', () => {
  it.skipIf(!hasPython)('a tiny Python PNG parser accepts our file and reads the same pixels', async () => {
    const img = makeImage(17, 6, 3, 16, 21);
    const png = await encodePng(img, deflate, 'paeth');
    const dir = mkdtempSync(join(tmpdir(), 'longtail-png-'));
    try {
      const file = join(dir, 'x.png');
      writeFileSync(file, png);
      const script = `
import sys, zlib, struct
b = open(sys.argv[1], 'rb').read()
assert b[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'signature'
pos, types, z = 8, [], b''
while pos < len(b):
    n, = struct.unpack('>I', b[pos:pos+4]); t = b[pos+4:pos+8]; d = b[pos+8:pos+8+n]
    crc, = struct.unpack('>I', b[pos+8+n:pos+12+n])
    assert zlib.crc32(t + d) & 0xffffffff == crc, 'crc ' + t.decode()
    types.append(t.decode())
    if t == b'IHDR': w, h, depth, colour, _, _, _ = struct.unpack('>IIBBBBB', d)
    if t == b'IDAT': z += d
    pos += 12 + n
raw = zlib.decompress(z)
bpp = {0: 1, 4: 2, 2: 3, 6: 4}[colour] * depth // 8
stride = w * bpp
prev = bytearray(stride); out = bytearray()
for y in range(h):
    f = raw[y*(stride+1)]; row = bytearray(raw[y*(stride+1)+1:(y+1)*(stride+1)])
    for x in range(stride):
        a = row[x-bpp] if x >= bpp else 0; up = prev[x]; c = prev[x-bpp] if x >= bpp else 0
        if f == 1: row[x] = (row[x] + a) & 255
        elif f == 2: row[x] = (row[x] + up) & 255
        elif f == 3: row[x] = (row[x] + (a + up) // 2) & 255
        elif f == 4:
            p = a + up - c; pa, pb, pc = abs(p-a), abs(p-up), abs(p-c)
            row[x] = (row[x] + (a if pa <= pb and pa <= pc else up if pb <= pc else c)) & 255
    out += row; prev = row
vals = struct.unpack('>%dH' % (len(out)//2), bytes(out)) if depth == 16 else list(out)
print(' '.join(types), w, h, depth, colour, sum(v * (i % 7 + 1) for i, v in enumerate(vals)))
`;
      const got = execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }).trim();
      let sum = 0;
      img.data.forEach((v, i) => (sum += v * ((i % 7) + 1)));
      expect(got).toBe(`IHDR IDAT IEND 17 6 16 2 ${sum}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
