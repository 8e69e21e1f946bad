// Golden samples: the exact SceneSpec a shipped scenario gives for a seed. The sampler draws with
// integer RNG arithmetic and basic IEEE operations, so the values are exact and compared as text
// (JSON prints the shortest string that reads back as the same double).
//
// To accept an intended change, rewrite the files and review the diff:
//   UPDATE_GOLDEN=1 npx vitest run test/scenario/golden.test.ts
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sample } from '../../src/scenario/index.ts';
import { compileScene, ROOT } from '../helpers/scenario.ts';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const GOLDEN_DIR = join(ROOT, 'test', 'scenario', 'golden');

const CASES: ReadonlyArray<readonly [string, number]> = [
  ['scenes/deer-crossing-night.scene', 0],
  ['scenes/deer-crossing-night.scene', 7],
];

function goldenPath(scene: string, seed: number): string {
  return join(GOLDEN_DIR, `${basename(scene, '.scene')}.seed${seed}.json`);
}

describe('golden SceneSpecs', () => {
  it.each(CASES)('%s, seed %i, matches its golden file exactly', (scene, seed) => {
    const spec = sample(compileScene(scene), { seed });
    const text = `${JSON.stringify(spec, null, 2)}\n`;
    const file = goldenPath(scene, seed);
    if (UPDATE) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(file, text);
    }
    if (!existsSync(file)) throw new Error(`missing golden ${file}; create it with UPDATE_GOLDEN=1 npx vitest run test/scenario/golden.test.ts`);
    expect(text).toBe(readFileSync(file, 'utf8'));
    // Belt and braces: the parsed golden is the same object, number for number.
    expect(JSON.parse(readFileSync(file, 'utf8'))).toStrictEqual(JSON.parse(text));
  });

  it('the golden specs are plain JSON: nothing is lost in the round trip', () => {
    for (const [scene, seed] of CASES) {
      const spec = sample(compileScene(scene), { seed });
      expect(JSON.parse(JSON.stringify(spec))).toStrictEqual(spec);
    }
  });
});
