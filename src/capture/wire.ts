import type { FrameRecord } from './FrameRecord.ts';

// The bytes of a FrameRecord on its way from the page to node: a little-endian u32 header length,
// the header as JSON (labels and layout), then each array's raw bytes at 8-byte aligned offsets.
// Raw typed-array bytes over HTTP beat base64 through the DevTools protocol several times.

const LAYERS = ['rgb', 'depth', 'normals', 'flow', 'semantic', 'instance'] as const;
type Layer = (typeof LAYERS)[number];
const CTOR = { rgb: Uint8Array, depth: Float32Array, normals: Float32Array, flow: Float32Array, semantic: Uint8Array, instance: Uint16Array } as const;

interface Header {
  readonly meta: Omit<FrameRecord, Layer>;
  readonly layers: { readonly name: Layer; readonly offset: number; readonly bytes: number }[];
}

/**
 * The payload as parts to send as one Blob (`new Blob(parts)`): the header, then each array's own
 * bytes with zero padding between, no copy made here (the Blob takes the one copy).
 */
export function encodeFrameParts(rec: FrameRecord): Uint8Array[] {
  const { rgb, depth, normals, flow, semantic, instance, ...meta } = rec;
  const arrays: Partial<Record<Layer, ArrayBufferView>> = { rgb, depth, normals, flow, semantic, instance };
  const layers: Header['layers'] = [];
  let offset = 0;
  for (const name of LAYERS) {
    const a = arrays[name];
    if (!a) continue; // optional layers may be absent
    layers.push({ name, offset, bytes: a.byteLength });
    offset += align8(a.byteLength);
  }
  const json = new TextEncoder().encode(JSON.stringify({ meta, layers } satisfies Header));
  const head = new Uint8Array(align8(4 + json.length));
  new DataView(head.buffer).setUint32(0, json.length, true);
  head.set(json, 4);
  const parts: Uint8Array[] = [head];
  for (const l of layers) {
    const a = arrays[l.name]!;
    parts.push(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    const pad = align8(l.bytes) - l.bytes;
    if (pad) parts.push(new Uint8Array(pad));
  }
  return parts;
}

/** The payload as one array (the parts of encodeFrameParts joined). */
export function encodeFrame(rec: FrameRecord): Uint8Array {
  const parts = encodeFrameParts(rec);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
}

export function decodeFrame(bytes: Uint8Array): FrameRecord {
  if (bytes.length < 4) throw new Error('frame payload too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = view.getUint32(0, true);
  if (4 + len > bytes.length) throw new Error('frame payload header overruns the data');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + len))) as Header;
  const start = align8(4 + len);
  const out: Record<string, unknown> = { ...header.meta };
  for (const l of header.layers) {
    if (start + l.offset + l.bytes > bytes.length) throw new Error(`frame payload truncated in layer ${l.name}`);
    const C = CTOR[l.name];
    const at = bytes.byteOffset + start + l.offset;
    // A view in place where the body's offset suits the array type (the server's buffers start at 0); else a copy.
    out[l.name] = at % C.BYTES_PER_ELEMENT === 0 ? new C(bytes.buffer as ArrayBuffer, at, l.bytes / C.BYTES_PER_ELEMENT) : new C(bytes.slice(start + l.offset, start + l.offset + l.bytes).buffer, 0, l.bytes / C.BYTES_PER_ELEMENT);
  }
  return out as unknown as FrameRecord;
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
