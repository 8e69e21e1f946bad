// Test helper: a real headless Chromium on the real built capture page, with frames decoded
// back in node exactly as the CLI receives them.
import type { Browser, Page } from 'puppeteer-core';
import { decodeFrame, type FrameRecord, type FullFrameRecord, type LayerChoice } from '../../src/capture/index.ts';
import { ensureAppBuilt, launchBrowser, openCapturePage, startServer, type AppServer } from '../../src/cli/index.ts';
import type { SceneSpec } from '../../src/scenario/index.ts';
import { ROOT } from '../../src/cli/version.ts';

export interface CapturePage {
  load(spec: SceneSpec): Promise<void>;
  /** Frame `index` with every layer (FullFrameRecord), or with `layers` only. */
  frame(camera: string, index: number): Promise<FullFrameRecord>;
  frame(camera: string, index: number, layers: readonly LayerChoice[]): Promise<FrameRecord>;
  close(): Promise<void>;
  readonly page: Page;
}

/** `models`: users' model files the page may load (GET /model/<sha256>), by SHA-256. */
export async function openCapture(models: ReadonlyMap<string, Uint8Array> = new Map()): Promise<CapturePage> {
  const dir = await ensureAppBuilt(ROOT);
  const received = new Map<string, Uint8Array>();
  const server: AppServer = await startServer(dir, async (path, body) => {
    received.set(path, body);
  }, models);
  let browser: Browser | null = null;
  try {
    browser = await launchBrowser();
    const page = await openCapturePage(browser, server.url);
    const b = browser;
    return {
      page,
      async load(spec) {
        await page.evaluate((s: SceneSpec) => window.longtail!.load(s), spec);
      },
      async frame(camera: string, index: number, layers?: readonly LayerChoice[]): Promise<FullFrameRecord> {
        const key = `${camera}/${index}`;
        await page.evaluate((c: string, k: number, u: string, l?: readonly LayerChoice[]) => window.longtail!.captureFrame(c, k, u, l), camera, index, `${server.url}/upload/${key}`, layers);
        await page.evaluate(() => window.longtail!.flush());
        const bytes = received.get(key);
        if (!bytes) throw new Error(`no upload arrived for ${key}`);
        return decodeFrame(bytes) as FullFrameRecord;
      },
      async close() {
        await b.close();
        await server.close();
      },
    };
  } catch (e) {
    await browser?.close();
    await server.close();
    throw e;
  }
}
