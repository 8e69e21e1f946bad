// Test helpers for the scenario language: compile, sample and inspect snippets in the product's
// own words. Every helper is synchronous and pure apart from reading files under the repository.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LongtailError, ScenarioError, type Diagnostic } from '../../src/core/index.ts';
import { compile, compileOrThrow, parseParamOverrides, type Program } from '../../src/dsl/index.ts';
import { sample, type EntitySpec, type SampleOptions, type SceneSpec } from '../../src/scenario/index.ts';

/** Repository root (the folder holding package.json). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** File name used for snippets; diagnostics read `snippet.scene:line:col: message`. */
export const SNIPPET = 'snippet.scene';

/** `file:line:col: message`, the one-line form tests compare against. */
export function positioned(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.message}`;
}

/**
 * Strip a leading newline and the common indentation of a template literal, so a test can
 * write a scenario indented like the code around it and still talk about real columns.
 */
export function dedent(text: string): string {
  const body = text.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '\n');
  const lines = body.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)![0].length))).join('\n');
}

/**
 * A valid scenario around `extra`: line 1 is `ego car { on lane 1 }`, `extra` (dedented) starts on
 * line 2. The road and environment are the defaults (2 lanes of 3.5 m, 1 m shoulders, noon).
 */
export function minimal(extra = ''): string {
  return `ego car { on lane 1 }\n${dedent(extra)}\n`;
}

/** Compile or throw a ScenarioError whose message is every diagnostic, formatted with carets. */
export function compileSnippet(text: string, file = SNIPPET): Program {
  return compileOrThrow(text, file);
}

/** The compiler's diagnostics for `text` as `file:line:col: message` strings, in reported order. */
export function diagnosticsOf(text: string, file = SNIPPET): string[] {
  return compile(text, file).diagnostics.map(positioned);
}

/** Compile and sample `text`; `seed` undefined means "as the CLI without --seed" (file seed, else 0). */
export function sampleSnippet(text: string, seed?: number, options: Omit<SampleOptions, 'seed'> = {}): SceneSpec {
  const program = compileSnippet(text);
  return sample(program, seed === undefined ? options : { ...options, seed });
}

/**
 * Diagnostics raised while sampling a scenario that compiles: out-of-range values and the like.
 * Fails loudly when the snippet does not compile, or samples without complaint.
 */
export function samplingErrorsOf(text: string, seed = 0): string[] {
  const program = compileSnippet(text);
  try {
    sample(program, { seed });
  } catch (e) {
    if (e instanceof ScenarioError) return e.diagnostics.map(positioned);
    throw e;
  }
  throw new Error(`expected sampling to fail, but seed ${seed} sampled fine:\n${text}`);
}

/**
 * Compile and sample `text` with parameters fixed as on the command line (`--set name=value`).
 * `seed` undefined means the file seed, else 0.
 */
export function sampleWithSets(text: string, sets: readonly string[], seed?: number, options: Omit<SampleOptions, 'seed' | 'params'> = {}): SceneSpec {
  const program = compileSnippet(text);
  const params = parseParamOverrides(program, sets);
  return sample(program, { ...options, params, ...(seed === undefined ? {} : { seed }) });
}

/**
 * What is wrong with some `--set` values for a scenario that compiles: the positioned diagnostics
 * of a ScenarioError, or the one-line message of any other LongtailError (with its kind).
 * Fails loudly when the values are accepted.
 */
export function setProblemsOf(text: string, sets: readonly string[]): { kind: string; lines: string[] } {
  const program = compileSnippet(text);
  try {
    parseParamOverrides(program, sets);
  } catch (e) {
    if (e instanceof ScenarioError) return { kind: e.kind, lines: e.diagnostics.map(positioned) };
    if (e instanceof LongtailError) return { kind: e.kind, lines: [e.message] };
    throw e;
  }
  throw new Error(`expected --set ${sets.join(' ')} to be rejected`);
}

/** How many tries sampling took to meet every requirement (the `onAttempts` report). */
export function attemptsOf(program: Program, seed: number, options: Omit<SampleOptions, 'seed' | 'onAttempts'> = {}): number {
  let attempts = 0;
  sample(program, { ...options, seed, onAttempts: (n) => (attempts = n) });
  return attempts;
}

/**
 * Whether the first try of `text` (seed 0 unless given) meets every requirement: sampled with a
 * budget of one try, so a failed requirement is the budget error. Any other error is thrown.
 */
export function firstTryMeetsRequirements(text: string, seed = 0): boolean {
  try {
    sample(compileSnippet(text), { seed, maxAttempts: 1 });
    return true;
  } catch (e) {
    if (e instanceof ScenarioError && e.diagnostics.length === 1 && e.diagnostics[0]!.message.startsWith('no sample met every requirement')) return false;
    throw e;
  }
}

/** The entity called `name` in a sampled scene (throws when absent, naming the ones present). */
export function entityNamed(spec: SceneSpec, name: string): EntitySpec {
  const e = spec.entities.find((x) => x.name === name);
  if (!e) throw new Error(`no entity '${name}' in the scene; it has ${spec.entities.map((x) => x.name).join(', ')}`);
  return e;
}

/** Every scenario file shipped in scenes/, as paths relative to the repository root, sorted. */
export function sceneFiles(): string[] {
  return readdirSync(join(ROOT, 'scenes'))
    .filter((f) => f.endsWith('.scene'))
    .sort()
    .map((f) => `scenes/${f}`);
}

/**
 * The default scenarios: the one `longtail capture` uses when given none, and the one the browser
 * UI opens with. Read from the source text rather than imported, so these tests do not load the
 * browser and capture stacks. The UI entry is optional (absent in a CLI-only checkout).
 */
export function defaultScenes(): string[] {
  const cli = readFileSync(join(ROOT, 'src', 'cli', 'capture.ts'), 'utf8');
  const m = /DEFAULT_SCENARIO\s*=\s*join\('scenes',\s*'([^']+)'\)/.exec(cli);
  if (!m) throw new Error('cannot find DEFAULT_SCENARIO in src/cli/capture.ts; update test/helpers/scenario.ts');
  const found = [`scenes/${m[1]}`];
  const ui = join(ROOT, 'src', 'ui', 'main.ts');
  if (existsSync(ui)) {
    for (const u of readFileSync(ui, 'utf8').matchAll(/['"](?:\.\.\/)*scenes\/([\w.-]+\.scene)(?:\?raw)?['"]/g)) found.push(`scenes/${u[1]}`);
  }
  return [...new Set(found)];
}

/** The text of a file under the repository root. */
export function readRepoFile(rel: string): string {
  return readFileSync(join(ROOT, rel), 'utf8');
}

/** Compile a shipped scene under its repository-relative name (so specs say `scenes/x.scene`). */
export function compileScene(rel: string): Program {
  return compileOrThrow(readRepoFile(rel), rel);
}

/** Every number inside a JSON-like value, with its path, for "all values are finite" checks. */
export function numbersIn(value: unknown, path = '$'): Array<[string, number]> {
  if (typeof value === 'number') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => numbersIn(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbersIn(v, `${path}.${k}`));
  return [];
}
