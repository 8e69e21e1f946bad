// A zip file read member by member: the central directory is read once (zip64 included), and each
// member's bytes are read from disk only when asked for (stored: the byte range; deflated: that
// member inflated), its size and CRC-32 checked.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';
import {
  CENTRAL_SIG,
  CENTRAL_SIZE,
  DEFLATED,
  END_SIG,
  END_SIZE,
  LOCAL_SIG,
  LOCAL_SIZE,
  MAX16,
  MAX32,
  STORED,
  ZIP64_END_SIG,
  ZIP64_END_SIZE,
  ZIP64_EXTRA,
  ZIP64_LOCATOR_SIG,
  ZIP64_LOCATOR_SIZE,
} from './zipFormat.ts';

/** One member as the central directory describes it. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  /** Where its local header starts. */
  readonly offset: number;
}

/** An Error about the zip as a whole names the zip; one about a member starts with the member's name. */
export class ZipReader {
  readonly path: string;
  /** The members, folders left out, by name. */
  readonly entries = new Map<string, ZipEntry>();
  private readonly fd: number;
  private readonly fileSize: number;

  /** Open `path` and read its central directory; throws an Error naming the file if it is not a zip. */
  constructor(path: string) {
    this.path = path;
    this.fd = openSync(path, 'r');
    try {
      this.fileSize = fstatSync(this.fd).size;
      this.readDirectory();
    } catch (e) {
      closeSync(this.fd);
      throw e;
    }
  }

  /** Member names, sorted. */
  names(): string[] {
    return [...this.entries.keys()].sort();
  }

  /** The member's bytes, checked against its size and CRC-32; errors start with `label` (default: the name). */
  read(name: string, label = name): Uint8Array {
    const e = this.entries.get(name);
    if (!e) throw new Error(`${label}: not in ${this.path}`);
    const stored = this.bytes(this.dataAt(e, label), e.compressedSize, label);
    let data: Uint8Array;
    if (e.method === STORED) data = stored;
    else if (e.method === DEFLATED) {
      try {
        data = inflateRawSync(stored);
      } catch (err) {
        throw new Error(`${label}: cannot inflate it (damaged in ${this.path}): ${(err as Error).message}`);
      }
    } else throw new Error(`${label}: compression method ${e.method}; only stored and deflated members are read`);
    if (data.length !== e.size) throw new Error(`${label}: ${data.length} bytes, the zip's directory says ${e.size} (damaged in ${this.path})`);
    const crc = crc32(data) >>> 0;
    if (crc !== e.crc) throw new Error(`${label}: CRC-32 mismatch: the zip's directory says ${hex(e.crc)}, the member's bytes give ${hex(crc)} (damaged in ${this.path})`);
    return data;
  }

  /** The member's data as stored (compressed if it is deflated), `chunk` bytes at a time, unchecked: for copying it into another zip. */
  *storedChunks(name: string, chunk: number): Generator<Buffer> {
    const e = this.entries.get(name);
    if (!e) throw new Error(`${name}: not in ${this.path}`);
    let at = this.dataAt(e, name);
    for (let left = e.compressedSize; left > 0; ) {
      const n = Math.min(chunk, left);
      yield this.bytes(at, n, name);
      at += n;
      left -= n;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Where a member's data starts: after its local header, whose name and extra field may differ in length from the central directory's. */
  private dataAt(e: ZipEntry, label: string): number {
    const head = this.bytes(e.offset, LOCAL_SIZE, label);
    if (head.readUInt32LE(0) !== LOCAL_SIG) throw new Error(`${label}: its local header in ${this.path} is damaged`);
    return e.offset + LOCAL_SIZE + head.readUInt16LE(26) + head.readUInt16LE(28);
  }

  /** `length` bytes at `at`, all of them, or an Error naming `what`. */
  private bytes(at: number, length: number, what: string): Buffer {
    if (at + length > this.fileSize) throw new Error(`${what}: runs past the end of ${this.path} (truncated?)`);
    const b = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd, b, got, length - got, at + got);
      if (n === 0) throw new Error(`${what}: runs past the end of ${this.path} (truncated?)`);
      got += n;
    }
    return b;
  }

  private readDirectory(): void {
    const bad = (what: string) => new Error(`${this.path}: not a zip file (${what})`);
    // The end record is the last 22 bytes, or before a comment of at most 64 KiB.
    const tailLen = Math.min(this.fileSize, END_SIZE + MAX16);
    const tail = this.bytes(this.fileSize - tailLen, tailLen, this.path);
    let end = -1;
    for (let i = tailLen - END_SIZE; i >= 0; i--) {
      if (tail.readUInt32LE(i) === END_SIG) {
        end = i;
        break;
      }
    }
    if (end < 0) throw bad('no end of central directory record');
    const endAt = this.fileSize - tailLen + end;
    let count = tail.readUInt16LE(end + 10);
    let cdSize = tail.readUInt32LE(end + 12);
    let cdAt = tail.readUInt32LE(end + 16);
    // zip64: a locator just before the end record points at the zip64 end record.
    if (endAt >= ZIP64_LOCATOR_SIZE) {
      const loc = this.bytes(endAt - ZIP64_LOCATOR_SIZE, ZIP64_LOCATOR_SIZE, this.path);
      if (loc.readUInt32LE(0) === ZIP64_LOCATOR_SIG) {
        const z64At = Number(loc.readBigUInt64LE(8));
        const r = this.bytes(z64At, ZIP64_END_SIZE, this.path);
        if (r.readUInt32LE(0) !== ZIP64_END_SIG) throw bad('the zip64 end record is missing');
        count = Number(r.readBigUInt64LE(32));
        cdSize = Number(r.readBigUInt64LE(40));
        cdAt = Number(r.readBigUInt64LE(48));
      }
    }
    if (cdAt + cdSize > this.fileSize) throw bad('the central directory runs past the end of the file');
    const cd = this.bytes(cdAt, cdSize, this.path);
    let o = 0;
    for (let k = 0; k < count; k++) {
      if (o + CENTRAL_SIZE > cd.length || cd.readUInt32LE(o) !== CENTRAL_SIG) throw bad(`central directory record ${k} is damaged`);
      const method = cd.readUInt16LE(o + 10);
      const crc = cd.readUInt32LE(o + 16);
      let compressedSize = cd.readUInt32LE(o + 20);
      let size = cd.readUInt32LE(o + 24);
      const nameLen = cd.readUInt16LE(o + 28);
      const extraLen = cd.readUInt16LE(o + 30);
      const commentLen = cd.readUInt16LE(o + 32);
      let offset = cd.readUInt32LE(o + 42);
      const name = cd.toString('utf8', o + CENTRAL_SIZE, o + CENTRAL_SIZE + nameLen);
      // The zip64 extra field holds the 8-byte values of whichever fields read 0xFFFFFFFF, in order.
      const x0 = o + CENTRAL_SIZE + nameLen;
      for (let x = x0; x + 4 <= x0 + extraLen; ) {
        const id = cd.readUInt16LE(x);
        const len = cd.readUInt16LE(x + 2);
        if (id === ZIP64_EXTRA) {
          let p = x + 4;
          const next = (): number => {
            if (p + 8 > x + 4 + len) throw bad(`the zip64 field of ${name} is too short`);
            const v = Number(cd.readBigUInt64LE(p));
            p += 8;
            return v;
          };
          if (size === MAX32) size = next();
          if (compressedSize === MAX32) compressedSize = next();
          if (offset === MAX32) offset = next();
        }
        x += 4 + len;
      }
      o += CENTRAL_SIZE + nameLen + extraLen + commentLen;
      if (name.endsWith('/')) continue; // a folder
      this.entries.set(name, { name, method, crc, compressedSize, size, offset });
    }
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
