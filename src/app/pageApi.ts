import type { SceneSpec } from '../scenario/index.ts';
import type { PhysicsBenchPlan, PhysicsBenchTimings } from './PhysicsProbe.ts';
import type { Timeline } from './Simulation.ts';
import type { LayerChoice, LayerPasses } from '../capture/index.ts';
import type { Quality } from '../render/index.ts';

export type { PhysicsBenchPlan, PhysicsBenchTimings };

/** What the headless capture page exposes as `window.longtail` for the CLI to drive. */
export interface PageApi {
  /** Load a scene; resolves with its event times and end time (from a physics dry run). */
  load(spec: SceneSpec): Promise<Timeline>;
  /**
   * Simulate to frame `index` of camera `camera`, render the layers `layers` asks for (default
   * every one; capture/layers.ts readbackFor), and start POSTing the encoded FrameRecord to `url`
   * (it completes while the next frame renders; see flush).
   * Resolves with where the time went in the page, milliseconds (`post`: waiting for the
   * previous upload).
   */
  captureFrame(camera: string, index: number, url: string, layers?: readonly LayerChoice[]): Promise<PageFrameTimings>;
  /**
   * For measuring: simulate to frame `index` and POST its RGB image alone (raw sRGB bytes, 3 a
   * pixel, top row first) to `url`, like captureFrame. Resolves with the page's ms.
   */
  captureRgb(camera: string, index: number, url: string): Promise<{ physics: number; rgb: number }>;
  /**
   * For measuring: capture frames 0..frames-1 of `camera` both ways ('mrt' and 'separate',
   * alternating which goes first) and give the ms of the layer passes + readback of each.
   */
  benchLayers(camera: string, frames: number): Promise<{ mrt: number[]; separate: number[] }>;
  /** Wait until every frame's upload has been accepted; rejects with the first upload error. */
  flush(): Promise<void>;
  /**
   * How long one physics call may take before load or captureFrame fails with an error naming
   * the scenario, the simulated time and the call (and the worker is restarted), ms; calls that
   * step more than 10 simulated seconds get this much per 10 s. Default 10 000.
   */
  setPhysicsTimeout(ms: number): void;
  /**
   * Measure the physics worker (a separate one: the loaded scene is untouched): load `spec`, then
   * step it in interleaved rounds of each way of stepping in `plan` (e.g. step(120) calls against
   * step(1) calls), every call awaited. Times from performance.now() in the page.
   */
  benchPhysics(spec: SceneSpec, plan: PhysicsBenchPlan): Promise<PhysicsBenchTimings>;
  /**
   * The packed states of `spec` stepped in the physics worker (a separate one): at t = 0 and after
   * each of `frames` step(stepsPerFrame) calls, concatenated, as base64 of the Float32Array bytes.
   */
  physicsTrace(spec: SceneSpec, frames: number, stepsPerFrame: number): Promise<string>;
  /**
   * How the ground-truth layers are drawn: one pass into several render targets ('mrt', the
   * default) or one pass per layer ('separate'); the same bytes either way (bench and tests).
   */
  setLayerPasses(mode: LayerPasses): void;
  /** The picture preset (render/quality.ts) of the scenes loaded from now on; the layers and labels never change with it. */
  setQuality(quality: Quality): void;
  /**
   * Test hook: the next physics step of captureFrame asks the worker for 2³¹ steps, so the worker
   * does not answer in time and the frame fails on the physics timeout.
   */
  debugHangPhysics(): void;
  /**
   * Simulate to frame `index` of camera `camera` and POST the scene at that instant as binary glTF
   * (app/exportScene.ts: meshes, materials, that camera, punctual lights) to `url`. Resolves with
   * the file's size in bytes once the upload has been accepted.
   */
  exportGltf(camera: string, index: number, url: string): Promise<{ bytes: number }>;
}

export interface PageFrameTimings {
  physics: number;
  rgb: number;
  /** Ground-truth geometry pass(es) + readback: ids, depth, normals, flow. */
  layers: number;
  /** Per-object passes for amodal boxes and visibility. */
  amodal: number;
  labels: number;
  encode: number;
  post: number;
}

declare global {
  interface Window {
    longtail?: PageApi;
    longtailReady?: Promise<void>;
  }
}
