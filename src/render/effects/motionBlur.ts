import * as THREE from 'three';
import { FullscreenPass, imageTarget, passMaterial } from './fullscreen.ts';

// Motion blur from the known optical flow (the ground-truth flow pass, already drawn for the
// labels, so the blur costs four image passes and no extra geometry): with the shutter open for
// a fraction s of the frame interval, a point moving f pixels a frame smears over s·f pixels,
// centred on where it is at the frame's instant (so the sharp labels sit in the middle of the
// smear).
//
// Each pixel X averages what it saw at 8 instants t across the shutter (jittered per pixel,
// so the steps show as fine noise, not bands). At instant t (−½..½ of the shutter), a surface
// moving with image motion m was at its current place + m·t, so X saw the surface that is now at
// X − m·t. Two candidates: the surface moving with the fastest motion nearby (the longest motion of
// the 3×3 tiles of 16×16 pixels around X, as in McGuire et al. 2012), taken if it really moves so
// (its own motion within 30 % of that) and is not behind what X shows now; else X's own surface,
// followed along X's own motion. So a moving object smears over a still background, the background
// shows through its trailing edge, and a still pole in front of a passing car stays sharp.
//
// Colour, motion and depth are packed into one RGBA32F texel first, so a candidate is one fetch.

/** Tile side, pixels. */
export const BLUR_TILE = 16;
/** Instants sampled across the shutter. */
const SAMPLES = 8;
/** Longest smear, pixels: a smear reaches one tile either side of a pixel. */
const MAX_SMEAR = 2 * BLUR_TILE;

/** GLSL: a pixel's motion during the whole shutter (motion × shutter), window axes (y up), from the flow output. */
const SMEAR = /* glsl */ `
uniform float shutter;
vec2 smear(vec4 flow) {
  if (flow.b != 1.0) return vec2(0.0); // no surface, or not in front of the previous camera
  vec2 v = shutter * vec2(flow.r, -flow.g);
  float len = length(v);
  return len > ${MAX_SMEAR}.0 ? v * (${MAX_SMEAR}.0 / len) : v;
}`;

/**
 * RGB colour, and in A: the smear (x, y), each in quarter pixels offset by 128 (−32..31.75
 * pixels), and depth as round(21.25 × (log2(depth) + 1)), 0..255 for 0.5 m to 2 km (the sky as
 * far): x × 65536 + y × 256 + depth, an integer below 2²⁴, so exact in a float.
 */
const PACK_FRAG = /* glsl */ `
uniform sampler2D image;
uniform highp sampler2D flow;
uniform highp sampler2D depth;
${SMEAR}
out vec4 fragColor;
void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  vec2 m = clamp(floor(4.0 * smear(texelFetch(flow, p, 0)) + 0.5) + 128.0, 0.0, 255.0);
  float z = texelFetch(depth, p, 0).r;
  float zq = z > 0.0 ? clamp(floor(21.25 * (log2(z) + 1.0) + 0.5), 0.0, 255.0) : 255.0;
  fragColor = vec4(texelFetch(image, p, 0).rgb, m.x * 65536.0 + m.y * 256.0 + zq);
}`;

const TILE_MAX_FRAG = /* glsl */ `
uniform highp sampler2D flow;
uniform ivec2 size;
${SMEAR}
out vec4 fragColor;
void main() {
  ivec2 base = ivec2(gl_FragCoord.xy) * ${BLUR_TILE};
  vec2 best = vec2(0.0);
  float bestLen = 0.0;
  for (int j = 0; j < ${BLUR_TILE}; j++) {
    for (int i = 0; i < ${BLUR_TILE}; i++) {
      ivec2 p = min(base + ivec2(i, j), size - 1);
      vec2 v = smear(texelFetch(flow, p, 0));
      float len = dot(v, v);
      if (len > bestLen) { bestLen = len; best = v; }
    }
  }
  fragColor = vec4(best, 0.0, 1.0);
}`;

const NEIGHBOUR_MAX_FRAG = /* glsl */ `
uniform highp sampler2D tiles;
out vec4 fragColor;
void main() {
  ivec2 t = ivec2(gl_FragCoord.xy);
  ivec2 last = textureSize(tiles, 0) - 1;
  vec2 best = vec2(0.0);
  float bestLen = 0.0;
  for (int j = -1; j <= 1; j++) {
    for (int i = -1; i <= 1; i++) {
      vec2 v = texelFetch(tiles, clamp(t + ivec2(i, j), ivec2(0), last), 0).rg;
      float len = dot(v, v);
      if (len > bestLen) { bestLen = len; best = v; }
    }
  }
  fragColor = vec4(best, 0.0, 1.0);
}`;

const RECONSTRUCT_FRAG = /* glsl */ `
uniform highp sampler2D pixels;
uniform highp sampler2D neighbours;
out vec4 fragColor;
// Smear (pixels, window axes) and depth code of a packed texel.
vec3 unpack(float a) {
  float x = floor(a / 65536.0);
  float y = floor((a - x * 65536.0) / 256.0);
  return vec3((vec2(x, y) - 128.0) * 0.25, a - x * 65536.0 - y * 256.0);
}
void main() {
  ivec2 x = ivec2(gl_FragCoord.xy);
  vec4 cx = texelFetch(pixels, x, 0);
  vec2 mn = texelFetch(neighbours, x / ${BLUR_TILE}, 0).rg;
  if (length(mn) < 0.5) { fragColor = vec4(cx.rgb, 1.0); return; } // nothing nearby moves: the pixel as it is
  ivec2 last = textureSize(pixels, 0) - 1;
  vec3 px = unpack(cx.a);
  float tolerance = 0.3 * length(mn) + 0.25;
  bool ownIsFastest = length(px.xy - mn) <= tolerance;
  bool still = length(px.xy) < 1.0; // X's own smear is under a pixel: its own surface is cx all along
  // Interleaved gradient noise (Jimenez 2014): a fixed per-pixel offset of the sampled instants.
  float jitter = fract(52.9829189 * fract(dot(gl_FragCoord.xy, vec2(0.06711056, 0.00583715))));
  vec3 sum = vec3(0.0);
  for (int i = 0; i < ${SAMPLES}; i++) {
    float t = (float(i) + jitter) / ${SAMPLES}.0 - 0.5;
    vec4 c = texelFetch(pixels, clamp(ivec2(floor(vec2(x) + 0.5 - mn * t)), ivec2(0), last), 0);
    vec3 pc = unpack(c.a);
    // Not the fast surface, or behind what X shows (one depth step is 3.3 %): X's own surface instead.
    if (length(pc.xy - mn) > tolerance || pc.z > px.z + 1.0) {
      // (Moving like the fast surface, X's own surface at that instant is the one just fetched.)
      if (still) c = cx;
      else if (!ownIsFastest) c = texelFetch(pixels, clamp(ivec2(floor(vec2(x) + 0.5 - px.xy * t)), ivec2(0), last), 0);
    }
    sum += c.rgb;
  }
  fragColor = vec4(sum / ${SAMPLES}.0, 1.0);
}`;

/** Per-pixel motion and depth of the frame: the ground-truth pass's flow and depth outputs. */
export interface MotionInputs {
  /** RGBA32F: R, G flow in pixels (x right, y down), B = 1 where valid. */
  readonly flow: THREE.Texture;
  /** RGBA32F: R planar depth in metres, 0 where nothing was hit. */
  readonly depth: THREE.Texture;
}

export class MotionBlur {
  private packed: THREE.WebGLRenderTarget | null = null;
  private tiles: THREE.WebGLRenderTarget | null = null;
  private neighbours: THREE.WebGLRenderTarget | null = null;
  private out: THREE.WebGLRenderTarget | null = null;
  private readonly packMaterial = passMaterial(PACK_FRAG, { image: { value: null }, flow: { value: null }, depth: { value: null }, shutter: { value: 0 } });
  private readonly tileMaterial = passMaterial(TILE_MAX_FRAG, { flow: { value: null }, size: { value: new THREE.Vector2() }, shutter: { value: 0 } });
  private readonly neighbourMaterial = passMaterial(NEIGHBOUR_MAX_FRAG, { tiles: { value: null } });
  private readonly material = passMaterial(RECONSTRUCT_FRAG, { pixels: { value: null }, neighbours: { value: null } });

  /** `image` smeared over `shutter` (0..1) of each pixel's motion; a new texture of the same size. */
  run(renderer: THREE.WebGLRenderer, pass: FullscreenPass, image: THREE.Texture, motion: MotionInputs, shutter: number, width: number, height: number): THREE.Texture {
    this.ensure(width, height);
    const pack = this.packMaterial.uniforms;
    pack.image!.value = image;
    pack.flow!.value = motion.flow;
    pack.depth!.value = motion.depth;
    pack.shutter!.value = shutter;
    pass.draw(renderer, this.packMaterial, this.packed!);
    const tile = this.tileMaterial.uniforms;
    tile.flow!.value = motion.flow;
    (tile.size!.value as THREE.Vector2).set(width, height);
    tile.shutter!.value = shutter;
    pass.draw(renderer, this.tileMaterial, this.tiles!);
    this.neighbourMaterial.uniforms.tiles!.value = this.tiles!.texture;
    pass.draw(renderer, this.neighbourMaterial, this.neighbours!);
    this.material.uniforms.pixels!.value = this.packed!.texture;
    this.material.uniforms.neighbours!.value = this.neighbours!.texture;
    pass.draw(renderer, this.material, this.out!);
    return this.out!.texture;
  }

  private ensure(width: number, height: number): void {
    if (this.out && this.out.width === width && this.out.height === height) return;
    this.disposeTargets();
    const tw = Math.ceil(width / BLUR_TILE);
    const th = Math.ceil(height / BLUR_TILE);
    this.packed = imageTarget(width, height, THREE.FloatType, THREE.NearestFilter);
    this.tiles = imageTarget(tw, th, THREE.HalfFloatType, THREE.NearestFilter);
    this.neighbours = imageTarget(tw, th, THREE.HalfFloatType, THREE.NearestFilter);
    this.out = imageTarget(width, height, THREE.HalfFloatType);
  }

  private disposeTargets(): void {
    for (const t of [this.packed, this.tiles, this.neighbours, this.out]) t?.dispose();
    this.packed = this.tiles = this.neighbours = this.out = null;
  }

  dispose(): void {
    this.disposeTargets();
    for (const m of [this.packMaterial, this.tileMaterial, this.neighbourMaterial, this.material]) m.dispose();
  }
}
