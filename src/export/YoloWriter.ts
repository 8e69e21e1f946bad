import { THING_CLASSES } from '../core/index.ts';
import type { FrameRecord } from '../capture/index.ts';
import type { DatasetSink } from './DatasetSink.ts';
import { stem } from './exportMath.ts';

/** YOLO class index of a Longtail class name: its position in THING_CLASSES (= yolo/classes.txt). */
export function yoloClassIndex(cls: string): number {
  return THING_CLASSES.findIndex((c) => c.name === cls);
}

const f6 = (v: number) => v.toFixed(6);

/**
 * YOLO (Darknet/Ultralytics) boxes: `yolo/classes.txt` (one class name a line; line k is class k)
 * and per camera and frame `yolo/<camera>/labels/NNNNNN.txt` with `class cx cy w h` normalised to
 * 0..1 from the visible-pixel box, beside `yolo/<camera>/images/NNNNNN.png`, a byte copy of the
 * native RGB PNG (Ultralytics finds labels by swapping /images/ for /labels/).
 */
export class YoloWriter {
  constructor(private readonly sink: DatasetSink) {}

  imageCopy(camera: string, n: string): string {
    return `yolo/${camera}/images/${n}.png`;
  }

  async begin(): Promise<void> {
    await this.sink.write('yolo/classes.txt', new TextEncoder().encode(THING_CLASSES.map((c) => c.name + '\n').join('')));
  }

  async addFrame(rec: FrameRecord): Promise<void> {
    const lines: string[] = [];
    for (const o of rec.objects) {
      if (!o.box2d || o.pixels <= 0) continue;
      const k = yoloClassIndex(o.cls);
      if (k < 0) continue;
      const [x0, y0, x1, y1] = o.box2d;
      lines.push(`${k} ${f6((x0 + x1) / 2 / rec.width)} ${f6((y0 + y1) / 2 / rec.height)} ${f6((x1 - x0) / rec.width)} ${f6((y1 - y0) / rec.height)}\n`);
    }
    await this.sink.write(`yolo/${rec.camera}/labels/${stem(rec.index)}.txt`, new TextEncoder().encode(lines.join('')));
  }

  async finish(): Promise<void> {}
}
