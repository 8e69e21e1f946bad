// Physically driven vehicles inside the physics world: grip by road surface, behaviours, packing.
import { describe, expect, it } from 'vitest';
import { PhysicsWorld, STATE_STRIDE } from '../../src/physics/index.ts';
import type { RoadSpec, SceneSpec } from '../../src/scenario/index.ts';
import { entity, sceneSpec } from './specs.ts';

function scene(surface: RoadSpec['surface'], speed: number, brakeAt: number): SceneSpec {
  const car = entity('car', 'car', [4.6, 1.8, 1.45], [0, -1.75, 0], { kind: 'drive', speed, lane: { s: 0, t: -1.75, direction: 1 }, physical: true });
  const base = sceneSpec([car]);
  return {
    ...base,
    road: { ...base.road, length: 2000, surface },
    behaviours: [{ entity: 'car', action: { kind: 'stop' }, trigger: { kind: 'at', time: brakeAt } }],
  };
}

describe('physical vehicles in the world', () => {
  for (const [surface, mu] of [['dry', 0.8], ['ice', 0.1]] as const) {
    it(`a full stop on ${surface} takes v²/(2µg) within 10%`, () => {
      const w = new PhysicsWorld(scene(surface, 20, 1));
      const at = w.step(120); // brake fires at t = 1 s
      const x0 = at[0]!;
      const v0 = at[7]!;
      let s = at;
      for (let i = 0; i < 40 * 120 && s[7]! > 0.05; i++) s = w.step(1);
      const want = (v0 * v0) / (2 * mu * 9.81);
      expect(Math.abs(s[0]! - x0 - want) / want).toBeLessThan(0.1);
      // The packed pose is the box's bottom centre, resting on the road.
      expect(Math.abs(s[2]!)).toBeLessThan(0.05);
      expect(STATE_STRIDE).toBe(11);
    });
  }

  it('is bit-identical run to run', () => {
    const run = () => Array.from(new PhysicsWorld(scene('wet', 15, 0.5)).step(600));
    expect(run()).toEqual(run());
  });

  it('rejects behaviours a vehicle cannot do', () => {
    const spec = scene('dry', 10, 0);
    const bad: SceneSpec = { ...spec, behaviours: [{ entity: 'car', action: { kind: 'freeze' }, trigger: { kind: 'at', time: 0 } }] };
    expect(() => new PhysicsWorld(bad)).toThrow(/physically driven vehicle can brake, stop, change speed or swerve, not 'freeze'/);
  });
});
