import * as THREE from 'three';
import { moonPosition, sunDirection, sunPosition, type EnvironmentSpec } from '../scenario/index.ts';
import { QUALITY_PRESETS, type QualitySpec } from './quality.ts';

export interface Lighting {
  readonly group: THREE.Group;
  readonly background: THREE.Color;
  /** The sky's own colour, before any fog (the background is the fog's colour when there is fog). */
  readonly sky: THREE.Color;
  readonly fog: THREE.FogExp2 | null;
  readonly sun: THREE.DirectionalLight;
  /** Sun elevation, radians. */
  readonly elevation: number;
  /** Keep the sun's shadow box centred on a point of interest (the camera's mount). */
  follow(target: THREE.Vector3): void;
}

const DAY = new THREE.Color(0x8fb3d9);
const DUSK = new THREE.Color(0xd98c5f);
const NIGHT = new THREE.Color(0x05070d);
const OVERCAST = new THREE.Color(0x9a9ea3);

/** The sky's colour and the fog's, from the environment (the fog's whether or not there is fog). */
export function skyColors(env: EnvironmentSpec): { sky: THREE.Color; fog: THREE.Color } {
  const deg = (sunPosition(env.timeOfDay, env.dayOfYear, env.latitude).elevation * 180) / Math.PI;
  // Daylight factor: 0 below -6° (civil dusk), 1 above +10°, smooth between.
  const day = THREE.MathUtils.smoothstep(deg, -6, 10);
  const dusk = Math.max(0, 1 - Math.abs(deg - 2) / 8) * 0.7;
  // Overcast: a greyer, flatter sky; the sun's direct light is mostly scattered into sky light.
  const overcast = Math.min(1, Math.max(0, env.clouds));
  const sky = NIGHT.clone().lerp(DAY, day).lerp(DUSK, dusk * day * (1 - overcast)).lerp(OVERCAST.clone().multiplyScalar(day), overcast * 0.8);
  const fog = sky.clone().lerp(new THREE.Color(0x9aa1a8), 0.5 * day).lerp(new THREE.Color(0x0c0f14), 1 - day);
  return { sky, fog };
}

/** Sky colour, sun, moon/ambient light and fog from the environment. */
export function buildLighting(env: EnvironmentSpec, quality: Pick<QualitySpec, 'sunShadowMap' | 'sunShadowRadius'> = QUALITY_PRESETS.standard): Lighting {
  const group = new THREE.Group();
  group.name = 'lighting';
  const pos = sunPosition(env.timeOfDay, env.dayOfYear, env.latitude);
  const el = pos.elevation;
  const deg = (el * 180) / Math.PI;

  // Daylight factor: 0 below -6° (civil dusk), 1 above +10°, smooth between.
  const day = THREE.MathUtils.smoothstep(deg, -6, 10);
  const dusk = Math.max(0, 1 - Math.abs(deg - 2) / 8) * 0.7;
  const overcast = Math.min(1, Math.max(0, env.clouds));
  const { sky: background, fog: fogColor } = skyColors(env);

  const dir = sunDirection(pos);
  const sun = new THREE.DirectionalLight(new THREE.Color(1, 0.95, 0.88).lerp(DUSK, dusk), 3.2 * THREE.MathUtils.smoothstep(deg, -2, 15) * (1 - 0.8 * overcast));
  sun.name = 'sun';
  sun.position.set(dir[0] * 200, dir[1] * 200, Math.max(dir[2], 0.02) * 200);
  sun.castShadow = el > 0 && overcast < 0.9;
  if (sun.castShadow) {
    sun.shadow.mapSize.set(quality.sunShadowMap, quality.sunShadowMap);
    sun.shadow.radius = quality.sunShadowRadius;
    const cam = sun.shadow.camera;
    cam.left = -60;
    cam.right = 60;
    cam.top = 60;
    cam.bottom = -60;
    cam.near = 1;
    cam.far = 500;
    sun.shadow.bias = -0.0005;
    sun.shadow.normalBias = 0.02;
  }
  group.add(sun, sun.target);

  // Moonlight: a faint cool directional light, by the moon's height and phase, when the sun is down.
  const moon = moonPosition(env.timeOfDay, env.dayOfYear, env.year, env.latitude);
  const moonDir = sunDirection(moon);
  const moonStrength = 0.35 * moon.illumination * THREE.MathUtils.smoothstep((moon.elevation * 180) / Math.PI, -1, 15) * (1 - day) * (1 - 0.85 * overcast);
  if (moonStrength > 0.001) {
    const moonLight = new THREE.DirectionalLight(0xb8c8ff, moonStrength);
    moonLight.name = 'moon';
    moonLight.position.set(moonDir[0] * 200, moonDir[1] * 200, moonDir[2] * 200);
    group.add(moonLight, moonLight.target);
  }

  // Sky light from above, ground bounce below; at night a faint blue moonlight remains.
  // Around sunset the direct sun fades but the whole sky still glows and lights the ground: without
  // the `dusk` term (peak at 2° of elevation, 0 by -6° and +10°) the ground went black under a
  // bright sky. Its weight puts dusk verges near their daytime pixel values after auto exposure.
  const hemi = new THREE.HemisphereLight(background.clone().lerp(new THREE.Color(0x3a4a66), 1 - day), 0x2b2418, 0.15 + (1.1 + 0.8 * overcast) * day + 6 * dusk);
  hemi.position.set(0, 0, 1);
  group.add(hemi);

  const density = env.fogDensity;
  const fog = density > 0 ? new THREE.FogExp2(fogColor, density) : null;

  const offset = sun.position.clone();
  return {
    group,
    background: fog ? fogColor.clone() : background,
    sky: background,
    fog,
    sun,
    elevation: el,
    follow(target: THREE.Vector3) {
      sun.target.position.copy(target);
      sun.position.copy(target).add(offset);
      sun.target.updateMatrixWorld();
    },
  };
}
