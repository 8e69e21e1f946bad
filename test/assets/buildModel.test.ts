import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { buildModel as buildModelDirect } from '../../src/assets/buildModel.ts';
import { buildModel, disposeModel, triangleCount } from '../../src/assets/index.ts';
import { THING_CLASSES } from '../../src/core/classes.ts';

const MM = 1e-3;

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

function expectFills(group: THREE.Object3D, size: readonly [number, number, number]): void {
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

  for (const k of THING_CLASSES) {
    describe(k.name, () => {
      const sizes: Array<readonly [number, number, number]> = [k.size, [2, 1, 3], [0.7, 2.4, 0.5]];
      for (const size of sizes) {
        it(`fills its box exactly at ${size.join(' x ')} m`, () => {
          const g = buildModel(k.name, size, k.color);
          expectFills(g, size);
          disposeModel(g);
        });
      }

      it('fills its box when the group is later posed in the world', () => {
        const g = buildModel(k.name, k.size, k.color);
        g.position.set(10, -3, 0.5);
        g.rotation.z = 0.7;
        g.updateMatrixWorld(true);
        // Box of the mesh vertices expressed back in the group frame.
        const inv = g.matrixWorld.clone().invert();
        const b = new THREE.Box3();
        const v = new THREE.Vector3();
        for (const m of meshes(g)) {
          const pos = m.geometry.getAttribute('position');
          for (let i = 0; i < pos.count; i++) {
            b.expandByPoint(v.fromBufferAttribute(pos, i).applyMatrix4(m.matrixWorld).applyMatrix4(inv));
          }
        }
        const [L, W, H] = k.size;
        expect(b.min.distanceTo(new THREE.Vector3(-L / 2, -W / 2, 0))).toBeLessThan(MM);
        expect(b.max.distanceTo(new THREE.Vector3(L / 2, W / 2, H))).toBeLessThan(MM);
      });

      it('has only shadow-casting, shadow-receiving standard-material meshes', () => {
        const g = buildModel(k.name, k.size, k.color);
        const ms = meshes(g);
        expect(ms.length).toBeGreaterThan(0);
        for (const m of ms) {
          expect(m.castShadow).toBe(true);
          expect(m.receiveShadow).toBe(true);
          expect(m.material).toBeInstanceOf(THREE.MeshStandardMaterial);
        }
      });

      it('stores its class and stays under 5000 triangles', () => {
        const g = buildModel(k.name, k.size, k.color);
        expect(g.userData.cls).toBe(k.name);
        const tris = triangleCount(g);
        expect(tris).toBeGreaterThan(0);
        expect(tris).toBeLessThan(5000);
      });

      it('takes its main colour from the colour argument', () => {
        const color = [0.1, 0.6, 0.3] as const;
        const want = new THREE.Color().setRGB(...color, THREE.SRGBColorSpace);
        const g = buildModel(k.name, k.size, color);
        const hit = meshes(g).some((m) => (m.material as THREE.MeshStandardMaterial).color.equals(want));
        expect(hit).toBe(true);
      });

      it('is deterministic', () => {
        const a = buildModel(k.name, k.size, k.color);
        const b = buildModel(k.name, k.size, k.color);
        expect(meshes(a).length).toBe(meshes(b).length);
        expect(boxOf(a).equals(boxOf(b))).toBe(true);
      });
    });
  }

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

  it('gives vehicles named head and tail lights at the front and back', () => {
    for (const cls of ['car', 'truck']) {
      const g = buildModel(cls, [4, 2, 1.5], [0.4, 0.4, 0.4]);
      const heads: THREE.Object3D[] = [];
      const tails: THREE.Object3D[] = [];
      g.traverse((o) => {
        if (o.name === 'headlight') heads.push(o);
        if (o.name === 'taillight') tails.push(o);
      });
      expect(heads).toHaveLength(2);
      expect(tails).toHaveLength(2);
      const x = (o: THREE.Object3D): number => o.getWorldPosition(new THREE.Vector3()).x;
      for (const h of heads) expect(x(h)).toBeGreaterThan(1.8);
      for (const t of tails) expect(x(t)).toBeLessThan(-1.8);
      for (const o of [...heads, ...tails]) {
        const mat = (o as THREE.Mesh).material as THREE.MeshStandardMaterial;
        expect(mat).toBeInstanceOf(THREE.MeshStandardMaterial);
        expect(mat.emissive.getHex()).not.toBe(0);
      }
    }
  });

  it('faces animals and people along +x (head in front)', () => {
    for (const cls of ['deer', 'moose', 'pedestrian']) {
      const k = THING_CLASSES.find((c) => c.name === cls)!;
      const g = buildModel(cls, k.size, k.color);
      g.updateMatrixWorld(true);
      // The highest vertices (head, ears, antlers) are ahead of the box centre for animals.
      let top = -Infinity;
      let xAtTop = 0;
      const v = new THREE.Vector3();
      for (const m of meshes(g)) {
        const pos = m.geometry.getAttribute('position');
        for (let i = 0; i < pos.count; i++) {
          v.fromBufferAttribute(pos, i).applyMatrix4(m.matrixWorld);
          if (v.z > top) [top, xAtTop] = [v.z, v.x];
        }
      }
      if (cls !== 'pedestrian') expect(xAtTop).toBeGreaterThan(0.1 * k.size[0]);
    }
  });

  it('throws for an unknown class', () => {
    expect(() => buildModel('unicorn', [1, 1, 1], [1, 1, 1])).toThrow("no model for class 'unicorn'");
    expect(() => buildModel('road', [1, 1, 1], [1, 1, 1])).toThrow(Error);
  });

  it('rejects degenerate sizes', () => {
    expect(() => buildModel('car', [0, 1, 1], [1, 1, 1])).toThrow(/size/);
    expect(() => buildModel('box', [1, Number.NaN, 1], [1, 1, 1])).toThrow(/size/);
  });

  it('disposes every geometry and material once', () => {
    const g = buildModel('car', [4.5, 1.8, 1.45], [0.5, 0.1, 0.1]);
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
