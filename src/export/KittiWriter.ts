import { boxTruncation, type LabelFrame, type ObjectLabel } from '../capture/index.ts';
import type { DatasetSink } from './DatasetSink.ts';
import { CAPTURE_LAYOUT, type FormatLayout, type FramePlace } from './FormatLayout.ts';
import { boxCornersCamera, DEFAULT_LABEL_RULE, isOrdinary, num, objectAxesInCamera, seenObjects, stem, wrapAngle, type LabelRule, type V3 } from './exportMath.ts';

/**
 * KITTI type names for Longtail classes that have a KITTI counterpart of the same meaning. Every
 * other class keeps its own name with a capital first letter (Bus, Deer, Fallen_tree, …) rather
 * than being folded into Misc, so no class information is lost; KITTI tools that expect only the
 * original types must map or ignore those.
 */
export const KITTI_TYPES: Readonly<Record<string, string>> = { car: 'Car', truck: 'Truck', pedestrian: 'Pedestrian' };

export function kittiType(cls: string): string {
  return KITTI_TYPES[cls] ?? cls.charAt(0).toUpperCase() + cls.slice(1);
}

/** KITTI `occluded` value of an object whose occlusion level is not known (label `occlusion` null). */
export const KITTI_OCCLUDED_UNKNOWN = 3;

export interface KittiObject {
  readonly type: string;
  readonly truncated: number;
  readonly occluded: number;
  readonly alpha: number;
  readonly bbox: [number, number, number, number];
  /** KITTI order: height, width, length. */
  readonly dimensions: [number, number, number];
  /** Bottom centre of the 3D box in the camera frame (OpenCV), metres. */
  readonly location: V3;
  readonly rotationY: number;
}

/**
 * Rotation about the camera's y axis of the object's forward (x) axis, KITTI's rotation_y: 0 when
 * the object faces the camera's +x (right), −π/2 when it faces along the optical axis (+z).
 */
export function kittiRotationY(rec: LabelFrame, o: ObjectLabel): number {
  const [f] = objectAxesInCamera(rec, o);
  return wrapAngle(-Math.atan2(f[2], f[0]));
}

/**
 * Fraction of the 3D box's projection that lies outside the image, 0..1 (capture's boxTruncation,
 * the value the labels carry as `truncation`), from a record's own box and camera.
 */
export function kittiTruncation(rec: LabelFrame, o: ObjectLabel): number {
  return boxTruncation(boxCornersCamera(rec, o), rec.intrinsics, rec.width, rec.height);
}

/**
 * The KITTI label of one visible object: `truncated` is the label's `truncation` (computed by the
 * capture as kittiTruncation does), `occluded` its occlusion level 0/1/2, 3 when that is null.
 */
export function kittiObject(rec: LabelFrame, o: ObjectLabel & { box2d: [number, number, number, number] }): KittiObject {
  const [l, w, h] = o.size;
  const [, , up] = objectAxesInCamera(rec, o);
  const location: V3 = [0, 1, 2].map((i) => o.centerCam[i]! - (h / 2) * up[i]!) as V3;
  const ry = kittiRotationY(rec, o);
  return {
    type: kittiType(o.cls),
    truncated: o.truncation,
    occluded: o.occlusion ?? KITTI_OCCLUDED_UNKNOWN,
    alpha: wrapAngle(ry - Math.atan2(location[0], location[2])),
    bbox: [...o.box2d],
    dimensions: [h, w, l],
    location,
    rotationY: ry,
  };
}

/** One line of a KITTI label file. */
/** KITTI's DontCare line: the region's 2D box, every other field at its "not given" value. */
export function kittiDontCare(box: [number, number, number, number]): KittiObject {
  return { type: 'DontCare', truncated: -1, occluded: -1, alpha: -10, bbox: [...box], dimensions: [-1, -1, -1], location: [-1000, -1000, -1000], rotationY: -10 };
}

export function kittiLine(k: KittiObject): string {
  return [k.type, num(k.truncated), String(k.occluded), num(k.alpha), ...k.bbox.map(num), ...k.dimensions.map(num), ...k.location.map(num), num(k.rotationY)].join(' ');
}

/** The KITTI calibration file: P0..P3 = K|0, R0_rect = I, Tr_velo_to_cam = Tr_imu_to_velo = [I|0]. */
export function kittiCalib(rec: LabelFrame): string {
  const k = rec.intrinsics;
  const p = [k.fx, 0, k.cx, 0, 0, k.fy, k.cy, 0, 0, 0, 1, 0];
  const e = (v: number) => (v + 0).toExponential(12);
  const row = (name: string, vals: number[]) => `${name}: ${vals.map(e).join(' ')}`;
  const id34 = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0];
  return [row('P0', p), row('P1', p), row('P2', p), row('P3', p), row('R0_rect', [1, 0, 0, 0, 1, 0, 0, 0, 1]), row('Tr_velo_to_cam', id34), row('Tr_imu_to_velo', id34)].join('\n') + '\n';
}

/**
 * KITTI object format, per frame a `label_2/NNNNNN.txt` (visible objects), `calib/NNNNNN.txt` and
 * `image_2/NNNNNN.png`, the native RGB PNG (a byte copy in a capture, a hard link in a data set:
 * see `imageCopy`), where FormatLayout puts them: per camera in a capture; in a data set one
 * `training/` folder numbered through the data set, with `ImageSets/<split>.txt` listing each split.
 */
export class KittiWriter {
  private readonly sets = new Map<string, number[]>();

  constructor(
    private readonly sink: DatasetSink,
    private readonly layout: FormatLayout = CAPTURE_LAYOUT,
    groups: readonly string[] = [],
    private readonly rule: LabelRule = DEFAULT_LABEL_RULE,
  ) {
    for (const g of groups) this.sets.set(g, []);
  }

  imageCopy(place: FramePlace): string {
    return this.layout.kittiImage(place);
  }

  async addFrame(rec: LabelFrame, place: FramePlace): Promise<void> {
    if (!this.sets.has(place.group)) this.sets.set(place.group, []);
    this.sets.get(place.group)!.push(place.id);
    const lines: string[] = [];
    // Too faint or too small to see: KITTI's DontCare region (its 2D box only), which evaluation ignores.
    for (const o of seenObjects(rec.objects)) lines.push(kittiLine(isOrdinary(o, this.rule) ? kittiObject(rec, o) : kittiDontCare(o.box2d)));
    const enc = new TextEncoder();
    await this.sink.write(this.layout.kittiLabel(place), enc.encode(lines.map((l) => l + '\n').join('')));
    await this.sink.write(this.layout.kittiCalib(place), enc.encode(kittiCalib(rec)));
  }

  async finish(): Promise<void> {
    const setPath = this.layout.kittiImageSet;
    if (!setPath) return;
    for (const [group, ids] of [...this.sets.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const text = [...ids].sort((a, b) => a - b).map((id) => stem(id) + '\n').join('');
      await this.sink.write(setPath(group), new TextEncoder().encode(text));
    }
  }
}

/** Parse a KITTI label file back (for tests and tools). */
export function parseKittiLabels(text: string): KittiObject[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const f = l.trim().split(/\s+/);
      if (f.length !== 15) throw new Error(`a KITTI label line has 15 fields, not ${f.length}: ${l}`);
      const v = f.slice(1).map(Number);
      return {
        type: f[0]!,
        truncated: v[0]!,
        occluded: v[1]!,
        alpha: v[2]!,
        bbox: [v[3]!, v[4]!, v[5]!, v[6]!],
        dimensions: [v[7]!, v[8]!, v[9]!],
        location: [v[10]!, v[11]!, v[12]!],
        rotationY: v[13]!,
      };
    });
}
