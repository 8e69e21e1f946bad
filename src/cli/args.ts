import { LongtailError } from '../core/index.ts';

export interface OptionSpec {
  readonly name: string;
  readonly value?: string; // placeholder for the value; absent for flags
  readonly help: string;
}

export interface CommandSpec {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly options: readonly OptionSpec[];
}

export interface Parsed {
  readonly positional: string[];
  /** Each option's last value (true for flags). */
  readonly options: Map<string, string | true>;
  /** Every value of options given more than once (--set a=1 --set b=2). */
  readonly lists: Map<string, string[]>;
}

/** Parse `--name value`, `--name=value` and flags against a command's options. */
export function parseArgs(cmd: CommandSpec, argv: readonly string[]): Parsed {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--') || a === '-') {
      if (a.startsWith('-') && a !== '-' && a !== '-h') throw usageError(cmd, `unknown option '${a}'`);
      if (a === '-h') options.set('help', true);
      else positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const spec = cmd.options.find((o) => o.name === name);
    if (!spec) {
      const near = cmd.options.map((o) => o.name).find((n) => editClose(n, name));
      throw usageError(cmd, `unknown option '--${name}'${near ? `; did you mean '--${near}'?` : ''}`);
    }
    if (!spec.value) {
      if (eq >= 0) throw usageError(cmd, `option '--${name}' takes no value`);
      options.set(name, true);
      continue;
    }
    const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw usageError(cmd, `option '--${name}' needs a value (${spec.value})`);
    options.set(name, value);
    lists.set(name, [...(lists.get(name) ?? []), value]);
  }
  return { positional, options, lists };
}

export function helpText(cmd: CommandSpec): string {
  const width = Math.max(...cmd.options.map((o) => o.name.length + (o.value ? o.value.length + 1 : 0))) + 4;
  const lines = cmd.options.map((o) => `  --${(o.name + (o.value ? ` ${o.value}` : '')).padEnd(width)}${o.help}`);
  return `usage: ${cmd.usage}\n\n${cmd.summary}\n\noptions:\n${lines.join('\n')}\n`;
}

export function usageError(cmd: CommandSpec, message: string): LongtailError {
  return new LongtailError(`longtail ${cmd.name}: ${message}\nrun 'longtail ${cmd.name} --help' for the options`, 'usage');
}

export function intOption(cmd: CommandSpec, p: Parsed, name: string, min: number, max: number): number | undefined {
  const v = p.options.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw usageError(cmd, `--${name} must be a whole number from ${min} to ${max}, not '${String(v)}'`);
  }
  return n;
}

export function sizeOption(cmd: CommandSpec, p: Parsed, name: string): [number, number] | undefined {
  const v = p.options.get(name);
  if (v === undefined) return undefined;
  const m = typeof v === 'string' ? /^(\d+)x(\d+)$/.exec(v) : null;
  const w = m ? Number(m[1]) : 0;
  const h = m ? Number(m[2]) : 0;
  if (!m || w < 16 || h < 16 || w > 8192 || h > 8192) throw usageError(cmd, `--${name} must be WIDTHxHEIGHT between 16x16 and 8192x8192, such as 640x480, not '${String(v)}'`);
  return [w, h];
}

function editClose(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2) return false;
  let diff = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) diff++;
  return diff <= 2 || a.startsWith(b) || b.startsWith(a);
}
