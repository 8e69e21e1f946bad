// The authoring page in real headless Chromium (SwiftShader): the built app is served like the CLI
// serves it, then driven the way a person would: switch layers, step and play, break the scenario,
// download a capture.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAppBuilt } from '../../src/cli/appBuild.ts';
import { launchBrowser } from '../../src/cli/browser.ts';
import { nodeInflate } from '../../src/cli/nodeDeflate.ts';
import { startServer, type AppServer } from '../../src/cli/server.ts';
import { decodePng, type PngImage } from '../../src/export/index.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROME = [process.env.CHROME_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
const SLOW = 180_000; // SwiftShader renders on the CPU

let server: AppServer | undefined;
let browser: Browser | undefined;
let page: Page;
let downloads: string;
const pageErrors: string[] = [];

/** Screenshot of the picture (both canvases), decoded to RGBA or RGB samples. */
async function stagePixels(): Promise<PngImage> {
  const stage = await page.$('#stage');
  const png = (await stage!.screenshot({ type: 'png' })) as Uint8Array;
  return decodePng(new Uint8Array(png), nodeInflate);
}

function pixelStats(img: PngImage): { colours: number; lit: number; count: (rgb: readonly number[], tol?: number) => number } {
  const c = img.channels;
  const d = img.data;
  const n = img.width * img.height;
  const colours = new Set<number>();
  let lit = 0;
  for (let i = 0; i < n; i++) {
    const r = d[i * c]!;
    const g = d[i * c + 1]!;
    const b = d[i * c + 2]!;
    colours.add((r << 16) | (g << 8) | b);
    if (r + g + b > 60) lit++;
  }
  const count = (rgb: readonly number[], tol = 3): number => {
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (Math.abs(d[i * c]! - rgb[0]!) <= tol && Math.abs(d[i * c + 1]! - rgb[1]!) <= tol && Math.abs(d[i * c + 2]! - rgb[2]!) <= tol) k++;
    }
    return k;
  };
  return { colours: colours.size, lit: lit / n, count };
}

async function showLayer(layer: string): Promise<void> {
  await page.click(`[data-layer="${layer}"]`);
  await page.waitForFunction((l) => document.getElementById('viewport')!.dataset.drawn === l, { timeout: SLOW }, layer);
}

async function readout(): Promise<string> {
  return page.$eval('#time', (e) => e.textContent ?? '');
}

async function frameShown(): Promise<number> {
  const m = /frame (\d+) \//.exec(await readout());
  return m ? Number(m[1]) : -1;
}

describe.skipIf(!CHROME)('authoring page (headless Chromium)', () => {
  beforeAll(async () => {
    process.env.CHROME_PATH ??= CHROME;
    const dir = await ensureAppBuilt(ROOT);
    server = await startServer(dir, async () => {});
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push((e as Error).message ?? String(e)));
    downloads = mkdtempSync(join(tmpdir(), 'longtail-ui-'));
    const cdp = await browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    await page.setViewport({ width: 1280, height: 800 });
    await page.goto(`${server.url}/index.html`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.body.dataset.state !== 'loading', { timeout: SLOW });
    const state = await page.evaluate(() => document.body.dataset.state);
    const status = await page.$eval('#status', (e) => e.textContent);
    expect(state, `page did not start: ${status}`).toBe('running');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (downloads) rmSync(downloads, { recursive: true, force: true });
  });

  it('starts with the default scenario, compiled and sampled', async () => {
    const text = await page.$eval('#editor-text', (e) => (e as HTMLTextAreaElement).value);
    expect(text).toBe(readFileSync(join(ROOT, 'scenes/deer-crossing-night.scene'), 'utf8'));
    expect(await page.$eval('#compile-state', (e) => e.textContent)).toBe('ok');
    expect(await page.$eval('#seed', (e) => (e as HTMLInputElement).value)).toBe('7');
    const rows = await page.$$eval('.entities tr', (trs) => trs.slice(1).map((tr) => tr.textContent));
    expect(rows).toHaveLength(4);
    expect(rows.join(' ')).toMatch(/doe.*deer/);
  });

  it('shows every layer with real pixels', { timeout: SLOW }, async () => {
    await showLayer('rgb');
    const rgb = pixelStats(await stagePixels());
    expect(rgb.colours).toBeGreaterThan(100); // a night road in headlights, not a flat fill
    expect(rgb.lit).toBeGreaterThan(0.02);

    await showLayer('depth');
    const depth = pixelStats(await stagePixels());
    expect(depth.colours).toBeGreaterThan(20); // a ramp over the road
    expect(depth.count([0, 0, 0])).toBeGreaterThan(1000); // sky: nothing hit
    expect(depth.lit).toBeGreaterThan(0.3);

    await showLayer('normals');
    const normals = pixelStats(await stagePixels());
    // The road faces up: (0, -1, 0) in camera axes, coloured ((0 + 1), (-1 + 1), (0 + 1)) · 127.5.
    expect(normals.count([128, 0, 128], 3)).toBeGreaterThan(5000);
    expect(normals.count([0, 0, 0], 0)).toBeGreaterThan(1000); // sky

    await showLayer('flow');
    const flow = pixelStats(await stagePixels());
    // At t = 0 nothing was shown before: no motion anywhere (white), sky black.
    expect(flow.count([255, 255, 255], 0)).toBeGreaterThan(5000);
    expect(flow.count([0, 0, 0], 0)).toBeGreaterThan(1000);

    await showLayer('semantic');
    const semantic = pixelStats(await stagePixels());
    expect(semantic.count([128, 64, 128])).toBeGreaterThan(5000); // road
    expect(semantic.count([107, 142, 35])).toBeGreaterThan(1000); // terrain
    expect(semantic.count([255, 160, 20], 10)).toBeGreaterThan(5); // the deer
    const legend = await page.$$eval('.legend li:not(.absent)', (lis) => lis.map((li) => li.textContent));
    expect(legend).toEqual(expect.arrayContaining(['road', 'lane_marking', 'terrain', 'deer']));

    await showLayer('instance');
    const img = await stagePixels();
    const instance = pixelStats(img);
    const black = instance.count([0, 0, 0], 0);
    expect(black / (img.width * img.height)).toBeGreaterThan(0.9); // surfaces and sky are id 0
    expect(black).toBeLessThan(img.width * img.height); // and the objects in view are in colour
    expect(await page.$eval('[data-part="objects"]', (e) => Number((e as HTMLElement).dataset.count))).toBeGreaterThan(0);

    await showLayer('rgb');
  });

  it('steps one frame, plays, pauses and restarts', { timeout: SLOW }, async () => {
    expect(await frameShown()).toBe(0);
    await page.click('#step');
    await page.waitForFunction(() => /frame 1 \//.test(document.getElementById('time')!.textContent ?? ''), { timeout: SLOW });
    // The ego has moved since the state shown before: the road streams past in colour, not white.
    await showLayer('flow');
    const flow = pixelStats(await stagePixels());
    const img = await stagePixels();
    expect(img.width * img.height - flow.count([255, 255, 255], 0) - flow.count([0, 0, 0], 0)).toBeGreaterThan(5000);
    await showLayer('rgb');
    expect(await readout()).toMatch(/^t 0\.100 /); // 12 steps of 1/120 s at 10 fps

    await page.keyboard.press('.');
    await page.waitForFunction(() => /frame 2 \//.test(document.getElementById('time')!.textContent ?? ''), { timeout: SLOW });

    await page.keyboard.press(' ');
    await page.waitForFunction(() => document.body.dataset.playing === 'true', { timeout: SLOW });
    await page.waitForFunction(() => /frame ([5-9]|\d\d) \//.test(document.getElementById('time')!.textContent ?? ''), { timeout: SLOW });
    await page.keyboard.press(' ');
    await page.waitForFunction(() => document.body.dataset.playing === 'false', { timeout: SLOW });

    await page.click('#restart');
    await page.waitForFunction(() => /^t 0\.000 /.test(document.getElementById('time')!.textContent ?? ''), { timeout: SLOW });
  });

  it('reports a scenario error as line:col and keeps the last good scene', { timeout: SLOW }, async () => {
    const good = await page.$eval('#editor-text', (e) => (e as HTMLTextAreaElement).value);
    await page.$eval('#editor-text', (e) => {
      const t = e as HTMLTextAreaElement;
      t.focus();
      t.setSelectionRange(t.value.length, t.value.length);
    });
    await page.keyboard.type('\nbogus');
    const lines = good.split('\n').length + 1; // the typed line
    await page.waitForSelector('.diagnostic.error', { timeout: SLOW });
    const text = await page.$eval('.diagnostic.error', (e) => e.textContent ?? '');
    expect(text).toMatch(new RegExp(`:${lines}:\\d+: error: `));
    expect(text).toContain('bogus');
    expect(text).toContain('^');
    expect(await page.$eval('#compile-state', (e) => e.textContent)).toMatch(/error.*last good scene/);
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('running');

    // Clicking the diagnostic puts the cursor on its line.
    await page.$eval('#editor-text', (e) => (e as HTMLTextAreaElement).setSelectionRange(0, 0));
    await page.click('.diagnostic.error');
    const line = await page.$eval('#editor-text', (e) => {
      const t = e as HTMLTextAreaElement;
      return t.value.slice(0, t.selectionStart).split('\n').length;
    });
    expect(line).toBe(lines);

    // Tab inserts two spaces at the cursor.
    const before = await page.$eval('#editor-text', (e) => [(e as HTMLTextAreaElement).value, (e as HTMLTextAreaElement).selectionStart] as const);
    await page.keyboard.press('Tab');
    const after = await page.$eval('#editor-text', (e) => (e as HTMLTextAreaElement).value);
    expect(after).toBe(before[0].slice(0, before[1]) + '  ' + before[0].slice(before[1]));

    // Resample still works on the last good text, and the diagnostics stay.
    await page.click('#resample');
    await page.waitForFunction(() => /seed 8$/.test(document.getElementById('scene-title')!.textContent ?? ''), { timeout: SLOW });
    expect(await page.$$eval('.diagnostic.error', (ds) => ds.length)).toBeGreaterThan(0);
    await page.$eval('#seed', (e) => {
      (e as HTMLInputElement).value = '7';
      e.dispatchEvent(new Event('change'));
    });
    await page.waitForFunction(() => /seed 7$/.test(document.getElementById('scene-title')!.textContent ?? ''), { timeout: SLOW });

    // Fix it: the diagnostics go away.
    await page.$eval(
      '#editor-text',
      (e, src) => {
        const t = e as HTMLTextAreaElement;
        t.value = src;
        t.dispatchEvent(new Event('input'));
      },
      good,
    );
    await page.waitForFunction(() => document.querySelectorAll('.diagnostic').length === 0, { timeout: SLOW });
    expect(await page.$eval('#compile-state', (e) => e.textContent)).toBe('ok');
  });

  it('downloads the current frame as a native zip', { timeout: SLOW }, async () => {
    await page.click('#step');
    await page.waitForFunction(() => /frame 1 \//.test(document.getElementById('time')!.textContent ?? ''), { timeout: SLOW });
    await page.click('#download');
    await page.waitForFunction(() => window.__lastCaptureZip !== undefined, { timeout: SLOW });
    const name = await page.evaluate(() => window.__lastCaptureName);
    expect(name).toBe('longtail-deer-crossing-night-seed7-frame1.zip');
    const b64 = await page.evaluate(() => {
      const b = window.__lastCaptureZip!;
      let s = '';
      for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
      return btoa(s);
    });
    const bytes = Buffer.from(b64, 'base64');
    const zip = await JSZip.loadAsync(bytes);

    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(manifest.generator).toEqual({ name: 'longtail', version: pkg.version });
    expect(manifest.seed).toBe(7);
    expect(manifest.frames).toHaveLength(1);
    const files = manifest.frames[0].files as Record<string, string>;
    expect(files.rgb).toBe('front/rgb/000001.png');

    const rgb = await decodePng(await zip.file(files.rgb!)!.async('uint8array'), nodeInflate);
    expect([rgb.width, rgb.height, rgb.channels]).toEqual([640, 480, 3]);
    const labels = JSON.parse(await zip.file(files.labels!)!.async('string'));
    expect(labels.frame).toBe(1);
    expect(labels.objects.map((o: { class: string }) => o.class)).toEqual(['car', 'deer', 'deer']);
    expect(await zip.file('scenario.scene')!.async('string')).toContain('scenario "deer-crossing-night"');

    // The browser really saved it (object URL + <a download>).
    const saved = join(downloads, name!);
    for (let i = 0; i < 100 && !existsSync(saved); i++) await new Promise((r) => setTimeout(r, 100));
    expect(readdirSync(downloads)).toContain(name);
    expect(readFileSync(saved).equals(bytes)).toBe(true);
  });

  it('resamples with the next seed and back', { timeout: SLOW }, async () => {
    // The sampled columns (not the visible-pixel counts, which follow the frame).
    const table = (): Promise<string> =>
      page.$$eval('.entities tr', (trs) => trs.map((tr) => [...tr.children].slice(0, 5).map((td) => td.textContent).join('|')).join('\n'));
    const seven = await table();
    await page.click('#resample');
    await page.waitForFunction(() => /seed 8$/.test(document.getElementById('scene-title')!.textContent ?? ''), { timeout: SLOW });
    expect(await page.$eval('#seed', (e) => (e as HTMLInputElement).value)).toBe('8');
    expect(await table()).not.toBe(seven);
    await page.$eval('#seed', (e) => {
      (e as HTMLInputElement).value = '7';
      e.dispatchEvent(new Event('change'));
    });
    await page.waitForFunction(() => /seed 7$/.test(document.getElementById('scene-title')!.textContent ?? ''), { timeout: SLOW });
    expect(await table()).toBe(seven);
  });

  it('orbits a free camera with the mouse', { timeout: SLOW }, async () => {
    await page.click('[data-view="orbit"]');
    await page.waitForFunction(() => document.body.dataset.view === 'orbit', { timeout: SLOW });
    await showLayer('semantic');
    const before = await stagePixels();
    const box = (await (await page.$('#stage'))!.boundingBox())!;
    await page.evaluate(() => delete document.getElementById('viewport')!.dataset.drawn);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 150, box.y + box.height / 2 + 30, { steps: 6 });
    await page.mouse.up();
    await page.waitForFunction(() => document.getElementById('viewport')!.dataset.drawn === 'semantic', { timeout: SLOW });
    const after = await stagePixels();
    let changed = 0;
    for (let i = 0; i < after.data.length; i++) if (after.data[i] !== before.data[i]) changed++;
    expect(changed / after.data.length).toBeGreaterThan(0.05);
    expect(pixelStats(after).count([128, 64, 128])).toBeGreaterThan(1000); // still looking at the road
    await page.click('[data-view="camera"]');
    await showLayer('rgb');
  });

  it('shows WebGL context loss in the page and recovers', { timeout: SLOW }, async () => {
    await page.evaluate(() => {
      const gl = (document.getElementById('gl') as HTMLCanvasElement).getContext('webgl2')!;
      const ext = gl.getExtension('WEBGL_lose_context')!;
      (window as unknown as { __lose: WEBGL_lose_context }).__lose = ext;
      ext.loseContext();
    });
    await page.waitForFunction(() => /context lost/.test(document.querySelector('#status .error')?.textContent ?? ''), { timeout: SLOW });
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('error');
    await page.evaluate(() => (window as unknown as { __lose: WEBGL_lose_context }).__lose.restoreContext());
    await page.waitForFunction(() => document.body.dataset.state === 'running', { timeout: SLOW });
    await showLayer('semantic');
    expect(pixelStats(await stagePixels()).count([128, 64, 128])).toBeGreaterThan(5000);
    await showLayer('rgb');
  });

  it('raised no page errors', async () => {
    expect(pageErrors).toEqual([]);
    expect(await page.$eval('#status .error', (e) => e.textContent)).toBe('');
  });
});
