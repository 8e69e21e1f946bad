import { THING_CLASSES } from '../core/index.ts';
import type { FrameRecord, ObjectLabel } from '../capture/index.ts';
import type { DatasetSink } from './DatasetSink.ts';
import { formatJson } from './json.ts';
import { encodeRle, type Rle } from './rle.ts';
import { r6, stem } from './exportMath.ts';

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
export function cocoImage(rec: FrameRecord): CocoImage {
  return { id: rec.index, file_name: `${rec.camera}/rgb/${stem(rec.index)}.png`, width: rec.width, height: rec.height, camera: rec.camera, time: r6(rec.time) };
}

interface PendingAnnotation {
  image_id: number;
  instance: number;
  category_id: number;
  bbox: [number, number, number, number];
  area: number;
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
 * COCO instances JSON, one file per camera (`coco/instances_<camera>.json`), written at finish.
 * Image ids are frame indices; file names point at the native RGB PNGs (relative to the data set
 * root). One annotation per object with visible pixels, its mask as uncompressed RLE, with the
 * extra keys of CocoExtra after COCO's own.
 */
export class CocoWriter {
  private readonly images = new Map<string, CocoImage[]>();
  private readonly annotations = new Map<string, PendingAnnotation[]>();

  constructor(private readonly sink: DatasetSink) {}

  static path(camera: string): string {
    return `coco/instances_${camera}.json`;
  }

  async addFrame(rec: FrameRecord): Promise<void> {
    const cam = rec.camera;
    if (!this.images.has(cam)) {
      this.images.set(cam, []);
      this.annotations.set(cam, []);
    }
    this.images.get(cam)!.push(cocoImage(rec));
    const anns = this.annotations.get(cam)!;
    for (const o of rec.objects) {
      if (!o.box2d || o.pixels <= 0) continue;
      const [x0, y0, x1, y1] = o.box2d;
      anns.push({
        image_id: rec.index,
        instance: o.id,
        category_id: o.semanticId,
        bbox: [x0, y0, x1 - x0, y1 - y0],
        area: o.pixels,
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
    for (const cam of [...this.images.keys()].sort()) {
      const images = [...this.images.get(cam)!].sort((a, b) => a.id - b.id);
      // Frames arrive in any order: number annotations only now, by frame then instance id.
      const pending = [...this.annotations.get(cam)!].sort((a, b) => a.image_id - b.image_id || a.instance - b.instance);
      const annotations = pending.map((a, i) => ({
        id: i + 1,
        image_id: a.image_id,
        category_id: a.category_id,
        bbox: a.bbox,
        area: a.area,
        iscrowd: 0,
        segmentation: { size: a.segmentation.size, counts: a.segmentation.counts },
        attributes: a.attributes,
        ...a.extra,
      }));
      const doc = {
        info: { description: `Longtail data set, camera ${cam}`, version: '1.0' },
        licenses: [],
        images,
        annotations,
        categories,
      };
      await this.sink.write(CocoWriter.path(cam), formatJson(doc));
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
