// Splits: named shares of the samples, and the order that deals samples out to them.

export interface Split {
  readonly name: string;
  readonly share: number;
}

export const DEFAULT_SPLITS = 'train=0.8,val=0.1,test=0.1';

/** Parse `train=0.8,val=0.1,test=0.1`: the splits, or an error message saying what is wrong. */
export function parseSplits(text: string): Split[] | string {
  const out: Split[] = [];
  for (const part of text.split(',').map((s) => s.trim())) {
    const m = /^([A-Za-z0-9_-]+)=(\d*\.?\d+)$/.exec(part);
    if (!m) return `'${part}' is not name=share (such as train=0.8)`;
    const share = Number(m[2]);
    if (!(share > 0 && share <= 1)) return `the share of '${m[1]}' must be above 0 and at most 1, not ${m[2]}`;
    if (out.some((s) => s.name === m[1])) return `split '${m[1]}' given twice`;
    out.push({ name: m[1]!, share });
  }
  const sum = out.reduce((a, s) => a + s.share, 0);
  if (Math.abs(sum - 1) > 1e-9) return `the shares add up to ${+sum.toFixed(9)}, not 1`;
  return out;
}

/**
 * Deals positions 0, 1, 2, … out to parts with the given shares (splits; scenario weights): at
 * position p the part whose count lags its share the most, (p + 1)·share − count, the first in
 * order on a tie. The first n positions hold each share within ±1 (test/dataset/plan.test.ts): a
 * largest-remainder rounding that never revises an earlier position, so a longer data set keeps
 * the shorter one's choices.
 */
export class ShareSequence {
  private readonly seq: number[] = [];
  private readonly counts: number[];
  private readonly shares: number[];

  constructor(weights: readonly number[]) {
    const sum = weights.reduce((a, w) => a + w, 0);
    this.shares = weights.map((w) => w / sum);
    this.counts = weights.map(() => 0);
  }

  /** The part (index into the weights) of position p. */
  at(p: number): number {
    while (this.seq.length <= p) {
      const n = this.seq.length + 1;
      let best = 0;
      let lag = -Infinity;
      this.shares.forEach((share, j) => {
        const l = n * share - this.counts[j]!;
        if (l > lag + 1e-12) {
          lag = l;
          best = j;
        }
      });
      this.counts[best]!++;
      this.seq.push(best);
    }
    return this.seq[p]!;
  }
}

/**
 * Deals samples to splits so that both the whole data set and each group of samples (a stratum
 * cell and scenario) keep the shares: a sample goes to the split whose lag, (n + 1)·share − count,
 * added over its group and the whole data set is the largest (the first on a tie). Every split gets
 * its share of every group, and a small data set of many small groups still fills val and test
 * (24 samples over the 11 shipped scenes: 19/3/2 at 0.8/0.1/0.1). Each choice depends only on the
 * samples before it: the prefix property.
 */
export class SplitDealer {
  private readonly total: number[];
  private n = 0;
  private readonly groups = new Map<string, { n: number; counts: number[] }>();

  constructor(private readonly shares: readonly number[]) {
    this.total = shares.map(() => 0);
  }

  /** The split (index into the shares) of the next sample, which belongs to `group`. */
  deal(group: string): number {
    let g = this.groups.get(group);
    if (!g) this.groups.set(group, (g = { n: 0, counts: this.shares.map(() => 0) }));
    let best = 0;
    let lag = -Infinity;
    this.shares.forEach((share, j) => {
      const l = (g.n + 1) * share - g.counts[j]! + (this.n + 1) * share - this.total[j]!;
      if (l > lag + 1e-12) {
        lag = l;
        best = j;
      }
    });
    g.n++;
    g.counts[best]!++;
    this.n++;
    this.total[best]!++;
    return best;
  }
}
