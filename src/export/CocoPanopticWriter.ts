import { CLASSES, classById } from '../core/index.ts';
import type { LabelFrame } from '../capture/index.ts';
import type { DatasetSink } from './DatasetSink.ts';
import { encodePng, type Deflate } from './png.ts';
import { formatJson } from './json.ts';
import { stem } from './exportMath.ts';
import { classColor } from './CityscapesWriter.ts';
import { CocoGroups, cocoDocument, cocoImage } from './CocoWriter.ts';
import { CAPTURE_LAYOUT, type FormatLayout, type FramePlace } from './FormatLayout.ts';
import { DEFAULT_LABEL_RULE, isOrdinary, type LabelRule } from './exportMath.ts';

/** Segment id of a stuff class's segment: this plus the class id (thing segments: the instance id). */
export const PANOPTIC_STUFF_OFFSET = 65536;

export interface PanopticSegment {
  id: number;
  category_id: number;
  /** 0; 1 only for pixels of a thing class that carry no instance id (a crowd segment per class). */
  iscrowd: 0 | 1;
  bbox: [number, number, number, number];
  area: number;
}

const isThingId = (id: number): boolean => {
  const c = classById(id);
  return c !== undefined && c.category !== 'void' && c.category !== 'surface';
};

/**
 * The panoptic segmentation of a frame: per pixel its segment id (0 where the semantic id is 0,
 * void; the instance id on instance pixels; PANOPTIC_STUFF_OFFSET + class id elsewhere) and every
 * segment with its exact box and area, by id.
 */
export function panopticSegments(rec: LabelFrame): { ids: Uint32Array; segments: PanopticSegment[] } {
  const { width: w, height: h } = rec;
  const n = w * h;
  const ids = new Uint32Array(n);
  const size = PANOPTIC_STUFF_OFFSET + 256;
  const cat = new Int16Array(size).fill(-1);
  const x0 = new Int32Array(size).fill(w);
  const y0 = new Int32Array(size).fill(h);
  const x1 = new Int32Array(size).fill(-1);
  const y1 = new Int32Array(size).fill(-1);
  const area = new Uint32Array(size);
  const sem = rec.semantic;
  const inst = rec.instance;
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i++) {
      const s = sem[i]!;
      if (s === 0) continue;
      const id = inst[i] || PANOPTIC_STUFF_OFFSET + s;
      const c = cat[id]!;
      if (c < 0) {
        if (!classById(s)) throw new Error(`COCO panoptic export: frame ${rec.index} of camera '${rec.camera}' has semantic id ${s} at (${x}, ${y}), which is no Longtail class`);
        cat[id] = s;
      } else if (c !== s) {
        throw new Error(`COCO panoptic export: frame ${rec.index} of camera '${rec.camera}': instance ${id} has pixels of classes ${c} and ${s} (at (${x}, ${y}))`);
      }
      ids[i] = id;
      area[id]!++;
      if (x < x0[id]!) x0[id] = x;
      if (x > x1[id]!) x1[id] = x;
      if (y < y0[id]!) y0[id] = y;
      if (y > y1[id]!) y1[id] = y;
    }
  }
  const segments: PanopticSegment[] = [];
  for (let id = 1; id < size; id++) {
    if (area[id] === 0) continue;
    segments.push({
      id,
      category_id: cat[id]!,
      iscrowd: id >= PANOPTIC_STUFF_OFFSET && isThingId(cat[id]!) ? 1 : 0,
      bbox: [x0[id]!, y0[id]!, x1[id]! - x0[id]! + 1, y1[id]! - y0[id]! + 1],
      area: area[id]!,
    });
  }
  return { ids, segments };
}

/** Segment ids as COCO panoptic RGB: id = R + 256·G + 256²·B. */
export function panopticRgb(ids: Uint32Array): Uint8Array {
  const out = new Uint8Array(ids.length * 3);
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i]!;
    out[i * 3] = v & 255;
    out[i * 3 + 1] = (v >>> 8) & 255;
    out[i * 3 + 2] = (v >>> 16) & 255;
  }
  return out;
}


/**
 * COCO panoptic segmentation, per camera: `coco/panoptic_<camera>.json` (written at finish) and
 * per frame `coco/panoptic_<camera>/NNNNNN.png`, RGB-coded segment ids (panopticSegments). Every
 * non-void class is a category (`isthing` 1 for things, 0 for the surface classes).
 */
export class CocoPanopticWriter {
  private readonly groups: CocoGroups<{ image_id: number; file_name: string; segments_info: PanopticSegment[] }>;

  constructor(
    private readonly sink: DatasetSink,
    private readonly deflate: Deflate,
    private readonly layout: FormatLayout = CAPTURE_LAYOUT,
    groups: readonly string[] = [],
    private readonly rule: LabelRule = DEFAULT_LABEL_RULE,
  ) {
    this.groups = new CocoGroups(groups);
  }

  async addFrame(rec: LabelFrame, place: FramePlace): Promise<void> {
    const g = place.group;
    const { ids, segments: all } = panopticSegments(rec);
    // Objects too faint or too small to see are crowd (ignore) segments, as in the instances file.
    const ignored = new Set(rec.objects.filter((o) => o.pixels > 0 && !isOrdinary(o, this.rule)).map((o) => o.id));
    const segments = all.map((sg) => (ignored.has(sg.id) ? { ...sg, iscrowd: 1 as const } : sg));
    const group = this.groups.of(g);
    group.images.push(cocoImage(rec, place));
    const file = `${stem(place.id)}.png`;
    group.annotations.push({ image_id: place.id, file_name: file, segments_info: segments });
    const png = await encodePng({ width: rec.width, height: rec.height, channels: 3, bitDepth: 8, data: panopticRgb(ids) }, this.deflate, 'none');
    await this.sink.write(`${this.layout.panopticDir(g)}/${file}`, png);
  }

  async finish(): Promise<void> {
    const categories = CLASSES.filter((c) => c.category !== 'void').map((c) => ({
      id: c.id,
      name: c.name,
      supercategory: c.category,
      isthing: c.category === 'surface' ? 0 : 1,
      color: classColor(c),
    }));
    for (const { group: g, images, annotations: all } of this.groups.sorted()) {
      const what = this.layout.kind === 'capture' ? `camera ${g}` : `split ${g}`;
      const annotations = [...all].sort((a, b) => a.image_id - b.image_id);
      await this.sink.write(this.layout.panopticJson(g), formatJson(cocoDocument(`Longtail data set, ${what}, panoptic`, images, annotations, categories)));
    }
  }
}
