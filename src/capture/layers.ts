// Which per-pixel layers a capture makes: stated once here for the CLI (--layers), the page (what
// to draw and read back), the writers (what to write) and verify (what a frame must have).

/** The per-pixel layers of a frame (docs/dataset-format.md). Labels and the manifest are always written. */
export const LAYERS = ['rgb', 'depth', 'range', 'normals', 'flow', 'semantic', 'instance'] as const;
export type Layer = (typeof LAYERS)[number];

/**
 * Viewable PNG companions of the float layers, written only when asked for (no format needs
 * them): depth-png uint16 millimetres, normals-png 8 bits a component, flow-png KITTI's flow PNG.
 */
export const PNG_COMPANIONS = ['depth-png', 'normals-png', 'flow-png'] as const;
export type PngCompanion = (typeof PNG_COMPANIONS)[number];

export type LayerChoice = Layer | PngCompanion;

/** Every layer, none of the companions: what capture and generate write unless told otherwise. */
export const DEFAULT_LAYERS: readonly LayerChoice[] = LAYERS;

const ALL: readonly LayerChoice[] = [...LAYERS, ...PNG_COMPANIONS];

/**
 * Parse a comma-separated layer list ("rgb,depth", "all,depth-png"; `all` is every layer in
 * LAYERS): the layers in canonical order, or an error message naming the unknown ones.
 */
export function parseLayers(text: string): LayerChoice[] | string {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const known = `the layers are ${ALL.join(', ')} (and all = ${LAYERS.join(',')})`;
  if (names.length === 0) return `no layer given; ${known}`;
  const unknown = names.filter((n) => n !== 'all' && !(ALL as readonly string[]).includes(n));
  if (unknown.length > 0) return `unknown layer${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')}; ${known}`;
  const asked = new Set(names.flatMap((n) => (n === 'all' ? [...LAYERS] : [n])));
  return ALL.filter((l) => asked.has(l));
}

/**
 * What the page must read back for a set of layers. The id pass (semantic and instance) is always
 * drawn and read: every label (boxes, pixel counts, visibility) is made from it, and the writer
 * checks the labels against it. Depth comes with normals (one render target holds both) and is
 * read for flow too, whose checks need to know where there is no surface.
 */
export interface Readback {
  readonly rgb: boolean;
  /** The depth + normals target. */
  readonly depth: boolean;
  /** The flow target. */
  readonly flow: boolean;
}

export function readbackFor(layers: readonly LayerChoice[]): Readback {
  const has = (...l: LayerChoice[]) => l.some((x) => layers.includes(x));
  return {
    rgb: has('rgb'),
    depth: has('depth', 'range', 'normals', 'flow', 'depth-png', 'normals-png', 'flow-png'),
    flow: has('flow', 'flow-png'),
  };
}

/** Every layer read back: the authoring page and hand-made captures. */
export const READ_ALL: Readback = { rgb: true, depth: true, flow: true };
