// The /proc readers the bench sums browser memory with: parsing, the tree walk, and this process.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { argValue, descendants, parentMap, parseStatPpid, processTreeRss, statusBytes } from '../../src/cli/processMemory.ts';

describe('processMemory', () => {
  it('reads the parent id after the last parenthesis of the command name', () => {
    expect(parseStatPpid('42 (node) S 7 42 42 0 -1')).toBe(7);
    expect(parseStatPpid('43 (a (b) c) R 9 43 43 0 -1')).toBe(9);
  });

  it('reads kB fields of a status text as bytes, 0 when absent', () => {
    const status = 'Name:\tchromium\nVmRSS:\t  2048 kB\nRssAnon:\t    1024 kB\n';
    expect(statusBytes(status, 'VmRSS')).toBe(2048 * 1024);
    expect(statusBytes(status, 'RssAnon')).toBe(1024 * 1024);
    expect(statusBytes(status, 'RssShmem')).toBe(0);
  });

  it('finds --name=value in NUL- or space-separated command lines', () => {
    expect(argValue('chromium\0--type=renderer\0--x=1', 'type')).toBe('renderer');
    expect(argValue('/usr/lib/chromium/chromium --type=gpu-process --utility-sub-type=a.b', 'type')).toBe('gpu-process');
    expect(argValue('chromium --no-sandbox', 'type')).toBeUndefined();
  });

  it('walks every descendant of a root, root first', () => {
    const parents = new Map([
      [2, 1],
      [3, 1],
      [4, 2],
      [5, 9],
    ]);
    expect(descendants(1, parents).sort()).toEqual([1, 2, 3, 4]);
    expect(descendants(1, parents)[0]).toBe(1);
    expect(descendants(5, parents)).toEqual([5]);
  });

  it.runIf(existsSync('/proc/self/status'))('sums this process and a child it started', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { stdio: 'ignore' });
    try {
      await new Promise((r) => child.once('spawn', r));
      expect(parentMap().get(child.pid!)).toBe(process.pid);
      const tree = processTreeRss(process.pid);
      expect(tree[0]!.pid).toBe(process.pid);
      expect(tree.some((p) => p.pid === child.pid)).toBe(true);
      expect(tree[0]!.rssBytes).toBeGreaterThan(0);
      expect(tree[0]!.anonBytes).toBeLessThanOrEqual(tree[0]!.rssBytes);
    } finally {
      child.kill();
    }
  });
});
