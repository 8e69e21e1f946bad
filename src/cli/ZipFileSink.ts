// A data set as one zip file, put in place whole.
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { LongtailError } from '../core/index.ts';
import { ZipSink, type DatasetSink } from '../export/index.ts';

/** A data set sink that is moved into place whole on commit or thrown away on abort. */
export interface CommitSink extends DatasetSink {
  readonly target: string;
  commit(): void | Promise<void>;
  abort(): void;
}

/**
 * The data set as one zip file: collected in memory (PNGs stored, JSON and text deflated), then
 * written to a hidden sibling temp file and renamed onto `target`, so the target is the previous
 * file or the complete new one. An existing target is replaced only if it is a zip file.
 */
export class ZipFileSink implements CommitSink {
  readonly target: string;
  readonly temp: string;
  private readonly zip = new ZipSink();
  private done = false;

  constructor(target: string) {
    this.target = resolve(target);
    this.temp = join(dirname(this.target), `.${basename(this.target)}.tmp-${process.pid}`);
    checkZipReplaceable(this.target);
    try {
      mkdirSync(dirname(this.target), { recursive: true });
    } catch (e) {
      throw new LongtailError(`cannot write to ${dirname(this.target)}: ${(e as Error).message}`, 'io');
    }
  }

  async write(path: string, bytes: Uint8Array): Promise<void> {
    if (this.done) throw new Error(`write after commit/abort: ${path}`);
    await this.zip.write(path, bytes);
  }

  async commit(): Promise<void> {
    if (this.done) return;
    const bytes = await this.zip.finish();
    checkZipReplaceable(this.target);
    try {
      writeFileSync(this.temp, bytes);
      renameSync(this.temp, this.target);
    } catch (e) {
      rmSync(this.temp, { force: true });
      const code = (e as NodeJS.ErrnoException).code;
      throw new LongtailError(`cannot write ${this.target}: ${code === 'ENOSPC' ? 'no space left on the device' : (e as Error).message}`, 'io');
    }
    this.done = true;
  }

  abort(): void {
    if (this.done) return;
    rmSync(this.temp, { force: true });
    this.done = true;
  }
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

