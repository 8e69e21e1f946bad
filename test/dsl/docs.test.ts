// docs/language.md is tested like code: every ```scene block must compile and sample, every
// ```scene-error block must fail, and a ```text block right after a scene-error block must be
// exactly the diagnostics Longtail prints for it. A ```scene block whose first line is
// `# file: NAME` is a file other examples import (`import "NAME"`): it is compiled through them.
import { describe, expect, it } from 'vitest';
import { classByName, formatDiagnostic, MODEL_WORDS, MODELS, ScenarioError, THING_CLASSES, type Diagnostic } from '../../src/core/index.ts';
import { CAMERA_PROPS, COLORS, compile, ENTITY_PROPS, ENVIRONMENT_PROPS, ROAD_PROPS, UNITS, type ImportResolver } from '../../src/dsl/index.ts';
import { sample } from '../../src/scenario/index.ts';
import { readRepoFile } from '../helpers/scenario.ts';

const DOC = 'docs/language.md';
const FILE = 'example.scene';
const KNOWN_FENCES = new Set(['scene', 'scene-error', 'text', 'ebnf', '']);

interface Fence {
  readonly lang: string;
  readonly body: string;
  /** 1-based line of the opening fence in the doc, for failure messages. */
  readonly line: number;
}

function fences(markdown: string): Fence[] {
  const out: Fence[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    if (i >= lines.length) throw new Error(`${DOC}:${start + 1}: unclosed code fence`);
    out.push({ lang: open[1]!, body: body.join('\n') + '\n', line: start + 1 });
  }
  return out;
}

const doc = readRepoFile(DOC);
const all = fences(doc);
const LIBRARY = /^# file: (\S+)\n/;
/** Files the examples may import, by name. */
const library = new Map(all.filter((f) => f.lang === 'scene' && LIBRARY.test(f.body)).map((f) => [LIBRARY.exec(f.body)![1]!, f.body]));
const resolve: ImportResolver = (path) => {
  const source = library.get(path);
  return source === undefined ? null : { file: path, source };
};
const scenes = all.filter((f) => f.lang === 'scene' && !LIBRARY.test(f.body));
const errors = all.map((f, i) => ({ f, next: all[i + 1] })).filter(({ f }) => f.lang === 'scene-error');

/** Every diagnostic for a text: the compiler's, or else the sampler's for seed 0. */
function problems(text: string): { diagnostics: readonly Diagnostic[]; source: string } {
  const { program, diagnostics } = compile(text, FILE, { resolve });
  if (!program) return { diagnostics, source: text };
  try {
    sample(program, { seed: 0 });
  } catch (e) {
    if (e instanceof ScenarioError) return { diagnostics: e.diagnostics, source: e.diagnostics[0] ? e.sourceOf(e.diagnostics[0]) : text };
    throw e;
  }
  return { diagnostics: [], source: text };
}

describe(DOC, () => {
  it('has examples of both kinds, in known fence languages only', () => {
    expect(scenes.length).toBeGreaterThanOrEqual(8);
    expect(errors.length).toBeGreaterThanOrEqual(3);
    const unknown = all.filter((f) => !KNOWN_FENCES.has(f.lang)).map((f) => `${DOC}:${f.line}: \`\`\`${f.lang}`);
    expect(unknown).toEqual([]);
  });

  it.each(scenes.map((f) => [f.line, f] as const))('```scene at line %i compiles and samples', (_line, f) => {
    const { program, diagnostics, sources } = compile(f.body, FILE, { resolve });
    expect(diagnostics.map((d) => formatDiagnostic(d, sources.get(d.file) ?? f.body))).toEqual([]);
    sample(program!);
    for (let seed = 0; seed < 25; seed++) sample(program!, { seed });
  });

  it('every importable file is imported by an example', () => {
    expect(library.size).toBeGreaterThan(0);
    const imported = new Set(scenes.flatMap((f) => [...f.body.matchAll(/^import "([^"]+)"/gm)].map((m) => m[1]!)));
    expect([...library.keys()].filter((name) => !imported.has(name))).toEqual([]);
  });

  it.each(errors.map(({ f, next }) => [f.line, f, next] as const))('```scene-error at line %i is reported as shown', (_line, f, next) => {
    const { diagnostics, source } = problems(f.body);
    expect(diagnostics.length).toBeGreaterThan(0);
    if (next?.lang === 'text') {
      expect(diagnostics.map((d) => formatDiagnostic(d, source)).join('\n') + '\n').toBe(next.body);
    }
  });

  it('the shipped example is quoted exactly (comments aside)', () => {
    const strip = (t: string) =>
      t
        .split('\n')
        .map((l) => l.replace(/\s*#.*$/, '').trimEnd())
        .filter((l) => l !== '')
        .join('\n');
    expect(strip(scenes[0]!.body)).toBe(strip(readRepoFile('scenes/deer-crossing-night.scene')));
  });

  it('mentions every unit, class, model, colour, property, function and statement', () => {
    const names = [
      ...Object.keys(UNITS),
      ...THING_CLASSES.map((k) => k.name),
      ...MODEL_WORDS,
      'vehicle',
      'animal',
      'person',
      'prop',
      'uniform',
      'normal',
      'randint',
      'choice',
      'distance',
      'visible',
      'param',
      'require',
      'repeat',
      'import',
      'event',
      'end',
      'capture',
      'cross',
      'brake',
      'stop',
      'freeze',
      'graze',
      'follow',
      'swerve',
      'run',
      'change',
      'after',
      'when',
      'time',
      'distance to',
      'speed of',
      'on road',
      'on cross lane',
      'curve',
      'intersection',
      ...Object.keys(COLORS),
      ...Object.keys(ROAD_PROPS),
      ...Object.keys(ENVIRONMENT_PROPS),
      ...Object.keys(ENTITY_PROPS),
      ...Object.keys(CAMERA_PROPS),
    ];
    expect(names.filter((n) => !doc.includes(`\`${n}\``))).toEqual([]);
  });

  it('the unit table gives each unit its dimension', () => {
    const dims: Record<string, string> = { length: 'length', speed: 'speed', accel: 'acceleration', angle: 'angle', time: 'time' };
    for (const [name, u] of Object.entries(UNITS)) {
      const row = new RegExp(`^\\| \`${name.replace('/', '\\/')}\` \\| (\\w+) \\|`, 'm').exec(doc);
      expect(row?.[1], name).toBe(dims[u.dim]);
    }
  });

  it('the model table gives each model its class, category, default size, the sizes drawn and semantic id', () => {
    for (const m of MODELS) {
      const k = classByName(m.cls)!;
      const drawn = m.sizeRange.map(([lo, hi]) => `${lo}–${hi}`).join(' × ');
      const row = new RegExp(`^\\| \`${m.name}\` \\| \`${k.name}\` \\| ${k.category} \\| ${m.size.join(' × ')} \\| ${drawn} \\| ${k.id} \\|$`, 'm');
      expect(doc, m.name).toMatch(row);
    }
  });

  it('every label class appears in the model table', () => {
    for (const k of THING_CLASSES) expect(doc, k.name).toMatch(new RegExp(`^\\| \`\\w+\` \\| \`${k.name}\` \\|`, 'm'));
  });
});
