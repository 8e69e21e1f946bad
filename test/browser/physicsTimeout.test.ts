// A physics call that never returns fails its frame within the page's time limit, with a message
// naming the scenario, the simulated time and the call; the worker is replaced and the page goes on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullFrameRecord } from '../../src/capture/index.ts';
import type { EntitySpec } from '../../src/scenario/index.ts';
import { openCapture, type CapturePage } from '../helpers/capturePage.ts';
import { analyticScene, staticBox } from '../helpers/specs.ts';

let cap: CapturePage;
beforeAll(async () => {
  cap = await openCapture();
});
afterAll(async () => {
  await cap?.close();
});

/** A crate dropped from 1 m, 10 m ahead: the frames depend on the physics state. */
const falling: EntitySpec = { ...staticBox(2, 'crate', [1, 1, 1], [10, 0, 1]), motion: { kind: 'dynamic' } };
const spec = analyticScene([falling]);

const failure = (p: Promise<unknown>): Promise<Error> =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as Error,
  );

describe('a physics call that does not return', () => {
  it('fails the frame after the timeout, naming the scenario, the simulated time and the call; the page goes on', async () => {
    await cap.load(spec);
    await cap.frame('front', 1);
    const want: FullFrameRecord = await cap.frame('front', 3);

    await cap.load(spec);
    await cap.frame('front', 1); // 12 steps: t = 0.1 s
    await cap.page.evaluate(() => {
      window.longtail!.setPhysicsTimeout(1000);
      window.longtail!.debugHangPhysics();
    });
    const t0 = performance.now();
    // Frame 3 goes through frame 2 (its flow needs the poses there): the first call is step(12).
    const err = await failure(cap.frame('front', 3));
    const elapsed = performance.now() - t0;
    expect(err.message).toContain(
      "scenario 'analytic' (seed 0): physics call step(12) from simulated time 0.1 s did not return within 1 s; the physics worker was stopped and restarted",
    );
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(elapsed).toBeLessThan(5000);

    // The same frame again: a fresh worker replays the scene to t = 0.1 s and steps on, as if nothing happened.
    const again = await cap.frame('front', 3);
    expect(again.time).toBe(want.time);
    expect(again.objects).toEqual(want.objects);
    expect(Buffer.from(again.rgb).equals(Buffer.from(want.rgb))).toBe(true);
    expect(Buffer.from(again.depth.buffer, again.depth.byteOffset, again.depth.byteLength).equals(Buffer.from(want.depth.buffer, want.depth.byteOffset, want.depth.byteLength))).toBe(true);

    // And a new scene loads and captures as usual.
    await cap.page.evaluate(() => window.longtail!.setPhysicsTimeout(10_000));
    await cap.load(analyticScene([staticBox(3, 'parcel', [1, 1, 1], [12, 0, 0])]));
    const rec = await cap.frame('front', 0);
    expect(rec.objects.map((o) => o.name)).toEqual(['parcel']);
  });
});

describe('a physics call that throws in the worker', () => {
  it('rejects with the worker message, the scenario name and the simulated time', async () => {
    // A static box 200 m under the ground is out of the world from the first step on.
    const err = await failure(cap.load(analyticScene([staticBox(2, 'pit', [1, 1, 1], [10, 0, -200])])));
    expect(err.message).toContain("scenario 'analytic' (seed 0): physics call dryRun over 1 s from simulated time 0 s failed: ");
    expect(err.message).toMatch(/entity "pit" \(id 2, box\) left the world at t = 0\.008333 s \(step 1\)/);
    // The page still works.
    await cap.load(spec);
    expect((await cap.frame('front', 2)).time).toBeCloseTo(0.2, 12);
  });
});
