// The data set's per-split label files, made from its committed samples' native files only (never
// the browser): the last step of generate, and the whole of a merge.
import type { LabelFrame } from '../capture/index.ts';
import { DATASET_LAYOUT, formatWriters, seenObjects, HashingSink, nativeFramePaths, readNativeLabels, readNativeManifest, type DatasetSink, type Deflate, type ExportFormat, type FileGetter, type FramePlace, type Inflate, type LabelRule } from '../export/index.ts';

/** A committed sample as the index sees it. */
export interface IndexSample {
  /** Folder from the data set root, e.g. samples/000042. */
  readonly path: string;
  readonly split: string;
  /** The scenario's name: the Cityscapes city. */
  readonly scenario: string;
  readonly index: number;
}

/** One frame's number in the whole data set: the COCO image id and the KITTI/YOLO file number. */
export interface IndexedFrame {
  readonly id: number;
  readonly sample: string;
  readonly camera: string;
  readonly index: number;
}

export interface IndexResult {
  /** Every frame, numbered through the data set in sample, camera and frame order. */
  readonly frames: IndexedFrame[];
  /** SHA-256 of every file written or linked, by path from the data set root. */
  readonly hashes: Map<string, string>;
  /** Objects with visible pixels per class per split: the summary's table. */
  readonly classCounts: Map<string, Map<string, number>>;
}

export interface IndexIo {
  /** Reads a file of the data set by path from its root. */
  readonly get: FileGetter;
  /** Where the index files go (paths from the data set root). */
  readonly sink: DatasetSink;
  /** Make `path` the same file as the existing `from` (a hard link where the file system allows). */
  link(path: string, from: string): Promise<void>;
  readonly deflate: Deflate;
  readonly inflate: Inflate;
}

/**
 * Write the extra formats of a data set over its samples, in sample order: frames are numbered
 * 0, 1, 2, … through the data set (so ids are unique across splits, and a data set's first n
 * samples number their frames alike in a longer one); each format's image is a link to the
 * sample's native RGB PNG, never a second copy.
 */
export async function writeIndex(samples: readonly IndexSample[], splits: readonly string[], formats: readonly ExportFormat[], rule: LabelRule, io: IndexIo): Promise<IndexResult> {
  const hashing = new HashingSink(io.sink);
  const writers = formatWriters(formats, hashing, io.deflate, DATASET_LAYOUT, splits, rule);
  for (const w of writers) await w.begin?.();
  const frames: IndexedFrame[] = [];
  const classCounts = new Map<string, Map<string, number>>();
  let id = 0;
  for (const s of samples) {
    const sub: FileGetter = (p) => io.get(`${s.path}/${p}`);
    const manifest = readNativeManifest(sub);
    const ordered = [...manifest.frames].sort((a, b) => (a.camera < b.camera ? -1 : a.camera > b.camera ? 1 : a.index - b.index));
    for (const f of ordered) {
      const rec = (await readNativeLabels(sub, io.inflate, f.camera, f.index, f.files)) as LabelFrame;
      const rgb = `${s.path}/${f.files.rgb ?? nativeFramePaths(f.camera, f.index).rgb}`;
      const place: FramePlace = { group: s.split, id, image: rgb, city: s.scenario, sequence: s.index, frame: f.index };
      for (const w of writers) {
        await w.addFrame(rec, place);
        const copy = w.imageCopy?.(place);
        if (copy) {
          await io.link(copy, rgb);
          const hash = manifest.files[f.files.rgb!];
          if (hash) hashing.hashes.set(copy, hash);
        }
      }
      const counts = classCounts.get(s.split) ?? new Map<string, number>();
      classCounts.set(s.split, counts);
      for (const o of seenObjects(rec.objects)) counts.set(o.cls, (counts.get(o.cls) ?? 0) + 1);
      frames.push({ id, sample: s.path, camera: f.camera, index: f.index });
      id++;
    }
  }
  for (const w of writers) await w.finish();
  return { frames, hashes: hashing.hashes, classCounts };
}
