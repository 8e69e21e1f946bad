// Shared pieces for the procedural models: colours, materials, primitive parts and the final
// fit that stretches a model to the exact box it stands for.
//
// Every model is built at its class's default proportions in the object frame (+x forward,
// +y left, +z up, origin on the ground) and then scaled non-uniformly so that its precise
// bounding box is exactly [-L/2, L/2] x [-W/2, W/2] x [0, H].
import * as THREE from 'three';
import { hashString } from '../../core/rng.ts';

export type Rgb = readonly [number, number, number];
export type Size3 = readonly [number, number, number];
export type P3 = readonly [number, number, number];
/** A point of a side profile: (x forward, z up). */
export type XZ = readonly [number, number];

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** An sRGB 0..1 triple as a THREE.Color, optionally multiplied by `k` (k < 1 darkens). */
export function srgb(c: Rgb, k = 1): THREE.Color {
  return new THREE.Color().setRGB(clamp01(c[0] * k), clamp01(c[1] * k), clamp01(c[2] * k), THREE.SRGBColorSpace);
}

/** Linear blend of two sRGB triples, t = 0 gives `a`. */
export function mixRgb(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

export function standard(
  color: THREE.Color | number,
  roughness: number,
  metalness = 0,
  extra: THREE.MeshStandardMaterialParameters = {},
): THREE.MeshStandardMaterial {
  return new THREE.MeshStandardMaterial({ color, roughness, metalness, ...extra });
}

/** Dark, glossy, bluish automotive glass: mostly a mirror for the sky and lamps. */
export const glassMaterial = (): THREE.MeshStandardMaterial => standard(0x131a24, 0.05, 0.8);
/** Black rubber. */
export const tyreMaterial = (): THREE.MeshStandardMaterial => standard(0x151515, 0.92, 0);
/** Brushed grey metal for hubs. */
export const hubMaterial = (): THREE.MeshStandardMaterial => standard(0x9a9ca0, 0.35, 0.7);
/** Black plastic trim: bumpers, grilles, frames. */
export const trimMaterial = (): THREE.MeshStandardMaterial => standard(0x202224, 0.7, 0.1);

/**
 * Lamp lenses. They are lit only through their emissive term, which starts off
 * (emissiveIntensity 0): set `emissiveIntensity` (e.g. to 2) on the named meshes to turn them on.
 */
export const headlightMaterial = (): THREE.MeshStandardMaterial =>
  standard(0xf2f2ee, 0.15, 0.1, { emissive: 0xfff4dc, emissiveIntensity: 0 });
export const taillightMaterial = (): THREE.MeshStandardMaterial =>
  standard(0x9a0c0c, 0.25, 0.05, { emissive: 0xff1a0e, emissiveIntensity: 0 });
/** Amber indicator lenses, meshes named 'indicator_left' / 'indicator_right' (blinking: render/headlights.ts). */
export const indicatorMaterial = (): THREE.MeshStandardMaterial =>
  standard(0xb8660e, 0.25, 0.05, { emissive: 0xff8400, emissiveIntensity: 0 });
/** An animal's eye: dark and glossy; its emissive (off) is the eye-shine the renderer turns up in headlights. */
export const eyeMaterial = (): THREE.MeshStandardMaterial =>
  standard(0x0e0c0a, 0.3, 0, { emissive: 0xb8ffc8, emissiveIntensity: 0 });

/**
 * A model under construction: a root group plus a cache of shared unit geometries, so every
 * leg, box or wheel of one model reuses the same few BufferGeometries.
 */
export class Parts {
  readonly root = new THREE.Group();
  private readonly cache = new Map<string, THREE.BufferGeometry>();
  /** Where parts go when no parent is given: the root, or the joint being built. */
  private target: THREE.Object3D = this.root;

  /**
   * A joint: a group named `name` whose origin is the point `at` (a hip or shoulder), holding
   * every part added while `build` runs. Parts are given in model coordinates as usual; they
   * are re-expressed relative to the joint, so rotating the joint about its local y axis (the
   * lateral axis) swings them about `at` while the pose at rest (rotation 0) is unchanged.
   * Joints may nest (a knee inside a hip), each `at` in model coordinates.
   */
  joint(name: string, at: P3, build: () => void): THREE.Group {
    const pivot = new THREE.Group();
    pivot.name = name;
    pivot.position.set(...at);
    const outer = this.target;
    outer.add(pivot);
    this.target = pivot;
    try {
      build();
    } finally {
      this.target = outer;
    }
    for (const child of pivot.children) child.position.sub(pivot.position);
    return pivot;
  }
  /**
   * A leg that swings about its hip (joint `name`, e.g. 'leg_fl') and folds at its knee (joint
   * 'knee_fl'): an upper limb hip→knee, a lower limb knee→foot, and a hoof standing on the ground
   * under the foot, its base `hoof.dx` ahead of the foot and its top `hoof.height` up.
   */
  leg(
    name: string,
    hip: P3,
    knee: P3,
    foot: P3,
    upper: { material: THREE.Material; r0: number; r1: number; segments: number },
    lower: { material: THREE.Material; r0: number; r1: number; segments: number },
    hoof: { material: THREE.Material; dx: number; height: number; r0: number; r1: number; segments: number },
  ): void {
    this.joint(name, hip, () => {
      this.limb(upper.material, hip, knee, upper.r0, upper.r1, upper.segments);
      this.joint(name.replace('leg', 'knee'), knee, () => {
        this.limb(lower.material, knee, foot, lower.r0, lower.r1, lower.segments);
        this.limb(hoof.material, [foot[0] + hoof.dx, foot[1], 0], [foot[0], foot[1], hoof.height], hoof.r0, hoof.r1, hoof.segments);
      });
    });
  }


  /** Geometry `key`, made by `make` the first time it is asked for. */
  geometry(key: string, make: () => THREE.BufferGeometry): THREE.BufferGeometry {
    let g = this.cache.get(key);
    if (!g) {
      g = make();
      this.cache.set(key, g);
    }
    return g;
  }

  /** Add a mesh (casting and receiving shadows) to `parent` (by default the root, or the joint being built). */
  mesh(
    geometry: THREE.BufferGeometry,
    material: THREE.Material,
    opts: { name?: string; position?: P3; rotation?: P3; scale?: P3; parent?: THREE.Object3D } = {},
  ): THREE.Mesh {
    const m = new THREE.Mesh(geometry, material);
    m.castShadow = true;
    m.receiveShadow = true;
    if (opts.name) m.name = opts.name;
    if (opts.position) m.position.set(...opts.position);
    if (opts.rotation) m.rotation.set(...opts.rotation);
    if (opts.scale) m.scale.set(...opts.scale);
    (opts.parent ?? this.target).add(m);
    return m;
  }

  /** Axis-aligned box spanning `min`..`max` (a shared unit cube, scaled). */
  box(material: THREE.Material, min: P3, max: P3, name?: string): THREE.Mesh {
    const g = this.geometry('box', () => new THREE.BoxGeometry(1, 1, 1));
    return this.mesh(g, material, {
      name,
      position: [(min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2],
      scale: [max[0] - min[0], max[1] - min[1], max[2] - min[2]],
    });
  }

  /** Box of size `size` centred at `centre`, rotated by Euler `rotation` (XYZ). */
  orientedBox(material: THREE.Material, centre: P3, size: P3, rotation: P3 = [0, 0, 0], name?: string): THREE.Mesh {
    const g = this.geometry('box', () => new THREE.BoxGeometry(1, 1, 1));
    return this.mesh(g, material, { name, position: centre, scale: size, rotation });
  }

  /**
   * Ellipsoid with semi-axes `radii`, centred at `centre`, rotated by Euler `rotation` (XYZ).
   * `small` parts (eyes, ears, hands) use a coarser sphere.
   */
  ellipsoid(material: THREE.Material, centre: P3, radii: P3, rotation: P3 = [0, 0, 0], small = false): THREE.Mesh {
    const g = small
      ? this.geometry('sphere:lo', () => new THREE.SphereGeometry(1, 8, 6))
      : this.geometry('sphere', () => new THREE.SphereGeometry(1, 14, 10));
    return this.mesh(g, material, { position: centre, scale: radii, rotation });
  }

  /**
   * An animal's eye: a small sphere of radius `r` at `centre`, named 'eye', in one eye material
   * per model (the renderer gives each eye its own copy to shine in headlights).
   */
  eye(centre: P3, r: number): THREE.Mesh {
    const mat = (this.eyeMat ??= eyeMaterial());
    const m = this.ellipsoid(mat, centre, [r, r, r], [0, 0, 0], true);
    m.name = 'eye';
    return m;
  }
  private eyeMat: THREE.MeshStandardMaterial | undefined;

  /**
   * A (possibly tapered) round limb from point `a` (radius `ra`) to point `b` (radius `rb`).
   * The cross-section may be elliptical: `ry` scales the second radial axis relative to the first.
   */
  limb(material: THREE.Material, a: P3, b: P3, ra: number, rb = ra, segments = 8, ry = 1): THREE.Mesh {
    const taper = Math.round((rb / ra) * 1000) / 1000;
    const g = this.geometry(`limb:${taper}:${segments}`, () => {
      // Axis along +z from z = 0 (radius 1) to z = 1 (radius `taper`).
      const c = new THREE.CylinderGeometry(taper, 1, 1, segments, 1);
      c.translate(0, 0.5, 0);
      c.rotateX(Math.PI / 2);
      return c;
    });
    const va = new THREE.Vector3(...a);
    const dir = new THREE.Vector3(...b).sub(va);
    const len = dir.length();
    const m = this.mesh(g, material, { position: a, scale: [ra, ra * ry, len] });
    m.quaternion.setFromUnitVectors(new THREE.Vector3(0, 0, 1), dir.normalize());
    return m;
  }

  /**
   * A torus of ring radius `radius` and tube radius `tube`, centred at `centre`. Its axis is
   * along y (a wheel standing upright, rolling along x) unless `axis` is 'z' (lying flat).
   */
  torus(
    material: THREE.Material,
    centre: P3,
    radius: number,
    tube: number,
    axis: 'y' | 'z' = 'y',
    radialSegments = 8,
    tubularSegments = 24,
  ): THREE.Mesh {
    const k = Math.round((tube / radius) * 1000) / 1000;
    // TorusGeometry lies in the xy plane (axis z); ring radius 1.
    const g = this.geometry(`torus:${k}:${radialSegments}:${tubularSegments}`, () => new THREE.TorusGeometry(1, k, radialSegments, tubularSegments));
    return this.mesh(g, material, {
      position: centre,
      scale: [radius, radius, radius],
      rotation: axis === 'y' ? [Math.PI / 2, 0, 0] : [0, 0, 0],
    });
  }

  /**
   * A thin flat plate (a window, a lamp lens) lying on the side-profile segment `a` -> `b`
   * (points in the x-z plane), `width` across y centred on `y`. It is inset `inset` metres at
   * both ends and moved `lift` metres along the segment's normal: `outward` +1 lifts it to the
   * segment's front (+x side of an upward segment), -1 to its back.
   */
  plate(
    material: THREE.Material,
    a: XZ,
    b: XZ,
    width: number,
    opts: { thickness?: number; inset?: number; lift?: number; outward?: 1 | -1; y?: number; name?: string } = {},
  ): THREE.Mesh {
    const { thickness = 0.02, inset = 0, lift = 0, outward = 1, y = 0, name } = opts;
    const dx = b[0] - a[0];
    const dz = b[1] - a[1];
    const len = Math.hypot(dx, dz);
    const theta = Math.atan2(dx, dz);
    // Local +x after the rotation about y: (cos, 0, -sin).
    const nx = Math.cos(theta) * outward;
    const nz = -Math.sin(theta) * outward;
    const centre: P3 = [(a[0] + b[0]) / 2 + nx * lift, y, (a[1] + b[1]) / 2 + nz * lift];
    return this.orientedBox(material, centre, [thickness, width, Math.max(1e-3, len - 2 * inset)], [0, theta, 0], name);
  }

  /** A disc / short cylinder whose axis is along y (a wheel), centred at `centre`. */
  wheel(material: THREE.Material, centre: P3, radius: number, width: number, segments = 18): THREE.Mesh {
    // CylinderGeometry's axis is already +y.
    const g = this.geometry(`cylY:${segments}`, () => new THREE.CylinderGeometry(1, 1, 1, segments, 1));
    return this.mesh(g, material, { position: centre, scale: [radius, width, radius] });
  }
}

/**
 * Extrude a side profile drawn in the (x, z) plane (shape x -> object x, shape y -> object z)
 * across the object's width, centred on y = 0. With `bevel` > 0 the edges are rounded by
 * that much (the outline grows by `bevel`, the width stays `width` overall).
 */
export function extrudeSide(shape: THREE.Shape, width: number, bevel = 0, curveSegments = 6): THREE.BufferGeometry {
  const g = new THREE.ExtrudeGeometry(shape, {
    depth: Math.max(1e-3, width - 2 * bevel),
    curveSegments,
    bevelEnabled: bevel > 0,
    bevelThickness: bevel,
    bevelSize: bevel * 0.7,
    bevelSegments: 2,
    steps: 1,
  });
  // Shape (x, y) extruded along +z  ->  rotate +90 deg about x: y -> z, z -> -y.
  g.rotateX(Math.PI / 2);
  g.computeBoundingBox();
  const bb = g.boundingBox!;
  g.translate(0, -(bb.min.y + bb.max.y) / 2, 0);
  return g;
}

/** A wheel arch: centre x, radius, and centre height (the sill line when left out). */
export type Arch = readonly [x: number, r: number, zc?: number];

/**
 * A side outline for a vehicle body: the bottom runs along z = `sill` from the rear to the front,
 * cut by a round arch at each wheel in `arches`; `upper` is the rest of the outline, from its
 * front-bottom point over the top to its rear-bottom point (x descending).
 */
export function sideShape(upper: readonly XZ[], sill: number, arches: readonly Arch[], chamfer = 0.06): THREE.Shape {
  const front = upper[0]![0];
  const rear = upper[upper.length - 1]![0];
  const s = new THREE.Shape();
  s.moveTo(rear + chamfer, sill);
  for (const [x, r, zc = sill] of [...arches].sort((p, q) => p[0] - q[0])) {
    const dz = Math.min(Math.max(zc - sill, 0), r * 0.9);
    const half = Math.sqrt(r * r - dz * dz);
    if (x - half <= rear + chamfer || x + half >= front - chamfer) continue;
    const beta = Math.asin(dz / r);
    s.lineTo(x - half, sill);
    s.absarc(x, sill + dz, r, Math.PI + beta, -beta, true);
  }
  s.lineTo(front - chamfer, sill);
  for (const [x, z] of upper) s.lineTo(x, z);
  s.closePath();
  return s;
}

/** The part of a convex polygon (x-z points) with x0 <= x <= x1. */
export function clipX(poly: readonly XZ[], x0: number, x1: number): XZ[] {
  const clip = (pts: readonly XZ[], inside: (p: XZ) => boolean, edgeX: number): XZ[] => {
    const out: XZ[] = [];
    for (let i = 0; i < pts.length; i++) {
      const p = pts[i]!;
      const q = pts[(i + 1) % pts.length]!;
      const pin = inside(p);
      const qin = inside(q);
      if (pin) out.push(p);
      if (pin !== qin) {
        const t = (edgeX - p[0]) / (q[0] - p[0]);
        out.push([edgeX, p[1] + (q[1] - p[1]) * t]);
      }
    }
    return out;
  };
  return clip(clip(poly, (p) => p[0] >= x0, x0), (p) => p[0] <= x1, x1);
}

/** A stable 32-bit seed from a model's name, colour and size: variation without Math.random. */
export function variantSeed(name: string, color: Rgb, size: Size3): number {
  return hashString(`${name}|${color.map((c) => c.toFixed(4)).join(',')}|${size.map((v) => v.toFixed(4)).join(',')}`);
}

/** A shape from a closed polygon of (x, y) points. */
export function polygon(points: ReadonlyArray<readonly [number, number]>): THREE.Shape {
  const s = new THREE.Shape();
  points.forEach(([x, y], i) => (i === 0 ? s.moveTo(x, y) : s.lineTo(x, y)));
  s.closePath();
  return s;
}

/**
 * Scale and place `model` (in place) so that its precise bounding box becomes exactly
 * [-L/2, L/2] x [-W/2, W/2] x [0, H]. The scale is non-uniform, applied in the model's parent
 * frame, so the box maps exactly whatever rotations the parts inside carry.
 */
export function fitToBox(model: THREE.Object3D, size: Size3): void {
  model.position.set(0, 0, 0);
  model.quaternion.identity();
  model.scale.set(1, 1, 1);
  model.updateMatrix();
  model.updateMatrixWorld(true);
  // matrixWorld of a parentless object is its own (identity) matrix: the box is in model space.
  const parent = model.parent;
  if (parent) parent.remove(model);
  const b = new THREE.Box3().setFromObject(model, true);
  if (parent) parent.add(model);
  const ext = b.getSize(new THREE.Vector3());
  const [L, W, H] = size;
  const sx = L / ext.x;
  const sy = W / ext.y;
  const sz = H / ext.z;
  model.scale.set(sx, sy, sz);
  model.position.set(-L / 2 - sx * b.min.x, -W / 2 - sy * b.min.y, -sz * b.min.z);
  model.updateMatrix();
}

/** Number of triangles drawn by all meshes under `obj`. */
export function triangleCount(obj: THREE.Object3D): number {
  let n = 0;
  obj.traverse((o) => {
    if (!(o instanceof THREE.Mesh)) return;
    const g = o.geometry as THREE.BufferGeometry;
    const count = g.index ? g.index.count : (g.getAttribute('position')?.count ?? 0);
    n += Math.floor(count / 3);
  });
  return n;
}

/** Dispose every geometry and material used under `group` (each once). */
export function disposeModel(group: THREE.Object3D): void {
  const geometries = new Set<THREE.BufferGeometry>();
  const materials = new Set<THREE.Material>();
  group.traverse((o) => {
    if (!(o instanceof THREE.Mesh)) return;
    geometries.add(o.geometry as THREE.BufferGeometry);
    const m = o.material as THREE.Material | THREE.Material[];
    for (const mat of Array.isArray(m) ? m : [m]) materials.add(mat);
  });
  for (const g of geometries) g.dispose();
  for (const m of materials) m.dispose();
}
