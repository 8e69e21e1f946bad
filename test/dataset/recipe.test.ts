// Data set recipes: .dataset files and command-line options, each bad value named where it was written.
import { describe, expect, it } from 'vitest';
import { parseRecipeFile, resolveRecipe, type RecipeEntry } from '../../src/dataset/index.ts';

const FILE = 'animals.dataset';
const parse = (text: string) => parseRecipeFile(text, FILE, (p) => `recipes/${p}`);
const cli = (name: string, value: string): RecipeEntry => ({ name, value, where: `longtail generate: --${name}` });

describe('.dataset files', () => {
  const text = [
    '# animals',
    'scenario: deer.scene',
    'scenario: "moose.scene"   # quoted paths too',
    '',
    'samples: 300',
    '  frames:   4',
    'split: train=0.7, val=0.15, test=0.15',
    'stratify: light, weather',
    'formats: coco, yolo',
    'set: environment.fog = 60 m',
    'weight: deer=2',
    'out: ../out/animals',
  ].join('\n');

  it('reads every option, paths relative to the file, values positioned at their column', () => {
    const entries = parse(text);
    expect(entries.map((e) => [e.name, e.value, e.where])).toEqual([
      ['scenario', 'recipes/deer.scene', `${FILE}:2:11`],
      ['scenario', 'recipes/moose.scene', `${FILE}:3:11`],
      ['samples', '300', `${FILE}:5:10`],
      ['frames', '4', `${FILE}:6:13`],
      ['split', 'train=0.7, val=0.15, test=0.15', `${FILE}:7:8`],
      ['stratify', 'light, weather', `${FILE}:8:11`],
      ['formats', 'coco, yolo', `${FILE}:9:10`],
      ['set', 'environment.fog = 60 m', `${FILE}:10:6`],
      ['weight', 'deer=2', `${FILE}:11:9`],
      ['out', 'recipes/../out/animals', `${FILE}:12:6`],
    ]);
    const r = resolveRecipe(entries);
    expect(r.samples).toBe(300);
    expect(r.frames).toBe(4);
    expect(r.splits).toEqual([{ name: 'train', share: 0.7 }, { name: 'val', share: 0.15 }, { name: 'test', share: 0.15 }]);
    expect(r.stratify).toEqual([{ kind: 'light' }, { kind: 'weather' }]);
    expect(r.formats).toEqual(['native', 'coco', 'yolo']);
    expect(r.weights).toEqual([{ name: 'deer', weight: 2, where: `${FILE}:11:9` }]);
  });

  it('lets the command line win over the file', () => {
    const r = resolveRecipe([...parse(text), cli('samples', '12'), cli('stride', '2')]);
    expect(r.samples).toBe(12);
    expect(r.stride).toBe(2); // the command line's --stride over the file's frames
    expect(r.frames).toBeUndefined();
    expect(resolveRecipe([...parse(text.replace('  frames:   4', 'stride: 3')), cli('frames', '5')]).frames).toBe(5);
  });

  it('names the file, line and column of an unknown option, a missing colon or value, a bad value', () => {
    expect(() => parse('scenario: a.scene\nsampels: 3\n')).toThrow(`${FILE}:2:1: unknown option 'sampels'; the options are scenario, samples,`);
    expect(() => parse('scenario: a.scene\nsampels: 3\n')).toThrow("did you mean 'samples'?");
    expect(() => parse('  samples 3\n')).toThrow(`${FILE}:1:10: expected ':' after 'samples'`);
    expect(() => parse('samples:\n')).toThrow(`${FILE}:1:9: 'samples' needs a value`);
    expect(() => resolveRecipe(parse('scenario: a.scene\nframes: many\n'))).toThrow(`${FILE}:2:9: frames must be a whole number from 1 to 1000000, not 'many'`);
    expect(() => resolveRecipe(parse('scenario: a.scene\nsplit: train=0.8, val=0.1\n'))).toThrow(`${FILE}:2:8: the shares add up to 0.9, not 1`);
    expect(() => resolveRecipe(parse('scenario: a.scene\nstratify: light, colour\n'))).toThrow(`${FILE}:2:11: unknown factor 'colour'; the factors are scenario, light, weather, param:<name>`);
    expect(() => resolveRecipe(parse('scenario: a.scene\nformats: coco, voc\n'))).toThrow(`${FILE}:2:10: unknown format 'voc'`);
  });
});

describe('options', () => {
  const a = cli('scenario', 'a.scene');
  it('says which option is wrong and why', () => {
    expect(() => resolveRecipe([])).toThrow('no scenario given');
    expect(() => resolveRecipe([a, cli('split', 'train=0.8,val=0.1,test=0.2')])).toThrow('--split: the shares add up to 1.1, not 1');
    expect(() => resolveRecipe([a, cli('split', 'train=0.8,train=0.2')])).toThrow("--split: split 'train' given twice");
    expect(() => resolveRecipe([a, cli('split', 'train')])).toThrow("--split: 'train' is not name=share");
    expect(() => resolveRecipe([a, cli('split-by', 'frame')])).toThrow("--split-by: split-by must be 'sample' or 'scenario', not 'frame'");
    expect(() => resolveRecipe([a, cli('frames', '2'), cli('stride', '2')])).toThrow('--stride: give --frames or --stride, not both');
    expect(() => resolveRecipe([a, cli('stratify', 'scenario'), cli('weight', 'a=2')])).toThrow('--weight: --stratify scenario already gives every scenario the same share');
    expect(() => resolveRecipe([a, cli('weight', 'a')])).toThrow('--weight: weight must be <scenario name>=<positive number>');
    expect(() => resolveRecipe([a, cli('size', '10x10')])).toThrow('--size: size must be WIDTHxHEIGHT between 16x16 and 8192x8192');
    expect(() => resolveRecipe([a, cli('stratify', 'light,light')])).toThrow("--stratify: factor 'light' given twice");
  });

  it('defaults to 24 samples of 4 frames, seed 0, 0.8/0.1/0.1 by sample, native only', () => {
    const r = resolveRecipe([a]);
    expect([r.samples, r.frames, r.seed, r.splitBy, r.formats]).toEqual([24, 4, 0, 'sample', ['native']]);
    expect(r.splits.map((s) => s.share)).toEqual([0.8, 0.1, 0.1]);
  });
});
