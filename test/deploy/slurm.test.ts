// deploy/slurm. Everywhere, in well under a second: the scripts parse, and the array task refuses
// what would make a wrong shard. Where Slurm is installed (sbatch on PATH): the array tasks, run as
// plain processes with the variables Slurm sets, and the merge script make the data set of a
// single run, byte for byte (~30 s). Where a Slurm answers (sinfo works, e.g. after
// `deploy/slurm/local-cluster.sh --up` and `export SLURM_CONF=...`): a small data set through
// submit.sh and the queue. CI has no Slurm: both are skipped, the check takes milliseconds.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileTree, runLongtail, SMALL_SCENE } from '../helpers/cli.ts';
import { ROOT } from '../../src/cli/version.ts';

const DIR = join(ROOT, 'deploy', 'slurm');

/** This process's environment without Slurm's job variables (the tests may run inside a job). */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && (!k.startsWith('SLURM_') || k === 'SLURM_CONF')) env[k] = v;
  return env;
}

function script(name: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync('bash', [join(DIR, name), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...cleanEnv(), ...env }, timeout: 240_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// On PATH, not `sbatch --version`: without a slurm.conf that fails even where Slurm is installed.
const HAS_SBATCH = spawnSync('sh', ['-c', 'command -v sbatch'], { encoding: 'utf8', timeout: 5_000 }).status === 0;

function slurmAnswers(): boolean {
  if (!HAS_SBATCH) return false;
  const r = spawnSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 && /idle|mix|alloc/.test(r.stdout);
}

function expectSameTree(a: string, b: string): void {
  const x = fileTree(a);
  const y = fileTree(b);
  expect([...x.keys()].sort()).toEqual([...y.keys()].sort());
  for (const [k, v] of x) expect(v.equals(y.get(k)!), k).toBe(true);
}

describe('deploy/slurm scripts', () => {
  it('are valid bash', () => {
    for (const f of ['generate-array.sbatch', 'merge.sbatch', 'submit.sh', 'local-cluster.sh']) {
      const r = spawnSync('bash', ['-n', join(DIR, f)], { encoding: 'utf8' });
      expect(r.stderr, f).toBe('');
      expect(r.status, f).toBe(0);
    }
  });

  it('the array script documents and asks for an array, CPUs, memory, a time limit and %A_%a logs', () => {
    const text = readFileSync(join(DIR, 'generate-array.sbatch'), 'utf8');
    for (const d of ['--array=0-3', '--cpus-per-task=', '--mem=', '--time=', '--output=longtail-gen-%A_%a.out', '--requeue']) {
      expect(text).toContain(`#SBATCH ${d}`);
    }
    expect(text).toContain('--shard "$task/$shards" --out "$out/shard-$task"');
  });

  it('the array script refuses to run outside an array, and a partial array without LONGTAIL_SHARDS', () => {
    const none = script('generate-array.sbatch', []);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/array job/);
    // A resubmission of tasks 1-2 of a 4-shard data set: the array says 2 tasks, not 4 shards.
    const partial = script('generate-array.sbatch', [], { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '2', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '2' });
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/set LONGTAIL_SHARDS/);
  });

  it('submit.sh refuses a shard count that is not a positive number', () => {
    const r = script('submit.sh', ['-n', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/positive whole number/);
  });
});

describe.skipIf(!HAS_SBATCH)('the array tasks as Slurm runs them', () => {
  let tmp = '';
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'longtail-slurm-'));
    writeFileSync(join(tmp, 'small.scene'), SMALL_SCENE);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const args = () => `${join(tmp, 'small.scene')} --samples 2 --frames 1 --size 160x120`;

  it('tasks 0..n-1 as plain processes and the merge script make the single run data set, byte for byte', () => {
    const out = join(tmp, 'emulated');
    const env = { LONGTAIL_HOME: ROOT, LONGTAIL_ARGS: args(), LONGTAIL_OUT: out, SLURM_ARRAY_JOB_ID: '7', SLURM_ARRAY_TASK_COUNT: '2', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '1' };
    for (const task of ['1', '0']) {
      const r = script('generate-array.sbatch', [], { ...env, SLURM_ARRAY_TASK_ID: task });
      expect(r.stderr + r.stdout).toContain(`shard ${task}/2 exit 0`);
      expect(r.code).toBe(0);
    }
    // A finished task run again (a whole array resubmitted) only checks its shard.
    const again = script('generate-array.sbatch', [], { ...env, SLURM_ARRAY_TASK_ID: '1' });
    expect(again.stderr + again.stdout).toContain('shard 1/2 exit 0');
    const m = script('merge.sbatch', [], env);
    expect(m.stdout).toContain('merged 2 shards');
    expect(m.stdout).toMatch(/merged and verified/);
    expect(m.code).toBe(0);
    const single = join(tmp, 'single');
    expect(runLongtail(ROOT, ['generate', ...args().split(' '), '--out', single, '--quiet']).code).toBe(0);
    expectSameTree(join(out, 'dataset'), single);
  }, 240_000);

  it.skipIf(!slurmAnswers())('on the live Slurm: submit.sh, the array and the merge make the single run data set', () => {
    // The output must be where the compute nodes see it: under the checkout's out/ (not /tmp) here.
    const base = mkdtempSync(join(ROOT, 'out', 'slurm-test-'));
    try {
      const sub = spawnSync('bash', [join(DIR, 'submit.sh'), '-n', '2'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...cleanEnv(), LONGTAIL_ARGS: args(), LONGTAIL_OUT: base, LONGTAIL_GENERATE_SBATCH: '--cpus-per-task=1 --mem=1G --time=10' },
      });
      expect(sub.stderr).toMatch(/array job/);
      expect(sub.status).toBe(0);
      const ids = /ARRAY_JOB=(\d+)\nMERGE_JOB=(\d+)/.exec(sub.stdout);
      expect(ids).not.toBeNull();
      const deadline = Date.now() + 280_000;
      for (;;) {
        const q = spawnSync('squeue', ['-h', '-j', `${ids![1]},${ids![2]}`, '-o', '%i %T %r'], { encoding: 'utf8' });
        if (q.stdout.trim() === '') break;
        if (/DependencyNeverSatisfied/.test(q.stdout) || Date.now() > deadline) {
          spawnSync('scancel', [ids![1]!, ids![2]!]);
          throw new Error(`jobs did not complete: ${q.stdout}`);
        }
        spawnSync('sleep', ['1']);
      }
      const log = readFileSync(join(base, 'logs', `merge-${ids![2]}.out`), 'utf8');
      expect(log).toMatch(/merged and verified/);
      const single = join(base, 'single');
      expect(runLongtail(ROOT, ['generate', ...args().split(' '), '--out', single, '--quiet']).code).toBe(0);
      expectSameTree(join(base, 'dataset'), single);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 300_000);
});
