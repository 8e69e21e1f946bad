import * as THREE from 'three';
import { mergeVertices } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import { Rng } from '../core/index.ts';
import { crossRoad, isMotorway, roadFrame, roadPoint, type RoadSpec, type SceneSpec } from '../scenario/index.ts';
import { streetLampPositions } from './lamps.ts';
import { MeshBatch, shapeOf, type Shape } from './meshBatch.ts';
import { GRID_PHASE, RUN_OUT, tagSurface } from './road.ts';

// Roadside scenery: a mown verge, trees and bushes, utility poles, delineator posts, traffic signs
// and guardrails, laid out from the road's `roadside` settings and the scene seed. Look and labels
// only: the physics does not know any of it, and nothing stands where an entity stands, walks or
// is seen from a camera at the start (see keep-outs), nor on the road or its shoulders.
//
// Every piece is labelled as stuff (instance 0): guardrail, pole, traffic_sign, vegetation; the
// verge is terrain. Pieces are merged per class and per 100 m of road into a few meshes with
// vertex colours, so a whole roadside costs a few dozen draw calls.

/** Length of road whose scenery shares one mesh per class (frustum culling works per chunk), metres. */
const CHUNK = 100;
/** Scenery keeps this far clear of an entity's box, path and sight line, metres. */
const CLEAR = 1.5;
/** Guardrails only keep clear of boxes and paths (a low rail hides little), metres. */
const RAIL_CLEAR = 0.4;
/** Crowns are drawn this share of an item's radius: their lumps (±25%) stay inside it. */
const CROWN = 0.78;
/** Nothing but the rail and posts stands closer than this to the paved edge, metres. */
const EDGE_GAP = 0.4;
// Regular spacings (posts, verge strips) start GRID_PHASE past round numbers, as the road's tiles
// do: a vertex exactly on a camera's plane (a camera at x = 0) breaks SwiftShader's clipping.

/** Trees standing within this of the paved edge get finely tessellated crowns, metres. */
const FINE_WITHIN = 12;
/** Trees whose crowns come this close to the paved edge cast shadows (see buildRoadside), metres. */
const SHADOW_REACH = 3;

/** Guardrail line (posts behind it), distance beyond the paved edge, metres. */
export const RAIL_OFFSET = 0.6;
/** Post spacing of a guardrail, metres. */
const POST_SPACING = 2;

export type RoadsideClass = 'vegetation' | 'pole' | 'traffic_sign' | 'guardrail';

/** Per vegetation preset: densities per 100 m and side, and distances beyond the paved edge (m). */
interface Preset {
  readonly trees: number;
  readonly treeZone: readonly [number, number];
  readonly bushes: number;
  readonly bushZone: readonly [number, number];
  /** Share of conifers among trees. */
  readonly conifers: number;
  /** Far trees per 100 m and side, and their zone. */
  readonly far: number;
  readonly farZone: readonly [number, number];
  /** A dense tree line behind the near trees (a forest edge), its distance beyond the paved edge. */
  readonly wall: number | null;
  readonly utilityPoles: boolean;
}

const PRESETS: Readonly<Record<'open' | 'trees' | 'forest', Preset>> = {
  open: { trees: 1.5, treeZone: [8, 45], bushes: 4, bushZone: [2.5, 14], conifers: 0.2, far: 2.5, farZone: [45, 160], wall: null, utilityPoles: true },
  trees: { trees: 7, treeZone: [4, 28], bushes: 5, bushZone: [2.5, 10], conifers: 0.35, far: 2, farZone: [30, 120], wall: null, utilityPoles: true },
  forest: { trees: 9, treeZone: [4.5, 13], bushes: 4, bushZone: [2.5, 6], conifers: 0.6, far: 0, farZone: [0, 0], wall: 16, utilityPoles: false },
};

/** A piece of scenery, placed (world x, y; road s, t; heading of its own frame). */
export interface RoadsideItem {
  readonly kind: 'tree' | 'conifer' | 'bush' | 'utility_pole' | 'delineator' | 'sign';
  readonly x: number;
  readonly y: number;
  readonly s: number;
  readonly t: number;
  /** Footprint radius (crown, panel), metres: what must keep clear. */
  readonly radius: number;
  readonly height: number;
  /** Yaw of the piece (a sign's facing direction), radians. */
  readonly yaw: number;
  /** Sign shape, or a stable random number in [0, 1) for the shape and colour of other pieces. */
  readonly look: number | 'round' | 'triangle' | 'give_way' | 'square';
}

/** A guardrail piece on one side between arc lengths s0 < s1 (on the rail line). */
export interface RailPiece {
  readonly side: 1 | -1;
  readonly s0: number;
  readonly s1: number;
}

export interface RoadsideLayout {
  readonly items: readonly RoadsideItem[];
  readonly rails: readonly RailPiece[];
  /** A forest edge: per side, its distance beyond the paved edge (null: none). */
  readonly wall: number | null;
  /** Mown verge width beyond the paved edge, metres (0: none). */
  readonly verge: number;
}

/** A segment every entity's scenery keep-out is made of: points a → b, radius r. */
interface Capsule {
  readonly ax: number;
  readonly ay: number;
  readonly bx: number;
  readonly by: number;
  readonly r: number;
  /** A sight line: guardrails may cross it. */
  readonly sight: boolean;
}

function segmentDistance(px: number, py: number, c: Capsule): number {
  const dx = c.bx - c.ax;
  const dy = c.by - c.ay;
  const len2 = dx * dx + dy * dy;
  const u = len2 > 0 ? Math.max(0, Math.min(1, ((px - c.ax) * dx + (py - c.ay) * dy) / len2)) : 0;
  return Math.hypot(px - (c.ax + u * dx), py - (c.ay + u * dy));
}

/**
 * Where scenery must not go: each entity's box at the start and the path it may take (a walk or
 * crossing, a drive off the lanes, a herd following its leader), and the sight line from every
 * camera to every entity at the start.
 */
function keepOuts(spec: SceneSpec): Capsule[] {
  const out: Capsule[] = [];
  const byName = new Map(spec.entities.map((e) => [e.name, e]));
  const reach = (name: string) => {
    const e = byName.get(name)!;
    return Math.hypot(e.size[0], e.size[1]) / 2;
  };
  /** Straight paths of an entity from its start position: [heading, distance] pairs. */
  const paths = (name: string): Array<[number, number]> => {
    const e = byName.get(name)!;
    const list: Array<[number, number]> = [];
    const m = e.motion;
    if (m.kind === 'walk') list.push([m.heading, m.distance]);
    if (m.kind === 'drive' && m.lane === null) list.push([e.yaw, m.speed * spec.duration]);
    for (const b of spec.behaviours) {
      if (b.entity !== name) continue;
      if (b.action.kind === 'cross') list.push([b.action.heading, b.action.distance]);
      if (b.action.kind === 'speed' && m.kind === 'drive' && m.lane === null) list.push([e.yaw, b.action.speed * spec.duration]);
    }
    return list;
  };
  for (const e of spec.entities) {
    const r = reach(e.name);
    const [x, y] = e.position;
    out.push({ ax: x, ay: y, bx: x, by: y, r, sight: false });
    const own = paths(e.name);
    // A follower moves like its leader: the leader's paths, from where the follower stands.
    for (const b of spec.behaviours) if (b.entity === e.name && b.action.kind === 'follow' && byName.has(b.action.leader)) own.push(...paths(b.action.leader));
    for (const [h, d] of own) out.push({ ax: x, ay: y, bx: x + d * Math.cos(h), by: y + d * Math.sin(h), r, sight: false });
  }
  for (const c of spec.cameras) {
    const mount = byName.get(c.mount);
    if (!mount) continue;
    const [cx, cy] = mount.position;
    for (const e of spec.entities) {
      if (e === mount) continue;
      out.push({ ax: cx, ay: cy, bx: e.position[0], by: e.position[1], r: reach(e.name) * 0.5, sight: true });
    }
  }
  if (spec.environment.streetLamps) for (const l of streetLampPositions(spec.road)) out.push({ ax: l.foot[0], ay: l.foot[1], bx: l.foot[0], by: l.foot[1], r: 0.3, sight: false });
  return out;
}

/** Grid cell of the centre-line index, metres. */
const CELL = 8;

/**
 * The centre lines of the main and crossing roads sampled every metre, indexed on a grid, each
 * point with its road's paved half-width (shoulders included): `near(x, y, gap)` is whether a
 * point comes within half-width + gap of either road.
 */
function pavedIndex(road: RoadSpec): { near(x: number, y: number, gap: number): boolean } {
  const cells = new Map<string, number[]>();
  let widest = 0;
  const add = (r: RoadSpec, s0: number, s1: number) => {
    const half = (r.lanes * r.laneWidth) / 2 + r.shoulder;
    widest = Math.max(widest, half);
    for (let s = s0; s <= s1; s += 1) {
      const [x, y] = roadPoint(r, s, 0);
      const key = `${Math.floor(x / CELL)},${Math.floor(y / CELL)}`;
      let list = cells.get(key);
      if (!list) cells.set(key, (list = []));
      list.push(x, y, half);
    }
  };
  add(road, -RUN_OUT - 50, road.length + RUN_OUT + 50);
  const cross = crossRoad(road);
  if (cross) add(cross, 0, cross.length);
  return {
    near(x, y, gap) {
      const reach = Math.ceil((widest + gap) / CELL);
      const cx = Math.floor(x / CELL);
      const cy = Math.floor(y / CELL);
      for (let i = cx - reach; i <= cx + reach; i++) {
        for (let j = cy - reach; j <= cy + reach; j++) {
          const list = cells.get(`${i},${j}`);
          if (!list) continue;
          for (let k = 0; k < list.length; k += 3) {
            const min = list[k + 2]! + gap;
            if ((list[k]! - x) ** 2 + (list[k + 1]! - y) ** 2 < min * min) return true;
          }
        }
      }
      return false;
    },
  };
}

/** The scenery of a scene, placed: deterministic in the SceneSpec (its road, entities, cameras and seed). */
export function roadsideLayout(spec: SceneSpec): RoadsideLayout {
  const road = spec.road;
  const rs = road.roadside;
  if (!rs) return { items: [], rails: [], wall: null, verge: 0 };
  const rng = new Rng(spec.seed, 'roadside');
  const motorway = isMotorway(road);
  const edge = (road.lanes * road.laneWidth) / 2 + road.shoulder;
  const s0 = -RUN_OUT;
  const s1 = road.length + RUN_OUT;
  const avoid = keepOuts(spec);
  const paved = pavedIndex(road);

  /** Clear of every road's paving (by `gap` beyond it) and every keep-out (by `clear`)? */
  const free = (x: number, y: number, radius: number, clear: number, gap = EDGE_GAP, sight = true): boolean => {
    if (paved.near(x, y, radius + gap)) return false;
    for (const c of avoid) if ((sight || !c.sight) && segmentDistance(x, y, c) < c.r + radius + clear) return false;
    return true;
  };

  const items: RoadsideItem[] = [];
  const place = (kind: RoadsideItem['kind'], s: number, t: number, radius: number, height: number, yaw: number, look: RoadsideItem['look'], clear = CLEAR, gap = EDGE_GAP): boolean => {
    const [x, y] = roadPoint(road, s, t);
    if (!free(x, y, radius, clear, gap)) return false;
    items.push({ kind, x, y, s, t, radius, height, yaw, look });
    return true;
  };
  const railSides = new Set(rs.guardrails.map((g) => (g.side === 'left' ? 1 : -1)));
  const railAt = (side: 1 | -1, s: number) => rs.guardrails.some((g) => (g.side === 'left' ? 1 : -1) === side && s >= g.from && s <= g.to);

  const vegRng = rng.fork('vegetation');
  const preset = rs.vegetation === 'none' ? null : PRESETS[rs.vegetation];
  // Motorways keep a wider clear zone before the trees.
  const push = motorway ? 4 : 0;
  const verge = preset ? Math.min((preset.treeZone[0] + push) * 0.8, vegRng.uniform(2, 3.5) + push * 0.5) : 0;
  if (preset) {
    for (const side of [1, -1] as const) {
      /**
       * `count` per 100 m spread evenly (jittered) along the road, each `size`d first, then set
       * between the zone's near and far distance beyond the paved edge, no nearer than its radius.
       */
      const scatter = (count: number, zone: readonly [number, number], size: (u: number) => { kind: RoadsideItem['kind']; radius: number; height: number }) => {
        const n = Math.round(((s1 - s0) / 100) * count);
        const step = (s1 - s0) / Math.max(1, n);
        for (let i = 0; i < n; i++) {
          const s = s0 + (i + vegRng.next()) * step;
          const { kind, radius, height } = size(vegRng.next());
          const near = Math.max(zone[0] + push, radius + EDGE_GAP + 0.1);
          const t = side * (edge + near + vegRng.next() * Math.max(0, zone[1] + push - near));
          place(kind, s, t, radius, height, vegRng.uniform(0, 2 * Math.PI), vegRng.next());
        }
      };
      const tree = (u: number) => {
        const conifer = u < preset.conifers;
        const height = conifer ? 10 + 10 * vegRng.next() : 8 + 8 * vegRng.next();
        const radius = conifer ? height * (0.16 + 0.06 * vegRng.next()) : height * (0.22 + 0.1 * vegRng.next());
        return { kind: conifer ? ('conifer' as const) : ('tree' as const), radius, height };
      };
      scatter(preset.trees, preset.treeZone, tree);
      scatter(preset.far, preset.farZone, tree);
      scatter(preset.bushes, preset.bushZone, () => {
        const height = 0.6 + 1.4 * vegRng.next();
        return { kind: 'bush', radius: height * (0.6 + 0.4 * vegRng.next()), height };
      });
    }
  }

  // Utility poles along one side of rural roads; delineator posts on both sides (not behind a rail).
  const poleRng = rng.fork('poles');
  if (preset?.utilityPoles && !motorway) {
    const side = poleRng.next() < 0.5 ? 1 : -1;
    const t = side * (edge + 3.5 + 1.5 * poleRng.next());
    for (let s = s0 + 40 * poleRng.next(); s < s1; s += 40 + 15 * poleRng.next()) place('utility_pole', s, t, 0.3, 8.5 + poleRng.next(), roadFrame(road, s).heading, poleRng.next());
  }
  if (preset && !motorway) {
    for (const side of [1, -1] as const) {
      for (let s = s0 + GRID_PHASE + (side > 0 ? 25 : 0); s < s1; s += 50) {
        if (!railAt(side, s)) place('delineator', s, side * (edge + 0.5), 0.08, 1.0, roadFrame(road, s).heading, 0, 0.3, 0.2);
      }
    }
  }

  // Signs: mostly on the right, facing the traffic coming towards them; behind a rail if there is one.
  const signRng = rng.fork('signs');
  if (rs.vegetation !== 'none') {
    const shapes: ReadonlyArray<readonly [number, RoadsideItem['look']]> = [
      [40, 'round'],
      [35, 'triangle'],
      [10, 'give_way'],
      [15, 'square'],
    ];
    for (let s = s0 + 30 + 80 * signRng.next(); s < s1; s += 120 + 140 * signRng.next()) {
      const side: 1 | -1 = road.oncoming > 0 && signRng.next() < 0.3 ? 1 : -1;
      const toward = side === 1 && road.oncoming > 0 ? 0 : Math.PI; // facing along +s for oncoming lanes
      let u = signRng.next() * 100;
      let shape = shapes[0]![1];
      for (const [w, sh] of shapes) {
        if (u < w) {
          shape = sh;
          break;
        }
        u -= w;
      }
      const scale = motorway ? 1.5 : 1;
      const t = side * (edge + (railAt(side, s) || railSides.has(side) ? RAIL_OFFSET + 0.6 : 0.9));
      place('sign', s, t, 0.5 * scale, 2.3 * scale, roadFrame(road, s).heading + toward, shape);
    }
  }

  // Guardrails: pieces of the runs, broken where they would cross an entity's box or path.
  const rails: RailPiece[] = [];
  for (const g of rs.guardrails) {
    const side = g.side === 'left' ? 1 : -1;
    const a = Math.max(s0, g.from) + GRID_PHASE;
    const b = Math.min(s1, g.to);
    let start: number | null = null;
    for (let s = a; s <= b + 1e-9; s += POST_SPACING) {
      const [x, y] = roadPoint(road, s, side * (edge + RAIL_OFFSET));
      const ok = free(x, y, 0.1, RAIL_CLEAR, RAIL_OFFSET - 0.2, false);
      if (ok && start === null) start = s;
      if ((!ok || s + POST_SPACING > b + 1e-9) && start !== null) {
        const end = ok ? s : s - POST_SPACING;
        if (end - start >= POST_SPACING * 2) rails.push({ side, s0: start, s1: end });
        start = null;
      }
    }
  }
  return { items, rails, wall: preset?.wall != null ? preset.wall + push : null, verge };
}

// ---- Geometry ----------------------------------------------------------------------------------

const lin = (r: number, g: number, b: number): THREE.Color => new THREE.Color().setRGB(r, g, b, THREE.SRGBColorSpace);

const COLORS = {
  bark: lin(0.28, 0.21, 0.15),
  leaves: [lin(0.17, 0.3, 0.09), lin(0.22, 0.35, 0.11), lin(0.28, 0.4, 0.13), lin(0.2, 0.3, 0.12)],
  needles: [lin(0.09, 0.2, 0.1), lin(0.11, 0.24, 0.12), lin(0.13, 0.22, 0.09)],
  bush: [lin(0.2, 0.32, 0.12), lin(0.26, 0.36, 0.14), lin(0.18, 0.27, 0.1)],
  wall: lin(0.13, 0.23, 0.1),
  wallTop: lin(0.16, 0.28, 0.11),
  wood: lin(0.3, 0.23, 0.16),
  white: lin(0.92, 0.92, 0.9),
  black: lin(0.05, 0.05, 0.05),
  red: lin(0.75, 0.06, 0.06),
  blue: lin(0.05, 0.25, 0.65),
  back: lin(0.55, 0.56, 0.58),
  steel: lin(0.68, 0.7, 0.72),
};

/** Template shapes in the z-up world: unit sizes, base at z = 0 unless said. */
function templates(): Record<'trunk' | 'crown' | 'lowCrown' | 'cone' | 'box' | 'post' | 'disc' | 'tri' | 'bush', Shape> {
  const upright = (g: THREE.BufferGeometry) => g.rotateX(Math.PI / 2).translate(0, 0, 0.5);
  // A sphere with shared vertices (so lumps move whole corners) and smooth normals.
  const blob = (detail: number) => {
    const g = new THREE.IcosahedronGeometry(1, detail);
    g.deleteAttribute('uv');
    g.deleteAttribute('normal');
    const merged = mergeVertices(g);
    merged.computeVertexNormals();
    return merged;
  };
  // Panels: the axis along x (the facing direction), centred; a triangle's corner points up.
  const panel = (segments: number) => new THREE.CylinderGeometry(1, 1, 1, segments, 1).rotateZ(-Math.PI / 2);
  return {
    trunk: shapeOf(upright(new THREE.CylinderGeometry(0.7, 1, 1, 6, 1, true))),
    crown: shapeOf(blob(1)),
    lowCrown: shapeOf(blob(0)),
    bush: shapeOf(blob(0)),
    cone: shapeOf(upright(new THREE.ConeGeometry(1, 1, 8, 1))),
    box: shapeOf(new THREE.BoxGeometry(1, 1, 1).translate(0, 0, 0.5)),
    post: shapeOf(upright(new THREE.CylinderGeometry(1, 1, 1, 6, 1, true))),
    disc: shapeOf(panel(16)),
    tri: shapeOf(panel(3)),
  };
}

const m4 = new THREE.Matrix4();
const q = new THREE.Quaternion();
const zAxis = new THREE.Vector3(0, 0, 1);
/** Matrix placing a template at (x, y, z), turned `yaw` about z, scaled (sx, sy, sz). */
function at(x: number, y: number, z: number, yaw: number, sx: number, sy: number, sz: number): THREE.Matrix4 {
  return m4.compose(new THREE.Vector3(x, y, z), q.setFromAxisAngle(zAxis, yaw), new THREE.Vector3(sx, sy, sz));
}

/** A hash of (i, k) to [-1, 1): lumps on a crown, the same every time. */
function lump(i: number, k: number): number {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(k + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return ((h >>> 0) / 4294967296) * 2 - 1;
}

/**
 * The roadside of `spec` as meshes, labelled per class: one group, static. `dressVerge` may dress
 * the verge's material as the road's terrain is (weather on the ground).
 */
export function buildRoadside(spec: SceneSpec, dressVerge: (m: THREE.MeshStandardMaterial) => THREE.MeshStandardMaterial = (m) => m): THREE.Group {
  const group = new THREE.Group();
  group.name = 'roadside';
  const layout = roadsideLayout(spec);
  const road = spec.road;
  if (!road.roadside) return group;
  const edge = (road.lanes * road.laneWidth) / 2 + road.shoulder;
  const T = templates();
  const batches = new Map<string, MeshBatch>();
  /** The batch of a class and stretch of road; `cast`: whether its pieces cast shadows. */
  const batch = (cls: RoadsideClass, s: number, cast = true): MeshBatch => {
    const key = `${cls}:${Math.floor((s + RUN_OUT) / CHUNK)}:${cast ? 'cast' : 'flat'}`;
    let b = batches.get(key);
    if (!b) batches.set(key, (b = new MeshBatch()));
    return b;
  };
  const pick = <T>(list: readonly T[], u: number): T => list[Math.min(list.length - 1, Math.floor(u * list.length))]!;
  /**
   * Shadows cost the CPU renderer dearly (every caster is drawn again into the shadow map): only
   * trees whose crown comes within SHADOW_REACH of the paved edge cast them, where they can fall
   * on the road and what is on it. Bushes and the forest edge do not.
   */
  const castsOnRoad = (it: RoadsideItem) => Math.abs(it.t) - it.radius - edge < SHADOW_REACH;

  // Nearest the road first: seen from the road, pieces then mostly hide what is drawn after them,
  // and SwiftShader's early depth test skips shading those pixels. (The index n stays the layout's.)
  const order = layout.items.map((it, n) => [it, n] as const).sort(([a], [b]) => Math.abs(a.t) - Math.abs(b.t));
  order.forEach(([it, n]) => {
    const u = typeof it.look === 'number' ? it.look : 0;
    switch (it.kind) {
      case 'tree': {
        const veg = batch('vegetation', it.s, castsOnRoad(it));
        const trunkH = it.height * (0.45 + 0.1 * u);
        veg.add(T.trunk, at(it.x, it.y, -0.05, 0, it.height * 0.018, it.height * 0.018, trunkH + 0.05), COLORS.bark);
        // Two lumpy blobs make a crown: a main one and a smaller one beside it. Trees far from the
        // road (small in any image) get the coarse blobs: 40 triangles instead of 160.
        const r = it.radius * CROWN;
        const crownZ = trunkH + r * 0.75;
        const leaves = pick(COLORS.leaves, u);
        const blob = Math.abs(it.t) - edge > FINE_WITHIN ? T.lowCrown : T.crown;
        for (const [dx, dz, k] of [[0, 0, 1], [0.35, -0.25, 0.7]] as const) {
          const cx = it.x + Math.cos(it.yaw) * dx * r;
          const cy = it.y + Math.sin(it.yaw) * dx * r;
          const cz = crownZ + dz * r;
          veg.add(blob, at(cx, cy, cz, it.yaw, r * k, r * k * 0.9, r * k * 0.85), leaves, (p, i) => {
            const f = 1 + 0.22 * lump(i, n * 2 + (k === 1 ? 0 : 1));
            p.set(cx + (p.x - cx) * f, cy + (p.y - cy) * f, cz + (p.z - cz) * f);
          });
        }
        break;
      }
      case 'conifer': {
        const veg = batch('vegetation', it.s, castsOnRoad(it));
        veg.add(T.trunk, at(it.x, it.y, -0.05, 0, it.height * 0.015, it.height * 0.015, it.height * 0.3), COLORS.bark);
        const needles = pick(COLORS.needles, u);
        // Three stacked cones, narrowing upwards.
        for (let k = 0; k < 3; k++) {
          const base = it.height * (0.18 + 0.25 * k);
          const h = it.height - base;
          const r = it.radius * (1 - 0.25 * k);
          veg.add(T.cone, at(it.x, it.y, base, it.yaw + k, r, r, h * (k === 2 ? 1 : 0.55)), needles);
        }
        break;
      }
      case 'bush': {
        const veg = batch('vegetation', it.s, false);
        const h = it.height;
        const cz = h * 0.45;
        const r = it.radius * CROWN;
        veg.add(T.bush, at(it.x, it.y, cz, it.yaw, r, r * 0.85, h * 0.55), pick(COLORS.bush, u), (p, i) => {
          const f = 1 + 0.25 * lump(i, n);
          p.set(it.x + (p.x - it.x) * f, it.y + (p.y - it.y) * f, Math.max(-0.05, cz + (p.z - cz) * f));
        });
        break;
      }
      case 'utility_pole': {
        const poles = batch('pole', it.s);
        poles.add(T.post, at(it.x, it.y, -0.1, 0, 0.13, 0.13, it.height + 0.1), COLORS.wood);
        // A crossarm across the road, near the top.
        poles.add(T.box, at(it.x, it.y, it.height - 0.6, it.yaw + Math.PI / 2, 1.6, 0.09, 0.1), COLORS.wood);
        break;
      }
      case 'delineator': {
        const poles = batch('pole', it.s);
        poles.add(T.box, at(it.x, it.y, -0.05, it.yaw, 0.1, 0.12, it.height + 0.05), COLORS.white);
        // Black band near the top, a hair larger so it shows without fighting the white.
        poles.add(T.box, at(it.x, it.y, it.height - 0.3, it.yaw, 0.104, 0.124, 0.22), COLORS.black);
        break;
      }
      case 'sign': {
        const poles = batch('pole', it.s);
        const signs = batch('traffic_sign', it.s);
        const k = it.radius / 0.5;
        const centreZ = it.height;
        poles.add(T.post, at(it.x, it.y, -0.05, 0, 0.035 * k, 0.035 * k, centreZ + 0.05), COLORS.back);
        // Layers along the facing direction: a grey back, the coloured plate, the white face.
        const fx = Math.cos(it.yaw);
        const fy = Math.sin(it.yaw);
        const layer = (shape: Shape, offset: number, thick: number, r: number, color: THREE.Color, flip = false) =>
          signs.add(shape, at(it.x + fx * (0.045 + offset), it.y + fy * (0.045 + offset), centreZ, it.yaw, thick, r * k, r * k).multiply(new THREE.Matrix4().makeRotationX(flip ? Math.PI : 0)), color);
        if (it.look === 'round') {
          layer(T.disc, -0.012, 0.01, 0.32, COLORS.back);
          layer(T.disc, 0, 0.014, 0.32, COLORS.red);
          layer(T.disc, 0.006, 0.014, 0.24, COLORS.white);
        } else if (it.look === 'triangle' || it.look === 'give_way') {
          const flip = it.look === 'give_way';
          layer(T.tri, -0.012, 0.01, 0.5, COLORS.back, flip);
          layer(T.tri, 0, 0.014, 0.5, COLORS.red, flip);
          layer(T.tri, 0.006, 0.014, 0.34, COLORS.white, flip);
        } else {
          signs.add(T.box, at(it.x + fx * 0.045, it.y + fy * 0.045, centreZ - 0.3 * k, it.yaw, 0.02, 0.6 * k, 0.6 * k), COLORS.blue);
          signs.add(T.box, at(it.x + fx * 0.052, it.y + fy * 0.052, centreZ - 0.12 * k, it.yaw, 0.01, 0.25 * k, 0.25 * k), COLORS.white);
        }
        break;
      }
    }
  });

  // Guardrails: a W-beam (simplified to a three-faced profile) on posts every POST_SPACING metres.
  for (const piece of layout.rails) {
    const t = piece.side * (edge + RAIL_OFFSET);
    // Profile (offset towards the road from the rail line, height), round the beam.
    const profile: ReadonlyArray<readonly [number, number]> = [[-0.02, 0.45], [0.03, 0.45], [0.07, 0.53], [0.07, 0.68], [0.03, 0.76], [-0.02, 0.76], [-0.02, 0.45]];
    for (let s = piece.s0; s < piece.s1 - 1e-9; s += POST_SPACING) {
      const b = batch('guardrail', s);
      const e = Math.min(piece.s1, s + POST_SPACING);
      const pts: number[] = [];
      const p = (ss: number, off: number, z: number) => {
        const [x, y] = roadPoint(road, ss, t - piece.side * off);
        return [x, y, z];
      };
      for (let i = 0; i + 1 < profile.length; i++) {
        const [o0, z0] = profile[i]!;
        const [o1, z1] = profile[i + 1]!;
        const A = p(s, o0, z0);
        const B = p(e, o0, z0);
        const C = p(e, o1, z1);
        const D = p(s, o1, z1);
        // Wound counter-clockwise seen from outside the beam (the profile runs the other way round on the right).
        if (piece.side > 0) pts.push(...A, ...B, ...C, ...A, ...C, ...D);
        else pts.push(...A, ...C, ...B, ...A, ...D, ...C);
      }
      b.addTriangles(pts, COLORS.steel);
      const [px, py] = roadPoint(road, s, t + piece.side * 0.08);
      b.add(T.box, at(px, py, -0.05, roadFrame(road, s).heading, 0.1, 0.1, 0.78), COLORS.steel);
    }
  }

  // A forest edge: a dark wall of canopy with a ragged top behind the near trees, per chunk.
  let wallIndex: ReturnType<typeof pavedIndex> | undefined;
  if (layout.wall !== null) {
    const wallRng = new Rng(spec.seed, 'roadside:wall');
    for (const side of [1, -1] as const) {
      const t = side * (edge + layout.wall);
      const back = side * (edge + layout.wall + 10);
      const step = 3;
      let h0 = 14 + 6 * wallRng.next();
      for (let s = -RUN_OUT + GRID_PHASE; s < road.length + RUN_OUT; s += step) {
        const h1 = 14 + 6 * wallRng.next();
        const [ax, ay] = roadPoint(road, s, t);
        const [bx, by] = roadPoint(road, s + step, t);
        const [cx, cy] = roadPoint(road, s + step, back);
        const [dx, dy] = roadPoint(road, s, back);
        if (!wallFree(ax, ay) || !wallFree(bx, by)) {
          h0 = h1;
          continue;
        }
        const b = batch('vegetation', s, false);
        // Front face towards the road, top face up: wound counter-clockwise seen from there.
        const front = [ax, ay, -0.05, bx, by, -0.05, bx, by, h1, ax, ay, -0.05, bx, by, h1, ax, ay, h0];
        const top = [ax, ay, h0, bx, by, h1, cx, cy, h1, ax, ay, h0, cx, cy, h1, dx, dy, h0];
        b.addTriangles(side > 0 ? front : flip(front), COLORS.wall);
        b.addTriangles(side > 0 ? top : flip(top), COLORS.wallTop);
        h0 = h1;
      }
    }
  }

  // The mown verge: a lighter strip of grass from the paved edge out, just above the terrain.
  if (layout.verge > 0) {
    const mat = dressVerge(
      new THREE.MeshStandardMaterial({ color: lin(0.3, 0.38, 0.17), roughness: 1, polygonOffset: true, polygonOffsetFactor: 1, polygonOffsetUnits: 4 }),
    );
    for (const side of [1, -1] as const) {
      const m = new THREE.Mesh(vergeGeometry(road, side * edge, side * (edge + layout.verge)), mat);
      m.name = 'verge';
      m.receiveShadow = true;
      group.add(tagSurface(m, 'terrain'));
    }
  }

  const materials: Record<RoadsideClass, THREE.Material> = {
    // Matte scenery takes the cheaper Lambert shading (most of its pixels were sky before);
    // plates and rails keep their sheen.
    vegetation: new THREE.MeshLambertMaterial({ vertexColors: true }),
    pole: new THREE.MeshLambertMaterial({ vertexColors: true }),
    traffic_sign: new THREE.MeshStandardMaterial({ vertexColors: true, roughness: 0.45 }),
    guardrail: new THREE.MeshStandardMaterial({ vertexColors: true, roughness: 0.4, metalness: 0.5 }),
  };
  for (const [key, b] of [...batches].sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0))) {
    if (b.empty) continue;
    const cls = key.split(':')[0] as RoadsideClass;
    // Each mesh sits at its own centre, so three.js draws the chunks front to back.
    const geometry = b.geometry();
    const centre = geometry.boundingSphere!.center.clone();
    geometry.translate(-centre.x, -centre.y, -centre.z);
    const mesh = new THREE.Mesh(geometry, materials[cls]);
    mesh.position.copy(centre);
    mesh.name = key;
    mesh.castShadow = key.endsWith(':cast');
    mesh.receiveShadow = cls !== 'vegetation';
    group.add(tagSurface(mesh, cls));
  }
  return group;

  /** The wall keeps 4 m clear of the roads' paving (the crossing road's, and a bend's inside). */
  function wallFree(x: number, y: number): boolean {
    wallIndex ??= pavedIndex(road);
    return !wallIndex.near(x, y, 4);
  }
}

/** The triangles of a flat list of them (9 numbers each) with their winding reversed. */
function flip(points: readonly number[]): number[] {
  const out: number[] = [];
  for (let t = 0; t + 8 < points.length; t += 9) out.push(...points.slice(t, t + 3), ...points.slice(t + 6, t + 9), ...points.slice(t + 3, t + 6));
  return out;
}

/** A flat band beside the road between lateral offsets t0, t1, 1 cm under the road's surface. */
function vergeGeometry(road: RoadSpec, t0: number, t1: number): THREE.BufferGeometry {
  const ss: number[] = [-RUN_OUT];
  for (let s = -RUN_OUT + GRID_PHASE; s < road.length + RUN_OUT; s += 5) ss.push(s);
  ss.push(road.length + RUN_OUT);
  const lo = Math.min(t0, t1);
  const hi = Math.max(t0, t1);
  const pos: number[] = [];
  const idx: number[] = [];
  ss.forEach((s, i) => {
    for (const t of [lo, hi]) pos.push(...roadPoint(road, s, t), -0.01);
    if (i > 0) {
      const a = (i - 1) * 2;
      idx.push(a, a + 2, a + 3, a, a + 3, a + 1);
    }
  });
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.Float32BufferAttribute(pos, 3));
  g.setAttribute('normal', new THREE.Float32BufferAttribute(ss.flatMap(() => [0, 0, 1, 0, 0, 1]), 3));
  g.setIndex(idx);
  return g;
}
