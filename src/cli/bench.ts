import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { LongtailError } from '../core/index.ts';
import { PhysicsWorld } from '../physics/index.ts';
import { sample, type SceneSpec } from '../scenario/index.ts';
import type { PhysicsBenchPlan, PhysicsBenchTimings } from '../app/index.ts';
import { helpText, intOption, parseArgs, usageError, type CommandSpec } from './args.ts';
import { ensureAppBuilt } from './appBuild.ts';
import { benchDataset, DATASET_SAMPLES, memoryOverSamples, MEMORY_MIN } from './benchDataset.ts';
import { benchScene } from './benchScene.ts';
import { benchZip, ZIP_MB } from './benchZip.ts';
import { launchBrowser, openCapturePage } from './browser.ts';
import { loadScenario } from './loadScenario.ts';
import { startServer, type AppServer } from './server.ts';
import { ROOT } from './version.ts';

const PHYSICS_HZ = 120;
const PHYSICS_SIZES = [50, 200];
/** Steps per call when measuring pure stepping, and steps each way per round. */
const BATCH = 120;
/** Default rounds of the physics measurement. */
const ROUNDS = 8;

/** Frames a sample of the soak (--soak-frames). */
const SOAK_FRAMES_PER_SAMPLE = 4;

export const BENCH: CommandSpec = {
  name: 'bench',
  usage: 'longtail bench [scenario.scene ...] [--soak-frames n] [--samples n] [--rounds n] [--no-browser] [--dataset-samples n] [--memory-samples n] [--dataset-only | --no-dataset] [--peer blender] [--zip-mb n] [--zip-only]',
  summary:
    'Measure sampling (scenes and samples per second and the acceptance rate of each scenario; default:\n' +
    'every scene in scenes/), physics (steps per second of a synthetic scene in the browser\'s physics\n' +
    'worker and in node, and the share of the time a one-step call spends on messaging) and capture\n' +
    '(frames per second of the default scenario at 640x480, RGB only and with every layer and label written\n' +
    'to a temporary folder, and the layer passes drawn as one pass into several targets against one pass each)\n' +
    'and data sets (generate\'s frame rate against capturing the same samples one by one, one capture page\n' +
    'against two at once, and with --memory-samples the memory of node and the browser over many samples)\n' +
    'and --zip (MB/s and node\'s peak memory streaming a zip of --zip-mb of frame-like files, against JSZip).\n' +
    'Figures are measured side by side in one run; nothing is asserted.',
  options: [
    { name: 'samples', value: '<n>', help: 'accepted scenes to draw per scenario (default 2000)' },
    { name: 'rounds', value: '<n>', help: `physics rounds of ${BATCH} steps each way, from t = 0 (default ${ROUNDS}: ${(2 * ROUNDS * BATCH) / PHYSICS_HZ} simulated s)` },
    { name: 'no-browser', help: 'skip the browser: physics in node only, no capture, no data set' },
    { name: 'dataset-samples', value: '<n>', help: `samples of the data set figures (default ${DATASET_SAMPLES})` },
    { name: 'soak-frames', value: '<n>', help: `only the long run: generate n frames (${SOAK_FRAMES_PER_SAMPLE} a sample, 320x240) and print node's and the browser's memory at every tenth of it (npm run soak: 2000)` },
    { name: 'memory-samples', value: '<n>', help: 'also measure memory over a generate run of n samples (100 checks the aim; off by default: ~2 min more)' },
    { name: 'dataset-only', help: 'only the data set figures' },
    { name: 'no-dataset', help: 'skip the data set figures' },
    { name: 'zip-mb', value: '<n>', help: `MB of frame-like files streamed into a zip for the --zip figures (default ${ZIP_MB}; 0 skips them; with the data set figures, or alone with --zip-only)` },
    { name: 'zip-only', help: 'only the --zip figures' },
    {
      name: 'peer',
      value: '<renderer>',
      help: "only compare with another renderer: 'blender' renders the default scene's middle frame from its glTF export with Cycles on the CPU (Kubric's 128 samples) beside Longtail's all-layers frame time (blender must be on PATH)",
    },
    { name: 'help', help: 'show this help' },
  ],
};

export async function benchCommand(argv: string[]): Promise<number> {
  const args = parseArgs(BENCH, argv);
  if (args.options.has('help')) return (process.stdout.write(helpText(BENCH)), 0);
  const n = intOption(BENCH, args, 'samples', 1, 10_000_000) ?? 2000;
  const rounds = intOption(BENCH, args, 'rounds', 1, 10_000) ?? ROUNDS;
  const browser = !args.options.has('no-browser');
  const datasetSamples = intOption(BENCH, args, 'dataset-samples', 1, 10_000) ?? DATASET_SAMPLES;
  const memorySamples = intOption(BENCH, args, 'memory-samples', MEMORY_MIN, 1_000_000) ?? 0;
  const zipMb = intOption(BENCH, args, 'zip-mb', 0, 1_000_000) ?? ZIP_MB;
  if (args.options.has('zip-only')) {
    await benchZip(Math.max(1, zipMb));
    return 0;
  }
  const peer = args.options.get('peer');
  if (peer !== undefined) {
    if (peer !== 'blender') throw usageError(BENCH, `--peer: the peer renderer measured is 'blender', not '${String(peer)}'`);
    await (await import('./benchBlender.ts')).benchBlender();
    return 0;
  }
  const soak = intOption(BENCH, args, 'soak-frames', 40, 10_000_000);
  if (soak !== undefined) {
    // The long run: 4 frames a sample at 320x240, RSS at every tenth of it.
    const tmp = mkdtempSync(join(tmpdir(), 'longtail-soak-'));
    try {
      await memoryOverSamples(Math.ceil(soak / SOAK_FRAMES_PER_SAMPLE), join(tmp, 'soak'), (m) => process.stderr.write(`${m}\n`), SOAK_FRAMES_PER_SAMPLE);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    return 0;
  }
  if (args.options.has('dataset-only')) {
    if (!browser || args.options.has('no-dataset')) throw usageError(BENCH, '--dataset-only needs the browser and the data set figures');
    await benchDataset({ samples: datasetSamples, memorySamples });
    return 0;
  }
  const files = args.positional.length
    ? args.positional
    : readdirSync(join(ROOT, 'scenes'))
        .filter((f) => f.endsWith('.scene'))
        .sort()
        .map((f) => relative(process.cwd(), join(ROOT, 'scenes', f)));
  if (files.length === 0) throw new LongtailError('longtail bench: no scenarios to measure', 'usage');

  const rows: string[][] = [['scenario', 'scenes/s', 'samples/s', 'acceptance', 'entities']];
  for (const file of files) {
    const { program } = loadScenario(file);
    // Warm up the JIT so the first scenario is not measured cold.
    for (let s = 0; s < 50; s++) sample(program, { seed: 1_000_000 + s });
    let tries = 0;
    let entities = 0;
    const t0 = performance.now();
    for (let seed = 0; seed < n; seed++) entities += sample(program, { seed, onAttempts: (k) => (tries += k) }).entities.length;
    const s = (performance.now() - t0) / 1000;
    rows.push([program.name, (n / s).toFixed(0), (tries / s).toFixed(0), `${((100 * n) / tries).toFixed(1)}%`, (entities / n).toFixed(1)]);
  }
  process.stdout.write(`sampling, ${n} accepted scenes per scenario (samples/s counts rejected tries too)\n`);
  printTable(rows);

  await benchPhysics(rounds, browser);
  if (browser) await (await import('./benchCapture.ts')).benchCapture();
  if (browser && !args.options.has('no-dataset')) await benchDataset({ samples: datasetSamples, memorySamples });
  if (browser && !args.options.has('no-dataset') && zipMb > 0) await benchZip(zipMb);
  return 0;
}

/** Columns padded to their widest cell: `left` ones aligned left (text), the others right (numbers). */
function printTable(rows: string[][], left: readonly number[] = [0]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) process.stdout.write(r.map((c, i) => (left.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ') + '\n');
}

/** Times of one world stepped as `plan` says, in node in-process: the page's loop, without messaging. */
function nodeRun(spec: SceneSpec, plan: PhysicsBenchPlan): PhysicsBenchTimings {
  const t0 = performance.now();
  const w = new PhysicsWorld(spec);
  const loadMs = performance.now() - t0;
  const k = plan.perCall.length;
  const ms = plan.perCall.map(() => new Array<number>(plan.rounds).fill(0));
  for (let r = 0; r < plan.rounds; r++) {
    for (let j = 0; j < k; j++) {
      const i = (r + j) % k;
      const n = plan.perCall[i]!;
      const t = performance.now();
      for (let left = plan.stepsPerRound; left > 0; left -= Math.max(1, n)) w.step(n);
      ms[i]![r] = performance.now() - t;
    }
  }
  return { ms, loadMs };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Steps per second of benchScene(50) and benchScene(200) at 120 Hz in the browser's physics Web
 * Worker (the built page, timed in the page) and in node in-process. Each world is stepped from
 * t = 0 in `rounds` rounds; in each round it takes BATCH steps as one step(BATCH) call (pure
 * stepping) and BATCH steps as BATCH step(1) calls (one call per step, as a loop of one step per
 * frame makes), in alternating order, so both ways see the same stretch of simulation.
 */
async function benchPhysics(rounds: number, withBrowser: boolean): Promise<void> {
  const specs = PHYSICS_SIZES.map((b) => benchScene(b, PHYSICS_HZ));
  const plan: PhysicsBenchPlan = { perCall: [BATCH, 1, 0], stepsPerRound: BATCH, rounds };
  const warmUp: PhysicsBenchPlan = { ...plan, rounds: 2 };
  const results: { bodies: number; where: string; t: PhysicsBenchTimings }[] = [];
  let browser: Browser | null = null;
  let server: AppServer | null = null;
  try {
    let inPage: ((spec: SceneSpec, p: PhysicsBenchPlan) => Promise<PhysicsBenchTimings>) | null = null;
    if (withBrowser) {
      const dir = await ensureAppBuilt(ROOT, (m) => process.stderr.write(`${m}\n`));
      server = await startServer(dir, async () => {
        throw new Error('the bench uploads nothing');
      });
      browser = await launchBrowser();
      const page = await openCapturePage(browser, server.url);
      inPage = (spec, p) =>
        page.evaluate((s: SceneSpec, q: PhysicsBenchPlan) => window.longtail!.benchPhysics(s, q), spec, p).catch((e: Error) => {
          throw new LongtailError(`the physics bench failed in the browser: ${e.message.split('\n')[0]}`, 'browser');
        });
    }
    // Warm up the JITs (node's and the worker's) on every scene and both ways of stepping.
    for (const spec of specs) {
      nodeRun(spec, warmUp);
      await inPage?.(spec, warmUp);
    }
    for (const [i, spec] of specs.entries()) {
      const bodies = PHYSICS_SIZES[i]!;
      if (inPage) results.push({ bodies, where: 'browser worker', t: await inPage(spec, plan) });
      results.push({ bodies, where: 'node in-process', t: nodeRun(spec, plan) });
    }
  } finally {
    await browser?.close().catch(() => {});
    await server?.close();
  }

  const rows: string[][] = [['bodies', 'runtime', `step(${BATCH}) steps/s`, 'step(1) steps/s', 'ms/step', 'ms/call', 'overhead', 'step(0) ms/call']];
  for (const { bodies, where, t } of results) {
    const [batch, single, none] = t.ms as [number[], number[], number[]];
    const perStep = median(batch) / BATCH;
    const perCall = median(single) / BATCH;
    // The overhead of each round pairs the two ways over the same stretch; the median is shown.
    const overhead = median(batch.map((b, r) => (single[r]! - b) / single[r]!));
    const f = (x: number) => x.toFixed(3);
    rows.push([String(bodies), where, (1000 / perStep).toFixed(0), (1000 / perCall).toFixed(0), f(perStep), f(perCall), `${(100 * overhead).toFixed(1)}%`, f(median(none) / BATCH)]);
  }
  process.stdout.write(
    `\nphysics, ${PHYSICS_HZ} Hz: half dynamic boxes (resting, stacked, falling, pushed), half lane-driving cars; ` +
      `${rounds} round${rounds === 1 ? '' : 's'} of ${BATCH} steps each way from t = 0, medians\n`,
  );
  printTable(rows, [1]);
  process.stdout.write(
    `overhead = (ms per step(1) call − ms per step in step(${BATCH}) calls) / ms per step(1) call, per round: in the browser the\n` +
      `comlink round trip and the state transfer (timed in the page), in node the per-call state packing alone;\n` +
      `step(0) ms/call: a call that returns the state without stepping (round trip + packing + transfer)\n`,
  );
}
