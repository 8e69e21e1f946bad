// `longtail export`: a real process, real Chromium, a real .glb on disk, read back chunk by chunk.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/cli/loadScenario.ts';
import { ROOT } from '../../src/cli/version.ts';
import { sample } from '../../src/scenario/index.ts';
import { runLongtail, SMALL_SCENE } from '../helpers/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'longtail-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const longtail = (args: string[]) => runLongtail(tmp, args);

const SCENE = join(ROOT, 'scenes', 'deer-crossing-night.scene');
const SIZE = '320x240';
const FRAME = 20;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- glTF JSON, checked field by field
type Json = Record<string, any>;

/** A GLB's JSON and binary chunks, with every header field checked against the file. */
function readGlb(bytes: Buffer): { json: Json; bin: Buffer } {
  expect(bytes.toString('latin1', 0, 4)).toBe('glTF');
  expect(bytes.readUInt32LE(4)).toBe(2);
  expect(bytes.readUInt32LE(8)).toBe(bytes.length);
  const jsonLength = bytes.readUInt32LE(12);
  expect(bytes.readUInt32LE(16)).toBe(0x4e4f534a); // 'JSON'
  expect(jsonLength % 4).toBe(0);
  const json = JSON.parse(bytes.toString('utf8', 20, 20 + jsonLength)) as Json;
  const at = 20 + jsonLength;
  const binLength = bytes.readUInt32LE(at);
  expect(bytes.readUInt32LE(at + 4)).toBe(0x004e4942); // 'BIN\0'
  expect(binLength % 4).toBe(0);
  expect(at + 8 + binLength).toBe(bytes.length);
  return { json, bin: bytes.subarray(at + 8, at + 8 + binLength) };
}

describe('longtail export', () => {
  let first: Buffer;
  let glb: { json: Json; bin: Buffer };
  beforeAll(() => {
    const r = longtail(['export', SCENE, '--seed', '3', '--size', SIZE, '--frame', String(FRAME), '--out', 'a.glb']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote frame 20 of 'deer-crossing-night' seed 3 \(camera 'front'\) to a\.glb \(\d+\.\d\d MB\)/);
    first = readFileSync(join(tmp, 'a.glb'));
    glb = readGlb(first);
  }, 120_000);

  it('is a valid GLB whose buffer fits the binary chunk and whose accessors stay inside it', () => {
    const { json, bin } = glb;
    expect(json.asset.version).toBe('2.0');
    expect(json.buffers).toHaveLength(1);
    expect(json.buffers[0].uri).toBeUndefined();
    expect(json.buffers[0].byteLength).toBeLessThanOrEqual(bin.length);
    for (const v of json.bufferViews) expect((v.byteOffset ?? 0) + v.byteLength).toBeLessThanOrEqual(json.buffers[0].byteLength);
    for (const a of json.accessors) expect(a.bufferView).toBeLessThan(json.bufferViews.length);
  });

  it('holds meshes with materials, and the scene tree under one z-up root', () => {
    const { json } = glb;
    expect(json.meshes.length).toBeGreaterThan(10);
    expect(json.materials.length).toBeGreaterThan(5);
    for (const m of json.meshes) for (const p of m.primitives) {
      expect(p.attributes.POSITION).toBeTypeOf('number');
      expect(p.material).toBeLessThan(json.materials.length);
      // Only attributes every glTF reader knows: no shader inputs.
      for (const name of Object.keys(p.attributes)) expect(name).toMatch(/^(POSITION|NORMAL|TEXCOORD_0|COLOR_0)$/);
    }
    const scene = json.scenes[json.scene];
    expect(scene.nodes).toHaveLength(1);
    const root = json.nodes[scene.nodes[0]];
    // -90° about x: Longtail's +z up becomes glTF's +y up (as a matrix: column-major, y → -z, z → y).
    const m = root.matrix as number[];
    expect(m.map((v) => Math.round(v * 1e6) / 1e6 + 0)).toEqual([1, 0, 0, 0, 0, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
    // A sensible number of nodes: every entity but the camera's carrier, road, roadside, lights.
    expect(json.nodes.length).toBeGreaterThan(30);
    expect(json.nodes.length).toBeLessThan(2000);
    const names = new Set(json.nodes.map((n: Json) => n.name));
    for (const n of ['road', 'roadside', 'doe', 'oncoming']) expect(names).toContain(n);
    expect(names).not.toContain('ego'); // its body is hidden in capture, and here: the camera sits in it
    const doe = json.nodes.find((n: Json) => n.name === 'doe');
    expect(doe.extras).toMatchObject({ semantic: expect.any(Number), instance: expect.any(Number), model: 'deer' });
  });

  it("has the capture camera with the scenario camera's vertical field of view and aspect", () => {
    const { program } = loadScenario(SCENE);
    const cam = sample(program, { seed: 3, resolution: [320, 240] }).cameras[0]!;
    const { json } = glb;
    expect(json.cameras).toHaveLength(1);
    const c = json.cameras[0];
    expect(c.type).toBe('perspective');
    expect(c.name).toBe(cam.name);
    expect(c.perspective.aspectRatio).toBeCloseTo(cam.width / cam.height, 12);
    expect(c.perspective.yfov).toBeCloseTo(2 * Math.atan((Math.tan(cam.hfov / 2) * cam.height) / cam.width), 9);
    expect(c.perspective.znear).toBeCloseTo(cam.near, 9);
    expect(c.perspective.zfar).toBeCloseTo(cam.far, 9);
    expect(json.nodes.filter((n: Json) => n.camera !== undefined)).toHaveLength(1);
  });

  it('has the lights in KHR_lights_punctual: the moon, and the headlights of the ego and the oncoming car', () => {
    const { json } = glb;
    expect(json.extensionsUsed).toContain('KHR_lights_punctual');
    const lights = json.extensions.KHR_lights_punctual.lights as Json[];
    for (const l of lights) {
      expect(['directional', 'spot', 'point']).toContain(l.type);
      expect(l.intensity).toBeGreaterThan(0);
    }
    const spots = lights.filter((l) => l.type === 'spot');
    expect(spots.map((l) => l.name).sort()).toEqual(['ego/headlight-beam', 'oncoming/headlight-beam']);
    for (const l of spots) expect(l.spot.outerConeAngle).toBeGreaterThan(l.spot.innerConeAngle);
    expect(lights.some((l) => l.type === 'directional' && l.name === 'moon')).toBe(true);
    const lit = json.nodes.filter((n: Json) => n.extensions?.KHR_lights_punctual);
    expect(lit).toHaveLength(lights.length);
  });

  it('records the frame, the background, fog and ambient light in the scene extras', () => {
    const x = glb.json.scenes[0].extras.longtail as Json;
    expect(x).toMatchObject({ scenario: 'deer-crossing-night', seed: 3, camera: 'front', frame: FRAME, width: 320, height: 240 });
    expect(x.time).toBeCloseTo(FRAME / 10, 9);
    expect(x.background).toHaveLength(3);
    expect(x.fog.density).toBeGreaterThan(0);
    expect(x.ambient.intensity).toBeGreaterThan(0);
    expect(x.omitted.join(' ')).toContain('rain');
  });

  it("puts the camera where capture's labels say it is (camera_to_world, OpenCV axes)", () => {
    writeFileSync(join(tmp, 'small.scene'), SMALL_SCENE);
    const c = longtail(['capture', 'small.scene', '--out', 'cap', '--quiet']);
    expect(c.code, c.stderr).toBe(0);
    const e = longtail(['export', 'small.scene', '--frame', '2', '--out', 'small.glb']);
    expect(e.code, e.stderr).toBe(0);
    const labels = JSON.parse(readFileSync(join(tmp, 'cap', 'front', 'labels', '000002.json'), 'utf8')) as Json;
    const { json } = readGlb(readFileSync(join(tmp, 'small.glb')));
    const root = json.nodes[json.scenes[0].nodes[0]];
    const node = json.nodes.find((n: Json) => n.camera !== undefined);
    expect(root.children).toContain(json.nodes.indexOf(node));
    // Under the root, nodes are in Longtail's world coordinates: the camera's matrix (column-major)
    // is three's camera-to-world; OpenCV's flips y and z.
    const m = node.matrix as number[];
    const cv = [0, 1, 2, 3].map((r) => [0, 1, 2, 3].map((col) => m[col * 4 + r]! * (col === 1 || col === 2 ? -1 : 1)));
    const want = labels.camera_to_world as number[][];
    for (let r = 0; r < 4; r++) for (let col = 0; col < 4; col++) expect(cv[r]![col]!).toBeCloseTo(want[r]![col]!, 5);
  }, 120_000);

  it('is byte-identical when made again with the same seed and frame', () => {
    const r = longtail(['export', SCENE, '--seed', '3', '--size', SIZE, '--frame', String(FRAME), '--out', 'b.glb']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(tmp, 'b.glb')).equals(first)).toBe(true);
  }, 120_000);

  it('refuses a frame beyond the run, an unknown camera and a missing --frame in one line, before the browser starts', () => {
    const beyond = longtail(['export', SCENE, '--frame', '40', '--out', 'never.glb']);
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toBe("longtail export: frame 40 is beyond the run of 'deer-crossing-night' seed 7: camera 'front' has frames 0 to 39 (4 s at 10 fps)\n");
    const camera = longtail(['export', SCENE, '--frame', '1', '--camera', 'rear', '--out', 'never.glb']);
    expect(camera.code).toBe(2);
    expect(camera.stderr.split('\n')[0]).toBe("longtail export: no camera named 'rear'; the scenario has 'front'");
    const none = longtail(['export', SCENE, '--out', 'never.glb']);
    expect(none.code).toBe(2);
    expect(none.stderr.split('\n')[0]).toBe('longtail export: say which frame to export with --frame k (0 is the first)');
    expect(existsSync(join(tmp, 'never.glb'))).toBe(false);
    expect(readdirSync(tmp).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it("refuses a frame after the scenario's end condition held, once the dry run has found when", () => {
    writeFileSync(join(tmp, 'ends.scene'), `${SMALL_SCENE}end when time > 0.15 s\n`);
    const r = longtail(['export', 'ends.scene', '--frame', '2', '--out', 'never.glb']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^longtail export: frame 2 is beyond the run of 'small' seed 0: camera 'front' has frames 0 to 1 \(its end condition held at 0\.\d+ s\)\n$/);
    expect(existsSync(join(tmp, 'never.glb'))).toBe(false);
  }, 120_000);

  it('shows its options with --help', () => {
    const r = longtail(['export', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('usage: longtail export <scenario.scene> --frame k');
    expect(r.stdout).toContain('--camera <name>');
  });
});
