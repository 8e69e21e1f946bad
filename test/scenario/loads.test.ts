// The language of loads and collisions — `on top of X [at (dx, dy) m]`, `fall`, `X hits Y`,
// `X hits anything` — mapped to the exact SceneSpec parts, and the exact words of what is rejected.
// Line 1 of every snippet is `ego car { on lane 1 }` (minimal()), so the snippet's own lines start at 2.
import { describe, expect, it } from 'vitest';
import { diagnosticsOf, entityNamed, minimal, sampleSnippet, samplingErrorsOf } from '../helpers/scenario.ts';

// The default road: 2 lanes of 3.5 m, lane 1 centred at y = −1.75 (lane 2 is oncoming, facing −x).
const LORRY = 'truck lorry {\n  on lane 1\n  at 40 m\n  speed: 72 km/h\n}';

describe('on top of', () => {
  it('at the centre of the top: a carried motion with offset [0, 0, height], yaw the carrier’s', () => {
    const s = sampleSnippet(minimal(`${LORRY}\nbox crate { on top of lorry }`));
    const crate = entityNamed(s, 'crate');
    const h = entityNamed(s, 'lorry').size[2]; // the lorry's sampled height
    expect(crate.motion).toEqual({ kind: 'carried', carrier: 'lorry', offset: [0, 0, h], yawOffset: 0 });
    expect(crate.position).toEqual([40, -1.75, h]);
    expect(crate.yaw).toBe(0);
    expect(crate.lights).toBe('off');
  });

  it("at (dx, dy) m: the offset in the carrier's frame (an oncoming lorry faces −x)", () => {
    const s = sampleSnippet(minimal('truck lorry {\n  on lane 2\n  at 40 m\n}\nbox crate { on top of lorry at (-4, 0.5) m }'));
    const crate = entityNamed(s, 'crate');
    const h = entityNamed(s, 'lorry').size[2];
    expect(crate.motion).toEqual({ kind: 'carried', carrier: 'lorry', offset: [-4, 0.5, h], yawOffset: 0 });
    // Lorry at (40, 1.75) facing π: 4 m behind it is x = 44, 0.5 m to its left is y = 1.25.
    expect(crate.position[0]).toBeCloseTo(44, 12);
    expect(crate.position[1]).toBeCloseTo(1.25, 12);
    expect(crate.position[2]).toBe(h);
    expect(crate.yaw).toBe(Math.PI);
  });

  it('facing turns it relative to the carrier; toward points it from where it sits', () => {
    const s = sampleSnippet(
      minimal(`${LORRY}\nbox a {\n  on top of lorry\n  facing 90 deg\n}\nbox b {\n  on top of lorry at (2, 0) m\n  facing: -30 deg\n}\nbox c {\n  on top of lorry at (-2, 0) m\n  facing toward ego\n}`),
    );
    expect(entityNamed(s, 'a').motion).toMatchObject({ yawOffset: Math.PI / 2 });
    expect(entityNamed(s, 'a').yaw).toBe(Math.PI / 2);
    expect(entityNamed(s, 'b').motion).toMatchObject({ offset: [2, 0, entityNamed(s, 'lorry').size[2]], yawOffset: -Math.PI / 6 });
    // c sits at (38, −1.75); the ego is at (0, −1.75): straight behind, 180°.
    expect(Math.abs((entityNamed(s, 'c').motion as { yawOffset: number }).yawOffset)).toBeCloseTo(Math.PI, 12);
  });

  it('fall, fall after t and fall when … are release actions; people and animals ride too', () => {
    const s = sampleSnippet(
      minimal(`${LORRY}\nbox a {\n  on top of lorry\n  fall\n}\ndeer b {\n  on top of lorry at (3, 0) m\n  fall after 1.5 s\n}\npedestrian c {\n  on top of lorry at (-3, 0) m\n  fall when ego hits anything\n}`),
    );
    expect(entityNamed(s, 'b').motion).toMatchObject({ kind: 'carried', carrier: 'lorry' });
    expect(s.behaviours).toEqual([
      { entity: 'a', action: { kind: 'release' }, trigger: { kind: 'at', time: 0 } },
      { entity: 'b', action: { kind: 'release' }, trigger: { kind: 'at', time: 1.5 } },
      { entity: 'c', action: { kind: 'release' }, trigger: { kind: 'when', condition: { kind: 'collision', a: 'ego', b: null } } },
    ]);
  });

  it('inside repeat: on a carrier outside it, or on the same repetition’s template', () => {
    const s = sampleSnippet(minimal(`${LORRY}\nrepeat 2 {\n  car c { at 100 m }\n  cone k { on top of c }\n  box j {\n    on top of lorry at (-4, 0) m\n    fall after 1 s\n  }\n}`));
    expect(entityNamed(s, 'k_2').motion).toEqual({ kind: 'carried', carrier: 'c_2', offset: [0, 0, entityNamed(s, 'c_2').size[2]], yawOffset: 0 });
    expect(entityNamed(s, 'j_1').motion).toMatchObject({ carrier: 'lorry' });
    expect(s.behaviours.map((b) => b.entity)).toEqual(['j_1', 'j_2']);
  });

  it('entities can be placed relative to a load', () => {
    const s = sampleSnippet(minimal(`${LORRY}\nbox crate { on top of lorry at (-4, 0) m }\ncone c { behind crate by 5 m }`));
    expect(entityNamed(s, 'c').position).toEqual([31, -1.75, 0]);
  });
});

describe('hits', () => {
  it.each([
    ['event e when ego hits lorry', { kind: 'collision', a: 'ego', b: 'lorry' }],
    ['event e when lorry hits anything', { kind: 'collision', a: 'lorry', b: null }],
    ['event e when ego hits lorry and not lorry on road', { kind: 'and', left: { kind: 'collision', a: 'ego', b: 'lorry' }, right: { kind: 'not', operand: { kind: 'onRoad', entity: 'lorry' } } }],
  ])('%s', (text, condition) => {
    const s = sampleSnippet(minimal(`${LORRY}\n${text}`));
    expect(s.events).toEqual([{ name: 'e', condition }]);
  });

  it('in a when, and naming an entity declared further down', () => {
    const s = sampleSnippet(minimal('car c {\n  at 30 m\n  brake when c hits later\n}\ncar later { at 60 m }'));
    expect(s.behaviours[0]!.trigger).toEqual({ kind: 'when', condition: { kind: 'collision', a: 'c', b: 'later' } });
  });
});

describe('errors', () => {
  it.each([
    ['a carrier declared below', 'box crate { on top of lorry }\ntruck lorry { at 40 m }', ["snippet.scene:2:23: unknown entity 'lorry'; expected the name of an entity declared above this one"]],
    ['on top of itself', 'box crate { on top of crate }', ["snippet.scene:2:23: 'crate' cannot be placed relative to itself"]],
    ['a vehicle on top', `${LORRY}\ncar c { on top of lorry }`, ["snippet.scene:7:1: only props, animals and people can ride on top of another entity; 'c' is a car (a vehicle)"]],
    [
      'a model: choice that may be a vehicle',
      `${LORRY}\nprop p {\n  model: choice(box, bicycle)\n  on top of lorry\n}`,
      ["snippet.scene:8:10: only props, animals and people can ride on top of another entity; 'p' may be a bicycle (a vehicle)"],
    ],
    [
      'a stack',
      `${LORRY}\nbox a { on top of lorry }\nbox b { on top of a }`,
      ["snippet.scene:8:19: 'a' itself rides on top of 'lorry'; loads are not stacked: put 'b' on top of 'lorry' too"],
    ],
    ['on top twice', `${LORRY}\nbox a {\n  on top of lorry\n  on top of ego\n}`, ["snippet.scene:9:3: an 'on top of' is given twice for 'a' (first at line 8)"]],
    ['fall without on top', 'box a {\n  at 20 m\n  fall after 1 s\n}', ["snippet.scene:4:3: 'fall' drops an entity that rides 'on top of' another; 'a' does not"]],
    ['another behaviour on a load', `${LORRY}\ndeer d {\n  on top of lorry\n  cross at 2 m/s\n  freeze after 2 s\n}`, [
      "snippet.scene:9:3: 'd' rides on top of 'lorry'; it cannot also have 'cross'",
      "snippet.scene:10:3: 'd' rides on top of 'lorry' until it falls; the only behaviour it can have is 'fall'",
    ]],
    ['a placement besides on top', `${LORRY}\nbox a {\n  on top of lorry\n  on lane 2\n  ahead of ego by 3 m\n}`, [
      "snippet.scene:9:3: 'a' rides on top of 'lorry'; it cannot also have 'on lane'",
      "snippet.scene:10:3: 'a' rides on top of 'lorry'; it cannot also have 'ahead of'/'behind'",
    ]],
    ['a speed, offset or motion', `${LORRY}\nbox a {\n  on top of lorry\n  speed: 3 m/s\n  offset: 1 m\n  motion: dynamic\n}`, [
      "snippet.scene:9:3: 'a' rides on top of 'lorry' and moves with it until it falls; it cannot have 'speed:'",
      "snippet.scene:10:3: 'a' rides on top of 'lorry' and moves with it until it falls; it cannot have 'offset:'",
      "snippet.scene:11:3: 'a' rides on top of 'lorry' and moves with it until it falls; it cannot have 'motion:'",
    ]],
    ['following a load', `${LORRY}\nbox a { on top of lorry }\ndeer d { follow a after 1 s }`, ["snippet.scene:8:17: cannot follow 'a': it rides on top of 'lorry'"]],
    ['an offset that is no pair of distances', `${LORRY}\nbox a { on top of lorry at 3 m }`, ['snippet.scene:7:28: expected 2 distances such as (1.2, 0, 1.4) m, found a distance']],
    ["'on top' without 'of'", `${LORRY}\nbox a { on top lorry }`, ["snippet.scene:7:16: expected 'of', found 'lorry'"]],
    ['hits itself', `${LORRY}\nevent e when lorry hits lorry`, ["snippet.scene:7:14: 'lorry' cannot hit itself; write 'lorry hits anything' or name another entity"]],
    ['hits an unknown entity', 'event e when ego hits ghost', ["snippet.scene:2:23: unknown entity 'ghost'"]],
    ["'hits' in a require", `${LORRY}\nrequire ego hits lorry`, ["snippet.scene:7:9: 'hits' changes as the scene runs; use it in a 'when', 'event' or 'end' condition"]],
    ["'hits' naming a repeat template", 'repeat 2 { cone c { } }\nevent e when ego hits c', ["snippet.scene:3:23: 'c' is declared inside a repeat; a running condition cannot name it"]],
  ])('%s', (_what, text, expected) => {
    expect(diagnosticsOf(minimal(text))).toEqual(expected);
  });

  it('when sampled: a dynamic carrier, or a model parameter that draws a vehicle', () => {
    expect(samplingErrorsOf(minimal("box b {\n  at 20 m\n  motion: dynamic\n}\ncone c { on top of b }"))).toEqual([
      "snippet.scene:6:20: 'b' has 'motion: dynamic': nothing can ride on top of it",
    ]);
    expect(samplingErrorsOf(minimal(`param m = sedan\n${LORRY}\nprop p {\n  model: m\n  on top of lorry\n}`))).toEqual([
      "snippet.scene:10:3: only props, animals and people can ride on top of another entity; 'p' is a sedan (a vehicle)",
    ]);
  });
});
