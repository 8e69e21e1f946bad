// World's side of the gaits: distance travelled per entity, reset on seeks, limbs posed in applyState.
import { describe, expect, it } from 'vitest';
import { bodyLength, gaitAngles, jointNames } from '../../src/render/gait.ts';
import { MAX_STATE_GAP, World } from '../../src/render/World.ts';
import { STATE_STRIDE, type EntitySpec } from '../../src/scenario/index.ts';
import { analyticScene } from '../helpers/specs.ts';

const SIZE = [1.6, 0.45, 1.55] as const;
const L = bodyLength('deer', SIZE);
const V = 1.2;
/** A deer facing +y (yaw 90°), 10 m ahead of the ego car. */
const deer: EntitySpec = {
  id: 2,
  name: 'deer',
  cls: 'deer',
  model: 'deer',
  size: [...SIZE],
  position: [10, -3, 0],
  yaw: Math.PI / 2,
  color: [0.5, 0.33, 0.2],
  motion: { kind: 'walk', speed: V, heading: Math.PI / 2, start: 0, distance: 8 },
  lights: 'off',
};
const spec = analyticScene([deer]);

/** Packed state: the ego parked at the origin, the deer at y facing along `yaw`, moving at `speed`. */
function state(y: number, speed = V, opts: { yaw?: number; tipped?: boolean } = {}): Float32Array {
  const s = new Float32Array(2 * STATE_STRIDE);
  s.set([0, 0, 0, 0, 0, 0, 1, 0], 0);
  const h = (opts.yaw ?? Math.PI / 2) / 2;
  // Tipped: rolled 90° onto its side (about its own x axis) after the yaw.
  const q = opts.tipped ? [Math.cos(h) * Math.SQRT1_2, Math.sin(h) * Math.SQRT1_2, Math.sin(h) * Math.SQRT1_2, Math.cos(h) * Math.SQRT1_2] : [0, 0, Math.sin(h), Math.cos(h)];
  s.set([10, y, 0, ...q, speed], STATE_STRIDE);
  return s;
}

const REST = jointNames('deer').map(() => 0);
const pose = (w: World): number[] => jointNames('deer').map((j) => w.modelOf('deer').getObjectByName(j)!.rotation.y);
const want = (distance: number, speed = V): number[] => {
  const a = gaitAngles('deer', distance, speed, L);
  return jointNames('deer').map((j) => a[j]!);
};
const expectPose = (w: World, p: number[]): void => pose(w).forEach((v, i) => expect(v).toBeCloseTo(p[i]!, 5));

/** Walk the deer from y = -3 in steps of V/fps, calling applyState with and without time. */
function play(w: World, frames: number, fps = 30, withTime = true): void {
  for (let i = 0; i <= frames; i++) {
    const t = i / fps;
    w.applyState(state(-3 + V * t), withTime ? t : undefined);
  }
}

describe('World gaits', () => {
  it('builds with the limbs at rest', () => {
    const w = new World(spec);
    expect(pose(w)).toEqual(REST);
    w.dispose();
  });

  it('poses the legs for the distance walked, summed over successive states', () => {
    const w = new World(spec);
    play(w, 45); // 1.5 s at 1.2 m/s: 1.8 m
    expectPose(w, want(1.8));
    expect(pose(w).some((a) => Math.abs(a) > 0.05)).toBe(true);
    w.dispose();
  });

  it('gives the same pose for the same sequence of calls, and a new pose as the deer walks on', () => {
    const a = new World(spec);
    const b = new World(spec);
    play(a, 20);
    play(b, 20);
    expect(pose(a)).toEqual(pose(b));
    const before = pose(a);
    a.applyState(state(-3 + V * (21 / 30)), 21 / 30);
    expect(pose(a)).not.toEqual(before);
    a.dispose();
    b.dispose();
  });

  it('restarts from speed × time when time goes backwards or jumps ahead', () => {
    const w = new World(spec);
    play(w, 60);
    // Scrub back to t = 0.5 (same place as when played): distance re-estimated as 1.2 × 0.5.
    w.applyState(state(-3 + V * 0.5), 0.5);
    expectPose(w, want(V * 0.5));
    // A jump ahead by more than MAX_STATE_GAP is a seek too.
    const t = 0.5 + MAX_STATE_GAP + 0.2;
    w.applyState(state(-3 + V * t), t);
    expectPose(w, want(V * t));
    // Then playback sums again from there.
    w.applyState(state(-3 + V * t + 0.1), t + 0.1 / V);
    expectPose(w, want(V * t + 0.1));
    w.dispose();
  });

  it('without time, sums the distance between successive positions, backwards counting down', () => {
    const w = new World(spec);
    play(w, 30, 30, false);
    expectPose(w, want(1.2));
    // Moving back (against its heading) to where it was at 0.5 s.
    w.applyState(state(-3 + 0.6));
    expectPose(w, want(0.6));
    w.dispose();
  });

  it('rests the legs when standing still, when knocked over, and for the initial pose', () => {
    const w = new World(spec);
    play(w, 30);
    w.applyState(state(-3 + V, 0), 31 / 30);
    expect(pose(w)).toEqual(REST);
    w.applyState(state(-3 + V + 0.05, V, { tipped: true }), 32 / 30);
    expect(pose(w)).toEqual(REST);
    play(w, 10);
    expect(pose(w)).not.toEqual(REST);
    w.applyState(null);
    expect(pose(w)).toEqual(REST);
    w.dispose();
  });

  it('leaves the entity group itself where the state puts it', () => {
    const w = new World(spec);
    play(w, 15);
    const m = w.modelOf('deer');
    expect(m.position.toArray()).toEqual([10, Math.fround(-3 + V * 0.5), 0]);
    w.dispose();
  });
});
