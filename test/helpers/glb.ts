// Test helper: glTF models written by hand, byte by byte: the JSON and one binary buffer of
// float32 positions, normals and texture coordinates and uint16 indices, packed as a GLB or as a
// .gltf with the buffer in a data: URI. Shapes are convex solids given by their faces, so their
// size is known exactly.
import { encodePng } from '../../src/export/index.ts';
import { nodeDeflate } from '../../src/cli/nodeDeflate.ts';

export type Vec3 = [number, number, number];
type Json = Record<string, unknown>;

/** A glTF document before packing: its JSON and the bytes of buffer 0. */
export interface Gltf {
  json: Json;
  bin: Uint8Array;
}

export interface SolidOptions {
  /** The node's transform (glTF TRS): scale, rotation quaternion [x, y, z, w], translation. */
  readonly node?: Trs;
  /** Base colour factor, linear RGBA (default white). */
  readonly color?: [number, number, number, number];
  /** An embedded PNG used as the base colour texture. */
  readonly texturePng?: Uint8Array;
}

/**
 * A convex solid from its faces (each a planar polygon, any winding: each is turned to face away
 * from the solid's centre), with flat normals, as one mesh on one node of the default scene.
 */
export function convexSolid(faces: readonly (readonly Vec3[])[], options: SolidOptions = {}): Gltf {
  const all = faces.flat();
  const centre = [0, 1, 2].map((k) => all.reduce((s, p) => s + p[k]!, 0) / all.length) as Vec3;
  const pos: number[] = [];
  const nrm: number[] = [];
  const uv: number[] = [];
  const idx: number[] = [];
  for (const face of faces) {
    let f = [...face];
    let n = normalOf(f);
    const c = [0, 1, 2].map((k) => f.reduce((s, p) => s + p[k]!, 0) / f.length);
    if (n[0] * (c[0]! - centre[0]) + n[1] * (c[1]! - centre[1]) + n[2] * (c[2]! - centre[2]) < 0) {
      f = f.reverse();
      n = normalOf(f);
    }
    const base = pos.length / 3;
    f.forEach((p, i) => {
      pos.push(...p);
      nrm.push(...n);
      uv.push(i === 1 || i === 2 ? 1 : 0, i >= 2 ? 1 : 0);
    });
    for (let i = 1; i + 1 < f.length; i++) idx.push(base, base + i, base + i + 1);
  }
  const min = [0, 1, 2].map((k) => Math.min(...all.map((p) => p[k]!)));
  const max = [0, 1, 2].map((k) => Math.max(...all.map((p) => p[k]!)));
  const n = pos.length / 3;
  // Buffer: positions, normals, uvs (float32), indices (uint16), then the PNG; each 4-byte aligned.
  const parts: Uint8Array[] = [f32(pos), f32(nrm), f32(uv), u16(idx)];
  if (options.texturePng) parts.push(options.texturePng);
  const views: Json[] = [];
  let offset = 0;
  const chunks: Uint8Array[] = [];
  for (const [i, p] of parts.entries()) {
    views.push({ buffer: 0, byteOffset: offset, byteLength: p.length, ...(i < 3 ? { target: 34962 } : i === 3 ? { target: 34963 } : {}) });
    chunks.push(p);
    const pad = (4 - (p.length % 4)) % 4;
    if (pad) chunks.push(new Uint8Array(pad));
    offset += p.length + pad;
  }
  const bin = concat(chunks);
  const material: Json = { pbrMetallicRoughness: { baseColorFactor: options.color ?? [1, 1, 1, 1], metallicFactor: 0, roughnessFactor: 0.8 } };
  const json: Json = {
    asset: { version: '2.0', generator: 'longtail test/helpers/glb.ts' },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ name: 'solid', mesh: 0, ...options.node }],
    meshes: [{ name: 'solid', primitives: [{ attributes: { POSITION: 0, NORMAL: 1, TEXCOORD_0: 2 }, indices: 3, material: 0, mode: 4 }] }],
    materials: [material],
    accessors: [
      { bufferView: 0, componentType: 5126, count: n, type: 'VEC3', min, max },
      { bufferView: 1, componentType: 5126, count: n, type: 'VEC3' },
      { bufferView: 2, componentType: 5126, count: n, type: 'VEC2' },
      { bufferView: 3, componentType: 5123, count: idx.length, type: 'SCALAR' },
    ],
    bufferViews: views,
    buffers: [{ byteLength: bin.length }],
  };
  if (options.texturePng) {
    (material.pbrMetallicRoughness as Json).baseColorTexture = { index: 0 };
    json.textures = [{ source: 0, sampler: 0 }];
    json.samplers = [{ magFilter: 9728, minFilter: 9728 }];
    json.images = [{ bufferView: 4, mimeType: 'image/png' }];
  }
  return { json, bin };
}

/** An axis-aligned box in glTF axes: x ∈ [-sx/2, sx/2], y ∈ [0, sy], z ∈ [-sz/2, sz/2]. */
export function boxSolid(sx: number, sy: number, sz: number, options: SolidOptions = {}): Gltf {
  const x = [-sx / 2, sx / 2];
  const y = [0, sy];
  const z = [-sz / 2, sz / 2];
  const p = (i: number, j: number, k: number): Vec3 => [x[i]!, y[j]!, z[k]!];
  return convexSolid(
    [
      [p(0, 0, 0), p(0, 1, 0), p(0, 1, 1), p(0, 0, 1)],
      [p(1, 0, 0), p(1, 1, 0), p(1, 1, 1), p(1, 0, 1)],
      [p(0, 0, 0), p(1, 0, 0), p(1, 0, 1), p(0, 0, 1)],
      [p(0, 1, 0), p(1, 1, 0), p(1, 1, 1), p(0, 1, 1)],
      [p(0, 0, 0), p(1, 0, 0), p(1, 1, 0), p(0, 1, 0)],
      [p(0, 0, 1), p(1, 0, 1), p(1, 1, 1), p(0, 1, 1)],
    ],
    options,
  );
}

/**
 * A wedge in glTF axes (front +z, up +y, x to its left): width `w` (x ∈ [-w/2, w/2]), length `l`
 * (z ∈ [-l/2, l/2]), `h` tall at its back (z = -l/2) sloping to nothing at its front (z = l/2),
 * on y = 0. Its side view tells front from back.
 */
export function wedgeSolid(w: number, l: number, h: number, options: SolidOptions = {}): Gltf {
  const side = (x: number): Vec3[] => [[x, 0, -l / 2], [x, h, -l / 2], [x, 0, l / 2]];
  const [a, b] = [side(-w / 2), side(w / 2)];
  return convexSolid(
    [
      a,
      b,
      [a[0]!, b[0]!, b[1]!, a[1]!], // back, vertical
      [a[0]!, b[0]!, b[2]!, a[2]!], // bottom
      [a[1]!, b[1]!, b[2]!, a[2]!], // slope
    ],
    options,
  );
}

/** A node transform (glTF TRS). */
export type Trs = { scale?: Vec3; rotation?: [number, number, number, number]; translation?: Vec3 };

/**
 * `g` (one mesh on node 0) skinned to one joint: every vertex weighs 1 on a new root node posed by
 * `joint`, with an identity inverse bind matrix, so the skinned vertex is the joint's transform of
 * the vertex as written. The mesh node's own transform becomes `meshNode`, which glTF then ignores.
 */
export function skinnedToOneJoint(g: Gltf, joint: Trs, meshNode: Trs = {}): Gltf {
  const n = (g.json.accessors as { count: number }[])[0]!.count;
  const first = (g.json.accessors as unknown[]).length;
  const out = appendAccessors(g, [
    [new Uint8Array(n * 4), { componentType: 5121, count: n, type: 'VEC4' }], // joint 0 everywhere
    [new Uint8Array(new Float32Array(n * 4).map((_, i) => (i % 4 === 0 ? 1 : 0)).buffer), { componentType: 5126, count: n, type: 'VEC4' }],
    [new Uint8Array(new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]).buffer), { componentType: 5126, count: 1, type: 'MAT4' }],
  ]);
  const json = out.json as { nodes: Json[]; meshes: { primitives: { attributes: Record<string, number> }[] }[]; scenes: { nodes: number[] }[]; skins?: unknown[] };
  const attrs = json.meshes[0]!.primitives[0]!.attributes;
  attrs.JOINTS_0 = first;
  attrs.WEIGHTS_0 = first + 1;
  json.nodes = [{ name: 'solid', mesh: 0, skin: 0, ...meshNode }, { name: 'joint', ...joint }];
  json.scenes = [{ nodes: [0, 1] }];
  json.skins = [{ joints: [1], inverseBindMatrices: first + 2 }];
  return out;
}

/** `g` with more buffer views and accessors appended after its own (one view each, 4-byte aligned). */
export function appendAccessors(g: Gltf, parts: readonly (readonly [Uint8Array, Json])[]): Gltf {
  const views = [...(g.json.bufferViews as Json[])];
  const accessors = [...(g.json.accessors as Json[])];
  const chunks = [g.bin];
  let offset = g.bin.length;
  for (const [bytes, accessor] of parts) {
    const pad = (4 - (offset % 4)) % 4;
    if (pad) chunks.push(new Uint8Array(pad));
    offset += pad;
    views.push({ buffer: 0, byteOffset: offset, byteLength: bytes.length });
    accessors.push({ bufferView: views.length - 1, ...accessor });
    chunks.push(bytes);
    offset += bytes.length;
  }
  const bin = concat(chunks);
  return { json: { ...structuredClone(g.json), bufferViews: views, accessors, buffers: [{ byteLength: bin.length }] }, bin };
}

/** Pack as a binary glTF (.glb): header, JSON chunk (space-padded), BIN chunk (zero-padded). */
export function toGlb(g: Gltf): Uint8Array {
  const text = new TextEncoder().encode(JSON.stringify(g.json));
  const json = concat([text, new Uint8Array((4 - (text.length % 4)) % 4).fill(0x20)]);
  const bin = concat([g.bin, new Uint8Array((4 - (g.bin.length % 4)) % 4)]);
  const total = 12 + 8 + json.length + 8 + bin.length;
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x46546c67, true); // 'glTF'
  v.setUint32(4, 2, true);
  v.setUint32(8, total, true);
  v.setUint32(12, json.length, true);
  v.setUint32(16, 0x4e4f534a, true); // 'JSON'
  out.set(json, 20);
  v.setUint32(20 + json.length, bin.length, true);
  v.setUint32(24 + json.length, 0x004e4942, true); // 'BIN\0'
  out.set(bin, 28 + json.length);
  return out;
}

/** Pack as a JSON .gltf with buffer 0 as a base64 data: URI. */
export function toGltfJson(g: Gltf): Uint8Array {
  const buffers = [{ byteLength: g.bin.length, uri: `data:application/octet-stream;base64,${Buffer.from(g.bin).toString('base64')}` }];
  return new TextEncoder().encode(JSON.stringify({ ...g.json, buffers }, null, 1));
}

/** A `w`×`h` PNG of one sRGB colour. */
export function solidPng(w: number, h: number, rgb: [number, number, number]): Promise<Uint8Array> {
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) data.set(rgb, i * 3);
  return encodePng({ width: w, height: h, channels: 3, bitDepth: 8, data }, nodeDeflate, 'none');
}

function normalOf(f: readonly Vec3[]): Vec3 {
  const [a, b, c] = [f[0]!, f[1]!, f[2]!];
  const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
  const n: Vec3 = [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
  const len = Math.hypot(...n);
  return [n[0] / len, n[1] / len, n[2] / len];
}

function f32(a: number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(a).buffer);
}

function u16(a: number[]): Uint8Array {
  return new Uint8Array(Uint16Array.from(a).buffer);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
