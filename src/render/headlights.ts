import * as THREE from 'three';

// Vehicle lamps: headlight beams with a real beam pattern, tail and brake lights, indicators and
// hazard lights.
//
// A beam is a SpotLight whose `map` (a light cookie) holds the beam's intensity distribution, so
// one light draws the shape of a real lamp: the low beam's sharp horizontal cut-off with the
// kerb-side rise, its bright band just under the cut-off that reaches 40-50 m, and a foreground
// that falls off steeply so the road a few metres ahead is not blown out; the high beam's far hot
// spot. Intensity falls off physically (decay 2, inverse square). The cookie is computed in code
// from beamCandela(), the same function the eye-shine uses, so what the road shows and what the
// eyes reflect agree.
//
// Intensities are candela, about a real lamp's (a low beam peaks at 15-20 000 cd), tuned by eye
// through the camera's auto exposure, which at night sits at its upper limit (effects/exposure.ts):
// if that limit changes, these want retuning with it.

export type Beam = 'low' | 'high';

const DEG = Math.PI / 180;

/** Peak intensity of one low-beam lamp, renderer candela (just under the cut-off). */
export const LOW_BEAM_CD = 16_000;
/** Peak intensity of the high beam's far hot spot, on the axis, renderer candela. */
export const HIGH_BEAM_CD = 80_000;

/** Low-beam cut-off: 0.57° (a 1% slope) below horizontal on the oncoming side (azimuth ≤ 0)... */
const CUTOFF = -0.57 * DEG;
/** ...rising at 15° towards the kerb (right-hand traffic), up to this elevation. */
const CUTOFF_RISE = Math.tan(15 * DEG);
const CUTOFF_TOP = 1.5 * DEG;
/** Half-width of the cut-off's transition: sharp, as a projector lamp's. */
const CUTOFF_SOFT = 0.15 * DEG;
/** Light above the cut-off (stray, for signs and the oncoming driver's limit), share of the peak. */
const STRAY = 0.01;
/** The low beam's peak band reaches down to this depression; below it, a power-law fall-off. */
const HOT = 0.9 * DEG;
const FALL_OFFSET = 0.3 * DEG;
const FALL_POWER = 1.8;
/** Steeper than this (degrees down: the road within ~8 m of the lamp), the foreground fades faster still. */
const FOREGROUND = 4;

/**
 * Intensity (renderer candela) of one lamp of `beam` towards elevation `el` (up positive) and
 * azimuth `az` (to the right positive), radians, in the vehicle's frame.
 *
 * Low beam: full below the cut-off down to HOT, then ((HOT + a)/(depression + a))^1.8, and below
 * FOREGROUND degrees another (FOREGROUND/depression)^1.5: a ray d degrees down meets the road
 * (lamp height h) at h/tan d, where the irradiance is I·sin(d)/r², so the road from 10 to 40 m
 * stays visibly lit, falling gently with distance, and the first metres are dimmer than 10 m.
 * Horizontally a Gaussian aimed 2° right, wider in the foreground.
 * High beam: the low beam plus a hot spot on the axis (σ 1.8° × 5°) and a wider halo.
 */
export function beamCandela(beam: Beam, el: number, az: number): number {
  const e = el / DEG;
  const a = az / DEG;
  const dep = Math.max(0, -e);
  const cut = az <= 0 ? CUTOFF : Math.min(CUTOFF + az * CUTOFF_RISE, CUTOFF_TOP);
  const below = 1 - THREE.MathUtils.smoothstep(el, cut - CUTOFF_SOFT, cut + CUTOFF_SOFT);
  // The kerb-side wedge above the oncoming side's cut-off carries a little less than the peak.
  const wedge = el > CUTOFF ? 0.6 : 1;
  const fall = (el >= -HOT ? 1 : ((HOT + FALL_OFFSET) / (-el + FALL_OFFSET)) ** FALL_POWER) * (dep <= FOREGROUND ? 1 : (FOREGROUND / dep) ** 1.5);
  const sigma = 10 + 0.6 * dep;
  const h = Math.exp(-0.5 * ((a - 2) / sigma) ** 2);
  const low = LOW_BEAM_CD * h * (below * wedge * fall + (1 - below) * STRAY);
  if (beam === 'low') return low;
  const spot = Math.exp(-0.5 * ((e + 0.2) / 1.8) ** 2) * Math.exp(-0.5 * (a / 5) ** 2);
  const wide = 0.06 * Math.exp(-0.5 * (e / 3.5) ** 2) * Math.exp(-0.5 * (a / 14) ** 2);
  return low + HIGH_BEAM_CD * (spot + wide);
}

/** The beam's axis points this far below horizontal ("aimed a few degrees down"). */
export const BEAM_AIM = 4 * DEG;
/** Half-angle of the spot's cone; the cookie covers it (a square frustum of the same half-angle). */
export const BEAM_CONE = 40 * DEG;
/** Cookie size, texels: finer vertically, where the cut-off is. */
const MAP_W = 128;
const MAP_H = 256;

/** A beam's cookie texture and the peak intensity it is normalised to. */
export interface BeamProfile {
  readonly map: THREE.DataTexture;
  /** Largest intensity in the cookie, renderer candela: the SpotLight's intensity for one lamp. */
  readonly peak: number;
}

/**
 * The direction (elevation, azimuth) in the vehicle's frame of the cookie's point (x, y), in
 * tangent units of the spot's frustum (x right, y up), with the axis BEAM_AIM below horizontal.
 */
function cookieDirection(x: number, y: number): { el: number; az: number } {
  // Frustum axes in the vehicle frame (x forward, z up; "right" is -y): forward f = (cos a, 0, -sin a),
  // up u = (sin a, 0, cos a). The ray is f + x·right + y·u.
  const ca = Math.cos(BEAM_AIM);
  const sa = Math.sin(BEAM_AIM);
  const fwd = ca + y * sa;
  const up = -sa + y * ca;
  return { el: Math.atan2(up, Math.hypot(fwd, x)), az: Math.atan2(x, fwd) };
}

/** A grey value ≥ 0 as an RGB9_E5 texel: three equal 9-bit mantissas under one 5-bit exponent (bias 15). */
export function packGreyE5(v: number): number {
  if (!(v > 0)) return 0;
  let exp = Math.max(-16, Math.floor(Math.log2(v))) + 16;
  let m = Math.round(v / 2 ** (exp - 24));
  if (m === 512) {
    exp += 1;
    m = 256;
  }
  return (m | (m << 9) | (m << 18) | (exp << 27)) >>> 0;
}

/** The grey value of an RGB9_E5 texel (its red channel). */
export function unpackE5(texel: number): number {
  return (texel & 511) * 2 ** ((texel >>> 27) - 24);
}

const profiles = new Map<Beam, BeamProfile>();

/** The cookie of `beam` (computed once per page, deterministic), with its peak intensity. */
export function beamProfile(beam: Beam): BeamProfile {
  const cached = profiles.get(beam);
  if (cached) return cached;
  const tan = Math.tan(BEAM_CONE);
  const values = new Float64Array(MAP_W * MAP_H);
  let peak = 0;
  for (let j = 0; j < MAP_H; j++) {
    const y = ((2 * (j + 0.5)) / MAP_H - 1) * tan;
    for (let i = 0; i < MAP_W; i++) {
      const x = ((2 * (i + 0.5)) / MAP_W - 1) * tan;
      const { el, az } = cookieDirection(x, y);
      const v = beamCandela(beam, el, az);
      values[j * MAP_W + i] = v;
      peak = Math.max(peak, v);
    }
  }
  // RGB9_E5 (a shared exponent, 9-bit mantissas): the foreground is ~1/1000 of the peak, and
  // 8-bit texels, even sRGB-encoded, drew rings on the road there; half floats cost the CPU
  // renderer ~8 ms a frame more to sample (2 beams, 640×480). 32 bits a texel, like 8-bit RGBA.
  const data = new Uint32Array(MAP_W * MAP_H);
  for (let k = 0; k < values.length; k++) data[k] = packGreyE5(values[k]! / peak);
  // Row 0 is the bottom of the frustum (v = 0), column 0 its left: how three samples a spot's map.
  const map = new THREE.DataTexture(data, MAP_W, MAP_H, THREE.RGBFormat, THREE.UnsignedInt5999Type);
  map.name = `${beam}-beam-cookie`;
  map.magFilter = THREE.LinearFilter;
  map.minFilter = THREE.LinearFilter;
  map.generateMipmaps = false;
  map.colorSpace = THREE.NoColorSpace;
  map.needsUpdate = true;
  const profile = { map, peak };
  profiles.set(beam, profile);
  return profile;
}

/** A headlight beam of a vehicle: the light, which beam, and how many lamps it stands for. */
export interface BeamLight {
  readonly light: THREE.SpotLight;
  readonly beam: Beam;
  /** The vehicle model carrying it (its pose turns world directions into the beam's frame). */
  readonly vehicle: THREE.Object3D;
}

/** The meshes named `name` under `model`, each with its bounding box in the model's own frame. */
export function lampMeshes(model: THREE.Object3D, name: string): Array<{ mesh: THREE.Mesh; box: THREE.Box3 }> {
  model.updateMatrixWorld(true);
  const toModel = model.matrixWorld.clone().invert();
  const lamps: Array<{ mesh: THREE.Mesh; box: THREE.Box3 }> = [];
  model.traverse((o) => {
    if (o.name !== name || !(o as THREE.Mesh).isMesh) return;
    lamps.push({ mesh: o as THREE.Mesh, box: new THREE.Box3().setFromObject(o).applyMatrix4(toModel) });
  });
  return lamps;
}

/** Headlight lens glow when the lights are on (emissive intensity). */
export const HEADLIGHT_GLOW = 3;
/** Tail lamps at rest with the lights on, and braking (emissive intensity). */
export const TAIL_GLOW = 1.5;
export const BRAKE_GLOW = 6;

/**
 * Headlights for a vehicle model: one beam at the middle of its headlight lenses as bright as all
 * of them, lens and tail lamps made to glow. Light and target are children of the model, so they
 * move with it. One light, not one per lens: every light costs every lit pixel on the CPU renderer
 * (a second beam for the camera's car cost ~10% of the frame), and from the driver's seat two
 * lenses 1.2 m apart light the road almost as one, but for the first metres.
 */
export function addHeadlights(model: THREE.Object3D, size: readonly number[], beam: Beam): BeamLight {
  const profile = beamProfile(beam);
  let lamps = lampMeshes(model, 'headlight').map(({ box: b }) => {
    const c = b.getCenter(new THREE.Vector3());
    // Just in front of the lens, so the bumper under it is behind the light.
    c.x = b.max.x + 0.05;
    return c;
  });
  if (lamps.length === 0) {
    const [l, , h] = size as [number, number, number];
    lamps = [new THREE.Vector3(l / 2 + 0.05, 0, h * 0.45)];
  }
  const at = lamps.reduce((s, c) => s.add(c), new THREE.Vector3()).divideScalar(lamps.length);
  const spot = new THREE.SpotLight(0xfff4e0, profile.peak * lamps.length, 0, BEAM_CONE, 0.3, 2);
  spot.name = 'headlight-beam';
  spot.map = profile.map;
  spot.position.copy(at);
  spot.target.position.set(at.x + 10 * Math.cos(BEAM_AIM), at.y, at.z - 10 * Math.sin(BEAM_AIM));
  // The cookie is projected through the shadow camera: world z up keeps the cut-off level, and the
  // frustum must hold points from right at the lens (near) to far away, or they go unshaped.
  const cam = spot.shadow.camera;
  cam.up.set(0, 0, 1);
  cam.near = 0.01;
  cam.far = 3000;
  model.add(spot, spot.target);
  model.traverse((o) => {
    const mesh = o as THREE.Mesh;
    if (!mesh.isMesh) return;
    const mat = mesh.material as THREE.MeshStandardMaterial;
    if (o.name === 'headlight' && mat.emissive) {
      mesh.material = mat.clone();
      (mesh.material as THREE.MeshStandardMaterial).emissive.setRGB(1, 0.97, 0.9);
      (mesh.material as THREE.MeshStandardMaterial).emissiveIntensity = HEADLIGHT_GLOW;
    }
    if (o.name === 'taillight' && mat.emissive) {
      mesh.material = mat.clone();
      (mesh.material as THREE.MeshStandardMaterial).emissive.setRGB(0.9, 0.05, 0.03);
      (mesh.material as THREE.MeshStandardMaterial).emissiveIntensity = TAIL_GLOW;
    }
  });
  return { light: spot, beam, vehicle: model };
}

/** Brake lights of a vehicle model: a switch that makes its tail lamps glow bright red, or rest. */
export interface BrakeLights {
  set(on: boolean): void;
}

/**
 * The model's tail lamps, given their own material so this vehicle's brake lights switch alone.
 * At rest they glow faintly when the headlights are on (tail lights), else not at all.
 */
export function brakeLights(model: THREE.Object3D, tailLightsOn: boolean): BrakeLights | null {
  const mats: THREE.MeshStandardMaterial[] = [];
  model.traverse((o) => {
    const mesh = o as THREE.Mesh;
    if (!mesh.isMesh || o.name !== 'taillight') return;
    const mat = (mesh.material as THREE.MeshStandardMaterial).clone();
    mat.emissive.setRGB(0.9, 0.05, 0.03);
    mesh.material = mat;
    mats.push(mat);
  });
  if (mats.length === 0) return null;
  const rest = tailLightsOn ? TAIL_GLOW : 0;
  let state: boolean | null = null;
  const lights = {
    set(on: boolean) {
      if (on === state) return;
      state = on;
      for (const m of mats) m.emissiveIntensity = on ? BRAKE_GLOW : rest;
    },
  };
  lights.set(false);
  return lights;
}

/** Indicators and hazard lights blink at this rate, Hz (road rules: 1.5 ± 0.5 Hz)... */
export const BLINK_HZ = 1.5;
/** ...lit during the first half of each period. Pure in the simulated time t (seconds). */
export function blinkOn(t: number): boolean {
  const p = t * BLINK_HZ;
  return p - Math.floor(p) < 0.5;
}

/**
 * Indicator lens glow while lit (emissive intensity): a lamp is far brighter than a lit body, so
 * the lens stays visible on a car in another's headlights.
 */
export const INDICATOR_GLOW = 20;

/** Which indicators blink: both (hazard lights), one side, or none. */
export type Blinking = 'hazards' | 'left' | 'right' | null;

/** The indicator lamps of a vehicle: set(t) lights them as they are at simulated time t. */
export interface Indicators {
  set(t: number): void;
}

/**
 * The model's amber indicator lamps (meshes 'indicator_left' / 'indicator_right'), each side with
 * its own material, blinking as `mode` says. Null when the model has none or nothing blinks.
 */
export function indicatorLamps(model: THREE.Object3D, mode: Blinking): Indicators | null {
  if (mode === null) return null;
  const mats: THREE.MeshStandardMaterial[] = [];
  const sides = mode === 'hazards' ? ['left', 'right'] : [mode];
  const perSide = new Map<string, THREE.MeshStandardMaterial>();
  model.traverse((o) => {
    const mesh = o as THREE.Mesh;
    const m = /^indicator_(left|right)$/.exec(o.name);
    if (!mesh.isMesh || !m) return;
    let mat = perSide.get(m[1]!);
    if (!mat) {
      mat = (mesh.material as THREE.MeshStandardMaterial).clone();
      perSide.set(m[1]!, mat);
      if (sides.includes(m[1]!)) mats.push(mat);
    }
    mesh.material = mat;
  });
  if (mats.length === 0) return null;
  return {
    set(t: number) {
      const on = blinkOn(t);
      for (const mat of mats) mat.emissiveIntensity = on ? INDICATOR_GLOW : 0;
    },
  };
}
