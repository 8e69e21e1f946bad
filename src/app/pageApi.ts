import type { SceneSpec } from '../scenario/index.ts';
import type { Timeline } from './Simulation.ts';

/** What the headless capture page exposes as `window.longtail` for the CLI to drive. */
export interface PageApi {
  /** Load a scene; resolves with its event times and end time (from a physics dry run). */
  load(spec: SceneSpec): Promise<Timeline>;
  /**
   * Simulate to frame `index` of camera `camera`, render every layer, and start POSTing the
   * encoded FrameRecord to `url` (it completes while the next frame renders; see flush).
   * Resolves with where the time went in the page, milliseconds (`post`: waiting for the
   * previous upload).
   */
  captureFrame(camera: string, index: number, url: string): Promise<PageFrameTimings>;
  /** Wait until every frame's upload has been accepted; rejects with the first upload error. */
  flush(): Promise<void>;
}

export interface PageFrameTimings {
  physics: number;
  rgb: number;
  ids: number;
  depth: number;
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
