// Reader of the KITTI object files KittiWriter writes.
import { CAPTURE_LAYOUT, type FormatLayout } from './FormatLayout.ts';
import { parseKittiLabels, type KittiObject } from './KittiWriter.ts';
import { readText, type FileGetter } from './readFiles.ts';

export interface KittiFrame {
  readonly labels: KittiObject[];
  /** Calibration rows by name (P0 … P3: 12 numbers, R0_rect: 9, Tr_*: 12). */
  readonly calib: Readonly<Record<string, number[]>>;
  /** The image_2 PNG's bytes, if present. */
  readonly image: Uint8Array | undefined;
}

/** Parse a KITTI calibration file into its named rows. */
export function parseKittiCalib(text: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const line of text.split('\n')) {
    const m = /^([^:\s]+):\s*(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!.trim().split(/\s+/).filter((s) => s !== '').map(Number);
  }
  return out;
}

/** Read the label_2, calib and image_2 files of frame `id` of a group (camera or split; see FormatLayout). */
export function readKitti(get: FileGetter, group: string, id: number, layout: FormatLayout = CAPTURE_LAYOUT): KittiFrame {
  const place = { group, id, image: '', city: '', sequence: 0, frame: id };
  const labelPath = layout.kittiLabel(place);
  let labels: KittiObject[];
  try {
    labels = parseKittiLabels(readText(get, labelPath));
  } catch (e) {
    const msg = (e as Error).message;
    throw new Error(msg.startsWith(labelPath) ? msg : `${labelPath}: ${msg}`);
  }
  return { labels, calib: parseKittiCalib(readText(get, layout.kittiCalib(place))), image: get(layout.kittiImage(place)) };
}
