// The camera's tone curve: three.js's ACES filmic (r187, the curve the canvas used before the effect
// chain) followed by the sRGB transfer function. GLSL for the final pass, and the same arithmetic in
// TypeScript so tests can map measured bytes back to linear light.

/** GLSL: ltToneMap(linear exposed RGB) → display-referred sRGB 0..1. */
export const TONE_MAP_GLSL = /* glsl */ `
vec3 ltRrtOdt(vec3 v) {
  vec3 a = v * (v + 0.0245786) - 0.000090537;
  vec3 b = v * (0.983729 * v + 0.4329510) + 0.238081;
  return a / b;
}
vec3 ltAces(vec3 color) {
  const mat3 inputMat = mat3(vec3(0.59719, 0.07600, 0.02840), vec3(0.35458, 0.90834, 0.13383), vec3(0.04823, 0.01566, 0.83777));
  const mat3 outputMat = mat3(vec3(1.60475, -0.10208, -0.00327), vec3(-0.53108, 1.10813, -0.07276), vec3(-0.07367, -0.00605, 1.07602));
  color *= 1.0 / 0.6;
  color = inputMat * color;
  color = ltRrtOdt(color);
  color = outputMat * color;
  return clamp(color, 0.0, 1.0);
}
vec3 ltSrgb(vec3 c) {
  return mix(pow(c, vec3(0.41666)) * 1.055 - vec3(0.055), c * 12.92, vec3(lessThanEqual(c, vec3(0.0031308))));
}
vec3 ltToneMap(vec3 linear) {
  return ltSrgb(ltAces(max(linear, vec3(0.0))));
}`;

type Rgb = [number, number, number];

const INPUT: readonly Rgb[] = [
  [0.59719, 0.076, 0.0284],
  [0.35458, 0.90834, 0.13383],
  [0.04823, 0.01566, 0.83777],
];
const OUTPUT: readonly Rgb[] = [
  [1.60475, -0.10208, -0.00327],
  [-0.53108, 1.10813, -0.07276],
  [-0.07367, -0.00605, 1.07602],
];

/** GLSL mat3(c0, c1, c2) * v: the columns weighted by v's components. */
function mul(cols: readonly Rgb[], v: Rgb): Rgb {
  return [0, 1, 2].map((i) => cols[0]![i]! * v[0] + cols[1]![i]! * v[1] + cols[2]![i]! * v[2]) as Rgb;
}

const rrtOdt = (v: number) => (v * (v + 0.0245786) - 0.000090537) / (v * (0.983729 * v + 0.432951) + 0.238081);
const srgb = (c: number) => (c <= 0.0031308 ? c * 12.92 : Math.pow(c, 0.41666) * 1.055 - 0.055);
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** The tone curve in TypeScript: linear exposed RGB → sRGB 0..1, as ltToneMap computes it. */
export function toneMap(linear: Rgb): Rgb {
  const c = mul(INPUT, linear.map((x) => Math.max(0, x) / 0.6) as Rgb).map(rrtOdt) as Rgb;
  return mul(OUTPUT, c).map((x) => srgb(clamp01(x))) as Rgb;
}

/** The inverse of a 3×3 matrix given as columns, as columns. */
function inverse(cols: readonly Rgb[]): Rgb[] {
  const [a, b, c] = cols as [Rgb, Rgb, Rgb];
  // Rows of the inverse are the cross products of the columns, over the determinant.
  const cross = (u: Rgb, v: Rgb): Rgb => [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
  const rows = [cross(b, c), cross(c, a), cross(a, b)];
  const det = a[0] * rows[0]![0] + a[1] * rows[0]![1] + a[2] * rows[0]![2];
  return [0, 1, 2].map((j) => rows.map((r) => r[j]! / det) as Rgb);
}
const INPUT_INV = inverse(INPUT);
const OUTPUT_INV = inverse(OUTPUT);

/** The x ≥ 0 with rrtOdt(x) = y: the root of (1 − 0.983729y)x² + (0.0245786 − 0.432951y)x − (0.000090537 + 0.238081y). */
function rrtOdtInverse(y: number): number {
  const a = 1 - 0.983729 * y;
  const b = 0.0245786 - 0.432951 * y;
  const c = -(0.000090537 + 0.238081 * y);
  return (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
}

const srgbInverse = (v: number) => (v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 1 / 0.41666));

/**
 * The linear exposed RGB whose tone-mapped value is `display` (sRGB 0..1), for reading light
 * levels back from an image. Exact where no channel was clipped at 0 or 1.
 */
export function untoneMap(display: Rgb): Rgb {
  const lin = display.map(srgbInverse) as Rgb;
  const fitted = mul(OUTPUT_INV, lin).map((y) => rrtOdtInverse(Math.min(y, 0.99))) as Rgb;
  return mul(INPUT_INV, fitted).map((x) => x * 0.6) as Rgb;
}

/** The linear grey level whose tone-mapped value is `display` (0..1). */
export function untoneGrey(display: number): number {
  const [r, g, b] = untoneMap([display, display, display]);
  return (r + g + b) / 3;
}
