// `longtail bench` zip figures: --zip streamed to disk (ZipFileSink) at two data set sizes, its
// write and read-back speed and node's peak RSS over the run, against JSZip building the same
// archive in memory (the old way) at the smaller size. No browser: frame-like files from a seeded
// generator (incompressible PNG- and .npz-sized members, JSON labels).
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ZipSink } from '../export/index.ts';
import { listFiles } from './listFiles.ts';
import { ZipFileSink } from './ZipFileSink.ts';
import { ZipReader } from './ZipReader.ts';

/** Default size of the larger streamed data set, MB. */
export const ZIP_MB = 2048;
/** JSZip holds the archive and its files in memory: measured at no more than this, MB. */
const JSZIP_MAX_MB = 256;

const MB = 1 << 20;
const RGB_BYTES = 450_000;
const NPZ_BYTES = 1_100_000;

/** One frame's files, like a capture's: an RGB PNG and a float-layer .npz (stored), labels (deflated). */
class FrameFiles {
  private readonly rgb: Uint8Array;
  private readonly npz: Uint8Array;
  private readonly labels: Uint8Array;

  constructor() {
    const noise = new Uint8Array(RGB_BYTES + NPZ_BYTES);
    let x = 0x9e3779b9;
    for (let i = 0; i < noise.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      noise[i] = x & 0xff;
    }
    this.rgb = noise.subarray(0, RGB_BYTES);
    this.npz = noise.subarray(RGB_BYTES);
    const objects = Array.from({ length: 40 }, (_, i) => ({ id: i + 1, class: i % 3 ? 'car' : 'deer', box_2d: [i * 7, i * 3, i * 7 + 40, i * 3 + 30], visibility: 0.5 + (i % 5) / 10 }));
    this.labels = new TextEncoder().encode(JSON.stringify({ objects }, null, 1));
  }

  /** Frame i's files: the members differ by their first bytes, so each CRC is computed afresh. */
  frame(i: number): [string, Uint8Array][] {
    const n = String(i).padStart(6, '0');
    this.rgb[0] = i & 0xff;
    this.npz[0] = (i >> 8) & 0xff;
    return [
      [`front/rgb/${n}.png`, this.rgb],
      [`front/depth/${n}.npz`, this.npz],
      [`front/labels/${n}.json`, this.labels],
    ];
  }

  get bytesPerFrame(): number {
    return RGB_BYTES + NPZ_BYTES + this.labels.length;
  }
}

interface Figure {
  readonly way: string;
  readonly mb: number;
  readonly files: number;
  readonly writeMBs: number;
  readonly zipMB: number;
  readonly peakRssGrowthMB: number;
  readonly readMBs: number | null;
  /** Seconds of the commit: the central directory, and the copy into listFiles order when written out of it. */
  readonly commitS: number | null;
}

/** Stream `mb` MB of frames through `write`, sampling RSS after every frame. */
async function stream(files: FrameFiles, mb: number, write: (p: string, b: Uint8Array) => Promise<void>): Promise<{ frames: number; peak: number; base: number }> {
  const frames = Math.max(1, Math.round((mb * MB) / files.bytesPerFrame));
  const base = process.memoryUsage().rss;
  let peak = base;
  for (let i = 0; i < frames; i++) {
    for (const [p, b] of files.frame(i)) await write(p, b);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  return { frames, peak, base };
}

/** Read every member back (CRC checked), MB/s of member bytes. */
function readBack(zip: string): number {
  const t0 = performance.now();
  const r = new ZipReader(zip);
  let bytes = 0;
  for (const n of r.names()) bytes += r.read(n).length;
  r.close();
  return bytes / MB / ((performance.now() - t0) / 1000);
}

async function streamed(dir: string, files: FrameFiles, mb: number): Promise<Figure> {
  const zip = join(dir, `streamed-${mb}.zip`);
  const t0 = performance.now();
  const sink = new ZipFileSink(zip);
  const { frames, peak, base } = await stream(files, mb, (p, b) => sink.write(p, b));
  const tc = performance.now();
  await sink.commit();
  const secs = (performance.now() - t0) / 1000;
  const input = (frames * files.bytesPerFrame) / MB;
  const commitS = (performance.now() - tc) / 1000;
  const fig = { way: 'streamed (capture --zip)', mb: input, files: frames * 3, writeMBs: input / secs, zipMB: statSync(zip).size / MB, peakRssGrowthMB: (peak - base) / MB, readMBs: readBack(zip), commitS };
  rmSync(zip);
  return fig;
}

/** generate --zip's way: the files are on disk first, and each is streamed from its file. */
async function fromFolder(dir: string, files: FrameFiles, mb: number): Promise<Figure> {
  const folder = join(dir, `folder-${mb}`);
  const { frames } = await stream(files, mb, async (p, b) => {
    mkdirSync(dirname(join(folder, p)), { recursive: true });
    writeFileSync(join(folder, p), b);
  });
  const zip = `${folder}.zip`;
  const base = process.memoryUsage().rss;
  let peak = base;
  const t0 = performance.now();
  const sink = new ZipFileSink(zip);
  for (const p of listFiles(folder)) {
    await sink.writeFile(p, join(folder, p));
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const tc = performance.now();
  await sink.commit();
  const secs = (performance.now() - t0) / 1000;
  const input = (frames * files.bytesPerFrame) / MB;
  const commitS = (performance.now() - tc) / 1000;
  const fig = { way: 'from a folder (generate --zip)', mb: input, files: frames * 3, writeMBs: input / secs, zipMB: statSync(zip).size / MB, peakRssGrowthMB: (peak - base) / MB, readMBs: null, commitS };
  rmSync(zip);
  rmSync(folder, { recursive: true });
  return fig;
}

async function inMemory(dir: string, files: FrameFiles, mb: number): Promise<Figure> {
  const zip = join(dir, `jszip-${mb}.zip`);
  const t0 = performance.now();
  const sink = new ZipSink();
  // JSZip keeps a reference to each file's bytes: give it copies, as a capture's frames are.
  const { frames, peak, base } = await stream(files, mb, (p, b) => sink.write(p, b.slice()));
  const bytes = await sink.finish();
  const peakAfter = Math.max(peak, process.memoryUsage().rss);
  writeFileSync(zip, bytes);
  const secs = (performance.now() - t0) / 1000;
  const input = (frames * files.bytesPerFrame) / MB;
  const fig = { way: 'in memory (JSZip, before)', mb: input, files: frames * 3, writeMBs: input / secs, zipMB: bytes.length / MB, peakRssGrowthMB: (peakAfter - base) / MB, readMBs: null, commitS: null };
  rmSync(zip);
  return fig;
}

/** Print the zip figures: streamed at `mb` / 8 and `mb` MB, from a folder and with JSZip at the smaller size. */
export async function benchZip(mb: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'longtail-benchzip-'));
  const files = new FrameFiles();
  const small = Math.max(16, Math.round(mb / 8));
  const figures: Figure[] = [];
  try {
    await streamed(dir, files, 16); // warm up
    figures.push(await streamed(dir, files, small));
    figures.push(await streamed(dir, files, mb));
    figures.push(await fromFolder(dir, files, small));
    // Last: JSZip's memory is not all returned to the system afterwards.
    figures.push(await inMemory(dir, files, Math.min(small, JSZIP_MAX_MB)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const rows = [['way', 'data MB', 'files', 'write MB/s', 'of it commit s', 'zip MB', 'peak RSS growth MB', 'read back MB/s']];
  const opt = (v: number | null, digits: number) => (v === null ? '-' : v.toFixed(digits));
  for (const f of figures) rows.push([f.way, f.mb.toFixed(0), String(f.files), f.writeMBs.toFixed(0), opt(f.commitS, 1), f.zipMB.toFixed(0), f.peakRssGrowthMB.toFixed(0), opt(f.readMBs, 0)]);
  process.stdout.write(
    `\nzip (--zip): frame-like files (${(RGB_BYTES / 1e3).toFixed(0)} KB PNG and ${(NPZ_BYTES / 1e6).toFixed(1)} MB .npz stored, labels deflated) written to ${tmpdir()};\n` +
      `write MB/s: data over the whole run, commit included (capture's frames arrive out of listFiles order, so its commit copies the members into order;\n` +
      `generate --zip streams a folder's files in order: no copy); peak RSS growth: node's resident memory over the run above its start;\n` +
      `read back: every member read and CRC-checked with ZipReader (verify's reader)\n`,
  );
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) process.stdout.write(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ') + '\n');
}
