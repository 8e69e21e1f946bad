// Test helper: hand-built SceneSpecs, for scenes whose ground truth is computed by hand.
import { SCENE_SPEC_FORMAT, type CameraSpec, type EntitySpec, type SceneSpec } from '../../src/scenario/index.ts';
import type { Vec3 } from '../../src/core/index.ts';

/** A parked ego car at the origin facing +x with a level camera `front` 1.5 m up at its centre. */
export function analyticScene(things: EntitySpec[], camera: Partial<CameraSpec> = {}): SceneSpec {
  const ego: EntitySpec = { id: 1, name: 'ego', cls: 'car', model: 'sedan', size: [4.5, 1.8, 1.45], position: [0, 0, 0], yaw: 0, color: [0.5, 0.5, 0.5], motion: { kind: 'static' }, lights: 'off' };
  return {
    format: SCENE_SPEC_FORMAT,
    name: 'analytic',
    source: 'test/helpers/specs.ts',
    seed: 0,
    duration: 1,
    physicsHz: 120,
    road: { kind: 'straight', curve: null, cross: null, lanes: 1, laneWidth: 4, length: 300, shoulder: 0.5, oncoming: 0 },
    environment: { timeOfDay: 12 * 3600, dayOfYear: 172, year: 2026, latitude: 0.8, fogDensity: 0, clouds: 0, rain: 0, snow: 0, wetness: 0, wind: 0, streetLamps: false },
    behaviours: [],
    events: [],
    end: null,
    window: null,
    entities: [ego, ...things],
    cameras: [{ name: 'front', mount: 'ego', offset: [0, 0, 1.5], pitch: 0, yaw: 0, hfov: Math.PI / 2, width: 640, height: 480, fps: 10, near: 0.1, far: 1000, ...camera }],
  };
}

/** A static box prop: size [l, w, h], bottom centre at `position`. */
export function staticBox(id: number, name: string, size: Vec3, position: Vec3, yaw = 0): EntitySpec {
  return { id, name, cls: 'box', model: 'box', size, position, yaw, color: [0.6, 0.45, 0.25], motion: { kind: 'static' }, lights: 'off' };
}
