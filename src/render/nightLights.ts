import * as THREE from 'three';
import type { EntitySpec, SceneSpec } from '../scenario/index.ts';
import { findEyes, updateEyes, type Eye } from './eyeShine.ts';
import { Glare, type HaloLook } from './glare.ts';
import { addHeadlights, HEADLIGHT_GLOW, HIGH_BEAM_CD, indicatorLamps, lampMeshes, LOW_BEAM_CD, type BeamLight, type Indicators } from './headlights.ts';
import { buildStreetLamps, type StreetLamps } from './lamps.ts';

// Everything that lights the night for one World: vehicles' beams, their lamps' glare, blinking
// indicators, street lamps and animals' eye-shine. World hands it each entity's model once and
// calls update() with every state; all of it is a pure function of that state and its time.

/** Halo strength of a lit headlight seen head-on: about its beam's peak, renderer candela. */
const HEADLIGHT_GLARE = { low: LOW_BEAM_CD, high: HIGH_BEAM_CD } as const;
/** Halo strength per unit of emissive intensity of a red tail/brake lamp and an amber indicator. */
const TAIL_GLARE_PER_GLOW = 40;
const INDICATOR_GLARE_PER_GLOW = 12;
/** Halo strength per unit of an eye's emissive intensity (a retroreflection: bright, small). */
const EYE_GLARE_PER_GLOW = 100;

const HEAD_LOOK: HaloLook = { color: new THREE.Color(1, 0.93, 0.82), spread: 6, omni: 0.04 };
const TAIL_LOOK: HaloLook = { color: new THREE.Color(1, 0.05, 0.02), spread: 2, omni: 0.1 };
const INDICATOR_LOOK: HaloLook = { color: new THREE.Color(1, 0.45, 0.02), spread: 1.5, omni: 0.25 };
const EYE_LOOK: HaloLook = { color: new THREE.Color(0.6, 1, 0.65), spread: 1, omni: 0, size: 0.25 };

export class NightLights {
  /** Every headlight beam in the scene (eye-shine sums over them). */
  readonly beams: BeamLight[] = [];
  readonly street: StreetLamps | null;
  private readonly glare = new Glare();
  private readonly indicators: Indicators[] = [];
  private readonly eyes: Eye[] = [];

  constructor(spec: SceneSpec, scene: THREE.Scene) {
    this.street = buildStreetLamps(spec.environment, spec.road);
    if (this.street) scene.add(this.street.group);
  }

  /** Light one entity's model: its beam, glare on every lamp, indicators that blink as the spec says, eyes that can shine. */
  addEntity(e: EntitySpec, model: THREE.Group): void {
    if (e.lights !== 'off') this.beams.push(addHeadlights(model, e.size, e.lights));
    const glarePerGlow = e.lights === 'off' ? 0 : HEADLIGHT_GLARE[e.lights] / HEADLIGHT_GLOW;
    const lamps: Array<[string, HaloLook, number, 1 | -1 | 0]> = [
      ['headlight', HEAD_LOOK, glarePerGlow, 1],
      ['taillight', TAIL_LOOK, TAIL_GLARE_PER_GLOW, -1],
      ['indicator_left', INDICATOR_LOOK, INDICATOR_GLARE_PER_GLOW, 0],
      ['indicator_right', INDICATOR_LOOK, INDICATOR_GLARE_PER_GLOW, 0],
    ];
    for (const [name, look, perGlow, facing] of lamps) {
      if (perGlow === 0) continue;
      for (const { mesh, box } of lampMeshes(model, name)) {
        // On the lens's outer face; front lamps face forward, rear lamps back (indicators: by where they are).
        const centre = box.getCenter(new THREE.Vector3());
        const dir = facing !== 0 ? facing : Math.sign(centre.x) || 1;
        centre.x = dir > 0 ? box.max.x : box.min.x;
        this.glare.follow(model, mesh, centre, new THREE.Vector3(dir, 0, 0), look, perGlow);
      }
    }
    const blinking = indicatorLamps(model, e.hazards ? 'hazards' : (e.indicator ?? null));
    if (blinking) this.indicators.push(blinking);
    for (const eye of findEyes(model)) {
      this.eyes.push(eye);
      this.glare.follow(model, eye.mesh, eye.centre, eye.normal, EYE_LOOK, EYE_GLARE_PER_GLOW);
    }
  }

  /**
   * Set every lamp for simulated time `time` (s) with the world's matrices up to date: indicators
   * blink, street lights go to the lamps near `carrier` (the camera's), eyes shine in the beams,
   * halos follow their lamps.
   */
  update(time: number, carrier: THREE.Object3D | undefined): void {
    for (const ind of this.indicators) ind.set(time);
    this.street?.update(carrier);
    updateEyes(this.eyes, this.beams);
    this.glare.update();
  }
}
