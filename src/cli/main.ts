import { LongtailError } from '../core/index.ts';
import { CAPTURE, captureCommand } from './capture.ts';
import { CHECK, checkCommand, SAMPLE, sampleCommand } from './check.ts';
import type { CommandSpec } from './args.ts';
import { VERSION } from './version.ts';

const COMMANDS: Record<string, { spec: CommandSpec; run: (argv: string[]) => Promise<number> }> = {
  capture: { spec: CAPTURE, run: captureCommand },
  check: { spec: CHECK, run: checkCommand },
  sample: { spec: SAMPLE, run: sampleCommand },
};

function usage(): string {
  const rows = Object.values(COMMANDS).map((c) => `  ${c.spec.name.padEnd(9)}${c.spec.summary.split('\n')[0]}`);
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
