import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LongtailError } from '../core/index.ts';
import { sample } from '../scenario/index.ts';
import { helpText, intOption, parseArgs, type CommandSpec } from './args.ts';
import { loadScenario } from './loadScenario.ts';
import { ROOT } from './version.ts';

export const BENCH: CommandSpec = {
  name: 'bench',
  usage: 'longtail bench [scenario.scene ...] [--samples n]',
  summary: 'Measure sampling: scenes and samples per second and the acceptance rate of each scenario\n(default: every scene in scenes/). Figures are measured side by side in one run.',
  options: [
    { name: 'samples', value: '<n>', help: 'accepted scenes to draw per scenario (default 2000)' },
    { name: 'help', help: 'show this help' },
  ],
};

export async function benchCommand(argv: string[]): Promise<number> {
  const args = parseArgs(BENCH, argv);
  if (args.options.has('help')) return (process.stdout.write(helpText(BENCH)), 0);
  const n = intOption(BENCH, args, 'samples', 1, 10_000_000) ?? 2000;
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
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  process.stdout.write(`sampling, ${n} accepted scenes per scenario (samples/s counts rejected tries too)\n`);
  for (const r of rows) process.stdout.write(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ') + '\n');
  return 0;
}
