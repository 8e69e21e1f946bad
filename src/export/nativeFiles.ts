// The native format's files of a frame, stated once for the writer, the reader and verify, and
// how its float layers are stored: deflated .npz (since issue 11), or the .npy files of data sets
// written before.
import { decodeNpy, type NpyDecoded } from './npy.ts';
import { decodeNpz, type InflateRaw } from './npz.ts';
import { fromFloat16Bits } from './float16.ts';
import { stem } from './exportMath.ts';
import type { FileGetter } from './readFiles.ts';
import type { LayerChoice } from '../capture/index.ts';

/**
 * The float layers: which file holds each (its key in a manifest frame's `files`), the array's name
 * inside an .npz, the key of the older one-array .npy, and the array's channels (shape (h, w) or
 * (h, w, c)). Depth and range share one .npz.
 */
export const FLOAT_LAYERS = {
  depth: { npz: 'depth_npz', member: 'depth', npy: 'depth_npy', channels: 1 },
  range: { npz: 'depth_npz', member: 'range', npy: 'range_npy', channels: 1 },
  normals: { npz: 'normals_npz', member: 'normals', npy: 'normals_npy', channels: 3 },
  flow: { npz: 'flow_npz', member: 'flow', npy: 'flow_npy', channels: 2 },
} as const;
export type FloatLayer = keyof typeof FLOAT_LAYERS;

/**
 * The native files a frame can have, by key, as the native writer names them; a frame's manifest
 * entry lists those written (the layers asked for, capture/layers.ts). Keys of the PNG companions
 * are their layer names with '_' for '-'.
 */
export function nativeFramePaths(camera: string, index: number): Record<string, string> {
  const n = stem(index);
  return {
    rgb: `${camera}/rgb/${n}.png`,
    depth_png: `${camera}/depth/${n}.png`,
    depth_npz: `${camera}/depth/${n}.npz`,
    semantic: `${camera}/semantic/${n}.png`,
    instance: `${camera}/instance/${n}.png`,
    labels: `${camera}/labels/${n}.json`,
    normals_png: `${camera}/normals/${n}.png`,
    normals_npz: `${camera}/normals/${n}.npz`,
    flow_png: `${camera}/flow/${n}.png`,
    flow_npz: `${camera}/flow/${n}.npz`,
  };
}

/** The key in a frame's `files` of the file that holds each layer (capture/layers.ts). */
export const LAYER_FILE_KEYS: Readonly<Record<LayerChoice, string>> = {
  rgb: 'rgb',
  depth: 'depth_npz',
  range: 'depth_npz',
  normals: 'normals_npz',
  flow: 'flow_npz',
  semantic: 'semantic',
  instance: 'instance',
  'depth-png': 'depth_png',
  'normals-png': 'normals_png',
  'flow-png': 'flow_png',
};

/** The .npy paths of data sets written before the .npz (read, never written). */
export function legacyNpyPaths(camera: string, index: number): Record<string, string> {
  const n = stem(index);
  return {
    depth_npy: `${camera}/depth/${n}.npy`,
    range_npy: `${camera}/depth/${n}_range.npy`,
    normals_npy: `${camera}/normals/${n}.npy`,
    flow_npy: `${camera}/flow/${n}.npy`,
  };
}

/**
 * Reads a frame's float layers from its files (a manifest frame's `files`, or the default names),
 * each .npz decoded once. `layer` is undefined when the frame has no file or array for it; a file that is
 * there but wrong (not float32 of shape (h, w[, c]), damaged) throws an Error naming it.
 */
export class FloatLayerReader {
  private readonly npz = new Map<string, Promise<Map<string, NpyDecoded>>>();
  private readonly halves = new Set<FloatLayer>();

  constructor(
    private readonly get: FileGetter,
    private readonly files: Readonly<Record<string, string>>,
    private readonly inflateRaw: InflateRaw | undefined,
    private readonly width: number,
    private readonly height: number,
  ) {}

  /** The file a layer is read from, or undefined when the frame has none. */
  path(layer: FloatLayer): string | undefined {
    const f = FLOAT_LAYERS[layer];
    const npz = this.files[f.npz];
    if (npz !== undefined && this.get(npz) !== undefined) return npz;
    const npy = this.files[f.npy];
    return npy !== undefined && this.get(npy) !== undefined ? npy : undefined;
  }

  /** The layer was stored as float16 (known once `layer` has read it). */
  isFloat16(layer: FloatLayer): boolean {
    return this.halves.has(layer);
  }

  async layer(layer: FloatLayer): Promise<Float32Array | undefined> {
    const f = FLOAT_LAYERS[layer];
    const path = this.path(layer);
    if (path === undefined) return undefined;
    let a: NpyDecoded | undefined;
    try {
      if (path.endsWith('.npz')) {
        if (!this.inflateRaw) throw new Error('reading an .npz needs a raw inflate function');
        if (!this.npz.has(path)) this.npz.set(path, decodeNpz(this.get(path)!, this.inflateRaw));
        a = (await this.npz.get(path)!).get(f.member);
        if (!a) return undefined; // the file holds the other layer only (depth or range, --layers)
      } else a = decodeNpy(this.get(path)!);
    } catch (e) {
      const msg = (e as Error).message;
      throw new Error(msg.startsWith(path) ? msg : `${path}: ${msg}`);
    }
    const shape = f.channels === 1 ? [this.height, this.width] : [this.height, this.width, f.channels];
    const what = path.endsWith('.npz') ? `${path} '${f.member}'` : path;
    if ((a.descr !== '<f4' && a.descr !== '<f2') || a.shape.join(',') !== shape.join(',')) throw new Error(`${what}: ${a.descr} of shape (${a.shape.join(', ')}), expected <f4 (or <f2) of shape (${shape.join(', ')})`);
    if (a.descr === '<f2') this.halves.add(layer);
    return a.descr === '<f2' ? fromFloat16Bits(a.data as Uint16Array) : (a.data as Float32Array);
  }
}
