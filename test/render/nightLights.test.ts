// Night lighting without a browser: the beam pattern and its cookie, blinking indicators and hazard
// lights as a pure function of time, street lamp placement and the choice of lit lamps, eye-shine.
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { classByName } from '../../src/core/index.ts';
import { EYE_MAX } from '../../src/render/eyeShine.ts';
import { BEAM_AIM, BEAM_CONE, beamCandela, beamProfile, blinkOn, HIGH_BEAM_CD, INDICATOR_GLOW, LOW_BEAM_CD, packGreyE5, unpackE5 } from '../../src/render/headlights.ts';
import { LAMP_SPACING, MAX_LAMP_LIGHTS, nearestLamps, streetLampPositions } from '../../src/render/lamps.ts';
import { World } from '../../src/render/World.ts';
import { haloGeometry, haloMesh, hideHalos } from '../../src/render/glare.ts';
import { STATE_STRIDE, type EntitySpec, type SceneSpec } from '../../src/scenario/index.ts';
import { compileScene, entityNamed, minimal, sampleSnippet, samplingErrorsOf } from '../helpers/scenario.ts';
import { analyticScene } from '../helpers/specs.ts';
import { sample } from '../../src/scenario/index.ts';

const DEG = Math.PI / 180;
const NIGHT = { timeOfDay: 0 };

function atNight(spec: SceneSpec, env: Partial<SceneSpec['environment']> = {}): SceneSpec {
  return { ...spec, environment: { ...spec.environment, ...NIGHT, ...env } };
}

/** analyticScene at night with the ego car's headlights set to `lights`. */
function night(lights: EntitySpec['lights'], things: EntitySpec[]): SceneSpec {
  const base = atNight(analyticScene(things));
  return { ...base, entities: [{ ...base.entities[0]!, lights }, ...base.entities.slice(1)] };
}

const car = (over: Partial<EntitySpec> = {}): EntitySpec => ({
  id: 2,
  name: 'lead',
  cls: 'car',
  model: 'sedan',
  size: [4.5, 1.8, 1.45],
  position: [12, 0, 0],
  yaw: 0,
  color: [0.5, 0.5, 0.5],
  motion: { kind: 'static' },
  lights: 'off',
  ...over,
});

const deer = (over: Partial<EntitySpec> = {}): EntitySpec => ({
  id: 3,
  name: 'doe',
  cls: 'deer',
  model: 'deer',
  size: [1.6, 0.45, 1.55],
  position: [30, -1, 0],
  yaw: Math.PI, // facing the ego car
  color: [0.5, 0.33, 0.2],
  motion: { kind: 'static' },
  lights: 'off',
  ...over,
});

/** Emissive intensity of every mesh named `name` under the entity `entity`. */
function glow(w: World, entity: string, name: string): number[] {
  const out: number[] = [];
  w.modelOf(entity).traverse((o) => {
    if (o.name === name && (o as THREE.Mesh).isMesh) out.push(((o as THREE.Mesh).material as THREE.MeshStandardMaterial).emissiveIntensity);
  });
  return out;
}

/** The initial poses as a packed state (every entity where its spec puts it). */
function initialState(spec: SceneSpec): Float32Array {
  const s = new Float32Array(spec.entities.length * STATE_STRIDE);
  spec.entities.forEach((e, i) => s.set([...e.position, 0, 0, Math.sin(e.yaw / 2), Math.cos(e.yaw / 2), 0], i * STATE_STRIDE));
  return s;
}

describe('low and high beam pattern', () => {
  it('has a sharp horizontal cut-off 0.57° down on the oncoming side, rising 15° towards the kerb', () => {
    // Oncoming side (left, azimuth -5°): full just under the cut-off, stray light (1%) just over it.
    expect(beamCandela('low', -1 * DEG, -5 * DEG)).toBeGreaterThan(0.5 * LOW_BEAM_CD);
    expect(beamCandela('low', -0.2 * DEG, -5 * DEG)).toBeLessThan(0.015 * LOW_BEAM_CD);
    // Kerb side (right, +8°): the cut-off has risen by 8°·tan 15° ≈ 2.1° (to its 1.5° limit), so
    // +0.5° is still lit there while the same elevation on the oncoming side is not.
    expect(beamCandela('low', 0.5 * DEG, 8 * DEG)).toBeGreaterThan(0.3 * LOW_BEAM_CD);
    expect(beamCandela('low', 0.5 * DEG, -8 * DEG)).toBeLessThan(0.015 * LOW_BEAM_CD);
    expect(beamCandela('low', 2 * DEG, 8 * DEG)).toBeLessThan(0.015 * LOW_BEAM_CD);
  });

  it('falls off steeply into the foreground, so the road next to the car is not the brightest', () => {
    // Irradiance on the road d metres ahead of a lamp 0.6 m up: I(θ)·sin θ / r², θ = atan(0.6/d).
    const road = (d: number) => {
      const th = Math.atan2(0.6, d);
      return (beamCandela('low', -th, 0) * Math.sin(th)) / (d * d + 0.36);
    };
    expect(road(3)).toBeLessThan(road(10));
    expect(road(20)).toBeGreaterThan(20 * road(80));
  });

  it('packs cookie texels as RGB9_E5 exactly: 9-bit mantissa, shared exponent with bias 15', () => {
    // 1 = 256·2^(16-24): mantissa 256, exponent 16; 0.75 = 384·2^(15-24); 2^-10 = 256·2^(6-24).
    expect(packGreyE5(1)).toBe((256 | (256 << 9) | (256 << 18) | (16 << 27)) >>> 0);
    expect(packGreyE5(0.75)).toBe((384 | (384 << 9) | (384 << 18) | (15 << 27)) >>> 0);
    expect(unpackE5(packGreyE5(2 ** -10))).toBe(2 ** -10);
    expect(packGreyE5(0)).toBe(0);
    // Rounding up to the next power of two carries into the exponent: 511.6/512 → 1.
    expect(unpackE5(packGreyE5(511.6 / 512))).toBe(1);
    for (const v of [0.3, 0.0123, 0.000456, 0.999]) expect(Math.abs(unpackE5(packGreyE5(v)) - v)).toBeLessThanOrEqual(v / 512);
  });

  it('high beam reaches far with no cut-off: 5× the low beam on the axis and above it', () => {
    expect(beamCandela('high', 0, 0)).toBeGreaterThan(5 * beamCandela('low', 0, 0));
    expect(beamCandela('high', 1 * DEG, -3 * DEG)).toBeGreaterThan(0.5 * HIGH_BEAM_CD);
    // It adds to the low beam: never less anywhere.
    for (const el of [-10, -2, -0.5, 0, 2]) for (const az of [-20, 0, 20]) expect(beamCandela('high', el * DEG, az * DEG)).toBeGreaterThanOrEqual(beamCandela('low', el * DEG, az * DEG));
  });

  it('holds the pattern in its cookie: texel (i, j) is the pattern in that texel centre\'s direction', () => {
    const { map, peak } = beamProfile('low');
    const { width, height, data } = map.image as { width: number; height: number; data: Uint32Array };
    const tan = Math.tan(BEAM_CONE);
    const texel = (i: number, j: number) => unpackE5(data[j * width + i]!) * peak;
    for (const [i, j] of [[64, 140], [90, 150], [20, 128], [64, 30], [100, 200]] as const) {
      // The frustum's axis points BEAM_AIM down; x right, y up in its tangent plane.
      const x = ((2 * (i + 0.5)) / width - 1) * tan;
      const y = ((2 * (j + 0.5)) / height - 1) * tan;
      const fwd = Math.cos(BEAM_AIM) + y * Math.sin(BEAM_AIM);
      const up = -Math.sin(BEAM_AIM) + y * Math.cos(BEAM_AIM);
      const want = beamCandela('low', Math.atan2(up, Math.hypot(fwd, x)), Math.atan2(x, fwd));
      // RGB9_E5: 9-bit mantissas, so within 1/512 relative (denormal below 2^-15 of the peak).
      expect(Math.abs(texel(i, j) - want)).toBeLessThanOrEqual(want / 512 + peak * 2 ** -24);
    }
    // Upper right (kerb side, above the horizon) is lit; upper left (oncoming side) is not.
    const row = Math.round(((Math.tan(BEAM_AIM + 1 * DEG) / tan + 1) / 2) * height);
    expect(texel(Math.round(width * 0.56), row)).toBeGreaterThan(20 * texel(Math.round(width * 0.44), row));
  });
});

describe('indicators and hazard lights', () => {
  it('blink at 1.5 Hz, lit for the first half of each 2/3 s period', () => {
    // Lit in [0, 1/3), [2/3, 1), [4/3, 5/3) ... s; dark in between.
    const on = [0, 0.1, 0.3, 0.33, 0.67, 0.9, 1.34, 1.6, 2.0];
    const off = [0.34, 0.5, 0.66, 1.0, 1.3, 1.7];
    for (const t of on) expect(blinkOn(t), `t = ${t}`).toBe(true);
    for (const t of off) expect(blinkOn(t), `t = ${t}`).toBe(false);
  });

  it('hazards blink both sides of every model with indicators, driven by the time given to applyState', () => {
    for (const model of ['sedan', 'suv', 'pickup', 'van', 'truck', 'bus', 'motorcycle']) {
      const spec = atNight(analyticScene([car({ model, hazards: true })]));
      const w = new World(spec);
      const s = initialState(spec);
      w.applyState(s, 0.1);
      const left = glow(w, 'lead', 'indicator_left');
      const right = glow(w, 'lead', 'indicator_right');
      expect(left.length, model).toBeGreaterThanOrEqual(2);
      expect(right.length, model).toBe(left.length);
      expect([...left, ...right].every((v) => v === INDICATOR_GLOW), model).toBe(true);
      w.applyState(s, 0.5);
      expect([...glow(w, 'lead', 'indicator_left'), ...glow(w, 'lead', 'indicator_right')].every((v) => v === 0), model).toBe(true);
      w.dispose();
    }
  });

  it('an indicator blinks its own side only; without either, indicators stay dark', () => {
    const spec = atNight(analyticScene([car({ indicator: 'left' }), car({ id: 3, name: 'plain', position: [30, 0, 0] })]));
    const w = new World(spec);
    w.applyState(initialState(spec), 0.2);
    expect(glow(w, 'lead', 'indicator_left').every((v) => v === INDICATOR_GLOW)).toBe(true);
    expect(glow(w, 'lead', 'indicator_right').every((v) => v === 0)).toBe(true);
    expect([...glow(w, 'plain', 'indicator_left'), ...glow(w, 'plain', 'indicator_right')].every((v) => v === 0)).toBe(true);
    w.dispose();
  });

  it('every lamp has a look-only halo, hidden while the lamp is dark', () => {
    const spec = atNight(analyticScene([car({ hazards: true, lights: 'low' })]));
    const w = new World(spec);
    const halos: THREE.Object3D[] = [];
    w.modelOf('lead').traverse((o) => {
      if (o.name.endsWith('-glare')) halos.push(o);
    });
    // Two headlights, two tail lamps, four indicators.
    expect(halos.length).toBe(8);
    expect(halos.every((h) => h.userData.lookOnly === true)).toBe(true);
    w.applyState(initialState(spec), 0.5); // indicators dark
    expect(halos.filter((h) => h.visible).map((h) => h.name).sort()).toEqual(['headlight-glare', 'headlight-glare', 'taillight-glare', 'taillight-glare']);
    w.dispose();
  });
});

describe('street lamps', () => {
  const road = analyticScene([]).road;

  it('stand on the right verge every 35 m, the first half a spacing from s = 0, over the drawn road', () => {
    const lamps = streetLampPositions(road);
    // Road: 1 lane of 4 m, 0.5 m shoulders: the pole stands at t = -(2 + 0.5 + 0.8) = -3.3 m, the head 1.8 m in.
    const first = lamps.find((l) => l.s === 17.5)!;
    expect(first.foot).toEqual([17.5, -3.3]);
    expect(first.head[0]).toBe(17.5);
    expect(first.head[1]).toBeCloseTo(-1.5, 12);
    expect(first.head[2]).toBe(8);
    for (let i = 1; i < lamps.length; i++) expect(lamps[i]!.s - lamps[i - 1]!.s).toBe(LAMP_SPACING);
    // The road is drawn from s = -100 to length + 100 = 400.
    expect(lamps[0]!.s).toBe(-87.5);
    expect(lamps.at(-1)!.s).toBe(367.5);
    expect(streetLampPositions(road)).toEqual(lamps);
  });

  it('light only the lamps nearest the point 20 m ahead of the camera carrier, fading the farthest', () => {
    const w = new World(atNight(analyticScene([]), { streetLamps: true }));
    const lights = w.night.street!.lights;
    expect(lights.length).toBe(MAX_LAMP_LIGHTS);
    expect(MAX_LAMP_LIGHTS).toBeLessThanOrEqual(4);
    // Ego at x = 0, heads at y = -1.5: from (20, 0) the lamp at 17.5 is 2.9 m away, 52.5: 32.53 m,
    // -17.5: 37.53 m, 87.5: 67.52 m, -52.5: 72.52 m.
    const chosen = nearestLamps(w.night.street!.lamps, 20, 0, 5).map((c) => c.lamp.s);
    expect(chosen).toEqual([17.5, 52.5, -17.5, 87.5, -52.5]);
    expect(lights.map((l) => l.position.x)).toEqual([17.5, 52.5, -17.5]);
    // Straight down, at full strength but for the last, which fades over 10 m as it nears the first
    // lamp left out: 87.5 is 30 m further than -17.5, so -17.5 is still at full strength.
    expect(lights.every((l) => l.target.position.x === l.position.x && l.target.position.z === 0)).toBe(true);
    expect(new Set(lights.map((l) => l.intensity)).size).toBe(1);
    expect(lights[0]!.intensity).toBeGreaterThan(0);
    // The ego moved to x = 12.5: from the look-ahead point (32.5, 0) the lamps at 17.5 and 52.5 are
    // 15.1 and 20.1 m away, -17.5 is 50.02 m and 87.5 55.02 m: the third is 5 m nearer than the
    // first left out, half-way through its fade: smoothstep(5 / 10) = 0.5.
    const s = new Float32Array(STATE_STRIDE);
    s.set([12.5, 0, 0, 0, 0, 0, 1, 0]);
    w.applyState(s, 0);
    expect(lights.map((l) => l.position.x)).toEqual([17.5, 52.5, -17.5]);
    const full = lights[0]!.intensity;
    expect(lights[1]!.intensity).toBe(full);
    expect(lights[2]!.intensity / full).toBeCloseTo(0.5, 3);
    w.dispose();
  });

  it('are labelled as poles, and have no lights by day', () => {
    const day = analyticScene([]);
    const w = new World({ ...day, environment: { ...day.environment, streetLamps: true } });
    expect(w.night.street!.lights.length).toBe(0);
    expect(w.night.street!.group.userData.semantic).toBe(classByName('pole')!.id);
    w.dispose();
  });
});

describe('eye-shine', () => {
  const eyes = (w: World, entity = 'doe') => glow(w, entity, 'eye');

  it('shines in the beams, stays dark with the lights off or the head turned away', () => {
    const lit = new World(night('low', [deer()]));
    expect(eyes(lit).length).toBe(2);
    expect(Math.min(...eyes(lit))).toBeGreaterThan(0.05);
    lit.dispose();

    const dark = new World(night('off', [deer()]));
    expect(eyes(dark)).toEqual([0, 0]);
    dark.dispose();

    // Facing away from the car (yaw 0): the eyes look away from the lamps.
    const w = new World(night('high', [deer({ yaw: 0 })]));
    expect(eyes(w)).toEqual([0, 0]);
    w.dispose();
  });

  it('grows with the light: high beam outshines low beam at 60 m, up to EYE_MAX', () => {
    const at = (lights: 'low' | 'high') => {
      const w = new World(night(lights, [deer({ position: [60, 0, 0] })]));
      const v = Math.max(...eyes(w));
      w.dispose();
      return v;
    };
    const low = at('low');
    const high = at('high');
    expect(high).toBeGreaterThan(low);
    expect(high).toBeLessThanOrEqual(EYE_MAX);
  });

  it('every animal model has two eyes that can shine', () => {
    for (const model of ['deer', 'moose', 'boar', 'dog', 'cow', 'horse', 'sheep']) {
      const w = new World(night('high', [deer({ model, cls: model, position: [15, 0, 0] })]));
      const v = eyes(w);
      expect(v.length, model).toBe(2);
      expect(Math.min(...v), model).toBeGreaterThan(0);
      w.dispose();
    }
  });
});

describe('hazards and indicators in the scenario language', () => {
  it('resolve into the entity spec only when on, so other specs keep their shape', () => {
    const spec = sampleSnippet(
      minimal(`
        truck broken {
          on shoulder right
          at 100 m
          hazards: on
        }
        van parked {
          on shoulder right
          at 140 m
          hazards: off
          indicator: off
        }
        car turning {
          on lane 1
          at 60 m
          indicator: left
        }
      `),
    );
    expect(entityNamed(spec, 'broken').hazards).toBe(true);
    expect(entityNamed(spec, 'broken').indicator).toBeUndefined();
    expect('hazards' in entityNamed(spec, 'parked') || 'indicator' in entityNamed(spec, 'parked')).toBe(false);
    expect(entityNamed(spec, 'turning').indicator).toBe('left');
    expect('hazards' in entityNamed(spec, 'ego')).toBe(false);
  });

  it('are for vehicles', () => {
    expect(samplingErrorsOf(minimal('deer doe {\n  at 50 m\n  hazards: on\n}'))).toEqual([
      "snippet.scene:4:12: 'hazards' is for vehicles (they have the lamps); 'doe' is an animal",
    ]);
  });

  it('the broken-down truck of truck-breakdown-curve-night has its hazard lights on', () => {
    const spec = sample(compileScene('scenes/truck-breakdown-curve-night.scene'), { seed: 13 });
    expect(entityNamed(spec, 'broken').hazards).toBe(true);
  });
});

describe('halos and the flare effect', () => {
  it('hideHalos hides only visible halos, and returns them to be shown again', () => {
    const root = new THREE.Group();
    const lit = haloMesh(haloGeometry([new THREE.Vector3(1, 0, 0)], [new THREE.Vector3(1, 0, 0)]), { color: new THREE.Color(1, 1, 1), spread: 1, omni: 0 });
    lit.visible = true;
    const dark = haloMesh(haloGeometry([new THREE.Vector3(2, 0, 0)], [new THREE.Vector3(1, 0, 0)]), { color: new THREE.Color(1, 1, 1), spread: 1, omni: 0 });
    const body = new THREE.Mesh(new THREE.BoxGeometry());
    root.add(lit, dark, body);
    expect(hideHalos(root)).toEqual([lit]);
    expect([lit.visible, dark.visible, body.visible]).toEqual([false, false, true]);
  });
});
