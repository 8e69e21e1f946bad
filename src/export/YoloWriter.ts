import { THING_CLASSES } from '../core/index.ts';
import type { LabelFrame } from '../capture/index.ts';
import type { DatasetSink } from './DatasetSink.ts';
import { DEFAULT_LABEL_RULE, isOrdinary, seenObjects, type LabelRule } from './exportMath.ts';
import { CAPTURE_LAYOUT, YOLO_CLASSES_PATH, YOLO_DATA_YAML_PATH, type FormatLayout, type FramePlace } from './FormatLayout.ts';

/** YOLO class index of a Longtail class name: its position in THING_CLASSES (= yolo/classes.txt). */
export function yoloClassIndex(cls: string): number {
  return THING_CLASSES.findIndex((c) => c.name === cls);
}

const f6 = (v: number) => v.toFixed(6);

/**
 * The Ultralytics data.yaml of a data set's YOLO folder: each split's images folder and the class
 * names by index. It has no `path` key on purpose: Ultralytics then takes the yaml file's own
 * folder as the root, so the data set stays valid wherever it is copied (an absolute `path` would
 * point at the old place; a relative one is read against Ultralytics' datasets_dir setting).
 */
export function yoloDataYaml(splits: readonly string[]): string {
  const names = THING_CLASSES.map((c, i) => `  ${i}: ${c.name}\n`).join('');
  return (
    '# Ultralytics YOLO data set: labels/<split>/N.txt beside images/<split>/N.png.\n' +
    "# No 'path': the root is this file's folder, wherever the data set is copied.\n" +
    `${splits.map((s) => `${s}: images/${s}\n`).join('')}nc: ${THING_CLASSES.length}\nnames:\n${names}`
  );
}

/**
 * YOLO (Darknet/Ultralytics) boxes: `yolo/classes.txt` (one class name a line; line k is class k)
 * and per frame a `labels/…/NNNNNN.txt` with `class cx cy w h` normalised to 0..1 from the
 * visible-pixel box, beside `images/…/NNNNNN.png`, the native RGB PNG (Ultralytics finds labels by
 * swapping /images/ for /labels/). Per camera in a capture; per split in a data set, with data.yaml.
 */
export class YoloWriter {
  private readonly groups: Set<string>;

  constructor(
    private readonly sink: DatasetSink,
    private readonly layout: FormatLayout = CAPTURE_LAYOUT,
    groups: readonly string[] = [],
    private readonly rule: LabelRule = DEFAULT_LABEL_RULE,
  ) {
    this.groups = new Set(groups);
  }

  imageCopy(place: FramePlace): string {
    return this.layout.yoloImage(place);
  }

  async begin(): Promise<void> {
    await this.sink.write(YOLO_CLASSES_PATH, new TextEncoder().encode(THING_CLASSES.map((c) => c.name + '\n').join('')));
  }

  async addFrame(rec: LabelFrame, place: FramePlace): Promise<void> {
    this.groups.add(place.group);
    const lines: string[] = [];
    for (const o of seenObjects(rec.objects)) {
      const k = yoloClassIndex(o.cls);
      // YOLO has no ignore region: an object too faint or too small to see is left out.
      if (k < 0 || !isOrdinary(o, this.rule)) continue;
      const [x0, y0, x1, y1] = o.box2d;
      lines.push(`${k} ${f6((x0 + x1) / 2 / rec.width)} ${f6((y0 + y1) / 2 / rec.height)} ${f6((x1 - x0) / rec.width)} ${f6((y1 - y0) / rec.height)}\n`);
    }
    await this.sink.write(this.layout.yoloLabel(place), new TextEncoder().encode(lines.join('')));
  }

  async finish(): Promise<void> {
    if (this.layout.kind === 'dataset') await this.sink.write(YOLO_DATA_YAML_PATH, new TextEncoder().encode(yoloDataYaml([...this.groups])));
  }
}
