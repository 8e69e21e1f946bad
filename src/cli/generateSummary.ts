// The summary `longtail generate` prints at the end: what the data set holds, as plain tables.
import type { PlanSummary } from '../dataset/index.ts';
import type { CommittedSample } from './DatasetFolder.ts';

/** Rows of cells, columns padded; the first row is the header. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => (r[j] ?? '').length)));
  return rows.map((r) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ').trimEnd()).join('\n') + '\n';
}

/** Samples and frames per split, objects per class per split, samples per stratum cell, skipped seeds. */
export function summaryTable(plan: PlanSummary, samples: readonly CommittedSample[], classCounts: ReadonlyMap<string, ReadonlyMap<string, number>>, frames: number): string {
  const splits = plan.splits.map((s) => s.name);
  const out: string[] = [];
  out.push(
    table([
      ['split', 'samples', 'frames'],
      ...splits.map((sp) => {
        const ss = samples.filter((s) => s.split === sp);
        return [sp, String(ss.length), String(ss.reduce((a, s) => a + s.frames.length, 0))];
      }),
      ['total', String(samples.length), String(frames)],
    ]),
  );
  const classes = [...new Set([...classCounts.values()].flatMap((m) => [...m.keys()]))].sort();
  if (classes.length > 0) out.push(table([['objects', ...splits], ...classes.map((c) => [c, ...splits.map((sp) => String(classCounts.get(sp)?.get(c) ?? 0))])]));
  if (plan.factors.length > 0) {
    out.push(table([['cell', 'samples', 'scenarios'], ...plan.cells.map((c) => [c.key, String(c.samples), c.scenarios.join(' ')])]));
    if (plan.unreached.length > 0) out.push(table([['never reached', 'scenario', 'draws'], ...plan.unreached.map((u) => [u.cell, u.scenario, String(u.draws)])]));
  }
  const skipped = samples.flatMap((s) => s.skipped.map((k) => [s.id, String(k.seed), k.reason]));
  out.push(skipped.length > 0 ? table([['skipped: sample', 'seed', 'reason'], ...skipped]) : 'no seed was skipped\n');
  return out.join('\n');
}
