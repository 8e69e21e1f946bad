// `longtail bench --peer blender`: Longtail's frame time with every layer against Blender Cycles
// rendering one frame of the same scene (RGB only) from its glTF export, measured in one run.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { LongtailError } from '../core/index.ts';
import { sample } from '../scenario/index.ts';
import { allLayersCapture } from './benchCapture.ts';
import { DEFAULT_SCENARIO } from './capture.ts';
import { runExport } from './export.ts';
import { loadScenario } from './loadScenario.ts';
import { ROOT } from './version.ts';

/**
 * Samples per pixel: Kubric's default for its Blender renderer (kubric/renderer/blender.py,
 * `Blender(..., adaptive_sampling=True, use_denoising=True, samples_per_pixel=128)`).
 */
export const KUBRIC_SAMPLES = 128;
const SIZE: [number, number] = [640, 480];
const SEED = 0;

export const BLENDER_MISSING =
  "longtail bench --peer blender: 'blender' is not on PATH. Install it (Debian/Ubuntu: apt-get install blender python3-numpy; " +
  'elsewhere from blender.org, with its folder on PATH) and run the bench again; the bench does not install it';

/** The first executable file `name` in the folders of `path` (a PATH value), or null. */
export function findOnPath(name: string, path: string = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    try {
      if (!statSync(file).isFile()) continue;
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

/** What scripts/blender-render.py reports: Blender's version and settings, and the seconds it measured. */
interface BlenderReport {
  readonly version: string;
  readonly import_s: number;
  readonly render_s: number;
  readonly samples: number;
  readonly adaptive: boolean;
  readonly denoiser: string | null;
  readonly device: string;
  readonly threads: number;
  readonly width: number;
  readonly height: number;
  readonly objects: { meshes: number; lights: number; cameras: number };
}

/**
 * Capture the default scenario (seed 0, 640x480) with every layer, export the middle frame of its
 * capture window as .glb, render that in Blender (Cycles, CPU, Kubric's samples) and print the
 * figures side by side. Fails at once, before any work, when blender is not on PATH.
 */
export async function benchBlender(): Promise<void> {
  const blender = findOnPath('blender');
  if (!blender) throw new LongtailError(BLENDER_MISSING, 'missing');
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const { program, source } = loadScenario(join(ROOT, DEFAULT_SCENARIO));
  const spec = sample(program, { seed: SEED, resolution: SIZE });
  const tmp = mkdtempSync(join(tmpdir(), 'longtail-bench-blender-'));
  try {
    log('bench: Longtail, every layer and label');
    const { all, fps } = await allLayersCapture(spec, source, join(tmp, 'data'), log);
    log('bench: glTF export of the middle frame');
    const glb = join(tmp, 'scene.glb');
    const exported = await runExport({ spec, camera: spec.cameras[0]!, frame: 'middle', out: glb, log });
    log(`bench: Blender Cycles, ${KUBRIC_SAMPLES} samples, CPU (a minute or more on 2 cores)`);
    const t0 = performance.now();
    const report = await renderInBlender(blender, glb, join(tmp, 'blender.png'));
    const totalS = (performance.now() - t0) / 1000;
    const longtailS = 1 / fps;
    const r = report;
    process.stdout.write(
      `\npeer renderer: Blender against Longtail, '${spec.name}' seed ${spec.seed} (${DEFAULT_SCENARIO}) at ${SIZE[0]}x${SIZE[1]}, one run\n` +
        `  Longtail, every layer and label (${all.frames} frames captured and written): ${(longtailS * 1000).toFixed(0)} ms/frame (${fps.toFixed(1)} frames/s)\n` +
        `  Blender ${r.version} Cycles, RGB only, frame ${exported.frame} from its .glb (${(exported.bytes / 1e6).toFixed(2)} MB; ${r.objects.meshes} meshes, ${r.objects.lights} lights):\n` +
        `    render ${r.render_s.toFixed(1)} s/frame; import ${r.import_s.toFixed(2)} s; whole blender process ${totalS.toFixed(1)} s (start-up, import, render, PNG)\n` +
        `    settings: ${r.samples} samples/pixel (Kubric's default), adaptive sampling ${r.adaptive ? 'on' : 'off'}, denoiser ${r.denoiser ?? 'none (not in this build)'}, ` +
        `device ${r.device}, ${r.threads} threads, ${r.width}x${r.height}\n` +
        `  ratio Blender render / Longtail all layers: ${(r.render_s / longtailS).toFixed(0)}x (whole process: ${(totalS / longtailS).toFixed(0)}x)\n`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Run scripts/blender-render.py in `blender` on `glb`; its report line, or a one-line error with Blender's last words. */
function renderInBlender(blender: string, glb: string, png: string): Promise<BlenderReport> {
  const script = join(ROOT, 'scripts', 'blender-render.py');
  const args = ['-b', '--factory-startup', '--python-exit-code', '1', '--python', script, '--', glb, png, String(KUBRIC_SAMPLES), `${SIZE[0]}x${SIZE[1]}`];
  return new Promise((resolve, reject) => {
    const child = spawn(blender, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let report: BlenderReport | null = null;
    const tail: string[] = [];
    let partial = '';
    const onData = (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('LONGTAIL_BLENDER ')) report = JSON.parse(line.slice('LONGTAIL_BLENDER '.length)) as BlenderReport;
        else if (line.trim() && !line.startsWith('Fra:')) tail.push(line.trim()), tail.length > 4 && tail.shift();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => reject(new LongtailError(`longtail bench --peer blender: cannot run ${blender}: ${e.message}`, 'peer')));
    child.on('close', (code) => {
      if (code === 0 && report) resolve(report);
      else reject(new LongtailError(`longtail bench --peer blender: Blender failed (exit ${code}): ${tail.join(' | ') || 'no output'}`, 'peer'));
    });
  });
}
