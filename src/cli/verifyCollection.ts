// `longtail verify` of a data set made by `generate`: its manifest, every file's hash, every sample
// as a data set of its own, and each format's per-split files against the manifest.
import { createHash } from 'node:crypto';
import { THING_CLASSES } from '../core/index.ts';
import { DATASET_LAYOUT, readCoco, type FileGetter } from '../export/index.ts';
import type { DatasetSource } from './DatasetSource.ts';

export interface CollectionSample {
  readonly id: string;
  readonly split: string;
  readonly path: string;
  readonly frames: readonly { readonly camera: string; readonly frame: number; readonly id: number }[];
}

export interface CollectionManifest {
  readonly formats: readonly string[];
  readonly splits: readonly { readonly name: string }[];
  readonly samples: readonly CollectionSample[];
  readonly files: Readonly<Record<string, string>>;
}

/** What is wrong with the file at `path` against the SHA-256 `hash` a manifest gives it (it cannot be read, or hashes otherwise), or null. */
export function hashProblem(source: DatasetSource, path: string, hash: unknown): string | null {
  let bytes: Uint8Array;
  try {
    bytes = source.read(path);
  } catch (e) {
    return (e as Error).message;
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  return actual === hash ? null : `${path}: sha256 mismatch: manifest says ${String(hash)}, file is ${actual}`;
}

/**
 * Check a data set collection read from `source` (a folder or a zip); `verifySample` checks one
 * sample folder as a native data set. Problems are `path: what`.
 */
export async function verifyCollection(
  source: DatasetSource,
  m: CollectionManifest,
  verifySample: (sample: DatasetSource) => Promise<{ frames: number; files: number; problems: string[] }>,
): Promise<{ frames: number; files: number; problems: string[] }> {
  const problems: string[] = [];
  const listed = m.files ?? {};
  const present = new Set(source.list());
  // Index files are hashed here; sample files by their sample's own verify (their hashes must agree).
  const sampleHashes = new Map<string, string>();
  for (const s of m.samples) {
    try {
      const own = JSON.parse(new TextDecoder().decode(source.read(`${s.path}/manifest.json`))) as { files: Record<string, string> };
      for (const [p, h] of Object.entries(own.files)) sampleHashes.set(`${s.path}/${p}`, h);
    } catch (e) {
      problems.push(`${s.path}/manifest.json: cannot read: ${(e as Error).message}`);
    }
  }
  for (const [path, hash] of Object.entries(listed)) {
    if (!present.has(path)) problems.push(`${path}: missing (listed in the manifest)`);
    else if (path.startsWith('samples/') && !path.endsWith('/manifest.json')) {
      if (sampleHashes.get(path) !== hash) problems.push(`${path}: the data set's manifest says sha256 ${hash}, its sample's manifest ${String(sampleHashes.get(path))}`);
    } else {
      const problem = hashProblem(source, path, hash);
      if (problem) problems.push(problem);
    }
  }
  for (const path of [...present].sort()) if (path !== 'manifest.json' && !(path in listed)) problems.push(`${path}: not listed in the manifest`);

  // Samples: one split each, frame numbers unique, each a valid sample.
  const splits = new Set(m.splits.map((s) => s.name));
  const ids = new Set<number>();
  let frames = 0;
  const files = Object.keys(listed).length + 1;
  for (const s of m.samples) {
    if (!splits.has(s.split)) problems.push(`manifest.json: sample ${s.id} is in split '${s.split}', which is not one of ${[...splits].join(', ')}`);
    for (const f of s.frames) {
      if (ids.has(f.id)) problems.push(`manifest.json: frame number ${f.id} is given twice (sample ${s.id})`);
      ids.add(f.id);
    }
    const r = await verifySample(source.sub(s.path));
    frames += r.frames;
    problems.push(...r.problems.map((p) => `${s.path}/${p}`));
  }

  // Formats: each split's files list exactly the manifest's frames of that split.
  const get: FileGetter = source.get;
  for (const split of splits) {
    const want = m.samples.filter((s) => s.split === split).flatMap((s) => s.frames.map((f) => ({ ...f, image: `${s.path}/${f.camera}/rgb/${String(f.frame).padStart(6, '0')}.png` })));
    const wantIds = want.map((f) => f.id).join(',');
    if (m.formats.includes('coco')) {
      try {
        const doc = readCoco(get, split, DATASET_LAYOUT);
        if (doc.images.map((i) => i.id).join(',') !== wantIds) problems.push(`${DATASET_LAYOUT.coco(split)}: images ${doc.images.map((i) => i.id).join(',')}, the manifest's frames of ${split} are ${wantIds}`);
        const bad = doc.images.find((i) => !want.some((f) => f.id === i.id && f.image === i.file_name));
        if (bad) problems.push(`${DATASET_LAYOUT.coco(split)}: image ${bad.id} names ${bad.file_name}, not its frame's RGB`);
        if (doc.categories.map((c) => c.name).join(',') !== THING_CLASSES.map((c) => c.name).join(',')) problems.push(`${DATASET_LAYOUT.coco(split)}: categories differ from the classes`);
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
    if (m.formats.includes('kitti')) {
      const path = DATASET_LAYOUT.kittiImageSet!(split);
      const got = get(path);
      const list = got ? new TextDecoder().decode(got).split('\n').filter(Boolean).map(Number).join(',') : null;
      if (list !== wantIds) problems.push(`${path}: ${list === null ? 'missing' : `lists ${list}`}, the manifest's frames of ${split} are ${wantIds}`);
    }
    for (const f of want) {
      const place = { group: split, id: f.id, image: f.image, city: '', sequence: 0, frame: f.frame };
      if (m.formats.includes('yolo') && !present.has(DATASET_LAYOUT.yoloLabel(place))) problems.push(`${DATASET_LAYOUT.yoloLabel(place)}: missing (frame ${f.id})`);
      if (m.formats.includes('kitti') && !present.has(DATASET_LAYOUT.kittiLabel(place))) problems.push(`${DATASET_LAYOUT.kittiLabel(place)}: missing (frame ${f.id})`);
    }
  }
  return { frames, files, problems };
}
