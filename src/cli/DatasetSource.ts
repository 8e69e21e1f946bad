// Where `longtail verify` reads a data set's files from: a folder, or a zip as `--zip` writes it
// (read a member at a time, never whole).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LongtailError } from '../core/index.ts';
import type { FileGetter } from '../export/index.ts';
import { listFiles } from './listFiles.ts';
import { ZipReader } from './ZipReader.ts';

/** A data set's files by relative path ('/'-separated). */
export interface DatasetSource {
  /** The folder, or the zip (and the folder in it), for messages. */
  readonly where: string;
  /** Where a file is, for messages: its path on disk, or the zip's path and the member's. */
  pathOf(path: string): string;
  /** Every file, sorted. */
  list(): readonly string[];
  has(path: string): boolean;
  /** The file's bytes; throws an Error whose message starts with `path:` if it cannot be read. */
  read(path: string): Uint8Array;
  /** The file's bytes, or undefined if there is no such file. */
  readonly get: FileGetter;
  /** The folder `path` in this data set as a source of its own (a sample of a generated data set). */
  sub(path: string): DatasetSource;
  /** Let go of the file a zip holds open; a folder holds none. */
  close(): void;
}

/** A folder, or a file that must be a zip; throws a LongtailError naming `path` if it is neither. */
export function openDatasetSource(path: string): DatasetSource {
  if (!existsSync(path)) throw new LongtailError(`${path}: no such folder or zip file`, 'io');
  if (statSync(path).isDirectory()) return new FolderSource(path);
  let zip: ZipReader;
  try {
    zip = new ZipReader(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LongtailError(code ? `${path}: cannot read: ${(e as Error).message}` : `${(e as Error).message}; verify reads a data set folder or a zip of one`, 'io');
  }
  return new ZipSource(zip, '', zip.names());
}

class FolderSource implements DatasetSource {
  private files: readonly string[] | null = null;
  private fileSet: ReadonlySet<string> | null = null;

  constructor(readonly where: string) {}

  pathOf(path: string): string {
    return join(this.where, path);
  }

  list(): readonly string[] {
    this.files ??= listFiles(this.where);
    return this.files;
  }

  has(path: string): boolean {
    this.fileSet ??= new Set(this.list());
    return this.fileSet.has(path);
  }

  read(path: string): Uint8Array {
    try {
      return new Uint8Array(readFileSync(join(this.where, path)));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new Error(`${path}: cannot read: ${code === 'ENOENT' ? 'missing' : (e as Error).message}`);
    }
  }

  readonly get: FileGetter = (path) => (this.has(path) ? this.read(path) : undefined);

  sub(path: string): DatasetSource {
    return new FolderSource(join(this.where, path));
  }

  close(): void {}
}

/** The members under `prefix` ('' or ending in '/') of a zip; `names` is every member, sorted. */
class ZipSource implements DatasetSource {
  readonly where: string;
  private files: readonly string[] | null = null;

  constructor(
    private readonly zip: ZipReader,
    private readonly prefix: string,
    private readonly names: readonly string[],
  ) {
    this.where = prefix ? `${zip.path}/${prefix.slice(0, -1)}` : zip.path;
  }

  pathOf(path: string): string {
    return `${this.zip.path}/${this.prefix}${path}`;
  }

  list(): readonly string[] {
    if (!this.files) {
      // Sorted names: those under the prefix are one run, found by binary search.
      let lo = 0;
      let hi = this.names.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.names[mid]! < this.prefix) lo = mid + 1;
        else hi = mid;
      }
      const out: string[] = [];
      for (let i = lo; i < this.names.length && this.names[i]!.startsWith(this.prefix); i++) out.push(this.names[i]!.slice(this.prefix.length));
      this.files = out;
    }
    return this.files;
  }

  has(path: string): boolean {
    return this.zip.entries.has(this.prefix + path);
  }

  read(path: string): Uint8Array {
    return this.zip.read(this.prefix + path, path);
  }

  readonly get: FileGetter = (path) => (this.has(path) ? this.read(path) : undefined);

  sub(path: string): DatasetSource {
    return new ZipSource(this.zip, `${this.prefix}${path}/`, this.names);
  }

  close(): void {
    if (this.prefix === '') this.zip.close();
  }
}
