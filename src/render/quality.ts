// Picture quality presets: how much work the RGB image gets. Stated once here for the renderer,
// the page and the CLI (`--quality`); the ground-truth layers and labels never depend on them.

export interface QualitySpec {
  /** MSAA samples of the scene render (capped at the GPU's maximum). */
  readonly msaa: number;
  /** The scene is drawn at this many times the width and height and box-filtered down (SSAA). */
  readonly supersample: number;
  /** Width and height of the sun's shadow map, texels (covers 120 × 120 m around the scene). */
  readonly sunShadowMap: number;
  /** Shadow edge filtering: 'basic' hard-edged, 'pcf' filtered over sunShadowRadius texels. */
  readonly shadowFilter: 'basic' | 'pcf';
  /** PCF filter radius of the sun's shadow, texels (three's default 1). */
  readonly sunShadowRadius: number;
}

/**
 * draft: for quick looks and label-only work; standard: the default look, the one every picture
 * before presets had; final: 2 × 2 supersampling on top of MSAA and a sun shadow map of twice the resolution.
 * Their costs per frame are measured by `npm run bench` and given in docs/datasets.md.
 */
export const QUALITY_PRESETS = {
  draft: { msaa: 0, supersample: 1, sunShadowMap: 1024, shadowFilter: 'basic', sunShadowRadius: 1 },
  standard: { msaa: 4, supersample: 1, sunShadowMap: 2048, shadowFilter: 'pcf', sunShadowRadius: 1 },
  // 3 cm texels, filtered over 2 of them: the same 6 cm penumbra as standard, with finer edges.
  final: { msaa: 4, supersample: 2, sunShadowMap: 4096, shadowFilter: 'pcf', sunShadowRadius: 2 },
} as const satisfies Record<string, QualitySpec>;

export type Quality = keyof typeof QUALITY_PRESETS;
export const QUALITIES = Object.keys(QUALITY_PRESETS) as Quality[];
export const DEFAULT_QUALITY: Quality = 'standard';

export function isQuality(q: unknown): q is Quality {
  return typeof q === 'string' && Object.prototype.hasOwnProperty.call(QUALITY_PRESETS, q);
}
