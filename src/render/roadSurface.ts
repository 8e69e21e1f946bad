import * as THREE from 'three';
import { Rng } from '../core/index.ts';
import type { EnvironmentSpec, RoadSpec } from '../scenario/index.ts';
import { skyColors } from './sky.ts';

// The weather's mark on the ground: a wet road is darker and glossier, with puddles of standing
// water that mirror lights and sky; snow whitens the verges and dusts the road, leaving the tyre
// tracks dark. Look only: the materials change, the geometry (and so every label) does not.

/** Which surface a material paints; each takes water and snow its own way. */
export type SurfaceKind = 'asphalt' | 'shoulder' | 'marking' | 'terrain';

/** The weather the ground shows, resolved from the environment and the seed. */
export interface SurfaceLook {
  /** Water film 0..1: darkens and smooths every surface. */
  readonly wetness: number;
  /** Snow cover 0..1 of the ground (snow falls on verges first, tyres keep tracks clear). */
  readonly snowCover: number;
  /** Noise level above which water stands in puddles; above any noise value when there are none. */
  readonly puddleThreshold: number;
  /** Where the puddles lie: an offset into the noise field, from the seed. */
  readonly noiseOffset: readonly [number, number];
  /** Sky radiance (linear) that wet surfaces reflect. */
  readonly sky: THREE.Color;
}

/** A dry ground, untouched: materials keep exactly their own look. */
export const DRY: SurfaceLook = { wetness: 0, snowCover: 0, puddleThreshold: Infinity, noiseOffset: [0, 0], sky: new THREE.Color(0, 0, 0) };

/** Wetness below which no water stands; at wetness 1 the threshold is PUDDLE_LEVEL_WET. */
const PUDDLE_ONSET = 0.4;
const PUDDLE_LEVEL_DRY = 1;
const PUDDLE_LEVEL_WET = 0.62;
/** Snow cover reaches 1 at this snowfall intensity. */
const FULL_COVER_SNOW = 0.5;

/** The ground's look for an environment; `seed` places the puddles. */
export function surfaceLook(env: EnvironmentSpec, seed: number): SurfaceLook {
  const wetness = clamp01(env.wetness);
  const rng = new Rng(seed, 'puddles');
  const onset = THREE.MathUtils.smoothstep(wetness, PUDDLE_ONSET, 1);
  const colors = skyColors(env);
  return {
    wetness,
    snowCover: clamp01(env.snow / FULL_COVER_SNOW),
    puddleThreshold: wetness > PUDDLE_ONSET ? PUDDLE_LEVEL_DRY + (PUDDLE_LEVEL_WET - PUDDLE_LEVEL_DRY) * onset : Infinity,
    noiseOffset: [rng.uniform(0, 1000), rng.uniform(0, 1000)],
    // In fog the surroundings a wet road mirrors are the fog itself.
    sky: env.fogDensity > 0 ? colors.fog : colors.sky,
  };
}

/** Dry roughness → roughness fully wet, and the albedo lost when fully wet, per surface. */
const WET: Record<SurfaceKind, { roughness: number; darken: number }> = {
  asphalt: { roughness: 0.15, darken: 0.5 },
  shoulder: { roughness: 0.2, darken: 0.45 },
  marking: { roughness: 0.2, darken: 0.2 },
  terrain: { roughness: 0.85, darken: 0.25 },
};

/**
 * A surface's roughness and albedo factor under a water film of `wetness` (0..1): both move
 * linearly from the dry values to the wet ones (water fills the texture's pores: smoother, darker).
 */
export function wetSurface(kind: SurfaceKind, dryRoughness: number, wetness: number): { roughness: number; albedo: number } {
  const w = clamp01(wetness);
  const wet = WET[kind];
  return { roughness: dryRoughness + (Math.min(wet.roughness, dryRoughness) - dryRoughness) * w, albedo: 1 - wet.darken * w };
}

/** Roughness of standing water, and how much of the albedo under it still shows. */
const PUDDLE_ROUGHNESS = 0.05;
const PUDDLE_ALBEDO = 0.7;
/** Snow: albedo (linear) and roughness. */
const SNOW_ALBEDO = 0.8;
const SNOW_ROUGHNESS = 0.9;

const KIND_DEFINE: Record<SurfaceKind, string> = { asphalt: 'SURFACE_ROAD', shoulder: 'SURFACE_SHOULDER', marking: 'SURFACE_ROAD', terrain: 'SURFACE_TERRAIN' };

const VERT_PARS = /* glsl */ `
varying vec2 vSurfST;
varying vec2 vSurfXY;`;

// uv of the road's ribbons is (s, t) in metres: along the road, and left of its reference line.
const VERT = /* glsl */ `
vSurfST = uv;
vSurfXY = ( modelMatrix * vec4( transformed, 1.0 ) ).xy;`;

const FRAG_PARS = /* glsl */ `
uniform float surfWet;
uniform float surfSnow;
uniform float surfPuddle;
uniform vec2 surfOffset;
uniform vec3 surfSky;
uniform float surfHalfWidth;
uniform float surfLaneWidth;
varying vec2 vSurfST;
varying vec2 vSurfXY;
float surfWater = 0.0;
float surfSnowMask = 0.0;
// Integer hash of a lattice cell (cells offset to stay positive), then bilinear value noise in 0..1.
float surfHash( ivec2 c ) {
  uvec2 q = uvec2( c + 65536 );
  uint h = q.x * 0x8da6b343u ^ q.y * 0xd8163841u;
  h ^= h >> 16; h *= 0x7feb352du; h ^= h >> 15; h *= 0x846ca68bu; h ^= h >> 16;
  return float( h >> 8 ) / 16777215.0;
}
float surfNoise( vec2 p ) {
  vec2 i = floor( p );
  vec2 f = p - i;
  vec2 u = f * f * ( 3.0 - 2.0 * f );
  ivec2 c = ivec2( i );
  return mix( mix( surfHash( c ), surfHash( c + ivec2( 1, 0 ) ), u.x ), mix( surfHash( c + ivec2( 0, 1 ) ), surfHash( c + ivec2( 1, 1 ) ), u.x ), u.y );
}`;

// Each part is compiled in only when the ground has it (SURFACE_SNOW, SURFACE_PUDDLES): noise is
// what the wet road costs per pixel, and a merely damp road needs none.
const FRAG_MASKS = /* glsl */ `
{
#ifdef SURFACE_TERRAIN
#ifdef SURFACE_SNOW
  float n = surfNoise( vSurfXY / 3.0 + surfOffset );
  surfSnowMask = surfSnow * ( 0.75 + 0.25 * n );
#endif
#elif defined( SURFACE_SNOW ) || defined( SURFACE_PUDDLES )
  vec2 st = vSurfST;
  float n = 0.7 * surfNoise( st / 2.5 + surfOffset ) + 0.3 * surfNoise( st / 0.8 + surfOffset.yx );
  // Near the edges water runs off the crown and snow is not cleared.
  float edge = smoothstep( surfHalfWidth - 1.0, surfHalfWidth + 0.05, abs( st.y ) );
#ifdef SURFACE_ROAD
  // Wheel paths, 0.8 m either side of each lane's centre: ruts where water gathers and tyres clear snow.
  float inLane = mod( st.y + surfHalfWidth, surfLaneWidth ) - 0.5 * surfLaneWidth;
  float track = ( 1.0 - smoothstep( 0.12, 0.3, abs( abs( inLane ) - 0.8 ) ) ) * ( 1.0 - edge );
#ifdef SURFACE_SNOW
  float dust = surfNoise( st * vec2( 0.5, 2.0 ) + surfOffset );
  surfSnowMask = surfSnow * clamp( 0.2 + 0.6 * dust + 0.8 * edge, 0.0, 1.0 ) * ( 1.0 - 0.9 * track );
#endif
  n += 0.08 * track + 0.06 * edge;
#else
#ifdef SURFACE_SNOW
  surfSnowMask = surfSnow * ( 0.55 + 0.45 * n );
#endif
  n += 0.06;
#endif
#ifdef SURFACE_PUDDLES
  surfWater = smoothstep( surfPuddle, surfPuddle + 0.03, n ) * ( 1.0 - surfSnowMask );
  diffuseColor.rgb *= mix( 1.0, ${PUDDLE_ALBEDO.toFixed(3)}, surfWater );
#endif
#endif
#ifdef SURFACE_SNOW
  diffuseColor.rgb = mix( diffuseColor.rgb, vec3( ${SNOW_ALBEDO.toFixed(3)} ), surfSnowMask );
#endif
}`;

const FRAG_ROUGHNESS = /* glsl */ `
roughnessFactor = mix( roughnessFactor, ${PUDDLE_ROUGHNESS.toFixed(3)}, surfWater );
roughnessFactor = mix( roughnessFactor, ${SNOW_ROUGHNESS.toFixed(3)}, surfSnowMask );`;

// Wet surfaces mirror the sky (through the specular BRDF: faint looking down, strong at grazing
// angles); no environment map is needed for one sky colour.
const FRAG_SKY = /* glsl */ `
radiance += surfSky * max( surfWet, surfWater ) * ( 1.0 - surfSnowMask );`;

/**
 * Give a ground material the look of `look`: water film (colour, roughness), and unless the look
 * is plain, puddles and snow through a shader patch. `road` places the wheel paths and edges.
 * Leaves the material untouched on a dry, snowless ground.
 */
export function dressSurface(mat: THREE.MeshStandardMaterial, kind: SurfaceKind, look: SurfaceLook, road: RoadSpec): THREE.MeshStandardMaterial {
  if (look.wetness === 0 && look.snowCover === 0) return mat;
  const wet = wetSurface(kind, mat.roughness, look.wetness);
  mat.roughness = wet.roughness;
  mat.color.multiplyScalar(wet.albedo);
  const uniforms = {
    surfWet: { value: kind === 'terrain' ? 0 : look.wetness },
    surfSnow: { value: look.snowCover },
    surfPuddle: { value: Number.isFinite(look.puddleThreshold) ? look.puddleThreshold : 100 },
    surfOffset: { value: new THREE.Vector2(look.noiseOffset[0], look.noiseOffset[1]) },
    surfSky: { value: look.sky.clone() },
    surfHalfWidth: { value: (road.lanes * road.laneWidth) / 2 },
    surfLaneWidth: { value: road.laneWidth },
  };
  mat.defines = { ...mat.defines, [KIND_DEFINE[kind]]: '' };
  if (look.snowCover > 0) mat.defines.SURFACE_SNOW = '';
  if (Number.isFinite(look.puddleThreshold) && kind !== 'terrain') mat.defines.SURFACE_PUDDLES = '';
  mat.onBeforeCompile = (shader) => {
    Object.assign(shader.uniforms, uniforms);
    shader.vertexShader = shader.vertexShader
      .replace('#include <common>', `#include <common>${VERT_PARS}`)
      .replace('#include <begin_vertex>', `#include <begin_vertex>${VERT}`);
    shader.fragmentShader = shader.fragmentShader
      .replace('#include <common>', `#include <common>${FRAG_PARS}`)
      .replace('#include <color_fragment>', `#include <color_fragment>${FRAG_MASKS}`)
      .replace('#include <roughnessmap_fragment>', `#include <roughnessmap_fragment>${FRAG_ROUGHNESS}`)
      .replace('#include <lights_fragment_maps>', `#include <lights_fragment_maps>${FRAG_SKY}`);
  };
  mat.customProgramCacheKey = () => `surface:${kind}`;
  return mat;
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
