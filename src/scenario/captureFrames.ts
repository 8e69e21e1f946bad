// Which frames of a camera a capture takes: the scenario's window around its event (or its whole
// run), then the frames picked inside it. A timing rule beside frameCount and stepsToFrame.
import { frameCount, type CameraSpec, type SceneSpec } from './SceneSpec.ts';

/** What a run of the scene said about time: when each event happened (null: never) and when the `end` condition held. */
export interface RunOutcome {
  readonly events: readonly { readonly name: string; readonly time: number | null }[];
  readonly endTime: number | null;
}

/**
 * The first and last frame of `cam` to capture: every frame of the duration (or up to the end
 * condition), or only those inside the scenario's `capture from … to …` window around its event.
 * `missing` names the window's event when it did not happen (the window is empty).
 */
export function captureWindow(spec: SceneSpec, cam: CameraSpec, run: RunOutcome): { first: number; last: number } | { missing: string } {
  let first = 0;
  let last = frameCount(spec, cam) - 1;
  if (run.endTime !== null) last = Math.min(last, Math.floor(run.endTime * cam.fps + 1e-9));
  const w = spec.window;
  if (w) {
    const at = run.events.find((e) => e.name === w.event)?.time ?? null;
    if (at === null) return { missing: w.event };
    first = Math.max(0, Math.ceil((at - w.before) * cam.fps - 1e-9));
    last = Math.floor((at + w.after) * cam.fps + 1e-9);
  }
  return { first, last };
}

/** How to pick frames in a window: `count` spread evenly over it, or every `stride`-th from its first; neither: all. */
export interface FramePick {
  readonly count?: number;
  readonly stride?: number;
}

/**
 * The frame indices picked from first..last: `count` frames spread evenly, both ends included
 * (round(first + k·(last − first)/(count − 1)); one frame: the middle one; all of them when the
 * window is shorter), or first, first + stride, …; ascending and distinct.
 */
export function spreadFrames(first: number, last: number, pick: FramePick): number[] {
  const span = last - first + 1;
  if (span <= 0) return [];
  if (pick.stride !== undefined) return Array.from({ length: Math.floor((span - 1) / pick.stride) + 1 }, (_, k) => first + k * pick.stride!);
  const n = pick.count ?? span;
  if (n >= span) return Array.from({ length: span }, (_, k) => first + k);
  if (n === 1) return [Math.round((first + last) / 2)];
  return Array.from({ length: n }, (_, k) => first + Math.round((k * (last - first)) / (n - 1)));
}
