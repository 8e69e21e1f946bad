// A synthetic SceneSpec for measuring physics: half dynamic boxes (resting, stacked, falling and
// pushed), half cars driving along their lanes. Built by hand, not sampled, so the load is the same
// whatever the scenarios in scenes/ hold. Also a small deterministic test scene for the browser tests.
import { SCENE_SPEC_FORMAT, roadFrame, roadPoint, type EntitySpec, type RoadSpec, type SceneSpec } from '../scenario/index.ts';
import type { Vec3 } from '../core/index.ts';

const ROAD: RoadSpec = { kind: 'straight', curve: null, cross: null, lanes: 4, laneWidth: 3.5, length: 2000, shoulder: 1.5, oncoming: 2 };
/** Lateral offsets of the lane centres: two lanes with increasing s (right), two against it (left). */
const FORWARD_LANES = [-5.25, -1.75];
const ONCOMING_LANES = [1.75, 5.25];
/** Cars start here along the road, so they stay on it for a minute of simulated time either way. */
const FIRST_S = 600;
const CAR_GAP = 12;
const CAR: Vec3 = [4.5, 1.8, 1.45];
const BOX: Vec3 = [1, 1, 1];

/**
 * `bodies` entities at `physicsHz`: ⌈bodies / 2⌉ cars driving along the four lanes at 9 to 15 m/s, the
 * rest 1 m dynamic boxes, in groups of four: one resting on the roadside, one stacked on it, one
 * dropped from 2 m beside them, and one in a lane 2 m ahead of a car, which pushes it along.
 */
export function benchScene(bodies: number, physicsHz = 120): SceneSpec {
  const nCars = Math.ceil(bodies / 2);
  const nBoxes = bodies - nCars;
  const entities: EntitySpec[] = [];
  const add = (name: string, cls: 'car' | 'box', size: Vec3, position: Vec3, yaw: number, motion: EntitySpec['motion']) =>
    entities.push({ id: entities.length + 1, name, cls, model: cls === 'car' ? 'sedan' : 'box', size, position, yaw, color: [0.5, 0.5, 0.5], motion, lights: 'off' });

  const forward: { s: number; t: number }[] = [];
  for (let i = 0; i < nCars; i++) {
    const lanes = [...FORWARD_LANES, ...ONCOMING_LANES];
    const t = lanes[i % lanes.length]!;
    const direction = t < 0 ? 1 : -1;
    const s = FIRST_S + CAR_GAP * Math.floor(i / lanes.length) + (i % 2) * 3;
    const [x, y] = roadPoint(ROAD, s, t);
    const yaw = roadFrame(ROAD, s).heading + (direction < 0 ? Math.PI : 0);
    add(`car${i}`, 'car', CAR, [x, y, 0], yaw, { kind: 'drive', speed: 9 + (i % 7), lane: { s, t, direction } });
    if (direction > 0) forward.push({ s, t });
  }

  let pushed = 0;
  for (let j = 0; j < nBoxes; j++) {
    const group = Math.floor(j / 4);
    const side = group % 2 === 0 ? -1 : 1;
    const s = FIRST_S + 5 * Math.floor(group / 2);
    const [x, y] = roadPoint(ROAD, s, side * 10);
    const role = j % 4;
    if (role === 0) add(`box${j}`, 'box', BOX, [x, y, 0], 0, { kind: 'dynamic' });
    else if (role === 1) add(`box${j}`, 'box', BOX, [x + 0.2, y, 1], 0.3, { kind: 'dynamic' });
    else if (role === 2 || pushed >= forward.length) add(`box${j}`, 'box', BOX, [x + 1.5, y + 0.3, 2], 0.7, { kind: 'dynamic' });
    else {
      const car = forward[pushed++]!;
      const [bx, by] = roadPoint(ROAD, car.s + CAR[0] / 2 + 2 + BOX[0] / 2, car.t + 0.3);
      add(`box${j}`, 'box', BOX, [bx, by, 0], 0.2, { kind: 'dynamic' });
    }
  }

  return {
    format: SCENE_SPEC_FORMAT,
    name: `bench-${bodies}`,
    source: 'src/cli/benchScene.ts',
    seed: 0,
    duration: 30,
    physicsHz,
    road: ROAD,
    environment: { timeOfDay: 12 * 3600, dayOfYear: 172, year: 2026, latitude: 0.8, fogDensity: 0, clouds: 0, rain: 0, snow: 0, wetness: 0, wind: 0, streetLamps: false },
    behaviours: [],
    events: [],
    end: null,
    window: null,
    entities,
    cameras: [{ name: 'front', mount: entities[0]?.name ?? 'car0', offset: [1.2, 0, 1.5], pitch: 0, yaw: 0, hfov: Math.PI / 2, width: 640, height: 480, fps: 10, near: 0.1, far: 1000 }],
  };
}
