// The worker path through a real Node worker thread: the same API object the Web Worker exposes,
// exposed here with comlink's node adapter, must give the same bytes as in-process stepping and
// forward errors as Errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhysicsWorld, STATE_STRIDE } from '../../src/physics/index.ts';
import { startPhysicsThread } from './nodeThread.ts';
import type { PhysicsThread } from './nodeThread.ts';
import { at, car, cmp, crowd, deer, distance, happened, num, onRoad, sceneSpec, scripted, speedOf, standingDeer, when } from './specs.ts';

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

  it('runs behaviours and reports events, end and dry runs over comlink, as in-process', async () => {
    const { api, call } = thread;
    const spec = scripted(
      sceneSpec(
        [car('ego', [0, -1.75, 0], 0, 20), standingDeer('deer', [100, -5.25, 0], Math.PI / 2), deer('fawn', [60, 6, 0], { speed: 2, heading: -Math.PI / 2, start: 1, distance: 12 })],
        { duration: 10 },
      ),
      {
        behaviours: [
          { entity: 'deer', action: { kind: 'cross', speed: 4, heading: Math.PI / 2, distance: 10.5 }, trigger: when(happened('close')) },
          { entity: 'ego', action: { kind: 'brake', deceleration: 6 }, trigger: when(happened('deer_on_road')) },
          { entity: 'fawn', action: { kind: 'freeze' }, trigger: at(2.5) },
        ],
        events: [
          { name: 'close', condition: cmp(distance('ego', 'deer'), '<', num(30)) },
          { name: 'deer_on_road', condition: onRoad('deer') },
        ],
        end: cmp(speedOf('ego'), '<', num(0.01)),
      },
    );
    const local = new PhysicsWorld(spec);
    await call(api.load(spec));
    expect(await call(api.events())).toEqual([]);
    expect(await call(api.ended())).toBe(false);
    for (const n of [200, 300]) {
      const remote = await call(api.step(n));
      expect(new Uint8Array(remote.buffer)).toEqual(new Uint8Array(local.step(n).buffer));
    }
    // A dry run of the same scene leaves the loaded world where it was.
    const dry = await call(api.dryRun(spec, 60));
    expect(dry).toEqual(PhysicsWorld.dryRun(spec, 60));
    expect(dry.endTime).toBe(875 / 120);
    expect(await call(api.time())).toBe(500 / 120);
    while (!(await call(api.ended()))) {
      const remote = await call(api.step(100));
      expect(new Uint8Array(remote.buffer)).toEqual(new Uint8Array(local.step(100).buffer));
    }
    expect(local.ended()).toBe(true);
    const events = await call(api.events());
    expect(events).toEqual(local.events());
    expect(events).toEqual([
      { name: 'close', time: 422 / 120 },
      { name: 'deer_on_road', time: 475 / 120 },
    ]);
    expect(dry.events).toEqual(events);
    // Load errors cross the thread as Errors with the message.
    const bad = scripted(spec, { behaviours: [{ entity: 'dear', action: { kind: 'stop' }, trigger: at(0) }] });
    await expect(call(api.load(bad))).rejects.toThrow(/entity "dear", which is not in the scene/);
  });
});
