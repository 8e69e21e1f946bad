// Where things end up, worked out by hand. World: x along the road (0..length), y to the left,
// z up; positions are bottom centres. Defaults: 2 lanes of 3.5 m, 1 m shoulders, lane 2 oncoming.
import { describe, expect, it } from 'vitest';
import { classByName, modelByName } from '../../src/core/index.ts';
import { diagnosticsOf, entityNamed, minimal, sampleSnippet, samplingErrorsOf } from '../helpers/scenario.ts';

const HALF_PI = Math.PI / 2;

/** Sample `minimal(extra)` with seed 0 and return the entity `name`. */
function place(extra: string, name: string) {
  return entityNamed(sampleSnippet(minimal(extra), 0), name);
}

describe('lanes', () => {
  it('lane 1 is the rightmost lane in +x: its centre is at y = -1.75 on a 2 × 3.5 m road', () => {
    const e = place('car c { on lane 1 }', 'c');
    expect(e.position).toEqual([0, -1.75, 0]);
    expect(e.yaw).toBe(0);
  });

  it('lane 2 of 2 is oncoming by default: y = +1.75, facing -x', () => {
    const e = place('car c { on lane 2 }', 'c');
    expect(e.position).toEqual([0, 1.75, 0]);
    expect(e.yaw).toBe(Math.PI);
  });

  it('four lanes: floor(4/2) = 2 oncoming lanes, counted from the left', () => {
    const road = 'road straight { lanes: 4 }\n';
    const spec = sampleSnippet(road + minimal('car a { on lane 2 }\ncar b { on lane 3 }\ncar c { on lane 4 }'), 0);
    expect(spec.road.oncoming).toBe(2);
    expect(entityNamed(spec, 'ego').position[1]).toBe(-5.25);
    expect([entityNamed(spec, 'a').position[1], entityNamed(spec, 'a').yaw]).toEqual([-1.75, 0]);
    expect([entityNamed(spec, 'b').position[1], entityNamed(spec, 'b').yaw]).toEqual([1.75, Math.PI]);
    expect([entityNamed(spec, 'c').position[1], entityNamed(spec, 'c').yaw]).toEqual([5.25, Math.PI]);
  });

  it('oncoming: 0 makes every lane run in +x; an odd lane count centres the middle lane on y = 0', () => {
    const spec = sampleSnippet('road straight {\n  lanes: 3\n  lane_width: 3 m\n  oncoming: 0\n}\n' + minimal('car m { on lane 2 }\ncar l { on lane 3 }'), 0);
    expect(entityNamed(spec, 'm').position[1]).toBe(0);
    expect(entityNamed(spec, 'm').yaw).toBe(0);
    expect(entityNamed(spec, 'l').position[1]).toBe(3);
    expect(entityNamed(spec, 'l').yaw).toBe(0);
  });

  it('with no placement at all, an entity stands on lane 1 at x = 0', () => {
    const e = place('box b { }', 'b');
    expect(e.position).toEqual([0, -1.75, 0]);
    expect(e.yaw).toBe(0);
  });
});

describe('roadside and shoulder', () => {
  it('roadside right: 2 m beyond the paved edge, y = -(3.5 + shoulder + 2), facing across (+y)', () => {
    const e = place('deer d { on roadside right }', 'd');
    expect(e.position[1]).toBe(-(3.5 + 1 + 2));
    expect(e.yaw).toBe(HALF_PI);
  });

  it('roadside left mirrors it and faces -y', () => {
    const e = place('deer d { on roadside left }', 'd');
    expect(e.position[1]).toBe(3.5 + 1 + 2);
    expect(e.yaw).toBe(-HALF_PI);
  });

  it('the shoulder width moves the roadside out', () => {
    const spec = sampleSnippet('road straight { shoulder: 2.5 m }\n' + minimal('deer d { on roadside right }'), 0);
    expect(entityNamed(spec, 'd').position[1]).toBe(-(3.5 + 2.5 + 2));
  });

  it('on shoulder: the middle of the shoulder, y = ±(3.5 + shoulder / 2)', () => {
    const spec = sampleSnippet('road straight { shoulder: 2 m }\n' + minimal('cone r { on shoulder right }\ncone l { on shoulder left }'), 0);
    expect(entityNamed(spec, 'r').position[1]).toBe(-4.5);
    expect(entityNamed(spec, 'l').position[1]).toBe(4.5);
    expect(entityNamed(spec, 'r').yaw).toBe(HALF_PI);
  });
});

describe('along the road', () => {
  it('at 20 m puts the bottom centre at x = 20', () => {
    expect(place('cone c { at 20 m }', 'c').position[0]).toBe(20);
  });

  it('ahead of ego by 40 m is ego.x + 40, in the ego lane when no lane is given', () => {
    const spec = sampleSnippet('ego car {\n  on lane 1\n  at 12.5 m\n}\ncar lead { ahead of ego by 40 m }', 0);
    expect(entityNamed(spec, 'lead').position).toEqual([52.5, -1.75, 0]);
  });

  it('behind is the other way; "of" is optional after behind', () => {
    const spec = sampleSnippet('ego car { at 100 m }\ncar a { behind ego by 30 m }\ncar b { behind of ego by 10 m }', 0);
    expect(entityNamed(spec, 'a').position[0]).toBe(70);
    expect(entityNamed(spec, 'b').position[0]).toBe(90);
  });

  it('distances can be random and in any length unit', () => {
    const x = place('cone c { ahead of ego by uniform(1, 2) km }', 'c').position[0];
    expect(x).toBeGreaterThanOrEqual(1000);
    expect(x).toBeLessThan(2000);
  });

  it('"ahead" follows the reference\'s travel direction: ahead of an oncoming car is towards -x', () => {
    const spec = sampleSnippet(minimal('car o {\n  on lane 2\n  at 200 m\n}\ncar a { ahead of o by 50 m }\ncar b { behind o by 50 m }'), 0);
    expect(entityNamed(spec, 'a').position[0]).toBe(150);
    expect(entityNamed(spec, 'b').position[0]).toBe(250);
  });

  it('something placed only relative to an oncoming car takes its y and its heading', () => {
    // No lane or side of its own: it shares the reference's heading (π), so it follows the oncoming car.
    const spec = sampleSnippet(minimal('car o {\n  on lane 2\n  at 200 m\n}\ncar f { behind o by 20 m }'), 0);
    expect(entityNamed(spec, 'f').position).toEqual([220, 1.75, 0]);
    expect(entityNamed(spec, 'f').yaw).toBe(Math.PI);
  });

  it('with a lane of its own, something placed relative to an oncoming car takes the lane heading', () => {
    const spec = sampleSnippet(minimal('car o {\n  on lane 2\n  at 200 m\n}\ncar f {\n  on lane 1\n  behind o by 20 m\n}'), 0);
    expect(entityNamed(spec, 'f').position).toEqual([220, -1.75, 0]);
    expect(entityNamed(spec, 'f').yaw).toBe(0);
  });

  it('"ahead" of something facing across the road is +x', () => {
    const spec = sampleSnippet(minimal('deer doe {\n  on roadside right\n  at 50 m\n}\ndeer fawn {\n  on roadside right\n  ahead of doe by 3 m\n}'), 0);
    expect(entityNamed(spec, 'fawn').position).toEqual([53, -6.5, 0]);
  });
});

describe('offset, facing and scale', () => {
  it('offset moves sideways (+ is left) from the lane centre', () => {
    expect(place('car c {\n  on lane 1\n  offset: 0.5 m\n}', 'c').position[1]).toBe(-1.25);
    expect(place('car c {\n  on lane 1\n  offset: -50 cm\n}', 'c').position[1]).toBe(-2.25);
  });

  it('offset applies to roadside spots too', () => {
    expect(place('deer d {\n  on roadside right\n  offset: 1.5 m\n}', 'd').position[1]).toBe(-5);
  });

  it('facing replaces the heading', () => {
    expect(place('car c {\n  on lane 2\n  facing: 90 deg\n}', 'c').yaw).toBe(HALF_PI);
    expect(place('deer d {\n  on roadside right\n  facing: 0 deg\n}', 'd').yaw).toBe(0);
  });

  it('scale multiplies every side of the class box', () => {
    const deer = modelByName('deer')!.size;
    expect(place('deer d { scale: 0.7 }', 'd').size).toEqual([deer[0] * 0.7, deer[1] * 0.7, deer[2] * 0.7]);
    expect(place('truck t { scale: 2 }', 't').size).toEqual([19, 5, 7.2]);
    expect(place('truck t { scale: 1 }', 't').size).toEqual([9.5, 2.5, 3.6]);
    // Without scale, a realistic truck size (variety.test.ts): 7.5 to 11 m long.
    const free = place('truck t { }', 't').size;
    expect(free[0] >= 7.5 && free[0] <= 11 && free[1] >= 2.45 && free[1] <= 2.6 && free[2] >= 3.2 && free[2] <= 3.9).toBe(true);
  });
});

describe('behaviours', () => {
  it('speed: drive along the heading at that many m/s', () => {
    // A vehicle on a lane follows the road from its road coordinates (s, t) = (x, y) on a straight road.
    expect(place('car c {\n  on lane 1\n  speed: 36 km/h\n}', 'c').motion).toEqual({ kind: 'drive', speed: 10, lane: { s: 0, t: -1.75, direction: 1 } });
    expect(place('car c {\n  on lane 2\n  at 50 m\n  speed: 36 km/h\n}', 'c').motion).toEqual({ kind: 'drive', speed: 10, lane: { s: 50, t: 1.75, direction: -1 } });
  });

  it('cross from the right: heading +y, distance from its y to the far roadside, starting at t = 0', () => {
    const d = place('deer d {\n  on roadside right\n  cross road at 3 m/s\n}', 'd');
    expect(d.motion).toEqual({ kind: 'walk', speed: 3, heading: HALF_PI, start: 0, distance: 6.5 + 6.5 });
  });

  it('cross from the left: heading -y', () => {
    const d = place('pedestrian p {\n  on roadside left\n  cross road at 1.5 m/s after 2 s\n}', 'p');
    expect(d.motion).toEqual({ kind: 'walk', speed: 1.5, heading: -HALF_PI, start: 2, distance: 13 });
  });

  it('"after" gives the start time in any time unit; "road" is optional', () => {
    const d = place('pedestrian p {\n  on roadside right\n  cross at 5 km/h after 500 ms\n}', 'p');
    expect(d.motion).toMatchObject({ kind: 'walk', start: 0.5 });
    expect((d.motion as { speed: number }).speed).toBeCloseTo(5 / 3.6, 12);
  });

  it('the crossing distance counts from where the entity really is (offset and shoulder included)', () => {
    const spec = sampleSnippet('road straight { shoulder: 2 m }\n' + minimal('pedestrian p {\n  on roadside right\n  offset: 1 m\n  cross road at 1 m/s\n}'), 0);
    // starts at y = -(3.5 + 2 + 2) + 1 = -6.5, walks to +(3.5 + 2 + 2) = 7.5
    expect(entityNamed(spec, 'p').position[1]).toBe(-6.5);
    expect(entityNamed(spec, 'p').motion).toMatchObject({ distance: 14 });
  });

  it('crossing from a lane walks to the far roadside, facing the way it walks', () => {
    const d = place('deer d {\n  on lane 1\n  cross road at 2 m/s\n}', 'd');
    expect(d.motion).toMatchObject({ heading: HALF_PI, distance: 6.5 + 1.75 });
    expect(d.yaw).toBe(HALF_PI);
  });

  it('crossing without a lateral placement starts from lane 1 and faces across', () => {
    const d = place('deer d { cross road at 2 m/s }', 'd');
    expect(d.position[1]).toBe(-1.75);
    expect(d.yaw).toBe(HALF_PI);
  });

  it('props are static unless motion: dynamic; other classes ignore motion', () => {
    expect(place('cone c { }', 'c').motion).toEqual({ kind: 'static' });
    expect(place('cone c { motion: dynamic }', 'c').motion).toEqual({ kind: 'dynamic' });
    expect(place('box b { motion: static }', 'b').motion).toEqual({ kind: 'static' });
    expect(place('car c { motion: dynamic }', 'c').motion).toEqual({ kind: 'static' });
  });
});

describe('beside and at a world point', () => {
  it('left of X by d: d to the left of X (+y), same x, X’s heading', () => {
    const spec = sampleSnippet('ego car {\n  on lane 1\n  at 30 m\n}\ncar l { left of ego by 3.5 m }\ncone r { right of ego by 2 m }', 0);
    expect(entityNamed(spec, 'l').position).toEqual([30, 1.75, 0]);
    expect(entityNamed(spec, 'l').yaw).toBe(0);
    expect(entityNamed(spec, 'r').position).toEqual([30, -3.75, 0]);
  });

  it('left and right follow the direction X travels: left of an oncoming car is towards -y', () => {
    const spec = sampleSnippet(minimal('car o {\n  on lane 2\n  at 100 m\n}\ncar l { left of o by 2 m }\ncar r { right of o by 2 m }'), 0);
    expect(entityNamed(spec, 'l').position).toEqual([100, -0.25, 0]);
    expect(entityNamed(spec, 'r').position).toEqual([100, 3.75, 0]);
    expect(entityNamed(spec, 'l').yaw).toBe(Math.PI);
  });

  it('left of something facing across the road is still +y (the road’s left, not the deer’s)', () => {
    const spec = sampleSnippet(minimal('deer doe {\n  on roadside right\n  at 40 m\n}\ndeer fawn { left of doe by 1 m }'), 0);
    expect(entityNamed(spec, 'fawn').position).toEqual([40, -5.5, 0]);
    expect(entityNamed(spec, 'fawn').yaw).toBe(HALF_PI);
  });

  it('at (x, y) m is a point in the world, in any length unit; offset still moves it sideways', () => {
    expect(place('cone c { at (30, 5) m }', 'c').position).toEqual([30, 5, 0]);
    expect(place('cone c { at (3000, -250) cm }', 'c').position).toEqual([30, -2.5, 0]);
    expect(place('cone c {\n  at (30, 5) m\n  offset: 1 m\n}', 'c').position).toEqual([30, 6, 0]);
    expect(place('cone c { at (30, 5) m }', 'c').yaw).toBe(0);
  });
});

describe('facing', () => {
  it('facing <angle> and facing: <angle> set the heading', () => {
    expect(place('car c { facing 30 deg }', 'c').yaw).toBe((30 * Math.PI) / 180);
    expect(place('car c { facing: 30 deg }', 'c').yaw).toBe((30 * Math.PI) / 180);
    expect(place('car c {\n  on lane 2\n  facing -90 deg\n}', 'c').yaw).toBe(-HALF_PI);
  });

  it('facing along is +x and facing against is -x, whatever the lane says', () => {
    expect(place('car c {\n  on lane 2\n  facing along\n}', 'c').yaw).toBe(0);
    expect(place('car c {\n  on lane 1\n  facing against\n}', 'c').yaw).toBe(Math.PI);
    expect(place('car c {\n  on lane 1\n  facing along the road\n}', 'c').yaw).toBe(0);
  });

  it('facing across [the road]: towards the other side, +y from the right half, -y from the left', () => {
    expect(place('car c {\n  on lane 1\n  facing across\n}', 'c').yaw).toBe(HALF_PI);
    expect(place('car c {\n  on lane 2\n  facing across the road\n}', 'c').yaw).toBe(-HALF_PI);
    expect(place('deer d {\n  on roadside left\n  facing across road\n}', 'd').yaw).toBe(-HALF_PI);
  });

  it('facing toward X points at X’s position', () => {
    const d = place('deer d {\n  at (10, 10) m\n  facing toward ego\n}', 'd');
    expect(d.yaw).toBe(Math.atan2(-1.75 - 10, 0 - 10));
    const c = place('car c {\n  on lane 1\n  at 50 m\n  facing toward ego\n}', 'c');
    expect(c.yaw).toBe(Math.PI);
  });

  it('a crosser faces the way it will walk, unless told', () => {
    expect(place('pedestrian p {\n  on roadside left\n  cross road at 1 m/s\n}', 'p').yaw).toBe(-HALF_PI);
    expect(place('pedestrian p {\n  on roadside left\n  facing along\n  cross road at 1 m/s\n}', 'p').yaw).toBe(0);
  });
});

describe('vehicles at the side of the road', () => {
  it('park along the road (heading 0), where animals, people and props face across it', () => {
    expect(place('car p { on shoulder right }', 'p').yaw).toBe(0);
    expect(place('truck t { on roadside left }', 't').yaw).toBe(0);
    expect(place('bicycle b { on shoulder left }', 'b').yaw).toBe(0);
    expect(place('person p { on shoulder left }', 'p').yaw).toBe(-HALF_PI);
    expect(place('cone c { on shoulder right }', 'c').yaw).toBe(HALF_PI);
  });
});

describe('intersections', () => {
  it('on cross lane N: lane N of the crossing road; at d counts from the junction; followers stay on it', () => {
    // junction at x = 100; the crossing road heads +y; its lane 1 is right of that direction (+x side)
    const text = 'road intersection { junction: 100 m }\nego car { on lane 1 }\ncar x {\n  on cross lane 1\n  at -20 m\n}\ncar y { behind x by 10 m }\ncar z { on cross lane 2 }';
    const spec = sampleSnippet(text, 0);
    expect(entityNamed(spec, 'x').position).toEqual([101.75, -20, 0]);
    expect(entityNamed(spec, 'x').yaw).toBe(HALF_PI);
    expect(entityNamed(spec, 'y').position).toEqual([101.75, -30, 0]);
    // lane 2 is oncoming on the crossing road; without `at`, 30 m before the junction
    expect(entityNamed(spec, 'z').position).toEqual([98.25, -30, 0]);
    expect(Math.cos(entityNamed(spec, 'z').yaw)).toBeCloseTo(0, 12);
    expect(Math.sin(entityNamed(spec, 'z').yaw)).toBeCloseTo(-1, 12);
  });

  it("'on cross lane' needs an intersection", () => {
    expect(diagnosticsOf(minimal('car c { on cross lane 1 }'))).toEqual(["snippet.scene:2:9: 'on cross lane' needs a crossing road: declare 'road intersection { … }' above"]);
  });
});

describe('placement diagnostics', () => {
  it.each([
    ['beside and on a lane', 'car c {\n  on lane 1\n  left of ego by 2 m\n}', ["snippet.scene:4:3: 'c' is placed beside or near another entity and also on a lane; give one"]],
    ['near and on a side', 'cone c {\n  on roadside left\n  near ego within 2 m\n}', ["snippet.scene:4:3: 'c' is placed beside or near another entity and also on a roadside; give one"]],
    [
      'near and ahead of',
      'cone c {\n  ahead of ego by 5 m\n  near ego within 2 m\n}',
      ["snippet.scene:4:3: 'c' has more than one of 'at', 'ahead of'/'behind', 'left of'/'right of' and 'near'; give one"],
    ],
    ['facing and facing:', 'car c {\n  facing along\n  facing: 0 deg\n}', ["snippet.scene:3:3: 'c' has both 'facing' and 'facing:'; give one"]],
    ['facing given twice', 'car c {\n  facing along\n  facing 3 deg\n}', ["snippet.scene:4:3: a facing is given twice for 'c' (first at line 3)"]],
    ['facing toward itself', 'car c { facing toward c }', ["snippet.scene:2:23: 'c' cannot be placed relative to itself"]],
    ['facing toward nobody', 'car c { facing toward ogo }', ["snippet.scene:2:23: unknown entity 'ogo'; expected the name of an entity declared above this one; did you mean 'ego'?"]],
    ['facing a plain number', 'car c { facing 90 }', ['snippet.scene:2:16: expected an angle such as 30 deg, found a plain number; add a unit']],
    ["'left' without 'of'", 'car c { left ego by 2 m }', ["snippet.scene:2:14: expected 'of', found 'ego'"]],
    ["'near' without 'within'", 'cone c { near ego 2 m }', ["snippet.scene:2:19: expected 'within', found number 2"]],
    ['a radius without a unit', 'cone c { near ego within 2 }', ['snippet.scene:2:26: expected a distance such as 20 m, found a plain number; add a unit']],
    ['a world point of three values', 'cone c { at (1, 2, 3) m }', ['snippet.scene:2:13: expected 2 distances such as (1.2, 0, 1.4) m, found a list of 3 values']],
    ['a world point without a unit', 'cone c { at (1, 2) }', ['snippet.scene:2:13: expected 2 distances such as (1.2, 0, 1.4) m, found a list of 2 values']],
  ])('%s', (_what, line, expected) => {
    expect(diagnosticsOf(minimal(line))).toEqual(expected);
  });

  it('a zero radius is a sampling error', () => {
    expect(samplingErrorsOf(minimal('cone c { near ego within 0 m }'))).toEqual(['snippet.scene:2:26: radius must be more than 0 and at most 10000, found 0']);
  });
});

