// A herd member follows its leader, keeping the offset it had when it began to follow.
import { describe, expect, it } from 'vitest';
import { PhysicsWorld, STATE_STRIDE } from '../../src/physics/index.ts';
import type { BehaviourSpec, SceneSpec } from '../../src/scenario/index.ts';
import { entity, sceneSpec } from './specs.ts';

describe('follow', () => {
  it('moves with the leader from the moment it starts, at the offset it had then', () => {
    // Leader walks +y at 2 m/s from t = 0; the follower stands 3 m behind in x until t = 1 s.
    const lead = entity('lead', 'cow', [2.4, 0.8, 1.5], [0, 0, 0], { kind: 'walk', speed: 2, heading: Math.PI / 2, start: 0, distance: 100 }, Math.PI / 2);
    const calf = entity('calf', 'cow', [1.2, 0.5, 0.9], [-3, 0, 0], { kind: 'static' }, Math.PI / 2);
    const behaviours: BehaviourSpec[] = [
      { entity: 'calf', action: { kind: 'graze' }, trigger: { kind: 'at', time: 0 } },
      { entity: 'calf', action: { kind: 'follow', leader: 'lead' }, trigger: { kind: 'at', time: 1 } },
    ];
    const spec: SceneSpec = { ...sceneSpec([lead, calf]), behaviours };
    const w = new PhysicsWorld(spec);
    const at1 = w.step(120); // t = 1 s: the leader is at y = 2, the calf has not moved
    expect(at1[STATE_STRIDE + 0]).toBeCloseTo(-3, 6);
    expect(at1[STATE_STRIDE + 1]).toBeCloseTo(0, 6);
    // From t = 1 s the calf keeps the offset (-3, -2) from the leader: at t = 3 s the leader is at y = 6.
    const at3 = w.step(240);
    expect(at3[1]).toBeCloseTo(6, 5);
    expect(at3[STATE_STRIDE + 0]).toBeCloseTo(-3, 5);
    expect(at3[STATE_STRIDE + 1]).toBeCloseTo(4, 5);
    expect(at3[STATE_STRIDE + 7]).toBeCloseTo(2, 5); // it moves at the leader's speed
  });

  it('rejects a leader that does not exist', () => {
    const calf = entity('calf2', 'cow', [1.2, 0.5, 0.9], [0, 0, 0], { kind: 'static' });
    const spec: SceneSpec = { ...sceneSpec([calf]), behaviours: [{ entity: 'calf2', action: { kind: 'follow', leader: 'nobody' }, trigger: { kind: 'at', time: 0 } }] };
    expect(() => new PhysicsWorld(spec)).toThrow(/nobody/);
  });
});
