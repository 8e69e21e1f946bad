// A data set as one zip file, streamed to disk and put in place whole.
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { LongtailError } from '../core/index.ts';
import type { DatasetSink } from '../export/index.ts';
import { comparePaths, listFiles } from './listFiles.ts';
import { ZipReader } from './ZipReader.ts';
import { ZipWriter, type ZipMethod, type ZipWriterOptions } from './ZipWriter.ts';

/** A data set sink that is moved into place whole on commit or thrown away on abort. */
export interface CommitSink extends DatasetSink {
  readonly target: string;
  commit(): void | Promise<void>;
  abort(): void;
}

/** Text is deflated; PNG, .npz and the rest are stored (already compressed: deflating again costs time for nothing). */
export function zipMethodFor(path: string): ZipMethod {
  return /\.(json|scene|txt)$/.test(path) ? 'deflate' : 'store';
}

/** Bytes copied at a time when the members are put in order. */
const COPY_CHUNK = 1 << 20;

/**
 * The data set as one zip file: each file is appended to a hidden sibling temp file as it is
 * written (memory holds the file being written, not the archive), and the temp file is renamed onto
 * `target` on commit, so the target is the previous file or the complete new one. An existing
 * target is replaced only if it is a zip file.
 *
 * The members end up in listFiles' order (comparePaths), whatever order they were written in, so
 * the same files give the same zip bytes: a capture's frames finish encoding in a varying order.
 * Written out of that order, the members are copied in order into a second temp file on commit
 * (stored bytes copied, nothing compressed again); written in order (generate --zip), no copy.
 */
export class ZipFileSink implements CommitSink {
  readonly target: string;
  readonly temp: string;
  /** The second temp file, when the members are put in order on commit. */
  readonly sortedTemp: string;
  private readonly zip: ZipWriter;
  private readonly options: ZipWriterOptions;
  /** The writes so far, one after another; a failed one fails every later one. */
  private queue: Promise<void> = Promise.resolve();
  private last: string | null = null;
  private inOrder = true;
  private done = false;

  constructor(target: string, options: ZipWriterOptions = {}) {
    this.target = resolve(target);
    this.temp = join(dirname(this.target), `.${basename(this.target)}.tmp-${process.pid}`);
    this.sortedTemp = `${this.temp}-sorted`;
    this.options = options;
    checkZipReplaceable(this.target);
    try {
      mkdirSync(dirname(this.target), { recursive: true });
      this.zip = new ZipWriter(this.temp, options);
    } catch (e) {
      throw new LongtailError(`cannot write to ${dirname(this.target)}: ${(e as Error).message}`, 'io');
    }
  }

  /** Add a file from memory. */
  write(path: string, bytes: Uint8Array): Promise<void> {
    return this.enqueue(path, () => this.zip.addBytes(path, bytes, zipMethodFor(path)));
  }

  /** Add the file at `file` on disk as `path`, streamed a chunk at a time. */
  writeFile(path: string, file: string): Promise<void> {
    return this.enqueue(path, () => this.zip.addFile(path, file, zipMethodFor(path)));
  }

  async commit(): Promise<void> {
    if (this.done) return;
    try {
      await this.queue;
      await this.zip.finish();
      let file = this.temp;
      if (!this.inOrder) {
        await copyInOrder(this.temp, this.sortedTemp, this.options);
        rmSync(this.temp);
        file = this.sortedTemp;
      }
      checkZipReplaceable(this.target);
      renameSync(file, this.target);
    } catch (e) {
      this.abort();
      if (e instanceof LongtailError) throw e;
      throw ioError(this.target, e);
    }
    this.done = true;
  }

  /** Remove the temp file now; the file is closed once a write under way has ended. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    rmSync(this.temp, { force: true });
    rmSync(this.sortedTemp, { force: true });
    this.queue.then(
      () => this.zip.close(),
      () => this.zip.close(),
    );
  }

  private enqueue(path: string, add: () => Promise<void>): Promise<void> {
    if (this.done) return Promise.reject(new Error(`write after commit/abort: ${path}`));
    if (this.last !== null && comparePaths(this.last, path) >= 0) this.inOrder = false;
    this.last = path;
    const next = this.queue.then(() => {
      if (this.done) throw new Error(`write after commit/abort: ${path}`);
      return add().catch((e: unknown) => {
        throw ioError(`${this.target} (${path})`, e);
      });
    });
    this.queue = next;
    return next;
  }
}

/** Copy every member of the zip `from` into a new zip `to`, in comparePaths order, as stored. */
async function copyInOrder(from: string, to: string, options: ZipWriterOptions): Promise<void> {
  const r = new ZipReader(from);
  const w = new ZipWriter(to, options);
  try {
    for (const name of [...r.entries.keys()].sort(comparePaths)) await w.addStored(name, r.entries.get(name)!, r.storedChunks(name, COPY_CHUNK));
    await w.finish();
  } finally {
    r.close();
    w.close();
  }
}

function ioError(where: string, e: unknown): LongtailError {
  if (e instanceof LongtailError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  return new LongtailError(`cannot write ${where}: ${code === 'ENOSPC' ? 'no space left on the device' : (e as Error).message}`, 'io');
}

function checkZipReplaceable(target: string): void {
  if (!existsSync(target)) return;
  if (!statSync(target).isFile()) throw new LongtailError(`${target} exists and is not a file; choose another --out`, 'io');
  const head = Buffer.alloc(4);
  const fd = openSync(target, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  if (!(head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5))) {
    throw new LongtailError(`${target} exists and is not a zip file; refusing to replace it (choose another --out or remove it)`, 'io');
  }
}

/**
 * Pack a finished data set folder into `<folder>.zip`, streamed file by file (written aside and
 * renamed into place), then remove the folder. Returns the zip's path.
 */
export async function zipFolder(folder: string): Promise<string> {
  const sink = new ZipFileSink(`${folder}.zip`);
  try {
    for (const p of listFiles(folder)) await sink.writeFile(p, join(folder, p));
    await sink.commit();
  } catch (e) {
    sink.abort();
    throw e;
  }
  rmSync(folder, { recursive: true, force: true });
  return sink.target;
}
