import * as THREE from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import { classByName } from '../core/index.ts';
import { roadFrame, roadPoint, sunPosition, type EnvironmentSpec, type RoadSpec } from '../scenario/index.ts';
import { haloGeometry, haloMesh, setHaloStrength } from './glare.ts';
import { RUN_OUT } from './road.ts';

// Street lamps along the road (environment `street_lamps: on`): a pole on the right-hand verge
// every LAMP_SPACING metres, an arm reaching over the road and a lamp head with a glowing lens.
//
// Poles, arms and heads are real geometry: one merged mesh for all of them, one for all lenses,
// labelled 'pole'. Lights are expensive on the CPU renderer, so only
// the MAX_LAMP_LIGHTS lamps nearest a point just ahead of the camera's carrier get a real
// SpotLight, re-chosen at every state; every lamp has its glowing lens and a look-only halo. A
// lamp leaving the chosen set fades out over LIGHT_FADE metres of distance, as the next one fades
// in, so the choice never makes the road's light jump.

/** Distance between lamps along the road, metres; the first stands half a spacing from s = 0. */
export const LAMP_SPACING = 35;
/** Height of the lamp head's lens above the road, metres. */
export const LAMP_HEIGHT = 8;
/** The pole stands this far beyond the right shoulder's outer edge, metres. */
export const POLE_SETBACK = 0.8;
/** The arm reaches this far from the pole towards the road's centre, metres. */
export const ARM_REACH = 1.8;
/**
 * Real lights at most. Each costs every lit pixel on the CPU renderer (~15 ms a frame at 640×480
 * for one more spot): three cover the pools the camera sees, the lamps ~10 and ~45 m ahead and
 * one behind or beyond.
 */
export const MAX_LAMP_LIGHTS = 3;
/** Lights go to the lamps nearest this point: the carrier's position this far ahead, metres. */
export const LOOK_AHEAD = 20;
/** Distance over which a lamp's light fades as it leaves the chosen set, metres. */
export const LIGHT_FADE = 10;
/** Intensity of a lamp, renderer candela: even over its cone, softening at its very edge. */
export const LAMP_CD = 60;
/** Half-angle of a lamp's cone (a road lamp lights wide, well past the next pole). */
const CONE = 72 * (Math.PI / 180);
const PENUMBRA = 0.1;
/** Warm white of a modern sodium-replacement LED (~3000 K). */
const LAMP_COLOR = new THREE.Color(1, 0.78, 0.52);

/** One lamp: its arc length, its pole's foot and its lens (world metres), the arm's direction. */
export interface StreetLamp {
  readonly s: number;
  readonly foot: readonly [number, number];
  readonly head: readonly [number, number, number];
  /** Road heading at the lamp, radians. */
  readonly heading: number;
}

/** Every lamp of the road, in order of s: deterministic in the road alone. */
export function streetLampPositions(road: RoadSpec): StreetLamp[] {
  const tPole = -((road.lanes * road.laneWidth) / 2 + road.shoulder + POLE_SETBACK);
  const lamps: StreetLamp[] = [];
  const first = Math.ceil((-RUN_OUT - LAMP_SPACING / 2) / LAMP_SPACING);
  for (let k = first; ; k++) {
    const s = LAMP_SPACING / 2 + k * LAMP_SPACING;
    if (s > road.length + RUN_OUT) break;
    const foot = roadPoint(road, s, tPole);
    const [hx, hy] = roadPoint(road, s, tPole + ARM_REACH);
    lamps.push({ s, foot, head: [hx, hy, LAMP_HEIGHT], heading: roadFrame(road, s).heading });
  }
  return lamps;
}

/** Is it dark enough for street lamps to be on? The same test as vehicles' automatic low beams. */
export function lampsLit(env: EnvironmentSpec): boolean {
  return sunPosition(env.timeOfDay, env.dayOfYear, env.latitude).elevation < 2 * (Math.PI / 180);
}

export interface StreetLamps {
  readonly group: THREE.Group;
  readonly lamps: readonly StreetLamp[];
  /** The SpotLights (MAX_LAMP_LIGHTS at most, fewer for a short road; none in daylight). */
  readonly lights: readonly THREE.SpotLight[];
  /** Give the lights to the lamps nearest the point LOOK_AHEAD metres ahead of `carrier`. */
  update(carrier: THREE.Object3D | undefined): void;
}

const POLE_RADIUS = 0.09;
const HEAD: THREE.Vector3Tuple = [0.7, 0.32, 0.16];

/** Pole, arm and head of one lamp, in world coordinates. */
function lampGeometry(lamp: StreetLamp): { body: THREE.BufferGeometry[]; lens: THREE.BufferGeometry } {
  const [fx, fy] = lamp.foot;
  const [hx, hy] = lamp.head;
  const armYaw = Math.atan2(hy - fy, hx - fx);
  const top = LAMP_HEIGHT + 0.25;
  const pole = new THREE.CylinderGeometry(POLE_RADIUS * 0.7, POLE_RADIUS, top, 8, 1);
  pole.rotateX(Math.PI / 2);
  pole.translate(fx, fy, top / 2);
  const arm = new THREE.BoxGeometry(ARM_REACH, 0.07, 0.07);
  arm.translate(ARM_REACH / 2, 0, 0);
  arm.rotateZ(armYaw);
  arm.translate(fx, fy, top - 0.05);
  const head = new THREE.BoxGeometry(...HEAD);
  head.rotateZ(armYaw);
  head.translate(hx, hy, LAMP_HEIGHT + HEAD[2] / 2 + 0.02);
  // The lens: a thin plate under the head (the lamp's light leaves through it).
  const lens = new THREE.BoxGeometry(HEAD[0] * 0.8, HEAD[1] * 0.75, 0.02);
  lens.rotateZ(armYaw);
  lens.translate(hx, hy, LAMP_HEIGHT + 0.01);
  return { body: [pole, arm, head].map((g) => g.toNonIndexed()), lens: lens.toNonIndexed() };
}

function merged(parts: THREE.BufferGeometry[]): THREE.BufferGeometry {
  for (const g of parts) for (const k of Object.keys(g.attributes)) if (k !== 'position' && k !== 'normal') g.deleteAttribute(k);
  const g = mergeGeometries(parts)!;
  for (const p of parts) p.dispose();
  return g;
}

/** The street lamps of a scene, or null when it has none. */
export function buildStreetLamps(env: EnvironmentSpec, road: RoadSpec): StreetLamps | null {
  if (!env.streetLamps) return null;
  const lamps = streetLampPositions(road);
  const lit = lampsLit(env);
  const group = new THREE.Group();
  group.name = 'street-lamps';
  // Roadside stuff: class 'pole', instance 0 (as the roadside scenery's poles).
  group.userData.semantic = classByName('pole')!.id;
  group.userData.instance = 0;

  const parts = lamps.map(lampGeometry);
  const metal = new THREE.MeshStandardMaterial({ color: 0x6d7175, roughness: 0.55, metalness: 0.6 });
  const body = new THREE.Mesh(merged(parts.flatMap((p) => p.body)), metal);
  body.name = 'street-lamp-poles';
  body.castShadow = true;
  body.receiveShadow = true;
  const lensMat = new THREE.MeshStandardMaterial({ color: 0xe8e2d0, roughness: 0.3, emissive: LAMP_COLOR, emissiveIntensity: lit ? 4 : 0 });
  const lens = new THREE.Mesh(merged(parts.map((p) => p.lens)), lensMat);
  lens.name = 'street-lamp-lenses';
  group.add(body, lens);

  const lights: THREE.SpotLight[] = [];
  if (lit) {
    const centres = lamps.map((l) => new THREE.Vector3(l.head[0], l.head[1], l.head[2] - 0.02));
    const halos = haloMesh(haloGeometry(centres, centres.map(() => new THREE.Vector3(0, 0, -1))), { color: LAMP_COLOR, spread: 1, omni: 0.3 }, 'street-lamp-glare');
    setHaloStrength(halos, LAMP_CD * 6);
    group.add(halos);
    for (let i = 0; i < Math.min(MAX_LAMP_LIGHTS, lamps.length); i++) {
      // No cookie: a map costs every lit pixel a texture lookup per light on the CPU renderer.
      const spot = new THREE.SpotLight(LAMP_COLOR, 0, 0, CONE, PENUMBRA, 2);
      spot.name = 'street-lamp-light';
      group.add(spot, spot.target);
      lights.push(spot);
    }
  }

  const ahead = new THREE.Vector3();
  return {
    group,
    lamps,
    lights,
    update(carrier) {
      if (lights.length === 0) return;
      if (carrier) ahead.set(LOOK_AHEAD, 0, 0).applyQuaternion(carrier.quaternion).add(carrier.position);
      else ahead.set(0, 0, 0);
      const chosen = nearestLamps(lamps, ahead.x, ahead.y, lights.length + 1);
      // The first lamp left out sets the fade: a lamp as far as it has no light.
      const edge = chosen.length > lights.length ? chosen[lights.length]!.d : Infinity;
      lights.forEach((spot, i) => {
        const { lamp, d } = chosen[i]!;
        spot.position.set(lamp.head[0], lamp.head[1], lamp.head[2] - 0.05);
        spot.target.position.set(lamp.head[0], lamp.head[1], 0);
        spot.intensity = LAMP_CD * THREE.MathUtils.smoothstep(edge - d, 0, LIGHT_FADE);
        spot.updateMatrixWorld();
        spot.target.updateMatrixWorld();
      });
    },
  };
}

/** The `n` lamps nearest (x, y) on the ground, nearest first; ties go to the smaller s. */
export function nearestLamps(lamps: readonly StreetLamp[], x: number, y: number, n: number): Array<{ lamp: StreetLamp; d: number }> {
  return lamps
    .map((lamp) => ({ lamp, d: Math.hypot(lamp.head[0] - x, lamp.head[1] - y) }))
    .sort((a, b) => a.d - b.d || a.lamp.s - b.lamp.s)
    .slice(0, n);
}
