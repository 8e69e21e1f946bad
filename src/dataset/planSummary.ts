// What a data set's manifest says of its plan, and all that merging shards needs of it: each shard
// records it, so `longtail merge` needs neither the scenario files nor a new plan.
import { factorName } from './factors.ts';
import type { DatasetPlan } from './planDataset.ts';

export interface PlanSummary {
  readonly seed: number;
  /** Samples planned in the whole data set. */
  readonly samples: number;
  readonly splits: readonly { readonly name: string; readonly share: number }[];
  readonly factors: readonly string[];
  readonly cells: readonly { readonly key: string; readonly samples: number; readonly scenarios: readonly string[] }[];
  readonly unreached: readonly { readonly scenario: string; readonly cell: string; readonly draws: number }[];
}

export function planSummary(plan: DatasetPlan): PlanSummary {
  return {
    seed: plan.options.seed,
    samples: plan.samples.length,
    splits: plan.options.splits.map((s) => ({ name: s.name, share: s.share })),
    factors: plan.options.factors.map(factorName),
    cells: plan.cells.map((c) => ({ key: c.key, samples: c.samples, scenarios: c.scenarios.map((i) => plan.scenarios[i]!.name) })),
    unreached: plan.unreached.map((u) => ({ scenario: u.scenario, cell: u.key, draws: u.draws })),
  };
}
