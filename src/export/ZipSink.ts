import JSZip from 'jszip';
import type { DatasetSink } from './DatasetSink.ts';

/**
 * Collects a data set into one zip. PNGs and .npy are stored (PNG is already deflated; re-deflating
 * costs time for nothing), JSON is deflated. A fixed date keeps the archive byte-reproducible.
 */
export class ZipSink implements DatasetSink {
  private readonly zip = new JSZip();
  private static readonly EPOCH = new Date(Date.UTC(2000, 0, 1));

  async write(path: string, bytes: Uint8Array): Promise<void> {
    const compress = /\.(json|scene|txt)$/.test(path);
    // No folder entries: JSZip would date them now, and two zips made across a 2 s boundary would differ.
    this.zip.file(path, bytes, { binary: true, date: ZipSink.EPOCH, compression: compress ? 'DEFLATE' : 'STORE', createFolders: false });
  }

  async finish(): Promise<Uint8Array> {
    return this.zip.generateAsync({ type: 'uint8array', platform: 'UNIX' });
  }
}
