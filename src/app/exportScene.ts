// The three.js scene of a World at one instant as binary glTF (GLB), for other renderers (Blender,
// viewers): the meshes with their materials, one capture camera, and the lights that
// KHR_lights_punctual can say (sun, moon, headlights, street lights). Built as a copy of the
// scene tree that shares geometry and materials with it, so the World is never touched.
import * as THREE from 'three';
import { GLTFExporter } from 'three/examples/jsm/exporters/GLTFExporter.js';
import type { World } from '../render/index.ts';
import type { CameraSpec } from '../scenario/index.ts';

/** What the file says about its own making, in the glTF scene's `extras.longtail`. */
export interface ExportedSceneInfo {
  readonly scenario: string;
  readonly seed: number;
  readonly camera: string;
  readonly frame: number;
  /** Simulated time of the frame, s. */
  readonly time: number;
  readonly width: number;
  readonly height: number;
  /** The sky behind everything, linear RGB (glTF has no background). */
  readonly background: [number, number, number];
  /** Exponential fog (three's FogExp2: transmittance exp(-(density·d)²)), linear RGB; null: none. */
  readonly fog: { readonly color: [number, number, number]; readonly density: number } | null;
  /** The sky/ground hemisphere light, which KHR_lights_punctual cannot hold; linear RGB. */
  readonly ambient: { readonly sky: [number, number, number]; readonly ground: [number, number, number]; readonly intensity: number } | null;
  /** What was left out of the file, one phrase each. */
  readonly omitted: readonly string[];
}

/** Longtail's world is z-up; glTF's is y-up: one root node turns the one into the other. */
const Z_UP_TO_Y_UP = new THREE.Quaternion().setFromAxisAngle(new THREE.Vector3(1, 0, 0), -Math.PI / 2);
/** glTF lights and cameras look down their node's -z. */
const FORWARD = new THREE.Vector3(0, 0, -1);
/** Vertex attributes glTF readers understand; custom ones (shader inputs) stay behind. */
const ATTRIBUTES = ['position', 'normal', 'uv', 'color'] as const;

/**
 * The World `world` as it stands (call after the state of the wanted instant is applied), seen
 * from `cam`, as GLB bytes. Left out: objects marked `userData.lookOnly` (rain, snow, ground fog,
 * lamp halos: picture effects with shader materials, not things in the world), the meshes of the
 * camera's own carrier (hidden in capture too: the camera sits inside them), lights at zero
 * intensity, the other cameras, and anything invisible. Shader patches of materials (wet road,
 * puddles, snow cover) and the headlights' beam cookies do not travel: the materials go as their
 * plain PBR parameters and the beams as spot cones.
 */
export async function exportScene(world: World, cam: CameraSpec, frame: number, time: number): Promise<Uint8Array> {
  const source = world.scene;
  source.updateMatrixWorld(true);
  const carrier = world.modelOf(cam.mount);
  const out = new THREE.Scene();
  out.name = world.spec.name;
  const root = new THREE.Group();
  root.name = 'longtail (z up)';
  root.quaternion.copy(Z_UP_TO_Y_UP);
  out.add(root);
  const made: THREE.BufferGeometry[] = [];
  for (const child of source.children) {
    const copy = mirror(child, carrier, made);
    if (copy) root.add(copy);
  }
  for (const light of exportedLights(source)) root.add(light);
  root.add(exportedCamera(world.camera(cam), cam));

  const info: ExportedSceneInfo = {
    scenario: world.spec.name,
    seed: world.spec.seed,
    camera: cam.name,
    frame,
    time,
    width: cam.width,
    height: cam.height,
    background: source.background instanceof THREE.Color ? rgb(source.background) : [0, 0, 0],
    fog: source.fog instanceof THREE.FogExp2 ? { color: rgb(source.fog.color), density: source.fog.density } : null,
    ambient: hemisphere(source),
    omitted: [
      'look-only objects (rain, snow, ground fog, lamp halos)',
      `the meshes of the camera's carrier '${cam.mount}'`,
      'ambient hemisphere light (see ambient)',
      'fog and background (see fog, background)',
      'material shader patches (wet road, puddles, snow) and headlight beam cookies',
      'camera effects (exposure, noise, blur, flare, lens)',
    ],
  };
  out.userData = { longtail: info };

  const exporter = new GLTFExporter();
  // Name the camera as the capture does (three's exporter names it by its class).
  exporter.register((writer) => ({
    writeNode(object: THREE.Object3D, nodeDef: { camera?: number }) {
      const cameras = (writer as unknown as { json: { cameras?: { name?: string }[] } }).json.cameras;
      if ((object as THREE.Camera).isCamera && nodeDef.camera !== undefined && cameras?.[nodeDef.camera]) cameras[nodeDef.camera]!.name = object.name;
    },
  }));
  try {
    const glb = await exporter.parseAsync(out, { binary: true, onlyVisible: true });
    if (!(glb instanceof ArrayBuffer)) throw new Error('the glTF exporter returned JSON, not GLB bytes');
    return new Uint8Array(glb);
  } finally {
    for (const g of made) g.dispose();
  }
}

/**
 * A copy of `src`'s subtree (same names and local transforms, shared materials; geometry with the
 * standard attributes only) without what is not world content. Null when nothing of it is left.
 */
function mirror(src: THREE.Object3D, carrier: THREE.Object3D, made: THREE.BufferGeometry[]): THREE.Object3D | null {
  if (!src.visible || src.userData.lookOnly === true) return null;
  const o = src as THREE.Object3D & { isLight?: boolean; isCamera?: boolean; isMesh?: boolean; isInstancedMesh?: boolean };
  if (o.isLight || o.isCamera) return null; // lights and the camera are placed in world space
  let node: THREE.Object3D;
  if (o.isMesh) {
    if (isUnder(src, carrier)) return null;
    const mesh = src as THREE.Mesh;
    const geometry = plainGeometry(mesh.geometry, mesh.material);
    if (geometry !== mesh.geometry) made.push(geometry);
    if (o.isInstancedMesh) {
      const inst = src as THREE.InstancedMesh;
      const copy = new THREE.InstancedMesh(geometry, inst.material, inst.count);
      copy.instanceMatrix.copyArray(inst.instanceMatrix.array);
      node = copy;
    } else node = new THREE.Mesh(geometry, mesh.material);
  } else node = new THREE.Group();
  node.name = src.name;
  if (src.matrixAutoUpdate) {
    node.position.copy(src.position);
    node.quaternion.copy(src.quaternion);
    node.scale.copy(src.scale);
  } else src.matrix.decompose(node.position, node.quaternion, node.scale);
  node.userData = labels(src.userData);
  for (const c of src.children) {
    const copy = mirror(c, carrier, made);
    if (copy) node.add(copy);
  }
  // Empty groups are noise in the file.
  if (!o.isMesh && node.children.length === 0) return null;
  return node;
}

/** The label fields of a node's userData (JSON-safe), as glTF extras: class, instance, model. */
function labels(userData: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['semantic', 'instance', 'model', 'cls']) {
    const v = userData[k];
    if (typeof v === 'number' || typeof v === 'string') out[k] = v;
  }
  return out;
}

/**
 * `g` with the attributes a glTF reader understands (sharing their arrays), and no vertex colours
 * when no material uses them (glTF always multiplies COLOR_0 in); `g` itself when nothing changes.
 */
function plainGeometry(g: THREE.BufferGeometry, material: THREE.Material | THREE.Material[]): THREE.BufferGeometry {
  const colours = (Array.isArray(material) ? material : [material]).some((m) => m.vertexColors);
  const keep = ATTRIBUTES.filter((a) => g.getAttribute(a) !== undefined && (a !== 'color' || colours));
  const names = Object.keys(g.attributes);
  if (keep.length === names.length && Object.keys(g.morphAttributes).length === 0) return g;
  const copy = new THREE.BufferGeometry();
  copy.name = g.name;
  for (const a of keep) copy.setAttribute(a, g.getAttribute(a));
  copy.setIndex(g.getIndex());
  for (const grp of g.groups) copy.addGroup(grp.start, grp.count, grp.materialIndex);
  copy.setDrawRange(g.drawRange.start, g.drawRange.count);
  return copy;
}

/**
 * Every visible, lit directional, spot and point light of `scene`, as a light in world space
 * pointing down its -z at its target (how glTF says a light's direction), named after the entity
 * that carries it.
 */
function exportedLights(scene: THREE.Scene): THREE.Light[] {
  const lights: THREE.Light[] = [];
  const from = new THREE.Vector3();
  const to = new THREE.Vector3();
  scene.traverseVisible((o) => {
    const l = o as THREE.DirectionalLight | THREE.SpotLight | THREE.PointLight;
    if (!l.isLight || l.intensity <= 0 || !isShown(l)) return;
    let copy: THREE.DirectionalLight | THREE.SpotLight | THREE.PointLight;
    if ((l as THREE.DirectionalLight).isDirectionalLight) copy = new THREE.DirectionalLight(l.color, l.intensity);
    else if ((l as THREE.SpotLight).isSpotLight) {
      const s = l as THREE.SpotLight;
      copy = new THREE.SpotLight(s.color, s.intensity, s.distance, s.angle, s.penumbra, s.decay);
    } else if ((l as THREE.PointLight).isPointLight) {
      const p = l as THREE.PointLight;
      copy = new THREE.PointLight(p.color, p.intensity, p.distance, p.decay);
    } else return; // hemisphere and ambient light: not in KHR_lights_punctual (see extras.ambient)
    const owner = ownerName(l);
    copy.name = owner ? `${owner}/${l.name || l.type}` : l.name || l.type;
    from.setFromMatrixPosition(l.matrixWorld);
    copy.position.copy(from);
    const target = (l as THREE.DirectionalLight | THREE.SpotLight).target;
    if (target) {
      to.setFromMatrixPosition(target.matrixWorld).sub(from);
      // The direction is the node's rotation now (the copy's own target is not exported).
      if (to.lengthSq() > 0) copy.quaternion.setFromUnitVectors(FORWARD, to.normalize());
    }
    lights.push(copy);
  });
  return lights;
}

/** The capture camera in world space: its pose without any scale of its carrier, its field of view and aspect. */
function exportedCamera(live: THREE.PerspectiveCamera, cam: CameraSpec): THREE.PerspectiveCamera {
  const camera = new THREE.PerspectiveCamera(live.fov, cam.width / cam.height, live.near, live.far);
  camera.name = cam.name;
  live.updateWorldMatrix(true, false);
  live.matrixWorld.decompose(camera.position, camera.quaternion, new THREE.Vector3());
  return camera;
}

function hemisphere(scene: THREE.Scene): ExportedSceneInfo['ambient'] {
  let found: THREE.HemisphereLight | null = null;
  scene.traverseVisible((o) => {
    if (!found && (o as THREE.HemisphereLight).isHemisphereLight) found = o as THREE.HemisphereLight;
  });
  const h = found as THREE.HemisphereLight | null;
  return h ? { sky: rgb(h.color), ground: rgb(h.groundColor), intensity: h.intensity } : null;
}

/** Every ancestor is visible and none is look-only. */
function isShown(o: THREE.Object3D): boolean {
  for (let p: THREE.Object3D | null = o; p; p = p.parent) if (!p.visible || p.userData.lookOnly === true) return false;
  return true;
}

function isUnder(o: THREE.Object3D, ancestor: THREE.Object3D): boolean {
  for (let p: THREE.Object3D | null = o; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

/** The name of the nearest ancestor that is an entity (has an instance id), if any. */
function ownerName(o: THREE.Object3D): string | null {
  for (let p = o.parent; p; p = p.parent) if (typeof p.userData.instance === 'number' && p.userData.instance > 0) return p.name;
  return null;
}

function rgb(c: THREE.Color): [number, number, number] {
  return [c.r, c.g, c.b];
}
