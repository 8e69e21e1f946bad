// Whether python3 with numpy is on this machine: the tests that check our NumPy files against numpy itself need it.
import { execFileSync } from 'node:child_process';

export const hasNumpy = (() => {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
