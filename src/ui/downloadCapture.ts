import pkg from '../../package.json' with { type: 'json' };
import type { FrameRecord } from '../capture/index.ts';
import { NativeWriter, ZipSink } from '../export/index.ts';
import type { SceneSpec } from '../scenario/index.ts';
import { browserDeflate } from './browserDeflate.ts';

export const GENERATOR = { name: 'longtail', version: (pkg as { version: string }).version } as const;

/** One captured frame as a native-format data set in a zip (manifest.json, PNGs, .npz, labels). */
export async function zipCapture(rec: FrameRecord, spec: SceneSpec, scenarioSource: string): Promise<Uint8Array> {
  const sink = new ZipSink();
  const writer = new NativeWriter(sink, browserDeflate, {
    generator: GENERATOR,
    spec,
    scenarioSource,
    options: { tool: 'authoring page', camera: rec.camera, frame: rec.index },
  });
  await writer.begin();
  await writer.addFrame(rec);
  await writer.finish();
  return sink.finish();
}

/** `longtail-<scenario>-seed<seed>-frame<n>.zip`, with the scenario name made file-safe. */
export function captureFileName(spec: SceneSpec, index: number): string {
  const name = spec.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'scene';
  return `longtail-${name}-seed${spec.seed}-frame${index}.zip`;
}

/** Hand bytes to the browser as a download. */
export function saveBytes(bytes: Uint8Array, fileName: string, type = 'application/zip'): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken its copy by the next task; a minute is generous.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
