// `longtail bench --peer blender`: the message without Blender, and (where Blender is installed)
// Blender's glTF importer and Cycles taking our export as the bench feeds it to them.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BLENDER_MISSING, findOnPath } from '../../src/cli/benchBlender.ts';
import { ROOT } from '../../src/cli/version.ts';
import { runLongtail } from '../helpers/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'longtail-bench-blender-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('bench --peer blender', () => {
  it('without blender on PATH says how to install it and exits non-zero, at once', () => {
    const empty = join(tmp, 'empty-bin');
    mkdirSync(empty);
    const t0 = performance.now();
    const r = runLongtail(tmp, ['bench', '--peer', 'blender'], { PATH: empty });
    expect(r.stderr).toBe(`${BLENDER_MISSING}\n`);
    expect(r.stderr).toContain('apt-get install blender');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(performance.now() - t0).toBeLessThan(20_000); // no capture, no browser
  });

  it('refuses another peer', () => {
    const r = runLongtail(tmp, ['bench', '--peer', 'mitsuba']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("longtail bench: --peer: the peer renderer measured is 'blender', not 'mitsuba'");
  });

  it('finds an executable on a PATH, skipping folders without it and files that are not executable', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((d) => join(tmp, d));
    for (const d of [a!, b!, c!]) mkdirSync(d, { recursive: true });
    writeFileSync(join(b!, 'blender'), '#!/bin/sh\n'); // not executable
    writeFileSync(join(c!, 'blender'), '#!/bin/sh\n');
    chmodSync(join(c!, 'blender'), 0o755);
    expect(findOnPath('blender', [a, b, c].join(delimiter))).toBe(join(c!, 'blender'));
    expect(findOnPath('blender', [a, b].join(delimiter))).toBeNull();
    expect(findOnPath('blender', '')).toBeNull();
  });

  const blender = findOnPath('blender');
  it.skipIf(!blender)("Blender imports the export and renders it from the file's camera (1 sample, 64x48)", () => {
    const glb = join(tmp, 'scene.glb');
    const e = runLongtail(tmp, ['export', join(ROOT, 'scenes', 'deer-crossing-night.scene'), '--seed', '0', '--size', '320x240', '--frame', '19', '--out', glb]);
    expect(e.code, e.stderr).toBe(0);
    const png = join(tmp, 'blender.png');
    const r = spawnSync(blender!, ['-b', '--factory-startup', '--python-exit-code', '1', '--python', join(ROOT, 'scripts', 'blender-render.py'), '--', glb, png, '1', '64x48'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stdout.slice(-2000) + r.stderr.slice(-2000)).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.startsWith('LONGTAIL_BLENDER '));
    expect(line).toBeDefined();
    const report = JSON.parse(line!.slice('LONGTAIL_BLENDER '.length));
    expect(report).toMatchObject({ samples: 1, device: 'CPU', width: 64, height: 48, objects: { cameras: 1 } });
    expect(report.objects.lights).toBeGreaterThanOrEqual(3); // moon and two cars' headlights
    expect(report.objects.meshes).toBeGreaterThan(20);
    expect(report.render_s).toBeGreaterThan(0);
    expect(existsSync(png)).toBe(true);
    // The glTF importer's complaints would show here (and in the bench): none expected.
    expect(r.stdout + r.stderr).not.toMatch(/Traceback|Error:/);
  }, 180_000);
});
