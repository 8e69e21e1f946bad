// The capture figures of `longtail bench`: the same frames of the default scenario at 640x480
// captured RGB-only and with every layer and label, side by side in one run, the layer passes
// drawn one way (multiple render targets) against the other (one pass per layer), and RGB-only
// with every camera effect off against every one at full strength.
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { listFiles } from './listFiles.ts';
import { CpuMeter } from './processCpu.ts';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import type { Timeline } from '../app/index.ts';
import { LongtailError } from '../core/index.ts';
import { encodePng } from '../export/index.ts';
import { allEffects, DEFAULT_QUALITY, QUALITIES, type Quality } from '../render/index.ts';
import { sample, type CameraEffectsSpec, type SceneSpec } from '../scenario/index.ts';
import { ensureAppBuilt } from './appBuild.ts';
import { launchBrowser, openCapturePage } from './browser.ts';
import { DEFAULT_SCENARIO, firstLine, frameRange, runCapture, timingReport, type CaptureResult } from './capture.ts';
import { loadScenario } from './loadScenario.ts';
import { nodeDeflate } from './nodeDeflate.ts';
import { startServer, type AppServer } from './server.ts';
import { ROOT } from './version.ts';

/** Frames the layer-pass comparison draws both ways. */
const LAYER_FRAMES = 16;

export async function benchCapture(): Promise<void> {
  const file = join(ROOT, DEFAULT_SCENARIO);
  const { program, source } = loadScenario(file);
  const spec = sample(program, { resolution: [640, 480] });
  const tmp = mkdtempSync(join(tmpdir(), 'longtail-bench-'));
  const log = (m: string) => process.stderr.write(`${m}\n`);
  try {
    // CPU of node and its browser over each run (start-up included): on 2 cores their sum bounds the rate.
    let meter = new CpuMeter();
    const rgb = await rgbOnly(spec, join(tmp, 'rgb'), log);
    const rgbCpu = meter.stop() / rgb.frames;
    meter = new CpuMeter();
    const { all, fps: allFps } = await allLayersCapture(spec, source, join(tmp, 'data'), log);
    const allCpu = meter.stop() / all.frames;
    const disk = bytesPerFrame(join(tmp, 'data'), all.frames);
    const half = await allLayersCapture(spec, source, join(tmp, 'half'), log, { float16: true });
    const halfDisk = bytesPerFrame(join(tmp, 'half'), half.all.frames);
    // The presets, all layers each: standard is the capture above.
    const presets: [Quality, { all: CaptureResult; fps: number }][] = [];
    for (const q of QUALITIES) presets.push([q, q === DEFAULT_QUALITY ? { all, fps: allFps } : await allLayersCapture(spec, source, join(tmp, `q-${q}`), log, { quality: q })]);
    const passes = await layerPasses(spec);
    const withEffects = (effects: CameraEffectsSpec): SceneSpec => ({ ...spec, cameras: spec.cameras.map((c) => ({ ...c, effects })) });
    const fxOff = await rgbOnly(withEffects(allEffects(0, 'fixed')), join(tmp, 'rgb-fx-off'), log, 'RGB only, camera effects off');
    const fxOn = await rgbOnly(withEffects(allEffects(1)), join(tmp, 'rgb-fx-on'), log, 'RGB only, camera effects on');
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const [mrt, sep] = [mean(passes.mrt), mean(passes.separate)];
    process.stdout.write(
      `\ncapture, '${spec.name}' seed ${spec.seed} (${DEFAULT_SCENARIO}) at 640x480, the same ${all.frames} frames each way, written to a temporary folder\n` +
        `  RGB only (render, read back, PNG written):     ${rgb.fps.toFixed(1)} frames/s\n` +
        `  all layers and labels (every file, checked):  ${allFps.toFixed(1)} frames/s (${all.files} files)\n` +
        `  ratio all / RGB only: ${(allFps / rgb.fps).toFixed(2)} (aim: 0.75 or better)\n` +
        `  CPU of node and the browser a frame (start-up included): RGB only ${rgbCpu.toFixed(0)} ms, all layers ${allCpu.toFixed(0)} ms (ratio ${(rgbCpu / allCpu).toFixed(2)})\n` +
        `  bytes per frame on disk, all layers: ${(disk.total / 1e6).toFixed(2)} MB (aim: 1.5 MB or less): ${disk.parts.map(([k, v]) => `${k} ${(v / 1e6).toFixed(2)}`).join(', ')} MB\n` +
        `  bytes per frame on disk, all layers, --float16: ${(halfDisk.total / 1e6).toFixed(2)} MB: ${halfDisk.parts.map(([k, v]) => `${k} ${(v / 1e6).toFixed(2)}`).join(', ')} MB (${half.fps.toFixed(1)} frames/s)\n` +
        `  all layers: ${timingReport(all.stage, all.loopMs, all.startupMs)}\n` +
        `quality presets, all layers and labels, the same ${all.frames} frames each (page rgb: render, effects, read back):\n` +
        presets.map(([q, r]) => `  ${q.padEnd(9)} ${(1 / r.fps).toFixed(3)} s/frame (${r.fps.toFixed(1)} frames/s), page rgb ${(r.all.stage.page.rgb / r.all.stage.count).toFixed(0)} ms/frame\n`).join('') +
        `layer passes (ids, depth + normals, flow; draw + read back), ${LAYER_FRAMES} frames each way, alternating:\n` +
        `  one pass into 3 render targets (MRT, used): ${mrt.toFixed(1)} ms/frame\n` +
        `  one pass per layer:                         ${sep.toFixed(1)} ms/frame (MRT saves ${(100 * (1 - mrt / sep)).toFixed(0)}%)\n` +
        `camera effects, RGB only, the same ${fxOn.frames} frames each way (page rgb, median: render, effects, read back; motion blur from the exact flow, which needs the label pass drawn first):\n` +
        `  every effect off (fixed exposure):  ${fxOff.fps.toFixed(1)} frames/s, rgb ${fxOff.rgbMs.toFixed(1)} ms/frame\n` +
        `  every effect at full strength:      ${fxOn.fps.toFixed(1)} frames/s, rgb ${fxOn.rgbMs.toFixed(1)} ms/frame (+${(fxOn.rgbMs - fxOff.rgbMs).toFixed(1)} ms)\n`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Every frame of `spec` with every layer and label, written to `dir` exactly as `longtail capture`
 * writes them: the result and the frame loop's frames per second.
 */
export async function allLayersCapture(spec: SceneSpec, source: string, dir: string, log: (m: string) => void, extra: { float16?: boolean; quality?: Quality } = {}): Promise<{ all: CaptureResult; fps: number }> {
  const all = await runCapture({ spec, source, cameras: spec.cameras, out: dir, options: { bench: true }, log, ...extra });
  return { all, fps: all.stage.count / (all.loopMs / 1000) };
}

/** Open the built capture page with `onUpload` receiving its POSTs; run `body`; close everything. */
async function withPage<T>(onUpload: (path: string, body: Uint8Array) => Promise<void>, body: (page: import('puppeteer-core').Page, url: string) => Promise<T>): Promise<T> {
  let browser: Browser | null = null;
  let server: AppServer | null = null;
  try {
    server = await startServer(await ensureAppBuilt(ROOT), onUpload);
    browser = await launchBrowser();
    const page = await openCapturePage(browser, server.url);
    return await body(page, server.url);
  } catch (e) {
    throw e instanceof LongtailError ? e : new LongtailError(`the capture bench failed in the browser: ${firstLine(e)}`, 'browser');
  } finally {
    await browser?.close().catch(() => {});
    await server?.close();
  }
}

/**
 * The capture loop with RGB alone: the same frames as `longtail capture`, each simulated, rendered,
 * read back, uploaded and written as a PNG (encoded off the event loop, as capture does).
 */
async function rgbOnly(spec: SceneSpec, dir: string, log: (m: string) => void, label = 'RGB only'): Promise<{ fps: number; frames: number; rgbMs: number }> {
  mkdirSync(dir, { recursive: true });
  const writes: Promise<void>[] = [];
  let failure: unknown = null;
  return withPage(
    async (path, body) => {
      const [cam, index] = path.split('/');
      const c = spec.cameras.find((x) => x.name === cam)!;
      const job = encodePng({ width: c.width, height: c.height, channels: 3, bitDepth: 8, data: body }, nodeDeflate, 'up').then((png) => writeFile(join(dir, `${cam}-${index}.png`), png));
      job.catch((e: unknown) => (failure ??= e));
      writes.push(job);
      while (writes.length >= 3) await writes.shift();
    },
    async (page, url) => {
      const timeline = (await page.evaluate((s: SceneSpec) => window.longtail!.load(s), spec)) as Timeline;
      log(`bench: ${label}`);
      const t0 = performance.now();
      let n = 0;
      const rgbMs: number[] = [];
      for (const cam of spec.cameras) {
        const [first, last] = frameRange(spec, cam, timeline, undefined);
        for (let i = first; i <= last; i++, n++) rgbMs.push((await page.evaluate((c: string, k: number, u: string) => window.longtail!.captureRgb(c, k, u), cam.name, i, `${url}/upload/${cam.name}/${i}`)).rgb);
      }
      await page.evaluate(() => window.longtail!.flush());
      await Promise.all(writes);
      if (failure) throw failure;
      // The median page ms: the first frames also compile shaders.
      return { fps: n / ((performance.now() - t0) / 1000), frames: n, rgbMs: rgbMs.sort((a, b) => a - b)[rgbMs.length >> 1]! };
    },
  );
}

/** Layer-pass ms per frame, both ways, on the first LAYER_FRAMES frames of the first camera. */
async function layerPasses(spec: SceneSpec): Promise<{ mrt: number[]; separate: number[] }> {
  return withPage(
    async () => {
      throw new Error('the layer bench uploads nothing');
    },
    async (page) => {
      await page.evaluate((s: SceneSpec) => window.longtail!.load(s), spec);
      const cam = spec.cameras[0]!.name;
      await page.evaluate((c: string) => window.longtail!.benchLayers(c, 2), cam); // warm up
      await page.evaluate((s: SceneSpec) => window.longtail!.load(s), spec);
      return page.evaluate((c: string, n: number) => window.longtail!.benchLayers(c, n), cam, LAYER_FRAMES);
    },
  );
}

/** A capture's bytes on disk per frame, in all and by layer folder (rgb, depth, normals, …; the rest: manifest, scene). */
function bytesPerFrame(dir: string, frames: number): { total: number; parts: [string, number][] } {
  const parts = new Map<string, number>();
  let total = 0;
  for (const f of listFiles(dir)) {
    const size = statSync(join(dir, f)).size;
    total += size;
    const layer = f.split('/').length >= 3 ? f.split('/')[1]! : 'other';
    parts.set(layer, (parts.get(layer) ?? 0) + size);
  }
  return { total: total / frames, parts: [...parts.entries()].sort(([, a], [, b]) => b - a).map(([k, v]) => [k, v / frames]) };
}
