// --layers and --float16 in the writer, the readers and the checks: what is asked is written,
// nothing else; float16 halves stay within their documented bound.
import { inflateRawSync, inflateSync, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYERS, LAYERS, parseLayers, readbackFor, type FullFrameRecord, type LayerChoice } from '../../src/capture/index.ts';
import {
  decodeNpz,
  float16ErrorBound,
  formatLayersProblem,
  frameProblems,
  fromFloat16Bits,
  mapGetter,
  MemorySink,
  NativeWriter,
  readNativeFrame,
  toFloat16Bits,
} from '../../src/export/index.ts';
import { analyticScene, staticBox } from '../helpers/specs.ts';

const deflate = (b: Uint8Array) => new Uint8Array(deflateSync(b, { level: 1 }));
const inflate = (b: Uint8Array) => new Uint8Array(inflateSync(b));
const inflateRaw = (b: Uint8Array) => new Uint8Array(inflateRawSync(b));

/** A 4x2 frame with every layer: depth 0 (sky) at pixel 0, a box of id 2 at pixels 5 and 6. */
function record(): FullFrameRecord {
  const w = 4;
  const h = 2;
  const depth = Float32Array.from([0, 1.2345, 2, 50.3, 99.99, 10, 10.5, 3]);
  const normals = new Float32Array(w * h * 3);
  for (let i = 1; i < w * h; i++) normals.set([0.6, -0.8 * Math.cos(i), -0.8 * Math.sin(i)], i * 3);
  const flow = new Float32Array(w * h * 2).fill(NaN);
  for (let i = 1; i < w * h; i++) flow.set([0.1 * i - 0.33, 12.7 / i], i * 2);
  return {
    index: 3,
    time: 0.3,
    camera: 'front',
    width: w,
    height: h,
    rgb: Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 7) % 256),
    depth,
    normals,
    flow,
    semantic: Uint8Array.from([0, 1, 1, 2, 3, 40, 40, 1]),
    instance: Uint16Array.from([0, 0, 0, 0, 0, 2, 2, 0]),
    intrinsics: { fx: 2, fy: 2, cx: 2, cy: 1 },
    cameraToWorld: [0, 0, 1, 0, -1, 0, 0, 0, 0, -1, 0, 1.5, 0, 0, 0, 1],
    events: [],
    collisions: [],
    objects: [
      { id: 2, name: 'crate', cls: 'box', semanticId: 40, center: [10, 0, 1], centerCam: [0, 0.5, 10], size: [2, 2, 2], quaternion: [0, 0, 0, 1], yaw: 0, speed: 0, box2d: [1, 1, 3, 2], pixels: 2,
        amodalBox2d: [1, 0, 3, 2], unoccludedPixels: 4, visibility: 0.5, occlusion: 1, truncation: 0, distance: Math.hypot(0.5, 10), velocity: [1, 2, 0], velocityCam: [-2, 0, 1] },
    ],
  };
}

const info = (layers?: readonly LayerChoice[], float16 = false) => ({
  generator: { name: 'longtail', version: 'test' },
  spec: analyticScene([staticBox(2, 'crate', [2, 2, 2], [10, 0, 0])]),
  scenarioSource: '# hand-built\n',
  options: {},
  ...(layers ? { layers } : {}),
  float16,
});

async function write(layers?: readonly LayerChoice[], float16 = false): Promise<MemorySink> {
  const sink = new MemorySink();
  const w = new NativeWriter(sink, deflate, info(layers, float16));
  await w.begin();
  await w.addFrame(record());
  await w.finish();
  return sink;
}

const frameFiles = (sink: MemorySink) => [...sink.files.keys()].filter((k) => k.startsWith('front/')).sort();
const manifestOf = (sink: MemorySink) => JSON.parse(new TextDecoder().decode(sink.files.get('manifest.json')!));

describe('parseLayers', () => {
  it('gives the layers in canonical order, expands all, and names unknown ones', () => {
    expect(parseLayers('instance, rgb')).toEqual(['rgb', 'instance']);
    expect(parseLayers('all,depth-png')).toEqual([...LAYERS, 'depth-png']);
    expect(parseLayers('rgb,dept')).toMatch(/^unknown layer 'dept'; the layers are rgb, depth, range, normals, flow, semantic, instance, depth-png, normals-png, flow-png/);
    expect(parseLayers(' , ')).toMatch(/^no layer given/);
  });

  it('reads back only what the layers need; ids always', () => {
    expect(readbackFor(['rgb', 'semantic'])).toEqual({ rgb: true, depth: false, flow: false });
    expect(readbackFor(['range'])).toEqual({ rgb: false, depth: true, flow: false });
    // Flow's checks need to know where there is no surface: depth comes with it.
    expect(readbackFor(['flow'])).toEqual({ rgb: false, depth: true, flow: true });
    expect(readbackFor(DEFAULT_LAYERS)).toEqual({ rgb: true, depth: true, flow: true });
  });

  it('names the layers a format lacks', () => {
    expect(formatLayersProblem(['native', 'kitti'], ['rgb'])).toBeNull();
    expect(formatLayersProblem(['native', 'coco'], ['rgb', 'depth'])).toBe('the coco format needs the instance layer: add instance to --layers or leave coco out of --formats');
    expect(formatLayersProblem(['cityscapes'], ['depth'])).toMatch(/^the cityscapes format needs the rgb and semantic and instance layers/);
  });
});

describe('NativeWriter --layers', () => {
  it('by default writes every layer as .npz and PNG, and none of the PNG companions', async () => {
    const sink = await write();
    expect(frameFiles(sink)).toEqual([
      'front/depth/000003.npz',
      'front/flow/000003.npz',
      'front/instance/000003.png',
      'front/labels/000003.json',
      'front/normals/000003.npz',
      'front/rgb/000003.png',
      'front/semantic/000003.png',
    ]);
    const m = manifestOf(sink);
    expect(m.layers).toEqual([...LAYERS]);
    expect(m.float_dtype).toBe('float32');
  });

  it('writes exactly the files of the layers asked for, and the manifest says which', async () => {
    const sink = await write(['rgb', 'range', 'flow-png']);
    expect(frameFiles(sink)).toEqual(['front/depth/000003.npz', 'front/flow/000003.png', 'front/labels/000003.json', 'front/rgb/000003.png']);
    const npz = await decodeNpz(sink.files.get('front/depth/000003.npz')!, inflateRaw);
    expect([...npz.keys()]).toEqual(['range']); // depth not asked for: only the range array
    const m = manifestOf(sink);
    expect(m.layers).toEqual(['rgb', 'range', 'flow-png']);
    expect(m.frames[0].files).toEqual({ rgb: 'front/rgb/000003.png', depth_npz: 'front/depth/000003.npz', flow_png: 'front/flow/000003.png', labels: 'front/labels/000003.json' });
  });

  it('labels only: the labels JSON and the manifest', async () => {
    const sink = await write(['semantic']);
    expect(frameFiles(sink)).toEqual(['front/labels/000003.json', 'front/semantic/000003.png']);
  });

  it('reads back what was written, and absent layers as absent', async () => {
    const sink = await write(['rgb', 'depth', 'instance']);
    const m = manifestOf(sink);
    const f = await readNativeFrame(mapGetter(sink.files), inflate, 'front', 3, m.frames[0].files, inflateRaw);
    expect(Array.from(f.rgb!)).toEqual(Array.from(record().rgb));
    expect(Array.from(f.depth!)).toEqual(Array.from(record().depth));
    expect(Array.from(f.instance!)).toEqual(Array.from(record().instance));
    expect(f.semantic).toBeUndefined();
    expect(f.normals).toBeUndefined();
    expect(f.flow).toBeUndefined();
  });
});

describe('float16', () => {
  it('encodes halves as numpy does (round to nearest even, overflow to infinity)', () => {
    const cases: [number, number][] = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00],
      [-2, 0xc000],
      [65504, 0x7bff], // the largest half
      [65519, 0x7bff], // rounds down
      [65520, 0x7c00], // rounds up past the largest: infinity
      [2 ** -24, 0x0001], // the smallest subnormal
      [2 ** -25, 0x0000], // a tie between 0 and 2^-24: to even, 0
      [3 * 2 ** -25, 0x0002], // a tie between 1 and 2 (× 2^-24): to even, 2
      [0.1, 0x2e66],
      [1 + 2 ** -11, 0x3c00], // a tie between 1 and 1 + 2^-10: to even
      [1 + 3 * 2 ** -11, 0x3c02], // a tie between 1 + 2^-10 and 1 + 2^-9: to even
      [Infinity, 0x7c00],
    ];
    const bits = toFloat16Bits(Float32Array.from(cases.map(([v]) => v)));
    expect(Array.from(bits, (b) => b.toString(16))).toEqual(cases.map(([, b]) => b.toString(16)));
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(Float32Array.of(NaN)))[0])).toBe(true);
    expect(Array.from(fromFloat16Bits(Uint16Array.of(0x3c00, 0x7bff, 0x0001, 0xc000)))).toEqual([1, 65504, 2 ** -24, -2]);
  });

  it('stays within the documented bound: 1/64 m at 50 m, 1/32 m at 100 m', () => {
    expect(float16ErrorBound(50)).toBe(1 / 64);
    expect(float16ErrorBound(100)).toBe(1 / 32);
    expect(float16ErrorBound(0.9)).toBe(2 ** -12);
    const v = new Float32Array(20000);
    for (let i = 0; i < v.length; i++) v[i] = (i * 7.77) % 300 - 150 + i * 1e-4;
    const back = fromFloat16Bits(toFloat16Bits(v));
    for (let i = 0; i < v.length; i++) expect(Math.abs(back[i]! - v[i]!)).toBeLessThanOrEqual(float16ErrorBound(v[i]!));
  });

  it('writes the float layers as <f2 .npz members that read back within the bound', async () => {
    const sink = await write(undefined, true);
    const rec = record();
    const depthNpz = await decodeNpz(sink.files.get('front/depth/000003.npz')!, inflateRaw);
    expect(depthNpz.get('depth')!.descr).toBe('<f2');
    expect(depthNpz.get('depth')!.shape).toEqual([2, 4]);
    expect(manifestOf(sink).float_dtype).toBe('float16');
    const f = await readNativeFrame(mapGetter(sink.files), inflate, 'front', 3, manifestOf(sink).frames[0].files, inflateRaw);
    for (const [got, want] of [[f.depth!, rec.depth], [f.normals!, rec.normals!], [f.flow!, rec.flow!]] as const) {
      expect(got.length).toBe(want.length);
      for (let i = 0; i < want.length; i++) {
        if (Number.isNaN(want[i]!)) expect(Number.isNaN(got[i]!)).toBe(true);
        else expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(float16ErrorBound(want[i]!));
      }
    }
    // Half the bytes of the float32 arrays (before deflate): 2 bytes an element.
    const f32 = await write(undefined, false);
    const raw = (s: MemorySink) => decodeNpz(s.files.get('front/normals/000003.npz')!, inflateRaw).then((m) => m.get('normals')!.data.byteLength);
    expect(await raw(sink)).toBe((await raw(f32)) / 2);
  });
});

describe('frameProblems with absent layers', () => {
  it('checks what is there and skips the checks of absent layers', () => {
    const { rgb: _rgb, depth: _depth, normals: _n, flow: _f, semantic: _s, ...labelsOnly } = record();
    expect(frameProblems({ ...labelsOnly, instance: record().instance }, { carrierId: null })).toEqual([]);
    // The instance layer still catches a wrong box.
    const bad = { ...labelsOnly, instance: Uint16Array.from([0, 0, 0, 0, 0, 0, 2, 0]) };
    expect(frameProblems(bad, { carrierId: null }).join('\n')).toMatch(/box_2d \[1, 1, 3, 2\] is not the tight box of its instance mask \[2, 1, 3, 2\]/);
  });
});

describe('the 3D box against the pixels', () => {
  /** A 4×2 frame, camera axes = world axes, a 2 m cube 10 m ahead covering the middle 4 pixels. */
  function cube(depthOfOne: number) {
    const w = 4;
    const h = 2;
    const ids = Uint16Array.from([0, 2, 2, 0, 0, 2, 2, 0]);
    const depth = Float32Array.from(ids, (id) => (id ? 10 : 0));
    depth[1] = depthOfOne;
    return {
      index: 0, time: 0, camera: 'front', width: w, height: h,
      depth,
      semantic: Uint8Array.from(ids, (id) => (id ? 40 : 0)),
      instance: ids,
      intrinsics: { fx: 20, fy: 20, cx: 2, cy: 1 },
      cameraToWorld: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
      events: [], collisions: [],
      objects: [{
        id: 2, name: 'cube', cls: 'box', semanticId: 40, center: [0, 0, 10] as [number, number, number], centerCam: [0, 0, 10] as [number, number, number], size: [2, 2, 2] as [number, number, number],
        quaternion: [0, 0, 0, 1] as [number, number, number, number], yaw: 0, speed: 0, box2d: [1, 0, 3, 2] as [number, number, number, number], pixels: 4,
        amodalBox2d: [1, 0, 3, 2] as [number, number, number, number], unoccludedPixels: 4, visibility: 1, occlusion: 0 as const, truncation: 0, distance: 10,
        velocity: [0, 0, 0] as [number, number, number], velocityCam: [0, 0, 0] as [number, number, number],
        fogTransmittance: 1, contrast: null, perceptible: null,
      }],
    };
  }

  it('passes pixels inside the box, and names one lying outside it, by how far', () => {
    // Pixel (1, 0) at depth d back-projects to (-0.025·d, -0.025·d, d): inside for d = 10.5, 1 m out for 12.
    expect(frameProblems(cube(10.5), { carrierId: null })).toEqual([]);
    expect(frameProblems(cube(11.015), { carrierId: null })).toEqual([]); // within the 2 cm tolerance
    expect(frameProblems(cube(12), { carrierId: null })).toEqual(["object 'cube' (id 2): its pixel at (1, 0) lies 1.000 m outside its 3D box (more than 0.02 m)"]);
    // A depth layer known to be off by up to 1.5 m there (as float16 far away) is given that slack.
    expect(frameProblems(cube(12), { carrierId: null, depthError: () => 1.5 })).toEqual([]);
  });

  it('leaves labels written before the box followed the pose alone (no perceptibility figures)', () => {
    const old = cube(12);
    const { fogTransmittance: _f, contrast: _c, perceptible: _p, ...o } = old.objects[0]!;
    expect(frameProblems({ ...old, objects: [o] }, { carrierId: null })).toEqual([]);
  });
});
