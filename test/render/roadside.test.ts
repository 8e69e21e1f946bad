// Roadside scenery in node: the layout is deterministic in the SceneSpec, keeps off the road and
// its shoulders, keeps clear of every entity's place, path and sight line; guardrails follow the
// road kind; worn markings leave exact pieces of paint; the meshes are few and labelled as stuff.
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { Rng, classByName } from '../../src/core/index.ts';
import { paintLeft } from '../../src/render/markingWear.ts';
import { buildRoadside, roadsideLayout } from '../../src/render/roadside.ts';
import { crossRoad, roadPoint, roadProject, type RoadSpec, type SceneSpec } from '../../src/scenario/index.ts';
import { guardrailRuns } from '../../src/scenario/roadside.ts';
import { diagnosticsOf, minimal, sampleSnippet, samplingErrorsOf } from '../helpers/scenario.ts';

const edgeOf = (r: RoadSpec) => (r.lanes * r.laneWidth) / 2 + r.shoulder;

const RURAL = `
road straight {
  lanes: 2
  roadside: trees
}
ego car {
  on lane 1
  speed: 20 km/h
}
deer doe {
  on roadside right
  ahead of ego by 40 m
  cross road at 3 m/s after 1 s
}
sedan parked {
  on shoulder left
  ahead of ego by 60 m
}
cow grazer {
  on roadside left
  ahead of ego by 90 m
}
duration 4 s
`;

describe('the layout', () => {
  const spec = sampleSnippet(RURAL, 4);

  it('is the same for the same SceneSpec and changes with the seed', () => {
    const a = roadsideLayout(spec);
    expect(a.items.length).toBeGreaterThan(100);
    expect(roadsideLayout(structuredClone(spec))).toEqual(a);
    const other = roadsideLayout({ ...spec, seed: spec.seed + 1 });
    expect(other.items.map((i) => i.x)).not.toEqual(a.items.map((i) => i.x));
  });

  it('keeps everything off the road and its shoulders, on straight, curved and crossing roads', () => {
    const scenes = [
      spec,
      sampleSnippet('road curve {\n  radius: 40 m\n  angle: 120 deg\n  roadside: forest\n}\nego car { on lane 1 }', 2),
      sampleSnippet('road intersection {\n  roadside: trees\n}\nego car { on lane 1 }', 3),
    ];
    for (const s of scenes) {
      const roads = [s.road, crossRoad(s.road)].filter((r): r is RoadSpec => r !== null);
      const items = roadsideLayout(s).items;
      expect(items.length, s.road.kind).toBeGreaterThan(50);
      for (const it of items) {
        for (const r of roads) {
          const p = roadProject(r, it.x, it.y);
          // The crossing road ends where it is drawn; beyond its ends there is no paving.
          if (r !== s.road && (p.s < 0 || p.s > r.length)) continue;
          expect(Math.abs(p.t) - it.radius, `${s.road.kind} ${it.kind} at s ${it.s.toFixed(1)}`).toBeGreaterThanOrEqual(edgeOf(r) + 0.19);
        }
      }
    }
  });

  it("keeps clear of every entity's box, path and the sight line from the camera to it", () => {
    const { items, rails } = roadsideLayout(spec);
    const dist = (px: number, py: number, a: readonly number[], b: readonly number[]) => {
      const dx = b[0]! - a[0]!;
      const dy = b[1]! - a[1]!;
      const u = Math.max(0, Math.min(1, ((px - a[0]!) * dx + (py - a[1]!) * dy) / (dx * dx + dy * dy || 1)));
      return Math.hypot(px - (a[0]! + u * dx), py - (a[1]! + u * dy));
    };
    const ego = spec.entities[0]!;
    for (const e of spec.entities) {
      const reach = Math.hypot(e.size[0], e.size[1]) / 2;
      const cross = spec.behaviours.find((b) => b.entity === e.name && b.action.kind === 'cross');
      const end = cross && cross.action.kind === 'cross' ? [e.position[0] + cross.action.distance * Math.cos(cross.action.heading), e.position[1] + cross.action.distance * Math.sin(cross.action.heading)] : e.position;
      for (const it of items) {
        // Delineator posts mark the road's edge: they keep only 0.3 m clear; the rest 1.5 m.
        const clear = it.kind === 'delineator' ? 0.29 : 1.49;
        expect(dist(it.x, it.y, e.position, end), `${it.kind} near ${e.name}`).toBeGreaterThan(reach + it.radius + clear);
        if (e !== ego) expect(dist(it.x, it.y, ego.position, e.position), `${it.kind} in the view of ${e.name}`).toBeGreaterThan(reach * 0.5 + it.radius + clear);
      }
    }
    // The crossing deer walks through where the right rail would be: a deer-crossing scene with a
    // rail has a gap there.
    const railed = { ...spec, road: { ...spec.road, roadside: { ...spec.road.roadside!, guardrails: guardrailRuns(spec.road, 'both') } } };
    const doe = spec.entities.find((e) => e.name === 'doe')!;
    const pieces = roadsideLayout(railed).rails.filter((r) => r.side === -1);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.some((r) => r.s0 <= doe.position[0] && r.s1 >= doe.position[0])).toBe(false);
    expect(rails).toEqual([]);
  });

  it('gives a forest a tree line and more trees than open fields', () => {
    const count = (v: string) => roadsideLayout(sampleSnippet(`road straight { roadside: ${v} }\nego car { on lane 1 }`, 1)).items.filter((i) => i.kind === 'tree' || i.kind === 'conifer').length;
    expect(count('forest')).toBeGreaterThan(2 * count('open'));
    expect(roadsideLayout(sampleSnippet('road straight { roadside: forest }\nego car { on lane 1 }', 1)).wall).not.toBeNull();
    expect(roadsideLayout(sampleSnippet('road straight { roadside: none }\nego car { on lane 1 }', 1)).items).toEqual([]);
  });
});

describe('guardrails', () => {
  const road = (text: string) => sampleSnippet(`${text}\nego car { on lane 1 }`, 0).road;

  it("'auto': none on a two-lane road, both sides of a motorway, the outside of a bend", () => {
    expect(road('road straight { lanes: 2 }').roadside!.guardrails).toEqual([]);
    const all = { from: -100, to: 500 };
    expect(road('road straight {\n  lanes: 3\n  oncoming: 0\n}').roadside!.guardrails).toEqual([{ side: 'right', ...all }, { side: 'left', ...all }]);
    expect(road('road straight { lanes: 4 }').roadside!.guardrails).toHaveLength(2);
    // A left bend from 100 m, radius 200 m, 90°: 314.16 m of arc; the rail runs 30 m beyond each end.
    const bend = road('road curve {\n  radius: 200 m\n  angle: 90 deg\n}').roadside!.guardrails;
    expect(bend).toHaveLength(1);
    expect(bend[0]!.side).toBe('right');
    expect(bend[0]!.from).toBe(70);
    expect(bend[0]!.to).toBeCloseTo(100 + 100 * Math.PI + 30, 9);
    expect(road('road curve { direction: right }').roadside!.guardrails[0]!.side).toBe('left');
  });

  it('as given: none, left, right or both, the whole road long', () => {
    expect(road('road curve { guardrail: none }').roadside!.guardrails).toEqual([]);
    expect(road('road straight { guardrail: left }').roadside!.guardrails).toEqual([{ side: 'left', from: -100, to: 500 }]);
    expect(road('road straight { guardrail: both }').roadside!.guardrails.map((g) => g.side)).toEqual(['right', 'left']);
  });

  it('run unbroken the whole drawn road when nothing is in their way', () => {
    const spec = sampleSnippet('road straight {\n  lanes: 3\n  oncoming: 0\n}\nego car { on lane 1 }', 0);
    const rails = roadsideLayout(spec).rails;
    expect(rails).toHaveLength(2);
    // The ego at the origin keeps the rails clear only where its box reaches: it is on the road.
    // Posts every 2 m from just past the drawn road's start (an odd phase: see roadside.ts) to its end.
    for (const r of rails) {
      expect(r.s0).toBeCloseTo(-100 + 0.3183, 4);
      expect(r.s1).toBeCloseTo(500 - 2 + 0.3183, 4);
    }
  });
});

describe('worn markings', () => {
  it('are the whole line at wear 0, and exact pieces of it otherwise, the same for the same stream', () => {
    expect(paintLeft(0, new Rng(1, 'm'))(3, 15)).toEqual([[3, 15]]);
    for (const wear of [0.2, 0.5, 1]) {
      const pieces = paintLeft(wear, new Rng(1, 'm'))(0, 1000);
      expect(paintLeft(wear, new Rng(1, 'm'))(0, 1000)).toEqual(pieces);
      let last = 0;
      let kept = 0;
      for (const [a, b] of pieces) {
        expect(a).toBeGreaterThanOrEqual(last);
        expect(b).toBeGreaterThan(a);
        expect(b).toBeLessThanOrEqual(1000);
        last = b;
        kept += b - a;
      }
      // Each flake stays with probability 1 - 0.85 × wear.
      expect(Math.abs(kept / 1000 - (1 - 0.85 * wear)), `wear ${wear}`).toBeLessThan(0.06);
    }
  });

  it("are drawn between 0 and 0.5 when not given; 'wear:' takes 0..1", () => {
    const wears = Array.from({ length: 100 }, (_, seed) => sampleSnippet(minimal(), seed).road.markingWear!);
    expect(Math.min(...wears)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...wears)).toBeLessThanOrEqual(0.5);
    expect(new Set(wears).size).toBeGreaterThan(90);
    expect(sampleSnippet('road straight { wear: 0.8 }\nego car { on lane 1 }', 0).road.markingWear).toBe(0.8);
    expect(samplingErrorsOf('road straight { wear: 1.5 }\nego car { on lane 1 }')).toEqual(['snippet.scene:1:23: wear 1.5 is out of range; expected 0 to 1']);
    expect(diagnosticsOf('road straight { roadside: jungle }\nego car { on lane 1 }')).toEqual(["snippet.scene:1:27: expected 'none' or 'open' or 'trees' or 'forest', found 'jungle'"]);
  });
});

describe('the roadside sampled', () => {
  it('is drawn open, trees or forest when not given, in about 30/45/25 shares, from a stream of its own', () => {
    const kinds = Array.from({ length: 400 }, (_, seed) => sampleSnippet(minimal(), seed).road.roadside!.vegetation);
    const share = (v: string) => kinds.filter((k) => k === v).length / kinds.length;
    expect(Math.abs(share('open') - 0.3)).toBeLessThan(0.07);
    expect(Math.abs(share('trees') - 0.45)).toBeLessThan(0.07);
    expect(Math.abs(share('forest') - 0.25)).toBeLessThan(0.07);
    // Giving it changes no other draw.
    const a = sampleSnippet(minimal('car c { on lane 2 }'), 5);
    const b = sampleSnippet('road straight { roadside: open }\n' + minimal('car c { on lane 2 }'), 5);
    expect(b.entities).toEqual(a.entities);
    expect(b.road.markingWear).toBe(a.road.markingWear);
  });
});

describe('the meshes', () => {
  it('are a few dozen, static, labelled as stuff classes with instance 0, and cheap', () => {
    const spec: SceneSpec = sampleSnippet('road curve {\n  length: 1 km\n  roadside: forest\n  guardrail: both\n}\nego car { on lane 1 }', 9);
    const group = buildRoadside(spec);
    const labels = new Set<number>();
    let tris = 0;
    let n = 0;
    group.traverse((o) => {
      const m = o as THREE.Mesh;
      if (!m.isMesh) return;
      n++;
      labels.add(m.userData.semantic as number);
      expect(m.userData.instance).toBe(0);
      tris += m.geometry.index!.count / 3;
    });
    const ids = ['terrain', 'guardrail', 'pole', 'traffic_sign', 'vegetation'].map((c) => classByName(c)!.id);
    expect([...labels].every((l) => ids.includes(l))).toBe(true);
    expect(labels.has(classByName('vegetation')!.id) && labels.has(classByName('guardrail')!.id)).toBe(true);
    // 1.2 km of road both sides: a draw call per class per 100 m at most, and a bounded triangle count.
    expect(n).toBeLessThanOrEqual(2 + 4 * 13);
    expect(tris).toBeLessThan(150_000);
    // Nothing in the group stands on the road: every vertex of the scenery is beyond the paving.
    const edge = edgeOf(spec.road);
    const v = new THREE.Vector3();
    group.traverse((o) => {
      const m = o as THREE.Mesh;
      if (!m.isMesh || m.name === 'verge') return;
      const pos = m.geometry.getAttribute('position');
      m.updateMatrixWorld(true);
      for (let i = 0; i < pos.count; i += 7) {
        v.fromBufferAttribute(pos, i).applyMatrix4(m.matrixWorld);
        expect(Math.abs(roadProject(spec.road, v.x, v.y).t)).toBeGreaterThan(edge + 0.2);
      }
    });
    expect(roadPoint(spec.road, 0, 0)).toEqual([0, 0]);
  });
});
