// The syntax tree. Every node keeps its span so the checker and sampler can point at it.
import type { Span } from './tokens.ts';

export type Expr =
  | { readonly kind: 'number'; readonly value: number; readonly span: Span }
  | { readonly kind: 'clock'; readonly seconds: number; readonly span: Span }
  | { readonly kind: 'size'; readonly width: number; readonly height: number; readonly span: Span }
  | { readonly kind: 'string'; readonly value: string; readonly span: Span }
  | { readonly kind: 'name'; readonly name: string; readonly span: Span }
  /** `expr unit`: a quantity; applies to every unitless number inside (`uniform(60, 90) km/h`). */
  | { readonly kind: 'unit'; readonly expr: Expr; readonly unit: string; readonly unitSpan: Span; readonly span: Span }
  | { readonly kind: 'call'; readonly callee: string; readonly calleeSpan: Span; readonly args: readonly Expr[]; readonly span: Span }
  | { readonly kind: 'tuple'; readonly items: readonly Expr[]; readonly span: Span }
  | { readonly kind: 'unary'; readonly op: '-'; readonly operand: Expr; readonly span: Span }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/'; readonly left: Expr; readonly right: Expr; readonly span: Span };

/** `key: value` inside a block. */
export interface Property {
  readonly kind: 'property';
  readonly key: string;
  readonly keySpan: Span;
  readonly value: Expr;
  readonly span: Span;
}

/** A keyword-led phrase inside an entity block: placement or behaviour. */
export type Phrase =
  | { readonly kind: 'on'; readonly where: 'lane'; readonly lane: Expr; readonly span: Span }
  | { readonly kind: 'on'; readonly where: 'roadside' | 'shoulder'; readonly side: 'left' | 'right'; readonly span: Span }
  | { readonly kind: 'relative'; readonly dir: 'ahead' | 'behind'; readonly ref: string; readonly refSpan: Span; readonly distance: Expr; readonly span: Span }
  | { readonly kind: 'at'; readonly along: Expr; readonly span: Span }
  | { readonly kind: 'cross'; readonly speed: Expr; readonly after: Expr | null; readonly span: Span };

export interface Block {
  readonly properties: readonly Property[];
  readonly phrases: readonly Phrase[];
  readonly children: readonly Section[];
  readonly span: Span;
}

/** A named block: `road straight { ... }`, `camera front { ... }`, `deer doe { ... }`. */
export interface Section {
  readonly kind: 'section';
  /** The leading word: 'road', 'environment', 'camera', or a class name for entities. */
  readonly head: string;
  readonly headSpan: Span;
  /** The word after the head (road kind, camera name, entity name), if any. */
  readonly label: string | null;
  readonly labelSpan: Span | null;
  /** `ego car { ... }` marks the ego entity. */
  readonly ego: boolean;
  readonly block: Block;
  readonly span: Span;
}

export type Statement =
  | Section
  | { readonly kind: 'scenario'; readonly name: string; readonly span: Span }
  | { readonly kind: 'seed'; readonly value: Expr; readonly span: Span }
  | { readonly kind: 'duration'; readonly value: Expr; readonly span: Span };

export interface ScenarioFile {
  readonly file: string;
  readonly source: string;
  readonly statements: readonly Statement[];
}
