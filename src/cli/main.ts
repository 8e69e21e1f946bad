import { LongtailError } from '../core/index.ts';
import { VERSION } from './version.ts';

// Commands load on demand: `check` and `sample` need no browser, three.js or vite.
const COMMANDS: Record<string, { summary: string; run: (argv: string[]) => Promise<number> }> = {
  generate: {
    summary: 'make a data set: many samples over scenarios, split, stratified, in every format',
    run: async (argv) => (await import('./generate.ts')).generateCommand(argv),
  },
  merge: {
    summary: 'join the shards of a data set (generate --shard i/n) into the one data set, byte for byte',
    run: async (argv) => (await import('./merge.ts')).mergeCommand(argv),
  },
  capture: {
    summary: 'simulate one sample of a scenario headless and write it with its labels',
    run: async (argv) => (await import('./capture.ts')).captureCommand(argv),
  },
  check: {
    summary: 'parse, type-check and trial-sample scenarios; print every problem',
    run: async (argv) => (await import('./check.ts')).checkCommand(argv),
  },
  sample: {
    summary: 'print the sampled SceneSpec of a scenario as JSON',
    run: async (argv) => (await import('./check.ts')).sampleCommand(argv),
  },
  verify: {
    summary: 're-check a data set: manifest, file hashes, every frame decoded and checked',
    run: async (argv) => (await import('./verify.ts')).verifyCommand(argv),
  },
  preview: {
    summary: 'render sampled variations of scenarios into one contact-sheet PNG',
    run: async (argv) => (await import('./preview.ts')).previewCommand(argv),
  },
  export: {
    summary: 'write the scene at one frame as binary glTF (.glb): meshes, materials, camera, lights',
    run: async (argv) => (await import('./export.ts')).exportCommand(argv),
  },
  bench: {
    summary: 'measure sampling, physics and capture speed',
    run: async (argv) => (await import('./bench.ts')).benchCommand(argv),
  },
};

function usage(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(9)}${c.summary}`);
  return `longtail ${VERSION}: labelled training data for rare road events\n\nusage: longtail <command> [options]\n\ncommands:\n${rows.join('\n')}\n\nrun 'longtail <command> --help' for a command's options\n`;
}

/** Run the CLI; returns the exit code. User errors print one clear message, never a stack. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    process.stderr.write(`longtail: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    if (e instanceof LongtailError) {
      process.stderr.write(`${e.message}\n`);
      return e.kind === 'usage' ? 2 : 1;
    }
    process.stderr.write(`longtail ${name}: internal error (a bug in Longtail, please report it):\n${(e as Error).stack ?? String(e)}\n`);
    return 70;
  }
}
