import * as THREE from 'three';
import { classByName, Rng } from '../core/index.ts';
import { crossRoad, roadPoint, type RoadSpec } from '../scenario/index.ts';
import { DRY, dressSurface, type SurfaceLook } from './roadSurface.ts';
import { FADE_AT_FULL_WEAR, paintLeft } from './markingWear.ts';

/** Semantic class of a surface mesh, read by the ground-truth passes. */
export function tagSurface(mesh: THREE.Mesh, cls: string): THREE.Mesh {
  mesh.userData.semantic = classByName(cls)!.id;
  mesh.userData.instance = 0;
  return mesh;
}

const MARK_WIDTH = 0.15;
const DASH = 3;
const GAP = 9;
/** Markings float 1 cm above the asphalt; polygon offset stops z-fighting without moving labels. */
const MARK_Z = 0.01;
/** Road drawn beyond [0, length] at each end, metres. */
export const RUN_OUT = 100;

/**
 * A flat axis-aligned rectangle cut into tiles of at most `tile` metres. Kilometre-sized triangles
 * clipped at the near plane come out of SwiftShader with depth wrong by centimetres close to the
 * camera (the terrain showed through the road 2 m ahead), so big surfaces are tiled.
 */
function strip(x0: number, x1: number, y0: number, y1: number, z: number, tile = Infinity): THREE.BufferGeometry {
  const g = new THREE.PlaneGeometry(x1 - x0, y1 - y0, Math.max(1, Math.ceil((x1 - x0) / tile)), Math.max(1, Math.ceil((y1 - y0) / tile)));
  g.translate((x0 + x1) / 2, (y0 + y1) / 2, z);
  return g;
}

/** Arc lengths to sample [s0, s1] at: the bend's ends, every ARC_STEP metres along the bend. */
const ARC_STEP = 2;
/**
 * Straight stretches are cut every STRAIGHT_STEP metres too: SwiftShader drew the near part of a
 * single 450 m road quad as missing (terrain showed through) for some camera positions.
 */
const STRAIGHT_STEP = 10;
const TERRAIN_TILE = 50;
/**
 * Tile edges sit at this odd offset from round numbers: a vertex exactly on the camera plane
 * (w = 0) also breaks SwiftShader's clipping, and cameras often stand at round positions like x = 0.
 */
export const GRID_PHASE = 0.3183098861837907;
function samples(road: RoadSpec, s0: number, s1: number): number[] {
  const marks = new Set<number>([s0, s1]);
  for (let s = Math.ceil((s0 - GRID_PHASE) / STRAIGHT_STEP) * STRAIGHT_STEP + GRID_PHASE; s < s1; s += STRAIGHT_STEP) marks.add(s);
  const c = road.curve;
  if (c) {
    const a = c.start;
    const b = c.start + c.radius * c.angle;
    const n = Math.max(1, Math.ceil((b - a) / Math.min(ARC_STEP, c.radius * 0.01)));
    for (let i = 0; i <= n; i++) marks.add(a + ((b - a) * i) / n);
  }
  return [...marks].filter((s) => s >= s0 && s <= s1).sort((x, y) => x - y);
}

/** A flat band along the road from s0 to s1 between lateral offsets t0 < t1, at height z. */
function ribbon(road: RoadSpec, s0: number, s1: number, t0: number, t1: number, z: number): THREE.BufferGeometry {
  const ss = samples(road, s0, s1);
  const pos = new Float32Array(ss.length * 2 * 3);
  const nor = new Float32Array(ss.length * 2 * 3);
  const uv = new Float32Array(ss.length * 2 * 2);
  ss.forEach((s, i) => {
    for (const [k, t] of [[0, t0], [1, t1]] as const) {
      const [x, y] = roadPoint(road, s, t);
      const v = i * 2 + k;
      pos.set([x, y, z], v * 3);
      nor.set([0, 0, 1], v * 3);
      uv.set([s, t], v * 2);
    }
  });
  const idx = new Uint32Array((ss.length - 1) * 6);
  for (let i = 0; i < ss.length - 1; i++) {
    const a = i * 2;
    // Counter-clockwise seen from above (+z): (t0,s) → (t0,s') → (t1,s') and (t0,s) → (t1,s') → (t1,s).
    idx.set([a, a + 2, a + 3, a, a + 3, a + 1], i * 6);
  }
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(pos, 3));
  g.setAttribute('normal', new THREE.BufferAttribute(nor, 3));
  g.setAttribute('uv', new THREE.BufferAttribute(uv, 2));
  g.setIndex(new THREE.BufferAttribute(idx, 1));
  return g;
}

function merge(geoms: THREE.BufferGeometry[]): THREE.BufferGeometry {
  // A hand merge (PlaneGeometry is indexed, same attributes): one draw call for all markings.
  let vertices = 0;
  let indices = 0;
  for (const g of geoms) {
    vertices += g.attributes.position!.count;
    indices += g.index!.count;
  }
  const pos = new Float32Array(vertices * 3);
  const nor = new Float32Array(vertices * 3);
  const uv = new Float32Array(vertices * 2);
  const idx = new Uint32Array(indices);
  let v = 0;
  let k = 0;
  for (const g of geoms) {
    pos.set(g.attributes.position!.array as Float32Array, v * 3);
    nor.set(g.attributes.normal!.array as Float32Array, v * 3);
    uv.set(g.attributes.uv!.array as Float32Array, v * 2);
    const gi = g.index!.array;
    for (let i = 0; i < gi.length; i++) idx[k++] = gi[i]! + v;
    v += g.attributes.position!.count;
    g.dispose();
  }
  const out = new THREE.BufferGeometry();
  out.setAttribute('position', new THREE.BufferAttribute(pos, 3));
  out.setAttribute('normal', new THREE.BufferAttribute(nor, 3));
  out.setAttribute('uv', new THREE.BufferAttribute(uv, 2));
  out.setIndex(new THREE.BufferAttribute(idx, 1));
  return out;
}

/**
 * Road surface, shoulders, markings and the terrain around them. Road runs along +x from x = 0.
 * `look`: the weather on the ground (wet, puddles, snow), materials only.
 */
export function buildRoad(road: RoadSpec, look: SurfaceLook = DRY, seed = 0): THREE.Group {
  const cross = crossRoad(road);
  if (!cross) return buildCarriageway(road, null, true, look, RUN_OUT, seed);
  // An intersection: the main road with no markings across the junction, the crossing road
  // (drawn just in front where they overlap) likewise, one terrain under both.
  const x = road.cross!;
  const sin = Math.max(0.2, Math.abs(Math.sin(x.angle)));
  const mainHalf = (road.lanes * road.laneWidth) / 2 + road.shoulder;
  const crossHalf = (x.lanes * x.laneWidth) / 2 + x.shoulder;
  const group = new THREE.Group();
  group.name = 'roads';
  group.add(buildCarriageway(road, [x.at - crossHalf / sin, x.at + crossHalf / sin], true, look, RUN_OUT, seed));
  group.add(buildCarriageway({ ...cross, markingWear: road.markingWear }, [x.length - mainHalf / sin, x.length + mainHalf / sin], false, look, 0, seed));
  return group;
}

/**
 * One road: asphalt, shoulders, markings (left out over `gap`, an interval of s) and, if asked, the
 * terrain. `runOut`: how far the paving goes on past the ends.
 */
function buildCarriageway(road: RoadSpec, gap: [number, number] | null, withTerrain: boolean, look: SurfaceLook, runOut = RUN_OUT, seed = 0): THREE.Group {
  const group = new THREE.Group();
  group.name = 'road';
  const half = (road.lanes * road.laneWidth) / 2;
  // The paved road runs on past both ends. Besides looking right, this keeps a road vertex off the
  // camera plane when the ego stands at x = 0: SwiftShader clips a vertex with w = 0 wrongly and the
  // whole road then renders as a wall (seen: planar depth 300 m on every road pixel).
  const x0 = -runOut;
  const x1 = road.length + runOut;

  // A crossing road is pulled forward in depth so it wins cleanly where it overlaps the main road.
  const pull = withTerrain ? {} : { polygonOffset: true, polygonOffsetFactor: -0.5, polygonOffsetUnits: -2 };
  const asphalt = dressSurface(new THREE.MeshStandardMaterial({ color: srgb(classByName('road')!.color), roughness: 0.85, ...pull }), 'asphalt', look, road);
  const surface = new THREE.Mesh(ribbon(road, x0, x1, -half, half, 0), asphalt);
  surface.name = 'asphalt';
  surface.receiveShadow = true;
  group.add(tagSurface(surface, 'road'));

  if (road.shoulder > 0) {
    const mat = dressSurface(new THREE.MeshStandardMaterial({ color: srgb(classByName('shoulder')!.color), roughness: 0.95, ...pull }), 'shoulder', look, road);
    for (const sign of [-1, 1]) {
      const yIn = sign * half;
      const yOut = sign * (half + road.shoulder);
      const m = new THREE.Mesh(ribbon(road, x0, x1, Math.min(yIn, yOut), Math.max(yIn, yOut), 0), mat);
      m.name = 'shoulder';
      m.receiveShadow = true;
      group.add(tagSurface(m, 'shoulder'));
    }
  }

  if (withTerrain) {
    // Terrain: one plane under everything, 2 cm below the road, so no crack can open along the
    // road's edges (separate strips meeting there showed a hairline of 'nothing hit' from above).
    // Polygon offset pushes it back in depth too, so far away the road still wins the depth test.
    const terrainMat = dressSurface(
      new THREE.MeshStandardMaterial({
        color: srgb(classByName('terrain')!.color),
        roughness: 1,
        polygonOffset: true,
        polygonOffsetFactor: 2,
        polygonOffsetUnits: 8,
      }),
      'terrain',
      look,
      road,
    );
    const span = 2000;
    const ends = samples(road, x0, x1).map((s) => roadPoint(road, s, 0));
    const snap = (v: number) => Math.floor(v / TERRAIN_TILE) * TERRAIN_TILE + GRID_PHASE;
    const tx0 = snap(Math.min(...ends.map((p) => p[0])) - span);
    const ty0 = snap(Math.min(...ends.map((p) => p[1])) - span);
    const tx1 = tx0 + Math.ceil((Math.max(...ends.map((p) => p[0])) + span - tx0) / TERRAIN_TILE) * TERRAIN_TILE;
    const ty1 = ty0 + Math.ceil((Math.max(...ends.map((p) => p[1])) + span - ty0) / TERRAIN_TILE) * TERRAIN_TILE;
    const terrain = new THREE.Mesh(
      strip(tx0, tx1, ty0, ty1, -0.02, TERRAIN_TILE),
      terrainMat,
    );
    terrain.name = 'terrain';
    terrain.receiveShadow = true;
    group.add(tagSurface(terrain, 'terrain'));
  }

  // Markings: solid edge lines; a dashed line between lanes; a solid centre line between directions.
  const marks: THREE.BufferGeometry[] = [];
  const w = MARK_WIDTH;
  // Solid lines run in pieces around the gap; dashes inside it are left out.
  const pieces: [number, number][] = gap ? [[x0, gap[0]], [gap[1], x1]] : [[x0, x1]];
  const inGap = (a: number, b: number) => gap !== null && b > gap[0] && a < gap[1];
  // Worn paint (road.markingWear) is left only in pieces: markingWear.ts.
  const painted = paintLeft(road.markingWear ?? 0, new Rng(seed, withTerrain ? 'markings' : 'markings:cross'));
  const solid = (y: number) => {
    for (const [a, b] of pieces) for (const [p, q] of painted(a, b)) marks.push(ribbon(road, p, q, y - w / 2, y + w / 2, MARK_Z));
  };
  for (const y of [-half + 0.1 + w / 2, half - 0.1 - w / 2]) solid(y);
  const divider = road.lanes - road.oncoming; // boundary between lane `divider` and the next one
  for (let k = 1; k < road.lanes; k++) {
    const y = -half + k * road.laneWidth;
    if (k === divider && road.oncoming > 0) {
      solid(y);
    } else {
      for (let x = x0 + GRID_PHASE; x + DASH <= x1; x += DASH + GAP) if (!inGap(x, x + DASH)) for (const [p, q] of painted(x, x + DASH)) marks.push(ribbon(road, p, q, y - w / 2, y + w / 2, MARK_Z));
    }
  }
  const paint = dressSurface(
    new THREE.MeshStandardMaterial({
      color: srgb(classByName('lane_marking')!.color),
      roughness: 0.6,
      polygonOffset: true,
      polygonOffsetFactor: -1,
      polygonOffsetUnits: -4,
    }),
    'marking',
    look,
    road,
  );
  // Worn paint is also duller: faded towards the asphalt.
  paint.color.lerp(srgb(classByName('road')!.color), FADE_AT_FULL_WEAR * Math.min(1, Math.max(0, road.markingWear ?? 0)));
  const markings = new THREE.Mesh(merge(marks), paint);
  markings.name = 'markings';
  markings.receiveShadow = true;
  group.add(tagSurface(markings, 'lane_marking'));
  return group;
}

export function srgb(c: readonly number[]): THREE.Color {
  return new THREE.Color().setRGB(c[0]!, c[1]!, c[2]!, THREE.SRGBColorSpace);
}
