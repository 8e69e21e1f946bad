// COCO, KITTI and YOLO exports of a hand-built frame whose every label is worked out by hand.
import { deflateSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FrameRecord, ObjectLabel } from '../../src/capture/index.ts';
import { isPerceptible, objectContrasts, occlusionLevel } from '../../src/capture/index.ts';
import { THING_CLASSES } from '../../src/core/index.ts';
import {
  DatasetWriter,
  decodeRle,
  encodeRle,
  kittiTruncation,
  MemorySink,
  NativeWriter,
  parseFormats,
  parseKittiLabels,
  rleArea,
  yoloClassIndex,
  type Rle,
} from '../../src/export/index.ts';
import { analyticScene, staticBox } from '../helpers/specs.ts';

const deflate = async (b: Uint8Array) => new Uint8Array(deflateSync(b, { level: 1 }));
const W = 64;
const H = 48;
const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);
const s = Math.SQRT1_2;

/** Instance image: 3 pixels pattern-filled in rectangles, so masks are not boxes. */
function instanceImage(): Uint16Array {
  const ids = new Uint16Array(W * H);
  const paint = (id: number, x0: number, y0: number, x1: number, y1: number, keep: (x: number, y: number) => boolean) => {
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (keep(x, y)) ids[y * W + x] = id;
  };
  paint(2, 28, 24, 36, 30, (x, y) => (x + y) % 3 !== 0); // box A, straight ahead
  paint(3, 22, 25, 25, 28, () => true); // box B, facing right, in front of A's left part? no: beside it
  paint(4, 0, 27, 6, 35, (x) => x !== 2); // box C, cut by the left edge
  return ids;
}

/** box2d and pixel count measured from the instance image. */
function visible(ids: Uint16Array, id: number): { box2d: [number, number, number, number] | null; pixels: number } {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, n = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (ids[y * W + x] !== id) continue;
      n++;
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x + 1); y1 = Math.max(y1, y + 1);
    }
  }
  return { box2d: n ? [x0, y0, x1, y1] : null, pixels: n };
}

/** A still object with nothing in front of it (amodal = visible); truncation is filled in by record(). */
function object(id: number, name: string, cls: string, center: [number, number, number], centerCam: [number, number, number], size: [number, number, number], yaw: number, ids: Uint16Array): ObjectLabel {
  const seen = visible(ids, id);
  const visibility = seen.pixels > 0 ? 1 : null;
  return {
    id, name, cls, semanticId: THING_CLASSES.find((c) => c.name === cls)!.id, center, centerCam, size, quaternion: [0, 0, Math.sin(yaw / 2), Math.cos(yaw / 2)], yaw, speed: 0, ...seen,
    amodalBox2d: seen.box2d, unoccludedPixels: seen.pixels, visibility, occlusion: occlusionLevel(visibility), truncation: 0, distance: Math.hypot(...centerCam), velocity: [0, 0, 0], velocityCam: [0, 0, 0],
  };
}

/**
 * A level camera 1.5 m up at the world origin looking along +x (fx = fy = 32, cx = 32, cy = 24):
 * world (x, y, z) is camera (−y, 1.5 − z, x).
 */
function record(index = 7): FrameRecord {
  const ids = instanceImage();
  const classOf: Record<number, number> = { 2: 40, 3: 20, 4: 10 };
  const rec: FrameRecord = {
    index,
    time: index / 10,
    camera: 'front',
    width: W,
    height: H,
    rgb: Uint8Array.from({ length: W * H * 3 }, (_, i) => (i * 13) % 251),
    depth: new Float32Array(W * H).fill(5),
    semantic: Uint8Array.from(ids, (v) => classOf[v] ?? 1),
    instance: ids,
    intrinsics: { fx: 32, fy: 32, cx: 32, cy: 24 },
    cameraToWorld: [0, 0, 1, 0, -1, 0, 0, 0, 0, -1, 0, 1.5, 0, 0, 0, 1],
    events: [],
    collisions: [],
    objects: [
      // A: 4 × 2 × 1.5 m facing +x, along the optical axis, 10 m ahead.
      object(2, 'crate', 'box', [10, 0, 0.75], [0, 0.75, 10], [4, 2, 1.5], 0, ids),
      // B: a deer facing world −y, the camera's right, 20 m ahead and 5 m left.
      object(3, 'doe', 'deer', [20, 5, 0.5], [-5, 1, 20], [1, 0.5, 1], -Math.PI / 2, ids),
      // C: a 1 m car-class cube 5 m ahead, 5 m left: part of it is left of the image.
      object(4, 'parked', 'car', [5, 5, 0.5], [-5, 1, 5], [1, 1, 1], 0, ids),
      // D: hidden (no pixels): in no export.
      object(5, 'hidden', 'pedestrian', [30, 0, 0.9], [0, 0.6, 30], [0.5, 0.5, 1.8], 0, ids),
    ],
  };
  return { ...rec, objects: rec.objects.map((o) => ({ ...o, truncation: kittiTruncation(rec, o) })) };
}

const info = () => ({
  generator: { name: 'longtail', version: 'test' },
  spec: analyticScene([staticBox(2, 'crate', [4, 2, 1.5], [10, 0, 0])], { width: W, height: H }),
  scenarioSource: '# hand-built\n',
  options: {},
});

async function writeAll(formats = parseFormats('coco,kitti,yolo') as ReturnType<typeof parseFormats> & string[], frames = [record()]) {
  const sink = new MemorySink();
  const w = new DatasetWriter(sink, deflate, info(), formats as never);
  await w.begin();
  for (const f of frames) await w.addFrame(f);
  const done = await w.finish();
  return { sink, done };
}

describe('RLE', () => {
  it('counts zeros first, down each column, and decodes back', () => {
    // 2 × 3 image (h = 2, w = 3), row-major ids: [[1, 0, 1], [1, 1, 0]] → column-major 1 1 0 1 1 0.
    const rle = encodeRle([1, 0, 1, 1, 1, 0], 3, 2, 1);
    expect(rle).toEqual({ size: [2, 3], counts: [0, 2, 1, 2, 1] });
    expect(Array.from(decodeRle(rle))).toEqual([1, 0, 1, 1, 1, 0]);
    expect(rleArea(rle)).toBe(4);
    expect(encodeRle([0, 0, 0, 0], 2, 2, 1).counts).toEqual([4]);
  });
});

describe('parseFormats', () => {
  it('always includes native and orders the formats; unknown names are listed with the known ones', () => {
    expect(parseFormats('native')).toEqual(['native']);
    expect(parseFormats('yolo,coco')).toEqual(['native', 'coco', 'yolo']);
    expect(parseFormats('native,kitti,kitti')).toEqual(['native', 'kitti']);
    expect(parseFormats('coco,voc')).toBe("unknown format 'voc'; the formats are native, coco, coco-panoptic, kitti, yolo, cityscapes");
    expect(parseFormats('cityscapes,coco-panoptic')).toEqual(['native', 'coco-panoptic', 'cityscapes']);
    expect(parseFormats('')).toMatch(/^no format given/);
  });
});

describe('COCO', () => {
  it('writes images, thing categories and one annotation per visible object whose RLE is the instance mask', async () => {
    const rec = record();
    const { sink } = await writeAll();
    const coco = JSON.parse(text(sink.files.get('coco/instances_front.json')));
    expect(coco.images).toEqual([{ id: 7, file_name: 'front/rgb/000007.png', width: W, height: H, camera: 'front', time: 0.7 }]);
    expect(sink.files.has(coco.images[0].file_name)).toBe(true);
    expect(coco.categories).toEqual(THING_CLASSES.map((c) => ({ id: c.id, name: c.name, supercategory: c.category })));
    expect(coco.annotations.map((a: { id: number; attributes: { instance_id: number } }) => [a.id, a.attributes.instance_id])).toEqual([[1, 2], [2, 3], [3, 4]]);
    for (const a of coco.annotations) {
      const o = rec.objects.find((x) => x.id === a.attributes.instance_id)!;
      const [x0, y0, x1, y1] = o.box2d!;
      expect(a.image_id).toBe(7);
      expect(a.category_id).toBe(o.semanticId);
      expect(a.bbox).toEqual([x0, y0, x1 - x0, y1 - y0]);
      expect(a.iscrowd).toBe(0);
      expect(a.area).toBe(o.pixels);
      expect(rleArea(a.segmentation as Rle)).toBe(o.pixels);
      expect(Array.from(decodeRle(a.segmentation))).toEqual(Array.from(rec.instance, (v) => (v === o.id ? 1 : 0)));
      expect(a.attributes).toMatchObject({ name: o.name, class: o.cls, size: o.size, center_camera: o.centerCam });
    }
    // Box A's hand-known numbers: 8 × 6 rectangle minus the pixels with (x + y) % 3 == 0.
    expect(coco.annotations[0].bbox).toEqual([28, 24, 8, 6]);
    expect(coco.annotations[0].area).toBe(32);
  });

  it('sorts images and numbers annotations the same whatever order frames arrive in', async () => {
    const a = await writeAll(undefined, [record(1), record(2)]);
    const b = await writeAll(undefined, [record(2), record(1)]);
    expect(text(a.sink.files.get('coco/instances_front.json'))).toBe(text(b.sink.files.get('coco/instances_front.json')));
    const coco = JSON.parse(text(a.sink.files.get('coco/instances_front.json')));
    expect(coco.images.map((i: { id: number }) => i.id)).toEqual([1, 2]);
    expect(coco.annotations.map((x: { id: number; image_id: number }) => [x.id, x.image_id])).toEqual([[1, 1], [2, 1], [3, 1], [4, 2], [5, 2], [6, 2]]);
  });
});

describe('KITTI', () => {
  it('writes the labels worked out by hand', async () => {
    const { sink } = await writeAll();
    const labels = parseKittiLabels(text(sink.files.get('kitti/front/label_2/000007.txt')));
    expect(labels.map((l) => l.type)).toEqual(['Box', 'Deer', 'Car']);
    const [a, b, c] = labels as [typeof labels[0], typeof labels[0], typeof labels[0]];
    // A faces along the optical axis: rotation_y = −π/2; straight ahead so alpha = ry.
    expect(a.rotationY).toBeCloseTo(-Math.PI / 2, 6);
    expect(a.alpha).toBeCloseTo(-Math.PI / 2, 6);
    expect(a.dimensions).toEqual([1.5, 2, 4]); // h w l
    expect(a.location).toEqual([0, 1.5, 10]); // bottom centre: on the ground, 1.5 m below the camera
    expect(a.bbox).toEqual([28, 24, 36, 30]);
    expect(a.truncated).toBe(0);
    expect(a.occluded).toBe(0); // the label's occlusion level: nothing in front of it
    // B faces the camera's right: rotation_y = 0; alpha = 0 − atan2(−5, 20).
    expect(b.rotationY).toBeCloseTo(0, 6);
    expect(b.alpha).toBeCloseTo(Math.atan2(5, 20), 6);
    expect(b.dimensions).toEqual([1, 0.5, 1]);
    expect(b.location).toEqual([-5, 1.5, 5 * 4]);
    expect(b.truncated).toBe(0);
    // C: its projected corners span u = 32·(−5.5/4.5) + 32 … 32·(−4.5/5.5) + 32 = −7.11 … 5.82,
    // so 5.82 / 12.93 = 0.45 of the width is inside (rows all inside): truncated 0.55.
    expect(c.truncated).toBeCloseTo(0.55, 6);
    expect(c.location).toEqual([-5, 1.5, 5]);
    expect(c.rotationY).toBeCloseTo(-Math.PI / 2, 6);
    expect(c.alpha).toBeCloseTo(-Math.PI / 2 + Math.PI / 4, 6);
  });

  it('writes K|0 calibration and a byte copy of the native RGB PNG', async () => {
    const { sink } = await writeAll();
    const calib = text(sink.files.get('kitti/front/calib/000007.txt')).trim().split('\n');
    const row = (name: string) => calib.find((l) => l.startsWith(`${name}: `))!.slice(name.length + 2).split(' ').map(Number);
    for (const p of ['P0', 'P1', 'P2', 'P3']) expect(row(p)).toEqual([32, 0, 32, 0, 0, 32, 24, 0, 0, 0, 1, 0]);
    expect(row('R0_rect')).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(row('Tr_velo_to_cam')).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
    expect(sink.files.get('kitti/front/image_2/000007.png')).toBe(sink.files.get('front/rgb/000007.png'));
  });
});

describe('YOLO', () => {
  it('writes normalised centre boxes with indices into classes.txt', async () => {
    const { sink } = await writeAll();
    const classes = text(sink.files.get('yolo/classes.txt')).trim().split('\n');
    expect(classes).toEqual(THING_CLASSES.map((c) => c.name));
    const lines = text(sink.files.get('yolo/front/labels/000007.txt')).trim().split('\n').map((l) => l.split(' '));
    expect(lines.map((l) => classes[Number(l[0])])).toEqual(['box', 'deer', 'car']);
    expect(lines[0]!.slice(1).map(Number)).toEqual([32 / W, 27 / H, 8 / W, 6 / H].map((v) => Number(v.toFixed(6))));
    expect(Number(lines[0]![0])).toBe(yoloClassIndex('box'));
    expect(sink.files.get('yolo/front/images/000007.png')).toBe(sink.files.get('front/rgb/000007.png'));
  });
});

describe('DatasetWriter', () => {
  it('lists every file of every format with its SHA-256 in manifest.json', async () => {
    const { sink, done } = await writeAll();
    const manifest = JSON.parse(text(sink.files.get('manifest.json')));
    const others = [...sink.files.keys()].filter((k) => k !== 'manifest.json').sort();
    expect(Object.keys(manifest.files)).toEqual(others);
    for (const k of others) expect(manifest.files[k]).toBe(createHash('sha256').update(sink.files.get(k)!).digest('hex'));
    expect(manifest.formats).toEqual(['native', 'coco', 'kitti', 'yolo']);
    expect(done.files).toBe(sink.files.size);
  });

  it('with only native writes exactly what the native writer writes', async () => {
    const { sink } = await writeAll(['native'] as never);
    const ref = new MemorySink();
    const w = new NativeWriter(ref, deflate, info());
    await w.begin();
    await w.addFrame(record());
    await w.finish();
    expect([...sink.files.keys()].sort()).toEqual([...ref.files.keys()].sort());
    for (const [k, v] of ref.files) expect(text(sink.files.get(k)) === text(v), k).toBe(true);
  });
});

describe('objects too faint or too small to see', () => {
  /** record() with the perceptibility figures a capture gives: contrast measured in its RGB. */
  function seenRecord(): FrameRecord {
    const rec = record();
    const c = objectContrasts(rec.rgb!, rec.instance, W, H, new Map(rec.objects.filter((o) => o.box2d).map((o) => [o.id, o.box2d!])));
    return {
      ...rec,
      objects: rec.objects.map((o) => {
        const contrast = o.pixels > 0 ? (c.get(o.id)?.contrast ?? null) : null;
        // No fog_transmittance: this hand-made frame's depth is a flat 5 m that its 3D boxes need not hold.
        return { ...o, contrast, perceptible: isPerceptible(o.pixels, contrast) };
      }),
    };
  }

  it('are COCO (and panoptic) ignore regions (iscrowd 1), KITTI DontCare, not in YOLO, and still in the native labels', async () => {
    const rec = seenRecord();
    const pixels = Object.fromEntries(rec.objects.map((o) => [o.name, o.pixels]));
    expect(pixels.doe).toBeLessThan(20); // the small one
    expect(pixels.crate).toBeGreaterThan(20);
    const sink = new MemorySink();
    const w = new DatasetWriter(sink, deflate, info(), ['native', 'coco', 'coco-panoptic', 'kitti', 'yolo'], { minPixels: 20, minContrast: 0 });
    await w.begin();
    await w.addFrame(rec);
    await w.finish();
    const coco = JSON.parse(text(sink.files.get('coco/instances_front.json'))) as { annotations: { attributes: { name: string }; iscrowd: number }[] };
    expect(Object.fromEntries(coco.annotations.map((a) => [a.attributes.name, a.iscrowd]))).toEqual({ crate: 0, doe: 1, parked: 0 });
    const panoptic = JSON.parse(text(sink.files.get('coco/panoptic_front.json'))) as { annotations: { segments_info: { id: number; iscrowd: number }[] }[] };
    const ids = Object.fromEntries(rec.objects.map((o) => [o.id, o.name]));
    expect(Object.fromEntries(panoptic.annotations[0]!.segments_info.filter((sg) => ids[sg.id]).map((sg) => [ids[sg.id], sg.iscrowd]))).toEqual({ crate: 0, doe: 1, parked: 0 });
    const kitti = parseKittiLabels(text(sink.files.get('kitti/front/label_2/000007.txt')));
    expect(kitti.map((k) => k.type)).toEqual(['Box', 'DontCare', 'Car']);
    expect(kitti[1]!.bbox).toEqual(rec.objects.find((o) => o.name === 'doe')!.box2d);
    expect(kitti[1]!.location).toEqual([-1000, -1000, -1000]);
    const yolo = text(sink.files.get('yolo/front/labels/000007.txt')).trim().split('\n');
    expect(yolo).toHaveLength(2);
    expect(yolo.map((l) => THING_CLASSES[Number(l.split(' ')[0])]!.name).sort()).toEqual(['box', 'car'].sort());
    const labels = JSON.parse(text(sink.files.get('front/labels/000007.json'))) as { objects: { name: string; perceptible: boolean; contrast: number | null }[] };
    expect(labels.objects.find((o) => o.name === 'doe')).toMatchObject({ perceptible: false });
  });

  it('are ordinary labels when the rule asks for nothing, and labels without figures always are', async () => {
    const sink = new MemorySink();
    const w = new DatasetWriter(sink, deflate, info(), ['native', 'coco'], { minPixels: 0, minContrast: 0 });
    await w.begin();
    await w.addFrame(seenRecord());
    await w.finish();
    const coco = JSON.parse(text(sink.files.get('coco/instances_front.json'))) as { annotations: { iscrowd: number }[] };
    expect(coco.annotations.map((a) => a.iscrowd)).toEqual([0, 0, 0]);
    // record() has no perceptibility figures: the default rule keeps every seen object.
    const { sink: plain } = await writeAll(['native', 'coco'] as never);
    expect((JSON.parse(text(plain.files.get('coco/instances_front.json'))) as { annotations: { iscrowd: number }[] }).annotations.map((a) => a.iscrowd)).toEqual([0, 0, 0]);
  });
});
