// Screenshot tests: reference scenes (day, dusk, night with headlights, rain, snow, fog) rendered in
// real Chromium and compared with stored images within a tolerance, so that a change to the look
// is seen and approved on purpose. `npm run screenshots` re-makes the references.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../src/cli/version.ts';
import { sample } from '../../src/scenario/index.ts';
import { loadScenario } from '../../src/cli/loadScenario.ts';
import { openCapture, type CapturePage } from '../helpers/capturePage.ts';
import { compareRgb, matchScreenshot } from '../helpers/screenshots.ts';

const DIR = join(ROOT, 'test', 'screenshots');
const LOOKS = ['day', 'dusk', 'night', 'rain', 'snow', 'fog'] as const;
/** Frame 10 at 10 fps: one second in, everything moving. */
const FRAME = 10;

let cap: CapturePage;
beforeAll(async () => {
  cap = await openCapture();
});
afterAll(async () => {
  await cap?.close();
});

describe('the look of reference scenes', () => {
  const renders = new Map<string, Uint8Array>();
  for (const look of LOOKS) {
    it(`${look} matches its reference image`, async () => {
      const spec = sample(loadScenario(join(DIR, `${look}.scene`)).program);
      await cap.load(spec);
      const rec = await cap.frame('front', FRAME);
      renders.set(look, rec.rgb);
      const r = await matchScreenshot(DIR, look, rec.width, rec.height, rec.rgb);
      expect(r.ok, r.message).toBe(true);
    });
  }

  it('catches a change of look: a darker road half fails against the reference', async () => {
    const day = renders.get('day');
    if (!day || process.env.UPDATE_SCREENSHOTS === '1') return;
    const tmp = mkdtempSync(join(tmpdir(), 'longtail-shots-'));
    try {
      copyFileSync(join(DIR, 'day.png'), join(tmp, 'day.png'));
      const darker = day.slice();
      for (let i = darker.length / 2; i < darker.length; i++) darker[i] = Math.round(darker[i]! * 0.8);
      const r = await matchScreenshot(tmp, 'day', 320, 240, darker);
      expect(r.ok).toBe(false);
      expect(r.message).toMatch(/differs from/);
      expect((await matchScreenshot(tmp, 'day', 320, 240, day)).ok).toBe(true);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('tells the looks apart: every pair of references differs by far more than the tolerance', () => {
    for (const [i, a] of LOOKS.entries()) {
      for (const b of LOOKS.slice(i + 1)) {
        if (!renders.has(a) || !renders.has(b)) continue;
        expect(compareRgb(renders.get(a)!, renders.get(b)!).meanAbs, `${a} vs ${b}`).toBeGreaterThan(3);
      }
    }
  });
});
