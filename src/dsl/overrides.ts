// Values given from outside the file (CLI `--set`): `name=value` fixes a parameter,
// `environment.fog=60 m` or `road.lanes=3` replaces a property of that block. Every value is
// written in the language's own syntax and checked as if it stood in the file.
import { LongtailError, ScenarioError, type Diagnostic } from '../core/index.ts';
import type { Expr } from './ast.ts';
import { checkOverride, checkPropertyOverride, roadKindOf } from './checker.ts';
import { parseExpression } from './parser.ts';
import type { Program, ProgramParam } from './Program.ts';
import { ENVIRONMENT_PROPS, ROAD_PROPS, type Expected } from './schema.ts';
import { didYouMean } from './suggest.ts';

/** The blocks whose properties `--set section.property=value` may replace. */
const SECTIONS: Readonly<Record<'environment' | 'road', Readonly<Record<string, Expected>>>> = { environment: ENVIRONMENT_PROPS, road: ROAD_PROPS };
type Section = keyof typeof SECTIONS;

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Target =
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'property'; readonly section: Section; readonly key: string };

interface Assignment {
  readonly target: Target;
  /** The value as written after the first '='. */
  readonly value: string;
  /** The diagnostics' file name, `--set gap` or `--set environment.fog`. */
  readonly where: string;
}

/**
 * Apply `--set` assignments to a compiled program. `name=value` fixes a parameter (returned in
 * `params`, for the sample options, as before); `environment.<property>=value` and
 * `road.<property>=value` replace or add that property in the returned program. The last value for
 * a name wins. A bad name is a LongtailError of kind 'usage'; a value that does not parse or check
 * is a ScenarioError positioned in the value. Ranges (rain 0 to 1, …) are the sampler's, as for
 * values in the file: the returned program carries each value's text in `sources` so those errors
 * show it.
 */
export function applyOverrides(program: Program, assignments: readonly string[]): { program: Program; params: Map<string, Expr> } {
  if (assignments.length === 0) return { program, params: new Map() };
  const sources = new Map(program.sources);
  const environment = new Map(program.environment);
  const road = new Map(program.road);
  const params = new Map<string, Expr>();
  let known: ReadonlyMap<string, ProgramParam> = program.params;
  const checkParam = (name: string, where: string) => (e: Expr) => checkOverride({ ...program, params: known }, name, e, where);
  for (const text of assignments) {
    const a = assignment(program, text);
    if (a.target.kind === 'param') params.set(a.target.name, parseValue(a, checkParam(a.target.name, a.where)));
    else {
      const { section, key } = a.target;
      const expr = parseValue(a, (e) => {
        const r = checkPropertyOverride({ ...program, params: known }, SECTIONS[section][key]!, e, a.where);
        known = r.params;
        return r.diagnostics;
      });
      (section === 'environment' ? environment : road).set(key, expr);
    }
    sources.set(a.where, a.value);
  }
  // A word parameter a property value uses must fit that use too, whichever --set came first.
  if (known !== program.params) {
    for (const [name, e] of params) {
      const where = `--set ${name}`;
      const problems = checkParam(name, where)(e);
      if (problems.length) throw new ScenarioError(problems, sources.get(where)!);
    }
  }
  return { program: { ...program, params: known, environment, road, sources }, params };
}

/**
 * Parameter values given from outside the file, as `name=value` texts in the language's own
 * syntax (`fog=120 m`, `time=22:15`). Each is parsed and type-checked against the parameter. For
 * callers that sample the program as compiled: a road or environment value is refused rather than
 * dropped (use applyOverrides for those).
 */
export function parseParamOverrides(program: Program, assignments: readonly string[]): Map<string, Expr> {
  const { params } = applyOverrides(program, assignments);
  const property = assignments.find((a) => assignment(program, a).target.kind === 'property');
  if (property !== undefined) throw new LongtailError(`--set ${property}: only parameters can be set here, not road or environment properties`, 'usage');
  return params;
}

/** What an assignment sets; a LongtailError of kind 'usage' naming it when that is not clear. */
function assignment(program: Program, text: string): Assignment {
  const eq = text.indexOf('=');
  const name = eq < 0 ? '' : text.slice(0, eq).trim();
  const value = text.slice(eq + 1);
  const usage = (why: string) => new LongtailError(`--set ${text}: ${why}`, 'usage');
  const dot = name.indexOf('.');
  if (eq >= 0 && dot >= 0) {
    const section = name.slice(0, dot);
    const key = name.slice(dot + 1);
    if (!IDENT.test(section) || !IDENT.test(key)) throw usage(`expected section.property=value, such as --set "environment.fog=120 m"`);
    const sections = Object.keys(SECTIONS);
    if (!Object.hasOwn(SECTIONS, section)) {
      const entity = program.entities.some((e) => e.name === section) ? `; '${section}' is an entity: make its value a parameter and set that` : '';
      throw usage(`unknown section '${section}'; the sections are ${sections.join(', ')}${didYouMean(section, sections)}${entity}`);
    }
    const schema = SECTIONS[section as Section];
    if (!Object.hasOwn(schema, key)) {
      const keys = Object.keys(schema);
      throw usage(`${section} has no property '${key}'; expected one of ${keys.join(', ')}${didYouMean(key, keys)}`);
    }
    const kind = section === 'road' ? roadKindOf(key) : null;
    if (kind !== null && kind !== program.roadKind) throw usage(`'${key}' belongs to ${kind === 'curve' ? 'a curve road' : 'an intersection'}, and ${program.file}'s road is ${program.roadKind}`);
    return { target: { kind: 'property', section: section as Section, key }, value, where: `--set ${name}` };
  }
  if (eq < 0 || !IDENT.test(name)) throw usage(`expected name=value, such as --set "fog=120 m"`);
  if (!program.params.has(name)) {
    const names = [...program.params.keys()];
    // `--set fog=60 m` most likely means the environment's fog.
    const section = (Object.keys(SECTIONS) as Section[]).find((s) => Object.hasOwn(SECTIONS[s], name));
    const property = section ? `; for the ${section}'s '${name}' write --set "${section}.${name}=${value.trim()}"` : '';
    throw usage(`${program.file} has no parameter '${name}'${names.length ? `; it has ${names.join(', ')}` : ''}${didYouMean(name, names)}${property}`);
  }
  return { target: { kind: 'param', name }, value, where: `--set ${name}` };
}

/** Parse an assignment's value and check it; a ScenarioError positioned in the value if either fails. */
function parseValue(a: Assignment, check: (e: Expr) => Diagnostic[]): Expr {
  const { expr, diagnostics } = parseExpression(a.value, a.where);
  const problems = expr ? [...diagnostics, ...check(expr)] : diagnostics;
  if (problems.length || !expr) throw new ScenarioError(problems, a.value);
  return expr;
}
