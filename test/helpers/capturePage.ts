// Test helper: a real headless Chromium on the real built capture page, with frames decoded
// back in node exactly as the CLI receives them.
import type { Browser, Page } from 'puppeteer-core';
import { decodeFrame, type FrameRecord } from '../../src/capture/index.ts';
import { ensureAppBuilt, launchBrowser, openCapturePage, startServer, type AppServer } from '../../src/cli/index.ts';
import type { SceneSpec } from '../../src/scenario/index.ts';
import { ROOT } from '../../src/cli/version.ts';

export interface CapturePage {
  load(spec: SceneSpec): Promise<void>;
  frame(camera: string, index: number): Promise<FrameRecord>;
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
      async frame(camera, index) {
        const key = `${camera}/${index}`;
        await page.evaluate((c: string, k: number, u: string) => window.longtail!.captureFrame(c, k, u), camera, index, `${server.url}/upload/${key}`);
        await page.evaluate(() => window.longtail!.flush());
        const bytes = received.get(key);
        if (!bytes) throw new Error(`no upload arrived for ${key}`);
        return decodeFrame(bytes);
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
