// Static types of expressions: what a value is, checked before anything is sampled.
import type { Dimension } from './units.ts';

export type ValueType =
  | { readonly t: 'quantity'; readonly dim: Dimension }
  | { readonly t: 'clock' }
  | { readonly t: 'size' }
  | { readonly t: 'string' }
  | { readonly t: 'word' }
  | { readonly t: 'bool' }
  | { readonly t: 'tuple'; readonly items: readonly ValueType[] };

export const Q = (dim: Dimension): ValueType => ({ t: 'quantity', dim });

export function typeName(v: ValueType): string {
  switch (v.t) {
    case 'quantity':
      return v.dim === 'none' ? 'a plain number' : `a ${v.dim === 'length' ? 'distance' : v.dim === 'accel' ? 'deceleration' : v.dim}`;
    case 'clock':
      return 'a clock time';
    case 'size':
      return 'an image size';
    case 'string':
      return 'a string';
    case 'word':
      return 'a word';
    case 'bool':
      return 'a condition';
    case 'tuple':
      return `a list of ${v.items.length} values`;
  }
}
