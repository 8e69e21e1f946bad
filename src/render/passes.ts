import * as THREE from 'three';

// Ground-truth passes: the same geometry drawn with flat materials that write exact values.
// ShaderMaterial output bypasses tone mapping and colour-space conversion, so bytes are ids.

const ID_VERT = /* glsl */ `
void main() { gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0); }`;
const ID_FRAG = /* glsl */ `
uniform vec3 idColor;
void main() { gl_FragColor = vec4(idColor, 1.0); }`;

// The depth pass also carries the surface normal in G, B, A (free channels of the float target):
// one geometry pass for both layers.
const DEPTH_VERT = /* glsl */ `
varying float vDepth;
varying vec3 vNormal;
void main() {
  vec4 mv = modelViewMatrix * vec4(position, 1.0);
  vDepth = -mv.z; // planar depth along the optical axis, metres
  vNormal = normalMatrix * normal; // view space: x right, y up, z towards the viewer
  gl_Position = projectionMatrix * mv;
}`;
const DEPTH_FRAG = /* glsl */ `
varying float vDepth;
varying vec3 vNormal;
void main() {
  vec3 n = normalize(vNormal);
  if (!gl_FrontFacing) n = -n; // the side the camera sees
  // OpenCV camera axes: x right, y down, z forward.
  gl_FragColor = vec4(vDepth, n.x, -n.y, -n.z);
}`;

export type PassKind = 'ids' | 'depth';

/** Id encoding in the id pass: R = semantic class, G = instance low byte, B = instance high byte. */
export function idMaterial(semantic: number, instance: number, source?: THREE.Material): THREE.ShaderMaterial {
  const mat = new THREE.ShaderMaterial({
    vertexShader: ID_VERT,
    fragmentShader: ID_FRAG,
    uniforms: { idColor: { value: new THREE.Vector3(semantic / 255, (instance & 255) / 255, (instance >> 8) / 255) } },
  });
  copyRaster(mat, source);
  return mat;
}

export function depthMaterial(source?: THREE.Material): THREE.ShaderMaterial {
  const mat = new THREE.ShaderMaterial({ vertexShader: DEPTH_VERT, fragmentShader: DEPTH_FRAG });
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
  readonly ids: THREE.Material;
  readonly depth: THREE.Material;
}

/**
 * Prepares GT materials for every mesh under `root` once, then swaps them in for a pass.
 * Meshes read their labels from the nearest ancestor's userData (semantic, instance).
 */
export class PassMaterials {
  private readonly swaps: Swap[] = [];

  constructor(root: THREE.Object3D) {
    const cache = new Map<string, THREE.ShaderMaterial>();
    root.traverse((o) => {
      const mesh = o as THREE.Mesh;
      if (!mesh.isMesh) return;
      const { semantic, instance } = labelsOf(mesh);
      const source = Array.isArray(mesh.material) ? mesh.material[0] : mesh.material;
      const key = `${semantic}:${instance}:${source?.side}:${source?.polygonOffset}`;
      let ids = cache.get(`i${key}`);
      if (!ids) cache.set(`i${key}`, (ids = idMaterial(semantic, instance, source)));
      let depth = cache.get(`d${key}`);
      if (!depth) cache.set(`d${key}`, (depth = depthMaterial(source)));
      this.swaps.push({ mesh, look: mesh.material, ids, depth });
    });
  }

  /** Run `draw` with every mesh wearing its `kind` material, then restore the look. */
  with<T>(kind: PassKind, draw: () => T): T {
    for (const s of this.swaps) s.mesh.material = kind === 'ids' ? s.ids : s.depth;
    try {
      return draw();
    } finally {
      for (const s of this.swaps) s.mesh.material = s.look;
    }
  }

  dispose(): void {
    const seen = new Set<THREE.Material>();
    for (const s of this.swaps) for (const m of [s.ids, s.depth]) if (!seen.has(m)) (seen.add(m), m.dispose());
  }
}

function labelsOf(o: THREE.Object3D): { semantic: number; instance: number } {
  for (let p: THREE.Object3D | null = o; p; p = p.parent) {
    if (typeof p.userData.semantic === 'number') return { semantic: p.userData.semantic, instance: p.userData.instance ?? 0 };
  }
  return { semantic: 0, instance: 0 };
}
