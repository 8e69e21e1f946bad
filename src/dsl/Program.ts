// A checked scenario: names resolved, types and units verified, every value still an expression
// (it may be random). The sampler turns a Program and a seed into a SceneSpec.
import type { Expr, Phrase } from './ast.ts';
import type { Expected } from './schema.ts';
import type { Span } from './tokens.ts';
import type { ValueType } from './types.ts';

export interface ProgramCamera {
  readonly name: string;
  readonly span: Span;
  readonly props: ReadonlyMap<string, Expr>;
}

export interface ProgramEntity {
  readonly name: string;
  /** Model name (resolved from aliases), e.g. 'sedan'. */
  readonly model: string;
  readonly ego: boolean;
  readonly span: Span;
  readonly props: ReadonlyMap<string, Expr>;
  readonly lane: Extract<Phrase, { where: 'lane' }> | null;
  readonly side: Extract<Phrase, { where: 'roadside' | 'shoulder' }> | null;
  readonly relative: Extract<Phrase, { kind: 'relative' }> | null;
  readonly at: Extract<Phrase, { kind: 'at' }> | null;
  readonly beside: Extract<Phrase, { kind: 'beside' }> | null;
  readonly near: Extract<Phrase, { kind: 'near' }> | null;
  readonly facing: Extract<Phrase, { kind: 'facing' }> | null;
  /** `on top of X [at (dx, dy) m]`: rides on X (a 'carried' motion) until it falls. */
  readonly onTop: Extract<Phrase, { kind: 'onTop' }> | null;
  /** Index into Program.repeats when declared inside `repeat`, else null. */
  readonly group: number | null;
  readonly cross: Extract<Phrase, { kind: 'cross' }> | null;
  /** Triggered behaviours, in the order written. */
  readonly behaviours: readonly Extract<Phrase, { kind: 'behaviour' }>[];
  readonly cameras: readonly ProgramCamera[];
}

export interface ProgramRepeat {
  readonly count: Expr;
  readonly span: Span;
  /** Template entities, in order; each is instantiated `count` times as name_1, name_2, … */
  readonly entities: readonly ProgramEntity[];
}

export interface ProgramParam {
  readonly name: string;
  readonly value: Expr;
  readonly span: Span;
  readonly type: ValueType;
  /** What the places that use a word or colour parameter accept (a --set value must fit them too). */
  readonly uses: readonly Expected[];
}

export interface ProgramRequire {
  readonly condition: Expr;
  /** Soft constraint: enforced on this share of tries, by a draw per try (null = always). */
  readonly probability: number | null;
  readonly span: Span;
}

/** A user's model file named by `mesh:`, read and checked when the scenario was compiled (by the longtail command). */
export interface MeshFile {
  /** The file, found relative to the scenario file that names it; as a path from the working folder. */
  readonly path: string;
  /** SHA-256 of its bytes, hex: which model exactly. */
  readonly sha256: string;
  /** Its extent at rest in object axes [length, width, height], in its own units (glTF: metres), before mesh_yaw. */
  readonly extent: readonly [number, number, number];
}

export interface Program {
  readonly file: string;
  readonly source: string;
  /** Every file's text by name: the main file and the files it imports. */
  readonly sources: ReadonlyMap<string, string>;
  readonly name: string;
  /** The file's own `seed`, used when the caller gives none. */
  readonly seed: number | null;
  readonly duration: Expr | null;
  readonly roadKind: string;
  readonly road: ReadonlyMap<string, Expr>;
  readonly environment: ReadonlyMap<string, Expr>;
  /** Entities in declaration order (repeat templates included); references only point backwards. */
  readonly entities: readonly ProgramEntity[];
  readonly repeats: readonly ProgramRepeat[];
  readonly params: ReadonlyMap<string, ProgramParam>;
  readonly requires: readonly ProgramRequire[];
  readonly events: readonly { readonly name: string; readonly condition: Expr; readonly span: Span }[];
  readonly end: Expr | null;
  readonly window: { readonly event: string; readonly before: Expr; readonly after: Expr; readonly span: Span } | null;
  /**
   * The model files `mesh:` names, by the path as written. Absent when compiled without access to
   * files (the authoring page): entities then keep their built-in models.
   */
  readonly meshes?: ReadonlyMap<string, MeshFile>;
}
