// Brake lights follow the driver: bright while the vehicle slows, at rest otherwise.
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { World } from '../../src/render/World.ts';
import { STATE_STRIDE, type EntitySpec } from '../../src/scenario/index.ts';
import { analyticScene } from '../helpers/specs.ts';

const car: EntitySpec = { id: 2, name: 'lead', cls: 'car', model: 'sedan', size: [4.6, 1.8, 1.45], position: [20, 0, 0], yaw: 0, color: [0.5, 0.5, 0.5], motion: { kind: 'drive', speed: 20, lane: null }, lights: 'off' };

function tailIntensity(w: World): number {
  let v = -1;
  w.models.get(2)!.traverse((o) => {
    if (o.name === 'taillight') v = ((o as THREE.Mesh).material as THREE.MeshStandardMaterial).emissiveIntensity;
  });
  return v;
}

function state(x: number, speed: number): Float32Array {
  const s = new Float32Array(2 * STATE_STRIDE);
  s.set([0, 0, 0, 0, 0, 0, 1, 0], 0);
  s.set([x, 0, 0, 0, 0, 0, 1, speed], STATE_STRIDE);
  return s;
}

describe('brake lights', () => {
  it('light up while the car slows by more than 0.5 m/s², and go out when it holds its speed', () => {
    const w = new World(analyticScene([car]));
    w.applyState(state(20, 20), 0);
    expect(tailIntensity(w)).toBe(0);
    w.applyState(state(22, 20), 0.1); // steady
    expect(tailIntensity(w)).toBe(0);
    w.applyState(state(24, 19.4), 0.2); // −6 m/s²
    expect(tailIntensity(w)).toBe(6);
    w.applyState(state(26, 19.38), 0.3); // −0.2 m/s²: coasting
    expect(tailIntensity(w)).toBe(0);
    w.applyState(state(24, 19.4), 0.2); // time went back: a seek, lights reset
    expect(tailIntensity(w)).toBe(0);
  });
});
