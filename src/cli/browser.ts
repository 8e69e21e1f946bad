import { existsSync, rmSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { LongtailError } from '../core/index.ts';

/** Flags measured to give WebGL2 on SwiftShader without touching the network (see DESIGN.md). */
export const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-default-apps',
  '--mute-audio',
  '--hide-scrollbars',
];

export function chromePath(): string {
  const p = process.env.CHROME_PATH;
  for (const c of [p, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (c && existsSync(c)) return c;
  }
  throw new LongtailError(
    'no Chrome or Chromium found: run through `npm run capture` (which installs one) or set CHROME_PATH to a Chrome/Chromium executable',
    'browser',
  );
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromePath();
  try {
    return await puppeteer.launch({
      executablePath,
      headless: true,
      args: CHROME_FLAGS,
      protocolTimeout: 600_000,
      // The DevTools pipe, not a WebSocket: when node dies (even by kill -9) the pipe closes and
      // Chromium exits with it; over a WebSocket it ran on as an orphan (12 processes here).
      pipe: true,
      timeout: 60_000,
    });
  } catch (e) {
    const first = ((e as Error).message ?? String(e)).split('\n')[0];
    throw new LongtailError(`the browser failed to start (${executablePath}): ${first}`, 'browser');
  }
}

/** Open the capture page and wait until its API is there; page errors become thrown errors. */
export async function openCapturePage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push((e as Error).message ?? String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${url}/capture.html`, { waitUntil: 'load' });
  try {
    await page.waitForFunction(() => window.longtail !== undefined, { timeout: 30_000 });
  } catch {
    throw new LongtailError(`the capture page did not start: ${errors.join('; ') || 'no API after 30 s'}`, 'browser');
  }
  return page;
}

/**
 * Stop a browser at once from a signal handler, where nothing can be awaited: kill its whole
 * process group (puppeteer starts it detached) and delete the temporary profile folder that
 * puppeteer would have deleted on a normal close (a /tmp/puppeteer_dev_chrome_profile-* each time).
 */
export function killBrowserNow(browser: Browser): void {
  const proc = browser.process();
  if (!proc?.pid) return;
  try {
    process.kill(-proc.pid, 'SIGKILL');
  } catch {
    proc.kill('SIGKILL');
  }
  const profile = proc.spawnargs.find((a) => a.startsWith('--user-data-dir='))?.slice('--user-data-dir='.length);
  if (profile && profile.includes('puppeteer_dev_chrome_profile-')) rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
}
