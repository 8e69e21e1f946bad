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
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/'; readonly left: Expr; readonly right: Expr; readonly span: Span }
  | { readonly kind: 'compare'; readonly op: '<' | '<=' | '>' | '>=' | '==' | '!='; readonly left: Expr; readonly right: Expr; readonly span: Span }
  | { readonly kind: 'logic'; readonly op: 'and' | 'or'; readonly left: Expr; readonly right: Expr; readonly span: Span }
  | { readonly kind: 'not'; readonly operand: Expr; readonly span: Span }
  /** `visible doe [from front]`: inside the camera's frustum and not fully hidden, at t = 0. */
  | { readonly kind: 'visible'; readonly target: string; readonly targetSpan: Span; readonly camera: string | null; readonly cameraSpan: Span | null; readonly span: Span }
  /** `distance to X`: from the entity whose block this is (behaviour triggers). */
  | { readonly kind: 'distanceTo'; readonly target: string; readonly targetSpan: Span; readonly span: Span }
  /** `X on road`: X's bottom centre is on the paved road. */
  | { readonly kind: 'onRoad'; readonly entity: string; readonly entitySpan: Span; readonly span: Span }
  /** `speed of X`, m/s. */
  | { readonly kind: 'speedOf'; readonly entity: string; readonly entitySpan: Span; readonly span: Span }
  /** `X hits Y` or `X hits anything` (b null): a collision of X with Y (or with any entity) has happened. */
  | { readonly kind: 'hits'; readonly a: string; readonly aSpan: Span; readonly b: string | null; readonly bSpan: Span; readonly span: Span }
  /** `weight: value` inside choice(...). */
  | { readonly kind: 'weighted'; readonly weight: Expr; readonly value: Expr; readonly span: Span };

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
  | { readonly kind: 'on'; readonly where: 'lane'; readonly lane: Expr; readonly cross: boolean; readonly span: Span }
  | { readonly kind: 'on'; readonly where: 'roadside' | 'shoulder'; readonly side: 'left' | 'right'; readonly span: Span }
  /** `on top of X [at (dx, dy) m]`: rides on X's top, at the centre or offset in X's frame. */
  | { readonly kind: 'onTop'; readonly ref: string; readonly refSpan: Span; readonly at: Expr | null; readonly span: Span }
  | { readonly kind: 'relative'; readonly dir: 'ahead' | 'behind'; readonly ref: string; readonly refSpan: Span; readonly distance: Expr; readonly span: Span }
  | { readonly kind: 'at'; readonly along: Expr; readonly span: Span }
  | { readonly kind: 'beside'; readonly dir: 'left' | 'right'; readonly ref: string; readonly refSpan: Span; readonly distance: Expr; readonly span: Span }
  | { readonly kind: 'near'; readonly ref: string; readonly refSpan: Span; readonly radius: Expr; readonly span: Span }
  | { readonly kind: 'facing'; readonly how: 'toward'; readonly ref: string; readonly refSpan: Span; readonly span: Span }
  | { readonly kind: 'facing'; readonly how: 'across' | 'along' | 'against'; readonly span: Span }
  | { readonly kind: 'facing'; readonly how: 'angle'; readonly angle: Expr; readonly span: Span }
  | { readonly kind: 'cross'; readonly speed: Expr; readonly after: Expr | null; readonly when: Expr | null; readonly span: Span }
  /**
   * A triggered behaviour: `brake [at 6 m/s2]`, `stop`, `freeze`, `swerve left|right [by 1.5 m] [over 1 s]`,
   * `run at 8 m/s`, `change speed to 30 km/h`, `fall`, each optionally `after <time>` or `when <condition>`.
   */
  | {
      readonly kind: 'behaviour';
      readonly action: 'brake' | 'stop' | 'freeze' | 'graze' | 'swerve' | 'speed' | 'follow' | 'fall';
      /** The leader, for follow. */
      readonly ref: string | null;
      readonly refSpan: Span | null;
      readonly value: Expr | null;
      readonly side: 'left' | 'right' | null;
      readonly over: Expr | null;
      readonly after: Expr | null;
      readonly when: Expr | null;
      readonly span: Span;
    };

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

/** `repeat <count> { sections }`: the sections, `count` times, names suffixed _1, _2, … */
export interface Repeat {
  readonly kind: 'repeat';
  readonly count: Expr;
  readonly sections: readonly Section[];
  readonly span: Span;
}

export type Statement =
  | Section
  | Repeat
  | { readonly kind: 'param'; readonly name: string; readonly nameSpan: Span; readonly value: Expr; readonly span: Span }
  /** `import "file.scene"`: that file's statements, as if written here. */
  | { readonly kind: 'import'; readonly path: string; readonly span: Span }
  /** `event name when cond`: a named moment, labelled in every frame with the time to it. */
  | { readonly kind: 'event'; readonly name: string; readonly nameSpan: Span; readonly condition: Expr; readonly span: Span }
  /** `end when cond`: the simulation may end before its duration. */
  | { readonly kind: 'end'; readonly condition: Expr; readonly span: Span }
  /** `capture from 1 s before E to 2 s after E`: only frames around event E. */
  | { readonly kind: 'window'; readonly before: Expr; readonly after: Expr; readonly event: string; readonly eventSpan: Span; readonly span: Span }
  /**
   * `require cond` or, soft, `require[0.8] cond`: the soft form is enforced on that share p of tries
   * (a draw per try) and ignored on the others. It does not make cond hold in a share p of the kept
   * scenes: if cond holds by itself on a share q of tries, it holds in q / (pq + 1 − p) of them.
   */
  | { readonly kind: 'require'; readonly probability: Expr | null; readonly condition: Expr; readonly span: Span }
  | { readonly kind: 'scenario'; readonly name: string; readonly span: Span }
  | { readonly kind: 'seed'; readonly value: Expr; readonly span: Span }
  | { readonly kind: 'duration'; readonly value: Expr; readonly span: Span };

export interface ScenarioFile {
  readonly file: string;
  readonly source: string;
  readonly statements: readonly Statement[];
}
