// A zip file written as its members come: each member goes to disk when it is added, so memory
// holds the member being added and the central directory's records (~100 bytes a member), never
// the archive. Sizes and offsets past 4 GiB get zip64 fields; the date is fixed, so the same
// members in the same order give the same bytes (for a given zlib build).
import { closeSync, createReadStream, openSync, statSync, write, writev } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { crc32, deflateRaw, createDeflateRaw } from 'node:zlib';
import {
  CENTRAL_SIG,
  CENTRAL_SIZE,
  DEFLATED,
  DOS_DATE,
  DOS_TIME,
  END_SIG,
  END_SIZE,
  FLAG_UTF8,
  LOCAL_SIG,
  LOCAL_SIZE,
  MADE_BY_UNIX,
  MAX16,
  MAX32,
  STORED,
  UNIX_FILE_ATTRS,
  VERSION_DEFLATE,
  VERSION_ZIP64,
  ZIP64_END_SIG,
  ZIP64_END_SIZE,
  ZIP64_EXTRA,
  ZIP64_LOCATOR_SIG,
  ZIP64_LOCATOR_SIZE,
} from './zipFormat.ts';

const writeAsync = promisify(write);
const writevAsync = promisify(writev);
const deflateRawAsync = promisify(deflateRaw);

/** How a member is kept: stored as is (PNG, .npz: already compressed) or deflated (text). */
export type ZipMethod = 'store' | 'deflate';

export interface ZipWriterOptions {
  /**
   * A size, offset or count at or past this is written as a zip64 field (default 0xFFFFFFFF, the
   * format's own limit; counts also at 0xFFFF). Tests pass a small value to write zip64 fields
   * into a small file.
   */
  readonly zip64At?: number;
  /** zlib level of deflated members (default 6). */
  readonly level?: number;
}

interface Entry {
  readonly name: Buffer;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly csize: number;
  readonly usize: number;
  readonly offset: number;
}

/** Bytes read from a file per step when a member is streamed from disk. */
const CHUNK = 1 << 20;
/** Central directory records are written in runs of about this many bytes. */
const CD_RUN = 1 << 20;

/**
 * Writes one zip file. Members are added one at a time (await each add before the next); finish()
 * writes the central directory and closes the file, close() just closes it (to abort).
 */
export class ZipWriter {
  readonly path: string;
  private readonly fd: number;
  private readonly zip64At: number;
  private readonly level: number;
  private readonly entries: Entry[] = [];
  private readonly names = new Set<string>();
  private pos = 0;
  private open = true;

  /** Create (or truncate) `path` and start the zip. Throws node's error if the file cannot be opened. */
  constructor(path: string, options: ZipWriterOptions = {}) {
    this.path = path;
    this.zip64At = options.zip64At ?? MAX32;
    this.level = options.level ?? 6;
    this.fd = openSync(path, 'w');
  }

  /** Bytes written so far. */
  get size(): number {
    return this.pos;
  }

  /** Add a member from memory. */
  async addBytes(name: string, bytes: Uint8Array, method: ZipMethod): Promise<void> {
    const nameBytes = this.claim(name);
    const data = method === 'deflate' ? await deflateRawAsync(bytes, { level: this.level }) : bytes;
    const e: Entry = { name: nameBytes, flags: flagsOf(name), method: method === 'deflate' ? DEFLATED : STORED, crc: crc32(bytes), csize: data.length, usize: bytes.length, offset: this.pos };
    const head = localHeader(e, e.usize >= this.zip64At || e.csize >= this.zip64At);
    await this.put([head, data], this.pos);
    this.pos += head.length + data.length;
    this.entries.push(e);
  }

  /**
   * Add a member streamed from the file `file`, CHUNK bytes at a time: the local header is written
   * first with room for its sizes and filled in once the data is on disk.
   */
  async addFile(name: string, file: string, method: ZipMethod): Promise<void> {
    const nameBytes = this.claim(name);
    const expected = statSync(file).size;
    // Deflate can grow incompressible data by ~5 bytes per 16 KiB block: leave room for that.
    const z64 = expected + Math.ceil(expected / 1024) + 1024 >= this.zip64At;
    const offset = this.pos;
    const m = method === 'deflate' ? DEFLATED : STORED;
    const placeholder = localHeader({ name: nameBytes, flags: flagsOf(name), method: m, crc: 0, csize: 0, usize: 0, offset }, z64);
    await this.put([placeholder], offset);
    this.pos += placeholder.length;
    let crc = 0;
    let usize = 0;
    const dataAt = this.pos;
    const tap = async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
      for await (const chunk of source) {
        crc = crc32(chunk, crc);
        usize += chunk.length;
        yield chunk;
      }
    };
    const sink = async (source: AsyncIterable<Buffer>): Promise<void> => {
      for await (const chunk of source) {
        await this.put([chunk], this.pos);
        this.pos += chunk.length;
      }
    };
    const input = createReadStream(file, { highWaterMark: CHUNK });
    if (m === DEFLATED) await pipeline(input, tap, createDeflateRaw({ level: this.level, chunkSize: CHUNK }), sink);
    else await pipeline(input, tap, sink);
    if (usize !== expected) throw new Error(`${file}: changed while it was being zipped (${expected} bytes, then ${usize})`);
    const e: Entry = { name: nameBytes, flags: flagsOf(name), method: m, crc: crc >>> 0, csize: this.pos - dataAt, usize, offset };
    if (!z64 && (e.csize >= this.zip64At || e.usize >= this.zip64At)) throw new Error(`${file}: deflated to ${e.csize} bytes, more than the room left for it`);
    await this.put([localHeader(e, z64)], offset);
    this.entries.push(e);
  }

  /**
   * Add a member copied as stored from another zip (no inflating or deflating again): its method,
   * CRC-32 and sizes as that zip's directory gives them, its stored data in chunks.
   */
  async addStored(name: string, member: { readonly method: number; readonly crc: number; readonly compressedSize: number; readonly size: number }, chunks: Iterable<Uint8Array>): Promise<void> {
    const nameBytes = this.claim(name);
    const e: Entry = { name: nameBytes, flags: flagsOf(name), method: member.method, crc: member.crc, csize: member.compressedSize, usize: member.size, offset: this.pos };
    const head = localHeader(e, e.usize >= this.zip64At || e.csize >= this.zip64At);
    await this.put([head], this.pos);
    this.pos += head.length;
    let copied = 0;
    for (const chunk of chunks) {
      await this.put([chunk], this.pos);
      this.pos += chunk.length;
      copied += chunk.length;
    }
    if (copied !== e.csize) throw new Error(`'${name}': ${copied} bytes copied, ${e.csize} expected`);
    this.entries.push(e);
  }

  /** Write the central directory and the end records, and close the file. Returns the zip's size. */
  async finish(): Promise<number> {
    const cdAt = this.pos;
    let run: Buffer[] = [];
    let runBytes = 0;
    for (const e of this.entries) {
      const rec = centralHeader(e, this.zip64At);
      run.push(rec);
      runBytes += rec.length;
      if (runBytes >= CD_RUN) {
        await this.put(run, this.pos);
        this.pos += runBytes;
        run = [];
        runBytes = 0;
      }
    }
    if (run.length) await this.put(run, this.pos);
    this.pos += runBytes;
    const cdSize = this.pos - cdAt;
    const count = this.entries.length;
    const tail: Buffer[] = [];
    const z64 = count >= Math.min(MAX16, this.zip64At) || cdSize >= this.zip64At || cdAt >= this.zip64At;
    if (z64) {
      const z64At = this.pos;
      const r = Buffer.alloc(ZIP64_END_SIZE);
      r.writeUInt32LE(ZIP64_END_SIG, 0);
      r.writeBigUInt64LE(BigInt(ZIP64_END_SIZE - 12), 4); // the record's size after this field
      r.writeUInt16LE(MADE_BY_UNIX, 12);
      r.writeUInt16LE(VERSION_ZIP64, 14);
      // disk numbers at 16 and 20 stay 0
      r.writeBigUInt64LE(BigInt(count), 24);
      r.writeBigUInt64LE(BigInt(count), 32);
      r.writeBigUInt64LE(BigInt(cdSize), 40);
      r.writeBigUInt64LE(BigInt(cdAt), 48);
      const l = Buffer.alloc(ZIP64_LOCATOR_SIZE);
      l.writeUInt32LE(ZIP64_LOCATOR_SIG, 0);
      l.writeBigUInt64LE(BigInt(z64At), 8);
      l.writeUInt32LE(1, 16); // one disk
      tail.push(r, l);
    }
    const end = Buffer.alloc(END_SIZE);
    end.writeUInt32LE(END_SIG, 0);
    const count16 = z64 ? MAX16 : count;
    end.writeUInt16LE(count16, 8);
    end.writeUInt16LE(count16, 10);
    end.writeUInt32LE(z64 ? MAX32 : cdSize, 12);
    end.writeUInt32LE(z64 ? MAX32 : cdAt, 16);
    tail.push(end);
    await this.put(tail, this.pos);
    for (const b of tail) this.pos += b.length;
    this.close();
    return this.pos;
  }

  /** Close the file without finishing it (the caller removes it). */
  close(): void {
    if (!this.open) return;
    this.open = false;
    closeSync(this.fd);
  }

  /** Check a member's name and take it; returns its bytes. */
  private claim(name: string): Buffer {
    if (!this.open) throw new Error(`${this.path}: adding ${name} after the zip was finished or closed`);
    const parts = name.split('/');
    if (name.includes('\\') || parts.some((p) => p === '' || p === '.' || p === '..')) throw new Error(`'${name}' is not a plain relative path with '/'`);
    if (this.names.has(name)) throw new Error(`'${name}' is added twice`);
    const bytes = Buffer.from(name, 'utf8');
    if (bytes.length > MAX16) throw new Error(`the name '${name.slice(0, 40)}...' is longer than a zip allows`);
    this.names.add(name);
    return bytes;
  }

  /** Write buffers back to back at `position`, all of them. */
  private async put(buffers: Uint8Array[], position: number): Promise<void> {
    const total = buffers.reduce((n, b) => n + b.length, 0);
    let done = buffers.length === 1 ? (await writeAsync(this.fd, buffers[0]!, 0, total, position)).bytesWritten : (await writevAsync(this.fd, buffers, position)).bytesWritten;
    if (done === total) return;
    // A short write (rare on a regular file): write the rest from where it stopped.
    const all = Buffer.concat(buffers);
    while (done < total) done += (await writeAsync(this.fd, all, done, total - done, position + done)).bytesWritten;
  }
}

function flagsOf(name: string): number {
  return /^[\x20-\x7e]*$/.test(name) ? 0 : FLAG_UTF8;
}

/** A local file header; with `zip64`, both sizes are in a zip64 extra field (as the format asks). */
function localHeader(e: Entry, zip64: boolean): Buffer {
  const b = Buffer.alloc(LOCAL_SIZE + e.name.length + (zip64 ? 20 : 0));
  b.writeUInt32LE(LOCAL_SIG, 0);
  b.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_DEFLATE, 4);
  b.writeUInt16LE(e.flags, 6);
  b.writeUInt16LE(e.method, 8);
  b.writeUInt16LE(DOS_TIME, 10);
  b.writeUInt16LE(DOS_DATE, 12);
  b.writeUInt32LE(e.crc, 14);
  b.writeUInt32LE(zip64 ? MAX32 : e.csize, 18);
  b.writeUInt32LE(zip64 ? MAX32 : e.usize, 22);
  b.writeUInt16LE(e.name.length, 26);
  b.writeUInt16LE(zip64 ? 20 : 0, 28);
  e.name.copy(b, LOCAL_SIZE);
  if (zip64) {
    const x = LOCAL_SIZE + e.name.length;
    b.writeUInt16LE(ZIP64_EXTRA, x);
    b.writeUInt16LE(16, x + 2);
    b.writeBigUInt64LE(BigInt(e.usize), x + 4);
    b.writeBigUInt64LE(BigInt(e.csize), x + 12);
  }
  return b;
}

/** A central directory record; the sizes and offset at or past `zip64At` go into a zip64 extra field, in the format's order. */
function centralHeader(e: Entry, zip64At: number): Buffer {
  const big = [e.usize, e.csize, e.offset].map((v) => v >= zip64At);
  const extra = big.filter(Boolean).length * 8;
  const b = Buffer.alloc(CENTRAL_SIZE + e.name.length + (extra ? 4 + extra : 0));
  b.writeUInt32LE(CENTRAL_SIG, 0);
  b.writeUInt16LE(MADE_BY_UNIX, 4);
  b.writeUInt16LE(extra ? VERSION_ZIP64 : VERSION_DEFLATE, 6);
  b.writeUInt16LE(e.flags, 8);
  b.writeUInt16LE(e.method, 10);
  b.writeUInt16LE(DOS_TIME, 12);
  b.writeUInt16LE(DOS_DATE, 14);
  b.writeUInt32LE(e.crc, 16);
  b.writeUInt32LE(big[1] ? MAX32 : e.csize, 20);
  b.writeUInt32LE(big[0] ? MAX32 : e.usize, 24);
  b.writeUInt16LE(e.name.length, 28);
  b.writeUInt16LE(extra ? 4 + extra : 0, 30);
  // comment length, disk number, internal attributes: 0
  b.writeUInt32LE(UNIX_FILE_ATTRS, 38);
  b.writeUInt32LE(big[2] ? MAX32 : e.offset, 42);
  e.name.copy(b, CENTRAL_SIZE);
  if (extra) {
    let x = CENTRAL_SIZE + e.name.length;
    b.writeUInt16LE(ZIP64_EXTRA, x);
    b.writeUInt16LE(extra, x + 2);
    x += 4;
    for (const [i, v] of [e.usize, e.csize, e.offset].entries()) {
      if (!big[i]) continue;
      b.writeBigUInt64LE(BigInt(v), x);
      x += 8;
    }
  }
  return b;
}
