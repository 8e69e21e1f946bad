#!/usr/bin/env node
// The `longtail` command. The CLI is TypeScript; tsx's loader runs it in place on Node 20.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
