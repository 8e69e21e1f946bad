// The resident memory of a process and all its descendants, from Linux's /proc: the bench sums it
// over the browser's processes (browser, GPU, renderers, utilities) to see whether it grows.
import { readdirSync, readFileSync } from 'node:fs';

/** One process of a tree: its id, its Chromium role (`--type=`, or 'browser' for the root), and its VmRSS with two of its parts. */
export interface ProcessRss {
  readonly pid: number;
  readonly role: string;
  readonly rssBytes: number;
  /** RssAnon: private memory (heaps). */
  readonly anonBytes: number;
  /** RssShmem: shared memory mapped in (also counted in the processes sharing it). */
  readonly shmemBytes: number;
}

/** Each live process's parent, from /proc/<pid>/stat; empty where there is no /proc. */
export function parentMap(): Map<number, number> {
  const parents = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return parents;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const stat = readText(`/proc/${e}/stat`);
    if (stat === null) continue; // exited meanwhile
    const ppid = parseStatPpid(stat);
    if (ppid !== null) parents.set(Number(e), ppid);
  }
  return parents;
}

/**
 * The parent id in a /proc/<pid>/stat line: `pid (comm) state ppid ...`. The command name may hold
 * spaces and parentheses, so the fields are read after its last ')'.
 */
export function parseStatPpid(stat: string): number | null {
  const rest = stat.slice(stat.lastIndexOf(')') + 1).trim().split(/\s+/);
  const ppid = Number(rest[1]);
  return Number.isInteger(ppid) ? ppid : null;
}

/** `root` and every process below it, from a map of each process's parent (root first, then breadth first). */
export function descendants(root: number, parents: ReadonlyMap<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const c of children.get(out[i]!) ?? []) out.push(c);
  return out;
}

/** A `<field>: <n> kB` line of a /proc/<pid>/status text (VmRSS, RssAnon...), bytes (0 when absent: a zombie or kernel thread). */
export function statusBytes(status: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

/**
 * The resident memory of `root` and its descendants, one entry a process still alive. VmRSS counts
 * pages shared between processes (libraries, shared memory between renderer and GPU process) in
 * each of them, so the sum overstates the total; it is meant for comparing a tree with itself.
 */
export function processTreeRss(root: number): ProcessRss[] {
  const out: ProcessRss[] = [];
  for (const pid of descendants(root, parentMap())) {
    const status = readText(`/proc/${pid}/status`);
    if (status === null) continue;
    const cmdline = readText(`/proc/${pid}/cmdline`) ?? '';
    const type = argValue(cmdline, 'type');
    const role = pid === root ? 'browser' : type === 'utility' ? utilityName(cmdline) : (type ?? 'other');
    out.push({ pid, role, rssBytes: statusBytes(status, 'VmRSS'), anonBytes: statusBytes(status, 'RssAnon'), shmemBytes: statusBytes(status, 'RssShmem') });
  }
  return out;
}

/** A Chromium utility process by its service (network, storage, audio...). */
function utilityName(cmdline: string): string {
  const s = argValue(cmdline, 'utility-sub-type');
  return s ? `utility ${s.replace(/^.*\./, '').replace(/Service$/, '')}` : 'utility';
}

/**
 * The value of `--name=value` in a /proc/<pid>/cmdline text. Arguments are NUL-separated, except
 * that Chromium's child processes rewrite their title into one space-separated string.
 */
export function argValue(cmdline: string, name: string): string | undefined {
  for (const a of cmdline.split(/[\0 ]/)) if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  return undefined;
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
