// A data set recipe from files: the .dataset file's options, the shipped scenes, and the
// scenarios compiled with the recipe's overrides (for generate and check).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { LongtailError, ScenarioError } from '../core/index.ts';
import { applyOverrides, type Program } from '../dsl/index.ts';
import { didYouMean } from '../dsl/suggest.ts';
import { parseRecipeFile, type PlanScenario, type Recipe, type RecipeEntry } from '../dataset/index.ts';
import { loadScenario } from './loadScenario.ts';
import { ROOT } from './version.ts';

/** A scenario of a recipe, ready to plan, with its file and text for the samples' records. */
export interface RecipeScenario extends PlanScenario {
  readonly file: string;
  readonly source: string;
}

/**
 * A recipe's entries in the order they count (later single values win): the .dataset file's, then
 * the command line's. Scenario files named on the command line replace the file's; with none
 * anywhere, the shipped scenes.
 */
export function recipeEntries(recipeFile: string | undefined, scenes: readonly string[], cli: readonly RecipeEntry[]): RecipeEntry[] {
  let entries = recipeFile !== undefined ? readRecipeFile(recipeFile) : [];
  if (scenes.length > 0) entries = entries.filter((e) => e.name !== 'scenario');
  entries.push(...scenes.map((f) => ({ name: 'scenario', value: f, where: f })));
  if (!entries.some((e) => e.name === 'scenario')) entries.push(...shippedScenes().map((f) => ({ name: 'scenario', value: f, where: f })));
  return [...entries, ...cli];
}

/** The shipped scenes, scenes/*.scene: the data set of `npm run generate` with no arguments. */
export function shippedScenes(): string[] {
  const dir = join(ROOT, 'scenes');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.scene'))
    .sort()
    .map((f) => relative(process.cwd(), join(dir, f)));
}

export function readRecipeFile(file: string): RecipeEntry[] {
  let text: string;
  try {
    if (statSync(file).isDirectory()) throw new Error('is a directory');
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LongtailError(`${file}: cannot read the recipe: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`, 'usage');
  }
  return parseRecipeFile(text, file, (p) => relative(process.cwd(), resolve(dirname(file), p)) || '.');
}

/** Compile the recipe's scenarios with its overrides, checked before anything is written. */
export function loadRecipeScenarios(recipe: Recipe): RecipeScenario[] {
  const loaded = recipe.scenarios.map((s) => {
    try {
      return { ...loadScenario(s.file), file: s.file };
    } catch (e) {
      if (e instanceof LongtailError && e.kind === 'io') throw new LongtailError(`longtail generate: ${e.message}`, 'usage');
      throw e;
    }
  });
  // A plain `name=value` fixes that parameter in every scenario that has one; it must be in some.
  const paramOf = (a: string) => (a.includes('=') && !a.slice(0, a.indexOf('=')).includes('.') ? a.slice(0, a.indexOf('=')).trim() : null);
  for (const a of recipe.set) {
    const p = paramOf(a);
    if (p !== null && !loaded.some((l) => l.program.params.has(p))) overrides(loaded[0]!.program, [a], recipe); // throws its own message
  }
  const names = loaded.map((l) => l.program.name);
  for (const w of recipe.weights) {
    if (!names.includes(w.name)) throw new LongtailError(`${w.where}: no scenario is named '${w.name}'; the scenarios are ${names.join(', ')}${didYouMean(w.name, names)}`, 'usage');
  }
  return loaded.map((l) => {
    const own = recipe.set.filter((a) => paramOf(a) === null || l.program.params.has(paramOf(a)!));
    const { program, params } = overrides(l.program, own, recipe);
    if (recipe.camera !== undefined && !hasCamera(program, recipe.camera)) {
      throw new LongtailError(`longtail generate: --camera ${recipe.camera}: scenario '${program.name}' (${l.file}) has no camera named '${recipe.camera}'`, 'usage');
    }
    return { name: program.name, program, params, weight: recipe.weights.find((w) => w.name === program.name)?.weight ?? 1, source: l.source, file: l.file };
  });
}

/**
 * applyOverrides, its errors as one line naming the --set (a usage error): a value that does not
 * check, an unknown property; one from a recipe file starts with its file:line:col.
 */
function overrides(program: Program, sets: readonly string[], recipe: Recipe): ReturnType<typeof applyOverrides> {
  const where = (text: string) => {
    const w = recipe.setWhere[recipe.set.indexOf(text)];
    return w && !w.startsWith('longtail generate:') ? `${w}: ` : '';
  };
  try {
    return applyOverrides(program, sets);
  } catch (e) {
    if (!(e instanceof LongtailError)) throw e;
    if (e instanceof ScenarioError) {
      const d = e.diagnostics[0]!;
      const set = sets.find((a) => d.file === `--set ${a.slice(0, a.indexOf('=')).trim()}`);
      throw new LongtailError(`${set ? where(set) : ''}--set ${set ?? d.file}: ${d.message} (scenario '${program.name}')`, 'usage');
    }
    const set = sets.find((a) => e.message.startsWith(`--set ${a}:`));
    throw set ? new LongtailError(`${where(set)}${e.message}`, e.kind) : e;
  }
}

function hasCamera(p: Program, name: string): boolean {
  return p.entities.some((e) => e.cameras.some((c) => c.name === name));
}

