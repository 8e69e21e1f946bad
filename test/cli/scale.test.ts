// At scale: generate killed with SIGKILL (node, Chromium, both) and run again makes the data set an
// uninterrupted run makes, byte for byte; a damaged finished sample is made again; shards merged
// equal a single run; merge names what is wrong. Real processes, real Chromium, real files.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileTree, runLongtail, SMALL_SCENE } from '../helpers/cli.ts';
import { ROOT } from '../../src/cli/version.ts';
import { Rng } from '../../src/core/index.ts';

const tmp = mkdtempSync(join(tmpdir(), 'longtail-scale-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const longtail = (args: string[]) => runLongtail(tmp, args);

writeFileSync(join(tmp, 'small.scene'), SMALL_SCENE);
writeFileSync(join(tmp, 'boar.scene'), SMALL_SCENE.replace('scenario "small"', 'scenario "boar-small"').replace('deer doe', 'boar doe'));
const RECIPE = ['generate', 'small.scene', 'boar.scene', '--samples', '6', '--frames', '2', '--stratify', 'scenario', '--formats', 'coco,kitti,yolo', '--quiet'];

/** Two trees equal, file for file and byte for byte. */
function expectSameTree(got: string, want: string): void {
  const a = fileTree(got);
  const b = fileTree(want);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [p, bytes] of b) expect(a.get(p)!.equals(bytes), p).toBe(true);
}

const whole = join(tmp, 'whole');
beforeAll(() => {
  // One browser here; the runs below use the default (two on 2 cores) or three: the same bytes.
  const r = longtail([...RECIPE, '--workers', '1', '--out', whole]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}, 240_000);

it('makes the same bytes with three browsers at once as with one', () => {
  const out = join(tmp, 'three');
  expect(longtail([...RECIPE, '--workers', '3', '--out', out]).code).toBe(0);
  expectSameTree(out, whole);
}, 120_000);

/** Process ids below `pid` whose command line names chromium. */
function chromiumBelow(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const d of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parents.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const below = (p: number): boolean => {
    for (let q = parents.get(p); q !== undefined && q > 1; q = parents.get(q)) if (q === pid) return true;
    return false;
  };
  return [...parents.keys()].filter((p) => below(p) && /chromium|chrome/.test(readFileSafe(`/proc/${p}/cmdline`)));
}
function readFileSafe(f: string): string {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return '';
  }
}

/** Start generate into `out`, wait `ms`, SIGKILL node, Chromium or both; resolves when node is gone. */
function killAfter(out: string, ms: number, victim: 'node' | 'chromium' | 'both'): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'longtail.mjs'), ...RECIPE, '--out', out], { cwd: tmp, stdio: 'ignore' });
    const timer = setTimeout(() => {
      const browsers = chromiumBelow(child.pid!);
      if (victim !== 'node') for (const p of browsers) try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
      if (victim !== 'chromium') child.kill('SIGKILL');
    }, ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('generate killed and run again', () => {
  it('gives the uninterrupted data set byte for byte, whatever was killed and when', async () => {
    const out = join(tmp, 'killed');
    // Moments from a seeded generator: before the browser, mid-sample, between samples, near the end.
    const rng = new Rng(11, 'kill moments');
    const victims = ['node', 'chromium', 'both', 'node', 'both'] as const;
    const stopped: (number | null)[] = [];
    for (const v of victims) stopped.push(await killAfter(out, 600 + Math.floor(rng.next() * 5000), v));
    // At least one run was really cut short (a kill after the end would prove nothing).
    expect(stopped.some((c) => c !== 0)).toBe(true);
    const r = longtail([...RECIPE, '--out', out]);
    expect(r.code).toBe(0);
    expectSameTree(out, whole);
    // Nothing of the killed runs is left behind: no hidden temporaries, no Chromium.
    expect(readdirSync(out).filter((d) => d.startsWith('.'))).toEqual([]);
    expect(readdirSync(join(out, 'samples')).filter((d) => d.startsWith('.'))).toEqual([]);
    expect(chromiumBelow(1).filter((p) => readFileSafe(`/proc/${p}/cmdline`).includes(tmp))).toEqual([]);
  }, 300_000);

  it('makes a damaged finished sample again, and only that one', () => {
    const out = join(tmp, 'damaged');
    execFileSync('cp', ['-r', whole, out]);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { samples: { path: string }[] };
    const filesOf = (path: string) => Object.keys((JSON.parse(readFileSync(join(out, path, 'manifest.json'), 'utf8')) as { files: Record<string, string> }).files);
    truncateSync(join(out, m.samples[2]!.path, filesOf(m.samples[2]!.path).find((f) => f.includes('/rgb/'))!), 100);
    rmSync(join(out, m.samples[4]!.path, filesOf(m.samples[4]!.path).find((f) => f.includes('/labels/'))!));
    const r = longtail([...RECIPE, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('(4 samples kept from an earlier run)');
    expectSameTree(out, whole);
  }, 120_000);
});

describe('shards and merge', () => {
  const shard = (i: number) => join(tmp, `shard${i}`);
  beforeAll(() => {
    for (const i of [0, 1, 2]) {
      const r = longtail([...RECIPE, '--shard', `${i}/3`, '--out', shard(i)]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^wrote shard ${i}/3: 2 of 6 samples, 4 frames to shard${i} in`));
    }
  }, 240_000);

  it('makes sample k in shard k mod n, and each shard verifies', () => {
    for (const i of [0, 1, 2]) {
      const m = JSON.parse(readFileSync(join(shard(i), 'manifest.json'), 'utf8')) as { samples: { index: number }[]; shard: { index: number; count: number } };
      expect(m.samples.map((s) => s.index)).toEqual([i, i + 3]);
      expect(m.shard).toEqual({ index: i, count: 3 });
      const v = longtail(['verify', shard(i)]);
      expect(v.stderr).toBe('');
      expect(v.code).toBe(0);
    }
  });

  it('merges shards 0..2 of 3 into the data set a single run makes, byte for byte', () => {
    const out = join(tmp, 'merged');
    const r = longtail(['merge', shard(2), shard(0), shard(1), '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('merged 3 shards: 6 samples, 12 frames into merged');
    expectSameTree(out, whole);
    expect(longtail(['verify', out]).code).toBe(0);
  });

  it('names a missing shard, a shard given twice, shards of another recipe, an unfinished shard', () => {
    const missing = longtail(['merge', shard(0), shard(2), '--out', join(tmp, 'm1')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing shard 1/3 of this data set: make it with the same longtail generate command and --shard 1/3');
    const twice = longtail(['merge', shard(0), shard(1), shard(1), '--out', join(tmp, 'm2')]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/shard1 and .*shard1 are both shard 1\/3/);
    const other = join(tmp, 'other1');
    expect(longtail([...RECIPE, '--seed', '5', '--shard', '1/3', '--out', other]).code).toBe(0);
    const mixed = longtail(['merge', shard(0), other, shard(2), '--out', join(tmp, 'm3')]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/other1 and .*shard0 are shards of different data sets: seed is 5 in one and 0 in the other/);
    const wrong = longtail([...RECIPE, '--shard', '3/3', '--out', join(tmp, 'x')]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--shard: shard 3 of 3 does not exist: shards are numbered 0 to 2');
  }, 120_000);

  it('resumes a shard after a kill, and refuses to resume it as another shard', async () => {
    const out = join(tmp, 'shard1-again');
    await new Promise<void>((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'longtail.mjs'), ...RECIPE, '--shard', '1/3', '--out', out], { cwd: tmp, stdio: 'ignore' });
      setTimeout(() => child.kill('SIGKILL'), 2500);
      child.on('exit', () => resolve());
    });
    const as0 = longtail([...RECIPE, '--shard', '0/3', '--out', out]);
    expect(as0.code).toBe(2);
    expect(as0.stderr).toContain('made with shard "1/3", and this run has "0/3"');
    expect(longtail([...RECIPE, '--shard', '1/3', '--out', out]).code).toBe(0);
    expectSameTree(out, shard(1));
    // A finished shard run again (a resubmitted array) changes nothing.
    expect(longtail([...RECIPE, '--shard', '1/3', '--out', out]).code).toBe(0);
    expectSameTree(out, shard(1));
  }, 120_000);
});
