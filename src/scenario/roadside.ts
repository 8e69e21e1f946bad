// The road's scenery settings as the scenario gives them or, left open, as drawn from the seed:
// what grows beside the road, where guardrails run, how worn the lane markings are. Where each
// tree or post stands is the renderer's (render/roadside.ts), from the seed as well.
import type { Rng } from '../core/index.ts';
import type { GuardrailSpec, RoadSpec, RoadsideSpec } from './SceneSpec.ts';

/** The road is drawn this far beyond both ends (render/road.ts RUN_OUT): a full-length run covers it. */
const DRAWN_BEYOND = 100;
/** A bend's guardrail starts and ends this far before and after the bend, metres. */
const BEND_LEAD = 30;

export type Vegetation = RoadsideSpec['vegetation'];
export type GuardrailChoice = 'auto' | 'none' | 'left' | 'right' | 'both';

/** How often each kind of roadside is drawn when the scenario names none. */
const VEGETATION_SHARES: ReadonlyArray<readonly [number, Vegetation]> = [
  [30, 'open'],
  [45, 'trees'],
  [25, 'forest'],
];
/** Lane markings left open are drawn between fresh and this worn. */
const MAX_DRAWN_WEAR = 0.5;

/**
 * A motorway-like road: a one-way carriageway of two or more lanes, or four lanes or more.
 * It gets guardrails on both sides by default.
 */
export function isMotorway(road: RoadSpec): boolean {
  return (road.oncoming === 0 && road.lanes >= 2) || road.lanes >= 4;
}

/**
 * Guardrail runs for a choice: 'auto' puts them along both sides of a motorway, and along the
 * outside of a bend from BEND_LEAD before it to BEND_LEAD after; other roads get none.
 */
export function guardrailRuns(road: RoadSpec, choice: GuardrailChoice): GuardrailSpec[] {
  const all = { from: -DRAWN_BEYOND, to: road.length + DRAWN_BEYOND };
  if (choice === 'none') return [];
  if (choice === 'left' || choice === 'right') return [{ side: choice, ...all }];
  if (choice === 'both' || isMotorway(road)) return [{ side: 'right', ...all }, { side: 'left', ...all }];
  const c = road.curve;
  if (!c) return [];
  // A left bend's outside is on the right.
  const side = c.direction === 1 ? 'right' : 'left';
  return [{ side, from: Math.max(all.from, c.start - BEND_LEAD), to: Math.min(all.to, c.start + c.radius * c.angle + BEND_LEAD) }];
}

/** The roadside and marking wear: given words and numbers as given, the rest drawn from `rng`. */
export function resolveRoadside(
  road: RoadSpec,
  given: { vegetation?: Vegetation; guardrail?: GuardrailChoice; wear?: number },
  rng: Rng,
): { roadside: RoadsideSpec; markingWear: number } {
  // Both draws are always made, so giving one leaves the other's value unchanged.
  const u = rng.next();
  const drawnWear = rng.uniform(0, MAX_DRAWN_WEAR);
  let vegetation: Vegetation = VEGETATION_SHARES[VEGETATION_SHARES.length - 1]![1];
  const total = VEGETATION_SHARES.reduce((a, [w]) => a + w, 0);
  let acc = 0;
  for (const [w, v] of VEGETATION_SHARES) {
    acc += w;
    if (u * total < acc) {
      vegetation = v;
      break;
    }
  }
  return {
    roadside: { vegetation: given.vegetation ?? vegetation, guardrails: guardrailRuns(road, given.guardrail ?? 'auto') },
    markingWear: given.wear ?? Math.round(drawnWear * 1000) / 1000,
  };
}
