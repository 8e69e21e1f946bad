import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/assets/index.ts';
import { MODELS } from '../../src/core/index.ts';
import {
  ANIMATED_MODELS,
  bodyLength,
  gaitAngles,
  gaitChanges,
  gaitOf,
  jointNames,
  poseLegs,
  strideLength,
  type GaitName,
} from '../../src/render/gait.ts';

const QUADRUPEDS = ['deer', 'moose', 'boar', 'dog', 'cow', 'horse', 'sheep'];
const PEOPLE = ['adult', 'child'];
const LEGS4 = ['leg_fl', 'leg_fr', 'leg_hl', 'leg_hr'];
const KNEES4 = ['knee_fl', 'knee_fr', 'knee_hl', 'knee_hr'];
const LIMBS2 = ['leg_l', 'leg_r', 'arm_l', 'arm_r', 'knee_l', 'knee_r'];

const info = (name: string) => MODELS.find((m) => m.name === name)!;
const lengthOf = (name: string): number => bodyLength(name, info(name).size);
/** A speed well inside `gait` for `model` at its default size. */
function speedFor(model: string, gait: GaitName): number {
  const [a, b] = gaitChanges(model, lengthOf(model));
  if (gait === 'walk') return 0.6 * a!;
  if (gait === 'trot' || gait === 'run') return b === undefined ? 1.6 * a! : Math.sqrt(a! * b);
  return 1.5 * b!;
}
/** Angles of `model` over one stride at `speed`, sampled at n distances from d0. */
function sweep(model: string, speed: number, stride: number, n = 64, d0 = 3.7) {
  return Array.from({ length: n }, (_, i) => gaitAngles(model, d0 + (i / n) * stride, speed, lengthOf(model)));
}

describe('gait', () => {
  it('animates exactly the animals and people, with their named joints', () => {
    expect([...ANIMATED_MODELS].sort()).toEqual([...QUADRUPEDS, ...PEOPLE].sort());
    for (const m of QUADRUPEDS) expect([...jointNames(m)].sort(), m).toEqual([...LEGS4, ...KNEES4].sort());
    for (const m of PEOPLE) expect([...jointNames(m)].sort(), m).toEqual([...LIMBS2].sort());
    expect(gaitAngles('sedan', 10, 5, 4.5)).toEqual({});
    expect(jointNames('sedan')).toEqual([]);
  });

  it('rests every joint at angle 0 at speed 0, wherever it has got to', () => {
    for (const m of ANIMATED_MODELS) {
      for (const d of [0, 0.37, 12.5, -3, 1e4]) {
        const a = gaitAngles(m, d, 0, lengthOf(m));
        expect(Object.keys(a).sort(), m).toEqual([...jointNames(m)].sort());
        for (const v of Object.values(a)) expect(Object.is(v, 0), `${m} at ${d} m`).toBe(true);
      }
      expect(gaitOf(m, 0, lengthOf(m))).toBe('rest');
    }
  });

  it('is deterministic and finite', () => {
    for (const m of ANIMATED_MODELS) {
      const s = speedFor(m, 'walk');
      expect(gaitAngles(m, 5.3, s, lengthOf(m))).toEqual(gaitAngles(m, 5.3, s, lengthOf(m)));
      for (const a of sweep(m, 3, 2)) for (const v of Object.values(a)) expect(Number.isFinite(v)).toBe(true);
    }
  });

  it('is periodic in distance with period = stride, proportional to body length', () => {
    for (const m of ANIMATED_MODELS) {
      const L = lengthOf(m);
      const gaits: GaitName[] = PEOPLE.includes(m) ? ['walk', 'run'] : ['walk', 'trot', m === 'dog' ? 'bound' : 'gallop'];
      for (const g of gaits) {
        const v = speedFor(m, g);
        expect(gaitOf(m, v, L), `${m} at ${v} m/s`).toBe(g);
        const stride = strideLength(m, g, L);
        expect(strideLength(m, g, 2 * L)).toBeCloseTo(2 * stride, 12);
        for (const d of [0, 0.41, 7.9, -2.2]) {
          const a = gaitAngles(m, d, v, L);
          const b = gaitAngles(m, d + stride, v, L);
          const c = gaitAngles(m, d + 3 * stride, v, L);
          for (const j of jointNames(m)) {
            expect(b[j]!, `${m} ${g} ${j}`).toBeCloseTo(a[j]!, 9);
            expect(c[j]!, `${m} ${g} ${j}`).toBeCloseTo(a[j]!, 9);
          }
        }
        // ... and not with half the period: the limbs really move through a cycle.
        const a = gaitAngles(m, 1, v, L);
        const h = gaitAngles(m, 1 + stride / 2, v, L);
        expect(jointNames(m).some((j) => Math.abs(a[j]! - h[j]!) > 0.1), `${m} ${g}`).toBe(true);
      }
    }
  });

  it('walks four-beat: quarter cycles between the legs, hind before fore on each side', () => {
    for (const m of QUADRUPEDS) {
      const L = lengthOf(m);
      const v = speedFor(m, 'walk');
      const S = strideLength(m, 'walk', L);
      // Leg j with phase p at distance d is where leg_fl is at d + p·S.
      const want = { leg_fl: 0, leg_fr: 0.5, leg_hl: 0.25, leg_hr: 0.75 };
      for (const d of [0.3, 1.1, 2.9]) {
        const at = gaitAngles(m, d, v, L);
        for (const [j, p] of Object.entries(want)) expect(at[j]!, `${m} ${j}`).toBeCloseTo(gaitAngles(m, d + p * S, v, L).leg_fl!, 9);
      }
    }
  });

  it('trots in diagonal pairs, half a cycle apart', () => {
    for (const m of QUADRUPEDS) {
      const L = lengthOf(m);
      const v = speedFor(m, 'trot');
      expect(gaitOf(m, v, L)).toBe('trot');
      const S = strideLength(m, 'trot', L);
      for (const a of sweep(m, v, S)) {
        expect(a.leg_fl).toBeCloseTo(a.leg_hr!, 12);
        expect(a.leg_fr).toBeCloseTo(a.leg_hl!, 12);
      }
      // The two diagonals are opposite: one is at the front when the other is at the back.
      const half = sweep(m, v, S).map((a, i, all) => [a, all[(i + 32) % 64]!] as const);
      for (const [a, b] of half) expect(a.leg_fl).toBeCloseTo(b.leg_fr!, 9);
    }
  });

  it('gallops (bounds, for a dog) with the front pair and the hind pair half a cycle apart', () => {
    for (const m of QUADRUPEDS) {
      const L = lengthOf(m);
      const v = speedFor(m, 'gallop');
      const g = gaitOf(m, v, L);
      expect(g).toBe(m === 'dog' ? 'bound' : 'gallop');
      const S = strideLength(m, g, L);
      const a = sweep(m, v, S);
      if (g === 'bound') for (const x of a) (expect(x.leg_fl).toBeCloseTo(x.leg_fr!, 12), expect(x.leg_hl).toBeCloseTo(x.leg_hr!, 12));
      // Hind legs are where the front ones were half a stride earlier.
      for (let i = 0; i < 64; i++) expect(a[i]!.leg_hl).toBeCloseTo(a[(i + 32) % 64]!.leg_fl!, 9);
      // Each pair is close together: far closer than in a trot.
      const spread = Math.max(...a.map((x) => Math.abs(x.leg_fl! - x.leg_fr!)));
      expect(spread, m).toBeLessThan(0.6 * 2 * Math.max(...a.map((x) => Math.abs(x.leg_fl!))));
    }
  });

  it('switches gait with speed relative to size', () => {
    for (const m of QUADRUPEDS) {
      const L = lengthOf(m);
      const [walkTrot, trotGallop] = gaitChanges(m, L);
      expect(walkTrot!).toBeLessThan(trotGallop!);
      expect(gaitOf(m, 0.5 * walkTrot!, L)).toBe('walk');
      expect(gaitOf(m, 1.05 * walkTrot!, L)).toBe('trot');
      expect(gaitOf(m, 1.05 * trotGallop!, L)).toBe(m === 'dog' ? 'bound' : 'gallop');
    }
    // A big animal still walks at a speed where a small one trots; a moose walks where a dog bounds.
    const v = 1.8;
    expect(gaitOf('dog', v, lengthOf('dog'))).toBe('trot');
    expect(gaitOf('moose', v, lengthOf('moose'))).toBe('walk');
    expect(gaitOf('dog', 4, lengthOf('dog'))).toBe('bound');
    expect(gaitOf('moose', 4, lengthOf('moose'))).toBe('trot');
    // Deer: walk 1.2 m/s, trot 3 m/s, gallop 8 m/s, as real deer do.
    expect([1.2, 3, 8].map((s) => gaitOf('deer', s, lengthOf('deer')))).toEqual(['walk', 'trot', 'gallop']);
    // People walk at 1.4 m/s and run at 3 m/s; a child starts running at a lower speed than an adult.
    for (const m of PEOPLE) expect([1.2, 3].map((s) => gaitOf(m, s, lengthOf(m)))).toEqual(['walk', 'run']);
    expect(gaitChanges('child', lengthOf('child'))[0]!).toBeLessThan(gaitChanges('adult', lengthOf('adult'))[0]!);
    expect(gaitOf('adult', 1.9, lengthOf('adult'))).toBe('walk');
    expect(gaitOf('child', 1.9, lengthOf('child'))).toBe('run');
  });

  it('swings further in faster gaits', () => {
    const peak = (m: string, g: GaitName, joint: string): number => {
      const v = speedFor(m, g);
      return Math.max(...sweep(m, v, strideLength(m, g, lengthOf(m)), 200).map((a) => Math.abs(a[joint]!)));
    };
    for (const m of QUADRUPEDS) {
      const fast: GaitName = m === 'dog' ? 'bound' : 'gallop';
      expect(peak(m, 'walk', 'leg_fl')).toBeGreaterThan(THREE.MathUtils.degToRad(10));
      expect(peak(m, 'trot', 'leg_fl')).toBeGreaterThan(peak(m, 'walk', 'leg_fl'));
      expect(peak(m, fast, 'leg_fl')).toBeGreaterThan(peak(m, 'trot', 'leg_fl'));
      expect(peak(m, fast, 'leg_fl')).toBeLessThan(THREE.MathUtils.degToRad(50));
    }
    // People: the built lean is undone, so a leg swings evenly about the vertical.
    for (const m of PEOPLE) {
      expect(peak(m, 'run', 'leg_l')).toBeGreaterThan(peak(m, 'walk', 'leg_l'));
      expect(peak(m, 'run', 'arm_r')).toBeGreaterThan(peak(m, 'walk', 'arm_r'));
    }
  });

  it('changes pose continuously with speed (gaits blend, no jump at a change) and fades in from rest', () => {
    for (const m of ANIMATED_MODELS) {
      const L = lengthOf(m);
      const top = 2 * gaitChanges(m, L).at(-1)!;
      let prev = gaitAngles(m, 4.2, 0, L);
      for (let i = 1; i <= 4000; i++) {
        const a = gaitAngles(m, 4.2, (i / 4000) * top, L);
        for (const j of jointNames(m)) expect(Math.abs(a[j]! - prev[j]!), `${m} ${j} at ${(i / 4000) * top} m/s`).toBeLessThan(0.02);
        prev = a;
      }
    }
  });

  it('folds each knee only while its foot is off the ground: front knees back, hocks forward', () => {
    for (const m of QUADRUPEDS) {
      const L = lengthOf(m);
      for (const g of ['walk', 'trot'] as const) {
        const v = speedFor(m, g);
        const S = strideLength(m, g, L);
        const samples = sweep(m, v, S, 200);
        // Folded part of the time, straight the rest (while the hip sweeps back: the foot is down).
        const folded = samples.filter((a) => a.knee_fl! > 1e-9).length;
        expect(folded, `${m} ${g}`).toBeGreaterThan(40);
        expect(folded, `${m} ${g}`).toBeLessThan(160);
        for (let i = 0; i < 200; i++) {
          const a = samples[i]!;
          expect(a.knee_fl!, m).toBeGreaterThanOrEqual(0);
          expect(a.knee_hl!, m).toBeLessThanOrEqual(0);
          if (a.knee_fl! > 1e-9) continue;
          // Straight knee: the hip turns back (positive, increasing) as the body passes over the foot.
          const next = samples[(i + 1) % 200]!;
          if (next.knee_fl! === 0) expect(next.leg_fl!, `${m} ${g}`).toBeGreaterThan(a.leg_fl!);
        }
        expect(Math.max(...samples.map((a) => a.knee_fl!))).toBeGreaterThan(THREE.MathUtils.degToRad(25));
      }
    }
  });

  it('runs the cycle backwards when moving backwards', () => {
    const L = lengthOf('deer');
    const v = speedFor('deer', 'walk');
    const a = gaitAngles('deer', -0.8, v, L);
    const S = strideLength('deer', 'walk', L);
    const b = gaitAngles('deer', -0.8 + S, v, L);
    for (const j of LEGS4) expect(a[j]!).toBeCloseTo(b[j]!, 9);
  });

  it('has no clock or randomness', async () => {
    const { readFileSync } = await import('node:fs');
    const src = readFileSync(new URL('../../src/render/gait.ts', import.meta.url), 'utf8');
    expect(src).not.toMatch(/Math\.random|Date\.now|performance\.now|new Date/);
  });
});

describe('poseLegs', () => {
  it('rotates the named joints of a model about their local y axis, and ignores unknown names', () => {
    const m = info('deer');
    const g = buildModel('deer', m.size, m.color);
    poseLegs(g, { leg_fl: 0.3, leg_hr: -0.2, wing_l: 1 });
    const fl = g.getObjectByName('leg_fl')!;
    expect(fl.rotation.toArray().slice(0, 3)).toEqual([0, 0.3, 0]);
    expect(g.getObjectByName('leg_hr')!.rotation.y).toBe(-0.2);
    expect(g.getObjectByName('leg_fr')!.rotation.y).toBe(0);
    poseLegs(g, gaitAngles('deer', 1, 0, 1.6));
    g.traverse((o) => expect(o.rotation.y === 0 || !o.name.startsWith('leg_')).toBe(true));
  });

  it('returns a posed model to exactly its built box at rest', () => {
    for (const name of ANIMATED_MODELS) {
      const m = info(name);
      const g = buildModel(name, m.size, m.color);
      const before = new THREE.Box3().setFromObject(g, true);
      poseLegs(g, gaitAngles(name, 2.2, 3, lengthOf(name)));
      g.updateMatrixWorld(true);
      const moved = new THREE.Box3().setFromObject(g, true);
      expect(moved.equals(before), name).toBe(false);
      poseLegs(g, gaitAngles(name, 2.2, 0, lengthOf(name)));
      g.updateMatrixWorld(true);
      expect(new THREE.Box3().setFromObject(g, true).equals(before), name).toBe(true);
    }
  });

  it('swings a walking person\'s legs about the vertical: the feet pass under the hips', () => {
    for (const name of PEOPLE) {
      const m = info(name);
      const g = buildModel(name, m.size, m.color);
      const L = lengthOf(name);
      const v = speedFor(name, 'walk');
      const S = strideLength(name, 'walk', L);
      const foot = (leg: string): number => {
        g.updateMatrixWorld(true);
        const b = new THREE.Box3().setFromObject(g.getObjectByName(leg)!, true);
        return (b.min.x + b.max.x) / 2 - g.getObjectByName(leg)!.getWorldPosition(new THREE.Vector3()).x;
      };
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < 32; i++) {
        poseLegs(g, gaitAngles(name, (i / 32) * S, v, L));
        const x = foot('leg_r');
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
      // Symmetric about the hip within a few centimetres (the built leg leans about 10° back).
      expect(hi, name).toBeGreaterThan(0.1 * L * 0.5);
      expect(lo, name).toBeLessThan(-0.1 * L * 0.5);
      expect(Math.abs(hi + lo), name).toBeLessThan(0.05 * L);
    }
  });
});
