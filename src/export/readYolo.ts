// Reader of the YOLO files YoloWriter writes.
import { stem } from './exportMath.ts';
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
  return readText(get, 'yolo/classes.txt').split('\n').filter((l) => l !== '');
}

/** Read `yolo/<camera>/labels/NNNNNN.txt` with the size of its image `yolo/<camera>/images/NNNNNN.png`. */
export function readYolo(get: FileGetter, camera: string, index: number, classes: readonly string[] = readYoloClasses(get)): YoloFrame {
  const n = stem(index);
  const labelPath = `yolo/${camera}/labels/${n}.txt`;
  const imagePath = `yolo/${camera}/images/${n}.png`;
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
