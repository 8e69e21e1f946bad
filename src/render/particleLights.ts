import * as THREE from 'three';

// The scene's lights as uniforms a particle shader lights its particles with, once per particle
// in the vertex shader. Lighting every fragment of thousands of thin streaks with three's own
// per-pixel loop (every spot light, cookie and shadow) cost more than the rest of a night frame;
// a drop is far smaller than a pixel's worth of lighting detail anyway. Same light model as
// three's: colour × intensity, 1/d^decay, the spot cone's smoothstep, the cookie texture.

/** Spot (and point) lights a particle system sees: the nearest ones to it. */
export const PARTICLE_SPOTS = 12;
/** Cookie textures the spots may use between them (all headlights share one or two). */
export const PARTICLE_COOKIES = 4;
export const PARTICLE_DIRECTIONALS = 3;

export interface ParticleLightUniforms {
  readonly particleSpotPosition: { value: THREE.Vector3[] };
  /** Unit vector from the spot's target towards the light (three's convention). */
  readonly particleSpotDirection: { value: THREE.Vector3[] };
  /** Colour × intensity, linear; zero for an unused slot. */
  readonly particleSpotColor: { value: THREE.Vector3[] };
  /** coneCos, penumbraCos, decay, cut-off distance (0: none). */
  readonly particleSpotShape: { value: THREE.Vector4[] };
  /** Cookie slot, or -1 for none. */
  readonly particleSpotCookie: { value: number[] };
  readonly particleSpotCookieMatrix: { value: THREE.Matrix4[] };
  readonly particleCookie0: { value: THREE.Texture };
  readonly particleCookie1: { value: THREE.Texture };
  readonly particleCookie2: { value: THREE.Texture };
  readonly particleCookie3: { value: THREE.Texture };
  /** Unit vector towards each directional light, and its colour × intensity. */
  readonly particleDirDirection: { value: THREE.Vector3[] };
  readonly particleDirColor: { value: THREE.Vector3[] };
  /** Ambient and hemisphere light reaching a particle (irradiance for a sideways normal). */
  readonly particleAmbient: { value: THREE.Color };
}

const WHITE = new THREE.DataTexture(new Uint8Array([255, 255, 255, 255]), 1, 1);
WHITE.needsUpdate = true;

export function particleLightUniforms(): ParticleLightUniforms {
  const v3 = (n: number) => Array.from({ length: n }, () => new THREE.Vector3());
  return {
    particleSpotPosition: { value: v3(PARTICLE_SPOTS) },
    particleSpotDirection: { value: v3(PARTICLE_SPOTS) },
    particleSpotColor: { value: v3(PARTICLE_SPOTS) },
    particleSpotShape: { value: Array.from({ length: PARTICLE_SPOTS }, () => new THREE.Vector4()) },
    particleSpotCookie: { value: new Array<number>(PARTICLE_SPOTS).fill(-1) },
    particleSpotCookieMatrix: { value: Array.from({ length: PARTICLE_SPOTS }, () => new THREE.Matrix4()) },
    particleCookie0: { value: WHITE },
    particleCookie1: { value: WHITE },
    particleCookie2: { value: WHITE },
    particleCookie3: { value: WHITE },
    particleDirDirection: { value: v3(PARTICLE_DIRECTIONALS) },
    particleDirColor: { value: v3(PARTICLE_DIRECTIONALS) },
    particleAmbient: { value: new THREE.Color() },
  };
}

const spotWorld = new THREE.Vector3();
const targetWorld = new THREE.Vector3();

/**
 * Fill `u` from the visible lights under `scene` (world matrices current). When there are more
 * spots than slots, the nearest to `near` win (ties by scene order): deterministic for a state.
 */
export function gatherParticleLights(scene: THREE.Object3D, near: THREE.Vector3, u: ParticleLightUniforms): void {
  const spots: { light: THREE.SpotLight | THREE.PointLight; d: number; order: number }[] = [];
  const dirs: THREE.DirectionalLight[] = [];
  const ambient = u.particleAmbient.value.setRGB(0, 0, 0);
  scene.traverseVisible((o) => {
    const light = o as THREE.Light;
    if (!light.isLight || !(light.intensity > 0)) return;
    if ((light as THREE.SpotLight).isSpotLight || (light as THREE.PointLight).isPointLight) {
      spots.push({ light: light as THREE.SpotLight, d: spotWorld.setFromMatrixPosition(light.matrixWorld).distanceToSquared(near), order: spots.length });
    } else if ((light as THREE.DirectionalLight).isDirectionalLight) {
      dirs.push(light as THREE.DirectionalLight);
    } else if ((light as THREE.HemisphereLight).isHemisphereLight) {
      const h = light as THREE.HemisphereLight;
      // three's hemisphere irradiance for a horizontal normal: halfway between ground and sky.
      ambient.r += 0.5 * (h.color.r + h.groundColor.r) * h.intensity;
      ambient.g += 0.5 * (h.color.g + h.groundColor.g) * h.intensity;
      ambient.b += 0.5 * (h.color.b + h.groundColor.b) * h.intensity;
    } else if ((light as THREE.AmbientLight).isAmbientLight) {
      ambient.r += light.color.r * light.intensity;
      ambient.g += light.color.g * light.intensity;
      ambient.b += light.color.b * light.intensity;
    }
  });
  spots.sort((a, b) => a.d - b.d || a.order - b.order);
  const cookies: THREE.Texture[] = [];
  for (let i = 0; i < PARTICLE_SPOTS; i++) {
    const s = spots[i]?.light;
    const color = u.particleSpotColor.value[i]!;
    u.particleSpotCookie.value[i] = -1;
    if (!s) {
      color.set(0, 0, 0);
      continue;
    }
    color.set(s.color.r, s.color.g, s.color.b).multiplyScalar(s.intensity);
    spotWorld.setFromMatrixPosition(s.matrixWorld);
    u.particleSpotPosition.value[i]!.copy(spotWorld);
    const shape = u.particleSpotShape.value[i]!;
    if ((s as THREE.SpotLight).isSpotLight) {
      const spot = s as THREE.SpotLight;
      targetWorld.setFromMatrixPosition(spot.target.matrixWorld);
      u.particleSpotDirection.value[i]!.copy(spotWorld).sub(targetWorld).normalize();
      shape.set(Math.cos(spot.angle), Math.cos(spot.angle * (1 - spot.penumbra)), spot.decay, spot.distance);
      if (spot.map) {
        let slot = cookies.indexOf(spot.map);
        if (slot < 0 && cookies.length < PARTICLE_COOKIES) slot = cookies.push(spot.map) - 1;
        if (slot >= 0) {
          // The cookie is projected through the shadow camera, as three does it.
          spot.shadow.updateMatrices(spot);
          u.particleSpotCookieMatrix.value[i]!.copy(spot.shadow.matrix);
          u.particleSpotCookie.value[i] = slot;
        }
      }
    } else {
      // A point light: a cone that takes in everything.
      u.particleSpotDirection.value[i]!.set(0, 0, 1);
      shape.set(-2, -1, (s as THREE.PointLight).decay, (s as THREE.PointLight).distance);
    }
  }
  const slots = [u.particleCookie0, u.particleCookie1, u.particleCookie2, u.particleCookie3];
  slots.forEach((slot, k) => (slot.value = cookies[k] ?? WHITE));
  for (let i = 0; i < PARTICLE_DIRECTIONALS; i++) {
    const d = dirs[i];
    const color = u.particleDirColor.value[i]!;
    if (!d) {
      color.set(0, 0, 0);
      continue;
    }
    color.set(d.color.r, d.color.g, d.color.b).multiplyScalar(d.intensity);
    u.particleDirDirection.value[i]!.setFromMatrixPosition(d.matrixWorld).sub(targetWorld.setFromMatrixPosition(d.target.matrixWorld)).normalize();
  }
}

/**
 * GLSL: `vec3 particleIrradiance(vec3 p, vec3 toCamera)`, the light reaching a particle at world
 * point p, each light weighted by `particlePhase(toLight, toCamera)` (which the including shader
 * defines: how the particle scatters light towards the camera).
 */
export const PARTICLE_LIGHTS_GLSL = /* glsl */ `
uniform vec3 particleSpotPosition[${PARTICLE_SPOTS}];
uniform vec3 particleSpotDirection[${PARTICLE_SPOTS}];
uniform vec3 particleSpotColor[${PARTICLE_SPOTS}];
uniform vec4 particleSpotShape[${PARTICLE_SPOTS}];
uniform float particleSpotCookie[${PARTICLE_SPOTS}];
uniform mat4 particleSpotCookieMatrix[${PARTICLE_SPOTS}];
uniform sampler2D particleCookie0;
uniform sampler2D particleCookie1;
uniform sampler2D particleCookie2;
uniform sampler2D particleCookie3;
uniform vec3 particleDirDirection[${PARTICLE_DIRECTIONALS}];
uniform vec3 particleDirColor[${PARTICLE_DIRECTIONALS}];
uniform vec3 particleAmbient;
float particlePhase( vec3 toLight, vec3 toCamera );
vec3 particleCookie( float slot, vec2 uv ) {
  // Samplers cannot be indexed by a variable in GLSL ES 3.0.
  if ( slot < 0.5 ) return textureLod( particleCookie0, uv, 0.0 ).rgb;
  if ( slot < 1.5 ) return textureLod( particleCookie1, uv, 0.0 ).rgb;
  if ( slot < 2.5 ) return textureLod( particleCookie2, uv, 0.0 ).rgb;
  return textureLod( particleCookie3, uv, 0.0 ).rgb;
}
vec3 particleIrradiance( vec3 p, vec3 toCamera ) {
  vec3 irradiance = particleAmbient;
  for ( int i = 0; i < ${PARTICLE_SPOTS}; i ++ ) {
    vec3 color = particleSpotColor[ i ];
    if ( color.r + color.g + color.b <= 0.0 ) continue;
    vec3 toLight = particleSpotPosition[ i ] - p;
    float d = length( toLight );
    toLight /= max( d, 1e-4 );
    vec4 shape = particleSpotShape[ i ];
    float spot = smoothstep( shape.x, shape.y, dot( toLight, particleSpotDirection[ i ] ) );
    if ( spot <= 0.0 ) continue;
    float falloff = 1.0 / max( pow( d, shape.z ), 0.01 );
    if ( shape.w > 0.0 ) falloff *= pow2( saturate( 1.0 - pow4( d / shape.w ) ) );
    color *= spot * falloff;
    if ( particleSpotCookie[ i ] >= 0.0 ) {
      vec4 q = particleSpotCookieMatrix[ i ] * vec4( p, 1.0 );
      vec3 uvw = q.xyz / q.w;
      if ( all( lessThan( abs( uvw * 2.0 - 1.0 ), vec3( 1.0 ) ) ) ) color *= particleCookie( particleSpotCookie[ i ], uvw.xy );
    }
    irradiance += color * particlePhase( toLight, toCamera );
  }
  for ( int i = 0; i < ${PARTICLE_DIRECTIONALS}; i ++ ) irradiance += particleDirColor[ i ] * particlePhase( particleDirDirection[ i ], toCamera );
  return irradiance;
}`;
