import { ScenarioError, type Diagnostic } from '../core/index.ts';
import { compile, type Program } from '../dsl/index.ts';
import { sample, type SceneSpec } from '../scenario/index.ts';

export type BuildResult =
  | {
      readonly ok: true;
      readonly program: Program;
      readonly spec: SceneSpec;
      /** Warnings the compiler had; the scene is still good. */
      readonly diagnostics: readonly Diagnostic[];
    }
  | {
      readonly ok: false;
      /** The program when it compiled but sampling failed (a value out of range). */
      readonly program: Program | null;
      readonly diagnostics: readonly Diagnostic[];
      /** A failure without a place in the source. */
      readonly message?: string;
    };

/**
 * Compile a scenario text, then sample it with the seed `chooseSeed` picks given the file's own
 * `seed` line (null when it has none). Never throws.
 */
export function buildScene(source: string, file: string, chooseSeed: (fileSeed: number | null) => number): BuildResult {
  const { program, diagnostics } = compile(source, file);
  if (!program) return { ok: false, program: null, diagnostics };
  try {
    const spec = sample(program, { seed: chooseSeed(program.seed) });
    return { ok: true, program, spec, diagnostics };
  } catch (e) {
    if (e instanceof ScenarioError) return { ok: false, program, diagnostics: [...diagnostics, ...e.diagnostics] };
    return { ok: false, program, diagnostics, message: `sampling failed: ${(e as Error).message ?? String(e)}` };
  }
}
