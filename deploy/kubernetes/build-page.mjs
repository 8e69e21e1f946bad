#!/usr/bin/env node
// Builds the capture page into the cache the CLI looks in (node_modules/.cache/longtail/app-<hash>,
// src/cli/appBuild.ts), so that pods started from the image find it there instead of each running
// vite at start. Run from the Dockerfile after every file the page is built from is in place: the
// cache key is a hash of those files (src, public, scenes, index.html, capture.html, vite.config.ts,
// package-lock.json), and a pod whose files hash differently builds the page again itself.
import { register } from 'tsx/esm/api';

register();
const { ROOT } = await import('../../src/cli/version.ts');
const { ensureAppBuilt } = await import('../../src/cli/appBuild.ts');
const dir = await ensureAppBuilt(ROOT, (m) => process.stderr.write(`${m}\n`));
process.stdout.write(`${dir}\n`);
