import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { LongtailError } from '../core/index.ts';
import { compileOrThrow, type Program } from '../dsl/index.ts';
import { resolveMeshFile } from './modelFiles.ts';

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
  return { program: compileOrThrow(source, path, { resolve: resolveImport, resolveMesh: resolveMeshFile }), source };
}

/** `import "x.scene"` is relative to the importing file; shown relative to the working folder. */
function resolveImport(path: string, from: string): { file: string; source: string } | null {
  const full = join(dirname(from), path);
  if (!existsSync(full) || statSync(full).isDirectory()) return null;
  return { file: relative(process.cwd(), full) || full, source: readFileSync(full, 'utf8') };
}
