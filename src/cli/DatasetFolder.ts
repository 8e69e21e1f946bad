// A data set folder on disk (docs/dataset-format.md): samples/<id>/ committed one at a time, then
// the per-split label files and manifest.json, each put in place whole. A folder holding something
// else is refused; one made by a run with other options is refused, naming the option.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { CLASSES, LongtailError } from '../core/index.ts';
import { shardName, writeIndex, type PlannedSample, type PlanSummary, type Shard, type SkippedSeed } from '../dataset/index.ts';
import { DATASET_FORMAT, DATASET_LAYOUT, DEFAULT_LABEL_RULE, formatJson, sha256Hex, type DatasetSink, type ExportFormat, type LabelRule } from '../export/index.ts';
import { nodeDeflate, nodeInflate } from './nodeDeflate.ts';
import { writeAtomically } from './writeAtomically.ts';
import { listFiles } from './listFiles.ts';

/** The `format` of a data set's manifest.json (each sample's own manifest says DATASET_FORMAT). */
export const COLLECTION_FORMAT = 'longtail.dataset-collection/1';
/** The `format` of a shard's manifest.json (`generate --shard`): its samples, no per-split files; `longtail merge` joins shards. */
export const SHARD_FORMAT = 'longtail.dataset-shard/1';
/** Written first, removed when manifest.json is in place: marks a data set still being made, with its options. */
const PENDING = '.longtail-pending.json';
/** The data set-level folders the index step owns (replaced whole on each finish). */
const INDEX_DIRS = ['coco', 'kitti', 'yolo', 'cityscapes'];
/**
 * Options that may differ between runs on one folder: a longer run keeps the samples it shares
 * with the shorter one; the label formats (and which objects they ignore) are all rewritten at the
 * end of every run.
 */
const FREE_OPTIONS = new Set(['samples', 'formats', 'min_pixels', 'min_contrast']);

/** A sample as committed on disk (read back from its own manifest). */
export interface CommittedSample {
  readonly id: string;
  readonly index: number;
  readonly scenario: string;
  readonly seed: number;
  readonly split: string;
  readonly cell: Record<string, string>;
  readonly frames: readonly { readonly camera: string; readonly index: number }[];
  readonly skipped: readonly SkippedSeed[];
  /** From the data set root: samples/<id>. */
  readonly path: string;
}

export class DatasetFolder {
  private constructor(
    readonly target: string,
    private readonly options: Record<string, unknown>,
    private readonly generator: { name: string; version: string },
  ) {}

  /** Open `out` for the data set with these recorded options (creating it, or resuming a run with the same options). */
  static open(out: string, options: Record<string, unknown>, generator: { name: string; version: string }): DatasetFolder {
    const target = resolve(out);
    if (existsSync(target)) {
      if (!statSync(target).isDirectory()) throw new LongtailError(`${target} exists and is not a folder; choose another --out`, 'io');
      const entries = readdirSync(target);
      if (entries.length > 0) {
        const earlier = readRecord(target);
        if (!earlier) throw new LongtailError(`${target} exists and is not a Longtail data set; refusing to write into it (choose another --out or remove it)`, 'io');
        const differs = Object.keys({ ...earlier, ...options }).find((k) => !FREE_OPTIONS.has(k) && JSON.stringify(earlier[k]) !== JSON.stringify(options[k]));
        if (!differs && (options.samples as number) < (earlier.samples as number)) {
          throw new LongtailError(
            `${target} holds a data set of ${String(earlier.samples)} samples, and this run asks for ${String(options.samples)}; a run never deletes samples: to make a shorter data set choose another --out`,
            'usage',
          );
        }
        if (differs) {
          throw new LongtailError(
            `${target} holds a data set made with ${differs} ${shown(differs, earlier[differs])}, and this run has ${shown(differs, options[differs])}; run with the same options to continue it, or choose another --out`,
            'usage',
          );
        }
      }
    }
    try {
      mkdirSync(join(target, 'samples'), { recursive: true });
      // Half-written samples, index folders and files of a run that was stopped (or killed): never
      // committed, so thrown away. Hidden names are only ever our temporaries.
      for (const d of readdirSync(join(target, 'samples'))) if (d.startsWith('.')) rmSync(join(target, 'samples', d), { recursive: true, force: true });
      for (const d of readdirSync(target)) if (d.startsWith('.') && d.includes('.tmp-')) rmSync(join(target, d), { recursive: true, force: true });
      writeAtomically(join(target, PENDING), formatJson({ format: COLLECTION_FORMAT, options }));
    } catch (e) {
      if (e instanceof LongtailError) throw e;
      throw new LongtailError(`cannot write to ${target}: ${(e as Error).message}`, 'io');
    }
    return new DatasetFolder(target, options, generator);
  }

  samplePath(s: Pick<PlannedSample, 'id'>): string {
    return join(this.target, 'samples', s.id);
  }

  /**
   * The sample as an earlier run committed it; null when it is not there (or not this plan's
   * sample); `damaged` when it is there but a file is missing, extra or changed since (checked
   * against the SHA-256 its manifest recorded), after which the sample's folder is removed, to be
   * made again.
   */
  committed(s: Pick<PlannedSample, 'id' | 'index' | 'split'>): CommittedSample | { damaged: string } | null {
    const dir = this.samplePath(s);
    if (!existsSync(dir)) return null;
    const damaged = sampleDamage(dir);
    if (damaged) {
      rmSync(dir, { recursive: true, force: true });
      return { damaged: `samples/${s.id}/${damaged}` };
    }
    return this.sample(s);
  }

  /**
   * A sample as its own manifest describes it, its files not read: for one this run has just
   * written (or linked in) itself. Null when it is not this plan's sample.
   */
  sample(s: Pick<PlannedSample, 'id' | 'index' | 'split'>): CommittedSample | null {
    const dir = this.samplePath(s);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      seed: number;
      scenario: { name: string };
      frames: { camera: string; index: number }[];
      options: { dataset?: { id: string; index: number; split: string; cell: Record<string, string>; skipped: SkippedSeed[] } };
    };
    const d = m.options.dataset;
    if (!d || d.id !== s.id || d.split !== s.split) return null;
    return { id: s.id, index: s.index, scenario: m.scenario.name, seed: m.seed, split: d.split, cell: d.cell, frames: m.frames.map((f) => ({ camera: f.camera, index: f.index })), skipped: d.skipped, path: `samples/${s.id}` };
  }

  /**
   * Write the per-split label files (into a hidden folder, then moved into place) and manifest.json
   * last. Returns the index's counts.
   */
  async finish(plan: PlanSummary, samples: readonly CommittedSample[], formats: readonly ExportFormat[], rule: LabelRule = DEFAULT_LABEL_RULE): Promise<{ frames: number; classCounts: Map<string, Map<string, number>> }> {
    const temp = join(this.target, `.index.tmp-${process.pid}`);
    rmSync(temp, { recursive: true, force: true });
    const get = (p: string): Uint8Array | undefined => {
      try {
        return readFileSync(join(this.target, p));
      } catch {
        return undefined;
      }
    };
    const dirs = new Set<string>();
    const ensureDir = async (file: string) => {
      const d = dirname(file);
      if (!dirs.has(d)) await mkdir(d, { recursive: true });
      dirs.add(d);
    };
    const sink: DatasetSink = {
      write: async (path, bytes) => {
        const file = join(temp, path);
        await ensureDir(file);
        await writeFile(file, bytes);
      },
    };
    const index = await writeIndex(
      samples.map((s) => ({ path: s.path, split: s.split, scenario: s.scenario, index: s.index })),
      plan.splits.map((s) => s.name),
      formats,
      rule,
      {
        get,
        sink,
        deflate: nodeDeflate,
        inflate: nodeInflate,
        link: async (path, from) => {
          const file = join(temp, path);
          await ensureDir(file);
          try {
            linkSync(join(this.target, from), file);
          } catch {
            copyFileSync(join(this.target, from), file); // a file system without hard links
          }
        },
      },
    );
    // Ultralytics needs every split's folders named in data.yaml to exist, an empty split's too.
    if (formats.includes('yolo')) {
      for (const sp of plan.splits) {
        const place = { group: sp.name, id: 0, image: '', city: '', sequence: 0, frame: 0 };
        for (const f of [DATASET_LAYOUT.yoloImage(place), DATASET_LAYOUT.yoloLabel(place)]) mkdirSync(join(temp, dirname(f)), { recursive: true });
      }
    }
    for (const d of INDEX_DIRS) {
      rmSync(join(this.target, d), { recursive: true, force: true });
      if (existsSync(join(temp, d))) renameSync(join(temp, d), join(this.target, d));
    }
    rmSync(temp, { recursive: true, force: true });

    const files = new Map([...index.hashes, ...(await this.sampleHashes(samples))]);
    const idsOf = new Map<string, { camera: string; frame: number; id: number }[]>();
    for (const f of index.frames) idsOf.set(f.sample, [...(idsOf.get(f.sample) ?? []), { camera: f.camera, frame: f.index, id: f.id }]);
    const bySplit = (name: string) => samples.filter((s) => s.split === name);
    const manifest = {
      format: COLLECTION_FORMAT,
      generator: this.generator,
      seed: plan.seed,
      options: this.options,
      sample_format: DATASET_FORMAT,
      formats: [...formats],
      classes: CLASSES.map((c) => ({ id: c.id, name: c.name, category: c.category })),
      splits: plan.splits.map((sp) => ({ name: sp.name, share: sp.share, samples: bySplit(sp.name).length, frames: bySplit(sp.name).reduce((a, s) => a + s.frames.length, 0) })),
      coverage: { factors: plan.factors, cells: plan.cells, unreached: plan.unreached },
      samples: samples.map((s) => ({ id: s.id, scenario: s.scenario, seed: s.seed, split: s.split, path: s.path, cell: s.cell, frames: idsOf.get(s.path) ?? [], skipped: s.skipped })),
      files: Object.fromEntries([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    };
    writeAtomically(join(this.target, 'manifest.json'), formatJson(manifest));
    rmSync(join(this.target, PENDING), { force: true });
    return { frames: index.frames.length, classCounts: index.classCounts };
  }

  /**
   * A shard's end (`generate --shard`): manifest.json saying which shard of which plan it is, its
   * samples and their files; the per-split files are left to `longtail merge`. `verify` checks it
   * as a data set without formats (its samples number no frames: the merge does).
   */
  async finishShard(plan: PlanSummary, samples: readonly CommittedSample[], shard: Shard): Promise<void> {
    for (const d of INDEX_DIRS) rmSync(join(this.target, d), { recursive: true, force: true });
    const manifest: ShardManifest = {
      format: SHARD_FORMAT,
      generator: this.generator,
      shard: { index: shard.index, count: shard.count },
      options: this.options,
      plan,
      samples: samples.map((s) => ({ id: s.id, index: s.index, scenario: s.scenario, seed: s.seed, split: s.split, path: s.path, cell: s.cell, skipped: s.skipped, frames: [] as [] })),
      files: Object.fromEntries([...(await this.sampleHashes(samples)).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    };
    // verify reads a shard as a collection without formats: it needs these two keys.
    writeAtomically(join(this.target, 'manifest.json'), formatJson({ ...manifest, formats: [], splits: plan.splits }));
    rmSync(join(this.target, PENDING), { force: true });
  }

  /** Every sample file with its SHA-256 (as its own manifest records it), and each sample's manifest.json hashed. */
  private async sampleHashes(samples: readonly CommittedSample[]): Promise<Map<string, string>> {
    const files = new Map<string, string>();
    for (const s of samples) {
      const bytes = readFileSync(join(this.target, s.path, 'manifest.json'));
      files.set(`${s.path}/manifest.json`, await sha256Hex(bytes));
      const own = JSON.parse(new TextDecoder().decode(bytes)) as { files: Record<string, string> };
      for (const [p, h] of Object.entries(own.files)) files.set(`${s.path}/${p}`, h);
    }
    return files;
  }
}

/**
 * What is wrong with a committed sample's folder, or null: its manifest.json unreadable, a file it
 * lists missing or with another SHA-256, or a file it does not list (a path relative to the sample).
 */
export function sampleDamage(dir: string): string | null {
  let files: Record<string, string>;
  try {
    files = (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: Record<string, string> }).files;
    if (typeof files !== 'object' || files === null) return 'manifest.json: has no files';
  } catch (e) {
    return `manifest.json: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : `unreadable (${(e as Error).message})`}`;
  }
  for (const [p, hash] of Object.entries(files)) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(dir, p));
    } catch {
      return `${p}: missing`;
    }
    if (createHash('sha256').update(bytes).digest('hex') !== hash) return `${p}: changed since it was written (SHA-256 differs)`;
  }
  const extra = listFiles(dir).find((p) => p !== 'manifest.json' && !(p in files));
  return extra ? `${extra}: not the sample's` : null;
}

/** A shard's manifest.json as `longtail merge` reads it. */
export interface ShardManifest {
  readonly format: typeof SHARD_FORMAT;
  readonly generator: { readonly name: string; readonly version: string };
  readonly shard: { readonly index: number; readonly count: number };
  /** The recipe's record with `shard`: all but `shard` must agree between the shards of one data set. */
  readonly options: Record<string, unknown>;
  readonly plan: PlanSummary;
  /** Its samples, `frames` empty: a shard numbers no frames (the merge does; each sample's own manifest lists its frames). */
  readonly samples: readonly (Omit<CommittedSample, 'frames'> & { readonly frames: readonly [] })[];
  readonly files: Readonly<Record<string, string>>;
}

/** A recorded option's value as a person reads it: scenario files by path, others as JSON. */
function shown(key: string, v: unknown): string {
  if (key === 'scenarios' && Array.isArray(v)) return (v as { file: string; weight: number }[]).map((s) => (s.weight === 1 ? s.file : `${s.file} (weight ${s.weight})`)).join(', ');
  return JSON.stringify(v);
}

/** The options an earlier run recorded in `dir` (its manifest.json, or the pending marker of an unfinished run), or null if it is no Longtail data set. */
function readRecord(dir: string): Record<string, unknown> | null {
  for (const f of ['manifest.json', PENDING]) {
    try {
      const m = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { format?: string; options?: Record<string, unknown> };
      if ((m.format === COLLECTION_FORMAT || m.format === SHARD_FORMAT) && m.options) return m.options;
    } catch {
      // not there or not ours
    }
  }
  return null;
}
