import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { buildModel as buildModelDirect } from '../../src/assets/buildModel.ts';
import { MODEL_NAMES, buildModel, disposeModel, triangleCount } from '../../src/assets/index.ts';
import { MODELS, MODEL_ALIASES, classByName } from '../../src/core/index.ts';

type V3 = readonly [number, number, number];

const MM = 1e-3;
/** Models with lamps: two head and two tail lights, the motorcycle one of each. */
const MOTOR_VEHICLES = ['sedan', 'suv', 'pickup', 'van', 'truck', 'bus', 'motorcycle'];
const ANIMALS = ['deer', 'moose', 'boar', 'dog', 'cow', 'horse', 'sheep'];
/** Models whose shape varies with a hash of colour and size. */
const VARYING = ['debris', 'rock', 'fallen_tree'];

const info = (name: string) => MODELS.find((m) => m.name === name)!;

function boxOf(group: THREE.Object3D): THREE.Box3 {
  group.updateMatrixWorld(true);
  return new THREE.Box3().setFromObject(group, true);
}

function meshes(group: THREE.Object3D): THREE.Mesh[] {
  const out: THREE.Mesh[] = [];
  group.traverse((o) => {
    if (o instanceof THREE.Mesh) out.push(o);
  });
  return out;
}

function named(group: THREE.Object3D, name: string): THREE.Object3D[] {
  const out: THREE.Object3D[] = [];
  group.traverse((o) => {
    if (o.name === name) out.push(o);
  });
  return out;
}

/** Every vertex of every mesh, in world space, flattened. */
function worldVertices(group: THREE.Object3D): number[] {
  group.updateMatrixWorld(true);
  const out: number[] = [];
  const v = new THREE.Vector3();
  for (const m of meshes(group)) {
    const pos = m.geometry.getAttribute('position');
    for (let i = 0; i < pos.count; i++) out.push(...v.fromBufferAttribute(pos, i).applyMatrix4(m.matrixWorld).toArray());
  }
  return out;
}

/** Every vertex of the given meshes, in world space, flattened. */
function worldVerticesOf(ms: THREE.Mesh[]): number[] {
  const out: number[] = [];
  const v = new THREE.Vector3();
  for (const m of ms) {
    m.updateWorldMatrix(true, false);
    const pos = m.geometry.getAttribute('position');
    for (let i = 0; i < pos.count; i++) out.push(...v.fromBufferAttribute(pos, i).applyMatrix4(m.matrixWorld).toArray());
  }
  return out;
}

function expectFills(group: THREE.Object3D, size: V3): void {
  const b = boxOf(group);
  const [L, W, H] = size;
  expect(Math.abs(b.min.x + L / 2)).toBeLessThan(MM);
  expect(Math.abs(b.max.x - L / 2)).toBeLessThan(MM);
  expect(Math.abs(b.min.y + W / 2)).toBeLessThan(MM);
  expect(Math.abs(b.max.y - W / 2)).toBeLessThan(MM);
  expect(Math.abs(b.min.z)).toBeLessThan(MM);
  expect(Math.abs(b.max.z - H)).toBeLessThan(MM);
}

describe('buildModel', () => {
  it('is the same function from index.ts and buildModel.ts', () => {
    expect(buildModel).toBe(buildModelDirect);
  });

  it('knows exactly the models of core MODELS', () => {
    expect(MODEL_NAMES).toEqual(MODELS.map((m) => m.name));
  });

  for (const m of MODELS) {
    describe(m.name, () => {
      const sizes: V3[] = [m.size, [2, 1, 3], [3, 2, 0.3]];
      for (const size of sizes) {
        it(`fills its box exactly at ${size.join(' x ')} m, with shadows, standard materials, under 5000 triangles`, () => {
          const g = buildModel(m.name, size, m.color);
          expectFills(g, size);
          const ms = meshes(g);
          expect(ms.length).toBeGreaterThan(0);
          for (const mesh of ms) {
            expect(mesh.castShadow).toBe(true);
            expect(mesh.receiveShadow).toBe(true);
            expect(mesh.material).toBeInstanceOf(THREE.MeshStandardMaterial);
          }
          const tris = triangleCount(g);
          expect(tris).toBeGreaterThan(0);
          expect(tris).toBeLessThan(5000);
          disposeModel(g);
        });
      }

      it('fills its box when the group is later posed in the world', () => {
        const g = buildModel(m.name, m.size, m.color);
        g.position.set(10, -3, 0.5);
        g.rotation.z = 0.7;
        g.updateMatrixWorld(true);
        // Box of the mesh vertices expressed back in the group frame.
        const inv = g.matrixWorld.clone().invert();
        const b = new THREE.Box3();
        const v = new THREE.Vector3();
        for (const mesh of meshes(g)) {
          const pos = mesh.geometry.getAttribute('position');
          for (let i = 0; i < pos.count; i++) {
            b.expandByPoint(v.fromBufferAttribute(pos, i).applyMatrix4(mesh.matrixWorld).applyMatrix4(inv));
          }
        }
        const [L, W, H] = m.size;
        expect(b.min.distanceTo(new THREE.Vector3(-L / 2, -W / 2, 0))).toBeLessThan(MM);
        expect(b.max.distanceTo(new THREE.Vector3(L / 2, W / 2, H))).toBeLessThan(MM);
      });

      it('stores its model name and label class', () => {
        const g = buildModel(m.name, m.size, m.color);
        expect(g.name).toBe(m.name);
        expect(g.userData.model).toBe(m.name);
        expect(g.userData.cls).toBe(m.cls);
        expect(classByName(g.userData.cls as string)).toBeDefined();
      });

      it('takes its main colour from the colour argument', () => {
        const color = [0.1, 0.6, 0.3] as const;
        const want = new THREE.Color().setRGB(...color, THREE.SRGBColorSpace);
        const g = buildModel(m.name, m.size, color);
        const hit = meshes(g).some((mesh) => (mesh.material as THREE.MeshStandardMaterial).color.equals(want));
        expect(hit).toBe(true);
      });

      it('is deterministic', () => {
        const a = buildModel(m.name, m.size, m.color);
        const b = buildModel(m.name, m.size, m.color);
        expect(meshes(a).length).toBe(meshes(b).length);
        expect(worldVertices(a)).toEqual(worldVertices(b));
      });

      const motor = MOTOR_VEHICLES.includes(m.name);
      it(motor ? 'has named head and tail lights at the front and back' : 'has no lamps', () => {
        const g = buildModel(m.name, m.size, m.color);
        const heads = named(g, 'headlight');
        const tails = named(g, 'taillight');
        if (!motor) {
          expect(heads.length + tails.length).toBe(0);
          return;
        }
        const n = m.name === 'motorcycle' ? 1 : 2;
        expect(heads).toHaveLength(n);
        expect(tails).toHaveLength(n);
        const L = m.size[0];
        const x = (o: THREE.Object3D): number => o.getWorldPosition(new THREE.Vector3()).x;
        for (const h of heads) expect(x(h)).toBeGreaterThan(0.25 * L);
        for (const t of tails) expect(x(t)).toBeLessThan(-0.25 * L);
        if (n === 2) {
          // One on each side.
          const y = (o: THREE.Object3D): number => o.getWorldPosition(new THREE.Vector3()).y;
          expect(Math.sign(y(heads[0]!)) * Math.sign(y(heads[1]!))).toBe(-1);
          expect(Math.sign(y(tails[0]!)) * Math.sign(y(tails[1]!))).toBe(-1);
        }
        for (const o of [...heads, ...tails]) {
          expect(o).toBeInstanceOf(THREE.Mesh);
          const mat = (o as THREE.Mesh).material as THREE.MeshStandardMaterial;
          expect(mat).toBeInstanceOf(THREE.MeshStandardMaterial);
          expect(mat.emissive.getHex()).not.toBe(0);
          expect(mat.emissiveIntensity).toBe(0); // off until the renderer turns them on
        }
      });
    });
  }

  it('faces animals along +x (head in front)', () => {
    for (const name of ANIMALS) {
      const m = info(name);
      const g = buildModel(name, m.size, m.color);
      const heads = named(g, 'head');
      expect(heads, name).toHaveLength(1);
      expect(heads[0]!.getWorldPosition(new THREE.Vector3()).x, name).toBeGreaterThan(0.2 * m.size[0]);
    }
  });

  describe('limb joints', () => {
    const QUAD = ['leg_fl', 'leg_fr', 'leg_hl', 'leg_hr'];
    const BIPED = ['leg_l', 'leg_r', 'arm_l', 'arm_r'];
    const JOINTS: Record<string, string[]> = {
      ...Object.fromEntries(ANIMALS.map((a) => [a, QUAD])),
      adult: BIPED,
      child: BIPED,
    };
    const kneeOf = (leg: string): string => leg.replace('leg_', 'knee_');
    /** World position of an object's origin: for a limb mesh, the end it was drawn from. */
    const origin = (o: THREE.Object3D): THREE.Vector3 => o.getWorldPosition(new THREE.Vector3());
    /** Lowest world point of the meshes under `o`. */
    const lowest = (o: THREE.Object3D): THREE.Vector3 => {
      let best = new THREE.Vector3(0, 0, Infinity);
      const v = new THREE.Vector3();
      for (const mesh of meshes(o)) {
        const pos = mesh.geometry.getAttribute('position');
        for (let i = 0; i < pos.count; i++) {
          v.fromBufferAttribute(pos, i).applyMatrix4(mesh.matrixWorld);
          if (v.z < best.z) best = v.clone();
        }
      }
      return best;
    };
    const isUnder = (o: THREE.Object3D, ancestor: THREE.Object3D): boolean => {
      for (let p = o.parent; p; p = p.parent) if (p === ancestor) return true;
      return false;
    };

    for (const [name, limbs] of Object.entries(JOINTS)) {
      const legs = limbs.filter((j) => j.startsWith('leg_'));
      const all = [...limbs, ...legs.map(kneeOf)];

      it(`${name} has one joint group per limb at its hip or shoulder, and one per leg at its knee, inside the fitted model`, () => {
        const m = info(name);
        const g = buildModel(name, m.size, m.color);
        const inner = g.getObjectByName(`${name}_model`)!;
        const [L, W, H] = m.size;
        for (const j of all) {
          const found = named(g, j);
          expect(found, `${name} ${j}`).toHaveLength(1);
          const joint = found[0]!;
          expect(joint).toBeInstanceOf(THREE.Group);
          expect(joint.rotation.toArray().slice(0, 3)).toEqual([0, 0, 0]);
          expect(isUnder(joint, inner), `${name} ${j} under the fitted group`).toBe(true);
          expect(meshes(joint).length, `${name} ${j}`).toBeGreaterThanOrEqual(2);
          const at = origin(joint);
          expect(Math.sign(at.y), `${name} ${j}`).toBe(j.endsWith('l') ? 1 : -1);
          expect(Math.abs(at.y)).toBeLessThan(W / 2);
          expect(Math.abs(at.x)).toBeLessThan(L / 2);
          // Its first part starts at the joint: the limb is attached there.
          expect(origin(joint.children[0]!).distanceTo(at), `${name} ${j}`).toBeLessThan(MM);
          // Legs reach the ground (a person's front foot is built just lifted); arms hang well above it.
          const foot = lowest(joint).z;
          if (j.startsWith('arm')) expect(foot, `${name} ${j}`).toBeGreaterThan(0.3 * H);
          else expect(foot, `${name} ${j}`).toBeLessThan(ANIMALS.includes(name) ? MM : 0.02 * H);
        }
        for (const leg of legs) {
          const hip = named(g, leg)[0]!;
          const knee = named(g, kneeOf(leg))[0]!;
          expect(isUnder(knee, hip), `${name} ${kneeOf(leg)} under ${leg}`).toBe(true);
          // Hip high up, front legs in front and hind legs behind; the knee between hip and ground.
          expect(origin(hip).z, `${name} ${leg}`).toBeGreaterThan(0.4 * H);
          if (leg.startsWith('leg_f')) expect(origin(hip).x).toBeGreaterThan(0);
          if (leg.startsWith('leg_h')) expect(origin(hip).x).toBeLessThan(0);
          expect(origin(knee).z).toBeGreaterThan(0.15 * H);
          expect(origin(knee).z).toBeLessThan(origin(hip).z - 0.15 * H);
        }
        for (const arm of limbs.filter((j) => j.startsWith('arm'))) expect(origin(named(g, arm)[0]!).z).toBeGreaterThan(0.7 * H);
      });

      it(`${name} still fills its box exactly with its joints at rest, at any size`, () => {
        for (const size of [info(name).size, [2, 1, 3], [0.7, 0.2, 0.5]] as V3[]) expectFills(buildModel(name, size, info(name).color), size);
      });

      it(`${name} keeps each limb attached when its joint turns 30°: the joint end stays, the far end swings back`, () => {
        const m = info(name);
        const g = buildModel(name, m.size, m.color);
        const others = meshes(g).filter((mesh) => !limbs.some((j) => isUnder(mesh, named(g, j)[0]!)));
        const still = worldVerticesOf(others);
        for (const j of all) {
          const joint = named(g, j)[0]!;
          g.updateMatrixWorld(true);
          const top = origin(joint.children[0]!);
          // The part hanging lowest below the joint (a hoof, a shoe, a hand): where is it?
          let far = joint.children[0]!;
          joint.traverse((o) => {
            if (origin(o).z < origin(far).z) far = o;
          });
          const before = origin(far);
          const reach = before.distanceTo(origin(joint));
          joint.rotation.y = THREE.MathUtils.degToRad(30);
          g.updateMatrixWorld(true);
          expect(origin(joint.children[0]!).distanceTo(top), `${name} ${j}`).toBeLessThan(MM);
          // Swung back along a circle about the joint (a 30° chord is about half the reach), in its plane.
          const after = origin(far);
          expect(after.x - before.x, `${name} ${j}`).toBeLessThan(-0.4 * reach);
          expect(after.distanceTo(origin(joint)) / reach, `${name} ${j}`).toBeCloseTo(1, 1);
          expect(after.y).toBeCloseTo(before.y, 9);
          joint.rotation.y = 0;
        }
        // Nothing outside the limbs moved, and at rest again the box is exact.
        expect(worldVerticesOf(others)).toEqual(still);
        g.updateMatrixWorld(true);
        expectFills(g, m.size);
      });
    }
  });

  it("gives a child a proportionally bigger head than an adult's", () => {
    const share = (name: string): number => {
      const m = info(name);
      const g = buildModel(name, m.size, m.color);
      const head = new THREE.Box3().setFromObject(named(g, 'head')[0]!, true);
      return (head.max.z - head.min.z) / m.size[2];
    };
    expect(share('child')).toBeGreaterThan(share('adult') * 1.2);
  });

  it('varies debris, rocks and fallen trees with colour, never at random', () => {
    for (const name of VARYING) {
      const m = info(name);
      const a = worldVertices(buildModel(name, m.size, m.color));
      const b = worldVertices(buildModel(name, m.size, [0.3, 0.3, 0.3]));
      expect(a, name).not.toEqual(b);
    }
    const dir = join(import.meta.dirname, '../../src/assets');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(readFileSync(join(dir, f), 'utf8'), f).not.toMatch(/Math\.random\s*\(/);
  });

  it('builds a box as one exact BoxGeometry mesh', () => {
    const size = [1.3, 0.7, 2.1] as const;
    const g = buildModel('box', size, [0.5, 0.5, 0.5]);
    const ms = meshes(g);
    expect(ms).toHaveLength(1);
    const m = ms[0]!;
    expect(m.geometry).toBeInstanceOf(THREE.BoxGeometry);
    const p = (m.geometry as THREE.BoxGeometry).parameters;
    expect([p.width, p.height, p.depth]).toEqual([1.3, 0.7, 2.1]);
    const b = boxOf(g);
    // Exact up to the float32 precision of the vertex buffer.
    const want = [-0.65, -0.35, 0, 0.65, 0.35, 2.1];
    [...b.min.toArray(), ...b.max.toArray()].forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 6));
  });

  it('resolves aliases to their model', () => {
    for (const [alias, name] of Object.entries(MODEL_ALIASES)) {
      const m = info(name);
      const g = buildModel(alias, m.size, m.color);
      expect(g.userData.model).toBe(name);
      expect(g.userData.cls).toBe(m.cls);
      expectFills(g, m.size);
      expect(worldVertices(g)).toEqual(worldVertices(buildModel(name, m.size, m.color)));
    }
    expect(buildModel('car', [4, 2, 1.5], [0.4, 0.4, 0.4]).userData).toMatchObject({ model: 'sedan', cls: 'car' });
    expect(buildModel('pedestrian', [0.5, 0.6, 1.75], [0.4, 0.4, 0.4]).userData).toMatchObject({ model: 'adult', cls: 'pedestrian' });
  });

  it('throws for an unknown model', () => {
    expect(() => buildModel('unicorn', [1, 1, 1], [1, 1, 1])).toThrow("no model for 'unicorn'");
    expect(() => buildModel('unicorn', [1, 1, 1], [1, 1, 1])).toThrow(/sedan/); // lists the known ones
    expect(() => buildModel('road', [1, 1, 1], [1, 1, 1])).toThrow("no model for 'road'"); // a class, not a model
    expect(() => buildModel('toString', [1, 1, 1], [1, 1, 1])).toThrow("no model for 'toString'");
  });

  it('rejects degenerate sizes', () => {
    expect(() => buildModel('sedan', [0, 1, 1], [1, 1, 1])).toThrow(/size/);
    expect(() => buildModel('box', [1, Number.NaN, 1], [1, 1, 1])).toThrow(/size/);
  });

  it('disposes every geometry and material once', () => {
    const g = buildModel('sedan', [4.6, 1.8, 1.45], [0.5, 0.1, 0.1]);
    let disposed = 0;
    const seen = new Set<unknown>();
    g.traverse((o) => {
      if (!(o instanceof THREE.Mesh)) return;
      for (const r of [o.geometry, o.material] as Array<THREE.BufferGeometry | THREE.Material>) {
        if (seen.has(r)) continue;
        seen.add(r);
        r.addEventListener('dispose', () => disposed++);
      }
    });
    disposeModel(g);
    expect(disposed).toBe(seen.size);
  });
});
