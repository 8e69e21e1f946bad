// `longtail merge`: the shards of one data set (`generate --shard i/n`) joined into the data set a
// single run would have made, byte for byte: the samples linked (or copied) in, then the per-split
// label files and manifest.json written as generate writes them.
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { LongtailError } from '../core/index.ts';
import { shardOf, type PlanSummary } from '../dataset/index.ts';
import { DEFAULT_LABEL_RULE, parseFormats, type ExportFormat } from '../export/index.ts';
import { helpText, parseArgs, usageError, type CommandSpec } from './args.ts';
import { COLLECTION_FORMAT, DatasetFolder, sampleDamage, SHARD_FORMAT, type CommittedSample, type ShardManifest } from './DatasetFolder.ts';
import { summaryTable } from './generateSummary.ts';
import { listFiles } from './listFiles.ts';
import { zipFolder } from './ZipFileSink.ts';

export const MERGE: CommandSpec = {
  name: 'merge',
  usage: 'longtail merge <shard folder>... --out <dir> [options]',
  summary:
    'Join the shards of one data set (made by `longtail generate --shard i/n`, same options) into the\n' +
    'data set one run would have made, byte for byte. Refuses shards of different recipes, a shard\n' +
    'given twice, and names the shards (or samples) missing. Run again on the same --out to continue.',
  options: [
    { name: 'out', value: '<dir>', help: 'the data set folder to make (required)' },
    { name: 'formats', value: '<list>', help: "label formats beside native (default: the shards' own)" },
    { name: 'zip', help: 'when the data set is complete, pack it into <out>.zip and remove the folder' },
    { name: 'quiet', help: 'print only the summary' },
    { name: 'help', help: 'show this help' },
  ],
};

export async function mergeCommand(argv: string[]): Promise<number> {
  const args = parseArgs(MERGE, argv);
  if (args.options.has('help')) return (process.stdout.write(helpText(MERGE)), 0);
  const out = args.options.get('out');
  if (typeof out !== 'string') throw usageError(MERGE, 'give the data set folder to make with --out <dir>');
  if (args.positional.length === 0) throw usageError(MERGE, 'name the shard folders to join');
  const formatsText = args.options.get('formats');
  const formats = typeof formatsText === 'string' ? parseFormats(formatsText) : undefined;
  if (typeof formats === 'string') throw usageError(MERGE, `--formats: ${formats}`);
  const quiet = args.options.has('quiet');
  const r = await runMerge(args.positional, { out, ...(formats ? { formats } : {}), log: quiet ? () => {} : (m) => process.stderr.write(`${m}\n`) });
  let target = r.target;
  if (args.options.has('zip')) target = await zipFolder(r.target);
  process.stdout.write(summaryTable(r.plan, r.samples, r.classCounts, r.frames));
  process.stdout.write(`merged ${r.shards} shards: ${r.samples.length} samples, ${r.frames} frames into ${relative(process.cwd(), target) || '.'}${r.kept ? ` (${r.kept} samples kept from an earlier merge)` : ''}\n`);
  return 0;
}

export interface MergeResult {
  readonly target: string;
  readonly plan: PlanSummary;
  readonly samples: readonly CommittedSample[];
  readonly classCounts: Map<string, Map<string, number>>;
  readonly frames: number;
  readonly shards: number;
  /** Samples already in --out from an earlier merge, checked and kept. */
  readonly kept: number;
}

interface ReadShard {
  readonly dir: string;
  readonly manifest: ShardManifest;
}

/** Check the shards against each other and join them into `out`. Throws a LongtailError naming what is wrong before anything is written. */
export async function runMerge(dirs: readonly string[], opts: { out: string; formats?: readonly ExportFormat[]; log?: (m: string) => void }): Promise<MergeResult> {
  const log = opts.log ?? (() => {});
  const shards = dirs.map(readShard);
  const first = shards[0]!;
  const { shard: _s, ...record } = first.manifest.options;
  const count = first.manifest.shard.count;
  for (const sh of shards.slice(1)) {
    const { shard: _t, ...other } = sh.manifest.options;
    const differs = Object.keys({ ...record, ...other }).find((k) => JSON.stringify(record[k]) !== JSON.stringify(other[k]));
    if (differs) throw new LongtailError(`${sh.dir} and ${first.dir} are shards of different data sets: ${differs} is ${JSON.stringify(other[differs])} in one and ${JSON.stringify(record[differs])} in the other`, 'usage');
    if (JSON.stringify(sh.manifest.generator) !== JSON.stringify(first.manifest.generator)) {
      throw new LongtailError(`${sh.dir} was made by ${sh.manifest.generator.name} ${sh.manifest.generator.version} and ${first.dir} by ${first.manifest.generator.version}: shards must come from one version to make one data set`, 'usage');
    }
    if (sh.manifest.shard.count !== count) throw new LongtailError(`${sh.dir} is a shard of ${sh.manifest.shard.count} and ${first.dir} of ${count}`, 'usage');
  }
  const byIndex = new Map<number, ReadShard>();
  for (const sh of shards) {
    const other = byIndex.get(sh.manifest.shard.index);
    if (other) throw new LongtailError(`${sh.dir} and ${other.dir} are both shard ${sh.manifest.shard.index}/${count}; give each shard once`, 'usage');
    byIndex.set(sh.manifest.shard.index, sh);
  }
  const missing = [...Array(count).keys()].filter((i) => !byIndex.has(i));
  if (missing.length) {
    throw new LongtailError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} of this data set: make ${missing.length > 1 ? 'them' : 'it'} with the same longtail generate command and --shard ${missing[0]}/${count}${missing.length > 1 ? ' (and so on)' : ''}, then merge again`, 'usage');
  }
  const plan = first.manifest.plan;
  // Every planned sample exactly once, in the shard the assignment gives it.
  const samples = new Map<number, { sample: ShardManifest['samples'][number]; dir: string }>();
  for (const sh of shards) {
    for (const s of sh.manifest.samples) {
      if (shardOf(s.index, count) !== sh.manifest.shard.index) throw new LongtailError(`${sh.dir}: sample ${s.id} belongs to shard ${shardOf(s.index, count)}/${count}, not ${sh.manifest.shard.index}/${count}`, 'usage');
      samples.set(s.index, { sample: s, dir: sh.dir });
    }
  }
  const absent = [...Array(plan.samples).keys()].filter((i) => !samples.has(i));
  if (absent.length) throw new LongtailError(`samples ${absent.slice(0, 10).map((i) => String(i).padStart(6, '0')).join(', ')}${absent.length > 10 ? ', ...' : ''} are in no shard; the shards' manifests are not of one plan`, 'usage');

  const target = resolve(opts.out);
  const inside = shards.find((sh) => target === sh.dir || target.startsWith(sh.dir + '/') || sh.dir.startsWith(target + '/'));
  if (inside) throw new LongtailError(`--out ${opts.out} overlaps the shard ${inside.dir}; merge into a folder of its own`, 'usage');
  const folder = DatasetFolder.open(opts.out, record, first.manifest.generator);
  const committed: CommittedSample[] = [];
  let kept = 0;
  for (let i = 0; i < plan.samples; i++) {
    const { sample: s, dir } = samples.get(i)!;
    const here = folder.committed(s);
    if (here && !('damaged' in here)) {
      committed.push(here);
      kept++;
      continue;
    }
    const from = join(dir, s.path);
    const damage = sampleDamage(from);
    if (damage) throw new LongtailError(`${from}/${damage}; run that shard's generate again to make the sample anew, then merge`, 'io');
    copySample(from, folder.samplePath(s));
    // Its files were checked against their hashes at the source just above: read its manifest only.
    const c = folder.sample(s);
    if (!c) throw new LongtailError(`${folder.samplePath(s)}: the sample's manifest is not of this plan after copying`, 'io');
    committed.push(c);
  }
  log(`joined ${committed.length} samples of ${count} shards; writing the per-split label files and manifest.json`);
  const formats = opts.formats ?? (record.formats as ExportFormat[]);
  const rule = { minPixels: (record.min_pixels as number | undefined) ?? DEFAULT_LABEL_RULE.minPixels, minContrast: (record.min_contrast as number | undefined) ?? DEFAULT_LABEL_RULE.minContrast };
  const index = await folder.finish(plan, committed, formats, rule);
  return { target: folder.target, plan, samples: committed, classCounts: index.classCounts, frames: index.frames, shards: count, kept };
}

function readShard(dir: string): ReadShard {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) {
    if (existsSync(join(dir, '.longtail-pending.json'))) throw new LongtailError(`${dir}: the shard is not finished (its generate was stopped): run the same longtail generate --shard command again to finish it`, 'usage');
    throw new LongtailError(`${dir}: not a Longtail shard (no manifest.json)`, 'usage');
  }
  let m: ShardManifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as ShardManifest;
  } catch (e) {
    throw new LongtailError(`${file}: not JSON: ${(e as Error).message}`, 'io');
  }
  if ((m.format as string) === COLLECTION_FORMAT) throw new LongtailError(`${dir}: a whole data set, not a shard (made without --shard): there is nothing to merge`, 'usage');
  if (m.format !== SHARD_FORMAT) throw new LongtailError(`${file}: not a Longtail shard (format ${JSON.stringify(m.format)}, expected "${SHARD_FORMAT}")`, 'usage');
  return { dir: resolve(dir), manifest: m };
}

/** Put a sample's files at `to` through a hidden sibling and a rename: hard links where the file system allows, else copies. */
function copySample(from: string, to: string): void {
  const temp = join(dirname(to), `.${to.split('/').pop()}.tmp-${process.pid}`);
  rmSync(temp, { recursive: true, force: true });
  try {
    for (const p of listFiles(from)) {
      const dst = join(temp, p);
      mkdirSync(dirname(dst), { recursive: true });
      try {
        linkSync(join(from, p), dst);
      } catch {
        copyFileSync(join(from, p), dst);
      }
    }
    renameSync(temp, to);
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    throw new LongtailError(`cannot write ${to}: ${(e as Error).message}`, 'io');
  }
}
