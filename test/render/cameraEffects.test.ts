// The camera effects' arithmetic that runs on the CPU, checked by hand: the tone curve's mirror,
// JPEG quantisation tables, the drops and dirt on the lens, the noise seeds, and how a scenario's
// camera block resolves into CameraSpec.effects. The GPU side is tested in real Chromium
// (test/browser/cameraEffects.test.ts).
import { describe, expect, it } from 'vitest';
import { noiseSeed } from '../../src/render/cameraEffects.ts';
import { CHROMA_TABLE, compressRgba, jpegQuality, LUMA_TABLE, scaledTable } from '../../src/render/effects/compression.ts';
import { DROP_VIEW, lensDirt, lensDropMap, lensDrops, MAX_DROPS } from '../../src/render/effects/lens.ts';
import { toneMap, untoneGrey, untoneMap } from '../../src/render/effects/toneMap.ts';
import { DEFAULT_CAMERA_EFFECTS } from '../../src/scenario/index.ts';
import { minimal, sampleSnippet, samplingErrorsOf, diagnosticsOf } from '../helpers/scenario.ts';

describe('tone curve (three.js ACES filmic + sRGB)', () => {
  it('maps black to black and saturates bright light at white', () => {
    expect(toneMap([0, 0, 0])).toEqual([0, 0, 0]);
    for (const c of toneMap([100, 100, 100])) expect(c).toBeCloseTo(1, 2);
  });

  it('keeps grey grey and gives mid grey its hand-computed value', () => {
    // 0.18 / 0.6 = 0.3 through RRTAndODTFit: (0.3·(0.3 + 0.0245786) − 0.000090537) / (0.3·(0.983729·0.3 + 0.432951) + 0.238081)
    // = 0.097283 / 0.456502 = 0.213106 (the colour matrices' rows sum to 1: grey stays grey);
    // sRGB: 1.055 · 0.213106^0.41666 − 0.055 = 1.055 · 0.525095 − 0.055 = 0.49898.
    const [r, g, b] = toneMap([0.18, 0.18, 0.18]);
    expect(r).toBeCloseTo(0.49898, 4);
    expect(g).toBeCloseTo(r, 5); // the printed matrices' sums are 1 to 5 decimals
    expect(b).toBeCloseTo(r, 5);
  });

  it('is undone by untoneMap and untoneGrey', () => {
    for (const x of [0.01, 0.05, 0.18, 0.5, 1.5]) expect(untoneGrey(toneMap([x, x, x])[0]) / x).toBeCloseTo(1, 4);
    for (const c of [[0.3, 0.1, 0.05], [0.02, 0.2, 0.6], [1.2, 0.9, 0.4]] as [number, number, number][]) {
      untoneMap(toneMap(c)).forEach((x, i) => expect(x / c[i]!).toBeCloseTo(1, 6));
    }
  });
});

describe('JPEG-like compression tables', () => {
  it('quality falls linearly with strength: 100 − 95 × strength', () => {
    expect(jpegQuality(0)).toBe(100);
    expect(jpegQuality(0.5)).toBe(53); // 52.5 rounds up
    expect(jpegQuality(1)).toBe(5);
  });

  it('scales the standard tables as libjpeg does', () => {
    // Quality 50: scale 100, the tables as printed in ITU T.81 Annex K.
    expect(scaledTable(LUMA_TABLE, 50)).toEqual(LUMA_TABLE);
    // Quality 100: scale 0, every entry clamps to 1 (no quantisation).
    expect(new Set(scaledTable(CHROMA_TABLE, 100))).toEqual(new Set([1]));
    // Quality 10: scale 5000 / 10 = 500, so 16 → floor((16·500 + 50) / 100) = 80; 99 → 495 clamps to 255.
    const q10 = scaledTable(LUMA_TABLE, 10);
    expect(q10[0]).toBe(80);
    expect(q10[1]).toBe(55);
    expect(scaledTable(CHROMA_TABLE, 10)[63]).toBe(255);
    // Quality 75: scale 50, 16 → floor((800 + 50) / 100) = 8.
    expect(scaledTable(LUMA_TABLE, 75)[0]).toBe(8);
  });
});

describe('JPEG-like compression of an image', () => {
  // A 64×48 RGBA image, rows bottom-up as WebGL reads them: a smooth diagonal grey ramp.
  const [w, h] = [64, 48];
  const ramp = () => {
    const img = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img.fill(Math.round(40 + 2 * x + 1.5 * y), (y * w + x) * 4, (y * w + x) * 4 + 3);
    return img;
  };
  /** Mean |step| between horizontal neighbours across 8-pixel block borders, over that inside blocks (image columns). */
  const blockiness = (img: Uint8Array) => {
    let [border, inner, nb, ni] = [0, 0, 0, 0];
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w - 1; x++) {
        const d = Math.abs(img[(y * w + x) * 4]! - img[(y * w + x + 1) * 4]!);
        if (x % 8 === 7) (border += d), nb++;
        else (inner += d), ni++;
      }
    }
    return border / nb / (inner / ni);
  };

  it('at quality 100 keeps a grey image to within 1 level', () => {
    const img = ramp();
    const before = img.slice();
    compressRgba(img, w, h, 100);
    for (let i = 0; i < img.length; i++) expect(Math.abs(img[i]! - before[i]!)).toBeLessThanOrEqual(1);
  });

  it('at quality 5 turns the ramp into 8×8 blocks, leaving alpha alone', () => {
    const img = ramp();
    expect(blockiness(img)).toBeCloseTo(1, 1);
    for (let i = 3; i < img.length; i += 4) img[i] = 77;
    compressRgba(img, w, h, 5);
    expect(blockiness(img)).toBeGreaterThan(3);
    for (let i = 3; i < img.length; i += 4) expect(img[i]).toBe(77);
  });

  it('aligns the blocks to the top-left corner of the image (rows bottom-up in memory)', () => {
    // 20 rows: the top image row is the last in memory. At quality 50 (the standard tables, DC step
    // 16) a flat block of 60 or 180 survives exactly: its DC 8 × (v − 128) is a multiple of 16. A step
    // between image rows 7 and 8 is a block border, so it survives exactly; between rows 3 and 4 it
    // falls inside a block and rings.
    const [W, H] = [16, 20];
    const stepAt = (row: number) => {
      const img = new Uint8Array(W * H * 4);
      for (let r = 0; r < H; r++) img.fill(r < row ? 60 : 180, (H - 1 - r) * W * 4, (H - r) * W * 4);
      compressRgba(img, W, H, 50);
      return img;
    };
    const aligned = stepAt(8);
    // Image row 0 is memory row H − 1.
    for (let r = 0; r < H; r++) expect(aligned[(H - 1 - r) * W * 4], `row ${r}`).toBe(r < 8 ? 60 : 180);
    const inside = stepAt(4);
    expect(new Set(Array.from({ length: 8 }, (_, r) => inside[(H - 1 - r) * W * 4])).size).toBeGreaterThan(2); // ringing inside the block
  });
});

describe('raindrops on the lens', () => {
  it('6 drops at full strength when dry, 40 in a downpour, none at 0', () => {
    expect(lensDrops(7, 'front', 1, 0)).toHaveLength(6);
    expect(lensDrops(7, 'front', 1, 1)).toHaveLength(MAX_DROPS);
    expect(lensDrops(7, 'front', 0.5, 0.5)).toHaveLength(Math.round(0.5 * (6 + 17)));
    expect(lensDrops(7, 'front', 0, 1)).toHaveLength(0);
  });

  it('are the same for the same seed and camera, different for another camera or seed', () => {
    expect(lensDrops(7, 'front', 1, 1)).toEqual(lensDrops(7, 'front', 1, 1));
    expect(lensDrops(7, 'rear', 1, 1)).not.toEqual(lensDrops(7, 'front', 1, 1));
    expect(lensDrops(8, 'front', 1, 1)).not.toEqual(lensDrops(7, 'front', 1, 1));
  });

  it('more rain adds drops without moving the ones already there', () => {
    const few = lensDrops(3, 'front', 1, 0);
    expect(lensDrops(3, 'front', 1, 1).slice(0, few.length)).toEqual(few);
  });

  it('radii are 1 % to 5 % of the image height, centres inside the image', () => {
    for (const d of lensDrops(11, 'front', 1, 1)) {
      expect(d.radius).toBeGreaterThanOrEqual(0.01);
      expect(d.radius).toBeLessThanOrEqual(0.05);
      for (const c of [d.x, d.y]) expect(c >= 0 && c < 1).toBe(true);
    }
  });

  it('each drop shows an inverted, reduced picture of the scene around it', () => {
    // One drop of radius 0.25 (of the height) centred in a 40×20 image: 5 px tall, 10 px wide in uv.
    const [w, h] = [40, 20];
    const map = lensDropMap([{ x: 0.5, y: 0.5, radius: 0.25 }], w, h);
    const at = (x: number, y: number) => Array.from(map.subarray((y * w + x) * 4, (y * w + x) * 4 + 4));
    // Pixel (20, 12): uv (20.5/40, 12.5/20) = (0.5125, 0.625); rows run bottom-up, so it is above the centre.
    // In the drop's disc: rel = ((0.0125·2) / 0.25, 0.125 / 0.25) = (0.1, 0.5), q = 0.26.
    // It shows the point centre − rel · 0.25 · DROP_VIEW / (aspect, 1): (0.5 − 0.05, 0.5 − 0.5) = (0.45, 0).
    const [dx, dy, coverage, shade] = at(20, 12);
    expect(0.5125 + dx!).toBeCloseTo(0.5 - (0.1 * 0.25 * DROP_VIEW) / 2, 6);
    expect(0.625 + dy!).toBeCloseTo(0.5 - 0.5 * 0.25 * DROP_VIEW, 6);
    expect(coverage).toBe(1); // q well inside 0.85
    expect(shade).toBeCloseTo(1.1, 6); // inside 0.55: no rim darkening
    // Outside the disc: untouched.
    expect(at(0, 0)).toEqual([0, 0, 0, 0]);
    expect(at(20, 19)).toEqual([0, 0, 0, 0]); // rel y = (0.975 − 0.5) / 0.25 = 1.9
  });
});

describe('dirt on the lens', () => {
  it('is 256 texels wide at the image aspect, the same for the same seed and camera', () => {
    const a = lensDirt(7, 'front', 4 / 3);
    expect([a.width, a.height]).toEqual([256, 192]);
    expect(a.data).toEqual(lensDirt(7, 'front', 4 / 3).data);
    expect(a.data).not.toEqual(lensDirt(7, 'rear', 4 / 3).data);
  });

  it('covers part of the lens, not all of it', () => {
    const { data } = lensDirt(7, 'front', 4 / 3);
    const dirty = data.filter((v) => v > 0).length / data.length;
    expect(dirty).toBeGreaterThan(0.05);
    expect(dirty).toBeLessThan(0.9);
    expect(Math.max(...data)).toBeGreaterThan(100); // some specks are dense
  });
});

describe('sensor noise seeds', () => {
  it('depend on seed, camera and frame, and nothing else', () => {
    expect(noiseSeed(7, 'front', 3)).toEqual(noiseSeed(7, 'front', 3));
    expect(noiseSeed(7, 'front', 4)).not.toEqual(noiseSeed(7, 'front', 3));
    expect(noiseSeed(7, 'rear', 3)).not.toEqual(noiseSeed(7, 'front', 3));
    expect(noiseSeed(8, 'front', 3)).not.toEqual(noiseSeed(7, 'front', 3));
    for (const w of noiseSeed(7, 'front', 3)) expect(Number.isInteger(w) && w >= 0 && w < 2 ** 32).toBe(true);
  });
});

describe('camera effects in the scenario language', () => {
  const effectsOf = (props: string, seed = 0) => sampleSnippet(`ego car {\n  on lane 1\n  camera front {\n${props}\n  }\n}\n`, seed).cameras[0]!.effects;

  it('default: exposure auto, every other effect off', () => {
    expect(sampleSnippet(minimal(), 0).cameras[0]!.effects).toEqual(DEFAULT_CAMERA_EFFECTS);
    expect(DEFAULT_CAMERA_EFFECTS).toEqual({ exposure: 'auto', ev: 0, noise: 0, motionBlur: 0, flare: 0, lensDrops: 0, lensDirt: 0, vignetting: 0, compression: 0 });
  });

  it('every property, by name', () => {
    const fx = effectsOf(
      ['exposure: fixed', 'ev: -1.5', 'noise: 0.1', 'motion_blur: 0.2', 'flare: 0.3', 'lens_drops: 0.4', 'lens_dirt: 0.5', 'vignetting: 0.6', 'compression: 0.7'].join('\n'),
    );
    expect(fx).toEqual({ exposure: 'fixed', ev: -1.5, noise: 0.1, motionBlur: 0.2, flare: 0.3, lensDrops: 0.4, lensDirt: 0.5, vignetting: 0.6, compression: 0.7 });
  });

  it('randomised like any value', () => {
    const draws = [0, 1, 2, 3, 4, 5].map((seed) => effectsOf('noise: uniform(0.2, 0.4)\nexposure: choice(auto, fixed)', seed)!);
    for (const d of draws) expect(d.noise >= 0.2 && d.noise <= 0.4).toBe(true);
    expect(new Set(draws.map((d) => d.noise)).size).toBeGreaterThan(1);
    expect(new Set(draws.map((d) => d.exposure))).toEqual(new Set(['auto', 'fixed']));
  });

  it('strengths are 0..1 and ev −8..8', () => {
    const text = (p: string) => `ego car {\n  on lane 1\n  camera front { ${p} }\n}\n`;
    expect(samplingErrorsOf(text('vignetting: 1.5'))).toEqual(['snippet.scene:3:30: vignetting 1.5 is out of range; expected 0 to 1']);
    expect(samplingErrorsOf(text('ev: 9'))).toEqual(['snippet.scene:3:22: ev 9 is out of range; expected -8 to 8']);
    expect(diagnosticsOf(text('exposure: manual'))[0]).toMatch(/expected 'auto' or 'fixed', found 'manual'/);
  });

  it('adding effects changes no other value of the camera', () => {
    const plain = sampleSnippet(minimal(), 5).cameras[0]!;
    const withFx = sampleSnippet(`ego car {\n  on lane 1\n  camera ego_camera { noise: uniform(0, 1) }\n}\n`, 5).cameras[0]!;
    expect({ ...withFx, effects: undefined }).toEqual({ ...plain, effects: undefined });
  });
});
