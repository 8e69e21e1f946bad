import { normalDraw, type Rng } from '../core/index.ts';
import { UNITS, type Expr } from '../dsl/index.ts';

export type Value = number | boolean | number[] | { w: number; h: number } | string;

/** What an expression can see besides its random stream. */
export interface Scope {
  /** A parameter's value (sampled once per scene), or undefined if `name` is no parameter. */
  param(name: string): Value | undefined;
  /** Distance between two placed entities' positions, metres. */
  distance(a: string, b: string): number;
  /** `visible target [from camera]` at t = 0. */
  visible(target: string, camera: string | null): boolean;
}

/** Scope for values that may use parameters only (road, environment). */
export const NO_ENTITIES = (param: Scope['param']): Scope => ({
  param,
  distance: () => {
    throw new Error('internal: distance() outside a requirement');
  },
  visible: () => {
    throw new Error('internal: visible outside a requirement');
  },
});

/**
 * Evaluate a checked expression to SI values, drawing random values from `rng`.
 * `scale` is the factor of an enclosing unit, applied to the plain numbers it covers.
 */
export function evaluate(e: Expr, rng: Rng, scope: Scope, scale = 1): Value {
  switch (e.kind) {
    case 'number':
      return e.value * scale;
    case 'clock':
      return e.seconds;
    case 'size':
      return { w: e.width, h: e.height };
    case 'string':
      return e.value;
    case 'name': {
      const p = scope.param(e.name);
      if (p === undefined) return e.name;
      // A plain-number parameter under a unit is scaled like any plain number (`at n km`).
      if (typeof p === 'number') return p * scale;
      if (Array.isArray(p)) return p.map((v) => v * scale);
      return p;
    }
    case 'unit':
      return evaluate(e.expr, rng, scope, scale * UNITS[e.unit]!.factor);
    case 'tuple':
      return e.items.map((i) => num(evaluate(i, rng, scope, scale)));
    case 'unary':
      return -num(evaluate(e.operand, rng, scope, scale));
    case 'weighted':
      return evaluate(e.value, rng, scope, scale);
    case 'call':
      return call(e, rng, scope, scale);
    case 'binary': {
      const l = num(evaluate(e.left, rng, scope, scale));
      // A unit around a product or quotient scales it once: give it to the left side only.
      const r = num(evaluate(e.right, rng, scope, e.op === '+' || e.op === '-' ? scale : 1));
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
    // falls through: every case above returns
    case 'compare': {
      const l = num(evaluate(e.left, rng, scope, scale));
      const r = num(evaluate(e.right, rng, scope, scale));
      switch (e.op) {
        case '<':
          return l < r;
        case '<=':
          return l <= r;
        case '>':
          return l > r;
        case '>=':
          return l >= r;
        case '==':
          return l === r;
        case '!=':
          return l !== r;
      }
    }
    // falls through: every case above returns
    case 'logic': {
      // Both sides are always evaluated: a fixed number of draws keeps streams stable.
      const l = evaluate(e.left, rng, scope, scale) === true;
      const r = evaluate(e.right, rng, scope, scale) === true;
      return e.op === 'and' ? l && r : l || r;
    }
    case 'not':
      return evaluate(e.operand, rng, scope, scale) !== true;
    case 'visible':
      return scope.visible(e.target, e.camera);
    case 'distanceTo':
    case 'onRoad':
    case 'speedOf':
    case 'hits':
      // The checker keeps running values inside when/event/end conditions, which compile to specs.
      throw new Error(`internal: '${e.kind}' evaluated while sampling`);
  }
}

function call(e: Extract<Expr, { kind: 'call' }>, rng: Rng, scope: Scope, scale: number): Value {
  const arg = (i: number) => num(evaluate(e.args[i]!, rng, scope, scale));
  switch (e.callee) {
    case 'uniform': {
      // Bounds first (they may be random too), then the value: a fixed order keeps streams stable.
      const lo = arg(0);
      const hi = arg(1);
      return rng.uniform(Math.min(lo, hi), Math.max(lo, hi));
    }
    case 'normal': {
      const mean = arg(0);
      const sd = Math.abs(arg(1));
      if (e.args.length === 2) return mean + sd * normalDraw(rng);
      // Each bound is evaluated once (they may be random): a, then b.
      const a = arg(2);
      const b = arg(3);
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      // Truncated by rejection; a window far in the tail falls back to its nearest bound.
      for (let i = 0; i < 1000; i++) {
        const v = mean + sd * normalDraw(rng);
        if (v >= lo && v <= hi) return v;
      }
      return mean < lo ? lo : mean > hi ? hi : mean;
    }
    case 'randint': {
      const a = arg(0);
      const b = arg(1);
      const lo = Math.ceil(Math.min(a, b));
      const hi = Math.floor(Math.max(a, b));
      return rng.int(lo, hi);
    }
    case 'choice': {
      const weights = e.args.map((a) => (a.kind === 'weighted' ? Math.max(0, num(evaluate(a.weight, rng, scope))) : 1));
      const total = weights.reduce((a, b) => a + b, 0);
      let u = rng.next() * total;
      let pick = e.args.length - 1;
      for (let i = 0; i < weights.length; i++) {
        if (u < weights[i]!) {
          pick = i;
          break;
        }
        u -= weights[i]!;
      }
      return evaluate(e.args[pick]!, rng, scope, scale);
    }
    case 'distance': {
      const [a, b] = e.args as [Extract<Expr, { kind: 'name' }>, Extract<Expr, { kind: 'name' }>];
      return scope.distance(a.name, b.name);
    }
    default:
      throw new Error(`internal: unknown function ${e.callee}`);
  }
}

export function num(v: Value): number {
  if (typeof v !== 'number') throw new Error(`internal: expected a number, got ${JSON.stringify(v)}`);
  return v;
}
