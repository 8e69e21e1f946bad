// Entry of index.html, the authoring page: wires the editor, the simulation, the viewport, the
// info panel and the status line. Each part lives in its own module; this file only connects them.
import './styles.css';
import defaultScenario from '../../scenes/deer-crossing-night.scene?raw';
import { Simulation } from '../app/index.ts';
import type { FrameRecord } from '../capture/index.ts';
import type { Diagnostic } from '../core/index.ts';
import { frameCount, type SceneSpec } from '../scenario/index.ts';
import { buildScene } from './buildScene.ts';
import { DiagnosticsPanel } from './DiagnosticsPanel.ts';
import { captureFileName, saveBytes, zipCapture } from './downloadCapture.ts';
import { Editor } from './Editor.ts';
import { InfoPanel } from './InfoPanel.ts';
import { LAYERS, type Layer } from './layerView.ts';
import { Player } from './Player.ts';
import { StatusLine } from './StatusLine.ts';
import { Viewport, type ViewMode } from './Viewport.ts';

declare global {
  interface Window {
    /** The bytes of the last "Download capture" zip (for tests and the curious). */
    __lastCaptureZip?: Uint8Array;
    __lastCaptureName?: string;
  }
}

const FILE = 'scenes/deer-crossing-night.scene';
/** A first load slower than this probably means the physics worker never started. */
const LOAD_WATCHDOG_MS = 30_000;

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const e = document.getElementById(id);
  if (!e) throw new Error(`index.html lacks #${id}`);
  return e as T;
};
const body = document.body;
const status = new StatusLine($('status'));

function message(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  if (e instanceof ErrorEvent) return e.message;
  return String(e);
}

function reportError(e: unknown): void {
  console.error(e);
  status.showError(message(e));
}

window.addEventListener('error', (e) => reportError(e.error ?? e.message));
window.addEventListener('unhandledrejection', (e) => reportError(e.reason));

const canvas = $<HTMLCanvasElement>('gl');
canvas.addEventListener('webglcontextlost', (e) => {
  e.preventDefault(); // lets the browser restore it
  body.dataset.state = 'error';
  status.showError('WebGL context lost (GPU reset or out of memory); waiting for the browser to restore it');
});
canvas.addEventListener('webglcontextrestored', () => {
  body.dataset.state = 'running';
  status.clearError();
  status.info('WebGL context restored');
  viewport?.sceneChanged();
});

let sim: Simulation;
try {
  sim = new Simulation(canvas);
} catch (e) {
  body.dataset.state = 'error';
  status.showError(`cannot start the 3D view (WebGL2 needed): ${message(e)}`);
  throw e;
}

// ---- parts ----
const viewport: Viewport = new Viewport(sim, {
  box: $('viewport'),
  stage: $('stage'),
  overlay: $<HTMLCanvasElement>('overlay'),
  hint: $('view-hint'),
});
const info = new InfoPanel($('scene-info'), $('legend'));
const player = new Player(sim, onSimChange, reportError);
const editor = new Editor($<HTMLTextAreaElement>('editor-text'), $('editor-gutter'), (src) => void rebuild(src));
const diagnostics = new DiagnosticsPanel($('diagnostics'), (d) => editor.moveTo(d.line, d.col, d.length));

const seedInput = $<HTMLInputElement>('seed');
const playButton = $<HTMLButtonElement>('play');
const timeReadout = $('time');
const compileBadge = $('compile-state');
const downloadButton = $<HTMLButtonElement>('download');

// ---- state ----
/** The scene on screen and the text it came from (the last good one while the editor has errors). */
let current: { spec: SceneSpec; source: string } | null = null;
/** The last text that compiled and sampled: re-sampled by Resample while the editor's text is broken. */
let lastGoodSource = defaultScenario;
/** The file's own `seed` line last time it compiled: when it changes, the seed box follows it. */
let fileSeed: number | null | undefined;
/** Where labels were last computed, so a still scene is captured once, not every frame. */
let labelled: { spec: SceneSpec | null; steps: number } = { spec: null, steps: -1 };
let legendKey = '';
let loads = 0;

// ---- scenario → scene ----
/**
 * Compile and sample `source` and show what the compiler said. `reseed`: the seed box changed, so
 * sample again even when the scene text did not (and, when the text is broken, re-sample the last
 * good text while the diagnostics stay on screen).
 */
async function rebuild(source: string, reseed = false): Promise<void> {
  const chooseSeed = (seedOfFile: number | null): number => {
    // The file's own `seed` line sets the box when that line changes (not when the box is driving).
    if (!reseed && seedOfFile !== fileSeed) {
      fileSeed = seedOfFile;
      seedInput.value = String(seedOfFile ?? 0);
    }
    return seedValue();
  };
  const result = buildScene(source, FILE, chooseSeed);
  markGutter(result.diagnostics);
  if (result.ok) {
    lastGoodSource = source;
    const warnings = result.diagnostics.length;
    compileBadge.textContent = warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : 'ok';
    compileBadge.className = 'badge ok';
    if (warnings) diagnostics.show(result.diagnostics, source);
    else diagnostics.clear();
    return loadIfNew(result.spec, source, reseed);
  }
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  compileBadge.textContent = `${errors || 1} error${errors === 1 ? '' : 's'} · ${current ? 'showing the last good scene' : 'no scene'}`;
  compileBadge.className = 'badge error';
  diagnostics.show(result.diagnostics, source, result.message);
  if (reseed && lastGoodSource !== source) {
    const fallback = buildScene(lastGoodSource, FILE, chooseSeed);
    if (fallback.ok) await loadIfNew(fallback.spec, lastGoodSource, true);
  }
}

async function loadIfNew(spec: SceneSpec, source: string, force: boolean): Promise<void> {
  if (!force && current && JSON.stringify(current.spec) === JSON.stringify(spec)) {
    current = { spec, source }; // same scene (a comment or spacing changed): keep running
    return;
  }
  await load(spec, source);
}

async function load(spec: SceneSpec, source: string): Promise<void> {
  const n = ++loads;
  const watchdog = setTimeout(() => {
    status.showError(`the physics worker has not answered for ${LOAD_WATCHDOG_MS / 1000} s (did it fail to start?)`);
  }, LOAD_WATCHDOG_MS);
  status.info(`loading ${spec.name}, seed ${spec.seed}…`);
  try {
    await player.load(spec);
    if (n !== loads) return; // a newer load is queued behind this one
    current = { spec, source };
    info.showScene(spec);
    viewport.sceneChanged();
    $('scene-title').textContent = `${spec.name} · seed ${spec.seed}`;
    status.info(`loaded ${spec.name}, seed ${spec.seed}`);
    body.dataset.state = 'running';
  } catch (e) {
    reportError(e);
    diagnostics.showMessage(`the scene could not be loaded: ${message(e)}`);
    // The simulation dropped its scene; bring the last good one back.
    const previous = current;
    if (previous && previous.spec !== spec) await load(previous.spec, previous.source);
    else if (!previous) body.dataset.state = 'error';
  } finally {
    clearTimeout(watchdog);
  }
}

function seedValue(): number {
  const v = Number(seedInput.value);
  return Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0;
}

function markGutter(ds: readonly Diagnostic[]): void {
  const marks = new Map<number, 'error' | 'warning'>();
  for (const d of ds) if (marks.get(d.line) !== 'error') marks.set(d.line, d.severity);
  editor.setMarks(marks);
}

// ---- simulation state → page ----
function onSimChange(): void {
  viewport.invalidate();
  playButton.textContent = player.playing ? 'Pause' : 'Play';
  playButton.classList.toggle('playing', player.playing);
  body.dataset.playing = String(player.playing);
  const spec = player.spec;
  const cam = player.camera;
  if (!spec || !cam) return;
  const end = player.endSteps / spec.physicsHz;
  timeReadout.textContent = `t ${sim.time.toFixed(3)} / ${end.toFixed(3)} s · frame ${player.frame} / ${frameCount(spec, cam) - 1}`;
}

function showLabels(rec: FrameRecord): void {
  labelled = { spec: player.spec, steps: player.steps };
  info.showLabels(rec);
  status.setVisible(rec.objects.filter((o) => o.pixels > 0).length, `labels, frame ${rec.index}`);
  viewport.invalidate(); // capturing drew into the canvas at the camera's size
}

/** While still, label the current instant once (the info panel's pixel counts, the status count). */
function labelIfStill(): void {
  if (player.playing || !player.idle || !player.spec) return;
  if (labelled.spec === player.spec && labelled.steps === player.steps) return;
  labelled = { spec: player.spec, steps: player.steps };
  player
    .captureHere()
    .then((rec) => rec && showLabels(rec))
    .catch(reportError);
}

// ---- controls ----
for (const b of document.querySelectorAll('button')) b.addEventListener('mousedown', (e) => e.preventDefault()); // keep focus where typing is

playButton.addEventListener('click', () => player.toggle());
$('step').addEventListener('click', () => void player.step().catch(reportError));
$('restart').addEventListener('click', () => void player.restart().catch(reportError));

seedInput.addEventListener('change', () => void rebuild(editor.value, true));
$('resample').addEventListener('click', () => {
  seedInput.value = String(seedValue() + 1);
  void rebuild(editor.value, true);
});

function choose<T extends string>(groupId: string, attr: string, value: T): void {
  for (const b of $(groupId).querySelectorAll<HTMLButtonElement>('button')) b.setAttribute('aria-checked', String(b.dataset[attr] === value));
}
for (const b of $('layers').querySelectorAll<HTMLButtonElement>('button')) {
  b.addEventListener('click', () => {
    const layer = b.dataset.layer as Layer;
    if (!LAYERS.includes(layer)) return;
    viewport.layer = layer;
    choose('layers', 'layer', layer);
    legendKey = '';
    info.showLegend(layer, null);
    body.dataset.layer = layer;
  });
}
for (const b of $('views').querySelectorAll<HTMLButtonElement>('button')) {
  b.addEventListener('click', () => {
    const view = b.dataset.view as ViewMode;
    viewport.view = view;
    choose('views', 'view', view);
    body.dataset.view = view;
  });
}

downloadButton.addEventListener('click', () => void download());

async function download(): Promise<void> {
  const scene = current;
  if (!scene) return;
  downloadButton.disabled = true;
  player.setPlaying(false);
  status.info('capturing…');
  try {
    const rec = await player.captureNearest();
    onSimChange();
    showLabels(rec);
    const bytes = await zipCapture(rec, scene.spec, scene.source);
    const name = captureFileName(scene.spec, rec.index);
    window.__lastCaptureZip = bytes;
    window.__lastCaptureName = name;
    saveBytes(bytes, name);
    status.info(`saved ${name} (${(bytes.length / 1024).toFixed(0)} KiB)`);
  } catch (e) {
    reportError(e);
  } finally {
    downloadButton.disabled = false;
  }
}

document.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target as HTMLElement | null;
  if (t && (t.closest('textarea, input, select, [contenteditable]') || (e.key === ' ' && t.closest('button')))) return;
  if (e.key === ' ') {
    e.preventDefault();
    player.toggle();
  } else if (e.key === '.') {
    e.preventDefault();
    void player.step().catch(reportError);
  }
});

// ---- display loop ----
let lastFrame = performance.now();
function frame(now: number): void {
  const dt = Math.max(0, (now - lastFrame) / 1000);
  lastFrame = now;
  try {
    player.tick(dt);
    const drawn = viewport.draw();
    if (drawn) {
      status.drew(drawn.ms);
      const stats = drawn.stats;
      if (stats?.instances) status.setVisible(stats.instances.size, 'in view');
      const key = `${drawn.layer}|${[...(stats?.classes ?? [])].join(',')}|${[...(stats?.instances ?? [])].join(',')}|${loads}`;
      if (key !== legendKey) {
        legendKey = key;
        info.showLegend(drawn.layer, stats);
      }
    }
    labelIfStill();
  } catch (e) {
    reportError(e);
  }
  status.tick(now);
  requestAnimationFrame(frame);
}

// ---- start ----
$('editor-file').textContent = FILE;
editor.value = defaultScenario;
info.showLegend('rgb', null);
body.dataset.layer = 'rgb';
body.dataset.view = 'camera';
onSimChange();
requestAnimationFrame(frame);
void rebuild(defaultScenario).then(() => {
  if (!current) body.dataset.state = 'error';
});
