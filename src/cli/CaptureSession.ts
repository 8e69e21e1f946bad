// One headless Chromium, one capture page and one upload server, serving any number of scenes in
// turn: capture pays the start-up once, and a data set pays it once for all its samples.
import type { Browser, CDPSession, Page } from 'puppeteer-core';
import { LongtailError } from '../core/index.ts';
import { decodeFrame, type LayerChoice } from '../capture/index.ts';
import type { DatasetWriter } from '../export/index.ts';
import type { SceneSpec } from '../scenario/index.ts';
import type { Quality } from '../render/index.ts';
import type { PageFrameTimings, Timeline } from '../app/index.ts';
import { ensureAppBuilt } from './appBuild.ts';
import { launchBrowser, openCapturePage } from './browser.ts';
import { startServer, type AppServer } from './server.ts';
import { ROOT } from './version.ts';

/** Where a capture's time went: summed page timings and node's overlapped work, ms. */
export interface Stage {
  count: number;
  page: PageFrameTimings;
  node: { decode: number; encodeWrite: number };
}

export function emptyStage(): Stage {
  return { count: 0, page: { physics: 0, rgb: 0, layers: 0, amodal: 0, labels: 0, encode: 0, post: 0 }, node: { decode: 0, encodeWrite: 0 } };
}

/** Frames waiting to be encoded and written while the page renders the next: bounds memory when the disk is slower than the renderer. */
const MAX_IN_FLIGHT = 3;

export class CaptureSession {
  private writer: DatasetWriter | null = null;
  private stage: Stage = emptyStage();
  private inFlight: Promise<void>[] = [];
  private failure: unknown = null;
  /** Totals over the session's life, for measuring: scenes loaded, frames captured, and the ms each took. */
  readonly totals = { loads: 0, loadMs: 0, frames: 0, captureMs: 0 };

  private constructor(
    private readonly server: AppServer,
    readonly browser: Browser,
    private readonly page: Page,
    /** Users' model files by SHA-256, served to the page; add a scene's before loading it. */
    readonly models: Map<string, Uint8Array>,
    /** Browser launch and page start, ms. */
    readonly startupMs: number,
    /** The browser was passed to open() and is not this session's to close. */
    private readonly borrowed = false,
  ) {}

  /**
   * Start the upload server and a capture page. With `browser`, the page opens in that browser
   * (which close() then leaves running: the caller owns it); otherwise in a new one.
   */
  static async open(options: { log?: (m: string) => void; physicsTimeoutMs?: number; browser?: Browser; quality?: Quality } = {}): Promise<CaptureSession> {
    const models = new Map<string, Uint8Array>();
    let session: CaptureSession | null = null;
    const appDir = await ensureAppBuilt(ROOT, options.log);
    const server = await startServer(appDir, (_path, body) => (session ? session.receive(body) : Promise.reject(new Error('no capture is running'))), models);
    let browser: Browser | null = null;
    let page: Page | null = null;
    try {
      const t0 = performance.now();
      browser = options.browser ?? (await launchBrowser());
      page = await openCapturePage(browser, server.url);
      if (options.physicsTimeoutMs !== undefined) await page.evaluate((ms: number) => window.longtail!.setPhysicsTimeout(ms), options.physicsTimeoutMs);
      if (options.quality !== undefined) await page.evaluate((q: Quality) => window.longtail!.setQuality(q), options.quality);
      session = new CaptureSession(server, browser, page, models, performance.now() - t0, options.browser !== undefined);
      return session;
    } catch (e) {
      if (options.browser) await page?.close().catch(() => {});
      else await browser?.close().catch(() => {});
      await server.close();
      throw e;
    }
  }

  /** Load a scene into the page; resolves with its event and end times (the page's physics dry run). */
  async load(spec: SceneSpec): Promise<Timeline> {
    const t0 = performance.now();
    // A full garbage collection in the page between scenes: the uploaded frames' Blobs (held in
    // the browser process until the page drops them) and the last scene's objects go now, not at
    // V8's leisure. Without it the browser process grew ~170 MB over a 100-sample data set.
    if (this.totals.loads > 0) await this.collectGarbage();
    const timeline = await this.page.evaluate((s: SceneSpec) => window.longtail!.load(s), spec).catch((e: Error) => {
      throw new LongtailError(`loading the scene failed in the browser: ${firstLine(e)}`, 'browser');
    });
    this.totals.loads++;
    this.totals.loadMs += performance.now() - t0;
    return timeline;
  }

  /**
   * Capture `frames` of the loaded scene into `writer` (each frame rendered, uploaded, checked and
   * written; encoding overlaps the next frame's render). Resolves when every frame is written.
   */
  async capture(writer: DatasetWriter, frames: readonly { camera: string; index: number }[], onFrame: () => void = () => {}): Promise<Stage> {
    this.writer = writer;
    this.stage = emptyStage();
    this.failure = null;
    const t0 = performance.now();
    const layers = [...writer.layers]; // the page reads back only what the writer writes
    try {
      for (const { camera, index } of frames) {
        const t = await this.page
          .evaluate((c: string, k: number, u: string, l: LayerChoice[]) => window.longtail!.captureFrame(c, k, u, l), camera, index, `${this.server.url}/upload/${camera}/${index}`, layers)
          .catch((e: Error) => {
            throw new LongtailError(`frame ${index} of camera '${camera}' failed in the browser: ${firstLine(e)}`, 'browser');
          });
        for (const k of Object.keys(t) as (keyof PageFrameTimings)[]) this.stage.page[k] += t[k];
        this.stage.count++;
        onFrame();
      }
      await this.page.evaluate(() => window.longtail!.flush()).catch((e: Error) => {
        throw new LongtailError(`uploading the last frames failed: ${firstLine(e)}`, 'browser');
      });
      await Promise.all(this.inFlight);
      if (this.failure) throw this.failure;
      this.totals.frames += this.stage.count;
      this.totals.captureMs += performance.now() - t0;
      return this.stage;
    } finally {
      await Promise.allSettled(this.inFlight);
      this.inFlight = [];
      this.writer = null;
    }
  }

  private cdp: CDPSession | null = null;

  private async collectGarbage(): Promise<void> {
    this.cdp ??= await this.page.createCDPSession();
    await this.cdp.send('HeapProfiler.collectGarbage');
  }

  /** The page's RSS is not visible from here; the browser's process id is, for measuring. */
  browserPid(): number | undefined {
    return this.browser.process()?.pid;
  }

  async close(): Promise<void> {
    if (this.borrowed) await this.page.close().catch(() => {});
    else await this.browser.close().catch(() => {});
    await this.server.close();
  }

  private async receive(body: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    const writer = this.writer;
    if (!writer) throw new Error('a frame arrived with no capture running');
    const t0 = performance.now();
    const rec = decodeFrame(body);
    this.stage.node.decode += performance.now() - t0;
    const job = (async () => {
      const t1 = performance.now();
      await writer.addFrame(rec);
      this.stage.node.encodeWrite += performance.now() - t1;
    })();
    job.catch((e: unknown) => (this.failure ??= e));
    this.inFlight.push(job);
    while (this.inFlight.length >= MAX_IN_FLIGHT) await this.inFlight.shift();
  }
}

/** The first line of a browser error's message: the page's own message, without its class name or puppeteer's stack. */
export function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.replace(/^(?:Longtail|Range|Type)?Error: /, '');
}
