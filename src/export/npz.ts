// NumPy .npz: a zip of .npy members, here deflated, as np.savez_compressed writes them; a plain
// numpy.load reads it. Measured on frame 10 of the default scene (DESIGN.md): depth, range,
// normals and flow as float32 .npy are 8.4 MB, as .npz at deflate level 1 1.14 MB, losslessly.
import { crc32 } from './crc32.ts';
import { decodeNpy, encodeNpy, type NpyArray, type NpyDecoded } from './npy.ts';
import type { Deflate } from './png.ts';

export interface NpzMember {
  /** The array's name: numpy.load(file)[name]; stored as `<name>.npy`. */
  readonly name: string;
  readonly data: NpyArray;
  /** C-order shape, e.g. [h, w] or [h, w, 3]. */
  readonly shape: number[];
  /** `data` holds float16 bit patterns (a Uint16Array), stored as '<f2'. */
  readonly float16?: boolean;
}

/** Raw DEFLATE (RFC 1951, no zlib header or checksum) → bytes: zip members are raw deflate. */
export type InflateRaw = (raw: Uint8Array) => Uint8Array | Promise<Uint8Array>;

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const ZIP64_END = 0x06064b50;
/** 1980-01-01 00:00 in DOS date/time: no clock in the bytes, so the same arrays give the same file. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/**
 * Encode arrays as a deflated .npz. `deflate` gives a zlib stream (the PNG encoder's); its 2-byte
 * header and 4-byte Adler-32 trailer are cut off to leave the raw DEFLATE data a zip member holds.
 * Deterministic: fixed dates, members in the order given.
 */
export async function encodeNpz(members: readonly NpzMember[], deflate: Deflate): Promise<Uint8Array> {
  const names = new Set<string>();
  for (const m of members) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(m.name)) throw new Error(`encodeNpz: '${m.name}' is not a Python identifier (numpy.load names arrays by it)`);
    if (names.has(m.name)) throw new Error(`encodeNpz: two arrays named '${m.name}'`);
    names.add(m.name);
  }
  const entries = await Promise.all(
    members.map(async (m) => {
      const npy = encodeNpy(m.data, m.shape, m.float16 ?? false);
      const z = await deflate(npy);
      if (z.length < 6 || (z[0]! & 0x0f) !== 8 || (z[1]! & 0x20) !== 0) throw new Error('encodeNpz: the deflate function did not return a plain zlib stream');
      return { name: new TextEncoder().encode(`${m.name}.npy`), crc: crc32(npy), size: npy.length, data: z.subarray(2, z.length - 4) };
    }),
  );
  let total = 22;
  for (const e of entries) total += 30 + e.name.length + e.data.length + 46 + e.name.length;
  if (total > 0xffffffff) throw new Error(`encodeNpz: ${total} bytes is too large for a zip without zip64`);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  let o = 0;
  const offsets: number[] = [];
  for (const e of entries) {
    offsets.push(o);
    dv.setUint32(o, LOCAL, true);
    dv.setUint16(o + 4, 20, true); // version needed: 2.0 (deflate)
    dv.setUint16(o + 6, 0, true); // flags
    dv.setUint16(o + 8, 8, true); // method: deflate
    dv.setUint16(o + 10, DOS_TIME, true);
    dv.setUint16(o + 12, DOS_DATE, true);
    dv.setUint32(o + 14, e.crc, true);
    dv.setUint32(o + 18, e.data.length, true);
    dv.setUint32(o + 22, e.size, true);
    dv.setUint16(o + 26, e.name.length, true);
    dv.setUint16(o + 28, 0, true);
    out.set(e.name, o + 30);
    out.set(e.data, o + 30 + e.name.length);
    o += 30 + e.name.length + e.data.length;
  }
  const cdAt = o;
  entries.forEach((e, i) => {
    dv.setUint32(o, CENTRAL, true);
    dv.setUint16(o + 4, 20, true); // made by: 2.0, MS-DOS attributes
    dv.setUint16(o + 6, 20, true);
    dv.setUint16(o + 8, 0, true);
    dv.setUint16(o + 10, 8, true);
    dv.setUint16(o + 12, DOS_TIME, true);
    dv.setUint16(o + 14, DOS_DATE, true);
    dv.setUint32(o + 16, e.crc, true);
    dv.setUint32(o + 20, e.data.length, true);
    dv.setUint32(o + 24, e.size, true);
    dv.setUint16(o + 28, e.name.length, true);
    // extra 0, comment 0, disk 0, internal 0, external 0 (bytes 30..41 stay zero)
    dv.setUint32(o + 42, offsets[i]!, true);
    out.set(e.name, o + 46);
    o += 46 + e.name.length;
  });
  dv.setUint32(o, END, true);
  dv.setUint16(o + 8, entries.length, true);
  dv.setUint16(o + 10, entries.length, true);
  dv.setUint32(o + 12, o - cdAt, true);
  dv.setUint32(o + 16, cdAt, true);
  return out;
}

/**
 * Decode an .npz (ours, or numpy's own np.savez / np.savez_compressed, zip64 fields included):
 * every `<name>.npy` member by name, its CRC-32 checked. Throws an Error naming the member and
 * what is wrong.
 */
export async function decodeNpz(bytes: Uint8Array, inflateRaw: InflateRaw): Promise<Map<string, NpyDecoded>> {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (dv.getUint32(i, true) === END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('decodeNpz: not a zip file (no end of central directory)');
  let count = dv.getUint16(end + 10, true);
  let cd = dv.getUint32(end + 16, true);
  if (cd === 0xffffffff || count === 0xffff) {
    // zip64: the locator just before the end record points at the zip64 end record.
    const loc = end - 20;
    const z64 = loc >= 0 ? Number(dv.getBigUint64(loc + 8, true)) : -1;
    if (z64 < 0 || dv.getUint32(z64, true) !== ZIP64_END) throw new Error('decodeNpz: zip64 end record missing');
    count = Number(dv.getBigUint64(z64 + 32, true));
    cd = Number(dv.getBigUint64(z64 + 48, true));
  }
  const out = new Map<string, NpyDecoded>();
  let o = cd;
  for (let k = 0; k < count; k++) {
    if (o + 46 > bytes.length || dv.getUint32(o, true) !== CENTRAL) throw new Error(`decodeNpz: central directory entry ${k} is damaged`);
    const method = dv.getUint16(o + 10, true);
    const crc = dv.getUint32(o + 16, true);
    let csize = dv.getUint32(o + 20, true);
    let usize = dv.getUint32(o + 24, true);
    const nameLen = dv.getUint16(o + 28, true);
    const extraLen = dv.getUint16(o + 30, true);
    const commentLen = dv.getUint16(o + 32, true);
    let local = dv.getUint32(o + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(o + 46, o + 46 + nameLen));
    // zip64 extra field (id 1): the 8-byte values of whichever fields read 0xFFFFFFFF, in order.
    for (let e = o + 46 + nameLen; e + 4 <= o + 46 + nameLen + extraLen; ) {
      const id = dv.getUint16(e, true);
      const len = dv.getUint16(e + 2, true);
      if (id === 1) {
        let p = e + 4;
        if (usize === 0xffffffff) (usize = Number(dv.getBigUint64(p, true))), (p += 8);
        if (csize === 0xffffffff) (csize = Number(dv.getBigUint64(p, true))), (p += 8);
        if (local === 0xffffffff) local = Number(dv.getBigUint64(p, true));
      }
      e += 4 + len;
    }
    o += 46 + nameLen + extraLen + commentLen;
    if (!name.endsWith('.npy')) continue;
    if (dv.getUint32(local, true) !== LOCAL) throw new Error(`decodeNpz: ${name}: local header damaged`);
    const dataAt = local + 30 + dv.getUint16(local + 26, true) + dv.getUint16(local + 28, true);
    if (dataAt + csize > bytes.length) throw new Error(`decodeNpz: ${name}: truncated (${csize} bytes stored, ${Math.max(0, bytes.length - dataAt)} present)`);
    const stored = bytes.subarray(dataAt, dataAt + csize);
    let npy: Uint8Array;
    if (method === 0) npy = stored;
    else if (method === 8) {
      try {
        npy = await inflateRaw(stored);
      } catch (e) {
        throw new Error(`decodeNpz: ${name}: ${(e as Error).message}`);
      }
    } else throw new Error(`decodeNpz: ${name}: compression method ${method} (only stored and deflate)`);
    if (npy.length !== usize) throw new Error(`decodeNpz: ${name}: ${npy.length} bytes, the zip says ${usize}`);
    if (crc32(npy) !== crc) throw new Error(`decodeNpz: ${name}: CRC-32 mismatch (damaged)`);
    out.set(name.slice(0, -4), decodeNpy(npy));
  }
  return out;
}
