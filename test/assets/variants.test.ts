// Model variants and vehicle details: every model in every variant, at sampled sizes, fills its
// label box exactly (so boxes stay tight); antlers are inside the box; trucks keep their cab's real
// length; vehicles have wheels with rims, mirrors and number plates where a real one has them.
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { buildModel, disposeModel } from '../../src/assets/index.ts';
import { buildDeer } from '../../src/assets/models/deer.ts';
import { buildMoose } from '../../src/assets/models/moose.ts';
import { ANTLERED, MODELS, Rng, modelByName, type ModelVariant } from '../../src/core/index.ts';
import { drawLook } from '../../src/scenario/appearance.ts';

type V3 = readonly [number, number, number];
const MM = 1e-3;

function meshes(g: THREE.Object3D): THREE.Mesh[] {
  const out: THREE.Mesh[] = [];
  g.traverse((o) => {
    if (o instanceof THREE.Mesh) out.push(o);
  });
  return out;
}
const named = (g: THREE.Object3D, name: string) => meshes(g).filter((m) => m.name === name);

/** Box of one mesh's vertices in the model's frame. */
function meshBox(m: THREE.Mesh): THREE.Box3 {
  m.updateWorldMatrix(true, false);
  return new THREE.Box3().setFromObject(m, true);
}

function expectFillsWithEveryMeshInside(g: THREE.Object3D, size: V3, what: string): void {
  g.updateMatrixWorld(true);
  const b = new THREE.Box3().setFromObject(g, true);
  const [L, W, H] = size;
  const want = [-L / 2, -W / 2, 0, L / 2, W / 2, H];
  [...b.min.toArray(), ...b.max.toArray()].forEach((v, i) => expect(Math.abs(v - want[i]!), `${what} box ${i}`).toBeLessThan(MM));
  for (const m of meshes(g)) {
    const mb = meshBox(m);
    expect(mb.min.x >= -L / 2 - MM && mb.min.y >= -W / 2 - MM && mb.min.z >= -MM, `${what} ${m.name || 'mesh'} min`).toBe(true);
    expect(mb.max.x <= L / 2 + MM && mb.max.y <= W / 2 + MM && mb.max.z <= H + MM, `${what} ${m.name || 'mesh'} max`).toBe(true);
  }
}

/** The variants each model comes in (the empty variant is the model's default look). */
const VARIANTS: Readonly<Record<string, ModelVariant[]>> = {
  sedan: [{ body: 'saloon' }, { body: 'hatchback' }, { body: 'estate' }],
  truck: [{ cab: 'day' }, { cab: 'sleeper' }],
  deer: [{ antlers: false }, { antlers: true }],
  moose: [{ antlers: false }, { antlers: true }],
  cow: [{ patches: true }, { patches: false }],
  adult: [{ trousers: [0.1, 0.13, 0.22], skin: [0.5, 0.34, 0.23], hair: [0.65, 0.5, 0.3] }],
  child: [{ trousers: [0.05, 0.05, 0.06], skin: [0.87, 0.7, 0.58], hair: [0.05, 0.04, 0.04] }],
};

describe('every model in every variant', () => {
  for (const m of MODELS) {
    it(`${m.name} fills its sampled box exactly, every mesh inside it, in each variant`, () => {
      for (const variant of [{}, ...(VARIANTS[m.name] ?? [])]) {
        for (let seed = 0; seed < 4; seed++) {
          const size = drawLook(m, new Rng(seed, 'look:t')).size;
          const g = buildModel(m.name, size, m.color, variant);
          expectFillsWithEveryMeshInside(g, size, `${m.name} ${JSON.stringify(variant)} seed ${seed}`);
          disposeModel(g);
        }
      }
    });
  }
});

describe('antlers', () => {
  const height = (g: THREE.Object3D) => new THREE.Box3().setFromObject(g, true).getSize(new THREE.Vector3());
  it('grow the box by the factors core/models.ts samples with (the same body, antlers on top)', () => {
    for (const [name, build] of [['deer', buildDeer], ['moose', buildMoose]] as const) {
      const without = height(build([0.5, 0.3, 0.2], 0, { antlers: false }));
      const withA = height(build([0.5, 0.3, 0.2], 0, { antlers: true }));
      const f = ANTLERED[name]!.boxFactor;
      expect(Math.abs(withA.x / without.x - f[0]), name).toBeLessThan(0.003);
      expect(Math.abs(withA.y / without.y - f[1]), name).toBeLessThan(0.003);
      expect(Math.abs(withA.z / without.z - f[2]), name).toBeLessThan(0.003);
    }
  });

  it('are there only on the antlered variant: the top of the box is antler, the head below it', () => {
    const m = modelByName('deer')!;
    const size: V3 = [1.6, 0.45, 1.55 * ANTLERED.deer!.boxFactor[2]];
    const buck = buildModel('deer', size, m.color, { antlers: true });
    const doe = buildModel('deer', [1.6, 0.45, 1.55], m.color, { antlers: false });
    const headTop = (g: THREE.Object3D) => meshBox(named(g, 'head')[0]!).max.z;
    // Same body height: the buck's head sits as high as the doe's, the antlers above it.
    expect(Math.abs(headTop(buck) - headTop(doe))).toBeLessThan(0.01);
    expect(size[2] - headTop(buck)).toBeGreaterThan(0.15);
    expect(meshes(buck).length).toBeGreaterThan(meshes(doe).length);
  });
});

describe('body styles and cabs', () => {
  const verts = (g: THREE.Object3D) => meshes(g).flatMap((mesh) => [...meshBox(mesh).min.toArray(), ...meshBox(mesh).max.toArray()]);
  it('a saloon, a hatchback and an estate are different shapes', () => {
    const size: V3 = [4.4, 1.8, 1.45];
    const [a, b, c] = (['saloon', 'hatchback', 'estate'] as const).map((body) => verts(buildModel('sedan', size, [0.5, 0.5, 0.5], { body })));
    expect(a).not.toEqual(b);
    expect(b).not.toEqual(c);
    expect(a).not.toEqual(c);
  });

  it('a truck keeps its cab length in metres at any length, and has two rear axles from 8.8 m', () => {
    for (const [L, cab, want] of [[7.5, 'day', 2.05], [11, 'day', 2.05], [7.5, 'sleeper', 2.55], [11, 'sleeper', 2.55]] as const) {
      const g = buildModel('truck', [L, 2.5, 3.6], [0.8, 0.8, 0.8], { cab });
      const b = meshBox(named(g, 'cab')[0]!);
      expect(Math.abs(b.max.x - b.min.x - want), `${L} m ${cab}`).toBeLessThan(0.12);
      expect(named(g, 'wheel')).toHaveLength(L >= 8.8 ? 6 : 4);
      expect(named(g, 'fairing')).toHaveLength(cab === 'sleeper' ? 1 : 0);
    }
  });
});

describe('vehicle details', () => {
  const CARS = ['sedan', 'suv', 'pickup', 'van', 'truck', 'bus'];
  for (const name of CARS) {
    it(`${name}: wheels on rims, two mirrors at the sides, plates front and rear, glass`, () => {
      const m = modelByName(name)!;
      const g = buildModel(name, m.size, m.color);
      const [L, W] = m.size;
      const wheels = named(g, 'wheel');
      expect(wheels.length).toBeGreaterThanOrEqual(4);
      expect(named(g, 'rim')).toHaveLength(wheels.length);
      // Each rim on the outside of its tyre.
      for (const rim of named(g, 'rim')) {
        const y = rim.getWorldPosition(new THREE.Vector3()).y;
        const tyre = wheels.reduce((best, w) => (w.getWorldPosition(new THREE.Vector3()).distanceTo(rim.getWorldPosition(new THREE.Vector3())) < best.getWorldPosition(new THREE.Vector3()).distanceTo(rim.getWorldPosition(new THREE.Vector3())) ? w : best));
        expect(Math.abs(y)).toBeGreaterThan(Math.abs(tyre.getWorldPosition(new THREE.Vector3()).y));
      }
      const mirrors = named(g, 'mirror');
      expect(mirrors).toHaveLength(2);
      expect(mirrors.map((x) => Math.sign(x.getWorldPosition(new THREE.Vector3()).y)).sort()).toEqual([-1, 1]);
      for (const x of mirrors) expect(Math.abs(meshBox(x).max.y) > W / 2 - 0.2 || Math.abs(meshBox(x).min.y) > W / 2 - 0.2).toBe(true);
      const front = named(g, 'plate_front');
      const rear = named(g, 'plate_rear');
      expect([front.length, rear.length]).toEqual([1, 1]);
      expect(meshBox(front[0]!).max.x).toBeGreaterThan(L / 2 - 0.15);
      expect(meshBox(rear[0]!).min.x).toBeLessThan(-L / 2 + 0.15);
      const glass = meshes(g).filter((x) => (x.material as THREE.MeshStandardMaterial).roughness <= 0.05);
      expect(glass.length).toBeGreaterThan(1);
    });
  }

  it('a motorcycle has a rear plate', () => {
    expect(named(buildModel('motorcycle', [2.1, 0.8, 1.2], [0.1, 0.1, 0.1]), 'plate_rear')).toHaveLength(1);
  });
});

describe('looks from the variant', () => {
  const colorsOf = (g: THREE.Object3D) => new Set(meshes(g).map((x) => (x.material as THREE.MeshStandardMaterial).color.getHexString()));
  const hex = (c: V3) => new THREE.Color().setRGB(...c, THREE.SRGBColorSpace).getHexString();

  it('people wear the trousers and have the skin and hair of their variant', () => {
    const v = VARIANTS.adult![0]!;
    const cs = colorsOf(buildModel('adult', [0.5, 0.6, 1.75], [0.2, 0.3, 0.6], v));
    for (const c of [v.trousers!, v.skin!, v.hair!]) expect(cs.has(hex(c))).toBe(true);
  });

  it('a cow without patches has no dark patch material', () => {
    const dark = hex([0x1c / 255, 0x1a / 255, 0x19 / 255]);
    expect(colorsOf(buildModel('cow', [2.4, 0.8, 1.5], [0.9, 0.9, 0.88], { patches: true })).has(dark)).toBe(true);
    expect(colorsOf(buildModel('cow', [2.4, 0.8, 1.5], [0.5, 0.3, 0.15], { patches: false })).has(dark)).toBe(false);
  });
});
