// Errors a user can act on. The CLI prints `message` alone (no stack) for these; anything else
// escaping is a bug in Longtail and is printed with its stack.

export class LongtailError extends Error {
  override readonly name = 'LongtailError';
  constructor(
    message: string,
    /** Short machine-readable kind, e.g. 'scenario', 'io', 'browser'. */
    readonly kind: string = 'error',
  ) {
    super(message);
  }
}

/** A problem at a place in a source file. Lines and columns are 1-based. */
export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Length of the offending text, for the caret underline (>= 1). */
  readonly length: number;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

/** `file:line:col: message`, the offending line, and a caret under the place. */
export function formatDiagnostic(d: Diagnostic, source: string): string {
  const lines = source.split(/\r?\n/);
  const text = lines[d.line - 1] ?? '';
  const gutter = `${d.line} | `;
  // Keep the line's own tabs in the caret's indent so the caret lines up in any tab width.
  const lead = text.slice(0, Math.max(0, d.col - 1)).replace(/[^\t]/g, ' ');
  const caret = ' '.repeat(gutter.length) + lead + '^'.repeat(Math.max(1, d.length));
  return `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}\n${gutter}${text}\n${caret}`;
}

/** Thrown with every diagnostic of a scenario that failed to compile or sample. */
export class ScenarioError extends LongtailError {
  /** Source text by file name (a scenario may import others); a plain string is the one file's. */
  readonly sources: ReadonlyMap<string, string> | string;

  constructor(
    readonly diagnostics: readonly Diagnostic[],
    sources: ReadonlyMap<string, string> | string,
  ) {
    super(diagnostics.map((d) => formatDiagnostic(d, sourceIn(sources, d.file))).join('\n'), 'scenario');
    this.sources = sources;
  }

  /** The text of the file a diagnostic points into. */
  sourceOf(d: Diagnostic): string {
    return sourceIn(this.sources, d.file);
  }
}

function sourceIn(sources: ReadonlyMap<string, string> | string, file: string): string {
  return typeof sources === 'string' ? sources : (sources.get(file) ?? '');
}
