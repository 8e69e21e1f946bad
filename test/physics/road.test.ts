// Lane following around a bend, against the geometry worked out by hand.
import { describe, expect, it } from 'vitest';
import { PhysicsWorld, STATE_STRIDE } from '../../src/physics/index.ts';
import { roadFrame, roadPoint, roadProject, type RoadSpec, type SceneSpec } from '../../src/scenario/index.ts';
import { entity, sceneSpec } from './specs.ts';

const bend: RoadSpec = { kind: 'curve', curve: { start: 0, radius: 100, angle: Math.PI / 2, direction: 1 }, cross: null, lanes: 2, laneWidth: 3.5, length: 400, shoulder: 1, oncoming: 1 };

describe('road geometry', () => {
  it('puts the reference line on the circle and the lanes beside it', () => {
    // s = 50 on a left bend of radius 100 from s = 0: φ = 0.5 rad, centre (0, 100).
    const f = roadFrame(bend, 50);
    expect(f.x).toBeCloseTo(100 * Math.sin(0.5), 12);
    expect(f.y).toBeCloseTo(100 * (1 - Math.cos(0.5)), 12);
    expect(f.heading).toBeCloseTo(0.5, 12);
    // Lane 1 (t = -1.75) is on the outside of a left bend: radius 101.75 about the centre.
    const [x, y] = roadPoint(bend, 50, -1.75);
    expect(Math.hypot(x - 0, y - 100)).toBeCloseTo(101.75, 9);
    // Past the bend (arc length 157.08) the road runs straight north (+y).
    const after = roadFrame(bend, 157.0796 + 20);
    expect(after.heading).toBeCloseTo(Math.PI / 2, 9);
    expect(after.x).toBeCloseTo(100, 3);
    expect(after.y).toBeCloseTo(120, 3);
  });

  it('projects a world point back to its road coordinates', () => {
    const [x, y] = roadPoint(bend, 80, 2.5);
    const back = roadProject(bend, x, y);
    expect(back.s).toBeCloseTo(80, 6);
    expect(back.t).toBeCloseTo(2.5, 6);
  });
});

describe('a car following its lane around the bend', () => {
  it('is where the geometry says after 5 s at 10 m/s, facing along the road', () => {
    const car = { ...entity('car', 'car', [4.5, 1.8, 1.45], [...roadPoint(bend, 0, -1.75), 0], { kind: 'static' }), motion: { kind: 'drive' as const, speed: 10, lane: { s: 0, t: -1.75, direction: 1 as const } } };
    const spec: SceneSpec = { ...sceneSpec([car]), road: bend };
    const w = new PhysicsWorld(spec);
    const s = w.step(600); // 5 s at 120 Hz
    // 50 m along the outer lane (radius 101.75) is φ = 50 / 101.75 rad round the bend.
    const phi = 50 / 101.75;
    const [x, y] = [101.75 * Math.sin(phi), 100 - 101.75 * Math.cos(phi)];
    expect(s[0]).toBeCloseTo(x, 3);
    expect(s[1]).toBeCloseTo(y, 3);
    expect(s[5]).toBeCloseTo(Math.sin(phi / 2), 5);
    expect(s[6]).toBeCloseTo(Math.cos(phi / 2), 5);
    expect(s[7]).toBeCloseTo(10, 3);
    expect(STATE_STRIDE).toBe(11);
  });

  it('drives against increasing s on an oncoming lane', () => {
    const car = { ...entity('car2', 'car', [4.5, 1.8, 1.45], [...roadPoint(bend, 100, 1.75), 0], { kind: 'static' }, 100 / 100 + Math.PI), motion: { kind: 'drive' as const, speed: 10, lane: { s: 100, t: 1.75, direction: -1 as const } } };
    const w = new PhysicsWorld({ ...sceneSpec([car]), road: bend });
    const s = w.step(240); // 2 s, 20 m along the inner lane (radius 98.25): Δs = 20 · 100 / 98.25
    const [x, y] = roadPoint(bend, 100 - (20 * 100) / 98.25, 1.75);
    expect(s[0]).toBeCloseTo(x, 3);
    expect(s[1]).toBeCloseTo(y, 3);
  });
});
