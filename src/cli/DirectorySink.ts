import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { LongtailError } from '../core/index.ts';
import { DATASET_FORMAT, type DatasetSink } from '../export/index.ts';

/**
 * Writes a data set into a hidden sibling folder and renames it into place on commit, so the
 * target is either the previous complete data set or the new complete one, never half of one.
 */
export class DirectorySink implements DatasetSink {
  readonly target: string;
  readonly temp: string;
  private readonly dirs = new Set<string>();
  private done = false;

  constructor(target: string) {
    this.target = resolve(target);
    this.temp = join(dirname(this.target), `.${basename(this.target)}.tmp-${process.pid}`);
    checkReplaceable(this.target);
    const parent = dirname(this.target);
    try {
      mkdirSync(parent, { recursive: true });
      accessSync(parent, constants.W_OK);
    } catch (e) {
      throw new LongtailError(`cannot write to ${parent}: ${(e as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (e as Error).message}`, 'io');
    }
    rmSync(this.temp, { recursive: true, force: true });
    try {
      mkdirSync(this.temp);
    } catch (e) {
      throw new LongtailError(`cannot create ${this.temp}: ${(e as Error).message}`, 'io');
    }
  }

  async write(path: string, bytes: Uint8Array): Promise<void> {
    if (this.done) throw new Error(`write after commit/abort: ${path}`);
    const file = join(this.temp, path);
    const dir = dirname(file);
    if (!this.dirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.dirs.add(dir);
    }
    try {
      await writeFile(file, bytes);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new LongtailError(`cannot write ${join(this.target, path)}: ${code === 'ENOSPC' ? 'no space left on the device' : (e as Error).message}`, 'io');
    }
  }

  /** Swap the finished data set into place. */
  commit(): void {
    if (this.done) return;
    checkReplaceable(this.target);
    const old = `${this.temp}.old`;
    if (existsSync(this.target)) renameSync(this.target, old);
    try {
      renameSync(this.temp, this.target);
    } catch (e) {
      if (existsSync(old)) renameSync(old, this.target);
      throw new LongtailError(`cannot move the data set into ${this.target}: ${(e as Error).message}`, 'io');
    }
    rmSync(old, { recursive: true, force: true });
    this.done = true;
  }

  /** Throw the partial data set away; the target is untouched. */
  abort(): void {
    if (this.done) return;
    rmSync(this.temp, { recursive: true, force: true });
    this.done = true;
  }
}

/** A target may be replaced only if it is absent, an empty folder, or a Longtail data set. */
function checkReplaceable(target: string): void {
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) throw new LongtailError(`${target} exists and is not a folder; choose another --out`, 'io');
  if (readdirSync(target).length === 0) return;
  try {
    const m = JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8')) as { format?: string };
    if (m.format === DATASET_FORMAT) return;
  } catch {
    // fall through
  }
  throw new LongtailError(`${target} exists and is not a Longtail data set; refusing to replace it (choose another --out or remove it)`, 'io');
}
