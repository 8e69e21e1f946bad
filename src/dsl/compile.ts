import { ScenarioError, type Diagnostic } from '../core/index.ts';
import type { Expr, Statement } from './ast.ts';
import type { Span } from './tokens.ts';
import { check } from './checker.ts';
import { parse } from './parser.ts';
import type { MeshFile, Program } from './Program.ts';

export interface CompileResult {
  readonly program: Program | null;
  readonly diagnostics: readonly Diagnostic[];
  /** Every file read (the main one and its imports), by name: for showing diagnostics. */
  readonly sources: ReadonlyMap<string, string>;
}

/** Reads an imported file: `path` as written, `from` the importing file. Null if it cannot be read. */
export type ImportResolver = (path: string, from: string) => { file: string; source: string } | null;

/** Reads and checks a `mesh:` model file: `path` as written, `from` the file naming it. */
export type MeshResolver = (path: string, from: string) => MeshFile | { readonly error: string };

export interface CompileOptions {
  /** How `import "…"` finds files; without one, imports are an error. */
  readonly resolve?: ImportResolver;
  /** How `mesh:` files are read; without one, entities keep their built-in models (with a warning). */
  readonly resolveMesh?: MeshResolver;
}

/** Parse and check a scenario. Never throws for bad input: look at `diagnostics`. */
export function compile(source: string, file: string, options: CompileOptions = {}): CompileResult {
  const diagnostics: Diagnostic[] = [];
  const sources = new Map([[file, source]]);
  const error = (span: Span, message: string) =>
    diagnostics.push({ file: span.file ?? file, line: span.line, col: span.col, length: span.length, message, severity: 'error' });

  // Imports are spliced in where they stand, each file once; a cycle is an error.
  const expand = (text: string, name: string, stack: readonly string[]): Statement[] => {
    const { ast, diagnostics: found } = parse(text, name);
    diagnostics.push(...found);
    const out: Statement[] = [];
    for (const s of ast.statements) {
      if (s.kind !== 'import') {
        out.push(s);
        continue;
      }
      const r = options.resolve ? options.resolve(s.path, name) : null;
      if (!options.resolve) error(s.span, `cannot import "${s.path}" here: imports need scenario files on disk (use the longtail command)`);
      else if (!r) error(s.span, `cannot import "${s.path}": no such file`);
      else if (stack.includes(r.file)) error(s.span, `"${s.path}" imports itself (${[...stack, r.file].join(' → ')})`);
      else if (!sources.has(r.file)) {
        sources.set(r.file, r.source);
        out.push(...expand(r.source, r.file, [...stack, r.file]));
      }
    }
    return out;
  };
  const statements = expand(source, file, [file]);
  // Type errors are still worth reporting after syntax errors: the parser recovered per line.
  const checked = check({ file, source, statements }, diagnostics, sources);
  const program = checked && { ...checked, ...meshFiles(checked, options.resolveMesh, diagnostics) };
  const order = [...sources.keys()];
  const sorted = [...diagnostics].sort((a, b) => order.indexOf(a.file) - order.indexOf(b.file) || a.line - b.line || a.col - b.col);
  return { program: sorted.some((d) => d.severity === 'error') ? null : program, diagnostics: sorted, sources };
}

/**
 * Read every model file a `mesh:` value can take (each string it may evaluate to, through choice
 * and parameters), relative to the file the string is written in. Without a resolver each `mesh:`
 * gets a warning and the program no mesh table.
 */
function meshFiles(program: Program, resolve: MeshResolver | undefined, diagnostics: Diagnostic[]): { meshes?: Map<string, MeshFile> } {
  const out = new Map<string, MeshFile>();
  const done = new Set<Expr>();
  const at = (span: Span, message: string, severity: Diagnostic['severity']) =>
    diagnostics.push({ file: span.file ?? program.file, line: span.line, col: span.col, length: span.length, message, severity });
  const visit = (e: Expr, params: ReadonlySet<string>): void => {
    if (e.kind === 'weighted') visit(e.value, params);
    else if (e.kind === 'call') for (const a of e.args) visit(a, params);
    else if (e.kind === 'name' && program.params.has(e.name) && !params.has(e.name)) visit(program.params.get(e.name)!.value, new Set([...params, e.name]));
    else if (e.kind === 'string' && !done.has(e)) {
      done.add(e);
      const r = resolve!(e.value, e.span.file ?? program.file);
      const prev = out.get(e.value);
      if ('error' in r) at(e.span, `mesh "${e.value}": ${r.error}`, 'error');
      else if (prev && prev.path !== r.path) at(e.span, `mesh "${e.value}" is ${r.path} here but ${prev.path} elsewhere; write paths that name one file`, 'error');
      else out.set(e.value, r);
    }
  };
  for (const ent of program.entities) {
    const e = ent.props.get('mesh');
    for (const key of ['mesh_yaw', 'mesh_fit']) {
      const x = ent.props.get(key);
      if (x && !e) at(x.span, `'${key}' turns or sizes a mesh, but '${ent.name}' has no 'mesh:'`, 'error');
    }
    if (!e) continue;
    if (resolve) visit(e, new Set());
    else at(e.span, `'${ent.name}' is drawn with its built-in model here: mesh files are read from disk by the longtail command (check, sample, capture), which this page cannot do`, 'warning');
  }
  return resolve ? { meshes: out } : {};
}

/** Compile or throw a ScenarioError carrying every diagnostic. */
export function compileOrThrow(source: string, file: string, options: CompileOptions = {}): Program {
  const { program, diagnostics, sources } = compile(source, file, options);
  if (!program) throw new ScenarioError(diagnostics, sources);
  return program;
}
