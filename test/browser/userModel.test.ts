// A user's glTF model in real Chromium: loaded by the capture page from the CLI's server, fitted
// into its entity's box, drawn with its own (textured) material and labelled with the entity's
// class and instance id. Checked against values computed by hand.
//
// Camera (test/helpers/specs.ts analyticScene): at (0, 0, 1.5) m looking along +x, level, 90°
// horizontal fov at 640x480, so fx = fy = 320 px, cx = 320, cy = 240, and a world point
// (x, y, z) lands at u = 320 + 320·(-y)/x, v = 240 + 320·(1.5 - z)/x with planar depth x.
//
// The model is the hand-written wedge of test/helpers/glb.ts: 1.6 m long, 0.4 m wide, 1.2 m tall
// at its back, sloping to nothing at its front (glTF +z). Placed at (10, 0, 0) with heading 90°,
// its front points along world +y (left in the image): its left side is the plane x = 9.8 facing
// the camera, a triangle with corners (9.8, -0.8, 0), (9.8, -0.8, 1.2), (9.8, 0.8, 0), and its
// slope, seen from above, reaches back to x = 10.2 at the 1.2 m top edge.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullFrameRecord } from '../../src/capture/index.ts';
import { classByName } from '../../src/core/index.ts';
import type { EntitySpec } from '../../src/scenario/index.ts';
import { openCapture, type CapturePage } from '../helpers/capturePage.ts';
import { skinnedToOneJoint, solidPng, toGlb, toGltfJson, wedgeSolid } from '../helpers/glb.ts';
import { analyticScene, staticBox } from '../helpers/specs.ts';

const W = 640;
const project = (x: number, y: number, z: number): [number, number] => [320 + (320 * -y) / x, 240 + (320 * (1.5 - z)) / x];

const at = (rec: FullFrameRecord, u: number, v: number) => {
  const i = Math.floor(v) * W + Math.floor(u);
  return { depth: rec.depth[i]!, semantic: rec.semantic[i]!, instance: rec.instance[i]!, rgb: [...rec.rgb.subarray(i * 3, i * 3 + 3)] };
};

let cap: CapturePage;
let sha: string;
let skinnedSha: string;
let jsonSha: string;
const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
beforeAll(async () => {
  const texturePng = await solidPng(4, 4, [230, 20, 20]);
  // Authored in centimetres, scaled by its node and moved off the origin: the fit must undo both.
  const wedge = wedgeSolid(40, 160, 120, { node: { scale: [0.01, 0.01, 0.01], translation: [5, 2, -3] }, texturePng });
  const glb = toGlb(wedge);
  // The same as a JSON .gltf, its buffer (texture included) in a data: URI.
  const json = toGltfJson(wedge);
  // The same wedge written lying along glTF x and stood up by a skin: its one joint turns it a
  // quarter about y (glTF +z, its front, to +x, its left); its own node's scale 3 is ignored.
  const s = Math.SQRT1_2;
  const skinned = toGlb(skinnedToOneJoint(wedgeSolid(0.4, 1.6, 1.2, { texturePng }), { rotation: [0, s, 0, s] }, { scale: [3, 3, 3] }));
  sha = hash(glb);
  skinnedSha = hash(skinned);
  jsonSha = hash(json);
  cap = await openCapture(new Map([[sha, glb], [skinnedSha, skinned], [jsonSha, json]]));
});
afterAll(async () => {
  await cap?.close();
});

/** The wedge as entity 5, a deer, with its heading and mesh turn, filling `size`. */
function elk(size: [number, number, number], yaw: number, meshYaw: number): EntitySpec {
  return { ...staticBox(5, 'elk', size, [10, 0, 0], yaw), cls: 'deer', model: 'deer', mesh: { path: 'wedge.glb', sha256: sha, yaw: meshYaw } };
}

describe('a wedge standing in for a deer, side on at 10 m', () => {
  let rec: FullFrameRecord;
  beforeAll(async () => {
    const spec = analyticScene([elk([1.6, 0.4, 1.2], Math.PI / 2, 0)]);
    // At 16:00 the sun is in the west (-x), behind the camera: the side we see is sunlit.
    await cap.load({ ...spec, environment: { ...spec.environment, timeOfDay: 16 * 3600 } });
    rec = await cap.frame('front', 0);
  });

  it('labels its pixels with the class deer and instance id 5', () => {
    const p = at(rec, 335, 280);
    expect(p.semantic).toBe(classByName('deer')!.id);
    expect(p.instance).toBe(5);
    expect(rec.objects.map((o) => [o.name, o.cls])).toEqual([['elk', 'deer']]);
  });

  it('has a 2D box within 1 px of the hand-projected wedge', () => {
    // Left: the front-bottom corner (9.8, 0.8, 0); right and bottom: the back-bottom corner
    // (9.8, -0.8, 0); top: the far end of the top edge, (10.2, -0.8, 1.2).
    const want = [project(9.8, 0.8, 0)[0], project(10.2, -0.8, 1.2)[1], project(9.8, -0.8, 0)[0], project(9.8, -0.8, 0)[1]];
    // ≈ [293.88, 249.41, 346.12, 288.98]
    const o = rec.objects.find((x) => x.name === 'elk')!;
    expect(o.box2d).not.toBeNull();
    o.box2d!.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(1));
    // Pixels: the near triangle, 52.2 × 39.2 px / 2 ≈ 1024, plus the thin slope above it.
    expect(o.pixels).toBeGreaterThan(1000);
    expect(o.pixels).toBeLessThan(1150);
  });

  it('faces the way glTF says: tall at its back (right), low at its front (left)', () => {
    // At u = 340 (y = -0.61 m) the wedge is 1.06 m tall, its top at v ≈ 254; at u = 300
    // (y = +0.61 m) 0.14 m, top at v ≈ 284. A wedge turned the other way would swap them.
    expect(at(rec, 340, 262).instance).toBe(5);
    expect(at(rec, 300, 262).instance).toBe(0);
    expect(at(rec, 300, 287).instance).toBe(5);
  });

  it('reads the near side at 9.8 m planar depth, within 1 cm', () => {
    expect(Math.abs(at(rec, 335, 280).depth - 9.8)).toBeLessThan(0.01);
    expect(Math.abs(at(rec, 310, 287).depth - 9.8)).toBeLessThan(0.01);
  });

  it('is drawn with its own textured material: the embedded red texture shows', () => {
    // The material's base colour factor is white: only the texture can make it red (measured 188, 0, 22).
    for (const [u, v] of [[335, 280], [305, 286]] as const) {
      const [r, g, b] = at(rec, u, v).rgb as [number, number, number];
      expect(r).toBeGreaterThan(100);
      expect(r).toBeGreaterThan(3 * g);
      expect(r).toBeGreaterThan(3 * b);
    }
  });

  it('keeps the 3D box of the entity: the size it was given', () => {
    const o = rec.objects.find((x) => x.name === 'elk')!;
    expect(o.size).toEqual([1.6, 0.4, 1.2]);
    expect(o.center).toEqual([10, 0, 0.6]);
  });
});

describe('mesh yaw', () => {
  it('a quarter mesh turn on a heading-0 entity draws the same wedge as heading 90° unturned', async () => {
    // Turned by mesh yaw 90°, the model's front is the entity's +y; with heading 0 that is world +y
    // again, in a box 0.4 long and 1.6 wide: the same solid in the world, so the same pixels.
    await cap.load(analyticScene([elk([1.6, 0.4, 1.2], Math.PI / 2, 0)]));
    const a = await cap.frame('front', 0);
    await cap.load(analyticScene([elk([0.4, 1.6, 1.2], 0, Math.PI / 2)]));
    const b = await cap.frame('front', 0);
    const oa = a.objects.find((o) => o.name === 'elk')!;
    const ob = b.objects.find((o) => o.name === 'elk')!;
    expect(ob.box2d).toEqual(oa.box2d);
    let differ = 0;
    for (let i = 0; i < a.instance.length; i++) if ((a.instance[i] === 5) !== (b.instance[i] === 5)) differ++;
    expect(differ).toBeLessThanOrEqual(4);
  });
});

describe('a .gltf file', () => {
  it('draws the same pixels as the same model in a .glb', async () => {
    const spec = analyticScene([elk([1.6, 0.4, 1.2], Math.PI / 2, 0)]);
    await cap.load(spec);
    const a = await cap.frame('front', 0);
    await cap.load(analyticScene([{ ...elk([1.6, 0.4, 1.2], Math.PI / 2, 0), mesh: { path: 'wedge.gltf', sha256: jsonSha, yaw: 0 } }]));
    const b = await cap.frame('front', 0);
    expect(Buffer.from(b.rgb).equals(Buffer.from(a.rgb))).toBe(true);
    expect(Buffer.from(b.instance.buffer, b.instance.byteOffset, b.instance.byteLength).equals(Buffer.from(a.instance.buffer, a.instance.byteOffset, a.instance.byteLength))).toBe(true);
  });
});

describe('a skinned model', () => {
  it('is drawn in its skinned rest shape, and labelled in that same shape', async () => {
    // Skinned, the wedge's front is its left (glTF +x, Longtail +y): with heading 0 and a box
    // 0.4 long, 1.6 wide, it is the first wedge again. Unskinned it would face +x, 1.6 long.
    const spec = analyticScene([elk([1.6, 0.4, 1.2], Math.PI / 2, 0)]);
    const env = { ...spec.environment, timeOfDay: 16 * 3600 };
    await cap.load({ ...spec, environment: env });
    const a = await cap.frame('front', 0);
    const skinned = analyticScene([{ ...elk([0.4, 1.6, 1.2], 0, 0), mesh: { path: 'skinned.glb', sha256: skinnedSha, yaw: 0 } }]);
    await cap.load({ ...skinned, environment: env });
    const b = await cap.frame('front', 0);
    expect(b.objects.find((o) => o.name === 'elk')!.box2d).toEqual(a.objects.find((o) => o.name === 'elk')!.box2d);
    let differ = 0;
    let red = 0;
    let labelled = 0;
    for (let i = 0; i < b.instance.length; i++) {
      const mine = b.instance[i] === 5;
      if (mine !== (a.instance[i] === 5)) differ++;
      labelled += mine ? 1 : 0;
      // The look and the labels agree: the red pixels are the labelled ones.
      if (b.rgb[i * 3]! > 3 * b.rgb[i * 3 + 1]! + 30 && mine) red++;
    }
    expect(differ).toBeLessThanOrEqual(4);
    expect(red).toBeGreaterThan(0.9 * labelled);
  });
});

describe('a model that cannot be loaded', () => {
  it('fails the load with the entity, the path and why', async () => {
    const spec = analyticScene([{ ...elk([1.6, 0.4, 1.2], 0, 0), mesh: { path: 'gone.glb', sha256: '0'.repeat(64), yaw: 0 } }]);
    await expect(cap.load(spec)).rejects.toThrow(/entity 'elk': its mesh gone\.glb could not be loaded: the page's server answered 404/);
  });
});
