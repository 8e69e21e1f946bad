// Models: what an entity looks like (sedan, van, child, fallen_tree), each written as a label class
// (a van is class car). Entity heads are model names, aliases, or the generic words vehicle,
// animal, person and prop, which take `model:`.
import { describe, expect, it } from 'vitest';
import { ANTLERED, classByName, MODELS, modelByName } from '../../src/core/index.ts';
import { sample } from '../../src/scenario/index.ts';
import { sizeRangeOf } from '../../src/scenario/appearance.ts';
import { compileSnippet, diagnosticsOf, entityNamed, minimal, sampleSnippet } from '../helpers/scenario.ts';

const PROPS = 'speed, driving, reaction, color, scale, lights, hazards, indicator, facing, offset, motion, antlers, mesh, mesh_yaw, mesh_fit';

describe('the model table', () => {
  it('has these models, classes and default sizes (L × W × H, m)', () => {
    expect(MODELS.map((m) => [m.name, m.cls, m.size.join(' × ')])).toEqual([
      ['sedan', 'car', '4.6 × 1.8 × 1.45'],
      ['suv', 'car', '4.7 × 1.9 × 1.75'],
      ['pickup', 'car', '5.3 × 1.9 × 1.85'],
      ['van', 'car', '5 × 2 × 2.1'],
      ['truck', 'truck', '9.5 × 2.5 × 3.6'],
      ['bus', 'bus', '12 × 2.55 × 3.2'],
      ['motorcycle', 'motorcycle', '2.1 × 0.8 × 1.2'],
      ['bicycle', 'bicycle', '1.75 × 0.6 × 1.05'],
      ['deer', 'deer', '1.6 × 0.45 × 1.55'],
      ['moose', 'moose', '2.8 × 0.8 × 2.2'],
      ['boar', 'boar', '1.4 × 0.5 × 0.9'],
      ['dog', 'dog', '0.9 × 0.3 × 0.6'],
      ['cow', 'cow', '2.4 × 0.8 × 1.5'],
      ['horse', 'horse', '2.4 × 0.65 × 1.7'],
      ['sheep', 'sheep', '1.2 × 0.45 × 0.9'],
      ['adult', 'pedestrian', '0.5 × 0.6 × 1.75'],
      ['child', 'pedestrian', '0.35 × 0.4 × 1.15'],
      ['box', 'box', '1 × 1 × 1'],
      ['cone', 'cone', '0.35 × 0.35 × 0.7'],
      ['debris', 'debris', '1.2 × 0.8 × 0.3'],
      ['tyre', 'tyre', '0.7 × 0.7 × 0.25'],
      ['rock', 'rock', '0.6 × 0.5 × 0.4'],
      ['fallen_tree', 'fallen_tree', '8 × 0.6 × 0.6'],
    ]);
  });

  it('every model, written as a head, samples with its class and model, a size in its range and a colour of its palette', () => {
    for (const m of MODELS) {
      const e = entityNamed(sampleSnippet(minimal(`${m.name} thing { }`), 0), 'thing');
      expect([e.cls, e.model], m.name).toEqual([m.cls, m.name]);
      const range = sizeRangeOf(m, e.variant);
      e.size.forEach((v, i) => expect(v >= range[i]![0] && v <= range[i]![1], `${m.name} axis ${i}: ${v}`).toBe(true));
      // Paint exactly a palette colour; coats, clothes and props within 7% of one.
      expect(m.palette.some(([, c]) => c.every((v, i) => Math.abs(e.color[i]! - v) <= 0.071 * v + 0.001)), m.name).toBe(true);
      expect(classByName(e.cls), m.name).toBeDefined();
      // With scale: 1, the default size exactly (grown or shrunk by antlers the default lacks or has).
      const scaled = entityNamed(sampleSnippet(minimal(`${m.name} thing { scale: 1 }`), 0), 'thing');
      const a = ANTLERED[m.name];
      const k = a && scaled.variant!.antlers !== a.byDefault ? (scaled.variant!.antlers ? a.boxFactor : a.boxFactor.map((f) => 1 / f)) : [1, 1, 1];
      expect(scaled.size, m.name).toEqual(m.size.map((v, i) => v * k[i]!));
    }
  });

  it('label class ids are stable: car 10, truck 11, deer 20, moose 21, pedestrian 30, box 40, cone 41', () => {
    expect(['car', 'truck', 'deer', 'moose', 'pedestrian', 'box', 'cone'].map((n) => classByName(n)!.id)).toEqual([10, 11, 20, 21, 30, 40, 41]);
  });

  it('aliases: car is a sedan, pedestrian and person are adults', () => {
    const spec = sampleSnippet('ego car { }\npedestrian p { }\nperson q { }', 0);
    expect(spec.entities.map((e) => [e.name, e.model, e.cls])).toEqual([
      ['ego', 'sedan', 'car'],
      ['p', 'adult', 'pedestrian'],
      ['q', 'adult', 'pedestrian'],
    ]);
    expect(modelByName('car')).toBe(modelByName('sedan'));
  });

  it('scale multiplies the model box', () => {
    expect(entityNamed(sampleSnippet(minimal('fallen_tree t { scale: 0.5 }'), 0), 't').size).toEqual([4, 0.3, 0.3]);
  });

  it('the default camera sits on the model: a quarter of its length forward, 10 cm above its roof', () => {
    const spec = sampleSnippet('ego bus { }', 0);
    const [l, , h] = spec.entities[0]!.size;
    expect(spec.cameras[0]!.offset).toEqual([l * 0.25, 0, h + 0.1]);
    expect(sampleSnippet('ego bus { scale: 1 }', 0).cameras[0]!.offset).toEqual([12 * 0.25, 0, 3.2 + 0.1]);
  });
});

describe('generic heads: vehicle, animal, person, prop', () => {
  it('default to sedan, deer, adult and box', () => {
    const spec = sampleSnippet(minimal('vehicle v { }\nanimal a { }\nperson p { }\nprop x { }'), 0);
    expect(['v', 'a', 'p', 'x'].map((n) => entityNamed(spec, n).model)).toEqual(['sedan', 'deer', 'adult', 'box']);
  });

  it('take model:, fixed or random, and the class follows the model', () => {
    const spec = sampleSnippet(minimal('vehicle v { model: van }\nanimal a { model: moose }\nperson p { model: child }\nprop x { model: fallen_tree }'), 0);
    expect(['v', 'a', 'p', 'x'].map((n) => [entityNamed(spec, n).model, entityNamed(spec, n).cls])).toEqual([
      ['van', 'car'],
      ['moose', 'moose'],
      ['child', 'pedestrian'],
      ['fallen_tree', 'fallen_tree'],
    ]);
    const program = compileSnippet(minimal('vehicle v { model: choice(sedan, suv, van) }'));
    const models = new Set(Array.from({ length: 60 }, (_, seed) => entityNamed(sample(program, { seed }), 'v').model));
    expect(models).toEqual(new Set(['sedan', 'suv', 'van']));
  });

  it('a random model brings its own size', () => {
    const program = compileSnippet(minimal('vehicle v { model: choice(sedan, bus) }'));
    for (let seed = 0; seed < 20; seed++) {
      const v = entityNamed(sample(program, { seed }), 'v');
      const range = sizeRangeOf(modelByName(v.model)!, v.variant);
      v.size.forEach((x, i) => expect(x >= range[i]![0] && x <= range[i]![1], `${v.model} axis ${i}`).toBe(true));
    }
  });

  it('the head only picks the default: any model is accepted (an animal with model: truck is a truck)', () => {
    const a = entityNamed(sampleSnippet(minimal('animal a { model: truck }'), 0), 'a');
    expect([a.model, a.cls]).toEqual(['truck', 'truck']);
  });

  it('unnamed, they are named after the head', () => {
    expect(sampleSnippet(minimal('vehicle { model: van }'), 0).entities[1]!.name).toBe('vehicle_2');
  });
});

describe('model diagnostics', () => {
  it.each([
    ['model: on a model head', minimal('van v { model: sedan }'), [`snippet.scene:2:9: a van has no property 'model'; expected one of ${PROPS}`]],
    ['model: on an alias head', minimal('car c { model: van }'), [`snippet.scene:2:9: a car has no property 'model'; expected one of ${PROPS}`]],
    [
      'a misspelt model',
      minimal('vehicle v { model: sedna }'),
      [
        "snippet.scene:2:20: expected one of sedan, suv, pickup, van, truck, bus, motorcycle, bicycle, deer, moose, boar, dog, cow, horse, sheep, adult, child, box, cone, debris, tyre, rock, fallen_tree, car, pedestrian, person, found 'sedna'; did you mean 'sedan'?",
      ],
    ],
    ['a model given as a string', minimal('vehicle v { model: "van" }'), [expect.stringMatching(/^snippet\.scene:2:20: expected one of sedan, .*, person, found a string$/)]],
    ['a misspelt generic head', minimal('vehical v { }'), [expect.stringMatching(/^snippet\.scene:2:1: unknown class or block 'vehical'; expected road, environment, or an entity model \(.*\)$/)]],
  ])('%s', (_what, text, expected) => {
    expect(diagnosticsOf(text)).toEqual(expected);
  });
});
