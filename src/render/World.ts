import * as THREE from 'three';
import { buildModel } from '../assets/index.ts';
import { classByName } from '../core/index.ts';
import { STATE_STRIDE, type CameraSpec, type SceneSpec } from '../scenario/index.ts';
import { buildCamera } from './cameraRig.ts';
import { bodyLength, gaitAngles, isAnimated, poseLegs } from './gait.ts';
import { brakeLights, type BrakeLights } from './headlights.ts';
import { NightLights } from './nightLights.ts';
import { PassMaterials } from './passes.ts';
import { disposeTree } from './disposeTree.ts';
import { buildRoad } from './road.ts';
import { buildRoadside } from './roadside.ts';
import { dressSurface, surfaceLook } from './roadSurface.ts';
import { Weather } from './weather.ts';
import { buildLighting, type Lighting } from './sky.ts';
import { QUALITY_PRESETS, type QualitySpec } from './quality.ts';
import { posedBox, type ModelBox } from './poseBox.ts';
import { buildUserModel } from './userModels.ts';

// three.js defaults to y-up; Longtail's world is z-up (x along the road, y left).
THREE.Object3D.DEFAULT_UP.set(0, 0, 1);

/**
 * A gap between successive applyState times longer than this (seconds) is a jump (a seek), not
 * playback: distance travelled is then re-estimated from the new state alone.
 */
export const MAX_STATE_GAP = 0.5;

/** The local z axis of a body tilted further than this from the vertical has no gait (it is down). */
const MIN_UPRIGHT = Math.cos(Math.PI / 4);

/** Walking state of an entity with animated limbs. */
interface Stride {
  readonly model: string;
  /** Length strides scale with, metres (gait.ts bodyLength). */
  readonly length: number;
  /** Distance travelled along the ground, metres, signed (backwards counts down). */
  distance: number;
  /** Ground position and time of the last state applied; null before the first. */
  last: { x: number; y: number; time: number | undefined } | null;
}

/** The three.js view of a SceneSpec: one Object3D per entity, moved by packed physics state. */
export class World {
  readonly scene = new THREE.Scene();
  readonly lighting: Lighting;
  /** Rain, snow and ground fog (look only). */
  readonly weather: Weather;
  /** Entity models by instance id. */
  readonly models = new Map<number, THREE.Group>();
  readonly cameras = new Map<string, THREE.PerspectiveCamera>();
  readonly passes: PassMaterials;
  /** Entities with animated legs, by instance id. */
  private readonly strides = new Map<number, Stride>();
  /** Brake lights of vehicles, and each one's speed and time at the previous state. */
  private readonly brakes = new Map<number, { lights: BrakeLights; speed: number; time: number | null }>();
  /** Headlight beams, lamps and their glare, indicators, street lamps, eye-shine. */
  readonly night: NightLights;

  /** `meshes`: users' models loaded by loadUserMeshes (userModels.ts), by SHA-256, for entities with a `mesh`. */
  /** `quality`: the picture preset (quality.ts); here, the sun's shadow map. */
  constructor(readonly spec: SceneSpec, meshes: ReadonlyMap<string, THREE.Object3D> = new Map(), quality: QualitySpec = QUALITY_PRESETS.standard) {
    this.scene.name = spec.name;
    const ground = surfaceLook(spec.environment, spec.seed);
    this.scene.add(buildRoad(spec.road, ground, spec.seed));
    this.scene.add(buildRoadside(spec, (m) => dressSurface(m, 'terrain', ground, spec.road)));
    this.lighting = buildLighting(spec.environment, quality);
    this.scene.add(this.lighting.group);
    this.scene.background = this.lighting.background;
    this.scene.fog = this.lighting.fog;
    this.weather = new Weather(spec, this.lighting);
    this.scene.add(this.weather.group);
    this.night = new NightLights(spec, this.scene);

    for (const e of spec.entities) {
      const model = e.mesh ? buildUserModel(e, meshes) : buildModel(e.model, e.size, e.color, e.variant);
      model.name = e.name;
      model.userData.semantic = classByName(e.cls)!.id;
      model.userData.instance = e.id;
      this.night.addEntity(e, model);
      const brake = brakeLights(model, e.lights !== 'off');
      if (brake) this.brakes.set(e.id, { lights: brake, speed: 0, time: null });
      this.models.set(e.id, model);
      this.scene.add(model);
      const kind = model.userData.model as string;
      if (isAnimated(kind)) this.strides.set(e.id, { model: kind, length: bodyLength(kind, e.size), distance: 0, last: null });
    }
    for (const c of spec.cameras) {
      const camera = buildCamera(c);
      this.modelOf(c.mount).add(camera);
      this.cameras.set(c.name, camera);
    }
    this.passes = new PassMaterials(this.scene);
    this.applyState(null);
  }

  /** Label boxes that do not change with the pose (users' meshes), by entity id, made on first use. */
  private readonly fixedBoxes = new Map<number, ModelBox>();

  /**
   * The 3D label box of entity `id` in its model's axes (x forward, z up, origin at the bottom
   * centre): the scenario's size grown to hold the mesh as posed now (poseBox.ts), for bodies with
   * limbs and users' meshes; null where the nominal box already holds the mesh (the built-in
   * vehicles and props: measured to the millimetre).
   */
  labelBox(id: number): ModelBox | null {
    const e = this.spec.entities.find((x) => x.id === id);
    const model = this.models.get(id);
    if (!e || !model) return null;
    if (this.strides.has(id)) return posedBox(model, e.size);
    if (!e.mesh) return null;
    let box = this.fixedBoxes.get(id);
    if (!box) this.fixedBoxes.set(id, (box = posedBox(model, e.size)));
    return box;
  }

  /** The entity carrying the first camera: the point of view everything is framed around. */
  egoId(): number {
    const mount = this.spec.cameras[0]?.mount;
    return this.spec.entities.find((e) => e.name === mount)?.id ?? this.spec.entities[0]!.id;
  }

  /**
   * Centre the precipitation on camera `cam`'s carrier, the way that camera looks (applyState
   * centres it on the first camera's): each camera sees rain and snow around itself.
   */
  aimWeather(cam: CameraSpec): void {
    this.weather.aim(this.modelOf(cam.mount), cam.yaw);
  }

  modelOf(name: string): THREE.Group {
    const e = this.spec.entities.find((x) => x.name === name);
    if (!e) throw new Error(`no entity named '${name}'`);
    return this.models.get(e.id)!;
  }

  camera(spec: CameraSpec): THREE.PerspectiveCamera {
    return this.cameras.get(spec.name)!;
  }

  /**
   * Move models to a packed state (null: the SceneSpec's initial poses, limbs at rest) and pose
   * the limbs of animals and people for their gait. `time` is the state's simulated time, s.
   *
   * Limbs follow the distance each entity has travelled, summed over successive calls (the
   * ground distance between successive positions, negative when moving backwards). When time
   * goes backwards or jumps ahead by more than MAX_STATE_GAP (a seek, a restart), or on the
   * first call, the sum restarts from the estimate speed × time. Without `time` the sum is never
   * restarted. The pose therefore depends only on the sequence of calls: the same sequence always
   * gives the same pixels.
   */
  applyState(state: Float32Array | null, time?: number): void {
    this.spec.entities.forEach((e, i) => {
      const m = this.models.get(e.id)!;
      const stride = this.strides.get(e.id);
      if (state) {
        const o = i * STATE_STRIDE;
        m.position.set(state[o]!, state[o + 1]!, state[o + 2]!);
        m.quaternion.set(state[o + 3]!, state[o + 4]!, state[o + 5]!, state[o + 6]!);
        if (stride) this.poseLimbs(m, stride, state, o, time);
        const brake = this.brakes.get(e.id);
        if (brake) {
          // Brake lights follow the driver: on while the vehicle slows by more than 0.5 m/s².
          const speed = state[o + 7]!;
          const dt = time !== undefined && brake.time !== null ? time - brake.time : 0;
          if (dt > 0 && dt <= MAX_STATE_GAP) brake.lights.set((brake.speed - speed) / dt > 0.5);
          else if (dt !== 0) brake.lights.set(false);
          brake.speed = speed;
          brake.time = time ?? null;
        }
      } else {
        m.position.set(e.position[0], e.position[1], e.position[2]);
        m.quaternion.setFromAxisAngle(new THREE.Vector3(0, 0, 1), e.yaw);
        const brake = this.brakes.get(e.id);
        if (brake) {
          brake.lights.set(false);
          brake.time = null;
        }
        if (stride) {
          stride.distance = 0;
          stride.last = null;
          poseLegs(m, gaitAngles(stride.model, 0, 0, stride.length));
        }
      }
    });
    const ego = this.models.get(this.egoId());
    if (ego) this.lighting.follow(ego.position.clone().add(new THREE.Vector3(30, 0, 0)));
    this.weather.update(time ?? 0, ego, this.scene);
    this.scene.updateMatrixWorld(true);
    this.night.update(time ?? 0, ego);
  }

  /** Advance an entity's distance travelled to the state at offset `o`, and pose its limbs. */
  private poseLimbs(m: THREE.Object3D, stride: Stride, state: Float32Array, o: number, time: number | undefined): void {
    const x = state[o]!;
    const y = state[o + 1]!;
    const [qx, qy, qz, qw] = [state[o + 3]!, state[o + 4]!, state[o + 5]!, state[o + 6]!];
    const speed = Math.abs(state[o + 7]!);
    const last = stride.last;
    const seek =
      last === null ||
      (time !== undefined && last.time !== undefined && (time < last.time || time - last.time > MAX_STATE_GAP));
    if (seek) {
      stride.distance = time !== undefined && Number.isFinite(time) ? speed * time : 0;
    } else {
      const dx = x - last.x;
      const dy = y - last.y;
      // Heading: the body's local +x in the world, on the ground plane.
      const fx = 1 - 2 * (qy * qy + qz * qz);
      const fy = 2 * (qx * qy + qw * qz);
      const step = Math.hypot(dx, dy);
      if (Number.isFinite(step)) stride.distance += dx * fx + dy * fy < 0 ? -step : step;
    }
    stride.last = { x, y, time };
    // A body knocked over (its local z far from the vertical) does not keep walking.
    const upright = 1 - 2 * (qx * qx + qy * qy);
    poseLegs(m, gaitAngles(stride.model, stride.distance, upright >= MIN_UPRIGHT ? speed : 0, stride.length));
  }

  dispose(): void {
    this.passes.dispose();
    // One walk over the whole scene frees models, road, weather and lights alike.
    disposeTree(this.scene);
  }
}
