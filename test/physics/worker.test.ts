// The worker path through a real Node worker thread: the same API object the Web Worker exposes,
// exposed here with comlink's node adapter, must give the same bytes as in-process stepping and
// forward errors as Errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhysicsWorld, STATE_STRIDE } from '../../src/physics/index.ts';
import { startPhysicsThread } from './nodeThread.ts';
import type { PhysicsThread } from './nodeThread.ts';
import { car, crowd, deer, sceneSpec } from './specs.ts';

let thread: PhysicsThread;

beforeAll(() => {
  thread = startPhysicsThread();
});

afterAll(async () => {
  await thread.close();
});

describe('physics worker (node worker_threads + comlink node adapter)', () => {
  it('steps to the same bytes as in-process stepping', async () => {
    const { api, call } = thread;
    const spec = sceneSpec([
      ...crowd(40).entities,
      deer('deer', [30, -3.5, 0], { speed: 3, heading: Math.PI / 2, start: 0.5, distance: 7 }),
    ]);
    const local = new PhysicsWorld(spec);
    await call(api.load(spec));
    expect(await call(api.time())).toBe(0);
    const first = await call(api.step(0));
    expect(first).toBeInstanceOf(Float32Array);
    expect(new Uint8Array(first.buffer)).toEqual(new Uint8Array(local.state().buffer));
    const frames: Float32Array[] = [first];
    for (const n of [1, 59, 120, 300]) {
      const remote = await call(api.step(n));
      const here = local.step(n);
      expect(remote.length).toBe(here.length);
      expect(new Uint8Array(remote.buffer)).toEqual(new Uint8Array(here.buffer));
      frames.push(remote);
    }
    expect(await call(api.time())).toBe(local.time());
    // Transferred arrays belong to the caller: earlier frames are intact.
    expect(first.length).toBe(local.entityCount * STATE_STRIDE);
    expect(new Set(frames.map((f) => f.buffer)).size).toBe(frames.length);
  });

  it('rejects with an Error naming the entity and time when a body leaves the world', async () => {
    const fresh = startPhysicsThread();
    const { api, call } = fresh;
    try {
      await expect(call(api.step(1))).rejects.toThrow(/before load/);
      await call(api.load(sceneSpec([car('ego', [0, 0, 0], 0, 20), car('ghost', [10, 3.5, 0], 0, Number.NaN)])));
      const err: unknown = await call(api.step(10)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      const message = (err as Error).message;
      expect(message).toMatch(/entity "ghost" \(id \d+, car\)/);
      expect(message).toMatch(/t = 0\.008333 s/);
      expect(message).toMatch(/speed: NaN/);
      // The thread survives and can load a good scene.
      await call(api.load(sceneSpec([car('ego', [0, 0, 0], 0, 20)])));
      const s = await call(api.step(120));
      expect(s[0]).toBeCloseTo(20, 4);
    } finally {
      await fresh.close();
    }
  });
});
