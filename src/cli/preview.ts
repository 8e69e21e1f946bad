// `longtail preview`: a contact sheet of sampled variations, for a person to look at what a
// scenario really produces before capturing thousands of frames of it.
import { join, resolve } from 'node:path';
import type { Browser } from 'puppeteer-core';
import type { Timeline } from '../app/index.ts';
import { LongtailError } from '../core/index.ts';
import { applyOverrides } from '../dsl/index.ts';
import { encodePng } from '../export/index.ts';
import { sample, type CameraSpec, type SceneSpec } from '../scenario/index.ts';
import { ensureAppBuilt } from './appBuild.ts';
import { helpText, intOption, parseArgs, sizeOption, usageError, type CommandSpec } from './args.ts';
import { drawText, GLYPH_H, textWidth } from './bitmapFont.ts';
import { launchBrowser, openCapturePage } from './browser.ts';
import { firstLine, frameRange } from './capture.ts';
import { loadScenario } from './loadScenario.ts';
import { readModelFiles } from './modelFiles.ts';
import { nodeDeflate } from './nodeDeflate.ts';
import { startServer, type AppServer } from './server.ts';
import { ROOT } from './version.ts';
import { writeAtomically } from './writeAtomically.ts';

export const PREVIEW: CommandSpec = {
  name: 'preview',
  usage: 'longtail preview <scenario.scene ...> [--samples n] [--seed n] [--size WxH] [--out sheet.png] [--set name=value ...]',
  summary:
    'Render sampled variations of scenarios into one contact-sheet PNG, for a person to look at. Each\n' +
    "tile is one seed's frame at the scenario's first event (or the middle of its frames when it has\n" +
    'no event, or the event does not happen), from its first camera, labelled with the seed. One\n' +
    'scenario: a grid of --samples tiles; several: one row per scenario.',
  options: [
    { name: 'samples', value: '<n>', help: 'seeds per scenario (default 12)' },
    { name: 'seed', value: '<n>', help: 'first seed (default 0): tiles show seeds n, n+1, ...' },
    { name: 'size', value: '<WxH>', help: 'tile size in pixels (default 320x240)' },
    { name: 'out', value: '<file.png>', help: 'where to write the sheet (default out/<scenario>-preview.png, or out/preview.png for several)' },
    { name: 'set', value: '<name=value>', help: "fix a scenario parameter (repeatable), as for 'capture'" },
    { name: 'help', help: 'show this help' },
  ],
};

/** Pixels between tiles and around the sheet. */
const GUTTER = 6;
const LABEL_SCALE = 2;

interface Tile {
  readonly label: string;
  readonly rgb: Uint8Array;
}

export async function previewCommand(argv: string[]): Promise<number> {
  const args = parseArgs(PREVIEW, argv);
  if (args.options.has('help')) return (process.stdout.write(helpText(PREVIEW)), 0);
  if (args.positional.length === 0) throw usageError(PREVIEW, 'give at least one scenario file');
  const samples = intOption(PREVIEW, args, 'samples', 1, 400) ?? 12;
  const first = intOption(PREVIEW, args, 'seed', 0, 2 ** 53 - 401) ?? 0;
  const [w, h] = sizeOption(PREVIEW, args, 'size') ?? [320, 240];
  const files = args.positional;
  const programs = files.map((f) => loadScenario(f).program);
  const sets = args.lists.get('set') ?? [];
  // Sample everything first: a scenario that cannot be sampled fails before the browser starts.
  const specs = programs.map((program) => {
    const o = applyOverrides(program, sets);
    return Array.from({ length: samples }, (_, k) => sample(o.program, { seed: first + k, resolution: [w, h], params: o.params }));
  });
  const name = files.length === 1 ? specs[0]![0]!.name : 'preview';
  const out = resolve((args.options.get('out') as string | undefined) ?? join('out', `${name}-preview.png`));

  const tiles = await renderTiles(specs.flat(), files.length > 1);
  const cols = files.length > 1 ? samples : Math.ceil(Math.sqrt(samples * (4 / 3) * (h / w)));
  const sheet = composeSheet(tiles, cols, w, h);
  const png = await encodePng({ width: sheet.width, height: sheet.height, channels: 3, bitDepth: 8, data: sheet.rgb }, nodeDeflate, 'up');
  writeAtomically(out, png);
  process.stdout.write(`wrote ${tiles.length} tiles (${sheet.width}x${sheet.height}) to ${out}\n`);
  return 0;
}

/** Each spec's preview frame, RGB, from one browser. */
async function renderTiles(specs: readonly SceneSpec[], named: boolean): Promise<Tile[]> {
  const received = new Map<string, Uint8Array>();
  let browser: Browser | null = null;
  let server: AppServer | null = null;
  try {
    // Users' model files of every sample, served to the page by SHA-256 as capture does.
    const models = new Map<string, Uint8Array>();
    for (const spec of specs) for (const m of readModelFiles(spec).values()) models.set(m.sha256, m.bytes);
    server = await startServer(
      await ensureAppBuilt(ROOT),
      async (path, body) => {
        received.set(path, body);
      },
      models,
    );
    browser = await launchBrowser();
    const page = await openCapturePage(browser, server.url);
    const tiles: Tile[] = [];
    for (const [i, spec] of specs.entries()) {
      const where = `scenario '${spec.name}' seed ${spec.seed}`;
      const timeline = (await page.evaluate((s: SceneSpec) => window.longtail!.load(s), spec).catch((e: Error) => {
        throw new LongtailError(`${where}: loading failed in the browser: ${firstLine(e)}`, 'browser');
      })) as Timeline;
      const cam = spec.cameras[0]!;
      const index = previewFrame(spec, cam, timeline);
      await page
        .evaluate(async (c: string, k: number, u: string) => {
          await window.longtail!.captureRgb(c, k, u);
          await window.longtail!.flush();
        }, cam.name, index, `${server.url}/upload/${i}`)
        .catch((e: Error) => {
          throw new LongtailError(`${where}: frame ${index} failed in the browser: ${firstLine(e)}`, 'browser');
        });
      const rgb = received.get(String(i));
      if (!rgb || rgb.length !== cam.width * cam.height * 3) throw new LongtailError(`${where}: the page sent no image for frame ${index}`, 'browser');
      tiles.push({ label: named ? `${spec.name} seed ${spec.seed}` : `seed ${spec.seed}`, rgb });
    }
    return tiles;
  } finally {
    await browser?.close().catch(() => {});
    await server?.close();
  }
}

/**
 * The frame a tile shows: the camera's frame at the first event that happens (the rare moment the
 * scenario is about), else the middle of the frames `capture` would write.
 */
export function previewFrame(spec: SceneSpec, cam: CameraSpec, timeline: Timeline): number {
  const [a, b] = frameRange(spec, cam, timeline, undefined);
  const t = timeline.events.find((e) => e.time !== null)?.time ?? null;
  if (t === null) return Math.floor((a + b) / 2);
  return Math.min(b, Math.max(a, Math.round(t * cam.fps)));
}

/** Tiles in rows of `cols` on a dark sheet, each with its label in the top-left corner. */
export function composeSheet(tiles: readonly Tile[], cols: number, w: number, h: number): { width: number; height: number; rgb: Uint8Array } {
  const rows = Math.ceil(tiles.length / cols);
  const width = cols * w + (cols + 1) * GUTTER;
  const height = rows * h + (rows + 1) * GUTTER;
  const rgb = new Uint8Array(width * height * 3).fill(24);
  tiles.forEach((t, i) => {
    const x0 = GUTTER + (i % cols) * (w + GUTTER);
    const y0 = GUTTER + Math.floor(i / cols) * (h + GUTTER);
    for (let y = 0; y < h; y++) rgb.set(t.rgb.subarray(y * w * 3, (y + 1) * w * 3), ((y0 + y) * width + x0) * 3);
    // The label on a black band, so it reads on snow and on night alike; cut to the tile's width.
    const fit = Math.max(0, Math.floor((w - 2 * LABEL_SCALE) / textWidth(' ', LABEL_SCALE)));
    const label = t.label.length > fit ? t.label.slice(0, fit) : t.label;
    const lw = Math.min(w, textWidth(label, LABEL_SCALE) + 2 * LABEL_SCALE);
    const lh = (GLYPH_H + 2) * LABEL_SCALE;
    for (let y = 0; y < lh; y++) rgb.fill(0, ((y0 + y) * width + x0) * 3, ((y0 + y) * width + x0 + lw) * 3);
    drawText(rgb, width, height, label, x0 + 2 * LABEL_SCALE, y0 + LABEL_SCALE, LABEL_SCALE, [255, 255, 255]);
  });
  return { width, height, rgb };
}

