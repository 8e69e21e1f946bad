// deploy/kubernetes: the manifests parse and carry what the Indexed Job needs, the Dockerfile makes
// the image the manifests expect, and the index → shard contract holds: the generate Job's own args,
// expanded for JOB_COMPLETION_INDEX = 0..n-1 as Kubernetes expands them, run as n processes, then the
// merge Job's own command, give a data set that verifies and equals a single run byte for byte.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fileTree, runLongtail, SMALL_SCENE } from '../helpers/cli.ts';
import { ROOT } from '../../src/cli/version.ts';

const DIR = join(ROOT, 'deploy', 'kubernetes');
const INDEX_ANNOTATION = "metadata.annotations['batch.kubernetes.io/job-completion-index']";

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string } };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  workingDir?: string;
  resources: { requests: Record<string, string>; limits?: Record<string, string> };
  volumeMounts: { name: string; mountPath: string }[];
}
interface Volume {
  name: string;
  persistentVolumeClaim?: { claimName: string };
  emptyDir?: { medium?: string; sizeLimit?: string };
}
interface Job {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    completionMode?: string;
    completions: number;
    parallelism: number;
    backoffLimit?: number;
    backoffLimitPerIndex?: number;
    podReplacementPolicy?: string;
    podFailurePolicy?: { rules: { action: string; onExitCodes?: { containerName?: string; operator: string; values: number[] } }[] };
    template: { spec: { restartPolicy: string; containers: Container[]; volumes: Volume[]; securityContext?: { runAsNonRoot?: boolean; runAsUser?: number } } };
  };
}

const load = <T>(file: string): T => parse(readFileSync(join(DIR, file), 'utf8')) as T;
const generateJob = load<Job>('generate-job.yaml');
const mergeJob = load<Job>('merge-job.yaml');
const pvc = load<{ kind: string; metadata: { name: string }; spec: { accessModes: string[] } }>('pvc.yaml');
const dockerfile = readFileSync(join(DIR, 'Dockerfile'), 'utf8');
const container = (job: Job) => job.spec.template.spec.containers[0]!;

/**
 * Kubernetes' $(VAR_NAME) expansion of a container's command, args and env values (the kubelet's
 * third_party/forked/golang/expansion): $(NAME) becomes NAME's value when NAME is in the map and is
 * left as it is when not; $$ is a literal $; any other $ stays.
 */
function expandK8s(text: string, vars: ReadonlyMap<string, string>): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '$' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const next = text[i + 1]!;
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const close = text.indexOf(')', i + 2);
      if (close < 0) {
        out += text.slice(i);
        break;
      }
      const name = text.slice(i + 2, close);
      out += vars.has(name) ? vars.get(name)! : `$(${name})`;
      i = close;
    } else out += c;
  }
  return out;
}

/** The container's environment as the kubelet resolves it for the pod with completion index `index`. */
function podEnv(c: Container, index: number): Map<string, string> {
  const vars = new Map<string, string>();
  for (const e of c.env ?? []) {
    if (e.value !== undefined) vars.set(e.name, expandK8s(e.value, vars));
    else if (e.valueFrom?.fieldRef?.fieldPath === INDEX_ANNOTATION) vars.set(e.name, String(index));
    else throw new Error(`env ${e.name}: the test knows only plain values and the completion index annotation`);
  }
  return vars;
}

/** A path in the pod (under the volume's mountPath) → the same path under `local`. */
const onVolume = (mountPath: string, local: string) => (arg: string) => arg.split(`${mountPath}/`).join(`${local}/`);

const mountOf = (c: Container, claim: string, job: Job): string => {
  const vol = job.spec.template.spec.volumes.find((v) => v.persistentVolumeClaim?.claimName === claim);
  expect(vol, `${job.metadata.name} mounts the claim ${claim}`).toBeDefined();
  const mount = c.volumeMounts.find((m) => m.name === vol!.name);
  expect(mount, `${job.metadata.name} mounts volume ${vol!.name}`).toBeDefined();
  return mount!.mountPath;
};

/** The generate Job's args: ['generate', ...recipe, then --shard <i>/<n>, --out <dir> (and whatever else)]. */
function generateArgs(): { recipe: string[]; rest: string[]; shard: string; out: string } {
  const args = container(generateJob).args!;
  expect(args[0]).toBe('generate');
  const first = args.findIndex((a) => a === '--shard' || a === '--out');
  const rest = args.slice(first);
  const value = (name: string) => {
    const at = rest.indexOf(name);
    expect(at, `${name} in the generate Job's args`).toBeGreaterThanOrEqual(0);
    return rest[at + 1]!;
  };
  return { recipe: args.slice(1, first), rest, shard: value('--shard'), out: value('--out') };
}

describe('deploy/kubernetes manifests', () => {
  it("the test's $(VAR) expansion follows Kubernetes' rules", () => {
    const vars = new Map([['I', '3']]);
    expect(expandK8s('shard-$(I)/$(I)', vars)).toBe('shard-3/3');
    expect(expandK8s('$(UNSET) $$(I) $I $', vars)).toBe('$(UNSET) $(I) $I $');
    expect(expandK8s('a$(I', vars)).toBe('a$(I');
  });

  it('pvc.yaml: a ReadWriteMany claim that both Jobs mount', () => {
    expect(pvc.kind).toBe('PersistentVolumeClaim');
    expect(pvc.spec.accessModes).toEqual(['ReadWriteMany']);
    for (const job of [generateJob, mergeJob]) mountOf(container(job), pvc.metadata.name, job);
  });

  it('generate-job.yaml: an Indexed Job whose completions are the n of --shard $(JOB_COMPLETION_INDEX)/n', () => {
    const spec = generateJob.spec;
    expect(generateJob.apiVersion).toBe('batch/v1');
    expect(generateJob.kind).toBe('Job');
    expect(spec.completionMode).toBe('Indexed');
    expect(spec.parallelism).toBeGreaterThanOrEqual(1);
    expect(spec.parallelism).toBeLessThanOrEqual(spec.completions);
    // A failed index is retried (and resumes), never two pods of one index at once.
    expect(spec.backoffLimitPerIndex).toBeGreaterThanOrEqual(1);
    expect(spec.template.spec.restartPolicy).toBe('Never');
    expect(spec.podReplacementPolicy).toBe('Failed');
    const failIndex = spec.podFailurePolicy?.rules.find((r) => r.action === 'FailIndex');
    expect(failIndex?.onExitCodes).toMatchObject({ containerName: container(generateJob).name, operator: 'In', values: [2] });

    const c = container(generateJob);
    const { shard, out } = generateArgs();
    const m = /^\$\(JOB_COMPLETION_INDEX\)\/(\d+)$/.exec(shard);
    expect(m, `--shard ${shard}`).not.toBeNull();
    expect(Number(m![1])).toBe(spec.completions);
    expect(out).toContain('$(JOB_COMPLETION_INDEX)');
    // $(JOB_COMPLETION_INDEX) in args expands only from the container's env: it is declared there.
    expect(c.env).toContainEqual({ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: INDEX_ANNOTATION } } });
    expect(expandK8s(shard, podEnv(c, 5))).toBe(`5/${spec.completions}`);
    // The shards are written on the shared volume.
    expect(out.startsWith(`${mountOf(c, pvc.metadata.name, generateJob)}/`)).toBe(true);
  });

  it('generate-job.yaml: 2 CPUs, memory, and a memory-backed /dev/shm for Chromium', () => {
    const c = container(generateJob);
    expect(c.resources.requests.cpu).toBe('2');
    expect(c.resources.requests.memory).toMatch(/^\d+Gi$/);
    expect(c.resources.limits?.memory).toMatch(/^\d+Gi$/);
    const shm = c.volumeMounts.find((v) => v.mountPath === '/dev/shm');
    const vol = generateJob.spec.template.spec.volumes.find((v) => v.name === shm?.name);
    expect(vol?.emptyDir?.medium).toBe('Memory');
    expect(generateJob.spec.template.spec.securityContext?.runAsNonRoot).toBe(true);
  });

  it('merge-job.yaml: merges the very folders the generate Job writes, into the shared volume', () => {
    expect(mergeJob.kind).toBe('Job');
    expect(mergeJob.spec.completionMode ?? 'NonIndexed').toBe('NonIndexed');
    const c = container(mergeJob);
    expect(c.command?.slice(0, 2)).toEqual(['sh', '-c']);
    const script = c.command![2]!;
    const words = script.trim().split(/\s+/);
    expect(words.slice(0, 3)).toEqual(['exec', 'longtail', 'merge']);
    // The glob names what the generate Job writes: its --out with the index as *.
    const glob = generateArgs().out.replace('$(JOB_COMPLETION_INDEX)', '*');
    expect(words.slice(3, words.indexOf('--out'))).toEqual([glob]);
    expect(words[words.indexOf('--out') + 1]!.startsWith(`${mountOf(c, pvc.metadata.name, mergeJob)}/`)).toBe(true);
    expect(c.image).toBe(container(generateJob).image);
  });

  it('Dockerfile: Node 20 on Debian, Debian chromium, CHROME_PATH, non-root, the entrypoint the Jobs use', () => {
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim$/m);
    expect(dockerfile).toMatch(/apt-get install -y --no-install-recommends[^\n]*\\\n\s*"chromium/);
    expect(dockerfile).toMatch(/^ENV CHROME_PATH=\/usr\/bin\/chromium$/m);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/node deploy\/kubernetes\/build-page\.mjs/);
    expect(dockerfile).toMatch(/ln -s \/app\/bin\/longtail\.mjs \/usr\/local\/bin\/longtail/);
    expect(dockerfile).toMatch(/^USER 1000:1000$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "\/app\/bin\/longtail\.mjs"\]$/m);
    // The Jobs run in the image's folder and as its user.
    for (const job of [generateJob, mergeJob]) {
      expect(container(job).workingDir).toBe('/app');
      expect(job.spec.template.spec.securityContext?.runAsUser).toBe(1000);
    }
  });
});

describe('the index → shard contract, run as Kubernetes would run it', () => {
  let tmp = '';
  let volume = ''; // stands for the ReadWriteMany volume
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'longtail-k8s-'));
    volume = join(tmp, 'volume');
    writeFileSync(join(tmp, 'small.scene'), SMALL_SCENE);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  // The test's small recipe in place of the Job's; the --shard/--out part is the Job's own.
  const RECIPE = ['small.scene', '--samples', '3', '--frames', '1', '--size', '160x120', '--quiet'];

  it("the Job's recipe is a valid one in the image's folder", () => {
    const { recipe } = generateArgs();
    const r = runLongtail(ROOT, ['check', ...recipe]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('indexes 0..n-1 make shards that merge into the data set of a single run, byte for byte', async () => {
    const started = performance.now();
    mkdirSync(volume);
    const gen = container(generateJob);
    const n = generateJob.spec.completions;
    const local = onVolume(mountOf(gen, pvc.metadata.name, generateJob), volume);
    const { rest } = generateArgs();
    // Each index's process: the Job's args expanded with that pod's env, the volume mapped here.
    const argsOf = (index: number) => ['generate', ...RECIPE, ...rest.map((a) => local(expandK8s(a, podEnv(gen, index))))];
    const runIndex = (index: number) =>
      new Promise<{ index: number; code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [join(ROOT, 'bin', 'longtail.mjs'), ...argsOf(index)], { cwd: tmp, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('exit', (code) => resolve({ index, code, stderr }));
      });
    // As the Job controller starts them: up to `parallelism` at once (2 here: two cores).
    const queue = [...Array(n).keys()];
    const results: { index: number; code: number | null; stderr: string }[] = [];
    const worker = async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) results.push(await runIndex(i));
    };
    await Promise.all(Array.from({ length: Math.min(2, generateJob.spec.parallelism) }, worker));
    for (const r of results) expect(r.code, `index ${r.index}: ${r.stderr}`).toBe(0);
    // Pod i wrote shard i/n, with samples i, i+n, ...
    for (let i = 0; i < n; i++) {
      const m = JSON.parse(readFileSync(join(local(expandK8s(generateArgs().out, podEnv(gen, i))), 'manifest.json'), 'utf8')) as { shard: unknown; samples: { index: number }[] };
      expect(m.shard).toEqual({ index: i, count: n });
      expect(m.samples.map((s) => s.index)).toEqual([0, 1, 2].filter((k) => k % n === i));
    }

    // The merge Job's command, through a shell as in the pod, with `longtail` on PATH as the image links it.
    const bin = join(tmp, 'bin');
    mkdirSync(bin);
    symlinkSync(join(ROOT, 'bin', 'longtail.mjs'), join(bin, 'longtail'));
    const merge = container(mergeJob);
    const mergeLocal = onVolume(mountOf(merge, pvc.metadata.name, mergeJob), volume);
    const command = merge.command!.map((a) => mergeLocal(expandK8s(a, podEnv(merge, 0))));
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };
    const r = spawnSync(command[0]!, command.slice(1), { cwd: tmp, encoding: 'utf8', env, timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const dataset = mergeLocal(merge.command![2]!.split(/\s+/).at(-1)!);
    expect(r.stdout).toContain(`merged ${n} shards: 3 samples, 3 frames`);

    const v = runLongtail(tmp, ['verify', dataset]);
    expect(v.code, v.stdout + v.stderr).toBe(0);

    const single = join(tmp, 'single');
    expect(runLongtail(tmp, ['generate', ...RECIPE, '--out', single]).code).toBe(0);
    const got = fileTree(dataset);
    const want = fileTree(single);
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [p, bytes] of want) expect(got.get(p)!.equals(bytes), p).toBe(true);
    process.stderr.write(`index → shard contract: ${n} indexes, merge, verify and a single run in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }, 120_000);
});
