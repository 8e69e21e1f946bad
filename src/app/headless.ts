// Entry of capture.html: the page the CLI drives frame by frame.
import { encodeFrameParts, readbackFor, READ_ALL, type LayerChoice } from '../capture/index.ts';
import type { CameraSpec, SceneSpec } from '../scenario/index.ts';
import type { PageApi, PageFrameTimings, PhysicsBenchPlan } from './pageApi.ts';
import { PhysicsProbe } from './PhysicsProbe.ts';
import { isQuality, QUALITIES, type Quality } from '../render/index.ts';
import { Simulation } from './Simulation.ts';

const canvas = document.querySelector('canvas')!;
const sim = new Simulation(canvas);
const probe = new PhysicsProbe();
/** The previous frame's upload: it travels while the next frame renders. */
let pending: Promise<void> = Promise.resolve();

async function upload(url: string, body: Uint8Array | Uint8Array[], index: number): Promise<void> {
  // A Blob body: Chromium sends it ~15x faster than an ArrayBufferView body (20 vs 320 ms for 3 MB).
  const blob = new Blob((Array.isArray(body) ? body : [body]) as Uint8Array<ArrayBuffer>[], { type: 'application/octet-stream' });
  const res = await fetch(url, { method: 'POST', body: blob });
  if (!res.ok) throw new Error(`frame ${index}: the capture server answered ${res.status}: ${await res.text()}`);
}

const api: PageApi = {
  async load(spec: SceneSpec) {
    await pending.catch(() => {}); // a new scene starts clean
    pending = Promise.resolve();
    return sim.load(spec);
  },
  async flush() {
    await pending;
  },
  async captureFrame(camera: string, index: number, url: string, layers?: readonly LayerChoice[]): Promise<PageFrameTimings> {
    const cam = cameraNamed(camera);
    const t = sim.capturer.timings;
    const before = { ...t };
    let t0 = performance.now();
    await sim.seekFrame(cam, index);
    const physics = performance.now() - t0;
    const rec = sim.capture(cam, index, layers ? readbackFor(layers) : READ_ALL);
    t0 = performance.now();
    const body = encodeFrameParts(rec);
    const encode = performance.now() - t0;
    // Wait for the previous frame's upload (its errors surface here), then send this one without
    // waiting: it travels while the caller asks for the next frame. flush() waits for the last.
    t0 = performance.now();
    await pending;
    const post = performance.now() - t0;
    pending = upload(url, body, index);
    pending.catch(() => {}); // reported by the next captureFrame or flush

    return { physics, rgb: t.rgb - before.rgb, layers: t.layers - before.layers, amodal: t.amodal - before.amodal, labels: t.labels - before.labels, encode, post };
  },
  async captureRgb(camera: string, index: number, url: string) {
    const cam = cameraNamed(camera);
    let t0 = performance.now();
    await sim.seekFrame(cam, index);
    const physics = performance.now() - t0;
    t0 = performance.now();
    const rgb = sim.capturer.captureRgb(sim.scene!, cam, index, sim.previousPoses(cam, index));
    const render = performance.now() - t0;
    await pending;
    pending = upload(url, rgb, index);
    pending.catch(() => {});
    return { physics, rgb: render };
  },
  async benchLayers(camera: string, frames: number) {
    const cam = cameraNamed(camera);
    const out = { mrt: [] as number[], separate: [] as number[] };
    const mode = sim.capturer.passes;
    try {
      for (let i = 0; i < frames; i++) {
        await sim.seekFrame(cam, i);
        // Alternate which way goes first, so neither always meets a warm cache.
        for (const m of i % 2 ? (['separate', 'mrt'] as const) : (['mrt', 'separate'] as const)) {
          sim.capturer.passes = m;
          const before = sim.capturer.timings.layers;
          sim.capture(cam, i);
          out[m].push(sim.capturer.timings.layers - before);
        }
      }
    } finally {
      sim.capturer.passes = mode;
    }
    return out;
  },
  setPhysicsTimeout(ms: number) {
    if (!(Number.isFinite(ms) && ms > 0)) throw new RangeError(`the physics timeout must be a positive number of ms, got ${ms}`);
    sim.physicsTimeoutMs = ms;
  },
  benchPhysics(spec: SceneSpec, plan: PhysicsBenchPlan) {
    return probe.bench(spec, plan);
  },
  physicsTrace(spec: SceneSpec, frames: number, stepsPerFrame: number) {
    return probe.trace(spec, frames, stepsPerFrame);
  },
  setLayerPasses(mode) {
    if (mode !== 'mrt' && mode !== 'separate') throw new RangeError(`layer passes must be 'mrt' or 'separate', got ${String(mode)}`);
    sim.capturer.passes = mode;
  },
  setQuality(quality: Quality) {
    if (!isQuality(quality)) throw new RangeError(`quality must be one of ${QUALITIES.join(', ')}, got ${String(quality)}`);
    sim.setQuality(quality);
  },
  debugHangPhysics() {
    sim.debugHangNextStep();
  },
  async exportGltf(camera: string, index: number, url: string) {
    const cam = cameraNamed(camera);
    await pending.catch(() => {}); // no frame upload in flight alongside
    await sim.seekFrame(cam, index);
    // Loaded on demand: three's exporter is not needed by the capture loop.
    const { exportScene } = await import('./exportScene.ts');
    const glb = await exportScene(sim.scene!, cam, index, sim.time);
    await upload(url, glb, index);
    return { bytes: glb.length };
  },
};
window.longtail = api;

function cameraNamed(name: string): CameraSpec {
  const spec = sim.spec;
  if (!spec) throw new Error('no scene loaded');
  const cam = spec.cameras.find((c) => c.name === name);
  if (!cam) throw new Error(`no camera named '${name}'`);
  return cam;
}
