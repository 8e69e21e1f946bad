import type { Rng } from '../core/index.ts';
import { UNITS, type Expr } from '../dsl/index.ts';

export type Value = number | number[] | { w: number; h: number } | string;

/**
 * Evaluate a checked expression to SI values, drawing random values from `rng`.
 * `scale` is the factor of an enclosing unit, applied to the plain numbers it covers.
 */
export function evaluate(e: Expr, rng: Rng, scale = 1): Value {
  switch (e.kind) {
    case 'number':
      return e.value * scale;
    case 'clock':
      return e.seconds;
    case 'size':
      return { w: e.width, h: e.height };
    case 'string':
      return e.value;
    case 'name':
      return e.name;
    case 'unit':
      return evaluate(e.expr, rng, scale * UNITS[e.unit]!.factor);
    case 'tuple':
      return e.items.map((i) => num(evaluate(i, rng, scale)));
    case 'unary':
      return -num(evaluate(e.operand, rng, scale));
    case 'call': {
      // Draw bounds first (they may be random too), then the value: a fixed order keeps streams stable.
      const lo = num(evaluate(e.args[0]!, rng, scale));
      const hi = num(evaluate(e.args[1]!, rng, scale));
      return rng.uniform(Math.min(lo, hi), Math.max(lo, hi));
    }
    case 'binary': {
      const l = num(evaluate(e.left, rng, scale));
      // A unit around a product or quotient scales it once: give it to the left side only.
      const r = num(evaluate(e.right, rng, e.op === '+' || e.op === '-' ? scale : 1));
      switch (e.op) {
        case '+':
          return l + r;
        case '-':
          return l - r;
        case '*':
          return l * r;
        case '/':
          return l / r;
      }
    }
  }
}

export function num(v: Value): number {
  if (typeof v !== 'number') throw new Error(`internal: expected a number, got ${JSON.stringify(v)}`);
  return v;
}
