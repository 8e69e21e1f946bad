// Physics is deterministic where the data is made: the same scene stepped in the page's real Web
// Worker gives bit-identical packed states on a fresh page, after a reload, on a warmed-up worker,
// and in another launch of the browser.
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAppBuilt, launchBrowser, openCapturePage, startServer, type AppServer } from '../../src/cli/index.ts';
import { benchScene } from '../../src/cli/benchScene.ts';
import { ROOT } from '../../src/cli/version.ts';
import { STATE_STRIDE, type SceneSpec } from '../../src/scenario/index.ts';

// Six lane-driving cars and six boxes (resting, stacked, dropped, pushed by a car), 4 s at 120 Hz.
const SPEC = benchScene(12);
const FRAMES = 60;
const STEPS_PER_FRAME = 8;

let server: AppServer;
const browsers: Browser[] = [];

beforeAll(async () => {
  server = await startServer(await ensureAppBuilt(ROOT), async () => {});
});
afterAll(async () => {
  for (const b of browsers) await b.close().catch(() => {});
  await server?.close();
});

async function browser(): Promise<Browser> {
  const b = await launchBrowser();
  browsers.push(b);
  return b;
}

const trace = (page: Page, spec: SceneSpec = SPEC): Promise<string> =>
  page.evaluate((s: SceneSpec, f: number, k: number) => window.longtail!.physicsTrace(s, f, k), spec, FRAMES, STEPS_PER_FRAME);

function states(b64: string): Float32Array {
  const bytes = Buffer.from(b64, 'base64');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/** Index of the first frame whose bytes differ, or -1. */
function firstDifference(a: string, b: string): number {
  const x = states(a);
  const y = states(b);
  const per = SPEC.entities.length * STATE_STRIDE;
  for (let f = 0; f * per < Math.max(x.length, y.length); f++) {
    const p = Buffer.from(x.slice(f * per, (f + 1) * per).buffer);
    if (!p.equals(Buffer.from(y.slice(f * per, (f + 1) * per).buffer))) return f;
  }
  return -1;
}

describe('physics in the browser worker', () => {
  let reference: string;

  it('steps the scene: every state finite, boxes fall and get pushed, cars drive', async () => {
    const page = await openCapturePage(await browser(), server.url);
    reference = await trace(page);
    const s = states(reference);
    const n = SPEC.entities.length;
    expect(s.length).toBe((FRAMES + 1) * n * STATE_STRIDE);
    expect(s.every(Number.isFinite)).toBe(true);
    const last = FRAMES * n * STATE_STRIDE;
    SPEC.entities.forEach((e, i) => {
      const moved = Math.hypot(s[last + i * STATE_STRIDE]! - s[i * STATE_STRIDE]!, s[last + i * STATE_STRIDE + 1]! - s[i * STATE_STRIDE + 1]!);
      if (e.motion.kind === 'drive') expect(moved, e.name).toBeCloseTo(e.motion.speed * 4, 1);
    });
    // The dropped box (starts 2 m up) lands; the box in a lane (|y| < 7 m) is pushed along by its car.
    const dropped = SPEC.entities.findIndex((e) => e.motion.kind === 'dynamic' && e.position[2] === 2);
    expect(s[last + dropped * STATE_STRIDE + 2]).toBeLessThan(1.5);
    const pushed = SPEC.entities.findIndex((e) => e.motion.kind === 'dynamic' && Math.abs(e.position[1]) < 7);
    expect(s[last + pushed * STATE_STRIDE]! - s[pushed * STATE_STRIDE]!).toBeGreaterThan(20);
  });

  it('gives bit-identical states on the same worker again, on a fresh page and after a reload', async () => {
    const b = browsers[0]!;
    const first = (await b.pages()).find((p) => p.url().endsWith('/capture.html'))!;
    const again = await trace(first);
    expect(firstDifference(again, reference)).toBe(-1);

    const fresh = await openCapturePage(b, server.url);
    expect(firstDifference(await trace(fresh), reference)).toBe(-1);

    await fresh.reload({ waitUntil: 'load' });
    await fresh.waitForFunction(() => window.longtail !== undefined, { timeout: 30_000 });
    expect(firstDifference(await trace(fresh), reference)).toBe(-1);
  });

  it('gives bit-identical states in another launch of the browser', async () => {
    const page = await openCapturePage(await browser(), server.url);
    expect(firstDifference(await trace(page), reference)).toBe(-1);
  });

  it('compares for real: a scene with one box 1 mm off differs', async () => {
    const page = await openCapturePage(browsers[1]!, server.url);
    const moved = { ...SPEC, entities: SPEC.entities.map((e, i) => (i === SPEC.entities.length - 1 ? { ...e, position: [e.position[0] + 0.001, e.position[1], e.position[2]] as [number, number, number] } : e)) };
    expect(firstDifference(await trace(page, moved), reference)).toBe(0);
  });
});
