import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { FullFrameRecord, ObjectLabel } from '../../src/capture/index.ts';
import { checkFrame, frameProblems, MemorySink, NativeWriter } from '../../src/export/index.ts';
import { analyticScene, staticBox } from '../helpers/specs.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A 640x480 frame drawn by hand: sky (semantic 0, depth 0) above row 200, road (semantic 1, depth
 * 20 m) below; a box (id 2, class 40) filling x 100..199, y 150..249 at 10 m, a deer (id 3, class
 * 20) filling x 300..349, y 220..299 at 15 m; a cone (id 4) out of sight. The camera's carrier is id 1.
 */
function analytic(w = 640, h = 480): Omit<Mutable<FullFrameRecord>, 'objects'> & { objects: Mutable<ObjectLabel>[] } {
  const n = w * h;
  const depth = new Float32Array(n);
  const semantic = new Uint8Array(n);
  const instance = new Uint16Array(n);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (y >= 200) ((semantic[i] = 1), (depth[i] = 20));
      if (x >= 100 && x < 200 && y >= 150 && y < 250) ((semantic[i] = 40), (instance[i] = 2), (depth[i] = 10));
      if (x >= 300 && x < 350 && y >= 220 && y < 300) ((semantic[i] = 20), (instance[i] = 3), (depth[i] = 15));
    }
  }
  const obj = (id: number, name: string, cls: string, semanticId: number, box2d: [number, number, number, number] | null, pixels: number, whole: Partial<ObjectLabel> = {}): Mutable<ObjectLabel> => ({
    id, name, cls, semanticId, center: [10, 0, 1], centerCam: [0, 0.5, 10], size: [1, 1, 1], quaternion: [0, 0, 0, 1], yaw: 0, speed: 0, box2d, pixels,
    amodalBox2d: box2d, unoccludedPixels: pixels, visibility: pixels ? 1 : null, occlusion: pixels ? 0 : null, truncation: 0, distance: Math.hypot(0.5, 10),
    velocity: [0, 0, 0], velocityCam: [0, 0, 0], ...whole,
  });
  const c = Math.SQRT1_2;
  return {
    index: 7,
    time: 0.7,
    camera: 'front',
    width: w,
    height: h,
    rgb: new Uint8Array(n * 3),
    depth,
    semantic,
    instance,
    intrinsics: { fx: 320, fy: 320, cx: 320, cy: 240 },
    // OpenCV camera (x right, y down, z forward) looking along world (1, 1, 0): yawed 45° from +x.
    cameraToWorld: [c, 0, c, 1, -c, 0, c, 2, 0, -1, 0, 1.5, 0, 0, 0, 1],
    objects: [obj(2, 'crate', 'box', 40, [100, 150, 200, 250], 100 * 100), // The deer's top 20 rows are hidden (by something not drawn here): 4000 of 5000 pixels seen.
      obj(3, 'doe', 'deer', 20, [300, 220, 350, 300], 50 * 80, { amodalBox2d: [300, 200, 350, 300], unoccludedPixels: 5000, visibility: 0.8, occlusion: 1 }),
      obj(4, 'cone', 'box', 40, null, 0, { truncation: 1 })],
    events: [],
    collisions: [],
  };
}

const opts = { carrierId: 1 };
const problems = (rec: FullFrameRecord) => frameProblems(rec, opts);

describe('frameProblems', () => {
  it('passes a correct analytic record', () => {
    const rec = analytic();
    expect(problems(rec)).toEqual([]);
    expect(() => checkFrame(rec, opts)).not.toThrow();
  });

  it('is fast: one pass over a 640x480 frame', () => {
    const rec = analytic();
    for (let i = 0; i < 5; i++) problems(rec); // warm up
    const t0 = performance.now();
    const rounds = 20;
    for (let i = 0; i < rounds; i++) problems(rec);
    const ms = (performance.now() - t0) / rounds;
    console.log(`checkFrame 640x480: ${ms.toFixed(2)} ms`);
    expect(ms).toBeLessThan(50);
  });

  it('catches a box outside the image', () => {
    const rec = analytic();
    rec.objects[1]!.box2d = [300, 220, 641, 300];
    expect(problems(rec)).toContain("object 'doe' (id 3): box_2d [300, 220, 641, 300] is not inside the 640x480 image (need 0 <= x0 < x1 <= 640, 0 <= y0 < y1 <= 480)");
    rec.objects[1]!.box2d = [300, 220, 300, 300];
    expect(problems(rec).join('\n')).toContain('box_2d [300, 220, 300, 300] is not inside');
  });

  it('catches a box that is not tight, and a wrong pixel count', () => {
    const rec = analytic();
    rec.objects[0]!.box2d = rec.objects[0]!.amodalBox2d = [100, 150, 201, 250];
    rec.objects[1]!.pixels = 3999;
    rec.objects[1]!.visibility = 3999 / 5000;
    expect(problems(rec)).toEqual([
      "object 'crate' (id 2): box_2d [100, 150, 201, 250] is not the tight box of its instance mask [100, 150, 200, 250]",
      "object 'doe' (id 3): visible_pixels 3999 but its instance mask has 4000 pixels",
    ]);
    // A box for an object with no pixels, and none for one with pixels.
    const r2 = analytic();
    r2.objects[2]!.box2d = [0, 0, 1, 1];
    r2.objects[0]!.box2d = null;
    expect(problems(r2)).toEqual([
      "object 'crate' (id 2): box_2d null is not the tight box of its instance mask [100, 150, 200, 250]",
      "object 'cone' (id 4): box_2d [0, 0, 1, 1] is not the tight box of its instance mask null",
    ]);
  });

  it('catches duplicate ids, unknown ids in the image and the carrier', () => {
    const rec = analytic();
    rec.objects[2]!.id = 3;
    expect(problems(rec)).toEqual(["object 'cone' (id 3): id is used by more than one object (also 'doe')"]);
    const r2 = analytic();
    r2.instance[0] = 9;
    r2.instance[1] = 9;
    expect(problems(r2)).toEqual(['instance image has 2 pixels of ids no object has (9), first at (0, 0)']);
    const r3 = analytic();
    r3.instance[640 * 479 + 5] = 1;
    expect(problems(r3)).toEqual(["the camera's carrier (id 1) is in the instance image: 1 pixels, first box [5, 479, 6, 480]"]);
    const r4 = analytic();
    r4.objects[2]!.id = 1;
    expect(problems(r4)).toEqual(["object 'cone' (id 1): id is the camera's carrier, which is not labelled"]);
  });

  it('catches object pixels of the wrong semantic id', () => {
    const rec = analytic();
    rec.semantic[640 * 220 + 310] = 40;
    expect(problems(rec)).toEqual(["object 'doe' (id 3): 1 of its pixels have semantic id 40 (first at (310, 220)), not its class id 20"]);
  });

  it('catches depth not 0 on void, and not finite and positive elsewhere', () => {
    const rec = analytic();
    rec.depth[5] = 3;
    rec.depth[640 * 300] = 0;
    rec.depth[640 * 300 + 1] = NaN;
    rec.depth[640 * 300 + 2] = Infinity;
    rec.depth[640 * 300 + 3] = -1;
    expect(problems(rec)).toEqual([
      'depth is not 0 at 1 void pixels (semantic 0), first at (5, 0): 3',
      'depth is not finite and > 0 at 4 non-void pixels, first at (0, 300) (semantic 1): 0',
    ]);
  });

  it('catches non-finite intrinsics and a pose that is not rigid', () => {
    const rec = analytic();
    rec.intrinsics = { ...rec.intrinsics, fy: NaN };
    expect(problems(rec)).toEqual(['intrinsics fy is NaN, not a finite number']);
    const r2 = analytic();
    const m = [...r2.cameraToWorld];
    m[0] = m[0]! + 1e-5; // R·Rt is off by about 1.4e-5
    r2.cameraToWorld = m;
    expect(problems(r2).join('\n')).toMatch(/^camera_to_world rotation is not orthonormal within 0\.000001: \|R·Rt - I\| = 1\.41e-5, det /);
    const r3 = analytic();
    r3.cameraToWorld = r3.cameraToWorld.map((v, i) => (i < 3 ? -v : v)); // a reflection: det -1
    expect(problems(r3).join('\n')).toContain('det -1');
    const r4 = analytic();
    r4.cameraToWorld = [...r4.cameraToWorld.slice(0, 15), 2];
    expect(problems(r4)).toEqual(['camera_to_world last row is [0, 0, 0, 2], not [0, 0, 0, 1]']);
  });

  it('catches layers of the wrong size', () => {
    const rec = analytic();
    rec.depth = new Float32Array(10);
    expect(problems(rec)).toEqual(['depth has 10 values, expected 307200 for 640x480']);
  });
});

describe('NativeWriter checks before writing', () => {
  const deflate = (b: Uint8Array) => new Uint8Array(deflateSync(b, { level: 1 }));
  const info = () => ({ generator: { name: 'longtail', version: 'test' }, spec: analyticScene([staticBox(2, 'crate', [2, 2, 2], [10, 0, 0])]), scenarioSource: '', options: {} });

  it('writes a correct frame and refuses a wrong one, naming the frame, camera, object and values; nothing of it is written', async () => {
    const sink = new MemorySink();
    const w = new NativeWriter(sink, deflate, info());
    await w.addFrame(analytic());
    expect(sink.files.has('front/labels/000007.json')).toBe(true);
    const bad = analytic();
    bad.index = 8;
    bad.objects[0]!.box2d = bad.objects[0]!.amodalBox2d = [100, 150, 200, 251];
    await expect(w.addFrame(bad)).rejects.toThrow(
      "frame 8 of camera 'front' fails its checks:\n  object 'crate' (id 2): box_2d [100, 150, 200, 251] is not the tight box of its instance mask [100, 150, 200, 250]",
    );
    expect([...sink.files.keys()].some((k) => k.includes('000008'))).toBe(false);
  });

  it("takes the carrier from the spec: the camera's mount (ego, id 1) must not be seen", async () => {
    const w = new NativeWriter(new MemorySink(), deflate, info());
    const bad = analytic();
    bad.instance[0] = 1;
    await expect(w.addFrame(bad)).rejects.toThrow("the camera's carrier (id 1) is in the instance image");
  });
});

describe('normals', () => {
  it('must be unit length where there is depth and zero where there is none', () => {
    const rec = analytic();
    const n = rec.width * rec.height;
    const normals = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) if (rec.depth[i]! > 0) normals[i * 3 + 2] = -1;
    expect(problems({ ...rec, normals })).toEqual([]);
    const first = rec.depth.findIndex((d) => d > 0);
    const bad = normals.slice();
    bad[first * 3 + 2] = -0.5;
    expect(problems({ ...rec, normals: bad }).join('\n')).toMatch(/normals: 1 pixels are not unit length/);
    expect(problems({ ...rec, normals: new Float32Array(5) }).join('\n')).toMatch(/normals has 5 values/);
  });
});

describe('whole-object labels', () => {
  const who = "object 'doe' (id 3)";
  it('the amodal box lies in the image and holds the visible box; a box exactly when there are unoccluded pixels', () => {
    const rec = analytic();
    rec.objects[1]!.amodalBox2d = [300, 230, 350, 300];
    expect(problems(rec)).toEqual([`${who}: amodal_box_2d [300, 230, 350, 300] does not contain box_2d [300, 220, 350, 300]`]);
    rec.objects[1]!.amodalBox2d = [300, 200, 350, 481];
    expect(problems(rec)).toEqual([`${who}: amodal_box_2d [300, 200, 350, 481] is not inside the 640x480 image`]);
    rec.objects[1]!.amodalBox2d = null;
    expect(problems(rec)).toEqual([`${who}: amodal_box_2d null but unoccluded_pixels 5000 (a box exactly when there are pixels)`]);
  });

  it('visibility and the occlusion level follow from the pixel counts', () => {
    const rec = analytic();
    rec.objects[1]!.unoccludedPixels = 3999;
    expect(problems(rec)).toContain(`${who}: unoccluded_pixels 3999 is not a whole number >= visible_pixels 4000`);
    const r2 = analytic();
    r2.objects[1]!.visibility = 0.81;
    expect(problems(r2)).toEqual([`${who}: visibility 0.81 is not visible_pixels / unoccluded_pixels = 0.8`]);
    const r3 = analytic();
    r3.objects[1]!.occlusion = 0;
    expect(problems(r3)).toEqual([`${who}: occlusion 0 is not the level of visibility 0.8 (1)`]);
    // Out of view: no visibility, no level.
    const r4 = analytic();
    r4.objects[2]!.visibility = 0;
    expect(problems(r4)).toEqual(["object 'cone' (id 4): visibility 0 is not visible_pixels / unoccluded_pixels = null"]);
  });

  it('truncation is a share, distance is |center_camera|, velocity is finite', () => {
    const rec = analytic();
    rec.objects[0]!.truncation = 1.5;
    rec.objects[0]!.distance = 10;
    rec.objects[0]!.velocity = [NaN, 0, 0];
    expect(problems(rec)).toEqual([
      "object 'crate' (id 2): truncation 1.5 is not within 0..1",
      `object 'crate' (id 2): distance 10 is not |center_camera| = ${Math.hypot(0.5, 10)}`,
      "object 'crate' (id 2): velocity is not finite: [NaN, 0, 0], camera [0, 0, 0]",
    ]);
  });
});

describe('flow', () => {
  it('is NaN exactly where nothing was hit, finite elsewhere', () => {
    const rec = analytic();
    const n = rec.width * rec.height;
    const flow = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) if (rec.depth[i] === 0) flow[2 * i] = flow[2 * i + 1] = NaN;
    expect(problems({ ...rec, flow })).toEqual([]);
    const sky = flow.slice();
    sky[0] = sky[1] = 0.5; // pixel (0, 0) is sky
    expect(problems({ ...rec, flow: sky })).toEqual(['flow: 1 pixels are not NaN where depth is 0 (or not finite where it is not), first at (0, 0)']);
    const inf = flow.slice();
    const road = rec.depth.findIndex((d) => d > 0);
    inf[2 * road] = Infinity;
    expect(problems({ ...rec, flow: inf })[0]).toMatch(/^flow: 1 pixels are not NaN/);
    expect(problems({ ...rec, flow: new Float32Array(3) })).toEqual([`flow has 3 values, expected ${n * 2} for 640x480`]);
  });
});
