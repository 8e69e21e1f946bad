// Reader of the COCO instances files CocoWriter writes.
import { decodeRle, type Rle } from './rle.ts';
import { readJson, type FileGetter } from './readFiles.ts';
import type { CocoExtra } from './CocoWriter.ts';
import { CAPTURE_LAYOUT, type FormatLayout } from './FormatLayout.ts';

export interface CocoImageEntry {
  readonly id: number;
  readonly file_name: string;
  readonly width: number;
  readonly height: number;
  readonly camera: string;
  readonly time: number;
}

export interface CocoAnnotationEntry extends Readonly<CocoExtra> {
  readonly id: number;
  readonly image_id: number;
  readonly category_id: number;
  readonly bbox: [number, number, number, number];
  readonly area: number;
  readonly iscrowd: 0 | 1;
  readonly segmentation: Rle;
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface CocoInstances {
  readonly info: Readonly<Record<string, unknown>>;
  readonly images: readonly CocoImageEntry[];
  readonly annotations: readonly CocoAnnotationEntry[];
  readonly categories: readonly { readonly id: number; readonly name: string; readonly supercategory: string }[];
}

/** Read the COCO instances file of a group: `coco/instances_<camera>.json` of a capture, `coco/<split>.json` of a data set. */
export function readCoco(get: FileGetter, group: string, layout: FormatLayout = CAPTURE_LAYOUT): CocoInstances {
  const path = layout.coco(group);
  const doc = readJson<CocoInstances>(get, path);
  if (!Array.isArray(doc.images) || !Array.isArray(doc.annotations) || !Array.isArray(doc.categories)) throw new Error(`${path}: not COCO instances (images, annotations and categories lists)`);
  return doc;
}

/** An annotation's mask, row-major 0/1, top row first. */
export function cocoMask(a: CocoAnnotationEntry): Uint8Array {
  return decodeRle(a.segmentation);
}

/** The annotations of one image (frame index), in file order. */
export function cocoAnnotationsOf(doc: CocoInstances, imageId: number): CocoAnnotationEntry[] {
  return doc.annotations.filter((a) => a.image_id === imageId);
}
