import * as THREE from 'three';

// Glare: the halo a bright lamp makes in a camera (scatter in the lens and the air), drawn as a
// camera-facing additive quad at the lamp. It is part of the picture, not of the world: every halo
// carries userData.lookOnly, so the ground-truth passes never draw it.
//
// Size and brightness follow the illuminance the lamp gives at the camera, E = I·lobe / d²
// (I: the lamp's intensity along its axis, lobe: how much of it is sent towards the camera, d: the
// distance), computed per vertex on the GPU so a halo needs no per-frame work on the CPU. The halo
// carries a scattered flux FLUX_PER_LUX·E (radiance × solid angle) spread over an angular radius
// SIZE_K·√E (clamped to [MIN_RADIUS, MAX_RADIUS], times the halo's own `size`): a brighter lamp
// makes a wider halo, a far or averted one a small faint one, and one seen from behind none.
// Radiance is linear, like the scene's: the camera's exposure and tone curve treat it as light.

/** Scattered flux per lux at the camera, radiance × steradians. */
const FLUX_PER_LUX = 0.00085;
/** Angular radius per √lux, radians. */
const SIZE_K = 0.015;
/** Smallest and largest angular radius, radians (~1.5 px and ~20 px at 640 px over 90°). */
const MIN_RADIUS = 0.005;
const MAX_RADIUS = 0.06;
/** The quad is pulled this far towards the camera (metres) so the lamp's own housing can't cut it. */
const PULL = 0.25;
/** A GLSL float literal. */
const glsl = (x: number): string => (Number.isInteger(x) ? x.toFixed(1) : String(x));

const VERT = /* glsl */ `
attribute vec2 corner;
attribute vec3 axis;
uniform float strength;
uniform float omni;
uniform float spread;
uniform float size;
varying vec2 vCorner;
varying float vRadiance;
#ifdef USE_FOG
uniform float fogDensity;
#endif
void main() {
  vCorner = corner;
  vec4 c = modelViewMatrix * vec4(position, 1.0);
  float d = max(length(c.xyz), 1e-3);
  vec3 toCamera = -c.xyz / d;
  vec3 ax = normalize(mat3(modelViewMatrix) * axis);
  float lobe = omni + (1.0 - omni) * pow(max(dot(ax, toCamera), 0.0), spread);
  float e = strength * lobe / (d * d);
#if defined(USE_FOG) && defined(FOG_EXP2)
  e *= exp(-fogDensity * fogDensity * d * d);
#endif
  float r = size * clamp(${glsl(SIZE_K)} * sqrt(e), ${glsl(MIN_RADIUS)}, ${glsl(MAX_RADIUS)});
  // Peak radiance: the flux over the halo's footprint (the profile below integrates to ~0.12·π·r²).
  vRadiance = ${glsl(FLUX_PER_LUX)} * e / (0.12 * 3.14159265 * r * r);
  vec3 p = c.xyz + toCamera * min(${glsl(PULL)}, 0.5 * d);
  p.xy += corner * r * max(-p.z, 0.0);
  gl_Position = projectionMatrix * vec4(p, 1.0);
}`;

const FRAG = /* glsl */ `
uniform vec3 color;
varying vec2 vCorner;
varying float vRadiance;
void main() {
  float q = dot(vCorner, vCorner);
  if (q >= 1.0 || vRadiance < 1e-5) discard;
  // A white-hot core (the lamp itself, overexposed) in a coloured halo that fades to nothing at the rim.
  float core = exp(-q * 60.0);
  float halo = exp(-q * 8.0) * (1.0 - q);
  gl_FragColor = vec4(vRadiance * (color * halo + vec3(core)), 1.0);
  #include <colorspace_fragment>
}`;

/** How a lamp sends its light: along `axis`, a lobe cos^spread, plus a share `omni` everywhere. */
export interface HaloLook {
  /** Halo colour, linear RGB (the core is white). */
  readonly color: THREE.ColorRepresentation;
  /** Exponent of the lobe around the lamp's axis (larger: seen only nearly head-on). */
  readonly spread: number;
  /** Share of the light seen from any direction (the glowing lens seen from the side), 0..1. */
  readonly omni: number;
  /** Halo radius relative to the usual (smaller for a small bright point such as an eye); default 1. */
  readonly size?: number;
}

export function haloMaterial(look: HaloLook): THREE.ShaderMaterial {
  return new THREE.ShaderMaterial({
    vertexShader: VERT,
    fragmentShader: FRAG,
    uniforms: THREE.UniformsUtils.merge([
      THREE.UniformsLib.fog,
      { strength: { value: 0 }, omni: { value: look.omni }, spread: { value: look.spread }, size: { value: look.size ?? 1 }, color: { value: new THREE.Color(look.color) } },
    ]),
    transparent: true,
    depthWrite: false,
    blending: THREE.AdditiveBlending,
    fog: true,
  });
}

/**
 * Quads for halos at `centres` (metres, in the frame of the mesh that will hold them), each facing
 * `axes` (unit vectors, same frame). All of one quad's vertices sit at its centre: the shader
 * spreads them, so the geometry's bounds are just the lamp points.
 */
export function haloGeometry(centres: readonly THREE.Vector3[], axes: readonly THREE.Vector3[]): THREE.BufferGeometry {
  const n = centres.length;
  const pos = new Float32Array(n * 12);
  const axis = new Float32Array(n * 12);
  const corner = new Float32Array(n * 8);
  const index: number[] = [];
  const corners = [-1, -1, 1, -1, 1, 1, -1, 1];
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 4; k++) {
      pos.set([centres[i]!.x, centres[i]!.y, centres[i]!.z], (i * 4 + k) * 3);
      axis.set([axes[i]!.x, axes[i]!.y, axes[i]!.z], (i * 4 + k) * 3);
    }
    corner.set(corners, i * 8);
    index.push(i * 4, i * 4 + 1, i * 4 + 2, i * 4, i * 4 + 2, i * 4 + 3);
  }
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(pos, 3));
  g.setAttribute('axis', new THREE.BufferAttribute(axis, 3));
  g.setAttribute('corner', new THREE.BufferAttribute(corner, 2));
  g.setIndex(index);
  return g;
}

/**
 * Hide every visible halo under `root` and return them (to be shown again). A camera whose own
 * flare effect makes lamps glare from their bright pixels draws without these stand-ins, or lamps
 * would glow twice.
 */
export function hideHalos(root: THREE.Object3D): THREE.Object3D[] {
  const hidden: THREE.Object3D[] = [];
  root.traverseVisible((o) => {
    if (o.userData.halo === true) hidden.push(o);
  });
  for (const o of hidden) o.visible = false;
  return hidden;
}

/** A look-only halo mesh (one or many quads sharing one look and one strength). */
export function haloMesh(geometry: THREE.BufferGeometry, look: HaloLook, name = 'glare'): THREE.Mesh {
  const mesh = new THREE.Mesh(geometry, haloMaterial(look));
  mesh.name = name;
  mesh.userData.lookOnly = true;
  mesh.userData.halo = true;
  // The quads grow in the shader: the geometry's bounds are only the lamp points.
  mesh.frustumCulled = false;
  mesh.castShadow = false;
  mesh.receiveShadow = false;
  mesh.renderOrder = 10;
  mesh.visible = false;
  return mesh;
}

/** Set a halo's strength: the lamp's intensity along its axis (renderer candela); 0 hides it. */
export function setHaloStrength(halo: THREE.Mesh, candela: number): void {
  (halo.material as THREE.ShaderMaterial).uniforms.strength!.value = candela;
  halo.visible = candela > 0;
}

/** A halo that follows a lamp mesh: its strength is the lamp's emissive intensity × `candelaPerUnit`. */
interface Follower {
  readonly halo: THREE.Mesh;
  readonly lamp: THREE.Mesh;
  readonly candelaPerUnit: number;
}

/** The halos of one World's lamps, kept in step with the lamps' emissive intensity. */
export class Glare {
  private readonly followers: Follower[] = [];

  /**
   * A halo on `lamp` (a mesh under `holder`), at `centre` (holder's frame) facing `axis`, as bright
   * as the lamp's emissive intensity × `candelaPerUnit`.
   */
  follow(holder: THREE.Object3D, lamp: THREE.Mesh, centre: THREE.Vector3, axis: THREE.Vector3, look: HaloLook, candelaPerUnit: number): THREE.Mesh {
    const halo = haloMesh(haloGeometry([centre], [axis]), look, `${lamp.name}-glare`);
    holder.add(halo);
    this.followers.push({ halo, lamp, candelaPerUnit });
    return halo;
  }

  /** Read every followed lamp's emissive intensity into its halo (call after the lamps are set). */
  update(): void {
    for (const f of this.followers) {
      const mat = f.lamp.material as THREE.MeshStandardMaterial;
      setHaloStrength(f.halo, (mat.emissiveIntensity ?? 0) * f.candelaPerUnit);
    }
  }
}
