// Reader of the COCO panoptic files CocoPanopticWriter writes.
import type { Inflate } from './png.ts';
import { readJson, readPng, type FileGetter } from './readFiles.ts';
import type { PanopticSegment } from './CocoPanopticWriter.ts';
import { CAPTURE_LAYOUT, type FormatLayout } from './FormatLayout.ts';
import type { CocoImageEntry } from './readCoco.ts';
import { PANOPTIC_STUFF_OFFSET } from './CocoPanopticWriter.ts';

export interface PanopticCategory {
  readonly id: number;
  readonly name: string;
  readonly supercategory: string;
  readonly isthing: 0 | 1;
  readonly color: [number, number, number];
}

export interface PanopticDoc {
  readonly info: Readonly<Record<string, unknown>>;
  readonly images: readonly CocoImageEntry[];
  readonly annotations: readonly { readonly image_id: number; readonly file_name: string; readonly segments_info: readonly PanopticSegment[] }[];
  readonly categories: readonly PanopticCategory[];
}

export interface PanopticFrame {
  readonly width: number;
  readonly height: number;
  /** Segment id per pixel (R + 256·G + 256²·B), 0 = void. */
  readonly ids: Uint32Array;
  readonly segments: readonly PanopticSegment[];
  /** Category id per pixel through segments_info (0 = void): the semantic image. */
  readonly semantic: Uint8Array;
  /** Segment id on pixels of non-crowd thing segments, else 0: the instance image. */
  readonly instance: Uint16Array;
}

/** Read a group's `coco/panoptic_<camera or split>.json`. */
export function readPanopticJson(get: FileGetter, group: string, layout: FormatLayout = CAPTURE_LAYOUT): PanopticDoc {
  const path = layout.panopticJson(group);
  const doc = readJson<PanopticDoc>(get, path);
  if (!Array.isArray(doc.images) || !Array.isArray(doc.annotations) || !Array.isArray(doc.categories)) throw new Error(`${path}: not COCO panoptic (images, annotations and categories lists)`);
  return doc;
}

/**
 * Read one frame's panoptic PNG and segments. Throws if a pixel's segment id is not in its
 * segments_info or a listed segment has no pixels.
 */
export async function readPanoptic(get: FileGetter, inflate: Inflate, group: string, index: number, doc: PanopticDoc = readPanopticJson(get, group), layout: FormatLayout = CAPTURE_LAYOUT): Promise<PanopticFrame> {
  const jsonPath = layout.panopticJson(group);
  const ann = doc.annotations.find((a) => a.image_id === index);
  if (!ann) throw new Error(`${jsonPath}: no annotation for image ${index}`);
  const path = `${layout.panopticDir(group)}/${ann.file_name}`;
  const img = await readPng(get, inflate, path, 3, 8);
  const n = img.width * img.height;
  const rgb = img.data as Uint8Array;
  const ids = new Uint32Array(n);
  for (let i = 0; i < n; i++) ids[i] = rgb[i * 3]! + 256 * rgb[i * 3 + 1]! + 65536 * rgb[i * 3 + 2]!;
  const thing = new Map(doc.categories.map((c) => [c.id, c.isthing === 1]));
  const seg = new Map(ann.segments_info.map((s) => [s.id, s]));
  const seen = new Set<number>();
  const semantic = new Uint8Array(n);
  const instance = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    if (id === 0) continue;
    const s = seg.get(id);
    if (!s) throw new Error(`${path}: pixel (${i % img.width}, ${Math.floor(i / img.width)}) has segment id ${id}, not in segments_info of image ${index}`);
    seen.add(id);
    semantic[i] = s.category_id;
    // Instance segments carry the instance id (crowd ones too: objects too faint or small to see);
    // ids from PANOPTIC_STUFF_OFFSET up are a class's pixels without an instance.
    if (thing.get(s.category_id) && id < PANOPTIC_STUFF_OFFSET) instance[i] = id;
  }
  for (const s of ann.segments_info) if (!seen.has(s.id)) throw new Error(`${jsonPath}: segment ${s.id} of image ${index} has no pixels in ${path}`);
  return { width: img.width, height: img.height, ids, segments: ann.segments_info, semantic, instance };
}
