// import "file.scene": another file's statements spliced in where the import stands, each file
// once, cycles reported, and every diagnostic in the file it belongs to. The files live in an
// in-memory map; the resolver finds a path relative to the importing file, as the CLI does on disk.
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/core/index.ts';
import { compile, compileOrThrow, type ImportResolver } from '../../src/dsl/index.ts';
import { sample } from '../../src/scenario/index.ts';
import { positioned } from '../helpers/scenario.ts';

/** A resolver over `files` (name → text): `path` relative to the importing file's folder. */
function resolverOf(files: Record<string, string>, log: string[] = []): ImportResolver {
  return (path, from) => {
    const file = posix.normalize(posix.join(posix.dirname(from), path));
    log.push(`${from} → ${file}`);
    const source = files[file];
    return source === undefined ? null : { file, source };
  };
}

/** Compile `files[main]` with a resolver over `files`. */
function build(files: Record<string, string>, main = 'main.scene') {
  return compile(files[main]!, main, { resolve: resolverOf(files) });
}

describe('splicing', () => {
  const FILES = {
    'main.scene': 'ego car {\n  on lane 1\n  speed: 20 m/s\n}\nimport "parts/parked.scene"\ncar after { ahead of parked by 10 m }\nrequire distance(ego, parked) > 5 m\n',
    'parts/parked.scene': 'param gap = 40 m\ncar parked {\n  on shoulder right\n  ahead of ego by gap\n}\ncone { ahead of parked by 2 m }\n',
  };

  it('the imported statements stand where the import is: entity order and ids follow', () => {
    const { program, diagnostics } = build(FILES);
    expect(diagnostics).toEqual([]);
    const spec = sample(program!, { seed: 0 });
    // The cone is the third entity overall, so it is called cone_3.
    expect(spec.entities.map((e) => [e.id, e.name])).toEqual([
      [1, 'ego'],
      [2, 'parked'],
      [3, 'cone_3'],
      [4, 'after'],
    ]);
    expect(spec.entities.map((e) => e.position[0])).toEqual([0, 40, 42, 50]);
  });

  it('names cross files both ways: the imported file sees the ego above it; the main file its entities and parameters', () => {
    const files = { ...FILES, 'main.scene': FILES['main.scene'] + 'car far { ahead of ego by gap * 2 }\n' };
    const spec = sample(build(files).program!, { seed: 0 });
    expect(spec.entities.find((e) => e.name === 'far')!.position[0]).toBe(80);
  });

  it('sources hold every file read, the main one first', () => {
    const { sources } = build(FILES);
    expect([...sources.keys()]).toEqual(['main.scene', 'parts/parked.scene']);
    expect(sources.get('parts/parked.scene')).toBe(FILES['parts/parked.scene']);
  });

  it('paths are relative to the importing file, also inside an imported file', () => {
    const log: string[] = [];
    const files = {
      'main.scene': 'import "a/b.scene"\nego car { }\n',
      'a/b.scene': 'import "../c.scene"\nimport "d.scene"\n',
      'c.scene': 'cone { at 5 m }\n',
      'a/d.scene': 'cone { at 6 m }\n',
    };
    const { program, diagnostics } = compile(files['main.scene'], 'main.scene', { resolve: resolverOf(files, log) });
    expect(diagnostics).toEqual([]);
    expect(log).toEqual(['main.scene → a/b.scene', 'a/b.scene → c.scene', 'a/b.scene → a/d.scene']);
    expect(sample(program!, { seed: 0 }).entities.map((e) => e.name)).toEqual(['cone_1', 'cone_2', 'ego']);
  });

  it('a diamond: a file imported twice is spliced once, at its first import', () => {
    const files = {
      'main.scene': 'ego car { }\nimport "left.scene"\nimport "right.scene"\n',
      'left.scene': 'import "common.scene"\ncar l { ahead of shared by 5 m }\n',
      'right.scene': 'import "common.scene"\ncar r { ahead of shared by 10 m }\n',
      'common.scene': 'param gap = 30 m\ncar shared { ahead of ego by gap }\n',
    };
    const { program, diagnostics, sources } = build(files);
    expect(diagnostics).toEqual([]);
    expect([...sources.keys()]).toEqual(['main.scene', 'left.scene', 'common.scene', 'right.scene']);
    expect(sample(program!, { seed: 0 }).entities.map((e) => [e.name, e.position[0]])).toEqual([
      ['ego', 0],
      ['shared', 30],
      ['l', 35],
      ['r', 40],
    ]);
  });

  it('an imported file may carry behaviours, events, the end and the window', () => {
    const files = {
      'main.scene': 'ego car {\n  on lane 1\n  speed: 20 m/s\n  brake when close\n}\nimport "events.scene"\n',
      'events.scene': 'deer doe { at 80 m }\nevent close when distance(ego, doe) < 30 m\nend when speed of ego < 0.1 m/s\ncapture from 1 s before close to 2 s after close\n',
    };
    const spec = sample(build(files).program!, { seed: 0 });
    expect(spec.behaviours[0]!.trigger).toEqual({ kind: 'when', condition: { kind: 'event', name: 'close' } });
    expect(spec.events.map((e) => e.name)).toEqual(['close']);
    expect(spec.end).not.toBeNull();
    expect(spec.window).toEqual({ event: 'close', before: 1, after: 2 });
  });
});

describe('diagnostics in imported files', () => {
  const FILES = {
    'main.scene': 'ego car { on lane 1 }\nimport "lib/bad.scene"\ncar c { spede: 3 m/s }\n',
    'lib/bad.scene': '# a library of parked cars\ncar p {\n  at 20 km/h\n}\n',
  };

  it('carry the imported file’s name, line and column; the main file’s come first', () => {
    expect(build(FILES).diagnostics.map(positioned)).toEqual([
      "main.scene:3:9: a car has no property 'spede'; expected one of speed, driving, reaction, color, scale, lights, hazards, indicator, facing, offset, motion, antlers, mesh, mesh_yaw, mesh_fit; did you mean 'speed'?",
      'lib/bad.scene:3:6: expected a distance such as 20 m, found a speed',
    ]);
  });

  it('ScenarioError shows each with a line of its own file', () => {
    let error: unknown;
    try {
      compileOrThrow(FILES['main.scene'], 'main.scene', { resolve: resolverOf(FILES) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const e = error as ScenarioError;
    expect(e.message).toBe(
      [
        "main.scene:3:9: error: a car has no property 'spede'; expected one of speed, driving, reaction, color, scale, lights, hazards, indicator, facing, offset, motion, antlers, mesh, mesh_yaw, mesh_fit; did you mean 'speed'?",
        '3 | car c { spede: 3 m/s }',
        '            ^^^^^',
        'lib/bad.scene:3:6: error: expected a distance such as 20 m, found a speed',
        '3 |   at 20 km/h',
        '         ^^^^^^^',
      ].join('\n'),
    );
    expect(e.sourceOf(e.diagnostics[1]!)).toBe(FILES['lib/bad.scene']);
  });

  it('a syntax error in an imported file is reported there, and the rest still checked', () => {
    const files = { 'main.scene': 'ego car { on lane 1 }\nimport "x.scene"\n', 'x.scene': 'car a { on lane 1  at 5 m }\ncar b { ahead of nobody by 3 m }\n' };
    expect(build(files).diagnostics.map(positioned)).toEqual([
      "x.scene:1:20: expected end of line, found 'at'",
      "x.scene:2:18: unknown entity 'nobody'; expected the name of an entity declared above this one",
    ]);
  });

  it('a value out of range in an imported file is reported there when sampled', () => {
    const files = { 'main.scene': 'ego car { on lane 1 }\nimport "x.scene"\n', 'x.scene': '\ncar a { on lane 5 }\n' };
    const program = build(files).program!;
    let error: unknown;
    try {
      sample(program, { seed: 0 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).message).toBe(
      ['x.scene:2:17: error: lane 5 does not exist: the road has 2 lanes (1 is the rightmost)', '2 | car a { on lane 5 }', '                    ^'].join('\n'),
    );
  });

  it('a requirement that cannot be met in an imported file points there', () => {
    const files = { 'main.scene': 'ego car { }\nimport "req.scene"\n', 'req.scene': 'cone c { at 10 m }\nrequire distance(ego, c) > 50 m\n' };
    let error: unknown;
    try {
      sample(build(files).program!, { seed: 0, maxAttempts: 3 });
    } catch (e) {
      error = e;
    }
    expect((error as ScenarioError).diagnostics.map(positioned)).toEqual([
      'req.scene:2:1: no sample met every requirement in 3 tries (acceptance 0 of 3); this requirement failed most, in 3 tries (100.0%)',
    ]);
  });
});

describe('import errors', () => {
  it('a missing file, at the import', () => {
    const files = { 'main.scene': 'ego car { }\nimport "nope.scene"\n' };
    expect(build(files).diagnostics.map(positioned)).toEqual(['main.scene:2:1: cannot import "nope.scene": no such file']);
  });

  it('a missing file inside an imported file is reported in that file', () => {
    const files = { 'main.scene': 'ego car { }\nimport "a.scene"\n', 'a.scene': '\nimport "gone.scene"\n' };
    expect(build(files).diagnostics.map(positioned)).toEqual(['a.scene:2:1: cannot import "gone.scene": no such file']);
  });

  it('a cycle, at the import that closes it, with the chain', () => {
    const files = { 'main.scene': 'ego car { }\nimport "a.scene"\n', 'a.scene': 'import "b.scene"\n', 'b.scene': 'cone { }\nimport "a.scene"\n' };
    expect(build(files).diagnostics.map(positioned)).toEqual(['b.scene:2:1: "a.scene" imports itself (main.scene → a.scene → b.scene → a.scene)']);
  });

  it('a file importing itself, and one importing the main file', () => {
    expect(build({ 'main.scene': 'ego car { }\nimport "main.scene"\n' }).diagnostics.map(positioned)).toEqual([
      'main.scene:2:1: "main.scene" imports itself (main.scene → main.scene)',
    ]);
    expect(build({ 'main.scene': 'ego car { }\nimport "a.scene"\n', 'a.scene': 'import "main.scene"\n' }).diagnostics.map(positioned)).toEqual([
      'a.scene:1:1: "main.scene" imports itself (main.scene → a.scene → main.scene)',
    ]);
  });

  it('without a resolver an import is an error', () => {
    expect(compile('ego car { }\nimport "a.scene"\n', 'main.scene').diagnostics.map(positioned)).toEqual([
      'main.scene:2:1: cannot import "a.scene" here: imports need scenario files on disk (use the longtail command)',
    ]);
  });

  it('names clash across files like in one file; the earlier declaration is named with its file', () => {
    const files = { 'main.scene': 'ego car { }\ncar twin { }\nimport "a.scene"\n', 'a.scene': 'car twin { }\nparam twin = 3 m\nevent hit when time > 1 s\n' };
    const more = { ...files, 'main.scene': files['main.scene'] + 'event hit when time > 2 s\ncar c2 { }\n' };
    expect(build(more).diagnostics.map(positioned)).toEqual([
      "main.scene:4:7: event 'hit' is already declared at line 3 of a.scene",
      "a.scene:1:5: 'twin' is already declared at line 2 of main.scene; entity names must be unique",
      "a.scene:2:7: 'twin' is already an entity (line 2 of main.scene); entity and parameter names must differ",
    ]);
  });

  it('order still matters: an entity of the main file cannot be placed relative to one imported below it', () => {
    const files = { 'main.scene': 'ego car { }\ncar a { ahead of b by 3 m }\nimport "b.scene"\n', 'b.scene': 'car b { }\n' };
    expect(build(files).diagnostics.map(positioned)).toEqual(["main.scene:2:18: unknown entity 'b'; expected the name of an entity declared above this one"]);
  });
});
