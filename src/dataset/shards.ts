// Which samples a shard makes: stated once here for `generate --shard`, `merge` and the docs
// (docs/scale-out.md). Sample k goes to shard k mod n: the plan deals samples out over its cells and
// scenarios in turn, so every shard gets every n-th of them, the same mix of scenarios and cells
// within one sample, and so about the same cost.

export interface Shard {
  /** 0-based. */
  readonly index: number;
  readonly count: number;
}

/** The shard of sample `sampleIndex` among `count` shards. */
export function shardOf(sampleIndex: number, count: number): number {
  return sampleIndex % count;
}

/** Parse `i/n` (0 ≤ i < n ≤ 100000), as Slurm's ${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT} give it; or an error message. */
export function parseShard(text: string): Shard | string {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return `shard must be <i>/<n>, such as 0/4 (0-based), not '${text}'`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > 100_000) return `shard count ${count} must be from 1 to 100000`;
  if (index >= count) return `shard ${index} of ${count} does not exist: shards are numbered 0 to ${count - 1}`;
  return { index, count };
}

export function shardName(s: Shard): string {
  return `${s.index}/${s.count}`;
}
