import * as THREE from 'three';

// Ground-truth passes: the same geometry drawn with flat materials that write exact values.
// ShaderMaterial output bypasses tone mapping and colour-space conversion, so bytes are ids.
//
// One shader writes every layer; defines pick which outputs a material has, so the same code runs
// as one pass into several render targets (WebGL2 multiple render targets, kind 'all') or as one
// pass per layer ('ids', 'depth', 'flow'). Outputs:
// - ids (RGBA8): R = semantic class, G = instance low byte, B = instance high byte;
// - depth (RGBA32F): R = planar depth along the optical axis (metres), G, B, A = the unit surface
//   normal in OpenCV camera axes (x right, y down, z forward), on the side the camera sees;
// - flow (RGBA32F): R, G = image motion since the previous frame (pixels, x right, y down),
//   B = 1 where valid (the point was in front of the previous camera), A = 0.

const VERT = /* glsl */ `
uniform mat4 prevModelMatrix;
uniform mat4 prevViewProjection;
out float vDepth;
out vec3 vNormal;
out vec4 vPrevClip;
out vec4 vClip;
void main() {
  vec4 mv = modelViewMatrix * vec4(position, 1.0);
  vDepth = -mv.z;
  vNormal = normalMatrix * normal; // view space: x right, y up, z towards the viewer
  // The same surface point a frame earlier: interpolated perspective-correctly like the point
  // itself, so each fragment gets its own point's previous clip position exactly.
  vPrevClip = prevViewProjection * prevModelMatrix * vec4(position, 1.0);
  gl_Position = projectionMatrix * mv;
  vClip = gl_Position;
}`;

const FRAG = /* glsl */ `
precision highp float;
uniform vec3 idColor;
uniform vec2 viewport;
in float vDepth;
in vec3 vNormal;
in vec4 vPrevClip;
in vec4 vClip;
#ifdef OUT_IDS
layout(location = OUT_IDS) out vec4 outIds;
#endif
#ifdef OUT_DEPTH
layout(location = OUT_DEPTH) out vec4 outDepth;
#endif
#ifdef OUT_FLOW
layout(location = OUT_FLOW) out vec4 outFlow;
#endif
void main() {
#ifdef OUT_IDS
  outIds = vec4(idColor, 1.0);
#endif
#ifdef OUT_DEPTH
  vec3 n = normalize(vNormal);
  if (!gl_FrontFacing) n = -n;
  outDepth = vec4(vDepth, n.x, -n.y, -n.z);
#endif
#ifdef OUT_FLOW
  if (vPrevClip.w > 0.0) {
    // Both positions through the same interpolation (not gl_FragCoord), so its rounding cancels
    // out: a still surface gets exactly no flow.
    vec2 prev = (vPrevClip.xy / vPrevClip.w * 0.5 + 0.5) * viewport;
    vec2 now = (vClip.xy / vClip.w * 0.5 + 0.5) * viewport;
    vec2 d = now - prev; // window axes: y up
    outFlow = vec4(d.x, -d.y, 1.0, 0.0);
  } else {
    outFlow = vec4(0.0);
  }
#endif
}`;

export type PassKind = 'all' | 'ids' | 'depth' | 'flow';
const KINDS: readonly PassKind[] = ['all', 'ids', 'depth', 'flow'];

/** Output locations per kind: 'all' writes every layer to its own render target. */
const OUTPUTS: Record<PassKind, Record<string, number>> = {
  all: { OUT_IDS: 0, OUT_DEPTH: 1, OUT_FLOW: 2 },
  ids: { OUT_IDS: 0 },
  depth: { OUT_DEPTH: 0 },
  flow: { OUT_FLOW: 0 },
};

/** Uniforms every ground-truth material shares: the previous camera and the viewport size. */
export interface SharedUniforms {
  readonly prevViewProjection: { value: THREE.Matrix4 };
  readonly viewport: { value: THREE.Vector2 };
}

/** The id colour of (semantic, instance): bytes R, G, B as the ids output writes them. */
export function idColor(semantic: number, instance: number): THREE.Vector3 {
  if (!(Number.isInteger(instance) && instance >= 0 && instance <= 0xffff)) {
    throw new RangeError(`instance id ${instance} does not fit the 16-bit instance layer (1..65535)`);
  }
  return new THREE.Vector3(semantic / 255, (instance & 255) / 255, (instance >> 8) / 255);
}

function gtMaterial(kind: PassKind, shared: SharedUniforms, color: { value: THREE.Vector3 }, prevModel: { value: THREE.Matrix4 }, source?: THREE.Material): THREE.ShaderMaterial {
  const mat = new THREE.ShaderMaterial({
    glslVersion: THREE.GLSL3,
    vertexShader: VERT,
    fragmentShader: FRAG,
    defines: { ...OUTPUTS[kind] },
    uniforms: { idColor: color, prevModelMatrix: prevModel, prevViewProjection: shared.prevViewProjection, viewport: shared.viewport },
  });
  copyRaster(mat, source);
  return mat;
}

/** Keep what decides *which* surface wins a pixel (sidedness, polygon offset), drop the look. */
function copyRaster(mat: THREE.Material, source?: THREE.Material): void {
  if (!source) return;
  mat.side = source.side;
  mat.polygonOffset = source.polygonOffset;
  mat.polygonOffsetFactor = source.polygonOffsetFactor;
  mat.polygonOffsetUnits = source.polygonOffsetUnits;
}

interface Swap {
  readonly mesh: THREE.Mesh;
  readonly look: THREE.Material | THREE.Material[];
  readonly materials: Record<PassKind, THREE.ShaderMaterial>;
  /** The mesh's world matrix at the previous frame (the flow output's reference). */
  readonly prevModel: { value: THREE.Matrix4 };
}

/** Every mesh's and camera's world pose at one instant, to compute flow against later. */
export interface PoseSnapshot {
  readonly meshes: Map<THREE.Object3D, THREE.Matrix4>;
  /** Per camera: its view matrix (matrixWorldInverse) at that instant. */
  readonly views: Map<THREE.Camera, THREE.Matrix4>;
}

/**
 * Prepares GT materials for every mesh under `root` once, then swaps them in for a pass.
 * Meshes read their labels from the nearest ancestor's userData (semantic, instance).
 * Each mesh has its own materials (they share programs) because each carries its own previous
 * world matrix for flow.
 */
export class PassMaterials {
  private readonly swaps: Swap[] = [];
  readonly shared: SharedUniforms = { prevViewProjection: { value: new THREE.Matrix4() }, viewport: { value: new THREE.Vector2(1, 1) } };

  constructor(root: THREE.Object3D) {
    const colors = new Map<string, { value: THREE.Vector3 }>();
    root.traverse((o) => {
      const mesh = o as THREE.Mesh;
      if (!mesh.isMesh || isLookOnly(mesh)) return;
      const { semantic, instance } = labelsOf(mesh);
      const key = `${semantic}:${instance}`;
      let color = colors.get(key);
      if (!color) colors.set(key, (color = { value: idColor(semantic, instance) }));
      const source = Array.isArray(mesh.material) ? mesh.material[0] : mesh.material;
      const prevModel = { value: mesh.matrixWorld.clone() };
      const materials = Object.fromEntries(KINDS.map((k) => [k, gtMaterial(k, this.shared, color, prevModel, source)])) as Record<PassKind, THREE.ShaderMaterial>;
      this.swaps.push({ mesh, look: mesh.material, materials, prevModel });
    });
  }

  /** Every mesh's world matrix and every camera's view now (call after the scene's matrices are updated). */
  snapshot(cameras: Iterable<THREE.Camera>): PoseSnapshot {
    const meshes = new Map<THREE.Object3D, THREE.Matrix4>();
    for (const s of this.swaps) meshes.set(s.mesh, s.mesh.matrixWorld.clone());
    const views = new Map<THREE.Camera, THREE.Matrix4>();
    for (const c of cameras) views.set(c, c.matrixWorldInverse.clone());
    return { meshes, views };
  }

  /**
   * Make the flow output measure motion since `previous` as seen by `camera` (null: since now,
   * i.e. zero motion), for a `width`×`height` image.
   */
  setPrevious(previous: PoseSnapshot | null, camera: THREE.Camera, width: number, height: number): void {
    for (const s of this.swaps) s.prevModel.value.copy(previous?.meshes.get(s.mesh) ?? s.mesh.matrixWorld);
    const view = previous?.views.get(camera) ?? camera.matrixWorldInverse;
    this.shared.prevViewProjection.value.multiplyMatrices(camera.projectionMatrix, view);
    this.shared.viewport.value.set(width, height);
  }

  /** Run `draw` with every mesh wearing its `kind` material, then restore the look. */
  with<T>(kind: PassKind, draw: () => T): T {
    for (const s of this.swaps) s.mesh.material = s.materials[kind];
    try {
      return draw();
    } finally {
      for (const s of this.swaps) s.mesh.material = s.look;
    }
  }

  dispose(): void {
    for (const s of this.swaps) for (const k of KINDS) s.materials[k].dispose();
  }
}

/** Marked `userData.lookOnly` itself or under a marked ancestor: part of the look, not the world. */
function isLookOnly(o: THREE.Object3D): boolean {
  for (let p: THREE.Object3D | null = o; p; p = p.parent) if (p.userData.lookOnly === true) return true;
  return false;
}

function labelsOf(o: THREE.Object3D): { semantic: number; instance: number } {
  for (let p: THREE.Object3D | null = o; p; p = p.parent) {
    if (typeof p.userData.semantic === 'number') return { semantic: p.userData.semantic, instance: p.userData.instance ?? 0 };
  }
  return { semantic: 0, instance: 0 };
}
