// Progress of a long run on stderr: a live line on a terminal, a plain line every 10 s in a log,
// or JSON lines for a program to read.

export type ProgressMode = 'tty' | 'plain' | 'json' | 'none';

/** Seconds between lines when stderr is not a terminal. */
const PLAIN_EVERY_S = 10;

export class Progress {
  private done = 0;
  private frames = 0;
  /** Frames made in this run (kept samples do not count towards the rate). */
  private madeFrames = 0;
  private current = '';
  private readonly start = performance.now();
  private lastLine = performance.now();

  constructor(
    private readonly mode: ProgressMode,
    private readonly total: number,
    private readonly write: (s: string) => void = (s) => process.stderr.write(s),
  ) {}

  sampleStart(label: string): void {
    this.current = label;
    this.show(false);
  }

  frameDone(): void {
    this.frames++;
    this.madeFrames++;
    this.show(false);
  }

  /** A sample is committed: `frames` it holds; `kept` when an earlier run made it. */
  sampleDone(frames: number, kept: boolean): void {
    this.done++;
    if (kept) this.frames += frames;
    this.show(true);
  }

  end(): void {
    if (this.mode === 'tty' && this.done > 0) this.write('\n');
  }

  private show(sampleEnd: boolean): void {
    const s = (performance.now() - this.start) / 1000;
    const fps = s > 0 ? this.madeFrames / s : 0;
    const perSample = this.done > 0 ? s / this.done : 0;
    const eta = Math.max(0, (this.total - this.done) * perSample);
    if (this.mode === 'json') {
      if (sampleEnd) this.write(JSON.stringify({ done: this.done, total: this.total, frames: this.frames, fps: round2(fps), eta_s: Math.round(eta), current: this.current }) + '\n');
      return;
    }
    const line = `samples ${this.done}/${this.total}  frames ${this.frames}  ${fps.toFixed(1)} frames/s  ETA ${this.done > 0 ? clock(eta) : '?'}  ${this.current}`;
    if (this.mode === 'tty') this.write(`\r${line.padEnd(100).slice(0, 100)}`);
    else if (this.mode === 'plain' && (performance.now() - this.lastLine) / 1000 >= PLAIN_EVERY_S) {
      this.lastLine = performance.now();
      this.write(line + '\n');
    }
  }
}

const round2 = (v: number) => Math.round(v * 100) / 100;

function clock(s: number): string {
  const m = Math.floor(s / 60);
  return m >= 60 ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m` : `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}
