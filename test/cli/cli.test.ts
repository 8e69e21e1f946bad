// The `longtail` command as a user runs it: a real process, real files, real Chromium.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../src/cli/version.ts';
import { fileTree as tree, runLongtail, SMALL_SCENE } from '../helpers/cli.ts';
import { createHash } from 'node:crypto';
import JSZip from 'jszip';

const tmp = mkdtempSync(join(tmpdir(), 'longtail-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const longtail = (args: string[], env: Record<string, string> = {}) => runLongtail(tmp, args, env);

const scene = (name: string, text: string): string => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

const SMALL = SMALL_SCENE;

describe('bad input', () => {
  it('reports a scenario error as file:line:col with the line and a caret, exit 1, nothing written', () => {
    const f = scene('bad.scene', 'road straight {\n  lanes: 2\n}\nego car {\n  speed: 70 m\n}\n');
    const out = join(tmp, 'never');
    const r = longtail(['capture', f, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${f}:5:10: error: expected a speed such as 50 km/h, found a distance`);
    expect(r.stderr).toContain('5 |   speed: 70 m');
    expect(r.stderr).toMatch(/\n\s+\^\^\^\^/);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('reports several errors in one pass', () => {
    const f = scene('bad2.scene', 'ego car { on lane 1\n  sped: 3 m/s }\ndear d { on roadside right }\n');
    const r = longtail(['check', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${f}:2:3: error: a car has no property 'sped'`);
    expect(r.stderr).toContain("did you mean 'speed'?");
    expect(r.stderr).toContain(`${f}:3:1: error: unknown class or block 'dear'`);
  });

  it('says so in one line when the scenario file is missing', () => {
    const r = longtail(['capture', 'nope.scene']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('nope.scene: cannot read scenario: no such file');
  });

  it('says so in one line when the output folder cannot be written', () => {
    writeFileSync(join(tmp, 'a-file'), 'x');
    const r = longtail(['capture', scene('s1.scene', SMALL), '--out', join(tmp, 'a-file', 'sub')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('cannot write to');
  });

  it('refuses to replace a folder that is not a Longtail data set', () => {
    const precious = join(tmp, 'precious');
    mkdirSync(precious);
    writeFileSync(join(precious, 'thesis.tex'), 'important');
    const r = longtail(['capture', scene('s2.scene', SMALL), '--out', precious]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not a Longtail data set; refusing to replace it');
    expect(readFileSync(join(precious, 'thesis.tex'), 'utf8')).toBe('important');
  });

  it('says so in one line when the browser fails to start, and leaves nothing behind', () => {
    const out = join(tmp, 'nobrowser');
    const r = longtail(['capture', scene('s3.scene', SMALL), '--out', out], { CHROME_PATH: '/bin/false' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the browser failed to start (/bin/false)');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('fails in one line naming the scenario, the simulated time and the call when a physics call times out, and writes nothing', () => {
    // 600 simulated seconds cannot be dry-run within 60 ms (1 ms per 10 simulated s), nor loaded within 1 ms.
    const out = join(tmp, 'timeout');
    const r = longtail(['capture', scene('slow.scene', SMALL.replace('duration 0.3 s', 'duration 600 s')), '--out', out, '--physics-timeout', '0.001', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^loading the scene failed in the browser: scenario 'small' \(seed \d+\): physics call (load\(spec\)|dryRun over 600 s) from simulated time 0 s did not return within 0\.0(01|6) s; the physics worker was stopped and restarted\n$/,
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('rejects a bad --physics-timeout with exit 2', () => {
    const r = longtail(['capture', '--physics-timeout', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--physics-timeout must be a number of seconds above 0');
  });

  it('rejects unknown options with a suggestion and exit 2', () => {
    const r = longtail(['capture', '--sed', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--sed'; did you mean '--seed'?");
  });

  it('has --help on every subcommand', () => {
    for (const cmd of ['capture', 'check', 'sample']) {
      const r = longtail([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`usage: longtail ${cmd}`);
      expect(r.stdout).toContain('--seed');
    }
    expect(longtail(['capture', '--help']).stdout).toMatch(/--out <dir>.*\n.*--seed <n>.*\n.*--frames <n>.*\n.*--size <w>x<h>/);
  });
});

describe('capture', () => {
  it('writes a complete data set, and the same seed gives the same bytes', () => {
    const f = scene('small.scene', SMALL);
    const a = join(tmp, 'a');
    const b = join(tmp, 'b');
    const r1 = longtail(['capture', f, '--out', a, '--seed', '5', '--quiet']);
    expect(r1.stderr).toBe('');
    expect(r1.code).toBe(0);
    expect(r1.stdout).toMatch(/^wrote 3 frames \(\d+ files\) of 'small' seed 5 to /);
    expect(longtail(['capture', f, '--out', b, '--seed', '5', '--quiet']).code).toBe(0);
    const ta = tree(a);
    const tb = tree(b);
    expect([...ta.keys()].sort()).toEqual([...tb.keys()].sort());
    for (const [k, v] of ta) expect(v.equals(tb.get(k)!), k).toBe(true);

    const manifest = JSON.parse(ta.get('manifest.json')!.toString());
    expect(manifest.frames).toHaveLength(3);
    expect(manifest.seed).toBe(5);
    for (const name of ['front/rgb/000002.png', 'front/depth/000002.npz', 'front/normals/000002.npz', 'front/flow/000002.npz', 'front/semantic/000002.png', 'front/instance/000002.png', 'front/labels/000002.json']) {
      expect(ta.has(name), name).toBe(true);
      expect(manifest.files[name]).toMatch(/^[0-9a-f]{64}$/);
    }
    const labels = JSON.parse(ta.get('front/labels/000000.json')!.toString());
    expect(labels.width).toBe(160);
    expect(labels.objects.map((o: { class: string }) => o.class)).toEqual(['deer']);

    // A different seed places the deer elsewhere.
    const c = join(tmp, 'c');
    expect(longtail(['capture', f, '--out', c, '--seed', '6', '--quiet']).code).toBe(0);
    expect(tree(c).get('front/labels/000000.json')!.equals(ta.get('front/labels/000000.json')!)).toBe(false);

    // Capturing again into a Longtail data set replaces it whole.
    expect(longtail(['capture', f, '--out', a, '--seed', '6', '--frames', '1', '--quiet']).code).toBe(0);
    expect(JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8')).frames).toHaveLength(1);
    expect(existsSync(join(a, 'front/rgb/000002.png'))).toBe(false);
  });
});

describe('capture --formats and --zip', () => {
  it('rejects an unknown format with exit 2, naming the known ones', () => {
    const r = longtail(['capture', '--formats', 'coco,voc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--formats: unknown format 'voc'; the formats are native, coco, coco-panoptic, kitti, yolo, cityscapes");
  });

  it('writes COCO, KITTI and YOLO beside the native files, every file in the manifest; --zip holds the same bytes', async () => {
    const f = scene('fmt.scene', SMALL);
    const dir = join(tmp, 'fmt');
    const r = longtail(['capture', f, '--out', dir, '--seed', '5', '--frames', '2', '--formats', 'coco,kitti,yolo', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const t = tree(dir);
    const manifest = JSON.parse(t.get('manifest.json')!.toString());
    expect(manifest.formats).toEqual(['native', 'coco', 'kitti', 'yolo']);
    expect(Object.keys(manifest.files)).toEqual([...t.keys()].filter((k) => k !== 'manifest.json').sort());
    for (const [k, v] of t) if (k !== 'manifest.json') expect(manifest.files[k], k).toBe(createHash('sha256').update(v).digest('hex'));
    for (const name of ['coco/instances_front.json', 'kitti/front/label_2/000001.txt', 'kitti/front/calib/000001.txt', 'yolo/classes.txt', 'yolo/front/labels/000001.txt']) expect(t.has(name), name).toBe(true);
    expect(t.get('kitti/front/image_2/000001.png')!.equals(t.get('front/rgb/000001.png')!)).toBe(true);
    const coco = JSON.parse(t.get('coco/instances_front.json')!.toString());
    expect(coco.images.map((i: { id: number }) => i.id)).toEqual([0, 1]);
    expect(r.stdout).toContain(`(${t.size} files)`);

    const z = longtail(['capture', f, '--out', join(tmp, 'fmtzip'), '--seed', '5', '--frames', '2', '--formats', 'coco,kitti,yolo', '--zip', '--quiet']);
    expect(z.stderr).toBe('');
    expect(z.code).toBe(0);
    expect(existsSync(join(tmp, 'fmtzip'))).toBe(false);
    const zip = await JSZip.loadAsync(readFileSync(join(tmp, 'fmtzip.zip')));
    const entries = Object.values(zip.files).filter((e) => !e.dir);
    expect(entries.map((e) => e.name).sort()).toEqual([...t.keys()].sort());
    for (const e of entries) {
      const bytes = Buffer.from(await e.async('uint8array'));
      if (e.name === 'manifest.json') {
        // The options record --zip; everything else is the same.
        const zm = JSON.parse(bytes.toString());
        expect(zm.options.zip).toBe(true);
        expect({ ...zm, options: { ...zm.options, zip: false } }).toEqual(manifest);
      } else expect(bytes.equals(t.get(e.name)!), e.name).toBe(true);
    }
    // PNGs are stored, not deflated again.
    const png = (zip.files['front/rgb/000000.png'] as unknown as { _data: { compression: { magic: string } } })._data;
    expect(png.compression.magic).toBe('\x00\x00');
    expect(readdirSync(tmp).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});

describe('check and sample', () => {
  it('checks every scene in scenes/', () => {
    const files = readdirSync(join(ROOT, 'scenes')).filter((n) => n.endsWith('.scene')).map((n) => join(ROOT, 'scenes', n));
    const r = longtail(['check', ...files]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('prints the SceneSpec for a seed', () => {
    const r = longtail(['sample', scene('s4.scene', SMALL), '--seed', '3']);
    expect(r.code).toBe(0);
    const spec = JSON.parse(r.stdout);
    expect(spec.seed).toBe(3);
    expect(spec.entities.map((e: { name: string }) => e.name)).toEqual(['ego', 'doe']);
  });
});

describe('import', () => {
  /** Files under tmp/imp/: the scenario imports its sibling by a path relative to itself. */
  function files(parts: Record<string, string>): void {
    for (const [name, text] of Object.entries(parts)) {
      mkdirSync(join(tmp, 'imp', name, '..'), { recursive: true });
      writeFileSync(join(tmp, 'imp', name), text);
    }
  }

  it('check reads a sibling file imported by a relative path', () => {
    files({
      'main.scene': 'import "traffic.scene"\nego car { on lane 1\n  speed: 50 km/h }\ndeer doe { on roadside right\n  ahead of ego by gap }\n',
      'traffic.scene': 'param gap = 40 m\ncar oncoming { on lane 2\n  at 200 m\n  speed: 60 km/h }\n',
    });
    const r = longtail(['check', 'imp/main.scene']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('imp/main.scene: ok (3 entities)\n');
    // The same by an absolute path.
    const abs = join(tmp, 'imp', 'main.scene');
    expect(longtail(['check', abs]).stdout).toBe(`${abs}: ok (3 entities)\n`);
    const spec = JSON.parse(longtail(['sample', 'imp/main.scene']).stdout);
    expect(spec.entities.map((e: { name: string }) => e.name)).toEqual(['oncoming', 'ego', 'doe']);
  });

  it('a problem in the imported file is shown in that file, by its path from the working folder', () => {
    files({
      'main2.scene': 'ego car { on lane 1 }\nimport "lib/parked.scene"\n',
      'lib/parked.scene': '# parked cars\ncar p { at 20 km/h }\n',
    });
    const r = longtail(['check', 'imp/main2.scene']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(['imp/lib/parked.scene:2:12: error: expected a distance such as 20 m, found a speed', '2 | car p { at 20 km/h }', '               ^^^^^^^', ''].join('\n'));
  });

  it('a missing import is reported at the import line', () => {
    files({ 'main3.scene': 'ego car { on lane 1 }\nimport "nope.scene"\n' });
    const r = longtail(['check', 'imp/main3.scene']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('imp/main3.scene:2:1: error: cannot import "nope.scene": no such file');
  });
});

describe('sample --set', () => {
  const PARAMS = `
param gap = uniform(20, 30) m
ego car { on lane 1 }
deer doe { on roadside right
  ahead of ego by gap }
`;

  it('fixes a parameter for every seed; several may be given', () => {
    const f = scene('p1.scene', PARAMS);
    for (const seed of ['3', '4']) {
      const r = longtail(['sample', f, '--seed', seed, '--set', 'gap=25 m']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const spec = JSON.parse(r.stdout);
      expect(spec.entities[1].position[0] - spec.entities[0].position[0]).toBe(25);
    }
    const r = longtail(['sample', f, '--set=gap=2500 cm', '--set', 'gap=40m']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).entities[1].position[0]).toBe(40);
  });

  it('an unknown parameter exits 2 with one clear line', () => {
    const f = scene('p2.scene', PARAMS);
    const r = longtail(['sample', f, '--set', 'gpa=25 m']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(`--set gpa=25 m: ${f} has no parameter 'gpa'; it has gap; did you mean 'gap'?`);
  });

  it('a value of the wrong type exits 1 with a positioned diagnostic, the value and a caret', () => {
    const f = scene('p3.scene', PARAMS);
    const r = longtail(['sample', f, '--set', 'gap=25 km/h']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').slice(0, 3)).toEqual(["--set gap:1:1: error: parameter 'gap' is a distance, found a speed", '1 | 25 km/h', '    ^^^^^^^']);
  });

  it('a value that does not parse exits 1, positioned in the value', () => {
    const f = scene('p4.scene', PARAMS);
    const r = longtail(['sample', f, '--set', 'gap=(25 m']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--set gap:1:6: error: expected ',' or ')', found end of file");
  });

  it('is listed in the help of sample and capture', () => {
    for (const cmd of ['sample', 'capture']) expect(longtail([cmd, '--help']).stdout).toContain('--set <name=value>');
  });
});


describe('bench', () => {
  it('--no-browser prints the sampling and the node physics figures, and no browser or capture ones', () => {
    const r = longtail(['bench', scene('b.scene', SMALL), '--samples', '20', '--rounds', '1', '--no-browser']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sampling, 20 accepted scenes per scenario/);
    expect(r.stdout).toMatch(/\nsmall +\d+ +\d+ +100\.0% +2\.0\n/);
    expect(r.stdout).toMatch(/\nphysics, 120 Hz: .*1 round of 120 steps/);
    expect(r.stdout).toMatch(/\n +50  node in-process +\d+ +\d+ +[\d.]+ +[\d.]+ +-?[\d.]+% +[\d.]+\n/);
    expect(r.stdout).toMatch(/\n +200  node in-process /);
    expect(r.stdout).not.toContain('browser worker');
    expect(r.stdout).not.toContain('capture,');
  });
});
