// The raycast vehicle and its driver against hand-computed motion.
import { Body, Plane, Vec3, World } from 'cannon-es';
import { describe, expect, it } from 'vitest';
import { Vehicle } from '../../src/physics/Vehicle.ts';
import { roadPoint, roadProject, type RoadSpec } from '../../src/scenario/index.ts';
import { entity } from './specs.ts';

const straight: RoadSpec = { kind: 'straight', curve: null, cross: null, lanes: 2, laneWidth: 3.5, length: 2000, shoulder: 1, oncoming: 1 };
const bend: RoadSpec = { ...straight, kind: 'curve', curve: { start: 50, radius: 150, angle: Math.PI / 2, direction: 1 } };
const DT = 1 / 120;

function setup(road: RoadSpec, speed: number, mu: number) {
  const world = new World({ gravity: new Vec3(0, 0, -9.81) });
  world.addBody(new Body({ mass: 0, shape: new Plane(), collisionFilterGroup: 1, collisionFilterMask: 4 }));
  const [x, y] = roadPoint(road, 0, -1.75);
  const spec = entity('car', 'car', [4.6, 1.8, 1.45], [x, y, 0], { kind: 'drive', speed, lane: { s: 0, t: -1.75, direction: 1 } });
  const v = new Vehicle(world, spec, road, { s: 0, t: -1.75, direction: 1 }, mu, 1500, { group: 8, mask: 4 });
  let t = 0;
  const step = (n: number) => {
    for (let i = 0; i < n; i++) {
      v.control(t, DT);
      world.step(DT);
      t += DT;
    }
  };
  return { v, step, now: () => t };
}

describe('Vehicle', () => {
  it('holds its speed and covers v·t along a straight lane', () => {
    const { v, step } = setup(straight, 20, 0.8);
    step(120); // settle the suspension
    const x0 = v.pose().position[0];
    step(240); // 2 s
    const covered = v.pose().position[0] - x0;
    expect(Math.abs(covered - 40) / 40).toBeLessThan(0.02);
    expect(Math.abs(v.pose().position[1] + 1.75)).toBeLessThan(0.1);
    // The box rests on its wheels: bottom centre within a few cm of the road.
    expect(Math.abs(v.pose().position[2])).toBeLessThan(0.05);
  });

  it('accelerates from rest to its target speed', () => {
    const { v, step } = setup(straight, 0, 0.8);
    step(60);
    v.setSpeed(10);
    step(600);
    expect(Math.abs(v.speed() - 10)).toBeLessThan(0.3);
    expect(v.pose().position[0]).toBeGreaterThan(20);
  });

  for (const [surface, mu] of [['dry', 0.8], ['wet', 0.5], ['ice', 0.1]] as const) {
    it(`stops from 20 m/s within 10% of v²/(2µg) on ${surface} road under full braking`, () => {
      const { v, step } = setup(straight, 20, mu);
      step(120);
      const x0 = v.pose().position[0];
      const v0 = v.speed();
      v.brake(15); // more than any road's grip: the limit is µ·g
      for (let i = 0; i < 120 * 40 && v.speed() > 0.05; i++) step(1);
      const want = (v0 * v0) / (2 * mu * 9.81);
      const got = v.pose().position[0] - x0;
      expect(Math.abs(got - want) / want).toBeLessThan(0.1);
    });
  }

  it('stops in v²/(2a) when the asked deceleration is within grip', () => {
    const { v, step } = setup(straight, 20, 0.8);
    step(120);
    const x0 = v.pose().position[0];
    const v0 = v.speed();
    v.brake(4);
    for (let i = 0; i < 120 * 20 && v.speed() > 0.05; i++) step(1);
    expect(Math.abs(v.pose().position[0] - x0 - (v0 * v0) / 8) / ((v0 * v0) / 8)).toBeLessThan(0.05);
  });

  it('follows its lane round a bend', () => {
    const { v, step } = setup(bend, 15, 0.8);
    let worst = 0;
    for (let i = 0; i < 120 * 12; i++) {
      step(1);
      const [x, y] = v.pose().position;
      const { t } = roadProject(bend, x, y);
      if (i > 120) worst = Math.max(worst, Math.abs(t + 1.75));
    }
    expect(worst).toBeLessThan(0.5);
  });
});

describe('Vehicle determinism', () => {
  it('gives bit-identical poses for the same steps', () => {
    const run = () => {
      const { v, step } = setup(bend, 18, 0.5);
      step(300);
      v.brake(9);
      step(300);
      return JSON.stringify(v.pose());
    };
    expect(run()).toBe(run());
  });
});
