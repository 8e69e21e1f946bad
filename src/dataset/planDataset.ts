// The sample plan: a pure function of the recipe and the data set seed that says, for every sample
// index, its scenario, its stratum cell, its split and the seeds to try. Any prefix of a plan is the
// plan of the shorter data set, so `--samples 6` makes exactly the first 6 samples of `--samples 9`.
import { LongtailError, Rng, ScenarioError } from '../core/index.ts';
import type { Expr, Program } from '../dsl/index.ts';
import { sample, type SceneSpec } from '../scenario/index.ts';
import { cellKey, LIGHT_VALUES, observedValues, WEATHER_VALUES, type Cell, type Factor } from './factors.ts';
import { ShareSequence, SplitDealer, type Split } from './splits.ts';

/** One scenario of a data set, with the recipe's overrides applied. */
export interface PlanScenario {
  /** The scenario's name (from its file), unique in the data set. */
  readonly name: string;
  readonly program: Program;
  /** Fixed parameter values (--set). */
  readonly params: ReadonlyMap<string, Expr>;
  /** Share of the samples relative to the other scenarios (default 1). */
  readonly weight: number;
}

export interface PlanOptions {
  readonly seed: number;
  readonly samples: number;
  readonly splits: readonly Split[];
  readonly splitBy: 'sample' | 'scenario';
  readonly factors: readonly Factor[];
  readonly resolution?: readonly [number, number];
  readonly physicsHz?: number;
}

/** Draws per scenario (and per combination of stratified parameter values) that find the cells it can reach. */
export const PROBE_DRAWS = 200;
/** Seeds tried for one sample before its cell is given up as out of reach. */
export const MAX_DRAWS = 20_000;

export interface PlannedSample {
  readonly index: number;
  /** Six-digit index: the folder samples/<id>/. */
  readonly id: string;
  /** Index into the plan's scenarios. */
  readonly scenario: number;
  readonly split: string;
  readonly cell: Cell;
  /** Parameter values: --set plus the stratified parameters' values of the cell. */
  readonly params: ReadonlyMap<string, Expr>;
}

export interface CellCoverage {
  readonly cell: Cell;
  readonly key: string;
  /** Scenarios (indices) that reach it. */
  readonly scenarios: readonly number[];
  /** Samples planned in it. */
  samples: number;
}

/** A cell some scenario was probed for and never reached. */
export interface UnreachedCell {
  readonly scenario: string;
  readonly key: string;
  /** How many draws of that scenario tried for it. */
  readonly draws: number;
}

export interface DatasetPlan {
  readonly scenarios: readonly PlanScenario[];
  readonly options: PlanOptions;
  readonly samples: readonly PlannedSample[];
  readonly cells: readonly CellCoverage[];
  readonly unreached: readonly UnreachedCell[];
  /** Split of each scenario when whole scenarios are held out (--split-by scenario). */
  readonly scenarioSplits: ReadonlyMap<string, string> | null;
}

/** The seed of try `attempt` of sample `index`: from the data set seed and those two only. */
export function sampleSeed(datasetSeed: number, index: number, attempt: number): number {
  return new Rng(datasetSeed, `sample ${index} try ${attempt}`).nextU32();
}

/** A stratified parameter's choice(...) alternatives, as (label, expression); or an error message. */
function paramChoices(s: PlanScenario, name: string): { label: string; expr: Expr }[] | string {
  const p = s.program.params.get(name);
  if (!p) return `scenario '${s.name}' has no parameter '${name}'${s.program.params.size ? ` (it has ${[...s.program.params.keys()].join(', ')})` : ''}`;
  const v = p.value;
  if (v.kind !== 'call' || v.callee !== 'choice') return `parameter '${name}' of scenario '${s.name}' (${s.program.file}:${p.span.line}) is not a choice(...), so it has no cells to stratify by`;
  const text = s.program.sources.get(p.span.file ?? s.program.file) ?? s.program.source;
  return v.args.map((a) => {
    const e = a.kind === 'weighted' ? a.value : a;
    return { label: exprText(text, e), expr: e };
  });
}

/** The source text of an expression, from its span (one line). */
function exprText(source: string, e: Expr): string {
  const line = source.split('\n')[e.span.line - 1] ?? '';
  return line.slice(e.span.col - 1, e.span.col - 1 + e.span.length).trim();
}

/**
 * Plan a data set. Throws a usage LongtailError when the recipe cannot be planned (a stratified
 * parameter missing, more splits than scenarios for --split-by scenario, no reachable cell).
 */
export function planDataset(scenarios: readonly PlanScenario[], options: PlanOptions): DatasetPlan {
  const { factors } = options;
  const names = new Set<string>();
  for (const s of scenarios) {
    if (names.has(s.name)) throw new LongtailError(`two scenarios are named '${s.name}'; a data set needs distinct scenario names (the 'scenario' line of each file)`, 'usage');
    names.add(s.name);
  }
  // Stratified parameters: the choice alternatives of each, per scenario (labels must agree).
  const paramFactors = factors.flatMap((f, i) => (f.kind === 'param' ? [{ i, name: f.name }] : []));
  const choices = scenarios.map((s) =>
    paramFactors.map(({ name }) => {
      const c = paramChoices(s, name);
      if (typeof c === 'string') throw new LongtailError(`--stratify param:${name}: ${c}`, 'usage');
      return c;
    }),
  );

  // Probe: which cells each scenario reaches, with each combination of the parameter values fixed.
  const reach = new Map<string, { cell: Cell; scenarios: Set<number> }>();
  const unreached: UnreachedCell[] = [];
  const observedFactors = factors.filter((f) => f.kind === 'light' || f.kind === 'weather');
  scenarios.forEach((s, si) => {
    for (const combo of combinations(choices[si]!.map((c) => c.length))) {
      const params = withChoices(s.params, paramFactors, choices[si]!, combo);
      const seen = new Set<string>();
      if (observedFactors.length > 0) {
        let failed: ScenarioError | null = null;
        for (let k = 0; k < PROBE_DRAWS; k++) {
          const spec = trySample(s, params, options, new Rng(options.seed, `probe ${s.name} ${combo.join(',')} ${k}`).nextU32());
          if (spec instanceof ScenarioError) failed = spec;
          else seen.add(JSON.stringify(cellOf(factors, s, spec, paramFactors, choices[si]!, combo)));
        }
        if (seen.size === 0 && failed) throw failed;
      } else seen.add(JSON.stringify(cellOf(factors, s, null, paramFactors, choices[si]!, combo)));
      for (const c of seen) {
        const cell = JSON.parse(c) as string[];
        const key = cellKey(factors, cell);
        if (!reach.has(key)) reach.set(key, { cell, scenarios: new Set() });
        reach.get(key)!.scenarios.add(si);
      }
      // The cells of this scenario and combination that its draws never showed.
      if (observedFactors.length > 0) {
        for (const cell of domainCells(factors, s, paramFactors, choices[si]!, combo)) {
          if (!seen.has(JSON.stringify(cell))) unreached.push({ scenario: s.name, key: cellKey(factors, cell), draws: PROBE_DRAWS });
        }
      }
    }
  });
  const order = (cell: Cell) => cellOrder(factors, scenarios, choices, cell);
  const cells: CellCoverage[] = [...reach.entries()]
    .map(([key, r]) => ({ cell: r.cell, key, scenarios: [...r.scenarios].sort((a, b) => a - b), samples: 0 }))
    .sort((a, b) => compareArrays(order(a.cell), order(b.cell)));

  const scenarioSplits = options.splitBy === 'scenario' ? splitScenarios(scenarios, options) : null;
  const dealer = new SplitDealer(options.splits.map((x) => x.share));
  const scenarioSeqs = new Map<string, { seq: ShareSequence; next: number }>();
  const samples: PlannedSample[] = [];
  for (let i = 0; i < options.samples; i++) {
    // Strata in turn (equal counts ±1), then the scenario among those that reach the cell, by weight.
    const c = factors.length > 0 ? cells[i % cells.length]! : cells[0]!;
    c.samples++;
    const pool = c.scenarios;
    if (!scenarioSeqs.has(c.key)) scenarioSeqs.set(c.key, { seq: new ShareSequence(pool.map((k) => scenarios[k]!.weight)), next: 0 });
    const ss = scenarioSeqs.get(c.key)!;
    const si = pool[ss.seq.at(ss.next++)]!;
    const s = scenarios[si]!;
    const combo = paramFactors.map(({ i: fi }, j) => choices[si]![j]!.findIndex((ch) => ch.label === c.cell[fi]));
    let split: string;
    if (scenarioSplits) split = scenarioSplits.get(s.name)!;
    else {
      // Split by the shares within each (cell, scenario) group and over the whole data set at once.
      split = options.splits[dealer.deal(`${c.key} ${s.name}`)]!.name;
    }
    samples.push({ index: i, id: String(i).padStart(6, '0'), scenario: si, split, cell: c.cell, params: withChoices(s.params, paramFactors, choices[si]!, combo) });
  }
  return { scenarios, options, samples, cells, unreached, scenarioSplits };
}

/** A seed passed over, and why (its scene could not be sampled, or its event never happened). */
export interface SkippedSeed {
  readonly seed: number;
  readonly reason: string;
}

/** Seeds in a row whose scenes fail to sample before the failure is taken for an error of the scenario, not of its seeds. */
export const MAX_FAILED_IN_A_ROW = 100;

/**
 * Draw sample `s`'s scene from try `attempt` on: the first seed whose scene samples (its
 * requirements met) and falls in the sample's cell. Returns the scene and the try it came from
 * (the caller resumes from the next try when the browser finds the scene unusable), and the seeds
 * that failed to sample on the way (seeds of other cells are passed over without a record).
 */
export function drawSample(plan: DatasetPlan, s: PlannedSample, attempt: number): { spec: SceneSpec; attempt: number; seed: number; skipped: SkippedSeed[] } {
  const sc = plan.scenarios[s.scenario]!;
  const factors = plan.options.factors;
  const skipped: SkippedSeed[] = [];
  let inARow = 0;
  for (let a = attempt; a < attempt + MAX_DRAWS; a++) {
    const seed = sampleSeed(plan.options.seed, s.index, a);
    const spec = trySample(sc, s.params, plan.options, seed);
    if (spec instanceof ScenarioError) {
      if (++inARow >= MAX_FAILED_IN_A_ROW) throw spec;
      skipped.push({ seed, reason: spec.diagnostics[0]?.message ?? spec.message.split('\n')[0]! });
      continue;
    }
    inARow = 0;
    const seen = observedValues(factors, sc.name, spec);
    if (seen.every((v, i) => v === null || v === s.cell[i])) return { spec, attempt: a, seed, skipped };
  }
  throw new LongtailError(
    `sample ${s.id} (${sc.name}, ${cellKey(factors, s.cell)}): no seed of ${MAX_DRAWS} tried from try ${attempt} on samples into its cell`,
    'scenario',
  );
}

/** The scene of a seed, or the ScenarioError that sampling it threw (requirements not met in the sampler's tries, a value out of range). */
function trySample(s: PlanScenario, params: ReadonlyMap<string, Expr>, o: PlanOptions, seed: number): SceneSpec | ScenarioError {
  try {
    return sample(s.program, { seed, params, ...(o.resolution ? { resolution: o.resolution } : {}), ...(o.physicsHz ? { physicsHz: o.physicsHz } : {}) });
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
}

function withChoices(base: ReadonlyMap<string, Expr>, pf: readonly { name: string }[], choices: readonly { expr: Expr }[][], combo: readonly number[]): Map<string, Expr> {
  const out = new Map(base);
  pf.forEach(({ name }, j) => out.set(name, choices[j]![combo[j]!]!.expr));
  return out;
}

function cellOf(factors: readonly Factor[], s: PlanScenario, spec: SceneSpec | null, pf: readonly { i: number }[], choices: readonly { label: string }[][], combo: readonly number[]): Cell {
  const seen = spec ? observedValues(factors, s.name, spec) : factors.map((f) => (f.kind === 'scenario' ? s.name : null));
  pf.forEach(({ i }, j) => (seen[i] = choices[j]![combo[j]!]!.label));
  return seen.map((v) => v ?? '');
}

/** Every cell a scenario with fixed parameter values could be in, by the factors' domains. */
function domainCells(factors: readonly Factor[], s: PlanScenario, pf: readonly { i: number }[], choices: readonly { label: string }[][], combo: readonly number[]): Cell[] {
  const domains = factors.map((f, i) => {
    if (f.kind === 'scenario') return [s.name];
    if (f.kind === 'light') return [...LIGHT_VALUES];
    if (f.kind === 'weather') return [...WEATHER_VALUES];
    const j = pf.findIndex((p) => p.i === i);
    return [choices[j]![combo[j]!]!.label];
  });
  return combinations(domains.map((d) => d.length)).map((idx) => idx.map((k, i) => domains[i]![k]!));
}

/** The position of each of a cell's values in its factor's domain, for a fixed order of cells. */
function cellOrder(factors: readonly Factor[], scenarios: readonly PlanScenario[], choices: { label: string }[][][], cell: Cell): number[] {
  return factors.map((f, i) => {
    const v = cell[i]!;
    if (f.kind === 'scenario') return scenarios.findIndex((s) => s.name === v);
    if (f.kind === 'light') return (LIGHT_VALUES as readonly string[]).indexOf(v);
    if (f.kind === 'weather') return (WEATHER_VALUES as readonly string[]).indexOf(v);
    const labels = [...new Set(choices.flatMap((c) => c[factors.slice(0, i).filter((g) => g.kind === 'param').length]!.map((x) => x.label)))];
    return labels.indexOf(v);
  });
}

/** Whole scenarios to splits: one to each split first (in a seeded order), the rest to the split that lags its share most. */
function splitScenarios(scenarios: readonly PlanScenario[], o: PlanOptions): Map<string, string> {
  if (scenarios.length < o.splits.length) {
    throw new LongtailError(`--split-by scenario needs at least one scenario per split: ${o.splits.length} splits (${o.splits.map((s) => s.name).join(', ')}) but ${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}`, 'usage');
  }
  const rng = new Rng(o.seed, 'split-by-scenario');
  const order = scenarios.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.nextU32() % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const total = scenarios.reduce((a, s) => a + s.weight, 0);
  const got = o.splits.map(() => 0);
  const out = new Map<string, string>();
  order.forEach((si, k) => {
    let j = k;
    if (k >= o.splits.length) {
      let lag = -Infinity;
      o.splits.forEach((sp, jj) => {
        const l = sp.share - got[jj]! / total;
        if (l > lag + 1e-12) {
          lag = l;
          j = jj;
        }
      });
    }
    got[j]! += scenarios[si]!.weight;
    out.set(scenarios[si]!.name, o.splits[j]!.name);
  });
  return out;
}

/** Every index tuple of a product of sizes, last index fastest; one empty tuple for no sizes. */
function combinations(sizes: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const n of sizes) out = out.flatMap((t) => Array.from({ length: n }, (_, k) => [...t, k]));
  return out;
}

function compareArrays(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
