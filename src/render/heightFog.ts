import * as THREE from 'three';

// Ground fog: exponential-squared fog whose density falls off with height above the road.
//
// The density at height z is ρ(z) = ρ·exp(-max(z, 0)/H) (ρ the scene's FogExp2 density, H the scale
// height). Along a sight line from the camera (height zc) to a point (height zp) at view depth d,
// three's exp² fog 1 - exp(-(ρ·d)²) becomes 1 - exp(-(ρ·m·d)²), with m the mean of exp(-z/H) along
// the line. A ray that climbs forever (the sky) has ρ·∫exp(-z/H) ds = ρ·H·exp(-zc/H)/u finite, u
// the ray's upward direction cosine, so the sky clears overhead and is fog at the horizon.
// As H grows m → 1: the uniform fog the scene had without a height.

/** Mean of exp(-z/H) along a straight line from height a to height b (both clamped at the road, z = 0). */
export function meanFogDensity(a: number, b: number, scaleHeight: number): number {
  const za = Math.max(a, 0) / scaleHeight;
  const zb = Math.max(b, 0) / scaleHeight;
  const dz = zb - za;
  // Near-level lines: the series of (e^-za - e^-zb)/dz avoids 0/0.
  if (Math.abs(dz) < 1e-3) return Math.exp(-za) * (1 - dz / 2);
  return (Math.exp(-za) - Math.exp(-zb)) / dz;
}

/** The fog factor (0 clear, 1 all fog) of a point at view depth `depth`, metres. */
export function heightFogFactor(density: number, scaleHeight: number, cameraZ: number, pointZ: number, depth: number): number {
  const t = density * meanFogDensity(cameraZ, pointZ, scaleHeight) * depth;
  return 1 - Math.exp(-t * t);
}

/** The fog factor of the sky seen along a ray whose direction has upward component `up` (-1..1). */
export function skyFogFactor(density: number, scaleHeight: number, cameraZ: number, up: number): number {
  if (up <= 0) return 1;
  const t = (density * scaleHeight * Math.exp(-Math.max(cameraZ, 0) / scaleHeight)) / up;
  return 1 - Math.exp(-t * t);
}

/** GLSL twin of meanFogDensity. */
const MEAN_GLSL = /* glsl */ `
float heightFogMean( float a, float b, float H ) {
  float za = max( a, 0.0 ) / H;
  float zb = max( b, 0.0 ) / H;
  float dz = zb - za;
  if ( abs( dz ) < 1e-3 ) return exp( -za ) * ( 1.0 - 0.5 * dz );
  return ( exp( -za ) - exp( -zb ) ) / dz;
}`;

const VERTEX_PARS = /* glsl */ `#include <fog_pars_vertex>
#ifdef USE_FOG
varying float vFogWorldZ;
#endif`;

// World height from the view-space position: world = cameraPosition + transpose(R)·mv (R the
// view rotation), which needs no extra uniform and works for instancing and skinning alike.
const VERTEX = /* glsl */ `#include <fog_vertex>
#ifdef USE_FOG
vFogWorldZ = cameraPosition.z + ( transpose( mat3( viewMatrix ) ) * mvPosition.xyz ).z;
#endif`;

const FRAGMENT_PARS = /* glsl */ `#include <fog_pars_fragment>
#ifdef USE_FOG
varying float vFogWorldZ;
uniform float fogScaleHeight;
${MEAN_GLSL}
#endif`;

const FRAGMENT = /* glsl */ `#ifdef USE_FOG
#ifdef FOG_EXP2
float fogOptical = fogDensity * heightFogMean( cameraPosition.z, vFogWorldZ, fogScaleHeight ) * vFogDepth;
float fogFactor = 1.0 - exp( - fogOptical * fogOptical );
#else
float fogFactor = smoothstep( fogNear, fogFar, vFogDepth );
#endif
gl_FragColor.rgb = mix( gl_FragColor.rgb, fogColor, fogFactor );
#endif`;

/**
 * Materials already given height fog, each with its own scale-height uniform: the HeightFog that
 * applies to a material sets it, so a material that outlives one world is right in the next.
 */
const patched = new WeakMap<THREE.Material, { value: number }>();

/**
 * Height fog for every lit or unlit built-in material of a scene: their fog chunks are replaced
 * by the height-aware ones, all sharing one scale-height uniform.
 */
export class HeightFog {
  readonly scaleHeight: { value: number };

  constructor(scaleHeight: number) {
    this.scaleHeight = { value: scaleHeight };
  }

  /**
   * Give every fogged material under `root` height fog. Idempotent and cheap, so it can run each
   * frame and catch materials added after the world was built.
   */
  apply(root: THREE.Object3D): void {
    root.traverse((o) => {
      const m = (o as THREE.Mesh).material;
      if (!m) return;
      for (const mat of Array.isArray(m) ? m : [m]) this.patch(mat);
    });
  }

  patch(mat: THREE.Material): void {
    const done = patched.get(mat);
    if (done) {
      done.value = this.scaleHeight.value;
      return;
    }
    // Shader materials that take three's fog (fog: true, its chunks included) get it too; the
    // ground-truth passes' and the sky's have fog off.
    if ((mat as THREE.Material & { fog?: boolean }).fog !== true) return;
    const scaleHeight = { value: this.scaleHeight.value };
    patched.set(mat, scaleHeight);
    // Chain onto whatever the material already does at compile time, and keep its cache key
    // apart from the same material without height fog.
    const before = mat.onBeforeCompile;
    const key = `${mat.customProgramCacheKey()}|heightFog`;
    mat.onBeforeCompile = function (shader, renderer) {
      before.call(this, shader, renderer);
      shader.uniforms.fogScaleHeight = scaleHeight;
      shader.vertexShader = shader.vertexShader.replace('#include <fog_pars_vertex>', VERTEX_PARS).replace('#include <fog_vertex>', VERTEX);
      shader.fragmentShader = shader.fragmentShader.replace('#include <fog_pars_fragment>', FRAGMENT_PARS).replace('#include <fog_fragment>', FRAGMENT);
    };
    mat.customProgramCacheKey = () => key;
    mat.needsUpdate = true;
  }
}

const SKY_VERT = /* glsl */ `
varying vec3 vDirection;
void main() {
  vDirection = position; // world axes: the box is never rotated
  vec4 clip = projectionMatrix * mat4( mat3( viewMatrix ) ) * vec4( position, 1.0 );
  gl_Position = clip.xyww; // on the far plane: only where nothing else was drawn passes the depth test
}`;

const SKY_FRAG = /* glsl */ `
uniform vec3 skyColor;
uniform vec3 fogColor;
uniform float fogDensity;
uniform float fogScaleHeight;
varying vec3 vDirection;
void main() {
  float up = normalize( vDirection ).z;
  float f = 1.0;
  if ( up > 0.0 ) {
    float t = fogDensity * fogScaleHeight * exp( - max( cameraPosition.z, 0.0 ) / fogScaleHeight ) / up;
    f = 1.0 - exp( - t * t );
  }
  // Mixed in output space, as three mixes fog into surfaces and as the clear colour is given.
  gl_FragColor = vec4( mix( skyColor, fogColor, f ), 1.0 );
}`;

/**
 * The sky seen through ground fog: clear sky overhead, fog at the horizon (skyFogFactor), drawn
 * behind everything in the RGB image only (look only: no ground truth).
 */
export function buildFoggedSky(sky: THREE.Color, fog: THREE.FogExp2, scaleHeight: { value: number }): THREE.Mesh {
  const skyColor = { value: new THREE.Color() };
  const fogColor = { value: new THREE.Color() };
  const mat = new THREE.ShaderMaterial({
    vertexShader: SKY_VERT,
    fragmentShader: SKY_FRAG,
    uniforms: { skyColor, fogColor, fogDensity: { value: fog.density }, fogScaleHeight: scaleHeight },
    depthWrite: false,
    side: THREE.BackSide,
    fog: false,
  });
  const mesh = new THREE.Mesh(new THREE.BoxGeometry(2, 2, 2), mat);
  mesh.name = 'fogged-sky';
  mesh.frustumCulled = false;
  // After every opaque surface, so the depth test leaves only the sky's pixels to shade.
  mesh.renderOrder = 1e6;
  mesh.userData.lookOnly = true;
  mesh.onBeforeRender = (renderer) => {
    // The colour space three gives unlit colours (the clear colour, fogColor) for this target.
    const target = renderer.getRenderTarget();
    const space = target === null ? renderer.outputColorSpace : target.texture.colorSpace;
    sky.getRGB(skyColor.value, space);
    fog.color.getRGB(fogColor.value, space);
  };
  return mesh;
}
