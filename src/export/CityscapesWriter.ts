import { CLASSES, type ClassInfo } from '../core/index.ts';
import type { LabelFrame } from '../capture/index.ts';
import type { DatasetSink } from './DatasetSink.ts';
import { encodePng, type Deflate } from './png.ts';
import { formatJson } from './json.ts';
import { CAPTURE_LAYOUT, CITYSCAPES_LABELS_PATH, type FormatLayout, type FramePlace } from './FormatLayout.ts';

/** One entry of `cityscapes/labels.json`: a Cityscapes label id and the Longtail class it stands for. */
export interface CityscapesLabel {
  readonly name: string;
  readonly id: number;
  /** Cityscapes' own train id; only on labels that are real Cityscapes labels. */
  readonly trainId?: number;
  readonly category: string;
  readonly hasInstances: boolean;
  /** sRGB 0..255. */
  readonly color: readonly [number, number, number];
  readonly longtail_class: string;
  readonly longtail_class_id: number;
}

/**
 * Longtail classes with a Cityscapes label of the same meaning: that label's name, id, train id,
 * category and colour. Our class 0 'void' (sky and nothing hit alike) is Cityscapes 0 'unlabeled'.
 */
const REAL: Readonly<Record<string, { name: string; id: number; trainId: number; category: string; color: [number, number, number] }>> = {
  void: { name: 'unlabeled', id: 0, trainId: 255, category: 'void', color: [0, 0, 0] },
  road: { name: 'road', id: 7, trainId: 0, category: 'flat', color: [128, 64, 128] },
  terrain: { name: 'terrain', id: 22, trainId: 9, category: 'nature', color: [152, 251, 152] },
  guardrail: { name: 'guard rail', id: 14, trainId: 255, category: 'construction', color: [180, 165, 180] },
  pole: { name: 'pole', id: 17, trainId: 5, category: 'object', color: [153, 153, 153] },
  traffic_sign: { name: 'traffic sign', id: 20, trainId: 7, category: 'object', color: [220, 220, 0] },
  vegetation: { name: 'vegetation', id: 21, trainId: 8, category: 'nature', color: [107, 142, 35] },
  pedestrian: { name: 'person', id: 24, trainId: 11, category: 'human', color: [220, 20, 60] },
  car: { name: 'car', id: 26, trainId: 13, category: 'vehicle', color: [0, 0, 142] },
  truck: { name: 'truck', id: 27, trainId: 14, category: 'vehicle', color: [0, 0, 70] },
  bus: { name: 'bus', id: 28, trainId: 15, category: 'vehicle', color: [0, 60, 100] },
  motorcycle: { name: 'motorcycle', id: 32, trainId: 17, category: 'vehicle', color: [0, 0, 230] },
  bicycle: { name: 'bicycle', id: 33, trainId: 18, category: 'vehicle', color: [119, 11, 32] },
};

/** First label id after Cityscapes' own (0..33): Longtail classes without a counterpart get 34, 35, … */
export const CITYSCAPES_FIRST_EXTRA_ID = 34;

/**
 * Label ids of the Longtail classes without a Cityscapes counterpart, fixed once given: data sets
 * already written use them. A class added later without a Cityscapes counterpart gets the next
 * free id after these (in CLASSES order); give it an entry here when it is added.
 */
const EXTRA_IDS: Readonly<Record<string, number>> = {
  lane_marking: 34,
  shoulder: 35,
  deer: 36,
  moose: 37,
  boar: 38,
  dog: 39,
  cow: 40,
  horse: 41,
  sheep: 42,
  box: 43,
  cone: 44,
  debris: 45,
  tyre: 46,
  rock: 47,
  fallen_tree: 48,
};

/** Colours of the classes without a Cityscapes counterpart (stuff classes use their surface colour). */
const EXTRA_COLORS: Readonly<Record<string, [number, number, number]>> = {
  deer: [210, 105, 30],
  moose: [139, 69, 19],
  boar: [128, 128, 0],
  dog: [255, 165, 0],
  cow: [255, 215, 180],
  horse: [160, 82, 45],
  sheep: [200, 200, 120],
  box: [255, 0, 255],
  cone: [255, 120, 0],
  debris: [128, 0, 128],
  tyre: [40, 40, 40],
  rock: [128, 128, 128],
  fallen_tree: [0, 100, 0],
};

const isThing = (c: ClassInfo): boolean => c.category !== 'void' && c.category !== 'surface';

/** A class's display colour, sRGB 0..255: Cityscapes' colour where it has one, else ours. */
export function classColor(c: ClassInfo): [number, number, number] {
  const real = REAL[c.name];
  if (real) return [...real.color];
  const extra = EXTRA_COLORS[c.name];
  if (extra) return [...extra];
  if (!isThing(c)) return c.color.map((v) => Math.round(v * 255)) as [number, number, number];
  // A class added later without a chosen colour: a fixed one from its id.
  return [(c.id * 97) % 256, (c.id * 57 + 80) % 256, (c.id * 31 + 160) % 256];
}

function extraCategory(c: ClassInfo): string {
  if (c.category === 'surface') return 'flat';
  if (c.category === 'prop') return 'object';
  return c.category; // animal (and any later thing category)
}

/**
 * The label list of `cityscapes/labels.json`, in Longtail class order (CLASSES). Classes with a
 * Cityscapes label of the same meaning use its id; the others their fixed id from EXTRA_IDS (34
 * up), so inserting a class anywhere in CLASSES moves no id.
 */
export const CITYSCAPES_LABELS: readonly CityscapesLabel[] = (() => {
  let next = Math.max(CITYSCAPES_FIRST_EXTRA_ID - 1, ...Object.values(EXTRA_IDS)) + 1;
  return CLASSES.map((c): CityscapesLabel => {
    const real = REAL[c.name];
    const base = { category: real ? real.category : extraCategory(c), hasInstances: isThing(c), color: classColor(c), longtail_class: c.name, longtail_class_id: c.id };
    return real ? { name: real.name, id: real.id, trainId: real.trainId, ...base } : { name: c.name, id: EXTRA_IDS[c.name] ?? next++, ...base };
  });
})();

const labelOfClass = new Map(CLASSES.map((c, i) => [c.id, CITYSCAPES_LABELS[i]!]));

/** The Cityscapes label of a Longtail semantic class id, or undefined for an unknown id. */
export function cityscapesLabel(classId: number): CityscapesLabel | undefined {
  return labelOfClass.get(classId);
}

/** Instances of one class a frame's instanceIds image can number: labelId·1000 + 0…999. */
export const CITYSCAPES_MAX_INSTANCES = 1000;

/** The labelIds and instanceIds images of a frame (row-major, top row first). */
export function cityscapesIds(rec: LabelFrame): { labelIds: Uint8Array; instanceIds: Uint16Array } {
  const n = rec.width * rec.height;
  const sem = rec.semantic;
  const inst = rec.instance;
  const lut = new Int16Array(256).fill(-1);
  for (const c of CLASSES) lut[c.id] = cityscapesLabel(c.id)!.id;
  // Instance ids present, with their class (from their pixels).
  const classOf = new Int16Array(65536).fill(-1);
  const labelIds = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const s = sem[i]!;
    const l = lut[s]!;
    if (l < 0) throw new Error(`Cityscapes export: frame ${rec.index} of camera '${rec.camera}' has semantic id ${s} at (${i % rec.width}, ${Math.floor(i / rec.width)}), which is no Longtail class`);
    labelIds[i] = l;
    const id = inst[i]!;
    if (id !== 0) classOf[id] = s;
  }
  // Rank instances per class by instance id.
  const byClass = new Map<number, number[]>();
  for (let id = 1; id < 65536; id++) {
    const s = classOf[id]!;
    if (s < 0) continue;
    const list = byClass.get(s) ?? [];
    list.push(id);
    byClass.set(s, list);
  }
  const code = new Uint16Array(65536);
  for (const [s, ids] of byClass) {
    const label = cityscapesLabel(s)!;
    if (ids.length > CITYSCAPES_MAX_INSTANCES) {
      throw new Error(
        `Cityscapes export: frame ${rec.index} of camera '${rec.camera}' shows ${ids.length} instances of class '${label.longtail_class}'; ` +
          `Cityscapes instanceIds (labelId·1000 + k) number at most ${CITYSCAPES_MAX_INSTANCES} instances of a class in one frame`,
      );
    }
    if (label.id * 1000 + ids.length - 1 > 65535) throw new Error(`Cityscapes export: label id ${label.id} of class '${label.longtail_class}' is too large for 16-bit instanceIds`);
    ids.forEach((id, k) => (code[id] = label.id * 1000 + k));
  }
  const instanceIds = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const id = inst[i]!;
    instanceIds[i] = id !== 0 ? code[id]! : labelIds[i]!;
  }
  return { labelIds, instanceIds };
}

/**
 * Cityscapes layout (gtFine): per frame `<stem>_gtFine_labelIds.png` (8-bit label id per pixel),
 * `<stem>_gtFine_instanceIds.png` (16-bit: labelId·1000 + k for the k-th instance of a thing class
 * in the frame by instance id, the label id elsewhere) and `<stem>_leftImg8bit.png`, the native RGB
 * PNG (see `imageCopy`), where FormatLayout puts them (per camera in a capture, per split and city
 * in a data set); `cityscapes/labels.json` lists the labels. The stem is cityscapesStem of the place.
 */
export class CityscapesWriter {
  constructor(
    private readonly sink: DatasetSink,
    private readonly deflate: Deflate,
    private readonly layout: FormatLayout = CAPTURE_LAYOUT,
  ) {}

  imageCopy(place: FramePlace): string {
    return this.layout.cityscapesImage(place);
  }

  async begin(): Promise<void> {
    await this.sink.write(CITYSCAPES_LABELS_PATH, formatJson(CITYSCAPES_LABELS));
  }

  async addFrame(rec: LabelFrame, place: FramePlace): Promise<void> {
    const { labelIds, instanceIds } = cityscapesIds(rec);
    const { width, height } = rec;
    const [l, i] = await Promise.all([
      encodePng({ width, height, channels: 1, bitDepth: 8, data: labelIds }, this.deflate, 'none'),
      encodePng({ width, height, channels: 1, bitDepth: 16, data: instanceIds }, this.deflate, 'none'),
    ]);
    await this.sink.write(this.layout.cityscapesGt(place, 'labelIds'), l);
    await this.sink.write(this.layout.cityscapesGt(place, 'instanceIds'), i);
  }

  async finish(): Promise<void> {}
}
