// scenes/lost-load.scene runs in the physics: the lorry's load falls onto the road in front of the ego.
import { describe, expect, it } from 'vitest';
import { PhysicsWorld } from '../../src/physics/index.ts';
import { sample } from '../../src/scenario/index.ts';
import { compileScene } from '../helpers/scenario.ts';

const SEEDS = 10;
const HZ = 120;

describe('scenes/lost-load.scene in the physics', () => {
  const program = compileScene('scenes/lost-load.scene');

  it.each(Array.from({ length: SEEDS }, (_, i) => i))('seed %i: 5 s without errors; the crate lands on the road ahead of the ego', (seed) => {
    const spec = sample(program, { seed });
    const crate = spec.entities.findIndex((e) => e.name === 'crate');
    const ego = spec.entities.findIndex((e) => e.name === 'ego');
    const lorry = spec.entities.findIndex((e) => e.name === 'lorry');
    expect(spec.entities[crate]!.motion).toMatchObject({ kind: 'carried', carrier: 'lorry' });

    const w = new PhysicsWorld(spec);
    let landed: { t: number; crateX: number; egoX: number } | null = null;
    for (let k = 0; k < 5 * HZ; k++) {
      w.step(1);
      if (!landed && w.events().some((e) => e.name === 'load_on_road')) landed = { t: w.time(), crateX: w.position(crate)[0], egoX: w.position(ego)[0] };
    }
    expect(landed).not.toBeNull();
    // It falls after 0.5 to 1.5 s and takes about √(2 · 3.6 / 9.81) = 0.86 s to come down.
    expect(landed!.t).toBeGreaterThan(1);
    expect(landed!.t).toBeLessThan(4);
    expect(landed!.crateX).toBeGreaterThan(landed!.egoX);
    // Riding until then, the crate was on top of the lorry; the lorry is still on the road, unhurt.
    expect(w.position(lorry)[2]).toBe(0);
    // The dry run (what labels are made from) sees the same events and collisions.
    const run = PhysicsWorld.dryRun(spec, 5);
    expect(run.events).toEqual(w.events());
    expect(run.collisions).toEqual(w.collisions());
    expect(run.events.find((e) => e.name === 'load_on_road')!.time).toBe(landed!.t);
  });
});
