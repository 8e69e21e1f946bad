// Every shipped scenario must sample cleanly for many seeds, and stay inside its own ranges.
import { describe, expect, it } from 'vitest';
import { sample, SCENE_SPEC_FORMAT, type SceneSpec } from '../../src/scenario/index.ts';
import { compileScene, entityNamed, numbersIn, sceneFiles } from '../helpers/scenario.ts';

const SEEDS = 1000;

/** Properties every SceneSpec must have, whatever the scenario. */
function invariants(spec: SceneSpec): string | null {
  if (spec.format !== SCENE_SPEC_FORMAT) return 'format';
  const bad = numbersIn(spec).find(([, v]) => !Number.isFinite(v));
  if (bad) return `non-finite ${bad[0]}`;
  if (spec.entities.some((e, i) => e.id !== i + 1)) return 'ids are not 1..n in order';
  if (new Set(spec.entities.map((e) => e.name)).size !== spec.entities.length) return 'duplicate entity names';
  if (new Set(spec.cameras.map((c) => c.name)).size !== spec.cameras.length) return 'duplicate camera names';
  if (spec.cameras.length === 0 || spec.cameras.some((c) => !spec.entities.some((e) => e.name === c.mount))) return 'camera mount';
  if (spec.entities.some((e) => e.size.some((s) => s <= 0))) return 'entity size';
  if (spec.duration <= 0) return 'duration';
  return null;
}

describe('every scene in scenes/', () => {
  it('there is at least one', () => {
    expect(sceneFiles().length).toBeGreaterThan(0);
  });

  it.each(sceneFiles())(`%s samples ${SEEDS} seeds without error`, (file) => {
    const program = compileScene(file);
    const problems: string[] = [];
    for (let seed = 0; seed < SEEDS; seed++) {
      let spec: SceneSpec;
      try {
        spec = sample(program, { seed });
      } catch (e) {
        problems.push(`seed ${seed}: ${(e as Error).message}`);
        continue;
      }
      const why = invariants(spec);
      if (why) problems.push(`seed ${seed}: ${why}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });
});

describe('deer-crossing-night stays inside the ranges it declares', () => {
  it(`for ${SEEDS} seeds`, () => {
    const program = compileScene('scenes/deer-crossing-night.scene');
    const fog = Math.sqrt(-Math.log(0.05));
    for (let seed = 0; seed < SEEDS; seed++) {
      const s = sample(program, { seed });
      const ego = entityNamed(s, 'ego');
      const doe = entityNamed(s, 'doe');
      const fawn = entityNamed(s, 'fawn');
      const oncoming = entityNamed(s, 'oncoming');
      const ok =
        s.environment.timeOfDay >= 21.5 * 3600 &&
        s.environment.timeOfDay < 23.5 * 3600 &&
        s.environment.fogDensity <= fog / 150 &&
        s.environment.fogDensity > fog / 400 &&
        ego.motion.kind === 'drive' &&
        ego.motion.speed >= 60 / 3.6 - 1e-12 &&
        ego.motion.speed < 80 / 3.6 &&
        ego.lights === 'low' &&
        oncoming.position[0] - ego.position[0] >= 90 &&
        oncoming.position[0] - ego.position[0] < 140 &&
        doe.position[0] - ego.position[0] >= 40 &&
        doe.position[0] - ego.position[0] < 55 &&
        fawn.position[0] === doe.position[0] + 3 &&
        doe.motion.kind === 'walk' &&
        doe.motion.start >= 0.3 &&
        doe.motion.start < 1 &&
        doe.motion.speed >= 2.5 &&
        doe.motion.speed < 4 &&
        fawn.motion.kind === 'walk' &&
        fawn.motion.start >= 1 &&
        fawn.motion.start < 1.8 &&
        s.environment.rain >= 0.3 &&
        s.environment.rain < 0.8 &&
        s.environment.wetness >= 0.5 &&
        s.environment.wetness < 1;
      if (!ok) expect.fail(`seed ${seed} is out of the declared ranges: ${JSON.stringify(s)}`);
    }
  });
});
