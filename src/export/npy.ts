// NumPy .npy files (format version 1.0 written; 1.0, 2.0 and 3.0 read) for the typed arrays
// Longtail exports: float32, float64, float16 (as bit patterns), uint8, uint16 and int32, C order,
// little-endian data.
// The header is byte-for-byte what numpy.save writes for the same array, including numpy's spare
// spaces for in-place growth and the padding that puts the data on a 64-byte boundary.

export type NpyArray = Float32Array | Float64Array | Uint8Array | Uint16Array | Int32Array;

/** The numpy dtype strings this module reads and writes. */
export type NpyDescr = '<f4' | '<f8' | '<f2' | '|u1' | '<u2' | '<i4';

export interface NpyDecoded {
  /** The elements; for '<f2' (float16) their bit patterns in a Uint16Array (float16.ts fromFloat16Bits). */
  data: NpyArray;
  shape: number[];
  descr: NpyDescr;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;
/** numpy leaves room in the header for the growth axis to reach this many digits. */
const GROWTH_AXIS_MAX_DIGITS = 21;

type Ctor = { new (buffer: ArrayBuffer): NpyArray; readonly BYTES_PER_ELEMENT: number };
const DTYPES: Record<NpyDescr, Ctor> = {
  '<f4': Float32Array,
  '<f8': Float64Array,
  '<f2': Uint16Array,
  '|u1': Uint8Array,
  '<u2': Uint16Array,
  '<i4': Int32Array,
};

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function descrOf(data: unknown): NpyDescr {
  if (data instanceof Float32Array) return '<f4';
  if (data instanceof Float64Array) return '<f8';
  if (data instanceof Uint8Array) return '|u1';
  if (data instanceof Uint16Array) return '<u2';
  if (data instanceof Int32Array) return '<i4';
  const got = data === null ? 'null' : typeof data === 'object' ? (data.constructor?.name ?? 'object') : typeof data;
  throw new Error(
    `encodeNpy: data must be a Float32Array, Float64Array, Uint8Array, Uint16Array or Int32Array, got ${got}`,
  );
}

/** numpy's repr of a shape tuple: `()`, `(5,)`, `(480, 640)`. */
function shapeRepr(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

function checkShape(shape: unknown, who: string): number {
  if (!Array.isArray(shape)) throw new Error(`${who}: shape must be an array of non-negative integers`);
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || (d as number) < 0) {
      throw new Error(`${who}: shape ${JSON.stringify(shape)} has an invalid dimension ${String(d)}`);
    }
    n *= d as number;
  }
  if (!Number.isSafeInteger(n)) throw new Error(`${who}: shape ${JSON.stringify(shape)} has too many elements`);
  return n;
}

/**
 * Encode `data` with the given C-order `shape` as a .npy (version 1.0) file. `shape` may be `[]`
 * for a 0-d array (one element). Throws if the product of `shape` is not `data.length`.
 * `float16`: `data` is a Uint16Array of half bit patterns, stored as '<f2'.
 */
export function encodeNpy(data: NpyArray, shape: number[], float16 = false): Uint8Array {
  if (float16 && !(data instanceof Uint16Array)) throw new Error('encodeNpy: float16 data must be a Uint16Array of bit patterns');
  const descr = float16 ? '<f2' : descrOf(data);
  const count = checkShape(shape, 'encodeNpy');
  if (count !== data.length) {
    throw new Error(`encodeNpy: shape ${shapeRepr(shape)} holds ${count} elements but data has ${data.length}`);
  }

  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeRepr(shape)}, }`;
  if (shape.length > 0) header += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));
  const hlen = header.length + 1; // + the final '\n'
  const pad = ALIGN - ((MAGIC.length + 2 + 2 + hlen) % ALIGN); // numpy pads 1..64 spaces
  const headerLen = hlen + pad;
  if (headerLen > 0xffff) throw new Error(`encodeNpy: header of ${headerLen} bytes is too long for .npy version 1.0`);
  const dataAt = MAGIC.length + 4 + headerLen;

  const out = new Uint8Array(dataAt + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1; // major version
  out[7] = 0; // minor version
  out[8] = headerLen & 0xff;
  out[9] = headerLen >>> 8;
  let o = 10;
  for (let i = 0; i < header.length; i++) out[o++] = header.charCodeAt(i);
  out.fill(0x20, o, dataAt - 1);
  out[dataAt - 1] = 0x0a;

  if (LITTLE_ENDIAN_HOST || data.BYTES_PER_ELEMENT === 1) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), dataAt);
  } else {
    writeLittleEndian(data, new DataView(out.buffer, dataAt));
  }
  return out;
}

/**
 * Decode a .npy file holding float32, float64, uint8, uint16 or int32 data in little-endian C
 * order (or Fortran order when the array has at most one dimension, which is the same layout).
 * The returned array owns fresh memory. Throws an Error saying what is wrong otherwise.
 */
export function decodeNpy(bytes: Uint8Array): NpyDecoded {
  if (!(bytes instanceof Uint8Array)) throw new Error('decodeNpy: input must be a Uint8Array');
  if (bytes.length < 10 || MAGIC.some((v, i) => bytes[i] !== v)) {
    throw new Error('decodeNpy: not a .npy file (missing \\x93NUMPY magic)');
  }
  const major = bytes[6]!;
  let headerAt: number;
  let headerLen: number;
  if (major === 1) {
    headerAt = 10;
    headerLen = bytes[8]! | (bytes[9]! << 8);
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new Error('decodeNpy: file is truncated inside the header length');
    headerAt = 12;
    headerLen = (bytes[8]! | (bytes[9]! << 8) | (bytes[10]! << 16) | (bytes[11]! << 24)) >>> 0;
  } else {
    throw new Error(`decodeNpy: unsupported .npy format version ${major}.${bytes[7]}`);
  }
  const dataAt = headerAt + headerLen;
  if (dataAt > bytes.length) {
    throw new Error(`decodeNpy: file is truncated: header needs ${headerLen} bytes, ${bytes.length - headerAt} remain`);
  }
  let text = '';
  for (let i = headerAt; i < dataAt; i++) text += String.fromCharCode(bytes[i]!);

  const dict = parseHeader(text);
  const rawDescr = dict.descr;
  const descr = (rawDescr === '<u1' || rawDescr === 'u1' ? '|u1' : rawDescr) as NpyDescr;
  const ctor = Object.prototype.hasOwnProperty.call(DTYPES, descr) ? DTYPES[descr] : undefined;
  if (ctor === undefined) {
    const hint = rawDescr.startsWith('>') ? ' (big-endian data is not supported)' : '';
    throw new Error(
      `decodeNpy: unsupported dtype '${rawDescr}'${hint}; supported: ${Object.keys(DTYPES).join(', ')}`,
    );
  }
  const shape = dict.shape;
  const count = checkShape(shape, 'decodeNpy');
  if (dict.fortranOrder && shape.length > 1) {
    throw new Error(`decodeNpy: Fortran-order arrays are not supported (shape ${shapeRepr(shape)})`);
  }
  const nbytes = count * ctor.BYTES_PER_ELEMENT;
  const have = bytes.length - dataAt;
  if (have < nbytes) {
    throw new Error(`decodeNpy: file is truncated: shape ${shapeRepr(shape)} of '${descr}' needs ${nbytes} data bytes, ${have} present`);
  }
  if (have > nbytes) {
    throw new Error(`decodeNpy: ${have - nbytes} unexpected bytes after the data of shape ${shapeRepr(shape)}`);
  }

  // A fresh, 0-offset copy, so always aligned (Uint8Array's slice: a node Buffer's slice is a view).
  const copy = Uint8Array.prototype.slice.call(bytes, dataAt, dataAt + nbytes);
  let data: NpyArray;
  if (LITTLE_ENDIAN_HOST || ctor.BYTES_PER_ELEMENT === 1) data = new ctor(copy.buffer);
  else data = readLittleEndian(ctor, new DataView(copy.buffer), count);
  return { data, shape, descr };
}

// ---------------------------------------------------------------------------------------------
// Header parsing: the Python literal numpy writes, `{'descr': '<f4', 'fortran_order': False,
// 'shape': (480, 640), }`, read with a small strict parser (no eval).

interface Header {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

function parseHeader(text: string): Header {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`decodeNpy: malformed header (${what} at character ${i}): ${JSON.stringify(text.trimEnd())}`);
  };
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const expect = (ch: string): void => {
    ws();
    if (text[i] !== ch) fail(`expected '${ch}'`);
    i++;
  };
  const str = (): string => {
    ws();
    const q = text[i];
    if (q !== "'" && q !== '"') return fail('expected a string');
    const end = text.indexOf(q, i + 1);
    if (end < 0) return fail('unterminated string');
    const s = text.slice(i + 1, end);
    i = end + 1;
    return s;
  };
  const int = (): number => {
    ws();
    const m = /^\d+/.exec(text.slice(i));
    if (m === null) return fail('expected an integer');
    i += m[0].length;
    if (text[i] === 'L') i++; // Python 2 long suffix in old files
    return Number(m[0]);
  };

  const seen: Partial<Header> = {};
  expect('{');
  for (;;) {
    ws();
    if (text[i] === '}') {
      i++;
      break;
    }
    const key = str();
    expect(':');
    ws();
    if (key === 'descr') {
      if (text[i] === '[') fail('structured dtypes are not supported');
      seen.descr = str();
    } else if (key === 'fortran_order') {
      if (text.startsWith('True', i)) {
        seen.fortranOrder = true;
        i += 4;
      } else if (text.startsWith('False', i)) {
        seen.fortranOrder = false;
        i += 5;
      } else fail('expected True or False');
    } else if (key === 'shape') {
      expect('(');
      const shape: number[] = [];
      for (;;) {
        ws();
        if (text[i] === ')') {
          i++;
          break;
        }
        shape.push(int());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== ')') fail("expected ',' or ')'");
      }
      seen.shape = shape;
    } else {
      fail(`unexpected key '${key}'`);
    }
    ws();
    if (text[i] === ',') i++;
    else if (text[i] !== '}') fail("expected ',' or '}'");
  }
  ws();
  if (i !== text.length) fail('unexpected text after the dictionary');
  if (seen.descr === undefined || seen.fortranOrder === undefined || seen.shape === undefined) {
    const missing = (['descr', 'fortran_order', 'shape'] as const).filter((k) =>
      k === 'fortran_order' ? seen.fortranOrder === undefined : seen[k] === undefined,
    );
    throw new Error(`decodeNpy: header is missing ${missing.join(', ')}: ${JSON.stringify(text.trimEnd())}`);
  }
  return { descr: seen.descr, fortranOrder: seen.fortranOrder, shape: seen.shape };
}

// ---------------------------------------------------------------------------------------------
// Big-endian hosts (none in practice, but correctness is cheap).

function writeLittleEndian(data: NpyArray, view: DataView): void {
  const n = data.length;
  if (data instanceof Float32Array) for (let i = 0; i < n; i++) view.setFloat32(i * 4, data[i]!, true);
  else if (data instanceof Float64Array) for (let i = 0; i < n; i++) view.setFloat64(i * 8, data[i]!, true);
  else if (data instanceof Uint16Array) for (let i = 0; i < n; i++) view.setUint16(i * 2, data[i]!, true);
  else if (data instanceof Int32Array) for (let i = 0; i < n; i++) view.setInt32(i * 4, data[i]!, true);
  else for (let i = 0; i < n; i++) view.setUint8(i, data[i]!);
}

function readLittleEndian(ctor: Ctor, view: DataView, n: number): NpyArray {
  const out = new ctor(new ArrayBuffer(n * ctor.BYTES_PER_ELEMENT));
  if (out instanceof Float32Array) for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
  else if (out instanceof Float64Array) for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, true);
  else if (out instanceof Uint16Array) for (let i = 0; i < n; i++) out[i] = view.getUint16(i * 2, true);
  else if (out instanceof Int32Array) for (let i = 0; i < n; i++) out[i] = view.getInt32(i * 4, true);
  else for (let i = 0; i < n; i++) out[i] = view.getUint8(i);
  return out;
}
