// `longtail export`: one instant of a sampled scene as binary glTF (.glb), for other renderers and
// viewers. Sampled as `capture` samples, simulated in the capture page to the frame, exported there
// by three's GLTFExporter (app/exportScene.ts) and POSTed to node, which writes the file.
import { join, relative, resolve } from 'node:path';
import type { Browser } from 'puppeteer-core';
import type { Timeline } from '../app/index.ts';
import { LongtailError } from '../core/index.ts';
import { applyOverrides } from '../dsl/index.ts';
import { captureWindow, frameCount, sample, type CameraSpec, type SceneSpec } from '../scenario/index.ts';
import { ensureAppBuilt } from './appBuild.ts';
import { helpText, intOption, parseArgs, sizeOption, usageError, type CommandSpec } from './args.ts';
import { launchBrowser, openCapturePage } from './browser.ts';
import { firstLine } from './CaptureSession.ts';
import { loadScenario } from './loadScenario.ts';
import { readModelFiles } from './modelFiles.ts';
import { startServer, type AppServer } from './server.ts';
import { ROOT } from './version.ts';
import { writeAtomically } from './writeAtomically.ts';

export const EXPORT: CommandSpec = {
  name: 'export',
  usage: 'longtail export <scenario.scene> --frame k [--out scene.glb] [--seed n] [--camera name] [--size WxH] [--set name=value ...]',
  summary:
    "Write the scene at one frame as binary glTF (.glb): every mesh with its material, the capture camera\n" +
    '(its field of view and aspect), and the sun, moon, headlights and street lights (KHR_lights_punctual).\n' +
    "Sampled as 'capture' samples it (same seed, same scene) and simulated in the browser to the frame.\n" +
    'Rain, snow, ground fog, lamp halos and the camera carrier\'s own body are left out (docs/export-gltf.md).',
  options: [
    { name: 'frame', value: '<k>', help: "frame index of the camera (frame k is at t = k / fps), from 0 to the run's last frame" },
    { name: 'out', value: '<file.glb>', help: 'where to write (default out/<scenario>-seed<seed>-<camera>-<frame>.glb); written whole or not at all' },
    { name: 'seed', value: '<n>', help: "random seed (default: the file's `seed`, else 0); same seed, same scene as capture" },
    { name: 'camera', value: '<name>', help: "the camera to export and count frames by (default: the scenario's first)" },
    { name: 'size', value: '<w>x<h>', help: "image size, which sets the camera's aspect (default: the scenario's)" },
    { name: 'set', value: '<name=value>', help: "fix a scenario parameter (repeatable), as for 'capture'" },
    { name: 'help', help: 'show this help' },
  ],
};

/** One export: a sampled scene, the camera and frame, where to write. */
export interface ExportJob {
  readonly spec: SceneSpec;
  readonly camera: CameraSpec;
  /** A frame index of `camera`, or 'middle': the middle of the frames `capture` would write. */
  readonly frame: number | 'middle';
  readonly out: string;
  readonly log?: (m: string) => void;
}

export interface ExportResult {
  readonly frame: number;
  readonly bytes: number;
  /** The file written, absolute. */
  readonly path: string;
  /** Browser start, scene load, simulation to the frame and export, ms. */
  readonly wallMs: number;
}

export async function exportCommand(argv: string[]): Promise<number> {
  const args = parseArgs(EXPORT, argv);
  if (args.options.has('help')) return (process.stdout.write(helpText(EXPORT)), 0);
  if (args.positional.length !== 1) throw usageError(EXPORT, `one scenario file expected, got ${args.positional.length}`);
  const frame = intOption(EXPORT, args, 'frame', 0, 100_000_000);
  if (frame === undefined) throw usageError(EXPORT, 'say which frame to export with --frame k (0 is the first)');
  const seed = intOption(EXPORT, args, 'seed', 0, 2 ** 53);
  const size = sizeOption(EXPORT, args, 'size');
  const { program, params } = applyOverrides(loadScenario(args.positional[0]!).program, args.lists.get('set') ?? []);
  const spec = sample(program, { ...(seed !== undefined ? { seed } : {}), ...(size ? { resolution: size } : {}), params });
  const camera = cameraOf(spec, args.options.get('camera'));
  const out = (args.options.get('out') as string | undefined) ?? join('out', `${spec.name}-seed${spec.seed}-${camera.name}-${frame}.glb`);
  const r = await runExport({ spec, camera, frame, out });
  process.stdout.write(`wrote frame ${r.frame} of '${spec.name}' seed ${spec.seed} (camera '${camera.name}') to ${relative(process.cwd(), r.path) || r.path} (${(r.bytes / 1e6).toFixed(2)} MB) in ${(r.wallMs / 1000).toFixed(1)} s\n`);
  return 0;
}

/** The camera named `name` (a string option), or the scenario's first; an unknown name is a usage error. */
export function cameraOf(spec: SceneSpec, name: string | true | undefined): CameraSpec {
  if (typeof name !== 'string') return spec.cameras[0]!;
  const cam = spec.cameras.find((c) => c.name === name);
  if (!cam) throw usageError(EXPORT, `no camera named '${name}'; the scenario has ${spec.cameras.map((c) => `'${c.name}'`).join(', ')}`);
  return cam;
}

/**
 * Export `job.frame` of `job.camera` to `job.out` (atomically) from a fresh headless Chromium on
 * the built capture page. A frame past the run is an error before the browser starts (past the
 * duration) or after the scene's dry run (past its `end` condition).
 */
export async function runExport(job: ExportJob): Promise<ExportResult> {
  const { spec, camera } = job;
  const frames = frameCount(spec, camera);
  if (job.frame !== 'middle' && job.frame >= frames) throw beyond(spec, camera, job.frame, frames - 1, `${spec.duration} s at ${camera.fps} fps`);
  const started = performance.now();
  const path = resolve(job.out);
  let received: Uint8Array | null = null;
  let browser: Browser | null = null;
  let server: AppServer | null = null;
  try {
    const models = new Map([...readModelFiles(spec).values()].map((m) => [m.sha256, m.bytes] as const));
    server = await startServer(
      await ensureAppBuilt(ROOT, job.log),
      async (_path, body) => {
        received = body;
      },
      models,
    );
    browser = await launchBrowser();
    const page = await openCapturePage(browser, server.url);
    const timeline = (await page.evaluate((s: SceneSpec) => window.longtail!.load(s), spec).catch((e: Error) => {
      throw new LongtailError(`loading the scene failed in the browser: ${firstLine(e)}`, 'browser');
    })) as Timeline;
    const frame = job.frame === 'middle' ? middleFrame(spec, camera, timeline) : job.frame;
    if (timeline.endTime !== null) {
      const last = Math.min(frames - 1, Math.floor(timeline.endTime * camera.fps + 1e-9));
      if (frame > last) throw beyond(spec, camera, frame, last, `its end condition held at ${Number(timeline.endTime.toFixed(3))} s`);
    }
    const url = `${server.url}/upload/export/${camera.name}/${frame}`;
    const sent = await page.evaluate((c: string, k: number, u: string) => window.longtail!.exportGltf(c, k, u), camera.name, frame, url).catch((e: Error) => {
      throw new LongtailError(`exporting frame ${frame} of camera '${camera.name}' failed in the browser: ${firstLine(e)}`, 'browser');
    });
    const glb = received as Uint8Array | null;
    if (!glb || glb.length !== sent.bytes) throw new LongtailError(`the page sent ${glb?.length ?? 0} of the ${sent.bytes} bytes of frame ${frame}'s glTF`, 'browser');
    writeAtomically(path, glb);
    return { frame, bytes: glb.length, path, wallMs: performance.now() - started };
  } finally {
    await browser?.close().catch(() => {});
    await server?.close();
  }
}

/** The middle of the frames `capture` writes for `cam` (its window around the event, or the whole run). */
export function middleFrame(spec: SceneSpec, cam: CameraSpec, timeline: Timeline): number {
  const w = captureWindow(spec, cam, timeline);
  if ('missing' in w) throw new LongtailError(`event '${w.missing}' did not happen with seed ${spec.seed}, so the capture window has no middle frame; give a frame`, 'scenario');
  return Math.floor((w.first + w.last) / 2);
}

function beyond(spec: SceneSpec, cam: CameraSpec, frame: number, last: number, why: string): LongtailError {
  return new LongtailError(
    `longtail export: frame ${frame} is beyond the run of '${spec.name}' seed ${spec.seed}: camera '${cam.name}' has frames 0 to ${last} (${why})`,
    'usage',
  );
}
