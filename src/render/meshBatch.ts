import * as THREE from 'three';

// Many small static shapes (every tree of a stretch of road) as one indexed geometry with
// per-vertex colours: one draw call instead of hundreds. Used instead of InstancedMesh because the
// ground-truth passes draw each mesh with one model matrix (passes.ts has no instanceMatrix), and
// for static scenery a merged mesh costs the same per frame.

/** A template shape: positions and normals, indexed. */
export interface Shape {
  readonly position: Float32Array;
  readonly normal: Float32Array;
  readonly index: Uint32Array;
}

/** A three.js geometry as a Shape (made indexed if it is not; uv and groups dropped). */
export function shapeOf(g: THREE.BufferGeometry): Shape {
  const pos = g.getAttribute('position');
  if (!g.getAttribute('normal')) g.computeVertexNormals();
  const nor = g.getAttribute('normal');
  const index = g.index ? Uint32Array.from(g.index.array) : Uint32Array.from({ length: pos.count }, (_, i) => i);
  return { position: Float32Array.from(pos.array), normal: Float32Array.from(nor.array), index };
}

const v = new THREE.Vector3();
const normalMatrix = new THREE.Matrix3();

/** A Float32Array that grows by doubling. */
class Floats {
  data = new Float32Array(1024);
  length = 0;
  reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    let cap = this.data.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Float32Array(cap);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  push3(a: number, b: number, c: number): void {
    this.reserve(3);
    this.data[this.length++] = a;
    this.data[this.length++] = b;
    this.data[this.length++] = c;
  }
  view(): Float32Array {
    return this.data.slice(0, this.length);
  }
}

const ta = new THREE.Vector3();
const tb = new THREE.Vector3();
const tc = new THREE.Vector3();
const tn = new THREE.Vector3();

/** Accumulates shapes placed by matrices, each in one colour, into one geometry. */
export class MeshBatch {
  private readonly positions = new Floats();
  private readonly normals = new Floats();
  private readonly colors = new Floats();
  private indices = new Uint32Array(1024);
  private indexCount = 0;

  get empty(): boolean {
    return this.indexCount === 0;
  }

  private pushIndex(k: number): void {
    if (this.indexCount === this.indices.length) {
      const next = new Uint32Array(this.indices.length * 2);
      next.set(this.indices);
      this.indices = next;
    }
    this.indices[this.indexCount++] = k;
  }

  /**
   * Add `shape` transformed by `matrix`, coloured `color` (linear RGB, as three's vertex colours
   * are); `displace` may move each transformed vertex (its index in the shape) before it is stored.
   */
  add(shape: Shape, matrix: THREE.Matrix4, color: THREE.Color, displace?: (p: THREE.Vector3, i: number) => void): void {
    const base = this.positions.length / 3;
    normalMatrix.getNormalMatrix(matrix);
    const n = shape.position.length / 3;
    for (let i = 0; i < n; i++) {
      v.fromArray(shape.position, i * 3).applyMatrix4(matrix);
      if (displace) displace(v, i);
      this.positions.push3(v.x, v.y, v.z);
      v.fromArray(shape.normal, i * 3).applyMatrix3(normalMatrix).normalize();
      this.normals.push3(v.x, v.y, v.z);
      this.colors.push3(color.r, color.g, color.b);
    }
    for (const k of shape.index) this.pushIndex(base + k);
  }

  /** Add raw triangles (world positions, one flat normal per triangle computed here), coloured `color`. */
  addTriangles(points: readonly number[], color: THREE.Color): void {
    for (let t = 0; t + 8 < points.length; t += 9) {
      ta.fromArray(points, t);
      tb.fromArray(points, t + 3);
      tc.fromArray(points, t + 6);
      tn.subVectors(tc, ta).cross(tb.clone().sub(ta)).negate().normalize();
      const base = this.positions.length / 3;
      for (const p of [ta, tb, tc]) {
        this.positions.push3(p.x, p.y, p.z);
        this.normals.push3(tn.x, tn.y, tn.z);
        this.colors.push3(color.r, color.g, color.b);
      }
      this.pushIndex(base);
      this.pushIndex(base + 1);
      this.pushIndex(base + 2);
    }
  }

  /** The accumulated geometry (bounding sphere computed, for frustum culling). */
  geometry(): THREE.BufferGeometry {
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(this.positions.view(), 3));
    g.setAttribute('normal', new THREE.BufferAttribute(this.normals.view(), 3));
    g.setAttribute('color', new THREE.BufferAttribute(this.colors.view(), 3));
    g.setIndex(new THREE.BufferAttribute(this.indices.slice(0, this.indexCount), 1));
    g.computeBoundingSphere();
    g.computeBoundingBox();
    return g;
  }
}
