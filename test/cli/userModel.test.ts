// A user's glTF model standing in for an entity (`mesh: "elk.glb"`), on the node side: the file
// checked and measured at compile time (sizes computed by hand from hand-written GLBs), errors
// at file:line:col, the sampled SceneSpec, the authoring page's warning, and a real capture.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectGltf, readGltf } from '../../src/assets/gltf.ts';
import { loadScenario } from '../../src/cli/loadScenario.ts';
import { MAX_MODEL_BYTES, readModelFiles } from '../../src/cli/modelFiles.ts';
import { ScenarioError, classByName } from '../../src/core/index.ts';
import { compile } from '../../src/dsl/index.ts';
import { sample, type SceneSpec } from '../../src/scenario/index.ts';
import { runLongtail } from '../helpers/cli.ts';
import { appendAccessors, boxSolid, skinnedToOneJoint, toGlb, toGltfJson, wedgeSolid } from '../helpers/glb.ts';
import { positioned } from '../helpers/scenario.ts';

const tmp = mkdtempSync(join(tmpdir(), 'longtail-mesh-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const write = (name: string, bytes: Uint8Array | string): string => {
  const p = join(tmp, name);
  writeFileSync(p, bytes);
  return p;
};
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const close = (a: readonly number[], b: readonly number[], eps = 1e-6) => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) <= eps);

/**
 * The test wedge: 40 cm wide, 160 cm long, 120 cm tall at its back, authored in centimetres with a
 * node scale of 0.01 and moved off the origin, so its extent in metres is [1.6, 0.4, 1.2]
 * (length, width, height) only if the node transform is applied.
 */
const WEDGE = (extra: Partial<Parameters<typeof wedgeSolid>[3]> = {}) => wedgeSolid(40, 160, 120, { node: { scale: [0.01, 0.01, 0.01], translation: [5, 2, -3] }, ...extra });

/** Compile and sample a scenario file in the temp folder the way the longtail command does. */
function load(name: string, text: string, seed = 0): SceneSpec {
  const f = write(name, text);
  return sample(loadScenario(f).program, { seed });
}

/** The diagnostics of compiling (or else sampling) a scenario file, as `file:line:col: message`. */
function problems(name: string, text: string): string[] {
  const f = write(name, text);
  try {
    sample(loadScenario(f).program, { seed: 0 });
    return [];
  } catch (e) {
    if (e instanceof ScenarioError) return e.diagnostics.map(positioned);
    throw e;
  }
}

describe('reading a glTF model', () => {
  it('measures a GLB wedge through its node transform: [length, width, height] in Longtail axes', () => {
    const info = inspectGltf(toGlb(WEDGE()));
    expect(info.binary).toBe(true);
    expect(close(info.extent, [1.6, 0.4, 1.2])).toBe(true);
    // 5 faces, flat-shaded: 3 + 3 + 4 + 4 + 4 vertices.
    expect(info.vertices).toBe(18);
  });

  it('reads the same model as a .gltf with its buffer in a data: URI', () => {
    const info = inspectGltf(toGltfJson(WEDGE()));
    expect(info.binary).toBe(false);
    expect(close(info.extent, [1.6, 0.4, 1.2])).toBe(true);
  });

  it('turns with the node rotation: a 2 × 1 × 0.5 box (glTF x, y, z) turned 90° about y is 2 long and 0.5 wide', () => {
    // A quarter turn about +y takes +x to -z and +z to +x: glTF extents (0.5, 1, 2), so length
    // (glTF z) 2, width (glTF x) 0.5, height 1.
    const s = Math.SQRT1_2;
    const info = inspectGltf(toGlb(boxSolid(2, 1, 0.5, { node: { rotation: [0, s, 0, s] } })));
    expect(close(info.extent, [2, 0.5, 1])).toBe(true);
  });

  it('applies default morph weights and skins (the skinned node transform ignored, as glTF says)', () => {
    // A 1 × 1 × 1 box (y from 0 to 1) skinned to one joint scaled 2, its own node scaled 10
    // (ignored: it is skinned): every vertex doubles, 2 × 2 × 2.
    expect(close(inspectGltf(toGlb(skinnedToOneJoint(boxSolid(1, 1, 1), { scale: [2, 2, 2] }, { scale: [10, 10, 10] }))).extent, [2, 2, 2])).toBe(true);
    // The joint turned a quarter about y: a 0.4 × 1.2 × 1.6 wedge (x, y, z) lies along x: 0.4 long, 1.6 wide.
    const s = Math.SQRT1_2;
    expect(close(inspectGltf(toGlb(skinnedToOneJoint(wedgeSolid(0.4, 1.6, 1.2), { rotation: [0, s, 0, s] }))).extent, [0.4, 1.6, 1.2])).toBe(true);
    // A morph target lifting the top vertices by 1, at weight 0.5: y runs 0 to 1.5, then the joint doubles it: 3 tall.
    const g = skinnedToOneJoint(boxSolid(1, 1, 1), { scale: [2, 2, 2] });
    const n = (g.json.accessors as { count: number }[])[0]!.count;
    const rest = new Float32Array(g.bin.slice(0, n * 12).buffer);
    const lift = new Float32Array(n * 3).map((_, i) => (i % 3 === 1 && rest[i] === 1 ? 1 : 0));
    const morphed = appendAccessors(g, [[new Uint8Array(lift.buffer), { componentType: 5126, count: n, type: 'VEC3', min: [0, 0, 0], max: [0, 1, 0] }]]);
    const mesh = (morphed.json.meshes as { primitives: Record<string, unknown>[]; weights?: number[] }[])[0]!;
    mesh.primitives[0]!.targets = [{ POSITION: (morphed.json.accessors as unknown[]).length - 1 }];
    mesh.weights = [0.5];
    expect(close(inspectGltf(toGlb(morphed)).extent, [2, 2, 3])).toBe(true);
  });

  it('says what is wrong, in words, for files it cannot draw', () => {
    const bad = (bytes: Uint8Array | string) => () => inspectGltf(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
    expect(bad('PK\x03\x04 a zip')).toThrow(/^not a glTF model: a \.glb starts with "glTF" and a \.gltf is JSON, but this file starts with "PK\\x03\\x04"$/);
    expect(bad('{"asset": {"version": "1.0"}}')).toThrow('glTF version 1.0 is not supported; Longtail reads glTF 2.0');
    expect(bad('{ "nodes": [ }')).toThrow(/^its glTF JSON does not parse: /);
    const glb = toGlb(WEDGE());
    expect(bad(glb.subarray(0, glb.length - 10))).toThrow(/cut short/);
    const external = WEDGE();
    external.json.buffers = [{ byteLength: external.bin.length, uri: 'wedge.bin' }];
    expect(() => inspectGltf(toGlb(external), (u) => u === 'wedge.bin')).toThrow(
      'it refers to another file, "wedge.bin" (found, but not read); Longtail needs the whole model in one file: save it as a .glb (binary glTF), or embed its buffers and images in the .gltf as data: URIs',
    );
    const draco = WEDGE();
    draco.json.extensionsUsed = ['KHR_draco_mesh_compression'];
    expect(bad(toGlb(draco))).toThrow('it uses KHR_draco_mesh_compression (Draco-compressed geometry), which Longtail does not decode; export the model without it');
    const lines = WEDGE();
    (lines.json.meshes as { primitives: { mode: number }[] }[])[0]!.primitives[0]!.mode = 1;
    expect(bad(toGlb(lines))).toThrow('mesh 0 ("solid") primitive 0 draws lines; Longtail draws triangles only');
    expect(bad(toGlb(boxSolid(1, 0, 1)))).toThrow('it is flat: its height (glTF y) is 0; a model needs a length, a width and a height');
    const empty = WEDGE();
    empty.json.scenes = [{ nodes: [] }];
    expect(bad(toGlb(empty))).toThrow('its scene draws no triangles');
  });

  it('splits a GLB into its JSON and binary chunk', () => {
    const g = WEDGE();
    const doc = readGltf(toGlb(g));
    expect(doc.json.asset).toEqual({ version: '2.0', generator: 'longtail test/helpers/glb.ts' });
    expect([...doc.bin!.subarray(0, g.bin.length)]).toEqual([...g.bin]);
  });
});

describe('mesh: in a scenario', () => {
  const glb = toGlb(WEDGE());
  write('wedge.glb', glb);
  const scene = (entity: string) => `ego car { on lane 1 }\n${entity}\n`;

  it('keeps the class of the head word and records the file and its SHA-256', () => {
    const spec = load('keep.scene', scene('deer elk { on lane 1\n  ahead of ego by 20 m\n  mesh: "wedge.glb" }'));
    const elk = spec.entities.find((e) => e.name === 'elk')!;
    expect(elk.cls).toBe('deer');
    expect(elk.model).toBe('deer');
    expect(elk.mesh).toEqual({ path: relative(process.cwd(), join(tmp, 'wedge.glb')), sha256: sha(glb), yaw: 0 });
    // contain (the default): the wedge's own proportions (1.6 × 0.4 × 1.2), as large as fits in
    // the box this deer drew (the same entity without a mesh has it: the look has its own stream).
    const box = load('keep0.scene', scene('deer elk { on lane 1\n  ahead of ego by 20 m }')).entities[1]!.size;
    const s = Math.min(box[0] / 1.6, box[1] / 0.4, box[2] / 1.2);
    expect(close(elk.size, [1.6 * s, 0.4 * s, 1.2 * s])).toBe(true);
    expect(elk.size.some((v, k) => Math.abs(v - box[k]!) < 1e-9)).toBe(true); // touches the box on one axis
    // Entities without a mesh are unchanged: no mesh field at all.
    expect('mesh' in spec.entities[0]!).toBe(false);
  });

  it('sizes by mesh_fit and mesh_yaw, computed by hand', () => {
    const size = (props: string) => load('fit.scene', scene(`animal a { at 20 m\n  model: moose\n  ${props} }`)).entities[1]!.size;
    // The box this moose drew, L × W × H (about 2.8 × 0.8 × 2.2).
    const [L, W, H] = size('');
    // contain scales the wedge (1.6 × 0.4 × 1.2) by min(L/1.6, W/0.4, H/1.2).
    const s = Math.min(L / 1.6, W / 0.4, H / 1.2);
    expect(close(size('mesh: "wedge.glb"'), [1.6 * s, 0.4 * s, 1.2 * s])).toBe(true);
    expect(close(size('mesh: "wedge.glb"\n  mesh_fit: fill'), [L, W, H])).toBe(true);
    expect(close(size('mesh: "wedge.glb"\n  mesh_fit: native\n  scale: 2'), [3.2, 0.8, 2.4])).toBe(true);
    // Turned a quarter: length and width swap (0.4 long, 1.6 wide), then contain.
    const q = Math.min(L / 0.4, W / 1.6, H / 1.2);
    expect(close(size('mesh: "wedge.glb"\n  mesh_yaw: -90 deg'), [0.4 * q, 1.6 * q, 1.2 * q])).toBe(true);
    const e = load('yaw.scene', scene('animal a { at 20 m\n  mesh: "wedge.glb"\n  mesh_yaw: 270 deg }')).entities[1]!;
    expect(e.mesh!.yaw).toBeCloseTo((3 * Math.PI) / 2, 12);
  });

  it('samples a choice of meshes, each file read and hashed', () => {
    const box = toGlb(boxSolid(1, 1, 1));
    write('box.glb', box);
    const shas = new Set<string>();
    for (let seed = 0; seed < 12; seed++) {
      const spec = load('choice.scene', scene('prop p { at 20 m\n  mesh: choice("wedge.glb", "box.glb") }'), seed);
      shas.add(spec.entities[1]!.mesh!.sha256);
    }
    expect(shas).toEqual(new Set([sha(glb), sha(box)]));
  });

  it('reports missing, garbage and unusable files at file:line:col', () => {
    write('garbage.glb', 'this is not a model\n');
    const ext = WEDGE();
    ext.json.buffers = [{ byteLength: ext.bin.length, uri: 'elk.bin' }];
    write('external.gltf', JSON.stringify(ext.json));
    const f = join(tmp, 'bad.scene');
    const shown = (n: string) => relative(process.cwd(), join(tmp, n));
    expect(
      problems('bad.scene', scene('deer a { at 20 m\n  mesh: "nope.glb" }\ndeer b { at 30 m\n  mesh: "garbage.glb" }\ncow c { at 40 m\n    mesh: "external.gltf" }')),
    ).toEqual([
      `${f}:3:9: mesh "nope.glb": no such file (looked for ${shown('nope.glb')})`,
      `${f}:5:9: mesh "garbage.glb": ${shown('garbage.glb')}: not a glTF model: a .glb starts with "glTF" and a .gltf is JSON, but this file starts with "this"`,
      `${f}:7:11: mesh "external.gltf": ${shown('external.gltf')}: it refers to another file, "elk.bin" (not found); Longtail needs the whole model in one file: save it as a .glb (binary glTF), or embed its buffers and images in the .gltf as data: URIs`,
    ]);
  });

  it('refuses a model file over the size limit without reading it', () => {
    const p = join(tmp, 'huge.glb');
    const fd = openSync(p, 'w');
    ftruncateSync(fd, MAX_MODEL_BYTES + 1); // sparse: no 64 MiB written
    closeSync(fd);
    const f = join(tmp, 'huge.scene');
    expect(problems('huge.scene', scene('deer a { at 20 m\n  mesh: "huge.glb" }'))).toEqual([
      `${f}:3:9: mesh "huge.glb": ${relative(process.cwd(), p)} is 64.0 MiB; a model file may be at most 64 MiB`,
    ]);
  });

  it('points at the value for a mesh_yaw that is not a quarter turn, and at a wrong type', () => {
    const f = join(tmp, 'yawbad.scene');
    expect(problems('yawbad.scene', scene('deer a { at 20 m\n  mesh: "wedge.glb"\n  mesh_yaw: 45 deg }'))).toEqual([
      `${f}:4:13: mesh_yaw must be a multiple of 90 deg, found 45 deg`,
    ]);
    const g = join(tmp, 'typebad.scene');
    expect(problems('typebad.scene', scene('deer a { at 20 m\n  mesh: wedge }'))).toEqual([`${g}:3:9: expected a string in double quotes, found a word`]);
    const h = join(tmp, 'nomesh.scene');
    expect(problems('nomesh.scene', scene('deer a { at 20 m\n  mesh_fit: fill }'))).toEqual([`${h}:3:13: 'mesh_fit' turns or sizes a mesh, but 'a' has no 'mesh:'`]);
  });

  it('on the authoring page (no files): a warning, and the built-in model', () => {
    const text = scene('deer elk { at 20 m\n  mesh: "wedge.glb" }');
    const { program, diagnostics } = compile(text, 'page.scene');
    expect(diagnostics.map((d) => `${d.severity} ${positioned(d)}`)).toEqual([
      "warning page.scene:3:9: 'elk' is drawn with its built-in model here: mesh files are read from disk by the longtail command (check, sample, capture), which this page cannot do",
    ]);
    const elk = sample(program!, { seed: 0 }).entities[1]!;
    expect(elk.mesh).toBeUndefined();
    expect(elk.model).toBe('deer');
  });

  it('reads the model files of a SceneSpec again for a capture, and notices a changed file', () => {
    const p = write('changing.glb', glb);
    const spec = load('changing.scene', scene('deer a { at 20 m\n  mesh: "changing.glb" }'));
    const files = readModelFiles(spec);
    expect([...files.keys()]).toEqual([sha(glb)]);
    expect(files.get(sha(glb))!.datasetPath).toBe(`models/${sha(glb)}.glb`);
    writeFileSync(p, toGlb(boxSolid(1, 1, 1)));
    expect(() => readModelFiles(spec)).toThrow(/its mesh .*changing\.glb changed since the scenario was sampled/);
  });
});

describe('longtail capture with a user model', () => {
  it('writes a data set that verify accepts, holding the model file named by its SHA-256', () => {
    const glb = toGlb(WEDGE());
    write('models-wedge.glb', glb);
    const f = write(
      'capture.scene',
      'scenario "user-mesh"\nego car { on lane 1\n  camera front { resolution: 160x120\n    fps: 10 } }\ndeer elk { on lane 1\n  ahead of ego by 12 m\n  facing: 90 deg\n  mesh: "models-wedge.glb" }\nduration 0.2 s\n',
    );
    const out = join(tmp, 'ds');
    const r = runLongtail(tmp, ['capture', f, '--out', out]);
    expect(r.stderr + r.stdout).toMatch(/wrote 2 frames/);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: Record<string, string> };
    const path = `models/${sha(glb)}.glb`;
    expect(manifest.files[path]).toBe(sha(glb));
    expect(sha(readFileSync(join(out, path)))).toBe(sha(glb));
    const scene = JSON.parse(readFileSync(join(out, 'scene.json'), 'utf8')) as SceneSpec;
    expect(scene.entities[1]!.mesh!.sha256).toBe(sha(glb));
    // The wedge is seen and labelled as the deer it stands in for.
    const labels = JSON.parse(readFileSync(join(out, 'front/labels/000000.json'), 'utf8')) as { objects: { name: string; class: string; visible_pixels: number }[] };
    const elk = labels.objects.find((o) => o.name === 'elk')!;
    expect(elk.class).toBe('deer');
    expect(elk.visible_pixels).toBeGreaterThan(50);
    const v = runLongtail(tmp, ['verify', out]);
    expect(v.stderr).toBe('');
    expect(v.stdout).toMatch(/^ok: 2 frames/);
    expect(classByName('deer')!.id).toBe(20);
    expect(existsSync(join(out, 'models'))).toBe(true);
  }, 240_000);
});
