// COCO's uncompressed run-length encoding of a binary mask.

/** An uncompressed COCO RLE: `size` is [height, width]; `counts` alternate runs of 0 and 1 in column-major order, starting with 0s. */
export interface Rle {
  readonly size: [number, number];
  readonly counts: number[];
}

/**
 * RLE of the pixels where `ids` (row-major, top row first) equals `id`, in COCO's order: down
 * each column, left column first. The first count is the run of zeros (0 if the mask starts set).
 */
export function encodeRle(ids: ArrayLike<number>, width: number, height: number, id: number): Rle {
  const counts: number[] = [];
  let want = false; // the value the current run counts
  let run = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const on = ids[y * width + x] === id;
      if (on !== want) {
        counts.push(run);
        run = 0;
        want = on;
      }
      run++;
    }
  }
  counts.push(run);
  return { size: [height, width], counts };
}

/** Decode an uncompressed COCO RLE into a row-major 0/1 mask (top row first). */
export function decodeRle(rle: Rle): Uint8Array {
  const [h, w] = rle.size;
  const mask = new Uint8Array(w * h);
  let k = 0; // column-major position
  let on = 0;
  for (const c of rle.counts) {
    if (on) {
      for (let i = k; i < k + c; i++) mask[(i % h) * w + Math.floor(i / h)] = 1;
    }
    k += c;
    on ^= 1;
  }
  if (k !== w * h) throw new Error(`RLE counts sum to ${k}, not ${w}×${h} = ${w * h}`);
  return mask;
}

/** Number of set pixels of an RLE. */
export function rleArea(rle: Rle): number {
  let a = 0;
  for (let i = 1; i < rle.counts.length; i += 2) a += rle.counts[i]!;
  return a;
}
