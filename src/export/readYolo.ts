// Reader of the YOLO files YoloWriter writes.
import { CAPTURE_LAYOUT, YOLO_CLASSES_PATH, type FormatLayout } from './FormatLayout.ts';
import { needFile, pngSize, readText, type FileGetter } from './readFiles.ts';

export interface YoloBox {
  readonly classIndex: number;
  /** Class name from yolo/classes.txt. */
  readonly cls: string;
  /** Normalised centre and size, 0..1, as in the file. */
  readonly cx: number;
  readonly cy: number;
  readonly w: number;
  readonly h: number;
  /** The box in pixels, [x0, y0, x1, y1], from the normalised values and the image size. */
  readonly box: [number, number, number, number];
}

export interface YoloFrame {
  readonly width: number;
  readonly height: number;
  readonly boxes: YoloBox[];
  readonly image: Uint8Array;
}

/** The class names of `yolo/classes.txt`, line k = class k. */
export function readYoloClasses(get: FileGetter): string[] {
  return readText(get, YOLO_CLASSES_PATH).split('\n').filter((l) => l !== '');
}

/** Read frame `id` of a group's YOLO labels (camera or split; see FormatLayout) with the size of its image. */
export function readYolo(get: FileGetter, group: string, id: number, classes: readonly string[] = readYoloClasses(get), layout: FormatLayout = CAPTURE_LAYOUT): YoloFrame {
  const place = { group, id, image: '', city: '', sequence: 0, frame: id };
  const labelPath = layout.yoloLabel(place);
  const imagePath = layout.yoloImage(place);
  const image = needFile(get, imagePath);
  const { width, height } = pngSize(image, imagePath);
  const boxes = readText(get, labelPath)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l): YoloBox => {
      const f = l.trim().split(/\s+/).map(Number);
      if (f.length !== 5 || !f.every(Number.isFinite)) throw new Error(`${labelPath}: a YOLO line is 'class cx cy w h', not '${l}'`);
      const [k, cx, cy, w, h] = f as [number, number, number, number, number];
      const cls = classes[k];
      if (cls === undefined) throw new Error(`${labelPath}: class ${k} is not in yolo/classes.txt`);
      return { classIndex: k, cls, cx, cy, w, h, box: [(cx - w / 2) * width, (cy - h / 2) * height, (cx + w / 2) * width, (cy + h / 2) * height] };
    });
  return { width, height, boxes, image };
}
