// A checked scenario: names resolved, types and units verified, every value still an expression
// (it may be random). The sampler turns a Program and a seed into a SceneSpec.
import type { Expr, Phrase } from './ast.ts';
import type { Span } from './tokens.ts';

export interface ProgramCamera {
  readonly name: string;
  readonly span: Span;
  readonly props: ReadonlyMap<string, Expr>;
}

export interface ProgramEntity {
  readonly name: string;
  readonly cls: string;
  readonly ego: boolean;
  readonly span: Span;
  readonly props: ReadonlyMap<string, Expr>;
  readonly lane: Extract<Phrase, { where: 'lane' }> | null;
  readonly side: Extract<Phrase, { where: 'roadside' | 'shoulder' }> | null;
  readonly relative: Extract<Phrase, { kind: 'relative' }> | null;
  readonly at: Extract<Phrase, { kind: 'at' }> | null;
  readonly cross: Extract<Phrase, { kind: 'cross' }> | null;
  readonly cameras: readonly ProgramCamera[];
}

export interface Program {
  readonly file: string;
  readonly source: string;
  readonly name: string;
  /** The file's own `seed`, used when the caller gives none. */
  readonly seed: number | null;
  readonly duration: Expr | null;
  readonly roadKind: string;
  readonly road: ReadonlyMap<string, Expr>;
  readonly environment: ReadonlyMap<string, Expr>;
  /** Entities in declaration order; references only point backwards. */
  readonly entities: readonly ProgramEntity[];
}
