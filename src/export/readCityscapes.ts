// Reader of the Cityscapes files CityscapesWriter writes.
import type { Inflate } from './png.ts';
import { readJson, readPng, type FileGetter } from './readFiles.ts';
import type { CityscapesLabel } from './CityscapesWriter.ts';
import { CAPTURE_LAYOUT, CITYSCAPES_LABELS_PATH, type FormatLayout, type FramePlace } from './FormatLayout.ts';

export interface CityscapesFrame {
  readonly width: number;
  readonly height: number;
  readonly labelIds: Uint8Array;
  readonly instanceIds: Uint16Array;
  /** Longtail semantic class id per pixel, through labels.json. */
  readonly semantic: Uint8Array;
  /** The leftImg8bit PNG's bytes, if present. */
  readonly image: Uint8Array | undefined;
}

/** Read `cityscapes/labels.json`. */
export function readCityscapesLabels(get: FileGetter): CityscapesLabel[] {
  const labels = readJson<CityscapesLabel[]>(get, CITYSCAPES_LABELS_PATH);
  if (!Array.isArray(labels)) throw new Error(`${CITYSCAPES_LABELS_PATH}: not a list of labels`);
  return labels;
}

/**
 * Read one frame at its place (group, city, sequence, frame: see FormatLayout): labelIds, instanceIds and the semantic image
 * they stand for. Throws if a label id is not in labels.json or an instanceIds value does not
 * belong to its pixel's label (labelId, or labelId·1000 + k for a label with instances).
 */
export async function readCityscapes(get: FileGetter, inflate: Inflate, place: FramePlace, labels: readonly CityscapesLabel[] = readCityscapesLabels(get), layout: FormatLayout = CAPTURE_LAYOUT): Promise<CityscapesFrame> {
  const lPath = layout.cityscapesGt(place, 'labelIds');
  const iPath = layout.cityscapesGt(place, 'instanceIds');
  const [l, ins] = await Promise.all([readPng(get, inflate, lPath, 1, 8), readPng(get, inflate, iPath, 1, 16)]);
  if (l.width !== ins.width || l.height !== ins.height) throw new Error(`${iPath}: ${ins.width}x${ins.height}, but ${lPath} is ${l.width}x${l.height}`);
  const toClass = new Int16Array(256).fill(-1);
  const hasInstances = new Uint8Array(256);
  for (const x of labels) {
    toClass[x.id] = x.longtail_class_id;
    hasInstances[x.id] = x.hasInstances ? 1 : 0;
  }
  const labelIds = l.data as Uint8Array;
  const instanceIds = ins.data as Uint16Array;
  const semantic = new Uint8Array(labelIds.length);
  for (let i = 0; i < labelIds.length; i++) {
    const id = labelIds[i]!;
    const c = toClass[id]!;
    const at = `(${i % l.width}, ${Math.floor(i / l.width)})`;
    if (c < 0) throw new Error(`${lPath}: label id ${id} at ${at} is not in ${CITYSCAPES_LABELS_PATH}`);
    semantic[i] = c;
    const v = instanceIds[i]!;
    if (v !== id && !(hasInstances[id] && Math.floor(v / 1000) === id)) throw new Error(`${iPath}: ${v} at ${at} does not belong to label id ${id}`);
  }
  return { width: l.width, height: l.height, labelIds, instanceIds, semantic, image: get(layout.cityscapesImage(place)) };
}
