// Test helper: minimal valid SceneSpecs for the physics tests.
import { SCENE_SPEC_FORMAT } from '../../src/scenario/SceneSpec.ts';
import type {
  BehaviourSpec,
  ConditionSpec,
  EntitySpec,
  EventSpec,
  MotionSpec,
  RoadSpec,
  SceneSpec,
  TriggerSpec,
  ValueSpec,
} from '../../src/scenario/SceneSpec.ts';
import { roadFrame, roadPoint } from '../../src/scenario/roadGeometry.ts';
import type { Vec3 } from '../../src/core/index.ts';

/** A scene with the given entities on a two-lane straight road, one camera on the first entity. */
export function sceneSpec(entities: EntitySpec[], opts: { physicsHz?: number; duration?: number } = {}): SceneSpec {
  return {
    format: SCENE_SPEC_FORMAT,
    name: 'physics-test',
    source: 'test/physics/specs.ts',
    seed: 1,
    duration: opts.duration ?? 5,
    physicsHz: opts.physicsHz ?? 120,
    road: { kind: 'straight', curve: null, cross: null, lanes: 2, laneWidth: 3.5, length: 500, shoulder: 1.5, oncoming: 1 },
    environment: { timeOfDay: 12 * 3600, dayOfYear: 172, year: 2026, latitude: 1.05, fogDensity: 0, clouds: 0, rain: 0, snow: 0, wetness: 0, wind: 0, streetLamps: false },
    behaviours: [],
    events: [],
    end: null,
    window: null,
    entities,
    cameras: [
      {
        name: 'front',
        mount: entities[0]?.name ?? 'ego',
        offset: [1.5, 0, 1.3],
        pitch: 0.05,
        yaw: 0,
        hfov: 1.2,
        width: 640,
        height: 360,
        fps: 10,
        near: 0.1,
        far: 500,
      },
    ],
  };
}

let nextId = 1;

/** An entity with class defaults; override anything. */
export function entity(
  name: string,
  cls: string,
  size: Vec3,
  position: Vec3,
  motion: MotionSpec,
  yaw = 0,
): EntitySpec {
  return { id: nextId++, name, cls, model: cls === 'car' ? 'sedan' : cls, size, position, yaw, color: [0.5, 0.5, 0.5], motion, lights: 'off' };
}

export const car = (name: string, position: Vec3, yaw: number, speed: number): EntitySpec =>
  entity(name, 'car', [4.5, 1.8, 1.45], position, { kind: 'drive', speed, lane: null }, yaw);

export const deer = (
  name: string,
  position: Vec3,
  walk: { speed: number; heading: number; start: number; distance: number },
  yaw = 0,
): EntitySpec => entity(name, 'deer', [1.6, 0.45, 1.55], position, { kind: 'walk', ...walk }, yaw);

export const box = (name: string, position: Vec3, yaw = 0): EntitySpec =>
  entity(name, 'box', [1, 1, 1], position, { kind: 'dynamic' }, yaw);

export const cone = (name: string, position: Vec3): EntitySpec =>
  entity(name, 'cone', [0.35, 0.35, 0.7], position, { kind: 'static' });

/** A busy scene: `n` bodies alternating dynamic boxes (on the ground) and driving cars. */
export function crowd(n: number, physicsHz = 120): SceneSpec {
  const list: EntitySpec[] = [];
  for (let i = 0; i < n; i++) {
    const x = (i % 20) * 6;
    const y = Math.floor(i / 20) * 4;
    list.push(i % 2 === 0 ? box(`box${i}`, [x, y, 0], 0.1 * i) : car(`car${i}`, [x, y + 1, 0], 0, 5 + (i % 7)));
  }
  return sceneSpec(list, { physicsHz });
}

/** A deer standing still (motion 'static') until a behaviour moves it. */
export const standingDeer = (name: string, position: Vec3, yaw = 0): EntitySpec =>
  entity(name, 'deer', [1.6, 0.45, 1.55], position, { kind: 'static' }, yaw);

/** A car following a lane: `t` lateral offset, from arc length `s`, in `direction` of s. */
export function laneCar(name: string, road: RoadSpec, lane: { s: number; t: number; direction: 1 | -1 }, speed: number): EntitySpec {
  const [x, y] = roadPoint(road, lane.s, lane.t);
  const yaw = roadFrame(road, lane.s).heading + (lane.direction < 0 ? Math.PI : 0);
  return entity(name, 'car', [4.5, 1.8, 1.45], [x, y, 0], { kind: 'drive', speed, lane }, yaw);
}

/** `spec` with behaviours, events and an end condition. */
export function scripted(
  spec: SceneSpec,
  script: { behaviours?: BehaviourSpec[]; events?: EventSpec[]; end?: ConditionSpec | null; road?: RoadSpec },
): SceneSpec {
  return {
    ...spec,
    road: script.road ?? spec.road,
    behaviours: script.behaviours ?? [],
    events: script.events ?? [],
    end: script.end ?? null,
  };
}

// Condition shorthands.
export const distance = (a: string, b: string): ValueSpec => ({ kind: 'distance', a, b });
export const speedOf = (entity: string): ValueSpec => ({ kind: 'speed', entity });
export const num = (value: number): ValueSpec => ({ kind: 'const', value });
export const cmp = (left: ValueSpec, op: '<' | '<=' | '>' | '>=' | '==' | '!=', right: ValueSpec): ConditionSpec => ({ kind: 'compare', op, left, right });
export const onRoad = (entity: string): ConditionSpec => ({ kind: 'onRoad', entity });
export const happened = (name: string): ConditionSpec => ({ kind: 'event', name });
export const at = (time: number): TriggerSpec => ({ kind: 'at', time });
export const when = (condition: ConditionSpec): TriggerSpec => ({ kind: 'when', condition });
