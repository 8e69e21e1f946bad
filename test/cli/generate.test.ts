// `longtail generate` as a user runs it: real processes, real Chromium, real files, read back with
// the project's own readers of every format.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THING_CLASSES } from '../../src/core/index.ts';
import { DATASET_LAYOUT, DEFAULT_LABEL_RULE, isOrdinary, readCityscapes, readCoco, readKitti, readNativeLabels, readPanoptic, readPanopticJson, readYolo, readYoloClasses, type FileGetter, type Inflate } from '../../src/export/index.ts';
import { verifyDataset } from '../../src/cli/verify.ts';
import JSZip from 'jszip';
import { fileTree as tree, runLongtail, SMALL_SCENE } from '../helpers/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'longtail-generate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const longtail = (args: string[]) => runLongtail(tmp, args);
const inflate: Inflate = async (d) => new Uint8Array(inflateSync(d));

const write = (name: string, text: string): string => {
  writeFileSync(join(tmp, name), text);
  return name;
};
const getter =
  (dir: string): FileGetter =>
  (p) => {
    try {
      return readFileSync(join(dir, p));
    } catch {
      return undefined;
    }
  };

interface Manifest {
  format: string;
  splits: { name: string; samples: number; frames: number }[];
  coverage: { cells: { key: string; samples: number; scenarios: string[] }[] };
  samples: { id: string; scenario: string; seed: number; split: string; path: string; cell: Record<string, string>; frames: { camera: string; frame: number; id: number }[]; skipped: { seed: number; reason: string }[] }[];
  files: Record<string, string>;
}
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

const DEER = write('small.scene', SMALL_SCENE);
const BOAR = write('boar.scene', SMALL_SCENE.replace('scenario "small"', 'scenario "boar-small"').replace('deer doe', 'boar doe'));
const FORMATS = 'coco,coco-panoptic,kitti,yolo,cityscapes';
const A = ['generate', DEER, BOAR, '--frames', '2', '--stratify', 'scenario', '--formats', FORMATS, '--progress', 'json'];

describe('longtail generate', () => {
  const a = join(tmp, 'a');
  let run: ReturnType<typeof longtail>;
  beforeAll(() => {
    run = longtail([...A, '--samples', '6', '--out', a]);
  });

  it('writes a data set: samples each as capture writes one, a manifest of them, a summary', async () => {
    expect(run.stderr).not.toContain('rror');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/split\s+samples\s+frames\ntrain\s+\d+\s+\d+\nval\s+\d+\s+\d+\ntest\s+\d+\s+\d+\ntotal\s+6\s+12\n/);
    expect(run.stdout).toMatch(/cell\s+samples\s+scenarios\nscenario=small\s+3\s+small\nscenario=boar-small\s+3\s+boar-small\n/);
    // --progress json: a JSON line on stderr per sample.
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('{'));
    expect(lines.map((l) => (JSON.parse(l) as { done: number }).done)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(JSON.parse(lines[5]!)).toMatchObject({ done: 6, total: 6, frames: 12 });

    const m = manifestOf(a);
    expect(m.format).toBe('longtail.dataset-collection/1');
    expect(m.samples.map((s) => s.id)).toEqual(['000000', '000001', '000002', '000003', '000004', '000005']);
    expect(m.samples.map((s) => s.scenario)).toEqual(['small', 'boar-small', 'small', 'boar-small', 'small', 'boar-small']);
    expect(m.coverage.cells.map((c) => [c.key, c.samples])).toEqual([['scenario=small', 3], ['scenario=boar-small', 3]]);
    for (const s of m.samples) {
      expect(s.cell).toEqual({ scenario: s.scenario });
      expect(s.frames.length).toBe(2);
      // Each sample is a native data set of its own that verify accepts.
      const v = await verifyDataset(join(a, s.path));
      expect(v.problems).toEqual([]);
      const own = JSON.parse(readFileSync(join(a, s.path, 'manifest.json'), 'utf8')) as { seed: number; format: string; frames: { index: number }[] };
      expect(own.format).toBe('longtail.dataset/1');
      expect(own.seed).toBe(s.seed);
      // --frames 2 over the whole 0.3 s run (no capture window): its first and last frame.
      expect(own.frames.map((f) => f.index)).toEqual([0, 2]);
    }
    // Every file listed with its hash, and every listed file there.
    for (const [p, h] of Object.entries(m.files)) expect(h, p).toMatch(/^[0-9a-f]{64}$/);
    for (const p of tree(a).keys()) if (p !== 'manifest.json') expect(m.files[p], p).toBeDefined();
  });

  it('puts every sample in exactly one split, and each format agrees with the manifest', async () => {
    const m = manifestOf(a);
    const get = getter(a);
    const splits = ['train', 'val', 'test'];
    const bySplit = new Map(splits.map((sp) => [sp, m.samples.filter((s) => s.split === sp).flatMap((s) => s.frames.map((f) => ({ ...f, sample: s })))]));
    expect([...bySplit.values()].flat().length).toBe(12);
    expect(m.splits.map((s) => [s.name, s.frames])).toEqual(splits.map((sp) => [sp, bySplit.get(sp)!.length]));
    const allIds = [...bySplit.values()].flat().map((f) => f.id);
    expect(new Set(allIds).size).toBe(12);
    const annIds: number[] = [];
    const classes = readYoloClasses(get);
    expect(classes).toEqual(THING_CLASSES.map((c) => c.name));
    const yaml = readFileSync(join(a, 'yolo/data.yaml'), 'utf8');
    expect(yaml).toContain('train: images/train\nval: images/val\ntest: images/test\n');
    expect(yaml).not.toMatch(/^path:/m);
    for (const sp of splits) {
      const frames = bySplit.get(sp)!;
      // COCO: one file per split (even an empty one), image ids = the data set's frame numbers.
      const coco = readCoco(get, sp, DATASET_LAYOUT);
      expect(coco.categories.map((c) => c.name)).toEqual(THING_CLASSES.map((c) => c.name));
      expect(coco.images.map((i) => i.id)).toEqual(frames.map((f) => f.id));
      expect(coco.images.map((i) => i.file_name)).toEqual(frames.map((f) => `${f.sample.path}/${f.camera}/rgb/${String(f.frame).padStart(6, '0')}.png`));
      annIds.push(...coco.annotations.map((x) => x.id));
      // KITTI: ImageSets lists the split's numbers; training/ holds them.
      const ids = readFileSync(join(a, `kitti/ImageSets/${sp}.txt`), 'utf8').split('\n').filter(Boolean);
      expect(ids).toEqual(frames.map((f) => String(f.id).padStart(6, '0')));
      const panoptic = readPanopticJson(get, sp, DATASET_LAYOUT);
      for (const f of frames) {
        const rgb = join(a, f.sample.path, f.camera, 'rgb', `${String(f.frame).padStart(6, '0')}.png`);
        const native = await readNativeLabels(getter(join(a, f.sample.path)), inflate, f.camera, f.frame);
        const seen = native.objects.filter((o) => o.box2d && o.pixels > 0);
        const k = readKitti(get, sp, f.id, DATASET_LAYOUT);
        expect(k.labels.map((l) => l.bbox)).toEqual(seen.map((o) => o.box2d));
        // Images are the sample's RGB PNG itself: a hard link, not a copy.
        expect(statSync(join(a, DATASET_LAYOUT.kittiImage({ group: sp, id: f.id, image: '', city: '', sequence: 0, frame: 0 }))).ino).toBe(statSync(rgb).ino);
        const y = readYolo(get, sp, f.id, classes, DATASET_LAYOUT);
        // YOLO has no ignore region: objects too small or faint to see are left out of it.
        expect(y.boxes.map((b) => b.cls)).toEqual(seen.filter((o) => isOrdinary(o, DEFAULT_LABEL_RULE)).map((o) => o.cls));
        expect(y.image).toEqual(readFileSync(rgb));
        expect(coco.annotations.filter((x) => x.image_id === f.id).map((x) => x.bbox)).toEqual(seen.map((o) => [o.box2d![0], o.box2d![1], o.box2d![2] - o.box2d![0], o.box2d![3] - o.box2d![1]]));
        const p = await readPanoptic(get, inflate, sp, f.id, panoptic, DATASET_LAYOUT);
        expect(p.instance).toEqual(native.instance);
        const c = await readCityscapes(get, inflate, { group: sp, id: f.id, image: '', city: f.sample.scenario, sequence: Number(f.sample.id), frame: f.frame }, undefined, DATASET_LAYOUT);
        expect(c.semantic).toEqual(native.semantic);
        expect(c.image).toEqual(readFileSync(rgb));
      }
    }
    expect(new Set(annIds).size).toBe(annIds.length);
  });

  it('makes the same bytes twice, and the first 6 samples of 9 are the 6 samples of 6', () => {
    const again = join(tmp, 'again');
    expect(longtail([...A, '--samples', '6', '--out', again]).code).toBe(0);
    const ta = tree(a);
    const tb = tree(again);
    expect([...tb.keys()].sort()).toEqual([...ta.keys()].sort());
    for (const [p, bytes] of ta) expect(tb.get(p)!.equals(bytes), p).toBe(true);

    const nine = join(tmp, 'nine');
    expect(longtail([...A, '--samples', '9', '--out', nine]).code).toBe(0);
    const t9 = tree(nine);
    const samples = [...ta.keys()].filter((p) => p.startsWith('samples/'));
    expect(samples.length).toBeGreaterThan(6 * 10);
    for (const p of samples) expect(t9.get(p)?.equals(ta.get(p)!), p).toBe(true);
    expect(manifestOf(nine).samples.slice(0, 6)).toEqual(manifestOf(a).samples);
  });

  it('verifies as a whole: hashes, every sample, each split file against the manifest; damage is named', () => {
    const ok = longtail(['verify', a]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok: 12 frames, \d+ files checked/);
    const copy = join(tmp, 'damaged');
    expect(longtail([...A, '--samples', '6', '--out', copy]).code).toBe(0);
    rmSync(join(copy, 'kitti/training/label_2/000003.txt'));
    const m = manifestOf(copy);
    writeFileSync(join(copy, m.samples[1]!.path, 'front/labels/000000.json'), '{}');
    const bad = longtail(['verify', copy]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('kitti/training/label_2/000003.txt: missing (listed in the manifest)');
    expect(bad.stderr).toContain(`${m.samples[1]!.path}/front/labels/000000.json: sha256 mismatch`);
  });

  it('continues a run on the same folder and refuses one with other options, naming the option', () => {
    const before = tree(a);
    const r = longtail([...A, '--samples', '6', '--out', a]);
    expect(r.code).toBe(0);
    const after = tree(a);
    for (const [p, bytes] of before) expect(after.get(p)!.equals(bytes), p).toBe(true);
    const other = longtail([...A, '--samples', '6', '--seed', '3', '--out', a]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('holds a data set made with seed 0, and this run has 3');
  });
});

describe('a scenario whose event does not always happen', () => {
  it('skips the seeds whose capture window is empty, records why, and fills every sample', () => {
    const f = write(
      'maybe.scene',
      SMALL_SCENE.replace('scenario "small"', 'scenario "maybe"')
        .replace('cross road at 3 m/s }', 'cross road at 3 m/s after uniform(0, 1) s }\nevent doe_on_road when doe on road\ncapture from 0.1 s before doe_on_road to 0.1 s after doe_on_road')
        .replace('duration 0.3 s', 'duration 1.2 s'),
    );
    const out = join(tmp, 'maybe');
    const r = longtail(['generate', f, '--samples', '4', '--frames', '2', '--out', out]);
    expect(r.stderr).not.toContain('rror');
    expect(r.code).toBe(0);
    const m = manifestOf(out);
    const skipped = m.samples.flatMap((s) => s.skipped);
    expect(skipped.length).toBeGreaterThan(0);
    for (const k of skipped) expect(k.reason).toBe("event 'doe_on_road' did not happen in 1.2 s");
    for (const s of m.samples) {
      expect(s.frames.length).toBe(2);
      expect(s.skipped.map((k) => k.seed)).not.toContain(s.seed);
    }
    expect(r.stdout).toMatch(/skipped: sample\s+seed\s+reason\n/);
  });
});

describe('a small data set', () => {
  it('warns of an empty split, still gives it its files, grows but never shrinks, and changes formats', () => {
    const out = join(tmp, 'three');
    const r = longtail(['generate', DEER, '--samples', '3', '--frames', '1', '--formats', 'yolo,kitti', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("warning: split 'val' gets no sample (3 samples × 0.1); give more samples or a larger share");
    expect(r.stderr).toContain("warning: split 'test' gets no sample");
    for (const d of ['yolo/images/val', 'yolo/labels/val', 'yolo/images/test', 'yolo/labels/test']) expect(statSync(join(out, d)).isDirectory(), d).toBe(true);
    expect(readFileSync(join(out, 'kitti/ImageSets/val.txt'), 'utf8')).toBe('');
    const shorter = longtail(['generate', DEER, '--samples', '2', '--frames', '1', '--formats', 'yolo,kitti', '--out', out]);
    expect(shorter.code).toBe(2);
    expect(shorter.stderr).toContain('holds a data set of 3 samples, and this run asks for 2; a run never deletes samples');
    const coco = longtail(['generate', DEER, '--samples', '3', '--frames', '1', '--formats', 'coco', '--out', out]);
    expect(coco.code).toBe(0);
    expect(coco.stdout).toContain('(3 samples kept from an earlier run)');
    expect(existsSync(join(out, 'coco/train.json'))).toBe(true);
    expect(existsSync(join(out, 'yolo'))).toBe(false);
    expect(longtail(['verify', out]).code).toBe(0);
  });
});

describe('--zip', () => {
  it('packs the finished data set into <out>.zip and removes the folder', async () => {
    const out = join(tmp, 'zipped');
    const r = longtail(['generate', DEER, '--samples', '2', '--frames', '1', '--formats', 'yolo', '--zip', '--out', out]);
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(false);
    const zip = await JSZip.loadAsync(readFileSync(`${out}.zip`));
    const m = JSON.parse(await zip.file('manifest.json')!.async('string')) as Manifest;
    expect(m.samples.length).toBe(2);
    for (const p of Object.keys(m.files)) expect(zip.file(p), p).not.toBeNull();
    expect(r.stdout).toContain('zipped.zip');
    expect(readdirSync(tmp).filter((n) => n.includes('.tmp-'))).toEqual([]);
    // verify reads the zip as it reads the folder: the collection, each sample in it, each format.
    const v = longtail(['verify', `${out}.zip`]);
    expect(v.stderr).toBe('');
    expect(v.stdout).toMatch(/^ok: 2 frames, \d+ files checked/);
    // A flipped byte in a sample's stored PNG is named, with the sample's folder.
    const raw = readFileSync(`${out}.zip`);
    const png = `${m.samples[0]!.path}/front/rgb/${String(m.samples[0]!.frames[0]!.frame).padStart(6, '0')}.png`;
    const at = raw.indexOf(Buffer.from(png)) + png.length + 200; // the first copy of the name is its local header's
    raw[at]! ^= 0x01;
    writeFileSync(join(tmp, 'zipped-bad.zip'), raw);
    const bad = longtail(['verify', 'zipped-bad.zip']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${png}: CRC-32 mismatch`);
  });
});

describe('bad input: one line, exit 2, nothing written', () => {
  const out = join(tmp, 'never');
  const cases: [string[], string][] = [
    [['generate', 'nope.scene'], 'nope.scene: cannot read scenario: no such file'],
    [['generate', DEER, '--stratify', 'light,colour'], "--stratify: unknown factor 'colour'; the factors are scenario, light, weather, param:<name>"],
    [['generate', DEER, '--split', 'train=0.8,val=0.1'], '--split: the shares add up to 0.9, not 1'],
    [['generate', DEER, '--split', 'train=0.8,dev=0.1,test=0.2'], '--split: the shares add up to 1.1, not 1'],
    [['generate', DEER, '--set', 'environment.fgo=60 m'], "environment has no property 'fgo'"],
    [['generate', DEER, '--set', 'environment.fog=60 km/h'], '--set environment.fog=60 km/h: expected a distance such as 20 m, found a speed'],
    [['generate', DEER, '--set', 'gap=3 m'], "has no parameter 'gap'"],
    [['generate', DEER, '--weight', 'smal=2'], "no scenario is named 'smal'; the scenarios are small; did you mean 'small'?"],
    [['generate', DEER, '--samples', 'lots'], '--samples: samples must be a whole number'],
    [['generate', DEER, '--progress', 'loud'], '--progress must be tty, plain, json or none'],
  ];
  for (const [args, message] of cases) {
    it(`${args.slice(2).join(' ') || args[1]}`, () => {
      const r = longtail([...args, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr.trim().split('\n').length).toBe(1);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('refuses an --out that holds something else, as capture does', () => {
    const other = join(tmp, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'mine');
    const r = longtail(['generate', DEER, '--samples', '1', '--out', other]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('exists and is not a Longtail data set; refusing to write into it');
    expect(readdirSync(other)).toEqual(['notes.txt']);
  });
});

describe('.dataset recipes', () => {
  it('are accepted by check and generate, with errors at file:line:col', () => {
    write('ok.dataset', `# two small scenes\nscenario: ${DEER}\nscenario: ${BOAR}\nsamples: 4\nstratify: scenario\n`);
    const c = longtail(['check', 'ok.dataset']);
    expect(c.code).toBe(0);
    expect(c.stdout).toContain('ok.dataset: ok (4 samples over 2 scenarios, 2 cells)');
    write('bad.dataset', `scenario: ${DEER}\nsamples: 4\nstratify: scenario, wether\n`);
    const b = longtail(['check', 'bad.dataset']);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain("bad.dataset:3:11: unknown factor 'wether'");
    const g = longtail(['generate', 'bad.dataset']);
    expect(g.code).toBe(2);
    expect(g.stderr).toContain("bad.dataset:3:11: unknown factor 'wether'");
    write('badset.dataset', `scenario: ${DEER}\nsamples: 2\nset: environment.fgo = 60 m\nset: environment.fog = 60 km/h\n`);
    const s = longtail(['check', 'badset.dataset']);
    expect(s.code).toBe(1);
    expect(s.stderr).toContain("badset.dataset:3:6: --set environment.fgo = 60 m: environment has no property 'fgo'");
    write('badunit.dataset', `scenario: ${DEER}\nsamples: 2\nset: environment.fog = 60 km/h\n`);
    expect(longtail(['generate', 'badunit.dataset']).stderr).toContain('badunit.dataset:3:6: --set environment.fog = 60 km/h: expected a distance such as 20 m, found a speed');
  });
});
