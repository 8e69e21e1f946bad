import { readFileSync, statSync } from 'node:fs';
import { LongtailError } from '../core/index.ts';
import { compileOrThrow, type Program } from '../dsl/index.ts';

/** Read and compile a scenario file; a missing or unreadable file is one clear line. */
export function loadScenario(path: string): { program: Program; source: string } {
  let source: string;
  try {
    if (statSync(path).isDirectory()) throw new LongtailError(`${path}: is a directory, expected a .scene file`, 'io');
    source = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof LongtailError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new LongtailError(`${path}: cannot read scenario: ${why}`, 'io');
  }
  return { program: compileOrThrow(source, path), source };
}
