// A reaction time: the condition is noticed at one step, the action follows `delay` seconds later.
import { describe, expect, it } from 'vitest';
import { PhysicsWorld } from '../../src/physics/index.ts';
import type { SceneSpec } from '../../src/scenario/index.ts';
import { sampleSnippet } from '../helpers/scenario.ts';
import { entity, sceneSpec } from './specs.ts';

describe('reaction delay', () => {
  it('acts exactly `delay` after the condition first holds', () => {
    // Car at 20 m/s from x = 0; deer standing at x = 100. distance < 50 m first holds on the
    // state after step 301 (100 − 20·301/120 = 49.83 m); with a 1 s reaction the brake fires in
    // the step starting at 301/120 + 1 = 421/120 s.
    const car = entity('car', 'car', [4.5, 1.8, 1.45], [0, 0, 0], { kind: 'drive', speed: 20, lane: null });
    const deer = entity('deer', 'deer', [1.6, 0.45, 1.55], [100, 0, 0], { kind: 'static' });
    const when = { kind: 'compare' as const, op: '<' as const, left: { kind: 'distance' as const, a: 'car', b: 'deer' }, right: { kind: 'const' as const, value: 50 } };
    const spec: SceneSpec = { ...sceneSpec([car, deer]), behaviours: [{ entity: 'car', action: { kind: 'brake', deceleration: 6 }, trigger: { kind: 'when', condition: when, delay: 1 } }] };
    const w = new PhysicsWorld(spec);
    w.step(600);
    expect(w.fired()).toEqual([{ index: 0, entity: 'car', action: 'brake', time: 421 / 120 }]);
  });

  it('comes from the entity\'s reaction property in the language', () => {
    const spec = sampleSnippet('ego car { on lane 1\n  speed: 20 m/s\n  reaction: 0.8 s\n  brake when distance to doe < 30 m }\ndeer doe { at 80 m }\n', 0);
    expect(spec.behaviours[0]!.trigger).toMatchObject({ kind: 'when', delay: 0.8 });
  });
});
