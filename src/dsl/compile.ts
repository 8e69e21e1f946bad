import { ScenarioError, type Diagnostic } from '../core/index.ts';
import { check } from './checker.ts';
import { parse } from './parser.ts';
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
