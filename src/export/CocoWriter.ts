import { THING_CLASSES } from '../core/index.ts';
import type { LabelFrame, ObjectLabel } from '../capture/index.ts';
import type { DatasetSink } from './DatasetSink.ts';
import { formatJson } from './json.ts';
import { encodeRle, type Rle } from './rle.ts';
import { DEFAULT_LABEL_RULE, isOrdinary, r6, seenObjects, type LabelRule } from './exportMath.ts';
import { CAPTURE_LAYOUT, type FormatLayout, type FramePlace } from './FormatLayout.ts';

/** A COCO `images` entry: the frame's native RGB PNG (path from the data set root). */
export interface CocoImage {
  id: number;
  file_name: string;
  width: number;
  height: number;
  camera: string;
  time: number;
}

/** The COCO image entry of a frame (instances and panoptic files list the same images). */
export function cocoImage(rec: LabelFrame, place: FramePlace): CocoImage {
  return { id: place.id, file_name: place.image, width: rec.width, height: rec.height, camera: rec.camera, time: r6(rec.time) };
}

/** The COCO document around a file's images and annotations (instances and panoptic alike). */
export function cocoDocument(description: string, images: readonly unknown[], annotations: readonly unknown[], categories: readonly unknown[]): Record<string, unknown> {
  return { info: { description, version: '1.0' }, licenses: [], images, annotations, categories };
}

/**
 * A COCO file's images and annotations per group (camera or split); the groups given at the start
 * are there even if no frame lands in them (an empty split still gets its file).
 */
export class CocoGroups<A> {
  private readonly map = new Map<string, { images: CocoImage[]; annotations: A[] }>();

  constructor(groups: readonly string[]) {
    for (const g of groups) this.of(g);
  }

  of(group: string): { images: CocoImage[]; annotations: A[] } {
    let e = this.map.get(group);
    if (!e) this.map.set(group, (e = { images: [], annotations: [] }));
    return e;
  }

  /** Every group in name order, its images in id order (frames arrive in any order). */
  sorted(): { group: string; images: CocoImage[]; annotations: A[] }[] {
    return [...this.map.keys()].sort().map((group) => {
      const e = this.map.get(group)!;
      return { group, images: [...e.images].sort((a, b) => a.id - b.id), annotations: e.annotations };
    });
  }
}

interface PendingAnnotation {
  image_id: number;
  instance: number;
  category_id: number;
  bbox: [number, number, number, number];
  area: number;
  crowd: boolean;
  segmentation: Rle;
  attributes: Record<string, unknown>;
  extra: CocoExtra;
}

/** Keys added to each annotation beyond COCO's own (standard loaders ignore them). */
export interface CocoExtra {
  /** [x, y, w, h] of the amodal box (the object's silhouette with nothing in front, clipped to the image), or null. */
  amodal_bbox: [number, number, number, number] | null;
  visibility: number | null;
  occlusion: 0 | 1 | 2 | null;
  truncation: number;
  distance: number;
  instance_id: number;
}

/**
 * COCO instances JSON, one file per group (FormatLayout.coco: per camera in a capture, per split
 * in a data set), written at finish. Image ids and file names come from the frame's place (file
 * names relative to the data set root). One annotation per object with visible pixels, its mask as
 * uncompressed RLE, with the extra keys of CocoExtra after COCO's own. Annotation ids run on
 * through the groups in name order, so they are unique in the data set.
 */
export class CocoWriter {
  private readonly groups: CocoGroups<PendingAnnotation>;

  constructor(
    private readonly sink: DatasetSink,
    private readonly layout: FormatLayout = CAPTURE_LAYOUT,
    groups: readonly string[] = [],
    private readonly rule: LabelRule = DEFAULT_LABEL_RULE,
  ) {
    this.groups = new CocoGroups(groups);
  }

  async addFrame(rec: LabelFrame, place: FramePlace): Promise<void> {
    const group = this.groups.of(place.group);
    group.images.push(cocoImage(rec, place));
    const anns = group.annotations;
    for (const o of seenObjects(rec.objects)) {
      const [x0, y0, x1, y1] = o.box2d;
      anns.push({
        image_id: place.id,
        instance: o.id,
        category_id: o.semanticId,
        bbox: [x0, y0, x1 - x0, y1 - y0],
        area: o.pixels,
        // Too faint or too small to see: an ignore region (COCO's evaluation matches no detection against it).
        crowd: !isOrdinary(o, this.rule),
        segmentation: encodeRle(rec.instance, rec.width, rec.height, o.id),
        attributes: {
          instance_id: o.id,
          name: o.name,
          class: o.cls,
          center_camera: o.centerCam.map(r6),
          center_world: o.center.map(r6),
          size: o.size.map(r6),
          quaternion: o.quaternion.map(r6),
          yaw: r6(o.yaw),
        },
        extra: cocoExtra(o),
      });
    }
  }

  async finish(): Promise<void> {
    const categories = THING_CLASSES.map((c) => ({ id: c.id, name: c.name, supercategory: c.category }));
    let next = 1;
    for (const { group: g, images, annotations: all } of this.groups.sorted()) {
      // Frames arrive in any order: number annotations only now, by frame then instance id.
      const pending = [...all].sort((a, b) => a.image_id - b.image_id || a.instance - b.instance);
      const annotations = pending.map((a) => ({
        id: next++,
        image_id: a.image_id,
        category_id: a.category_id,
        bbox: a.bbox,
        area: a.area,
        iscrowd: a.crowd ? 1 : 0,
        segmentation: { size: a.segmentation.size, counts: a.segmentation.counts },
        attributes: a.attributes,
        ...a.extra,
      }));
      const what = this.layout.kind === 'capture' ? `camera ${g}` : `split ${g}`;
      await this.sink.write(this.layout.coco(g), formatJson(cocoDocument(`Longtail data set, ${what}`, images, annotations, categories)));
    }
  }
}

/** The extra annotation keys of one object (numbers rounded to 1e-6). */
export function cocoExtra(o: ObjectLabel): CocoExtra {
  const a = o.amodalBox2d;
  return {
    amodal_bbox: a ? [a[0], a[1], a[2] - a[0], a[3] - a[1]] : null,
    visibility: o.visibility == null ? null : r6(o.visibility),
    occlusion: o.occlusion ?? null,
    truncation: r6(o.truncation),
    distance: r6(o.distance),
    instance_id: o.id,
  };
}
