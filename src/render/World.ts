import * as THREE from 'three';
import { buildModel, disposeModel } from '../assets/index.ts';
import { classByName } from '../core/index.ts';
import { STATE_STRIDE, type CameraSpec, type SceneSpec } from '../scenario/index.ts';
import { buildCamera } from './cameraRig.ts';
import { addHeadlights } from './headlights.ts';
import { PassMaterials } from './passes.ts';
import { buildRoad } from './road.ts';
import { buildLighting, type Lighting } from './sky.ts';

// three.js defaults to y-up; Longtail's world is z-up (x along the road, y left).
THREE.Object3D.DEFAULT_UP.set(0, 0, 1);


/** The three.js view of a SceneSpec: one Object3D per entity, moved by packed physics state. */
export class World {
  readonly scene = new THREE.Scene();
  readonly lighting: Lighting;
  /** Entity models by instance id. */
  readonly models = new Map<number, THREE.Group>();
  readonly cameras = new Map<string, THREE.PerspectiveCamera>();
  readonly passes: PassMaterials;

  constructor(readonly spec: SceneSpec) {
    this.scene.name = spec.name;
    this.scene.add(buildRoad(spec.road));
    this.lighting = buildLighting(spec.environment);
    this.scene.add(this.lighting.group);
    this.scene.background = this.lighting.background;
    this.scene.fog = this.lighting.fog;

    for (const e of spec.entities) {
      const model = buildModel(e.model, e.size, e.color);
      model.name = e.name;
      model.userData.semantic = classByName(e.cls)!.id;
      model.userData.instance = e.id;
      if (e.lights !== 'off') addHeadlights(model, e.size, e.id === this.egoId() ? 2 : 1, e.lights === 'high');
      this.models.set(e.id, model);
      this.scene.add(model);
    }
    for (const c of spec.cameras) {
      const camera = buildCamera(c);
      this.modelOf(c.mount).add(camera);
      this.cameras.set(c.name, camera);
    }
    this.passes = new PassMaterials(this.scene);
    this.applyState(null);
  }

  /** The entity carrying the first camera: the point of view everything is framed around. */
  egoId(): number {
    const mount = this.spec.cameras[0]?.mount;
    return this.spec.entities.find((e) => e.name === mount)?.id ?? this.spec.entities[0]!.id;
  }

  modelOf(name: string): THREE.Group {
    const e = this.spec.entities.find((x) => x.name === name);
    if (!e) throw new Error(`no entity named '${name}'`);
    return this.models.get(e.id)!;
  }

  camera(spec: CameraSpec): THREE.PerspectiveCamera {
    return this.cameras.get(spec.name)!;
  }

  /** Move models to a packed state (null: the SceneSpec's initial poses). */
  applyState(state: Float32Array | null): void {
    this.spec.entities.forEach((e, i) => {
      const m = this.models.get(e.id)!;
      if (state) {
        const o = i * STATE_STRIDE;
        m.position.set(state[o]!, state[o + 1]!, state[o + 2]!);
        m.quaternion.set(state[o + 3]!, state[o + 4]!, state[o + 5]!, state[o + 6]!);
      } else {
        m.position.set(e.position[0], e.position[1], e.position[2]);
        m.quaternion.setFromAxisAngle(new THREE.Vector3(0, 0, 1), e.yaw);
      }
    });
    const ego = this.models.get(this.egoId());
    if (ego) this.lighting.follow(ego.position.clone().add(new THREE.Vector3(30, 0, 0)));
    this.scene.updateMatrixWorld(true);
  }

  dispose(): void {
    this.passes.dispose();
    for (const m of this.models.values()) disposeModel(m);
    this.scene.traverse((o) => {
      const mesh = o as THREE.Mesh;
      if (mesh.isMesh) {
        mesh.geometry.dispose();
        for (const mat of Array.isArray(mesh.material) ? mesh.material : [mesh.material]) mat.dispose();
      }
    });
  }
}
