// Where every extra format (COCO, COCO panoptic, KITTI, YOLO, Cityscapes) puts a frame's files:
// stated once here for both shapes a data set takes, and read by the writers and the readers alike.
import { stem } from './exportMath.ts';

/**
 * One frame's place in the format files. In a capture the group is the camera and the id the frame
 * index; in a data set the group is the split and the id the frame's number in the whole data set.
 */
export interface FramePlace {
  /** Whose index files list the frame: a camera (capture) or a split (data set). */
  readonly group: string;
  /** COCO image id and KITTI/YOLO file number; unique within the group (capture) or the data set. */
  readonly id: number;
  /** The frame's native RGB PNG, from the data set root. */
  readonly image: string;
  /** Cityscapes naming, `<city>_<sequence>_<frame>`: the scenario, the seed (capture) or sample number (data set), the frame index. */
  readonly city: string;
  readonly sequence: number;
  readonly frame: number;
}

export type CityscapesKind = 'labelIds' | 'instanceIds';

export interface FormatLayout {
  readonly kind: 'capture' | 'dataset';
  coco(group: string): string;
  panopticJson(group: string): string;
  /** Folder of a group's panoptic PNGs (the JSON's file_name is relative to it). */
  panopticDir(group: string): string;
  kittiLabel(p: FramePlace): string;
  kittiCalib(p: FramePlace): string;
  kittiImage(p: FramePlace): string;
  /** The list of a group's KITTI frame numbers (data sets only). */
  kittiImageSet: ((group: string) => string) | null;
  yoloLabel(p: FramePlace): string;
  yoloImage(p: FramePlace): string;
  cityscapesGt(p: FramePlace, kind: CityscapesKind): string;
  cityscapesImage(p: FramePlace): string;
}

export const YOLO_CLASSES_PATH = 'yolo/classes.txt';
export const YOLO_DATA_YAML_PATH = 'yolo/data.yaml';
export const CITYSCAPES_LABELS_PATH = 'cityscapes/labels.json';

/**
 * The Cityscapes file stem `<city>_<sequence>_<frame>`: the city (a scenario name) with every
 * character other than a letter, digit or '-' replaced by '-' (Cityscapes tools split names on
 * '_'), the sequence (seed or sample number) and the frame index as six (or more) digits.
 */
export function cityscapesStem(city: string, sequence: number, frame: number): string {
  return `${cityscapesCity(city)}_${String(sequence).padStart(6, '0')}_${stem(frame)}`;
}

export function cityscapesCity(name: string): string {
  return name.replace(/[^A-Za-z0-9-]/g, '-');
}

/** One capture: per-camera folders, frame indices as file numbers (the layout captures have always had). */
export const CAPTURE_LAYOUT: FormatLayout = {
  kind: 'capture',
  coco: (g) => `coco/instances_${g}.json`,
  panopticJson: (g) => `coco/panoptic_${g}.json`,
  panopticDir: (g) => `coco/panoptic_${g}`,
  kittiLabel: (p) => `kitti/${p.group}/label_2/${stem(p.id)}.txt`,
  kittiCalib: (p) => `kitti/${p.group}/calib/${stem(p.id)}.txt`,
  kittiImage: (p) => `kitti/${p.group}/image_2/${stem(p.id)}.png`,
  kittiImageSet: null,
  yoloLabel: (p) => `yolo/${p.group}/labels/${stem(p.id)}.txt`,
  yoloImage: (p) => `yolo/${p.group}/images/${stem(p.id)}.png`,
  cityscapesGt: (p, kind) => `cityscapes/gtFine/${p.group}/${cityscapesStem(p.city, p.sequence, p.frame)}_gtFine_${kind}.png`,
  cityscapesImage: (p) => `cityscapes/leftImg8bit/${p.group}/${cityscapesStem(p.city, p.sequence, p.frame)}_leftImg8bit.png`,
};

/**
 * A data set of many samples (docs/dataset-format.md): one file set per split, frame numbers
 * running through the whole data set, and each format's own split convention (KITTI ImageSets,
 * Ultralytics images/<split> beside labels/<split>, Cityscapes <split>/<city>).
 */
export const DATASET_LAYOUT: FormatLayout = {
  kind: 'dataset',
  coco: (g) => `coco/${g}.json`,
  panopticJson: (g) => `coco/panoptic_${g}.json`,
  panopticDir: (g) => `coco/panoptic_${g}`,
  kittiLabel: (p) => `kitti/training/label_2/${stem(p.id)}.txt`,
  kittiCalib: (p) => `kitti/training/calib/${stem(p.id)}.txt`,
  kittiImage: (p) => `kitti/training/image_2/${stem(p.id)}.png`,
  kittiImageSet: (g) => `kitti/ImageSets/${g}.txt`,
  yoloLabel: (p) => `yolo/labels/${p.group}/${stem(p.id)}.txt`,
  yoloImage: (p) => `yolo/images/${p.group}/${stem(p.id)}.png`,
  cityscapesGt: (p, kind) => `cityscapes/gtFine/${p.group}/${cityscapesCity(p.city)}/${cityscapesStem(p.city, p.sequence, p.frame)}_gtFine_${kind}.png`,
  cityscapesImage: (p) => `cityscapes/leftImg8bit/${p.group}/${cityscapesCity(p.city)}/${cityscapesStem(p.city, p.sequence, p.frame)}_leftImg8bit.png`,
};

/** A capture's place of a frame: its camera, its index, its native RGB PNG; Cityscapes names from the scenario and seed. */
export function capturePlace(camera: string, index: number, scenario: string, seed: number): FramePlace {
  return { group: camera, id: index, image: `${camera}/rgb/${stem(index)}.png`, city: scenario, sequence: seed, frame: index };
}
