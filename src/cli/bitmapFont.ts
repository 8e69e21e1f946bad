// A 3×5 pixel font for labelling contact sheets: no font files, no text rendering engine, the same
// pixels everywhere. Lower-case letters, digits and a little punctuation; other characters are blank.

// Each glyph: five rows of three cells, top to bottom, '#' lit.
const GLYPHS: Readonly<Record<string, string>> = {
  '0': '### #.# #.# #.# ###', '1': '.#. ##. .#. .#. ###', '2': '### ..# ### #.. ###', '3': '### ..# .## ..# ###',
  '4': '#.# #.# ### ..# ..#', '5': '### #.. ### ..# ###', '6': '### #.. ### #.# ###', '7': '### ..# ..# .#. .#.',
  '8': '### #.# ### #.# ###', '9': '### #.# ### ..# ###', a: '.#. #.# ### #.# #.#', b: '##. #.# ##. #.# ##.',
  c: '.## #.. #.. #.. .##', d: '##. #.# #.# #.# ##.', e: '### #.. ##. #.. ###', f: '### #.. ##. #.. #..',
  g: '.## #.. #.# #.# .##', h: '#.# #.# ### #.# #.#', i: '### .#. .#. .#. ###', j: '..# ..# ..# #.# .#.',
  k: '#.# #.# ##. #.# #.#', l: '#.. #.. #.. #.. ###', m: '#.# ### ### #.# #.#', n: '##. #.# #.# #.# #.#',
  o: '.#. #.# #.# #.# .#.', p: '##. #.# ##. #.. #..', q: '.#. #.# #.# ##. .##', r: '##. #.# ##. #.# #.#',
  s: '.## #.. .#. ..# ##.', t: '### .#. .#. .#. .#.', u: '#.# #.# #.# #.# ###', v: '#.# #.# #.# #.# .#.',
  w: '#.# #.# ### ### #.#', x: '#.# #.# .#. #.# #.#', y: '#.# #.# .#. .#. .#.', z: '### ..# .#. #.. ###',
  '-': '... ... ### ... ...', '=': '... ### ... ### ...', '#': '#.# ### #.# ### #.#', '.': '... ... ... ... .#.',
  '_': '... ... ... ... ###', ':': '... .#. ... .#. ...', '/': '..# ..# .#. #.. #..',
};

/** Width and height of one glyph cell in font pixels, with one pixel of spacing after it. */
export const GLYPH_W = 4;
export const GLYPH_H = 5;

/** Whether font pixel (x, y) of `ch` is set (x in 0..2, y in 0..4). */
function lit(ch: string, x: number, y: number): boolean {
  return GLYPHS[ch.toLowerCase()]?.[y * 4 + x] === '#';
}

/** Width in image pixels of `text` drawn at `scale`. */
export function textWidth(text: string, scale: number): number {
  return text.length * GLYPH_W * scale;
}

/**
 * Draw `text` into an RGB image (3 bytes a pixel, `width` wide) with its top-left at (x, y), each
 * font pixel a `scale`×`scale` square of `color`; pixels outside the image are skipped.
 */
export function drawText(rgb: Uint8Array, width: number, height: number, text: string, x: number, y: number, scale: number, color: readonly [number, number, number]): void {
  for (let c = 0; c < text.length; c++) {
    for (let gy = 0; gy < GLYPH_H; gy++) {
      for (let gx = 0; gx < 3; gx++) {
        if (!lit(text[c]!, gx, gy)) continue;
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) {
            const px = x + (c * GLYPH_W + gx) * scale + dx;
            const py = y + gy * scale + dy;
            if (px < 0 || py < 0 || px >= width || py >= height) continue;
            rgb.set(color, (py * width + px) * 3);
          }
        }
      }
    }
  }
}
