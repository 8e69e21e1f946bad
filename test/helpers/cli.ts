// Test helper: run the real `longtail` command in a folder, and a small scene that captures fast.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../src/cli/version.ts';

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `longtail <args>` in `cwd` as a user would (a new node process), with extra env. */
export function runLongtail(cwd: string, args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'longtail.mjs'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 240_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Three frames at 160x120 of a deer crossing: a whole capture in a couple of seconds. */
export const SMALL_SCENE = `
scenario "small"
road straight { lanes: 2 }
ego car { on lane 1
  speed: 50 km/h
  camera front { resolution: 160x120
    fps: 10 } }
deer doe { on roadside right
  ahead of ego by uniform(20, 30) m
  cross road at 3 m/s }
duration 0.3 s
`;

/** Every file under a folder, relative path → bytes (to compare whole data sets byte for byte). */
export function fileTree(dir: string, rel = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const r = join(rel, e.name);
    if (e.isDirectory()) for (const [k, v] of fileTree(dir, r)) out.set(k, v);
    else out.set(r, readFileSync(join(dir, r)));
  }
  return out;
}

/**
 * A labels JSON with the perceptibility figures taken out of every object: they describe the
 * picture (measured in the RGB), so they differ between presets and are null without RGB; every
 * other label must not.
 */
export function labelsWithoutPicture(text: string): unknown {
  const labels = JSON.parse(text) as { objects: Record<string, unknown>[] };
  return { ...labels, objects: labels.objects.map(({ contrast: _c, perceptible: _p, ...o }) => o) };
}
