import * as THREE from 'three';
import { Rng } from '../core/index.ts';
import { gatherParticleLights, PARTICLE_LIGHTS_GLSL, particleLightUniforms } from './particleLights.ts';

// Falling rain and snow: one quad per drop or flake, moved entirely in the vertex shader. A
// particle's position is a pure function of its seed-drawn start, the simulated time and the
// volume's centre (ahead of the camera's mount): p = start + v·t, wrapped into a box there. Any frame therefore looks the same whether it is drawn in order, twice, or alone.
// Quads face the camera and are lit by the scene's lights, once per particle (particleLights.ts),
// with a forward-scattering boost, so streaks glint in headlight beams and against lamps.

export interface PrecipitationKind {
  readonly name: 'rain' | 'snow';
  /** Particles in the volume at intensity 1. */
  readonly maxCount: number;
  /** Volume around the camera: width along x and y, height from the road up, metres. */
  readonly box: readonly [number, number, number];
  /** The volume's centre lies this far ahead of the camera's mount, metres (most of it in view). */
  readonly ahead: number;
  /** Mean fall speed, m/s (air-relative; the wind adds its own horizontal speed). */
  readonly fallSpeed: number;
  /** Each particle's speed is the mean × (1 ± this). */
  readonly speedSpread: number;
  /** Streak length = speed × this (the camera's exposure), seconds. */
  readonly exposure: number;
  /** Physical width of a streak or flake, metres. */
  readonly width: number;
  /** Horizontal sway amplitude, metres (flakes flutter; drops do not). */
  readonly wobble: number;
  readonly color: number;
  readonly opacity: number;
  /** Share of the sky's colour a particle shows by itself (drops refract the bright sky). */
  readonly skyGlow: number;
  /** Drawn as soft round discs when big enough (flakes), else as straight-edged streaks (drops). */
  readonly round: boolean;
}

export const RAIN: PrecipitationKind = {
  name: 'rain',
  maxCount: 6000,
  box: [26, 26, 11],
  ahead: 9,
  fallSpeed: 6.5,
  speedSpread: 0.25,
  exposure: 1 / 30,
  width: 0.004,
  wobble: 0,
  color: 0xa9b4c2,
  opacity: 0.45,
  skyGlow: 0.5,
  round: false,
};

export const SNOW: PrecipitationKind = {
  name: 'snow',
  maxCount: 6000,
  box: [20, 20, 8],
  ahead: 7,
  fallSpeed: 1.0,
  speedSpread: 0.3,
  exposure: 1 / 60,
  width: 0.02,
  wobble: 0.25,
  color: 0xf2f4f8,
  opacity: 0.9,
  skyGlow: 0.25,
  round: true,
};

/**
 * Smallest width drawn, as a fraction of the distance (about a pixel of a 640-pixel, 90° image):
 * thinner streaks are widened to this and faded to keep their light, so they do not flicker in
 * and out between pixels.
 */
const PIXEL_ANGLE = 1 / 320;

/** Number of particles drawn at `intensity` (0..1). */
export function particleCount(kind: PrecipitationKind, intensity: number): number {
  return Math.round(Math.min(1, Math.max(0, intensity)) * kind.maxCount);
}

/** Mean particle velocity, m/s, world axes: falling at the kind's speed, carried by the wind. */
export function particleVelocity(kind: PrecipitationKind, windSpeed: number, windHeading: number): THREE.Vector3 {
  return new THREE.Vector3(windSpeed * Math.cos(windHeading), windSpeed * Math.sin(windHeading), -kind.fallSpeed);
}

const VERT = /* glsl */ `
#include <common>
#include <fog_pars_vertex>
${PARTICLE_LIGHTS_GLSL}
attribute vec4 precipSeed;
uniform float precipTime;
uniform vec2 precipOrigin;
uniform vec3 precipBox;
uniform vec3 precipVelocity;
uniform float precipSpeedSpread;
uniform float precipWobble;
uniform float precipExposure;
uniform float precipWidth;
uniform float precipPixel;
uniform float precipRound;
uniform vec3 diffuse;
uniform vec3 emissive;
varying vec3 vPrecipColor;
varying float vPrecipFade;
varying vec3 vPrecipShape;
// Light scattered by a drop or flake: some every way, much more forward (a lamp behind the rain).
float particlePhase( vec3 toLight, vec3 toCamera ) {
  return 0.35 + 2.0 * pow( saturate( - dot( toLight, toCamera ) ), 8.0 );
}
// Where this particle is now: its start (seed × box) moved by its velocity, wrapped into the box.
vec3 precipParticle() {
  vec3 v = precipVelocity * ( 1.0 + precipSpeedSpread * ( 2.0 * precipSeed.w - 1.0 ) );
  vec3 p = precipSeed.xyz * precipBox + v * precipTime;
  float phase = 6.2831853 * precipSeed.w;
  p.xy += precipWobble * vec2( sin( 1.3 * precipTime + phase ), cos( 0.9 * precipTime + 3.7 * phase ) );
  vec3 lo = vec3( precipOrigin - 0.5 * precipBox.xy, 0.0 );
  return lo + mod( p - lo, precipBox );
}
bool precipOutside( vec4 clip ) {
  return clip.w < 0.1 || any( greaterThan( abs( clip.xy ), vec2( 1.1 * clip.w ) ) );
}
void main() {
  vec3 head = precipParticle();
  vec3 toCamera = cameraPosition - head;
  vec3 dir = normalize( precipVelocity );
  float dist = length( toCamera );
  // Streaks thinner than a pixel are drawn a pixel wide and fainter, so they do not flicker.
  float width = max( precipWidth, precipPixel * dist );
  float len = max( length( precipVelocity ) * precipExposure, 2.0 * width );
  vec2 edge = abs( head.xy - precipOrigin ) / precipBox.xy;
  vPrecipFade = sqrt( precipWidth / width )
    * ( 1.0 - smoothstep( 0.35, 0.5, max( edge.x, edge.y ) ) )
    * smoothstep( 0.4, 1.2, dist );
  // Out of view (both ends outside the frustum, with a margin) or faded to nothing: all four
  // corners go to one point outside the clip volume, and nothing is drawn or lit.
  mat4 viewProjection = projectionMatrix * viewMatrix;
  if ( vPrecipFade < 0.01 || ( precipOutside( viewProjection * vec4( head, 1.0 ) ) && precipOutside( viewProjection * vec4( head - dir * len, 1.0 ) ) ) ) {
    gl_Position = vec4( 0.0, 0.0, 2.0, 1.0 );
    return;
  }
  vPrecipColor = diffuse * RECIPROCAL_PI * particleIrradiance( head, toCamera / dist ) + emissive;
  // Flakes a few pixels across are drawn as soft discs; smaller ones stay whole quads (a disc of
  // one pixel would flicker).
  vPrecipShape = vec3( 2.0 * position.x - 1.0, position.y, precipRound * smoothstep( 2.0, 5.0, width / ( precipPixel * dist ) ) );
  // position.x: 0 at the head, 1 at the tail of the streak; position.y: -1 or +1 across it.
  vec3 side = normalize( cross( toCamera, dir ) + vec3( 1e-6 ) );
  vec3 transformed = head - dir * ( len * position.x ) + side * ( 0.5 * width * position.y );
  vec4 mvPosition = viewMatrix * vec4( transformed, 1.0 );
  gl_Position = projectionMatrix * mvPosition;
  #include <fog_vertex>
}`;

const FRAG = /* glsl */ `
#include <common>
#include <fog_pars_fragment>
uniform float opacity;
varying vec3 vPrecipColor;
varying float vPrecipFade;
varying vec3 vPrecipShape;
void main() {
  float disc = 1.0 - smoothstep( 0.4, 1.0, length( vPrecipShape.xy ) );
  gl_FragColor = vec4( vPrecipColor, opacity * vPrecipFade * mix( 1.0, disc, vPrecipShape.z ) );
  #include <tonemapping_fragment>
  #include <colorspace_fragment>
  #include <fog_fragment>
}`;

/** Falling particles of one kind, and the clock and place that move them. */
export interface Precipitation {
  readonly kind: PrecipitationKind;
  readonly mesh: THREE.Mesh;
  /** Move every particle to simulated time `time` (s), the volume centred on `origin` (world). */
  update(time: number, origin: THREE.Vector3): void;
}

/**
 * `intensity` 0..1 of `kind`; particle starts drawn from `seed`; `velocity` the mean (m/s, world);
 * `sky` the sky's colour (linear) particles glow with.
 */
export function buildPrecipitation(kind: PrecipitationKind, intensity: number, seed: number, velocity: THREE.Vector3, sky: THREE.Color): Precipitation {
  const count = particleCount(kind, intensity);
  const rng = new Rng(seed, kind.name);
  // One quad per particle, its seed repeated on its four corners. (Instancing one quad cost about
  // 3× as much, culled or not: SwiftShader's per-instance overhead.)
  const seeds = new Float32Array(count * 16);
  const corners = new Float32Array(count * 12);
  const index = new Uint32Array(count * 6);
  const CORNERS = [0, -1, 0, 0, 1, 0, 1, 1, 0, 1, -1, 0];
  for (let i = 0; i < count; i++) {
    const seed = [rng.next(), rng.next(), rng.next(), rng.next()];
    for (let k = 0; k < 4; k++) seeds.set(seed, (i * 4 + k) * 4);
    corners.set(CORNERS, i * 12);
    const v = i * 4;
    index.set([v, v + 1, v + 2, v, v + 2, v + 3], i * 6);
  }
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(corners, 3));
  geometry.setAttribute('precipSeed', new THREE.BufferAttribute(seeds, 4));
  geometry.setIndex(new THREE.BufferAttribute(index, 1));

  const uniforms = {
    precipTime: { value: 0 },
    precipOrigin: { value: new THREE.Vector2() },
    precipBox: { value: new THREE.Vector3(...kind.box) },
    precipVelocity: { value: velocity.clone() },
    precipSpeedSpread: { value: kind.speedSpread },
    precipWobble: { value: kind.wobble },
    precipExposure: { value: kind.exposure },
    precipWidth: { value: kind.width },
    precipPixel: { value: PIXEL_ANGLE },
    precipRound: { value: kind.round ? 1 : 0 },
  };
  const lights = particleLightUniforms();
  const material = new THREE.ShaderMaterial({
    vertexShader: VERT,
    fragmentShader: FRAG,
    uniforms: {
      ...THREE.UniformsUtils.clone(THREE.UniformsLib.fog),
      ...uniforms,
      ...lights,
      diffuse: { value: new THREE.Color(kind.color) },
      emissive: { value: sky.clone().multiplyScalar(kind.skyGlow) },
      opacity: { value: kind.opacity },
    },
    transparent: true,
    depthWrite: false,
    fog: true,
  });

  const mesh = new THREE.Mesh(geometry, material);
  mesh.name = kind.name;
  // Positions come from the shader: no bounds to cull by, no shadows to cast.
  mesh.frustumCulled = false;
  mesh.castShadow = false;
  mesh.receiveShadow = false;
  mesh.userData.lookOnly = true;
  // Lit by the lights as they are when drawn (their world matrices are current then).
  const near = new THREE.Vector3();
  mesh.onBeforeRender = (_renderer, scene) => {
    near.set(uniforms.precipOrigin.value.x, uniforms.precipOrigin.value.y, kind.box[2] / 2);
    gatherParticleLights(scene, near, lights);
  };
  return {
    kind,
    mesh,
    update(time, origin) {
      uniforms.precipTime.value = time;
      uniforms.precipOrigin.value.set(origin.x, origin.y);
    },
  };
}
