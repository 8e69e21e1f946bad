#!/usr/bin/env node
// Installs what `npm run capture` and `npm test` need on a fresh clone, then runs them:
// npm dependencies (when package-lock.json changed since the last install) and a headless Chromium.
// Plain JavaScript with no dependencies: it runs before node_modules exists.
//
//   node scripts/bootstrap.mjs [--deps-only] longtail <args…>   run the CLI
//   node scripts/bootstrap.mjs [--deps-only] test [args…]       run vitest
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, accessSync, constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (msg) => process.stderr.write(`longtail: ${msg}\n`);
const die = (msg) => {
  say(msg);
  process.exit(1);
};

function checkNode() {
  const [maj, min] = process.versions.node.split('.').map(Number);
  if (maj < 20 || (maj === 20 && min < 19)) die(`Node ${process.versions.node} is too old; Longtail needs Node 20.19 or newer.`);
}

/** `npm ci` when node_modules is missing or was installed from another package-lock.json. */
function ensureDependencies() {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.longtail-installed');
  const want = existsSync(lock) ? createHash('sha256').update(readFileSync(lock)).digest('hex') : 'no-lockfile';
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  const args = existsSync(lock) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  say(`installing npm dependencies (npm ${args[0]})…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) die(`npm ${args[0]} failed (exit ${r.status ?? r.signal}); see the messages above.`);
  writeFileSync(stamp, want);
}

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const FIXED = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

function runs(path) {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return false;
  }
  // Ubuntu's chromium-browser may be a snap stub that cannot start here: ask it for its version.
  const r = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 20000 });
  return r.status === 0 && /chrom/i.test(r.stdout);
}

function findChromium() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (runs(fromEnv)) return fromEnv;
    die(`CHROME_PATH is set to '${fromEnv}', which is not a runnable Chrome or Chromium; fix or unset it.`);
  }
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of CANDIDATES) for (const d of dirs) if (runs(join(d, name))) return join(d, name);
  for (const p of FIXED) if (runs(p)) return p;
  return null;
}

function isDebianLike() {
  try {
    const os = readFileSync('/etc/os-release', 'utf8');
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(os);
  } catch {
    return false;
  }
}

function ensureChromium() {
  let path = findChromium();
  if (path) return path;
  const root_ = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.platform === 'linux' && isDebianLike() && root_) {
    say('no Chromium found; installing Debian\'s chromium with apt-get (about 20 s)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const up = spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'inherit', 'inherit'], env });
    const inst = up.status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (!inst || inst.status !== 0) die('apt-get could not install chromium; install Chromium or Chrome yourself and set CHROME_PATH to it.');
    path = findChromium();
    if (path) return path;
  }
  die(
    'no headless Chrome or Chromium found. Install one (Debian/Ubuntu: sudo apt-get install chromium; ' +
      'macOS: install Google Chrome) or set CHROME_PATH to its executable, then run this again.',
  );
}

function main() {
  checkNode();
  let args = process.argv.slice(2);
  const depsOnly = args[0] === '--deps-only';
  if (depsOnly) args = args.slice(1);
  ensureDependencies();
  const env = { ...process.env };
  if (!depsOnly) env.CHROME_PATH = ensureChromium();
  const [what, ...rest] = args;
  if (!what) return;
  let cmd;
  if (what === 'longtail') cmd = [join(root, 'bin', 'longtail.mjs'), ...rest];
  else if (what === 'test') cmd = [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...rest];
  else die(`bootstrap: unknown target '${what}'`);
  const r = spawnSync(process.execPath, cmd, { cwd: root, stdio: 'inherit', env });
  if (r.error) die(r.error.message);
  process.exit(r.status ?? 1);
}

main();
