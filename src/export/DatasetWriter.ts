import { DEFAULT_LAYERS, type FrameRecord, type LabelFrame, type LayerChoice } from '../capture/index.ts';
import { CAPTURE_LAYOUT, capturePlace, type FormatLayout, type FramePlace } from './FormatLayout.ts';
import type { DatasetSink } from './DatasetSink.ts';
import { NativeWriter, type DatasetInfo } from './NativeWriter.ts';
import { CocoWriter } from './CocoWriter.ts';
import { KittiWriter } from './KittiWriter.ts';
import { YoloWriter } from './YoloWriter.ts';
import { CocoPanopticWriter } from './CocoPanopticWriter.ts';
import { CityscapesWriter } from './CityscapesWriter.ts';
import type { Deflate } from './png.ts';
import { sha256Hex } from './sha256.ts';
import { DEFAULT_LABEL_RULE, type LabelRule } from './exportMath.ts';
import { formatJson } from './json.ts';

/** Data set formats `longtail capture --formats` knows; native is always written. */
export const EXPORT_FORMATS = ['native', 'coco', 'coco-panoptic', 'kitti', 'yolo', 'cityscapes'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The layers each format's files are made from: every extra format points at or copies the native
 * RGB image; COCO's masks come from the instance layer, panoptic and Cityscapes from semantic and
 * instance (a data set's index reads them back from the samples' files).
 */
export const FORMAT_LAYERS: Readonly<Record<ExportFormat, readonly LayerChoice[]>> = {
  native: [],
  coco: ['rgb', 'instance'],
  'coco-panoptic': ['rgb', 'semantic', 'instance'],
  kitti: ['rgb'],
  yolo: ['rgb'],
  cityscapes: ['rgb', 'semantic', 'instance'],
};

/** Why `formats` cannot be made from `layers` (naming the format and the layers it lacks), or null. */
export function formatLayersProblem(formats: readonly ExportFormat[], layers: readonly LayerChoice[]): string | null {
  for (const f of formats) {
    const missing = FORMAT_LAYERS[f].filter((l) => !layers.includes(l));
    if (missing.length) return `the ${f} format needs the ${missing.join(' and ')} layer${missing.length > 1 ? 's' : ''}: add ${missing.join(',')} to --layers or leave ${f} out of --formats`;
  }
  return null;
}

/**
 * Parse a comma-separated format list ("native,coco"): the formats in EXPORT_FORMATS order, native
 * always included; or an error message naming the unknown ones and the known ones.
 */
export function parseFormats(text: string): ExportFormat[] | string {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = names.filter((n) => !(EXPORT_FORMATS as readonly string[]).includes(n));
  if (unknown.length > 0) return `unknown format${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')}; the formats are ${EXPORT_FORMATS.join(', ')}`;
  if (names.length === 0) return `no format given; the formats are ${EXPORT_FORMATS.join(', ')}`;
  return EXPORT_FORMATS.filter((f) => f === 'native' || names.includes(f));
}

/** Records the SHA-256 of every file written through it. */
export class HashingSink implements DatasetSink {
  readonly hashes = new Map<string, string>();
  constructor(private readonly inner: DatasetSink) {}
  async write(path: string, bytes: Uint8Array): Promise<void> {
    this.hashes.set(path, await sha256Hex(bytes));
    await this.inner.write(path, bytes);
  }
}

/** A label format's writer (COCO, COCO panoptic, KITTI, YOLO, Cityscapes). */
export interface FormatWriter {
  begin?(): Promise<void>;
  addFrame(rec: LabelFrame, place: FramePlace): Promise<void>;
  finish(): Promise<void>;
  /** Where this format keeps a copy of the frame's native RGB PNG, if it does. */
  imageCopy?(place: FramePlace): string;
}

/**
 * The writers of the extra formats among `formats` (native is not one of them), in EXPORT_FORMATS
 * order. `groups`: groups whose index files are written even if no frame lands in them (a data
 * set's splits: an empty split still has its COCO file, ImageSets list and data.yaml entry).
 */
export function formatWriters(formats: readonly ExportFormat[], sink: DatasetSink, deflate: Deflate, layout: FormatLayout, groups: readonly string[] = [], rule: LabelRule = DEFAULT_LABEL_RULE): FormatWriter[] {
  const out: FormatWriter[] = [];
  if (formats.includes('coco')) out.push(new CocoWriter(sink, layout, groups, rule));
  if (formats.includes('coco-panoptic')) out.push(new CocoPanopticWriter(sink, deflate, layout, groups, rule));
  if (formats.includes('kitti')) out.push(new KittiWriter(sink, layout, groups, rule));
  if (formats.includes('yolo')) out.push(new YoloWriter(sink, layout, groups, rule));
  if (formats.includes('cityscapes')) out.push(new CityscapesWriter(sink, deflate, layout));
  return out;
}

const RGB_PATH = /^(.+)\/rgb\/(\d{6,})\.png$/;

/**
 * The native data set plus any of the COCO, COCO panoptic, KITTI, YOLO and Cityscapes exports,
 * through one sink. The native writer is unchanged: the extra formats' files are hashed here and
 * merged into manifest.json's `files` (with a `formats` list) as the native writer writes it, so
 * the manifest still lists every file. Image copies (KITTI image_2, YOLO images, Cityscapes leftImg8bit) are the native RGB PNG
 * bytes, not re-encoded. The Cityscapes file names take the scenario name and seed from `info.spec`.
 * With only `native` the output is exactly the native writer's.
 */
export class DatasetWriter {
  private readonly native: NativeWriter;
  private readonly extras: FormatWriter[];
  private readonly extraSink: HashingSink;

  constructor(
    private readonly sink: DatasetSink,
    deflate: Deflate,
    private readonly info: DatasetInfo,
    readonly formats: readonly ExportFormat[] = ['native'],
    rule: LabelRule = DEFAULT_LABEL_RULE,
  ) {
    const problem = formatLayersProblem(formats, this.layers);
    if (problem) throw new Error(problem);
    this.extraSink = new HashingSink(sink);
    this.extras = formatWriters(formats, this.extraSink, deflate, CAPTURE_LAYOUT, [], rule);
    this.native = new NativeWriter({ write: (path, bytes) => this.nativeWrite(path, bytes) }, deflate, info);
  }

  /** The layers written (and so the layers the page must read back). */
  get layers(): readonly LayerChoice[] {
    return this.info.layers ?? DEFAULT_LAYERS;
  }

  async begin(): Promise<void> {
    await this.native.begin();
    for (const x of this.extras) await x.begin?.();
  }

  async addFrame(rec: FrameRecord): Promise<void> {
    const place = this.place(rec.camera, rec.index);
    await Promise.all([this.native.addFrame(rec), ...this.extras.map((x) => x.addFrame(rec, place))]);
  }

  /** Finish the extra formats, then the native writer (whose manifest.json comes last). */
  async finish(): Promise<{ frames: number; files: number }> {
    for (const x of this.extras) await x.finish();
    const r = await this.native.finish();
    return { frames: r.frames, files: r.files + this.extraSink.hashes.size };
  }

  private async nativeWrite(path: string, bytes: Uint8Array): Promise<void> {
    if (path === 'manifest.json' && this.extras.length > 0) bytes = this.mergeManifest(bytes);
    await this.sink.write(path, bytes);
    const m = RGB_PATH.exec(path);
    if (m) {
      const place = this.place(m[1]!, Number(m[2]!));
      for (const x of this.extras) {
        const copy = x.imageCopy?.(place);
        if (copy) await this.extraSink.write(copy, bytes);
      }
    }
  }

  private place(camera: string, index: number): FramePlace {
    return capturePlace(camera, index, this.info.spec.name, this.info.spec.seed);
  }

  private mergeManifest(bytes: Uint8Array): Uint8Array {
    const m = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown> & { files: Record<string, string> };
    const all = new Map([...Object.entries(m.files), ...this.extraSink.hashes]);
    const files = Object.fromEntries([...all.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const { files: _old, ...rest } = m;
    return formatJson({ ...rest, formats: [...this.formats], files });
  }
}
