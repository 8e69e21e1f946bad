import { LongtailError, ScenarioError, type Diagnostic } from '../core/index.ts';
import type { Expr } from './ast.ts';
import { check, checkOverride } from './checker.ts';
import { parse, parseExpression } from './parser.ts';
import { didYouMean } from './suggest.ts';
import type { Program } from './Program.ts';

export interface CompileResult {
  readonly program: Program | null;
  readonly diagnostics: readonly Diagnostic[];
}

/** Parse and check a scenario. Never throws for bad input: look at `diagnostics`. */
export function compile(source: string, file: string): CompileResult {
  const { ast, diagnostics } = parse(source, file);
  // Type errors are still worth reporting after syntax errors: the parser recovered per line.
  const program = check(ast, diagnostics);
  const sorted = [...diagnostics].sort((a, b) => a.line - b.line || a.col - b.col);
  return { program: sorted.some((d) => d.severity === 'error') ? null : program, diagnostics: sorted };
}

/** Compile or throw a ScenarioError carrying every diagnostic. */
export function compileOrThrow(source: string, file: string): Program {
  const { program, diagnostics } = compile(source, file);
  if (!program) throw new ScenarioError(diagnostics, source);
  return program;
}

/**
 * Parameter values given from outside the file, as `name=value` texts in the language's own
 * syntax (`fog=120 m`, `time=22:15`). Each is parsed and type-checked against the parameter.
 */
export function parseParamOverrides(program: Program, assignments: readonly string[]): Map<string, Expr> {
  const out = new Map<string, Expr>();
  for (const a of assignments) {
    const eq = a.indexOf('=');
    const name = eq < 0 ? '' : a.slice(0, eq).trim();
    if (eq < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new LongtailError(`--set ${a}: expected name=value, such as --set "fog=120 m"`, 'usage');
    }
    if (!program.params.has(name)) {
      const names = [...program.params.keys()];
      throw new LongtailError(
        `--set ${a}: ${program.file} has no parameter '${name}'${names.length ? `; it has ${names.join(', ')}` : ''}${didYouMean(name, names)}`,
        'usage',
      );
    }
    const text = a.slice(eq + 1);
    const where = `--set ${name}`;
    const { expr, diagnostics } = parseExpression(text, where);
    const problems = expr ? [...diagnostics, ...checkOverride(program, name, expr, where)] : diagnostics;
    if (problems.length || !expr) throw new ScenarioError(problems, text);
    out.set(name, expr);
  }
  return out;
}
