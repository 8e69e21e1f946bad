// Users' glTF models (`mesh:`) in the three.js world: loaded once per file before the World is
// built, made static, then fitted into each entity's box. The entity's group keeps its labels, so
// every mesh of the user's model is labelled with the entity's class and instance id.
import * as THREE from 'three';
import { LongtailError } from '../core/index.ts';
import type { EntitySpec, SceneSpec } from '../scenario/index.ts';

/** A model file's bytes by SHA-256. */
export type ModelFetcher = (sha256: string) => Promise<ArrayBuffer>;

/** The capture page's: GET model/<sha256> from the server that serves the page (the CLI's). */
export const fetchModel: ModelFetcher = async (sha256) => {
  const res = await fetch(`model/${sha256}`);
  if (!res.ok) throw new Error(`the page's server answered ${res.status} for model/${sha256}`);
  return res.arrayBuffer();
};

/**
 * Longtail object axes from glTF's: glTF +x (the asset's left) is y, +y (up) is z, +z (its front)
 * is x. A rotation (a cyclic permutation of the axes), not a mirror.
 */
const GLTF_TO_OBJECT = new THREE.Matrix4().makeBasis(new THREE.Vector3(0, 1, 0), new THREE.Vector3(0, 0, 1), new THREE.Vector3(1, 0, 0));

/**
 * Every model file `spec`'s entities use, by SHA-256, loaded once each: fetched, checked against
 * its SHA-256, parsed with three's GLTFLoader (embedded textures decoded) and made static (see
 * makeStatic). Resolves at once, loading no loader code, when no entity has a mesh.
 */
export async function loadUserMeshes(spec: SceneSpec, fetchBytes: ModelFetcher = fetchModel): Promise<Map<string, THREE.Object3D>> {
  const users = new Map<string, EntitySpec>();
  for (const e of spec.entities) if (e.mesh && !users.has(e.mesh.sha256)) users.set(e.mesh.sha256, e);
  const out = new Map<string, THREE.Object3D>();
  if (users.size === 0) return out;
  const { GLTFLoader } = await import('three/examples/jsm/loaders/GLTFLoader.js');
  await Promise.all(
    [...users].map(async ([sha256, e]) => {
      try {
        const bytes = await fetchBytes(sha256);
        const got = await sha256Hex(bytes);
        if (got !== null && got !== sha256) throw new Error(`its bytes have sha256 ${got}, not ${sha256}`);
        const gltf = await new GLTFLoader().parseAsync(bytes, '');
        makeStatic(gltf.scene);
        out.set(sha256, gltf.scene);
      } catch (err) {
        throw new LongtailError(`entity '${e.name}': its mesh ${e.mesh!.path} could not be loaded: ${(err as Error).message ?? String(err)}`, 'asset');
      }
    }),
  );
  return out;
}

/** SHA-256 hex of `bytes`, or null where the page has no WebCrypto (not a secure context). */
async function sha256Hex(bytes: ArrayBuffer): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null;
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Make a loaded glTF scene a static model as Longtail draws it: its lights, cameras, points and
 * lines become empty nodes (only its triangles are part of the world), skinned and morphed meshes
 * become plain meshes in their rest shape (the ground-truth passes draw plain geometry, so the
 * look and the labels stay the same shape), and every mesh casts and receives shadows.
 */
export function makeStatic(root: THREE.Object3D): void {
  root.updateMatrixWorld(true);
  const empty: THREE.Object3D[] = [];
  const bake: THREE.Mesh[] = [];
  root.traverse((o) => {
    const x = o as THREE.Object3D & { isLight?: boolean; isCamera?: boolean; isPoints?: boolean; isLine?: boolean; isMesh?: boolean; isSkinnedMesh?: boolean };
    if (x.isLight || x.isCamera || x.isPoints || x.isLine) empty.push(o);
    else if (x.isMesh) {
      const mesh = o as THREE.Mesh;
      mesh.castShadow = true;
      mesh.receiveShadow = true;
      if (x.isSkinnedMesh || mesh.geometry.morphAttributes.position) bake.push(mesh);
    }
  });
  for (const o of empty) replace(o, new THREE.Object3D());
  for (const m of bake) {
    const plain = new THREE.Mesh(restGeometry(m), m.material);
    plain.castShadow = plain.receiveShadow = true;
    replace(m, plain);
  }
  root.updateMatrixWorld(true);
}

/** Put `by` where `o` is: same parent, name, local transform and children. */
function replace(o: THREE.Object3D, by: THREE.Object3D): void {
  by.name = o.name;
  by.position.copy(o.position);
  by.quaternion.copy(o.quaternion);
  by.scale.copy(o.scale);
  for (const c of [...o.children]) by.add(c);
  const parent = o.parent;
  if (parent) {
    parent.children[parent.children.indexOf(o)] = by;
    by.parent = parent;
    o.parent = null;
  }
}

/**
 * The geometry of a skinned or morphed mesh at rest (its default morph weights, its joints where
 * the file puts them), in the mesh's own frame: what three draws for it before any animation.
 */
function restGeometry(m: THREE.Mesh): THREE.BufferGeometry {
  const src = m.geometry;
  const g = src.clone();
  const pos = src.getAttribute('position');
  const normal = src.getAttribute('normal');
  const n = pos.count;
  const positions = new Float32Array(n * 3);
  const normals = normal ? new Float32Array(n * 3) : null;
  const v = new THREE.Vector3();
  const skinned = (m as THREE.SkinnedMesh).isSkinnedMesh ? (m as THREE.SkinnedMesh) : null;
  // Per joint: the matrix taking a rest vertex in the mesh's frame to its skinned place, same frame.
  const joints = skinned?.skeleton.bones.map((b, k) =>
    new THREE.Matrix4().multiplyMatrices(skinned.bindMatrixInverse, b.matrixWorld).multiply(skinned.skeleton.boneInverses[k]!).multiply(skinned.bindMatrix),
  );
  const blend = new THREE.Matrix4();
  const nm = new THREE.Matrix3();
  const idx = new THREE.Vector4();
  const wt = new THREE.Vector4();
  const morphNormals = src.morphAttributes.normal;
  const influences = m.morphTargetInfluences ?? [];
  for (let i = 0; i < n; i++) {
    m.getVertexPosition(i, v); // morphs and skin, as three applies them
    v.toArray(positions, i * 3);
    if (!normals) continue;
    v.fromBufferAttribute(normal!, i);
    if (morphNormals) morphNormals.forEach((a, k) => v.addScaledVector(new THREE.Vector3().fromBufferAttribute(a, i), influences[k] ?? 0));
    if (skinned && joints) {
      idx.fromBufferAttribute(src.getAttribute('skinIndex') as THREE.BufferAttribute, i);
      wt.fromBufferAttribute(src.getAttribute('skinWeight') as THREE.BufferAttribute, i);
      const e = blend.elements.fill(0);
      for (let k = 0; k < 4; k++) {
        const w = wt.getComponent(k);
        if (w === 0) continue;
        const j = joints[idx.getComponent(k)]!.elements;
        for (let c = 0; c < 16; c++) e[c] = e[c]! + w * j[c]!;
      }
      v.applyMatrix3(nm.getNormalMatrix(blend));
    }
    v.normalize().toArray(normals, i * 3);
  }
  g.setAttribute('position', new THREE.BufferAttribute(positions, 3));
  if (normals) g.setAttribute('normal', new THREE.BufferAttribute(normals, 3));
  g.morphAttributes = {};
  g.deleteAttribute('skinIndex');
  g.deleteAttribute('skinWeight');
  g.computeBoundingBox();
  g.computeBoundingSphere();
  return g;
}

/**
 * The entity's model from its loaded mesh: turned to Longtail axes and by `mesh.yaw` about z, then
 * its bounding box (of every vertex) stretched and moved onto the entity's box exactly: x in
 * [-L/2, L/2], y in [-W/2, W/2], z in [0, H], like every built-in model. The sampler chose `size`
 * from the mesh's own proportions unless `mesh_fit: fill`, so the stretch is then 1 on every axis
 * up to rounding. Its meshes share the loaded geometry and materials.
 */
export function buildUserModel(e: EntitySpec, meshes: ReadonlyMap<string, THREE.Object3D>): THREE.Group {
  const template = e.mesh ? meshes.get(e.mesh.sha256) : undefined;
  if (!e.mesh || !template) throw new LongtailError(`entity '${e.name}': its mesh ${e.mesh?.path ?? '(none)'} is not loaded (loadUserMeshes before building the World)`, 'asset');
  const turn = new THREE.Group();
  turn.name = 'mesh_axes';
  turn.quaternion.setFromRotationMatrix(new THREE.Matrix4().makeRotationZ(e.mesh.yaw).multiply(GLTF_TO_OBJECT));
  turn.add(template.clone(true));
  const fit = new THREE.Group();
  fit.name = 'mesh_fit';
  fit.add(turn);
  fit.updateMatrixWorld(true);
  const box = new THREE.Box3().setFromObject(fit, true);
  const [l, w, h] = e.size;
  const s = new THREE.Vector3(l / (box.max.x - box.min.x), w / (box.max.y - box.min.y), h / (box.max.z - box.min.z));
  fit.scale.copy(s);
  fit.position.set((-(box.min.x + box.max.x) / 2) * s.x, (-(box.min.y + box.max.y) / 2) * s.y, -box.min.z * s.z);
  const group = new THREE.Group();
  group.name = 'mesh';
  group.add(fit);
  // Not a built-in model name: no gait is posed on the user's nodes.
  group.userData.model = 'mesh';
  group.userData.cls = e.cls;
  group.updateMatrixWorld(true);
  return group;
}
