// Every format written by DatasetWriter, read back with the project's own readers and compared with
// the FrameRecords it came from. The expected values are computed here from the records' pixel
// layers (masks, boxes, areas, segment maps, label ids, ranks), not taken from the writers.
import { deflateSync, inflateRawSync, inflateSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { occlusionLevel, type FrameRecord, type ObjectLabel } from '../../src/capture/index.ts';
import { CLASSES, classById, classByName } from '../../src/core/index.ts';
import {
  CityscapesWriter,
  cityscapesIds,
  cityscapesStem,
  capturePlace,
  cocoAnnotationsOf,
  cocoMask,
  DatasetWriter,
  EXPORT_FORMATS,
  kittiObject,
  kittiTruncation,
  mapGetter,
  MemorySink,
  parseFormats,
  readCityscapes,
  readCityscapesLabels,
  readCoco,
  readKitti,
  readNative,
  readPanoptic,
  readPanopticJson,
  readYolo,
  readYoloClasses,
  type ExportFormat,
  type FileGetter,
} from '../../src/export/index.ts';
import { analyticScene } from '../helpers/specs.ts';

const deflate = (b: Uint8Array) => new Uint8Array(deflateSync(b, { level: 1 }));
const inflate = (b: Uint8Array) => new Uint8Array(inflateSync(b));

type V3 = [number, number, number];
type Box = [number, number, number, number];

// A level camera 1.5 m above the world origin looking along +x: world (x, y, z) is camera (−y, 1.5 − z, x).
const W = 128;
const H = 96;
const K = { fx: 64, fy: 64, cx: 64, cy: 48 };
const CAM_H = 1.5;
const C2W = [0, 0, 1, 0, -1, 0, 0, 0, 0, -1, 0, CAM_H, 0, 0, 0, 1];
const toCam = (p: V3): V3 => [-p[1], CAM_H - p[2], p[0]];
const dirToCam = (d: V3): V3 => [-d[1], -d[2], d[0]];
const cls = (name: string) => classByName(name)!.id;

interface Thing {
  id: number;
  name: string;
  cls: string;
  size: V3; // l, w, h
  center0: V3; // box centre at t = 0
  velocity: V3;
  yaw: number;
  /** Silhouette carve-out inside the projected box, relative to its pixel rectangle. */
  keep?: (dx: number, dy: number, w: number, h: number) => boolean;
}

const THINGS: Thing[] = [
  // A car ahead in the lane driving away; the deer crosses in front of it.
  { id: 2, name: 'lead', cls: 'car', size: [4.5, 1.8, 1.5], center0: [15, 0, 0.75], velocity: [10, 0, 0], yaw: 0 },
  // A deer crossing from left to right (−y) in front of the lead car; its legs carved out of the box.
  { id: 3, name: 'doe', cls: 'deer', size: [1.6, 0.45, 1.2], center0: [11, 1.2, 0.6], velocity: [0, -3, 0], yaw: -Math.PI / 2, keep: (dx, dy, w, h) => dy < (2 * h) / 3 || dx % 3 !== 1 },
  // A parked truck, cut by the left image border.
  { id: 4, name: 'parked', cls: 'truck', size: [8, 2.5, 3.2], center0: [7, 6, 1.6], velocity: [0, 0, 0], yaw: 0 },
  // A crate straight behind the lead car: wholly hidden.
  { id: 5, name: 'crate', cls: 'box', size: [1, 1, 1], center0: [25, 0, 0.5], velocity: [0, 0, 0], yaw: 0 },
  { id: 6, name: 'walker', cls: 'pedestrian', size: [0.5, 0.5, 1.8], center0: [9, -3, 0.9], velocity: [0, 1, 0], yaw: Math.PI / 2 },
  { id: 7, name: 'cone1', cls: 'cone', size: [0.3, 0.3, 0.6], center0: [8, -1.8, 0.3], velocity: [0, 0, 0], yaw: 0 },
  // An oncoming car: a second instance of class car.
  { id: 9, name: 'oncoming', cls: 'car', size: [4.5, 1.8, 1.5], center0: [40, -3, 0.75], velocity: [-12, 0, 0], yaw: Math.PI },
  // A cow behind the camera: out of view.
  { id: 8, name: 'cow', cls: 'cow', size: [2.2, 0.8, 1.4], center0: [-10, 0, 0.7], velocity: [0, 0, 0], yaw: 0 },
];

/** Ground class at lateral offset y (m) and distance x: road with edge lines and a dashed centre line, shoulder, terrain. */
function groundClass(x: number, y: number): number {
  const a = Math.abs(y);
  if (a < 0.15 && x % 6 < 3) return cls('lane_marking');
  if (a >= 3.2 && a < 3.5) return cls('lane_marking');
  if (a < 3.5) return cls('road');
  if (a < 4.5) return cls('shoulder');
  return cls('terrain');
}

function tightBox(mask: (i: number) => boolean): { box: Box | null; pixels: number } {
  let x0 = W, y0 = H, x1 = -1, y1 = -1, n = 0;
  for (let y = 0, i = 0; y < H; y++) {
    for (let x = 0; x < W; x++, i++) {
      if (!mask(i)) continue;
      n++;
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
    }
  }
  return { box: n ? [x0, y0, x1 + 1, y1 + 1] : null, pixels: n };
}

/** Pixels (row-major) of a thing's silhouette with nothing in front: its projected 3D box's rectangle, carved. */
function silhouette(t: Thing, c: V3): Uint8Array {
  const out = new Uint8Array(W * H);
  const f = dirToCam([Math.cos(t.yaw), Math.sin(t.yaw), 0]);
  const l = dirToCam([-Math.sin(t.yaw), Math.cos(t.yaw), 0]);
  const u = dirToCam([0, 0, 1]);
  const cc = toCam(c);
  const us: number[] = [];
  const vs: number[] = [];
  for (const a of [-0.5, 0.5]) for (const b of [-0.5, 0.5]) for (const e of [-0.5, 0.5]) {
    const p = [0, 1, 2].map((i) => cc[i]! + a * t.size[0] * f[i]! + b * t.size[1] * l[i]! + e * t.size[2] * u[i]!);
    if (p[2]! < 0.01) return out; // (only whole boxes in front of the camera are drawn here)
    us.push((K.fx * p[0]!) / p[2]! + K.cx);
    vs.push((K.fy * p[1]!) / p[2]! + K.cy);
  }
  const [u0, u1, v0, v1] = [Math.min(...us), Math.max(...us), Math.min(...vs), Math.max(...vs)];
  const px0 = Math.ceil(u0 - 0.5), px1 = Math.ceil(u1 - 0.5), py0 = Math.ceil(v0 - 0.5), py1 = Math.ceil(v1 - 0.5);
  for (let y = Math.max(0, py0); y < Math.min(H, py1); y++) {
    for (let x = Math.max(0, px0); x < Math.min(W, px1); x++) {
      if (!t.keep || t.keep(x - px0, y - py0, px1 - px0, py1 - py0)) out[y * W + x] = 1;
    }
  }
  return out;
}

/** Frame `index` (t = index / 10 s) of camera 'front', every layer and label built from the scene above. */
function record(index: number): FrameRecord {
  const time = index / 10;
  const n = W * H;
  const semantic = new Uint8Array(n);
  const instance = new Uint16Array(n);
  const depth = new Float32Array(n);
  const normals = new Float32Array(n * 3);
  // Sky above the horizon; the ground below it.
  for (let y = 0, i = 0; y < H; y++) {
    for (let x = 0; x < W; x++, i++) {
      const dv = y + 0.5 - K.cy;
      if (dv <= 0) continue;
      const z = (K.fy * CAM_H) / dv;
      const wy = (-(x + 0.5 - K.cx) * z) / K.fx;
      semantic[i] = groundClass(z, wy);
      depth[i] = z;
      normals.set([0, -1, 0], i * 3);
    }
  }
  // Things far to near, each over what is behind it.
  const centres = new Map(THINGS.map((t) => [t.id, t.center0.map((v, k) => v + t.velocity[k]! * time) as V3]));
  const sil = new Map(THINGS.map((t) => [t.id, silhouette(t, centres.get(t.id)!)]));
  for (const t of [...THINGS].sort((a, b) => centres.get(b.id)![0] - centres.get(a.id)![0])) {
    const m = sil.get(t.id)!;
    const z = toCam(centres.get(t.id)!)[2];
    for (let i = 0; i < n; i++) {
      if (!m[i]) continue;
      semantic[i] = cls(t.cls);
      instance[i] = t.id;
      depth[i] = z;
      normals.set([0, 0, -1], i * 3);
    }
  }
  // Flow (not for the first frame): the ground is still; a thing's pixels move as its centre's projection did.
  let flow: Float32Array | undefined;
  if (index > 0) {
    flow = new Float32Array(n * 2);
    const proj = (p: V3) => { const c = toCam(p); return [(K.fx * c[0]) / c[2] + K.cx, (K.fy * c[1]) / c[2] + K.cy]; };
    for (let i = 0; i < n; i++) {
      if (depth[i] === 0) { flow[2 * i] = NaN; flow[2 * i + 1] = NaN; continue; }
      const t = THINGS.find((x) => x.id === instance[i]);
      if (!t) continue;
      const now = proj(centres.get(t.id)!);
      const before = proj(t.center0.map((v, k) => v + t.velocity[k]! * (time - 0.1)) as V3);
      flow[2 * i] = now[0]! - before[0]!;
      flow[2 * i + 1] = now[1]! - before[1]!;
    }
  }
  const rgb = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) rgb[i * 3 + k] = (semantic[i]! * 37 + instance[i]! * 11 + k * 80 + (i % 7)) % 256;

  const rec: FrameRecord = {
    index, time, camera: 'front', width: W, height: H, rgb, depth, normals, ...(flow ? { flow } : {}), semantic, instance,
    intrinsics: K, cameraToWorld: C2W, objects: [],
    events: [{ name: 'doe_on_road', time: 0.15 }, { name: 'never', time: null }],
    collisions: index >= 1 ? [{ time: 0.1, a: 'lead', b: 'doe', impulse: 812.5 }] : [],
  };
  const objects = THINGS.map((t): ObjectLabel => {
    const center = centres.get(t.id)!;
    const centerCam = toCam(center);
    const seen = tightBox((i) => instance[i] === t.id);
    const whole = tightBox((i) => sil.get(t.id)![i] === 1);
    const visibility = whole.pixels > 0 ? seen.pixels / whole.pixels : null;
    const o: ObjectLabel = {
      id: t.id, name: t.name, cls: t.cls, semanticId: cls(t.cls), center, centerCam, size: t.size,
      quaternion: [0, 0, Math.sin(t.yaw / 2), Math.cos(t.yaw / 2)], yaw: t.yaw, speed: Math.hypot(...t.velocity),
      box2d: seen.box, pixels: seen.pixels, amodalBox2d: whole.box, unoccludedPixels: whole.pixels,
      visibility, occlusion: occlusionLevel(visibility), truncation: 0, distance: Math.hypot(...centerCam),
      velocity: t.velocity, velocityCam: dirToCam(t.velocity),
    };
    return { ...o, truncation: kittiTruncation(rec, o) };
  });
  return { ...rec, objects };
}

const SCENARIO = 'deer_crossing night';
const SEED = 42;
const STEM = (index: number) => `deer-crossing-night_000042_${String(index).padStart(6, '0')}`;
const info = () => ({
  generator: { name: 'longtail', version: 'test' },
  spec: { ...analyticScene([], { width: W, height: H }), name: SCENARIO, seed: SEED },
  scenarioSource: '# hand-built\n',
  options: {},
});

const RECORDS = [0, 1, 2].map(record);
let files: Map<string, Uint8Array>;
let get: FileGetter;

beforeAll(async () => {
  const sink = new MemorySink();
  const w = new DatasetWriter(sink, deflate, info(), [...EXPORT_FORMATS]);
  await w.begin();
  // Out of order, as parallel capture may deliver them.
  for (const r of [RECORDS[2]!, RECORDS[0]!, RECORDS[1]!]) await w.addFrame(r);
  await w.finish();
  files = sink.files;
  get = mapGetter(files);
});

const ids = (rec: FrameRecord) => [...new Set(rec.instance)].filter((v) => v !== 0).sort((a, b) => a - b);
const maskOf = (rec: FrameRecord, id: number) => Uint8Array.from(rec.instance, (v) => (v === id ? 1 : 0));
const objectsSeen = (rec: FrameRecord) => rec.objects.filter((o) => rec.instance.includes(o.id));

describe('the hand-built records', () => {
  it('have the cases the round trip is about', () => {
    for (const rec of RECORDS) {
      const o = (name: string) => rec.objects.find((x) => x.name === name)!;
      expect(o('crate').pixels).toBe(0);
      expect(o('crate').visibility).toBe(0);
      expect(o('crate').occlusion).toBe(2);
      expect(o('crate').amodalBox2d).not.toBeNull();
      expect(o('cow').amodalBox2d).toBeNull();
      expect(o('cow').visibility).toBeNull();
      expect(o('cow').truncation).toBe(1);
      expect(o('parked').box2d![0]).toBe(0);
      expect(o('parked').truncation).toBeGreaterThan(0.1);
      expect(o('lead').occlusion).toBe(1); // the doe in front of it
      expect(o('doe').pixels).toBeGreaterThan(10);
      expect(o('doe').unoccludedPixels).toBeLessThan(((o('doe').amodalBox2d![2] - o('doe').amodalBox2d![0]) * (o('doe').amodalBox2d![3] - o('doe').amodalBox2d![1]))); // not a rectangle
      expect(o('oncoming').pixels).toBeGreaterThan(0);
      for (const c of [0, 'road', 'lane_marking', 'terrain', 'shoulder', 'car', 'deer', 'truck', 'pedestrian', 'cone']) expect(rec.semantic.includes(typeof c === 'number' ? c : cls(c)), String(c)).toBe(true);
    }
  });
});

describe('parseFormats', () => {
  it('accepts the new format names', () => {
    expect(parseFormats('coco-panoptic')).toEqual(['native', 'coco-panoptic']);
    expect(parseFormats('cityscapes,yolo,coco-panoptic,coco,kitti')).toEqual(['native', 'coco', 'coco-panoptic', 'kitti', 'yolo', 'cityscapes']);
    expect(parseFormats('panoptic')).toMatch(/unknown format 'panoptic'.*coco-panoptic.*cityscapes/);
  });
});

describe('manifest', () => {
  it('lists every file of every format with its SHA-256', () => {
    const m = JSON.parse(new TextDecoder().decode(files.get('manifest.json')));
    expect(m.formats).toEqual(['native', 'coco', 'coco-panoptic', 'kitti', 'yolo', 'cityscapes']);
    const others = [...files.keys()].filter((k) => k !== 'manifest.json').sort();
    expect(Object.keys(m.files)).toEqual(others);
    for (const k of others) expect(m.files[k]).toBe(createHash('sha256').update(files.get(k)!).digest('hex'));
  });
});

describe('native', () => {
  it('reads back every layer and label of every frame', async () => {
    const { manifest, frames } = await readNative(get, inflate, (raw) => new Uint8Array(inflateRawSync(raw)));
    expect(frames.map((f) => f.index)).toEqual([0, 1, 2]);
    expect(manifest.seed).toBe(SEED);
    for (const f of frames) {
      const rec = RECORDS[f.index]!;
      expect([f.camera, f.width, f.height, f.time]).toEqual([rec.camera, W, H, rec.time]);
      expect(f.rgb).toEqual(rec.rgb);
      expect(f.semantic).toEqual(rec.semantic);
      expect(f.instance).toEqual(rec.instance);
      expect(f.depth).toEqual(rec.depth);
      expect(f.normals).toEqual(rec.normals);
      expect(f.flow).toEqual(rec.flow); // NaN where nothing was hit; absent in frame 0
      if (f.index === 0) expect(f.flow).toBeUndefined();
      expect(f.intrinsics).toEqual(rec.intrinsics);
      expect(f.cameraToWorld).toEqual(rec.cameraToWorld);
      expect(f.events).toEqual(rec.events);
      expect(f.collisions).toEqual(rec.collisions);
      expect(f.objects.length).toBe(rec.objects.length);
      rec.objects.forEach((o, k) => {
        const r = f.objects[k]!;
        const close = (a: unknown, b: unknown, what: string) => {
          if (typeof b === 'number') expect(Math.abs((a as number) - b), `${o.name} ${what}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-6);
          else if (Array.isArray(b)) b.forEach((x, j) => close((a as number[])[j], x, `${what}[${j}]`));
          else expect(a, `${o.name} ${what}`).toEqual(b);
        };
        for (const key of Object.keys(o) as (keyof ObjectLabel)[]) close(r[key], o[key], key);
        expect(Object.keys(r).sort()).toEqual(Object.keys(o).sort());
      });
    }
  });
});

describe('COCO instances', () => {
  it('has one annotation per visible object: RLE = instance mask, bbox and area from the pixels, the extra keys from the labels', () => {
    const doc = readCoco(get, 'front');
    expect(doc.images.map((i) => [i.id, i.file_name])).toEqual(RECORDS.map((r) => [r.index, `front/rgb/00000${r.index}.png`]));
    expect(doc.annotations.map((a) => a.id)).toEqual(doc.annotations.map((_, i) => i + 1));
    for (const rec of RECORDS) {
      const anns = cocoAnnotationsOf(doc, rec.index);
      expect(anns.map((a) => a.instance_id)).toEqual(ids(rec));
      for (const a of anns) {
        const o = rec.objects.find((x) => x.id === a.instance_id)!;
        const mask = maskOf(rec, o.id);
        expect(cocoMask(a)).toEqual(mask);
        const { box, pixels } = tightBox((i) => mask[i] === 1);
        expect(a.bbox).toEqual([box![0], box![1], box![2] - box![0], box![3] - box![1]]);
        expect(a.area).toBe(pixels);
        expect(a.category_id).toBe(rec.semantic[mask.indexOf(1)]);
        expect(a.attributes.instance_id).toBe(o.id);
        const s = silhouette(THINGS.find((t) => t.id === o.id)!, o.center);
        const whole = tightBox((i) => s[i] === 1).box!;
        expect(a.amodal_bbox).toEqual([whole[0], whole[1], whole[2] - whole[0], whole[3] - whole[1]]);
        expect(a.visibility).toBeCloseTo(pixels / s.reduce((x, y) => x + y, 0), 6);
        expect(a.occlusion).toBe(o.occlusion);
        expect(a.truncation).toBeCloseTo(o.truncation, 6);
        expect(a.distance).toBeCloseTo(Math.hypot(...o.centerCam), 6);
      }
    }
    // The hidden crate and the cow behind the camera have no annotation.
    expect(doc.annotations.some((a) => a.instance_id === 5 || a.instance_id === 8)).toBe(false);
  });
});

describe('COCO panoptic', () => {
  it('decodes to the semantic/instance partition, with exact segment boxes and areas', async () => {
    const doc = readPanopticJson(get, 'front');
    expect(doc.categories.map((c) => [c.id, c.isthing])).toEqual(CLASSES.filter((c) => c.id !== 0).map((c) => [c.id, c.category === 'surface' ? 0 : 1]));
    expect(doc.annotations.map((a) => [a.image_id, a.file_name])).toEqual(RECORDS.map((r) => [r.index, `00000${r.index}.png`]));
    for (const rec of RECORDS) {
      expect(files.has(`coco/panoptic_front/00000${rec.index}.png`)).toBe(true);
      const p = await readPanoptic(get, inflate, 'front', rec.index, doc);
      // Expected segment map, independently: void 0, instance id, or 65536 + stuff class.
      const want = Uint32Array.from(rec.semantic, (s, i) => (s === 0 ? 0 : rec.instance[i] || 65536 + s));
      expect(p.ids).toEqual(want);
      const segIds = [...new Set(want)].filter((v) => v !== 0).sort((a, b) => a - b);
      const segs = segIds.map((id) => {
        const { box, pixels } = tightBox((i) => want[i] === id);
        return { id, category_id: rec.semantic[want.indexOf(id)], iscrowd: 0, bbox: [box![0], box![1], box![2] - box![0], box![3] - box![1]], area: pixels };
      });
      expect(p.segments).toEqual(segs);
      // One segment per stuff class present; thing segments are exactly the instances.
      const stuff = [...new Set(rec.semantic)].filter((s) => classById(s)!.category === 'surface').sort((a, b) => a - b);
      expect(segIds.filter((v) => v >= 65536)).toEqual(stuff.map((s) => 65536 + s));
      expect(segIds.filter((v) => v < 65536)).toEqual(ids(rec));
      expect(p.semantic).toEqual(rec.semantic);
      expect(p.instance).toEqual(rec.instance);
    }
  });
});

/** Cityscapes label ids by Longtail class, written out by hand. */
const CS_IDS: Record<string, number> = {
  void: 0, road: 7, lane_marking: 34, terrain: 22, shoulder: 35, car: 26, truck: 27, bus: 28, motorcycle: 32, bicycle: 33,
  deer: 36, moose: 37, boar: 38, dog: 39, cow: 40, horse: 41, sheep: 42, pedestrian: 24, box: 43, cone: 44, debris: 45, tyre: 46, rock: 47, fallen_tree: 48,
  guardrail: 14, pole: 17, traffic_sign: 20, vegetation: 21,
};

describe('Cityscapes', () => {
  it('lists the labels: real Cityscapes ids where the meaning is the same, 34 up for the rest', () => {
    const labels = readCityscapesLabels(get);
    expect(Object.fromEntries(labels.map((l) => [l.longtail_class, l.id]))).toEqual(CS_IDS);
    expect(new Set(labels.map((l) => l.id)).size).toBe(labels.length);
    const byClass = (c: string) => labels.find((l) => l.longtail_class === c)!;
    expect(byClass('void')).toMatchObject({ name: 'unlabeled', trainId: 255, hasInstances: false, color: [0, 0, 0] });
    expect(byClass('pedestrian')).toMatchObject({ name: 'person', trainId: 11, category: 'human', hasInstances: true });
    expect(byClass('road')).toMatchObject({ name: 'road', trainId: 0, hasInstances: false, color: [128, 64, 128] });
    expect(byClass('deer')).toMatchObject({ name: 'deer', hasInstances: true });
    expect(byClass('deer').trainId).toBeUndefined();
    for (const l of labels) expect(l.longtail_class_id).toBe(classByName(l.longtail_class)!.id);
  });

  it('labelIds and instanceIds decode back to the semantic and instance images', async () => {
    const labels = readCityscapesLabels(get);
    for (const rec of RECORDS) {
      const f = await readCityscapes(get, inflate, capturePlace('front', rec.index, SCENARIO, SEED), labels);
      expect(cityscapesStem(SCENARIO, SEED, rec.index)).toBe(STEM(rec.index));
      expect(f.labelIds).toEqual(Uint8Array.from(rec.semantic, (s) => CS_IDS[classById(s)!.name]!));
      // k: rank of the instance among its class's instances in the frame, by instance id.
      const rank = new Map<number, number>();
      for (const c of new Set(rec.objects.map((o) => o.cls))) ids(rec).filter((id) => rec.objects.find((o) => o.id === id)!.cls === c).forEach((id, k) => rank.set(id, k));
      expect(f.instanceIds).toEqual(Uint16Array.from(rec.instance, (id, i) => (id ? CS_IDS[classById(rec.semantic[i]!)!.name]! * 1000 + rank.get(id)! : CS_IDS[classById(rec.semantic[i]!)!.name]!)));
      expect(rank.get(9)).toBe(1); // the second car
      expect(f.semantic).toEqual(rec.semantic);
      // Each instanceIds value ≥ 1000 is exactly one instance's mask.
      for (const id of ids(rec)) {
        const v = f.instanceIds[rec.instance.indexOf(id)]!;
        expect(Uint8Array.from(f.instanceIds, (x) => (x === v ? 1 : 0))).toEqual(maskOf(rec, id));
      }
      expect(f.image).toEqual(files.get(`front/rgb/00000${rec.index}.png`));
    }
  });

  it('numbers up to 1000 instances of a class in a frame and refuses 1001 with a clear error', async () => {
    const many = (count: number): FrameRecord => {
      const instance = new Uint16Array(64 * 48);
      for (let k = 0; k < count; k++) instance[k] = k + 2;
      const semantic = Uint8Array.from(instance, (v) => (v ? cls('cone') : cls('road')));
      return { ...RECORDS[0]!, index: 5, width: 64, height: 48, instance, semantic, objects: [] };
    };
    const { instanceIds } = cityscapesIds(many(1000));
    expect(instanceIds[0]).toBe(44000);
    expect(instanceIds[999]).toBe(44999);
    expect(instanceIds[1000]).toBe(7);
    const w = new CityscapesWriter(new MemorySink(), deflate);
    await expect(w.addFrame(many(1001), capturePlace('front', 5, SCENARIO, SEED))).rejects.toThrow("frame 5 of camera 'front' shows 1001 instances of class 'cone'; Cityscapes instanceIds (labelId·1000 + k) number at most 1000");
  });
});

describe('KITTI', () => {
  it('reads back kittiObject() of every visible object, truncated and occluded from the labels', () => {
    for (const rec of RECORDS) {
      const k = readKitti(get, 'front', rec.index);
      const seen = objectsSeen(rec);
      expect(k.labels.length).toBe(seen.length);
      seen.forEach((o, j) => {
        const got = k.labels[j]!;
        const want = kittiObject(rec, { ...o, box2d: o.box2d! });
        expect(got.type).toBe(want.type);
        const nums = (x: typeof got) => [x.truncated, x.alpha, ...x.bbox, ...x.dimensions, ...x.location, x.rotationY];
        nums(got).forEach((v, i) => expect(Math.abs(v - nums(want)[i]!), `${o.name} field ${i}`).toBeLessThanOrEqual(1e-6));
        expect(got.truncated).toBeCloseTo(o.truncation, 6);
        expect(got.occluded).toBe(o.occlusion);
        expect(got.bbox).toEqual(tightBox((i) => rec.instance[i] === o.id).box);
      });
      expect(k.labels.find((l) => l.type === 'Car')!.occluded).toBe(1);
      expect(k.calib.P2).toEqual([K.fx, 0, K.cx, 0, 0, K.fy, K.cy, 0, 0, 0, 1, 0]);
      expect(k.image).toEqual(files.get(`front/rgb/00000${rec.index}.png`));
    }
  });
});

describe('YOLO', () => {
  it('normalised boxes give back the pixel boxes within 1e-6 of the image size', () => {
    const classes = readYoloClasses(get);
    for (const rec of RECORDS) {
      const y = readYolo(get, 'front', rec.index, classes);
      expect([y.width, y.height]).toEqual([W, H]);
      const seen = objectsSeen(rec);
      expect(y.boxes.map((b) => b.cls)).toEqual(seen.map((o) => o.cls));
      seen.forEach((o, j) => {
        const want = tightBox((i) => rec.instance[i] === o.id).box!;
        const got = y.boxes[j]!.box;
        for (let i = 0; i < 4; i++) expect(Math.abs(got[i]! - want[i]!), `${o.name} ${i}`).toBeLessThanOrEqual(1e-6 * (i % 2 === 0 ? W : H));
      });
    }
  });
});

describe('readers', () => {
  it('name the missing file', () => {
    const none: FileGetter = () => undefined;
    expect(() => readCoco(none, 'front')).toThrow('coco/instances_front.json: missing');
    expect(() => readKitti(none, 'front', 3)).toThrow('kitti/front/label_2/000003.txt: missing');
  });

  it('only native writes exactly the native files (formats chosen by name)', async () => {
    const fmts = parseFormats('native') as ExportFormat[];
    const sink = new MemorySink();
    const w = new DatasetWriter(sink, deflate, info(), fmts);
    await w.begin();
    await w.addFrame(RECORDS[1]!);
    await w.finish();
    expect([...sink.files.keys()].some((k) => /^(coco|kitti|yolo|cityscapes)\//.test(k))).toBe(false);
  });
});
