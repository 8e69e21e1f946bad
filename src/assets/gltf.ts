// glTF 2.0 files as Longtail reads them before any browser sees them: the container (binary .glb
// or JSON .gltf), what a model may use, and its exact extent. Pure: bytes in, facts out (no
// three.js, no file system), so the CLI can check a user's model and size its entity at compile
// time, and a page could do the same with a dropped file.
//
// Axes: glTF is y-up with the front of an asset facing +z and +x to its left (glTF 2.0 spec,
// "Coordinate system and units"); Longtail objects are x forward, y left, z up. So glTF
// (X, Y, Z) is Longtail (y, z, x): a quarter turn about the diagonal, no mirror.

export class GltfError extends Error {
  override readonly name = 'GltfError';
}

/** 'glTF' read as a little-endian uint32: the first four bytes of every GLB. */
const GLB_MAGIC = 0x46546c67;
const CHUNK_JSON = 0x4e4f534a;
const CHUNK_BIN = 0x004e4942;

// Loosely typed glTF JSON: only what is read here, every field checked where it is used.
type Json = Record<string, unknown>;

export interface GltfDocument {
  readonly json: Json;
  /** The GLB's binary chunk (buffer 0 without a uri), or null. */
  readonly bin: Uint8Array | null;
  /** A GLB (true) or a JSON .gltf (false). */
  readonly binary: boolean;
}

/** What Longtail needs to know of a model before drawing it. */
export interface GltfInfo {
  readonly binary: boolean;
  /**
   * Size of the model's axis-aligned bounding box in Longtail axes at rest (no animation):
   * [length along its front (glTF +z), width (glTF x), height (glTF +y)], in the file's units
   * (glTF says metres).
   */
  readonly extent: readonly [number, number, number];
  /** Vertices drawn (summed over every primitive instance). */
  readonly vertices: number;
}

/** Extensions that need a decoder three.js's loader is not given here. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  KHR_draco_mesh_compression: 'Draco-compressed geometry',
  EXT_meshopt_compression: 'meshopt-compressed geometry',
  KHR_meshopt_compression: 'meshopt-compressed geometry',
  KHR_texture_basisu: 'KTX2/Basis Universal textures',
  EXT_mesh_gpu_instancing: 'GPU instancing',
};

/** Extensions three.js's GLTFLoader reads without extra decoders (a file may require these). */
const SUPPORTED = new Set([
  'KHR_texture_transform',
  'KHR_mesh_quantization',
  'KHR_lights_punctual',
  'KHR_materials_emissive_strength',
  'EXT_texture_webp',
  'EXT_texture_avif',
  'EXT_materials_bump',
]);
const supported = (name: string) => SUPPORTED.has(name) || name.startsWith('KHR_materials_');

/** Split a GLB or parse a .gltf; checks the container only. */
export function readGltf(bytes: Uint8Array): GltfDocument {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 4 && view.getUint32(0, true) === GLB_MAGIC) {
    if (bytes.length < 20) throw new GltfError(`a GLB file is at least 20 bytes; this one is ${bytes.length}`);
    const version = view.getUint32(4, true);
    if (version !== 2) throw new GltfError(`GLB version ${version} is not supported; Longtail reads glTF 2.0`);
    const length = view.getUint32(8, true);
    if (length > bytes.length) throw new GltfError(`the GLB header says ${length} bytes but the file has ${bytes.length}: it is cut short`);
    let json: Json | null = null;
    let bin: Uint8Array | null = null;
    for (let at = 12; at + 8 <= length; ) {
      const size = view.getUint32(at, true);
      const type = view.getUint32(at + 4, true);
      const start = at + 8;
      if (start + size > length) throw new GltfError(`a GLB chunk at byte ${at} runs past the end of the file`);
      const data = bytes.subarray(start, start + size);
      if (at === 12) {
        if (type !== CHUNK_JSON) throw new GltfError('the first GLB chunk is not JSON');
        json = parseJson(data);
      } else if (type === CHUNK_BIN && bin === null) bin = data;
      at = start + size + ((4 - (size % 4)) % 4);
    }
    if (!json) throw new GltfError('the GLB has no JSON chunk');
    return { json: checkAsset(json), bin, binary: true };
  }
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0; // UTF-8 byte order mark
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] !== 0x7b) {
    const head = [...bytes.subarray(0, 4)].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
    throw new GltfError(`not a glTF model: a .glb starts with "glTF" and a .gltf is JSON, but this file starts with "${head}"`);
  }
  return { json: checkAsset(parseJson(bytes.subarray(i))), bin: null, binary: false };
}

function parseJson(bytes: Uint8Array): Json {
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new GltfError(`its glTF JSON does not parse: ${(e as Error).message}`);
  }
  if (!isObj(v)) throw new GltfError('its glTF JSON is not an object');
  return v;
}

function checkAsset(json: Json): Json {
  const asset = json.asset;
  if (!isObj(asset) || typeof asset.version !== 'string') throw new GltfError('not a glTF model: its JSON has no "asset": {"version": …}');
  if (!/^2\./.test(asset.version)) throw new GltfError(`glTF version ${asset.version} is not supported; Longtail reads glTF 2.0`);
  return json;
}

/** URIs of buffers and images that point outside the file (not data: URIs). */
export function externalUris(json: Json): string[] {
  const out: string[] = [];
  for (const list of [json.buffers, json.images]) {
    for (const b of arr(list)) if (isObj(b) && typeof b.uri === 'string' && !b.uri.startsWith('data:')) out.push(b.uri);
  }
  return out;
}

/**
 * Check that a model can be drawn as Longtail draws it, and measure it. Throws a GltfError saying
 * what is wrong and what to do. `exists(uri)` says whether a file the model refers to is there
 * (for the message only: outside files are never read).
 */
export function inspectGltf(bytes: Uint8Array, exists: (uri: string) => boolean = () => false): GltfInfo {
  const doc = readGltf(bytes);
  const { json } = doc;
  const outside = externalUris(json);
  if (outside.length > 0) {
    const u = outside[0]!;
    throw new GltfError(
      `it refers to another file, "${u}" (${exists(u) ? 'found, but not read' : 'not found'})${outside.length > 1 ? ` and ${outside.length - 1} more` : ''}; ` +
        'Longtail needs the whole model in one file: save it as a .glb (binary glTF), or embed its buffers and images in the .gltf as data: URIs',
    );
  }
  for (const name of new Set([...strings(json.extensionsUsed), ...strings(json.extensionsRequired)])) {
    const what = UNSUPPORTED[name];
    if (what) throw new GltfError(`it uses ${name} (${what}), which Longtail does not decode; export the model without it`);
  }
  for (const name of strings(json.extensionsRequired)) {
    if (!supported(name)) throw new GltfError(`it requires the extension ${name}, which three.js's glTF loader does not read`);
  }
  const buffers = arr(json.buffers).map((b, i) => bufferData(doc, b, i));
  const m = measure(json, buffers);
  const ext: [number, number, number] = [m.max[2]! - m.min[2]!, m.max[0]! - m.min[0]!, m.max[1]! - m.min[1]!];
  const biggest = Math.max(...ext);
  const flat = ['length (glTF z)', 'width (glTF x)', 'height (glTF y)'].filter((_, k) => !(ext[k]! > biggest * 1e-6));
  if (flat.length > 0) throw new GltfError(`it is flat: its ${flat.join(' and ')} ${flat.length > 1 ? 'are' : 'is'} 0; a model needs a length, a width and a height`);
  return { binary: doc.binary, extent: ext, vertices: m.vertices };
}

function bufferData(doc: GltfDocument, b: unknown, index: number): Uint8Array {
  if (!isObj(b)) throw new GltfError(`buffer ${index} is not an object`);
  let data: Uint8Array;
  if (typeof b.uri === 'string') {
    const comma = b.uri.indexOf(',');
    if (!/;base64$/.test(b.uri.slice(0, comma))) throw new GltfError(`buffer ${index}: only base64 data: URIs are read`);
    try {
      data = Uint8Array.from(atob(b.uri.slice(comma + 1)), (c) => c.charCodeAt(0));
    } catch {
      throw new GltfError(`buffer ${index}: its data: URI is not valid base64`);
    }
  } else if (index === 0 && doc.bin) data = doc.bin;
  else throw new GltfError(`buffer ${index} has no data (no uri${doc.binary ? ', and not the GLB binary chunk' : ''})`);
  const n = num(b.byteLength, `buffer ${index} byteLength`);
  if (n > data.length) throw new GltfError(`buffer ${index} says ${n} bytes but holds ${data.length}`);
  return data;
}

const COMPONENTS: Readonly<Record<number, { size: number; read: (v: DataView, at: number) => number; norm: (x: number) => number }>> = {
  5120: { size: 1, read: (v, at) => v.getInt8(at), norm: (x) => Math.max(x / 127, -1) },
  5121: { size: 1, read: (v, at) => v.getUint8(at), norm: (x) => x / 255 },
  5122: { size: 2, read: (v, at) => v.getInt16(at, true), norm: (x) => Math.max(x / 32767, -1) },
  5123: { size: 2, read: (v, at) => v.getUint16(at, true), norm: (x) => x / 65535 },
  5125: { size: 4, read: (v, at) => v.getUint32(at, true), norm: (x) => x },
  5126: { size: 4, read: (v, at) => v.getFloat32(at, true), norm: (x) => x },
};
const WIDTH: Readonly<Record<string, number>> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4, MAT4: 16 };

/** An accessor's values, `width` per element, as float64 (normalized integers mapped to [-1, 1] / [0, 1]). */
function readAccessor(json: Json, buffers: readonly Uint8Array[], index: number): { values: Float64Array; width: number } {
  const a = at(json.accessors, index, 'accessor');
  const what = `accessor ${index}`;
  const width = WIDTH[String(a.type)];
  const comp = COMPONENTS[num(a.componentType, `${what} componentType`)];
  if (!width || !comp) throw new GltfError(`${what}: type ${String(a.type)} / componentType ${String(a.componentType)} is not read here`);
  const count = num(a.count, `${what} count`);
  const values = new Float64Array(count * width);
  const fill = (viewIndex: number, offset: number, n: number, c: typeof comp, w: number, put: (i: number, k: number, x: number) => void) => {
    const bv = at(json.bufferViews, viewIndex, 'bufferView');
    const buf = buffers[num(bv.buffer, `bufferView ${viewIndex} buffer`)];
    if (!buf) throw new GltfError(`bufferView ${viewIndex} names a buffer that does not exist`);
    const start = num(bv.byteOffset ?? 0, `bufferView ${viewIndex} byteOffset`);
    const length = num(bv.byteLength, `bufferView ${viewIndex} byteLength`);
    if (start + length > buf.length) throw new GltfError(`bufferView ${viewIndex} runs past the end of its buffer`);
    const stride = typeof bv.byteStride === 'number' && w > 1 ? bv.byteStride : c.size * w;
    if (n > 0 && offset + (n - 1) * stride + c.size * w > length) throw new GltfError(`${what} reads past the end of bufferView ${viewIndex}`);
    const view = new DataView(buf.buffer, buf.byteOffset + start, length);
    const normalized = a.normalized === true;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < w; k++) {
        const x = c.read(view, offset + i * stride + k * c.size);
        put(i, k, normalized ? c.norm(x) : x);
      }
    }
  };
  if (a.bufferView !== undefined) {
    fill(num(a.bufferView, `${what} bufferView`), num(a.byteOffset ?? 0, `${what} byteOffset`), count, comp, width, (i, k, x) => (values[i * width + k] = x));
  }
  if (isObj(a.sparse)) {
    const s = a.sparse;
    const n = num(s.count, `${what} sparse count`);
    const idx = isObj(s.indices) ? s.indices : {};
    const val = isObj(s.values) ? s.values : {};
    const slots = new Float64Array(n);
    const idxComp = COMPONENTS[num(idx.componentType, `${what} sparse componentType`)]!;
    fill(num(idx.bufferView, `${what} sparse indices`), num(idx.byteOffset ?? 0, `${what} sparse byteOffset`), n, idxComp, 1, (i, _k, x) => (slots[i] = x));
    fill(num(val.bufferView, `${what} sparse values`), num(val.byteOffset ?? 0, `${what} sparse byteOffset`), n, comp, width, (i, k, x) => {
      const slot = slots[i]!;
      if (slot >= count) throw new GltfError(`${what}: a sparse index is past its count`);
      values[slot * width + k] = x;
    });
  }
  return { values, width };
}

/** Column-major 4×4 matrices, as glTF stores them. */
type Mat4 = Float64Array;

function mul(a: Mat4, b: Mat4): Mat4 {
  const out = new Float64Array(16);
  for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) {
    let s = 0;
    for (let k = 0; k < 4; k++) s += a[k * 4 + r]! * b[c * 4 + k]!;
    out[c * 4 + r] = s;
  }
  return out;
}

function localMatrix(node: Json, index: number): Mat4 {
  if (node.matrix !== undefined) {
    const m = nums(node.matrix, 16, `node ${index} matrix`);
    return Float64Array.from(m);
  }
  const [tx, ty, tz] = (node.translation === undefined ? [0, 0, 0] : nums(node.translation, 3, `node ${index} translation`)) as [number, number, number];
  const [x, y, z, w] = (node.rotation === undefined ? [0, 0, 0, 1] : nums(node.rotation, 4, `node ${index} rotation`)) as [number, number, number, number];
  const [sx, sy, sz] = (node.scale === undefined ? [1, 1, 1] : nums(node.scale, 3, `node ${index} scale`)) as [number, number, number];
  // The rotation matrix of a unit quaternion, columns scaled, then the translation.
  return Float64Array.from([
    (1 - 2 * (y * y + z * z)) * sx, 2 * (x * y + w * z) * sx, 2 * (x * z - w * y) * sx, 0,
    2 * (x * y - w * z) * sy, (1 - 2 * (x * x + z * z)) * sy, 2 * (y * z + w * x) * sy, 0,
    2 * (x * z + w * y) * sz, 2 * (y * z - w * x) * sz, (1 - 2 * (x * x + y * y)) * sz, 0,
    tx, ty, tz, 1,
  ]);
}

/**
 * The bounding box, in glTF scene axes, of every triangle the default scene draws at rest: node
 * transforms, default morph weights and skins (vertices moved by their joints, the skinned mesh's
 * own node transform ignored, as the glTF spec says) applied to every vertex.
 */
function measure(json: Json, buffers: readonly Uint8Array[]): { min: number[]; max: number[]; vertices: number } {
  const scenes = arr(json.scenes);
  if (scenes.length === 0) throw new GltfError('it has no scene');
  const sceneIndex = json.scene === undefined ? 0 : num(json.scene, 'scene');
  const scene = at(json.scenes, sceneIndex, 'scene');
  const nodes = arr(json.nodes);
  const parent = new Map<number, number>();
  nodes.forEach((n, i) => {
    for (const c of isObj(n) ? arr(n.children) : []) parent.set(num(c, `node ${i} children`), i);
  });
  const worlds = new Map<number, Mat4>();
  const world = (i: number, depth = 0): Mat4 => {
    let w = worlds.get(i);
    if (w) return w;
    if (depth > nodes.length) throw new GltfError('its node hierarchy has a cycle');
    const local = localMatrix(at(json.nodes, i, 'node'), i);
    const p = parent.get(i);
    w = p === undefined ? local : mul(world(p, depth + 1), local);
    worlds.set(i, w);
    return w;
  };
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  let vertices = 0;
  const visit = (i: number, depth: number) => {
    if (depth > nodes.length) throw new GltfError('its node hierarchy has a cycle');
    const node = at(json.nodes, i, 'node');
    if (node.mesh !== undefined) vertices += meshBounds(json, buffers, node, i, world, min, max);
    for (const c of arr(node.children)) visit(num(c, `node ${i} children`), depth + 1);
  };
  for (const r of arr(scene.nodes)) visit(num(r, `scene ${sceneIndex} nodes`), 0);
  if (vertices === 0) throw new GltfError('its scene draws no triangles');
  return { min, max, vertices };
}

const MODES = ['points', 'lines', 'line loops', 'line strips'];

function meshBounds(json: Json, buffers: readonly Uint8Array[], node: Json, nodeIndex: number, world: (i: number) => Mat4, min: number[], max: number[]): number {
  const meshIndex = num(node.mesh, `node ${nodeIndex} mesh`);
  const mesh = at(json.meshes, meshIndex, 'mesh');
  const weights = (node.weights ?? mesh.weights ?? []) as unknown[];
  let joints: Mat4[] | null = null;
  if (node.skin !== undefined) {
    const skin = at(json.skins, num(node.skin, `node ${nodeIndex} skin`), 'skin');
    const ibm = skin.inverseBindMatrices === undefined ? null : readAccessor(json, buffers, num(skin.inverseBindMatrices, 'skin inverseBindMatrices')).values;
    joints = arr(skin.joints).map((j, k) => {
      const w = world(num(j, 'skin joint'));
      return ibm ? mul(w, ibm.subarray(k * 16, k * 16 + 16)) : w;
    });
  }
  const nodeWorld = world(nodeIndex);
  let n = 0;
  for (const [pi, p] of arr(mesh.primitives).entries()) {
    if (!isObj(p)) continue;
    const mode = p.mode === undefined ? 4 : num(p.mode, 'primitive mode');
    if (mode < 4) throw new GltfError(`mesh ${meshIndex}${typeof mesh.name === 'string' ? ` ("${mesh.name}")` : ''} primitive ${pi} draws ${MODES[mode] ?? `mode ${mode}`}; Longtail draws triangles only`);
    const attrs = isObj(p.attributes) ? p.attributes : {};
    if (attrs.POSITION === undefined) continue;
    const pos = readAccessor(json, buffers, num(attrs.POSITION, 'POSITION')).values;
    const count = pos.length / 3;
    // Default morph weights move the rest shape.
    arr(p.targets).forEach((t, k) => {
      const w = Number(weights[k] ?? 0);
      if (w === 0 || !isObj(t) || t.POSITION === undefined) return;
      const d = readAccessor(json, buffers, num(t.POSITION, 'morph POSITION')).values;
      for (let i = 0; i < pos.length; i++) pos[i] = pos[i]! + w * d[i]!;
    });
    const skin = joints && attrs.JOINTS_0 !== undefined && attrs.WEIGHTS_0 !== undefined
      ? { j: readAccessor(json, buffers, num(attrs.JOINTS_0, 'JOINTS_0')).values, w: readAccessor(json, buffers, num(attrs.WEIGHTS_0, 'WEIGHTS_0')).values }
      : null;
    const m = new Float64Array(16);
    for (let i = 0; i < count; i++) {
      let t: Mat4 = nodeWorld;
      if (skin) {
        m.fill(0);
        for (let k = 0; k < 4; k++) {
          const w = skin.w[i * 4 + k]!;
          if (w === 0) continue;
          const jm = joints![skin.j[i * 4 + k]!];
          if (!jm) throw new GltfError(`mesh ${meshIndex}: a vertex names joint ${skin.j[i * 4 + k]} of a skin that has ${joints!.length}`);
          for (let e = 0; e < 16; e++) m[e] = m[e]! + w * jm[e]!;
        }
        t = m;
      }
      const x = pos[i * 3]!;
      const y = pos[i * 3 + 1]!;
      const z = pos[i * 3 + 2]!;
      for (let r = 0; r < 3; r++) {
        const v = t[r]! * x + t[4 + r]! * y + t[8 + r]! * z + t[12 + r]!;
        if (v < min[r]!) min[r] = v;
        if (v > max[r]!) max[r] = v;
      }
    }
    n += count;
  }
  return n;
}

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function strings(v: unknown): string[] {
  return arr(v).filter((x): x is string => typeof x === 'string');
}

function at(list: unknown, index: number, what: string): Json {
  const v = arr(list)[index];
  if (!isObj(v)) throw new GltfError(`${what} ${index} does not exist`);
  return v;
}

function num(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || !Number.isInteger(v)) throw new GltfError(`${what} is not a whole number ≥ 0 (${JSON.stringify(v)})`);
  return v;
}

function nums(v: unknown, n: number, what: string): number[] {
  if (!Array.isArray(v) || v.length !== n || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new GltfError(`${what} is not ${n} numbers`);
  return v as number[];
}
