// Robustness: the compiler and sampler must never throw anything but a positioned ScenarioError,
// and never hang, however the text is mangled. Mutations are deterministic (core Rng), so a
// failure here reproduces exactly; the failing text is printed with the report.
import { describe, expect, it } from 'vitest';
import { Rng, ScenarioError, type Diagnostic } from '../../src/core/index.ts';
import { compile, lex } from '../../src/dsl/index.ts';
import { sample, SCENE_SPEC_FORMAT } from '../../src/scenario/index.ts';
import { defaultScenes, numbersIn, readRepoFile, sceneFiles } from '../helpers/scenario.ts';

const CHARS = [...'{}()[],:=+-*/<>#"\n\n  \t.x0123456789abcdefghijklmnopqrstuvwxyz_ABZ@é\r'];
/** Words and fragments the language uses, plus a few designed to reach odd corners. */
const WORDS = [
  'ego', 'car', 'truck', 'deer', 'cone', 'road', 'straight', 'environment', 'scenario', 'seed', 'duration',
  'camera', 'on', 'lane', 'roadside', 'shoulder', 'left', 'right', 'ahead', 'of', 'behind', 'by', 'at',
  'cross', 'after', 'uniform', 'speed:', 'offset:', 'facing:', 'scale:', 'fps:', 'lanes:', 'fog:', 'time:',
  '{', '}', '(', ')', ',', ':', '-', '/', '*', '+', 'm', 'km/h', 'm/s', 's', 'deg', 'rad', 'ms', 'h',
  '21:30', '24:00', '25:00', '640x480', '0x0', '"11-21"', '"#ff0000"', '"', '#', '\n', '0', '1', '2', '3.5',
  '-1', '1e400', '0/0', '(0/0)', '1e-400', '9007199254740993', 'uniform(1, 2)', 'uniform(21:30, 23:30)',
  // the newer syntax: parameters, requirements, repeat, models, placements and distributions
  'param', '=', 'gap', 'require', 'require[0.5]', '[', ']', '<', '>', '<=', '>=', '==', '!=', 'and', 'or', 'not',
  'visible', 'from', 'distance(ego, doe)', 'repeat', 'repeat 3 {', 'vehicle', 'animal', 'person', 'prop', 'model:',
  'sedan', 'van', 'child', 'fallen_tree', 'near', 'within', 'facing', 'toward', 'across', 'along', 'against',
  'yaw:', 'lights:', 'high', 'clouds:', 'rain:', 'wind:', 'street_lamps:', 'normal(50, 10)', 'normal(0, 1, -1, 1)',
  'randint(1, 3)', 'randint(0, 200)', 'choice(sedan, van)', 'choice(3: 1, 1: 2)', 'choice(1: low, 0: high)', '(10, 5) m',
];

/** Seeds in the newer syntax, mutated like the shipped scenes. */
const SYNTAX_SEEDS: Record<string, string> = {
  'seed:params-and-requires': `param gap = uniform(20, 60) m
param kind = choice(3: sedan, 1: van)
ego car {
  on lane 1
  speed: normal(80, 5, 60, 100) km/h
  camera front { yaw: 5 deg }
  camera rear { yaw: 180 deg }
}
vehicle lead {
  model: kind
  ahead of ego by gap
  lights: choice(low, high)
}
deer doe {
  on roadside right
  ahead of lead by randint(2, 9) m
  facing toward ego
}
require distance(ego, doe) > 25 m and not distance(ego, lead) < 5 m
require[0.7] visible doe from front or visible lead
`,
  'seed:repeat-and-placements': `environment {
  time: 23:00 + 2 h
  clouds: 0.8
  rain: uniform(0, 1)
  snow: 0
  wetness: 1
  wind: 20 km/h
  street_lamps: on
  date: "02-28"
}
ego person walker { at (10, -6) m }
prop junk { at (40, 1) m }
repeat randint(1, 4) {
  animal sheep {
    model: choice(sheep, cow)
    near junk within 5 m
    facing across the road
  }
  prop stone {
    model: rock
    left of sheep by 1 m
  }
}
car parked {
  right of junk by 3 m
  facing against
}
require[0.2] distance(walker, junk) >= 30 m
`,
};

interface Failure {
  readonly what: string;
  readonly text: string;
}

/** Is the diagnostic placed on a real line, at a column on it (one past the end allowed)? */
function inside(d: Diagnostic, lines: readonly string[], file: string): boolean {
  const line = lines[d.line - 1];
  return (
    d.file === file &&
    line !== undefined &&
    Number.isInteger(d.col) &&
    d.col >= 1 &&
    d.col <= line.length + 1 &&
    d.length >= 1 &&
    d.message.length > 0
  );
}

const FILE = 'fuzz.scene';
let slowest = 0;
/** Whether the last probed text compiled to a program. */
let lastCompiled = false;

/** Compile and (when it compiles) sample one text; return what went wrong, if anything. */
function probe(text: string, seed: number): string | null {
  const lines = text.split('\n');
  const t0 = performance.now();
  lastCompiled = false;
  try {
    let result;
    try {
      result = compile(text, FILE);
    } catch (e) {
      return `compile threw ${String(e)}`;
    }
    if (!result.program) {
      if (result.diagnostics.length === 0) return 'no program and no diagnostics';
    } else if (result.diagnostics.some((d) => d.severity === 'error')) return 'a program despite errors';
    const bad = result.diagnostics.find((d) => !inside(d, lines, FILE));
    if (bad) return `diagnostic outside the file: ${JSON.stringify(bad)}`;
    if (!result.program) return null;
    lastCompiled = true;
    for (const s of [seed, seed + 1]) {
      try {
        // A small budget: a mutant may require the impossible, and 1000 tries of it prove nothing more.
        const spec = sample(result.program, { seed: s, maxAttempts: 20 });
        if (spec.format !== SCENE_SPEC_FORMAT || spec.entities.length === 0 || spec.cameras.length === 0) return 'malformed SceneSpec';
        const nonFinite = numbersIn(spec).find(([, v]) => !Number.isFinite(v));
        if (nonFinite) return `seed ${s}: non-finite ${nonFinite[0]} = ${nonFinite[1]}`;
      } catch (e) {
        if (!(e instanceof ScenarioError)) return `seed ${s}: sample threw ${e instanceof Error ? e.stack : String(e)}`;
        if (e.diagnostics.length === 0) return `seed ${s}: ScenarioError without diagnostics`;
        const out = e.diagnostics.find((d) => !inside(d, lines, FILE));
        if (out) return `seed ${s}: sampling diagnostic outside the file: ${JSON.stringify(out)}`;
      }
    }
    return null;
  } finally {
    slowest = Math.max(slowest, performance.now() - t0);
  }
}

/** Fail with the first few problems and their texts, compactly (a diff of long texts helps nobody). */
function expectNone(failures: readonly Failure[]): void {
  const report = failures
    .slice(0, 3)
    .map((f) => `${f.what}\n  text: ${JSON.stringify(f.text)}`)
    .join('\n');
  expect(failures.length, `${failures.length} failing inputs; first ones:\n${report}`).toBe(0);
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(0, items.length - 1)]!;
}

/** One random edit: characters, tokens or lines deleted, inserted, duplicated or swapped. */
function mutate(text: string, rng: Rng): string {
  const at = rng.int(0, text.length);
  switch (rng.int(0, 10)) {
    case 0: // delete a character
      return text.slice(0, at) + text.slice(at + 1);
    case 1: // insert a character
      return text.slice(0, at) + pick(rng, CHARS) + text.slice(at);
    case 2: {
      // duplicate a short run
      const len = rng.int(1, 20);
      return text.slice(0, at + len) + text.slice(at, at + len) + text.slice(at + len);
    }
    case 3: // swap neighbours
      return text.slice(0, at) + text.charAt(at + 1) + text.charAt(at) + text.slice(at + 2);
    case 4: // insert a word
      return text.slice(0, at) + ' ' + pick(rng, WORDS) + ' ' + text.slice(at);
    case 5:
    case 6:
    case 7: {
      const tokens = lex(text, FILE).tokens.filter((t) => t.length > 0);
      if (tokens.length === 0) return text + pick(rng, WORDS);
      const t = pick(rng, tokens);
      const end = t.offset + t.length;
      const op = rng.int(0, 3);
      if (op === 0) return text.slice(0, t.offset) + text.slice(end); // delete a token
      if (op === 1) return text.slice(0, end) + ' ' + t.text + text.slice(end); // duplicate it
      if (op === 2) return text.slice(0, t.offset) + pick(rng, WORDS) + text.slice(end); // replace it
      const u = pick(rng, tokens); // swap two tokens
      if (u === t) return text;
      const [a, b] = t.offset < u.offset ? [t, u] : [u, t];
      if (a.offset + a.length > b.offset) return text;
      return text.slice(0, a.offset) + b.text + text.slice(a.offset + a.length, b.offset) + a.text + text.slice(b.offset + b.length);
    }
    default: {
      const lines = text.split('\n');
      const i = rng.int(0, lines.length - 1);
      const j = rng.int(0, lines.length - 1);
      const op = rng.int(0, 2);
      if (op === 0) lines.splice(i, 1);
      else if (op === 1) lines.splice(i, 0, lines[i]!);
      else [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return lines.join('\n');
    }
  }
}

const sources = [...new Set([...sceneFiles(), ...defaultScenes()]), ...Object.keys(SYNTAX_SEEDS)];
const textOf = (source: string): string => SYNTAX_SEEDS[source] ?? readRepoFile(source);
/** FUZZ_SEED and FUZZ_COUNT explore further (e.g. FUZZ_SEED=5 FUZZ_COUNT=200000); CI uses the defaults. */
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20240601);
const MUTANTS_PER_SOURCE = Math.ceil(Number(process.env.FUZZ_COUNT ?? 30000) / sources.length);

describe('fuzz: compile and sample never throw anything but positioned diagnostics', () => {
  it('the fuzz inputs exist and compile unmutated', () => {
    expect(sources.length).toBeGreaterThan(0);
    for (const f of sources) {
      expect(probe(textOf(f), 0), f).toBeNull();
      expect(lastCompiled, f).toBe(true);
    }
  });

  it.each(sources)('%s: truncated at every 3rd offset, and with each single token deleted', (file) => {
    const text = textOf(file);
    const failures: Failure[] = [];
    for (let cut = 0; cut <= text.length; cut += 3) {
      const t = text.slice(0, cut);
      const why = probe(t, cut);
      if (why) failures.push({ what: why, text: t });
    }
    const tokens = lex(text, FILE).tokens.filter((t) => t.length > 0);
    for (const tok of tokens) {
      const t = text.slice(0, tok.offset) + text.slice(tok.offset + tok.length);
      const why = probe(t, tok.offset);
      if (why) failures.push({ what: why, text: t });
    }
    expectNone(failures);
  });

  it.each(sources)('%s: thousands of random mutations', (file) => {
    const text = textOf(file);
    const rng = new Rng(FUZZ_SEED, `fuzz:${file}`);
    const failures: Failure[] = [];
    let compiled = 0;
    for (let i = 0; i < MUTANTS_PER_SOURCE; i++) {
      let t = text;
      const edits = rng.int(1, 3);
      for (let k = 0; k < edits; k++) t = mutate(t, rng);
      const why = probe(t, i);
      if (why) failures.push({ what: why, text: t });
      else if (lastCompiled) compiled++;
    }
    expectNone(failures);
    // Sanity: the mutations are neither all fatal nor all harmless.
    expect(compiled).toBeGreaterThan(MUTANTS_PER_SOURCE / 20);
    expect(compiled).toBeLessThan(MUTANTS_PER_SOURCE);
  });

  it('token soup: random sequences of the language’s words', () => {
    const rng = new Rng(FUZZ_SEED, 'fuzz:soup');
    const failures: Failure[] = [];
    for (let i = 0; i < 6000; i++) {
      const n = rng.int(0, 60);
      let t = rng.int(0, 3) === 0 ? 'ego car { on lane 1 }\n' : '';
      for (let k = 0; k < n; k++) t += pick(rng, WORDS) + (rng.int(0, 5) === 0 ? '\n' : ' ');
      const why = probe(t, i);
      if (why) failures.push({ what: why, text: t });
    }
    expectNone(failures);
  });

  it('no single compile-and-sample took long (a hang would show here first as a slow case)', () => {
    expect(slowest).toBeLessThan(1000);
  });
});
