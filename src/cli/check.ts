import { formatDiagnostic, LongtailError, ScenarioError } from '../core/index.ts';
import { applyOverrides } from '../dsl/index.ts';
import { sample } from '../scenario/index.ts';
import { helpText, intOption, parseArgs, sizeOption, type CommandSpec } from './args.ts';
import { loadScenario } from './loadScenario.ts';
import { loadRecipeScenarios, recipeEntries } from './loadRecipe.ts';
import { planDataset, planOptions, resolveRecipe } from '../dataset/index.ts';

export const CHECK: CommandSpec = {
  name: 'check',
  usage: 'longtail check <scenario.scene | recipe.dataset>...',
  summary:
    'Parse, type-check and sample each scenario once; print every problem as file:line:col. A .dataset\n' +
    'recipe is checked as generate would read it: its options, its scenarios and its sample plan.\n' +
    'Exit 1 if any has errors.',
  options: [
    { name: 'seed', value: '<n>', help: 'seed for the trial sample (default: the file\'s, else 0)' },
    { name: 'help', help: 'show this help' },
  ],
};

export const SAMPLE: CommandSpec = {
  name: 'sample',
  usage: 'longtail sample <scenario.scene> [--seed n]',
  summary: 'Print the SceneSpec (every random value resolved) as JSON on stdout.',
  options: [
    { name: 'seed', value: '<n>', help: "random seed (default: the file's `seed`, else 0)" },
    { name: 'size', value: '<w>x<h>', help: 'override every camera\'s resolution' },
    { name: 'set', value: '<name=value>', help: 'fix a `param` or a property of the scenario: --set "fog=120 m", --set environment.time=23:00 (repeatable)' },
    { name: 'help', help: 'show this help' },
  ],
};

export async function checkCommand(argv: string[]): Promise<number> {
  const args = parseArgs(CHECK, argv);
  if (args.options.has('help')) return (process.stdout.write(helpText(CHECK)), 0);
  if (args.positional.length === 0) throw new LongtailError('longtail check: give at least one scenario file', 'usage');
  const seed = intOption(CHECK, args, 'seed', 0, 2 ** 53);
  let failed = 0;
  for (const file of args.positional) {
    try {
      if (file.endsWith('.dataset')) {
        process.stdout.write(`${file}: ok (${checkRecipe(file)})\n`);
        continue;
      }
      const { program } = loadScenario(file);
      sample(program, seed !== undefined ? { seed } : {});
      process.stdout.write(`${file}: ok (${program.entities.length} entities)\n`);
    } catch (e) {
      if (!(e instanceof LongtailError)) throw e;
      failed++;
      process.stderr.write(`${e instanceof ScenarioError ? e.diagnostics.map((d) => formatDiagnostic(d, e.sourceOf(d))).join('\n') : e.message}\n`);
    }
  }
  return failed ? 1 : 0;
}

export async function sampleCommand(argv: string[]): Promise<number> {
  const args = parseArgs(SAMPLE, argv);
  if (args.options.has('help')) return (process.stdout.write(helpText(SAMPLE)), 0);
  if (args.positional.length !== 1) throw new LongtailError('longtail sample: give one scenario file', 'usage');
  const seed = intOption(SAMPLE, args, 'seed', 0, 2 ** 53);
  const size = sizeOption(SAMPLE, args, 'size');
  const { program, params } = applyOverrides(loadScenario(args.positional[0]!).program, args.lists.get('set') ?? []);
  const spec = sample(program, { ...(seed !== undefined ? { seed } : {}), ...(size ? { resolution: size } : {}), params });
  process.stdout.write(JSON.stringify(spec, null, 2) + '\n');
  return 0;
}

/** Check a .dataset recipe as `generate` reads it (options, scenarios with their overrides, the plan); a summary of what it would make. */
function checkRecipe(file: string): string {
  const recipe = resolveRecipe(recipeEntries(file, [], []));
  const plan = planDataset(loadRecipeScenarios(recipe), planOptions(recipe));
  const unreached = plan.unreached.length ? `; ${plan.unreached.length} cells never reached` : '';
  return `${plan.samples.length} samples over ${plan.scenarios.length} scenarios, ${plan.cells.length} cell${plan.cells.length === 1 ? '' : 's'}${unreached}`;
}
