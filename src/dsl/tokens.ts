// Token kinds of the scenario language. Newlines are tokens: a statement ends at the end of its
// line (inside parentheses they are skipped), so errors can say "expected end of line".

export type TokenKind =
  | 'ident'
  | 'number'
  | 'string'
  | 'clock' // 21:30 or 21:30:15
  | 'size' // 640x480
  | 'punct'
  | 'newline'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Numeric value for number (as written), clock (seconds since midnight) and size (width). */
  readonly value: number;
  /** Second value for size tokens (height). */
  readonly value2: number;
  readonly line: number;
  readonly col: number;
  readonly offset: number;
  readonly length: number;
  /** The file the token was read from (imports bring in tokens of other files). */
  readonly file: string;
}

/** A place in the source, 1-based line and column. */
export interface Span {
  readonly line: number;
  readonly col: number;
  readonly length: number;
  /** The file, when it may differ from the scenario's main file (imports). */
  readonly file?: string;
}

export function spanOf(t: Token): Span {
  return { line: t.line, col: t.col, length: Math.max(1, t.length), file: t.file };
}

/** A span from the start of `a` to the end of `b` when on one line, else `a`. */
export function joinSpans(a: Span, b: Span): Span {
  if (a.line !== b.line) return a;
  return { line: a.line, col: a.col, length: Math.max(1, b.col + b.length - a.col), ...(a.file !== undefined ? { file: a.file } : {}) };
}

export function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of file';
    case 'newline':
      return 'end of line';
    case 'string':
      return `string ${t.text}`;
    case 'number':
      return `number ${t.text}`;
    default:
      return `'${t.text}'`;
  }
}
