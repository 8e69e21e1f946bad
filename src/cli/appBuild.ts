import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LongtailError } from '../core/index.ts';

/** Files whose content decides the built app (scenes/: the authoring page embeds the default scenario). */
const INPUTS = ['index.html', 'capture.html', 'vite.config.ts', 'package-lock.json', 'src', 'public', 'scenes'];

function listFiles(root: string, rel: string, out: string[]): void {
  const p = join(root, rel);
  if (!existsSync(p)) return;
  if (statSync(p).isDirectory()) {
    for (const name of readdirSync(p).sort()) listFiles(root, join(rel, name), out);
  } else out.push(rel);
}

/** A hash of everything the app build reads: rebuild only when it changes. */
export function appInputsHash(root: string): string {
  const files: string[] = [];
  for (const i of INPUTS) listFiles(root, i, files);
  const h = createHash('sha256');
  for (const f of files) {
    h.update(f.replaceAll('\\', '/'));
    h.update('\0');
    h.update(readFileSync(join(root, f)));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * Build the page bundle with vite into node_modules/.cache/longtail/app-<hash>, once per source
 * state. Built in a temporary folder and renamed into place, so a killed build leaves nothing used.
 */
export async function ensureAppBuilt(root: string, log: (m: string) => void = () => {}): Promise<string> {
  const hash = appInputsHash(root);
  const cache = join(root, 'node_modules', '.cache', 'longtail');
  const dir = join(cache, `app-${hash}`);
  if (existsSync(join(dir, 'capture.html'))) return dir;
  log('building the capture page (once per source change)…');
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const { build } = await import('vite');
  try {
    await build({
      root,
      configFile: join(root, 'vite.config.ts'),
      logLevel: 'error',
      build: { outDir: tmp, emptyOutDir: true },
    });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw new LongtailError(`building the page failed: ${(e as Error).message}`, 'build');
  }
  // Older builds are dead weight: keep only the current one.
  if (existsSync(cache)) {
    for (const name of readdirSync(cache)) {
      if (name.startsWith('app-') && name !== `app-${hash}` && !name.includes('.tmp-')) rmSync(join(cache, name), { recursive: true, force: true });
    }
  }
  try {
    renameSync(tmp, dir);
  } catch {
    // Another process built the same hash at the same time: theirs is as good as ours.
    rmSync(tmp, { recursive: true, force: true });
  }
  log(`built ${relative(root, dir)}`);
  return dir;
}
