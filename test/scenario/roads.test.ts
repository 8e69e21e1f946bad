// Curve roads and intersections, worked out by hand.
//
// Curve road (start S, radius R, angle A, direction d = +1 left / -1 right): the reference line runs
// along +x to (S, 0); at arc length s in the bend, φ = (s − S) / R and the reference point is
// (S + R sin φ, d·R(1 − cos φ)) with heading d·φ; past the bend it runs straight on at heading d·A.
// A point at lateral offset t (+ left) is the reference point + t·(−sin h, cos h).
//
// Intersection (junction J on a straight main road, crossing angle θ, crossing length L): the crossing
// road passes through (J, 0) with heading θ; `at d` on it is d metres past the junction (negative
// before it), its lane 1 is the rightmost lane in its direction.
import { describe, expect, it } from 'vitest';
import type { EntitySpec } from '../../src/scenario/index.ts';
import { diagnosticsOf, entityNamed, minimal, sampleSnippet, samplingErrorsOf } from '../helpers/scenario.ts';

const DEG = Math.PI / 180;

function closeTo(actual: readonly number[], expected: readonly number[], digits = 9): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(v, `[${i}] of [${actual.join(', ')}]`).toBeCloseTo(expected[i]!, digits));
}

/** Position (x, y) and yaw of an entity. */
function pose(e: EntitySpec): [number, number, number] {
  return [e.position[0], e.position[1], e.yaw];
}

describe('curve roads', () => {
  const LEFT = 'road curve {\n  length: 500 m\n  start: 100 m\n  radius: 100 m\n  angle: 90 deg\n  direction: left\n}\n';
  const RIGHT = LEFT.replace('direction: left', 'direction: right');
  const phi = 0.5; // s = 150 m is 50 m into the bend of radius 100 m

  it('the defaults: a left bend of 200 m radius through 90° starting at 100 m', () => {
    const road = sampleSnippet('road curve { }\n' + minimal(), 0).road;
    expect(road.kind).toBe('curve');
    expect(road.cross).toBeNull();
    expect(road.curve).toEqual({ start: 100, radius: 200, angle: Math.PI / 2, direction: 1 });
    expect([road.lanes, road.laneWidth, road.length, road.shoulder, road.oncoming]).toEqual([2, 3.5, 400, 1, 1]);
  });

  it('the properties as written, in SI units; right is direction -1', () => {
    const road = sampleSnippet(RIGHT + minimal(), 0).road;
    expect(road.curve!.start).toBe(100);
    expect(road.curve!.radius).toBe(100);
    expect(road.curve!.angle).toBeCloseTo(Math.PI / 2, 15);
    expect(road.curve!.direction).toBe(-1);
  });

  it('before the bend nothing changes: lane 1 at 50 m is (50, -1.75), heading 0', () => {
    const spec = sampleSnippet(LEFT + 'ego car {\n  on lane 1\n  at 50 m\n}\n', 0);
    expect(pose(entityNamed(spec, 'ego'))).toEqual([50, -1.75, 0]);
  });

  it('in a left bend: lane 1 (t = -1.75) is on the outside, at radius 101.75 about (100, 100)', () => {
    const spec = sampleSnippet(LEFT + 'ego car {\n  on lane 1\n  at 150 m\n}\n', 0);
    closeTo(pose(entityNamed(spec, 'ego')), [100 + 101.75 * Math.sin(phi), 100 - 101.75 * Math.cos(phi), phi]);
  });

  it('in a right bend: lane 1 is on the inside, at radius 98.25 about (100, -100), heading -φ', () => {
    const spec = sampleSnippet(RIGHT + 'ego car {\n  on lane 1\n  at 150 m\n}\n', 0);
    closeTo(pose(entityNamed(spec, 'ego')), [100 + 98.25 * Math.sin(phi), -100 + 98.25 * Math.cos(phi), -phi]);
  });

  it('an oncoming lane faces back along the bend: heading φ + 180°', () => {
    const spec = sampleSnippet(LEFT + 'ego car {\n  on lane 2\n  at 150 m\n}\n', 0);
    closeTo(pose(entityNamed(spec, 'ego')), [100 + 98.25 * Math.sin(phi), 100 - 98.25 * Math.cos(phi), phi + Math.PI]);
  });

  it('the roadside (t = -6.5) faces across the road there: heading φ + 90°', () => {
    const spec = sampleSnippet(LEFT + minimal('deer d {\n  on roadside right\n  at 150 m\n}'), 0);
    closeTo(pose(entityNamed(spec, 'd')), [100 + 106.5 * Math.sin(phi), 100 - 106.5 * Math.cos(phi), phi + Math.PI / 2]);
  });

  it('past the bend the road runs straight on at the bend’s final heading', () => {
    // The bend is 100 · π/2 = 50π m long and ends at (200, 100) heading 90°; s = 300 m is 200 − 50π m further.
    const spec = sampleSnippet(LEFT + 'ego car {\n  on lane 1\n  at 300 m\n}\n', 0);
    closeTo(pose(entityNamed(spec, 'ego')), [201.75, 100 + (200 - 50 * Math.PI), Math.PI / 2]);
  });

  it('facing: a is relative to the road’s direction where the entity stands', () => {
    const spec = sampleSnippet(LEFT + minimal('cone c {\n  at 150 m\n  facing: 10 deg\n}'), 0);
    expect(entityNamed(spec, 'c').yaw).toBeCloseTo(phi + 10 * DEG, 12);
  });

  it('ahead of and behind count along the road', () => {
    const text = LEFT + 'ego car {\n  on lane 1\n  at 100 m\n}\ncar lead { ahead of ego by 50 m }\ncar back { behind lead by 25 m }\n';
    const spec = sampleSnippet(text, 0);
    expect(pose(entityNamed(spec, 'ego'))).toEqual([100, -1.75, 0]);
    closeTo(pose(entityNamed(spec, 'lead')), [100 + 101.75 * Math.sin(phi), 100 - 101.75 * Math.cos(phi), phi]);
    closeTo(pose(entityNamed(spec, 'back')), [100 + 101.75 * Math.sin(0.25), 100 - 101.75 * Math.cos(0.25), 0.25]);
  });

  it('placed ahead of a car, without a lane, it takes the car’s heading relative to the road, and follows the road', () => {
    // The ego drives along the road at s = 100 m; 200 m ahead is s = 300 m, past the bend, where the road heads +y.
    const text = LEFT + 'ego car {\n  on lane 1\n  at 100 m\n  speed: 20 m/s\n}\ncar lead {\n  ahead of ego by 200 m\n  speed: 20 m/s\n}\n';
    const lead = entityNamed(sampleSnippet(text, 0), 'lead');
    closeTo(pose(lead), [201.75, 100 + (200 - 50 * Math.PI), Math.PI / 2]);
    expect(lead.motion).toEqual({ kind: 'drive', speed: 20, lane: { s: 300, t: -1.75, direction: 1 } });
  });

  it('ahead of an oncoming car is towards smaller s', () => {
    const text = LEFT + minimal('car oc {\n  on lane 2\n  at 200 m\n}\ncar f {\n  on lane 2\n  ahead of oc by 50 m\n}');
    closeTo(pose(entityNamed(sampleSnippet(text, 0), 'f')), [100 + 98.25 * Math.sin(phi), 100 - 98.25 * Math.cos(phi), phi + Math.PI]);
  });

  it('a lane follower records its road coordinates; a world point stays a world point', () => {
    const text = LEFT + 'ego car {\n  on lane 1\n  at 150 m\n  speed: 20 m/s\n}\ncar oc {\n  on lane 2\n  at 150 m\n  speed: 20 m/s\n}\ndeer d { at (150, 40) m }\n';
    const spec = sampleSnippet(text, 0);
    expect(entityNamed(spec, 'ego').motion).toEqual({ kind: 'drive', speed: 20, lane: { s: 150, t: -1.75, direction: 1 } });
    expect(entityNamed(spec, 'oc').motion).toEqual({ kind: 'drive', speed: 20, lane: { s: 150, t: 1.75, direction: -1 } });
    expect(entityNamed(spec, 'd').position).toEqual([150, 40, 0]);
  });

  it.each(['radius: 50 m', 'angle: 30 deg', 'direction: right', 'start: 20 m'])('%s on a straight road is an error', (prop) => {
    const key = prop.split(':')[0]!;
    expect(diagnosticsOf(`road { ${prop} }\n` + minimal())).toEqual([`snippet.scene:1:8: '${key}' belongs to a curve road; write 'road curve { … }'`]);
    expect(diagnosticsOf(`road straight { ${prop} }\n` + minimal())).toEqual([`snippet.scene:1:17: '${key}' belongs to a curve road; write 'road curve { … }'`]);
    expect(diagnosticsOf(`road intersection { ${prop} }\n` + minimal())).toEqual([`snippet.scene:1:21: '${key}' belongs to a curve road; write 'road curve { … }'`]);
  });

  it('ranges are checked when sampled', () => {
    expect(samplingErrorsOf('road curve { start: 500 m }\n' + minimal())).toEqual(['snippet.scene:1:21: start 500 m is out of range; expected 0 m to 400 m']);
    expect(samplingErrorsOf('road curve { radius: 5 m }\n' + minimal())).toEqual(['snippet.scene:1:22: radius 5 m is out of range; expected 10 m to 100000 m']);
    expect(samplingErrorsOf('road curve { angle: 0 deg }\n' + minimal())).toEqual(['snippet.scene:1:21: angle 0.0 deg is out of range; expected 0.1 deg to 360.0 deg']);
    expect(diagnosticsOf('road curve { direction: up }\n' + minimal())).toEqual(["snippet.scene:1:25: expected 'left' or 'right', found 'up'"]);
  });
});

describe('intersections', () => {
  const X = 'road intersection {\n  junction: 100 m\n  cross_lanes: 2\n}\n';

  it('the defaults: the junction halfway, at 90°, as many lanes as the main road, 200 m each side', () => {
    const road = sampleSnippet('road intersection { }\n' + minimal(), 0).road;
    expect(road.kind).toBe('intersection');
    expect(road.curve).toBeNull();
    expect(road.cross).toEqual({ at: 200, angle: Math.PI / 2, lanes: 2, laneWidth: 3.5, oncoming: 1, shoulder: 1, length: 200 });
  });

  it('the crossing road shares lane width and shoulder; floor(cross_lanes / 2) of its lanes are oncoming', () => {
    const text = 'road intersection {\n  lane_width: 3 m\n  shoulder: 2 m\n  junction: 50 m\n  cross_angle: 60 deg\n  cross_lanes: 3\n  cross_length: 80 m\n}\n' + minimal();
    const cross = sampleSnippet(text, 0).road.cross!;
    expect(cross).toMatchObject({ at: 50, lanes: 3, laneWidth: 3, oncoming: 1, shoulder: 2, length: 80 });
    expect(cross.angle).toBeCloseTo(60 * DEG, 15);
  });

  it('on cross lane 1, at -20 m: 20 m before the junction, on the right of the road heading +y', () => {
    const spec = sampleSnippet(X + minimal('car c {\n  on cross lane 1\n  at -20 m\n}'), 0);
    closeTo(pose(entityNamed(spec, 'c')), [101.75, -20, Math.PI / 2]);
  });

  it('at d > 0 is past the junction; without at, 30 m before it', () => {
    const spec = sampleSnippet(X + minimal('car a {\n  on cross lane 1\n  at 15 m\n}\ncar b { on cross lane 1 }'), 0);
    closeTo(pose(entityNamed(spec, 'a')), [101.75, 15, Math.PI / 2]);
    closeTo(pose(entityNamed(spec, 'b')), [101.75, -30, Math.PI / 2]);
  });

  it('its oncoming lane faces -y, on the other side', () => {
    const spec = sampleSnippet(X + minimal('car c {\n  on cross lane 2\n  at 40 m\n}'), 0);
    closeTo(pose(entityNamed(spec, 'c')), [98.25, 40, Math.PI / 2 + Math.PI]);
  });

  it('at another crossing angle the lane and distances turn with the road', () => {
    const text = 'road intersection {\n  junction: 100 m\n  cross_angle: 60 deg\n}\n' + minimal('car c {\n  on cross lane 1\n  at 10 m\n}');
    const h = 60 * DEG;
    // 10 m along (cos 60°, sin 60°) from (100, 0), then 1.75 m to the right of that direction.
    closeTo(pose(entityNamed(sampleSnippet(text, 0), 'c')), [100 + 10 * Math.cos(h) + 1.75 * Math.sin(h), 10 * Math.sin(h) - 1.75 * Math.cos(h), h]);
  });

  it('a lane follower on the crossing road follows it: road "cross", s from its start (junction at s = L)', () => {
    const spec = sampleSnippet(X + minimal('car c {\n  on cross lane 1\n  at -20 m\n  speed: 30 km/h\n}'), 0);
    const m = entityNamed(spec, 'c').motion;
    expect(m).toMatchObject({ kind: 'drive', lane: { s: 180, t: -1.75, direction: 1, road: 'cross' } });
    expect((m as { speed: number }).speed).toBeCloseTo(30 / 3.6, 12);
    // On the main road there is no road key.
    const ego = entityNamed(sampleSnippet(X + 'ego car {\n  on lane 1\n  speed: 10 m/s\n}\n', 0), 'ego');
    expect(ego.motion).toEqual({ kind: 'drive', speed: 10, lane: { s: 0, t: -1.75, direction: 1 } });
  });

  it('placed relative to something on the crossing road, an entity is on the crossing road too', () => {
    const spec = sampleSnippet(X + minimal('car c {\n  on cross lane 1\n  at -20 m\n}\ncar q { behind c by 10 m }\ncar l { left of c by 3.5 m }'), 0);
    closeTo(pose(entityNamed(spec, 'q')), [101.75, -30, Math.PI / 2]);
    // Left of a car heading +y is -x: the oncoming lane of the crossing road.
    closeTo(pose(entityNamed(spec, 'l')), [98.25, -20, Math.PI / 2]);
  });

  it('with a side of its own it is on the main road, measured from the reference’s place on it', () => {
    // c stands at (101.75, -20): on the main road that is s = 101.75; 10 m further is s = 111.75.
    const spec = sampleSnippet(X + minimal('car c {\n  on cross lane 1\n  at -20 m\n}\ndeer d {\n  on roadside right\n  ahead of c by 10 m\n}'), 0);
    closeTo(pose(entityNamed(spec, 'd')), [111.75, -6.5, Math.PI / 2]);
  });

  it('on cross lane ahead of something on the main road: measured from its place on the crossing road', () => {
    // The ego at (20, -1.75) is 198.25 m along the crossing road (which starts at (100, -200)): 10 m further is y = 8.25.
    const spec = sampleSnippet(X + 'ego car {\n  on lane 1\n  at 20 m\n}\ncar c {\n  on cross lane 1\n  ahead of ego by 10 m\n}\n', 0);
    closeTo(pose(entityNamed(spec, 'c')), [101.75, 8.25, Math.PI / 2]);
  });

  it('a crossing on the crossing road walks across it', () => {
    const spec = sampleSnippet(X + minimal('deer d {\n  on cross lane 1\n  at -10 m\n  cross at 2 m/s\n}'), 0);
    const d = entityNamed(spec, 'd');
    closeTo(pose(d), [101.75, -10, Math.PI]);
    // From t = -1.75 to the far roadside t = 3.5 + 1 + 2 = 6.5: 8.25 m towards -x.
    expect(d.motion).toMatchObject({ kind: 'walk', speed: 2, start: 0, distance: 8.25 });
    expect((d.motion as { heading: number }).heading).toBeCloseTo(Math.PI, 12);
  });

  it('on cross lane without an intersection is an error, also when the intersection is declared below', () => {
    const msg = "'on cross lane' needs a crossing road: declare 'road intersection { … }' above";
    expect(diagnosticsOf(minimal('car c { on cross lane 1 }'))).toEqual([`snippet.scene:2:9: ${msg}`]);
    expect(diagnosticsOf('road curve { }\n' + minimal('car c { on cross lane 1 }'))).toEqual([`snippet.scene:3:9: ${msg}`]);
    expect(diagnosticsOf(minimal('car c { on cross lane 1 }\nroad intersection { }'))).toEqual([`snippet.scene:2:9: ${msg}`]);
  });

  it('a crossing lane that does not exist is reported when sampled', () => {
    expect(samplingErrorsOf(X + minimal('car c { on cross lane 3 }'))).toEqual(['snippet.scene:6:23: lane 3 does not exist: the road has 2 lanes (1 is the rightmost)']);
  });

  it.each(['junction: 100 m', 'cross_angle: 60 deg', 'cross_lanes: 1', 'cross_length: 50 m'])('%s belongs to intersections only', (prop) => {
    const key = prop.split(':')[0]!;
    const msg = `'${key}' belongs to an intersection; write 'road intersection { … }'`;
    expect(diagnosticsOf(`road { ${prop} }\n` + minimal())).toEqual([`snippet.scene:1:8: ${msg}`]);
    expect(diagnosticsOf(`road curve { ${prop} }\n` + minimal())).toEqual([`snippet.scene:1:14: ${msg}`]);
  });

  it('ranges are checked when sampled', () => {
    expect(samplingErrorsOf('road intersection { junction: 500 m }\n' + minimal())).toEqual(['snippet.scene:1:31: junction 500 m is out of range; expected 0 m to 400 m']);
    expect(samplingErrorsOf('road intersection { cross_angle: 5 deg }\n' + minimal())).toEqual(['snippet.scene:1:34: cross_angle 5.0 deg is out of range; expected 10.0 deg to 170.0 deg']);
    expect(samplingErrorsOf('road intersection { cross_lanes: 13 }\n' + minimal())).toEqual(['snippet.scene:1:34: cross_lanes 13 is out of range; expected 1 to 12']);
    expect(samplingErrorsOf('road intersection { cross_length: 5 m }\n' + minimal())).toEqual(['snippet.scene:1:35: cross_length 5 m is out of range; expected 10 m to 5000 m']);
  });
});
