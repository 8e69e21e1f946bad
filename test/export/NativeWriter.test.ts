import { inflateRawSync, inflateSync, deflateSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LAYERS, PNG_COMPANIONS, type FullFrameRecord } from '../../src/capture/index.ts';
import { decodeNpz, decodePng, firstFrameAtOrAfter, frameLabels, MemorySink, NativeWriter, ZipSink } from '../../src/export/index.ts';
import { analyticScene, staticBox } from '../helpers/specs.ts';
import JSZip from 'jszip';

const deflate = (b: Uint8Array) => new Uint8Array(deflateSync(b, { level: 1 }));
const inflate = (b: Uint8Array) => new Uint8Array(inflateSync(b));

function record(): FullFrameRecord {
  const w = 4;
  const h = 2;
  return {
    index: 3,
    time: 0.3,
    camera: 'front',
    width: w,
    height: h,
    rgb: Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 7) % 256),
    // 0 = nothing hit; 1.2345 m → 1235 mm (rounded); 70 m → saturates at 65535 mm.
    depth: Float32Array.from([0, 1.2345, 2, 70, 0.0004, 10, 65.5354, 3]),
    semantic: Uint8Array.from([0, 1, 1, 2, 3, 40, 40, 1]),
    instance: Uint16Array.from([0, 0, 0, 0, 0, 2, 2, 0]),
    intrinsics: { fx: 2, fy: 2, cx: 2, cy: 1 },
    cameraToWorld: [0, 0, 1, 0, -1, 0, 0, 0, 0, -1, 0, 1.5, 0, 0, 0, 1],
    events: [{ name: 'deer_on_road', time: 0.5 }, { name: 'passed', time: 0.1 }, { name: 'never', time: null }],
    // Found in physics steps 13 and 36 (of 120 per second).
    collisions: [
      { time: 13 / 120, a: 'ego', b: 'crate', impulse: 908.6338937852224 },
      { time: 36 / 120, a: 'crate', b: 'van', impulse: null },
    ],
    objects: [
      { id: 2, name: 'crate', cls: 'box', semanticId: 40, center: [10, 0, 1], centerCam: [0, 0.5, 10], size: [2, 2, 2], quaternion: [0, 0, 0, 1], yaw: 0, speed: 0, box2d: [1, 1, 3, 2], pixels: 2,
        amodalBox2d: [1, 0, 3, 2], unoccludedPixels: 4, visibility: 0.5, occlusion: 1, truncation: 0, distance: Math.hypot(0.5, 10), velocity: [1, 2, 0], velocityCam: [-2, 0, 1] },
    ],
  };
}

const info = () => ({ generator: { name: 'longtail', version: 'test' }, spec: analyticScene([staticBox(2, 'crate', [2, 2, 2], [10, 0, 0])]), scenarioSource: '# hand-built\n', options: {} });

describe('NativeWriter', () => {
  it('writes every layer with the documented encodings', async () => {
    const sink = new MemorySink();
    const w = new NativeWriter(sink, deflate, { ...info(), layers: [...LAYERS, ...PNG_COMPANIONS] });
    await w.begin();
    const rec = record();
    await w.addFrame(rec);
    const done = await w.finish();
    expect(done.frames).toBe(1);

    const rgb = await decodePng(sink.files.get('front/rgb/000003.png')!, inflate);
    expect([rgb.width, rgb.height, rgb.channels, rgb.bitDepth]).toEqual([4, 2, 3, 8]);
    expect(Array.from(rgb.data)).toEqual(Array.from(rec.rgb));

    const mm = await decodePng(sink.files.get('front/depth/000003.png')!, inflate);
    expect(mm.bitDepth).toBe(16);
    expect(Array.from(mm.data)).toEqual([0, 1235, 2000, 65535, 0, 10000, 65535, 3000]);

    // Depth and range: one .npz, arrays 'depth' and 'range', float32 (h, w).
    const npz = await decodeNpz(sink.files.get('front/depth/000003.npz')!, (raw) => new Uint8Array(inflateRawSync(raw)));
    expect([...npz.keys()]).toEqual(['depth', 'range']);
    const npy = npz.get('depth')!;
    expect(npy.descr).toBe('<f4');
    expect(npy.shape).toEqual([2, 4]);
    expect(Array.from(npy.data)).toEqual(Array.from(rec.depth));

    // Range along each pixel's ray, by hand: pixel (1, 0) of the 4x2 frame with fx = fy = 2,
    // cx = 2, cy = 1: a = (1.5 − 2)/2 = −0.25, b = (0.5 − 1)/2 = −0.25, range = z·sqrt(1.125).
    const range = npz.get('range')!;
    expect(range.shape).toEqual([2, 4]);
    expect(range.data[1]).toBeCloseTo(1.2345 * Math.sqrt(1.125), 5);
    expect(range.data[0]).toBe(0);

    const sem = await decodePng(sink.files.get('front/semantic/000003.png')!, inflate);
    expect([sem.channels, sem.bitDepth]).toEqual([1, 8]);
    expect(Array.from(sem.data)).toEqual(Array.from(rec.semantic));
    const inst = await decodePng(sink.files.get('front/instance/000003.png')!, inflate);
    expect(inst.bitDepth).toBe(16);
    expect(Array.from(inst.data)).toEqual(Array.from(rec.instance));

    const labels = JSON.parse(new TextDecoder().decode(sink.files.get('front/labels/000003.json')!));
    expect(labels.intrinsics.K).toEqual([[2, 0, 2], [0, 2, 1], [0, 0, 1]]);
    expect(labels.camera_to_world[2]).toEqual([0, -1, 0, 1.5]);
    // Frame time 0.3 s: the event at 0.5 s is 0.2 s ahead; the one at 0.1 s passed 0.2 s ago.
    expect(labels.events).toEqual([
      { name: 'deer_on_road', time: 0.5, time_to_event: 0.2, happened: false },
      { name: 'passed', time: 0.1, time_to_event: -0.2, happened: true },
      { name: 'never', time: null, time_to_event: null, happened: false },
    ]);
    // The 10 fps camera's frame n shows the state after step 12·n: step 13 is first shown in frame 2
    // (one frame before this one), step 36 in frame 3 (this one).
    expect(labels.collisions).toEqual([
      { time: 0.108333, a: 'ego', b: 'crate', impulse: 908.633894, frames_ago: 1 },
      { time: 0.3, a: 'crate', b: 'van', impulse: null, frames_ago: 0 },
    ]);
    expect(labels.objects[0]).toMatchObject({ id: 2, class: 'box', class_id: 40, box_2d: [1, 1, 3, 2], visible_pixels: 2, center_world: [10, 0, 1] });

    const manifest = JSON.parse(new TextDecoder().decode(sink.files.get('manifest.json')!));
    expect(manifest.format).toBe('longtail.dataset/1');
    expect(manifest.frames).toEqual([{ index: 3, time: 0.3, camera: 'front', files: expect.objectContaining({ rgb: 'front/rgb/000003.png' }) }]);
    // Every file but the manifest is listed with its SHA-256.
    expect(Object.keys(manifest.files).sort()).toEqual([...sink.files.keys()].filter((k) => k !== 'manifest.json').sort());
    for (const [k, hash] of Object.entries(manifest.files)) {
      expect(hash).toBe(createHash('sha256').update(sink.files.get(k)!).digest('hex'));
    }
  });

  it('zips the same files, PNGs stored and reproducible byte for byte', async () => {
    const make = async () => {
      const zip = new ZipSink();
      const w = new NativeWriter(zip, deflate, info());
      await w.begin();
      await w.addFrame(record());
      await w.finish();
      return zip.finish();
    };
    const a = await make();
    const b = await make();
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const z = await JSZip.loadAsync(a);
    expect(Object.keys(z.files).filter((n) => !z.files[n]!.dir).sort()).toContain('front/rgb/000003.png');
    expect(await z.file('scenario.scene')!.async('string')).toBe('# hand-built\n');
  });
});

describe('firstFrameAtOrAfter', () => {
  it('is the first frame whose state (after round(n · Hz / fps) steps) is at or after the time', () => {
    // 10 fps at 120 Hz: frame n shows step 12n.
    expect(firstFrameAtOrAfter(0, 10, 120)).toBe(0);
    expect(firstFrameAtOrAfter(12 / 120, 10, 120)).toBe(1);
    expect(firstFrameAtOrAfter(13 / 120, 10, 120)).toBe(2);
    // 7 fps at 120 Hz: frames show steps 0, 17, 34, 51, …; step 35 is first shown in frame 3.
    expect(firstFrameAtOrAfter(34 / 120, 7, 120)).toBe(2);
    expect(firstFrameAtOrAfter(35 / 120, 7, 120)).toBe(3);
  });

  it('without camera timing, frames_ago is null', () => {
    const labels = frameLabels(record()) as { collisions: { frames_ago: number | null }[] };
    expect(labels.collisions.map((c) => c.frames_ago)).toEqual([null, null]);
  });
});

describe('NativeWriter ordering', () => {
  it('lists frames in camera and index order whatever order they finish in', async () => {
    const sink = new MemorySink();
    // A deflate that finishes later for earlier frames: frame 1 completes before frame 0.
    let calls = 0;
    const slowFirst = async (b: Uint8Array) => {
      const n = calls++;
      await new Promise((r) => setTimeout(r, n < 4 ? 30 : 0));
      return deflate(b);
    };
    const w = new NativeWriter(sink, slowFirst, info());
    await w.begin();
    await Promise.all([w.addFrame({ ...record(), index: 0 }), w.addFrame({ ...record(), index: 1 })]);
    await w.finish();
    const manifest = JSON.parse(new TextDecoder().decode(sink.files.get('manifest.json')!));
    expect(manifest.frames.map((f: { index: number }) => f.index)).toEqual([0, 1]);
  });
});
