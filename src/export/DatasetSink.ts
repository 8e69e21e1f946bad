/** Where a data set's files go: a directory (node), a zip (browser or node), memory (tests). */
export interface DatasetSink {
  /** Write one file at a relative path with forward slashes. */
  write(path: string, bytes: Uint8Array): Promise<void>;
}

/** Keeps files in memory, in write order. */
export class MemorySink implements DatasetSink {
  readonly files = new Map<string, Uint8Array>();
  async write(path: string, bytes: Uint8Array): Promise<void> {
    this.files.set(path, bytes);
  }
}
