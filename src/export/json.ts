/**
 * JSON with one key per line but arrays of numbers kept on one line, so a 4x4 matrix or a box
 * reads as a row, and files stay diffable. Deterministic: same value, same bytes.
 */
export function formatJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(format(value, '') + '\n');
}

function format(v: unknown, indent: string): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  const inner = indent + ' ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every((x) => x === null || typeof x !== 'object')) return `[${v.map((x) => JSON.stringify(x) ?? 'null').join(', ')}]`;
    if (v.every((x) => Array.isArray(x) && x.every((y) => typeof y !== 'object'))) {
      return `[${v.map((x) => format(x, inner)).join(', ')}]`;
    }
    return `[\n${v.map((x) => inner + format(x, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${format(x, inner)}`).join(',\n')}\n${indent}}`;
}
