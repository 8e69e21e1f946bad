// CPU time of a process and all its descendants, from Linux's /proc: the bench measures node and
// the Chromium it drives together, since on a 2-core machine their sum is what bounds the rate.
import { readFileSync } from 'node:fs';
import { descendants, parentMap } from './processMemory.ts';

/** /proc reports times in USER_HZ, 100 a second on Linux whatever the kernel's own tick. */
const USER_HZ = 100;

/**
 * User + system CPU of `root` and its descendants so far, ms (0 where there is no /proc): each live
 * process's own time and that of its children it has reaped (a closed browser's among them), which
 * no live process counts twice.
 */
export function processTreeCpuMs(root: number = process.pid): number {
  let ticks = 0;
  for (const pid of descendants(root, parentMap())) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the command name: state ppid ... utime stime cutime cstime (12th to 15th), in ticks.
    const f = stat.slice(stat.lastIndexOf(')') + 1).trim().split(/\s+/);
    ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return (ticks * 1000) / USER_HZ;
}
