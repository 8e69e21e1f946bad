// The page → node payload: what encodeFrameParts sends as one Blob decodes to the same record,
// with absent layers absent, arrays viewed in place when the body is aligned, copied when not.
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, encodeFrameParts, type FrameRecord } from '../../src/capture/index.ts';

function record(layers: 'all' | 'labels'): FrameRecord {
  const w = 3;
  const h = 2;
  const n = w * h;
  return {
    index: 7,
    time: 0.7,
    camera: 'front',
    width: w,
    height: h,
    ...(layers === 'all'
      ? {
          rgb: Uint8Array.from({ length: n * 3 }, (_, i) => i * 11),
          depth: Float32Array.from({ length: n }, (_, i) => i * 1.5),
          normals: Float32Array.from({ length: n * 3 }, (_, i) => i / 7),
          flow: Float32Array.from({ length: n * 2 }, (_, i) => (i % 3 ? i - 0.25 : NaN)),
        }
      : {}),
    semantic: Uint8Array.from([0, 1, 2, 3, 4, 5]),
    instance: Uint16Array.from([0, 0, 300, 300, 0, 1]),
    intrinsics: { fx: 2, fy: 2, cx: 1.5, cy: 1 },
    cameraToWorld: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
    objects: [],
    events: [{ name: 'e', time: null }],
    collisions: [],
  };
}

const arrays = (r: FrameRecord) => Object.fromEntries(Object.entries(r).filter(([, v]) => ArrayBuffer.isView(v)).map(([k, v]) => [k, Array.from(v as ArrayLike<number>)]));

describe('frame payload', () => {
  it('round-trips every layer, and leaves absent layers absent', () => {
    for (const kind of ['all', 'labels'] as const) {
      const rec = record(kind);
      const back = decodeFrame(encodeFrame(rec));
      expect(arrays(back)).toEqual(arrays(rec));
      expect(back.events).toEqual(rec.events);
      if (kind === 'labels') expect([back.rgb, back.depth, back.normals, back.flow]).toEqual([undefined, undefined, undefined, undefined]);
    }
  });

  it('sends the arrays as parts (no copy), each at an 8-byte aligned offset', () => {
    const rec = record('all');
    const parts = encodeFrameParts(rec);
    expect(parts[0]!.length % 8).toBe(0);
    expect(parts.some((p) => p.buffer === rec.depth!.buffer)).toBe(true);
    let offset = 0;
    for (const p of parts) {
      if (p.buffer === rec.depth!.buffer || p.buffer === rec.normals!.buffer) expect(offset % 8).toBe(0);
      offset += p.length;
    }
    expect(offset).toBe(encodeFrame(rec).length);
  });

  it('views the arrays in place in an aligned body, and copies them out of a misaligned one', () => {
    const bytes = encodeFrame(record('all'));
    const inPlace = decodeFrame(bytes);
    expect(inPlace.depth!.buffer).toBe(bytes.buffer);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const odd = decodeFrame(shifted.subarray(1));
    expect(odd.depth!.buffer).not.toBe(shifted.buffer);
    expect(arrays(odd)).toEqual(arrays(inPlace));
  });
});
