// CPU time of a process and all its descendants, from Linux's /proc: the bench measures node and
// the Chromium it drives together, since on a 2-core machine their sum is what bounds the rate.
import { readFileSync } from 'node:fs';
import { descendants, parentMap } from './processMemory.ts';

/** /proc reports times in USER_HZ, 100 a second on Linux whatever the kernel's own tick. */
const USER_HZ = 100;

/** Each live process below `root` (and root) by `pid:starttime`, with its user + system CPU so far, ms. */
function treeCpu(root: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of descendants(root, parentMap())) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the command name: state ppid ... utime stime (12th, 13th) ... starttime (20th).
    const f = stat.slice(stat.lastIndexOf(')') + 1).trim().split(/\s+/);
    out.set(`${pid}:${f[19]}`, ((Number(f[11]) + Number(f[12])) * 1000) / USER_HZ);
  }
  return out;
}

/**
 * Measures the CPU a process tree uses while it runs, Chromium's processes among it. Chromium's
 * renderers are reaped by its zygote, which does not wait for them, so their time never reaches a
 * parent's cutime: the meter reads every live process every `everyMs` and adds up what each used
 * since it was first seen (a process that ends loses at most its last interval).
 */
export class CpuMeter {
  private readonly first = new Map<string, number>();
  private readonly last = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly root: number = process.pid, everyMs = 200) {
    for (const [k, v] of treeCpu(root)) this.first.set(k, v);
    this.timer = setInterval(() => this.read(), everyMs);
    this.timer.unref();
  }

  private read(): void {
    for (const [k, v] of treeCpu(this.root)) {
      if (!this.first.has(k)) this.first.set(k, 0); // born since the start: all its time counts
      this.last.set(k, v);
    }
  }

  /** Stop, and give the CPU used since the start, ms. */
  stop(): number {
    this.read();
    clearInterval(this.timer);
    let sum = 0;
    for (const [k, v] of this.last) sum += v - (this.first.get(k) ?? 0);
    return sum;
  }
}
