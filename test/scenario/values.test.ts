// Units, defaults and the non-entity parts of a SceneSpec: road, environment, duration, cameras.
import { describe, expect, it } from 'vitest';
import { modelByName } from '../../src/core/index.ts';
import { COLORS, UNITS } from '../../src/dsl/index.ts';
import { DEFAULT_CAMERA_EFFECTS, DEFAULT_PHYSICS_HZ, SCENE_SPEC_FORMAT } from '../../src/scenario/index.ts';
import { entityNamed, minimal, sampleSnippet } from '../helpers/scenario.ts';

const FOG_CONTRAST = Math.sqrt(-Math.log(0.05));

function speedOf(extra: string): number {
  const m = entityNamed(sampleSnippet(minimal(`car c { speed: ${extra} }`), 0), 'c').motion;
  if (m.kind !== 'drive') throw new Error('not driving');
  return m.speed;
}

function xOf(length: string): number {
  return entityNamed(sampleSnippet(minimal(`cone c { at ${length} }`), 0), 'c').position[0];
}

describe('units', () => {
  it('the unit table', () => {
    expect(Object.fromEntries(Object.entries(UNITS).map(([k, u]) => [k, [u.dim, u.factor]]))).toEqual({
      m: ['length', 1],
      km: ['length', 1000],
      cm: ['length', 0.01],
      mm: ['length', 0.001],
      'm/s': ['speed', 1],
      'km/h': ['speed', 1 / 3.6],
      mph: ['speed', 0.44704],
      'm/s2': ['accel', 1],
      g: ['accel', 9.80665],
      deg: ['angle', Math.PI / 180],
      rad: ['angle', 1],
      s: ['time', 1],
      ms: ['time', 0.001],
      min: ['time', 60],
      h: ['time', 3600],
    });
  });

  it('72 km/h is 20 m/s', () => {
    expect(speedOf('72 km/h')).toBeCloseTo(20, 12);
  });

  it('speeds in m/s and mph', () => {
    expect(speedOf('12.5 m/s')).toBe(12.5);
    expect(speedOf('10 mph')).toBeCloseTo(4.4704, 12);
    expect(speedOf('72km/h')).toBeCloseTo(20, 12);
  });

  it('lengths in km, cm and mm', () => {
    expect(xOf('1.5 km')).toBe(1500);
    expect(xOf('250 cm')).toBe(2.5);
    expect(xOf('2500 mm')).toBe(2.5);
    expect(xOf('3.5m')).toBe(3.5);
  });

  it('90 deg is π/2 radians', () => {
    expect(entityNamed(sampleSnippet(minimal('car c { facing: 90 deg }'), 0), 'c').yaw).toBe(Math.PI / 2);
    expect(entityNamed(sampleSnippet(minimal('car c { facing: 0.5 rad }'), 0), 'c').yaw).toBe(0.5);
  });

  it('durations in s, ms, min and h', () => {
    expect(sampleSnippet(minimal() + 'duration 2 min', 0).duration).toBe(120);
    expect(sampleSnippet(minimal() + 'duration 1500 ms', 0).duration).toBe(1.5);
    expect(sampleSnippet(minimal() + 'duration 0.25 h', 0).duration).toBe(900);
  });

  it('a unit after an expression applies to every plain number inside it', () => {
    expect(xOf('(1 + 2) km')).toBe(3000);
    expect(xOf('(2 * 3) km')).toBe(6000);
    expect(xOf('(6 / 2) km')).toBe(3000);
    expect(xOf('(1 / 2 + 1) km')).toBe(1500);
    expect(xOf('-(2 - 5) m')).toBe(3);
    const u = xOf('uniform(1, 2) km');
    expect(u).toBeGreaterThanOrEqual(1000);
    expect(u).toBeLessThan(2000);
  });

  it('a unit binds tighter than * and /, looser than unary minus', () => {
    expect(xOf('3 * 2 km')).toBe(6000);
    expect(xOf('2 km / 4')).toBe(500);
    expect(xOf('1 km + 20 m')).toBe(1020);
    expect(xOf('10 m - -5 m')).toBe(15);
  });

  it('m / s written with spaces is still the unit m/s', () => {
    expect(speedOf('10 m / s')).toBe(10);
  });
});

describe('environment', () => {
  it('defaults: noon, day 172 (21 June), latitude 48°, no fog, clear, dry, calm, no street lamps', () => {
    const env = sampleSnippet(minimal(), 0).environment;
    // The wind's direction is drawn from the seed when not given (it matters only when wind blows).
    expect(env.windDirection).toBeGreaterThanOrEqual(-Math.PI);
    expect(env.windDirection).toBeLessThanOrEqual(Math.PI);
    expect({ ...env, windDirection: undefined }).toEqual({
      windDirection: undefined,
      timeOfDay: 12 * 3600,
      dayOfYear: 172,
      year: 2026,
      latitude: (48 * Math.PI) / 180,
      fogDensity: 0,
      clouds: 0,
      rain: 0,
      snow: 0,
      wetness: 0,
      wind: 0,
      streetLamps: false,
    });
  });

  it('fog: 173.08 m of visibility is an exp² density of sqrt(-ln 0.05) / 173.08 ≈ 0.01 per metre', () => {
    const env = sampleSnippet('environment { fog: 173.08 m }\n' + minimal(), 0).environment;
    expect(env.fogDensity).toBe(FOG_CONTRAST / 173.08);
    expect(env.fogDensity).toBeCloseTo(0.01, 5);
    // 5% contrast left at the visibility distance
    expect(Math.exp(-((env.fogDensity * 173.08) ** 2))).toBeCloseTo(0.05, 12);
  });

  it('time is a clock time; clock arithmetic with durations works', () => {
    expect(sampleSnippet('environment { time: 21:30 }\n' + minimal(), 0).environment.timeOfDay).toBe(77400);
    expect(sampleSnippet('environment { time: 21:30 + 90 min }\n' + minimal(), 0).environment.timeOfDay).toBe(23 * 3600);
    expect(sampleSnippet('environment { time: 06:00:30 - 30 s }\n' + minimal(), 0).environment.timeOfDay).toBe(6 * 3600);
  });

  it('uniform between clock times stays between them', () => {
    for (let seed = 0; seed < 50; seed++) {
      const t = sampleSnippet('environment { time: uniform(21:30, 23:30) }\n' + minimal(), seed).environment.timeOfDay;
      expect(t).toBeGreaterThanOrEqual(77400);
      expect(t).toBeLessThan(84600);
    }
  });

  it('date is "MM-DD" (year 2026) or "YYYY-MM-DD"; leap years have 29 February', () => {
    const env = (d: string) => sampleSnippet(`environment { date: "${d}" }\n` + minimal(), 0).environment;
    expect(env('01-01').dayOfYear).toBe(1);
    expect(env('03-01').dayOfYear).toBe(60);
    expect(env('11-21')).toMatchObject({ dayOfYear: 325, year: 2026 });
    expect(env('2024-12-31')).toMatchObject({ dayOfYear: 366, year: 2024 });
    expect(env('2024-02-29').dayOfYear).toBe(60);
  });

  it('weather: clouds, rain, snow and wetness are plain numbers 0..1, wind a speed, street lamps on or off', () => {
    const text = 'environment {\n  clouds: 0.5\n  rain: 0.25\n  snow: 1\n  wetness: 0\n  wind: 36 km/h\n  street_lamps: on\n}\n' + minimal();
    expect(sampleSnippet(text, 0).environment).toMatchObject({ clouds: 0.5, rain: 0.25, snow: 1, wetness: 0, wind: 10, streetLamps: true });
    expect(sampleSnippet('environment { street_lamps: off }\n' + minimal(), 0).environment.streetLamps).toBe(false);
    const random = sampleSnippet('environment {\n  rain: uniform(0.2, 0.4)\n  street_lamps: choice(on, off)\n}\n' + minimal(), 3).environment;
    expect(random.rain).toBeGreaterThanOrEqual(0.2);
    expect(random.rain).toBeLessThan(0.4);
  });

  it('time wraps past midnight; a time inside the day keeps every bit', () => {
    const time = (t: string) => sampleSnippet(`environment { time: ${t} }\n` + minimal(), 0).environment.timeOfDay;
    expect(time('23:00 + 2 h')).toBe(3600);
    expect(time('00:30 - 1 h')).toBe(23.5 * 3600);
    expect(time('24:00')).toBe(0);
    expect(time('12:00 + 0.1 s')).toBe(43200.1);
    expect(time('12:00 + 3 * 24 h')).toBe(43200);
  });

  it('a date is checked against its month (a date without a year is in 2026: no 29 February)', () => {
    const day = (d: string) => sampleSnippet(`environment { date: "${d}" }\n` + minimal(), 0).environment.dayOfYear;
    expect(day('02-28')).toBe(59);
    expect(day('04-30')).toBe(120);
    expect(day('12-31')).toBe(365);
  });

  it('latitude is an angle', () => {
    expect(sampleSnippet('environment { latitude: -33.9 deg }\n' + minimal(), 0).environment.latitude).toBe((-33.9 * Math.PI) / 180);
  });

  it('moving vehicles switch their low beams on when the sun is low, unless told', () => {
    const night = (extra: string) => sampleSnippet('environment { time: 23:00 }\n' + minimal(extra), 0);
    const lights = (spec: ReturnType<typeof night>, name: string) => entityNamed(spec, name).lights;
    // Only moving vehicles: the parked ego of minimal() keeps its lights off even at night.
    expect(lights(night(''), 'ego')).toBe('off');
    expect(lights(night('car c { speed: 50 km/h }'), 'c')).toBe('low');
    expect(lights(night('truck t { speed: 50 km/h }'), 't')).toBe('low');
    expect(lights(night('bicycle b { speed: 15 km/h }'), 'b')).toBe('off');
    expect(lights(night('deer d { speed: 5 km/h }'), 'd')).toBe('off');
    expect(lights(night('car c {\n  speed: 50 km/h\n  lights: off\n}'), 'c')).toBe('off');
    expect(lights(night('car c {\n  speed: 50 km/h\n  lights: high\n}'), 'c')).toBe('high');
    expect(lights(sampleSnippet(minimal('car c { speed: 50 km/h }'), 0), 'c')).toBe('off');
    // `on` is the low beam, `low` and `high` are as written, in daylight too.
    expect(lights(sampleSnippet(minimal('car c { lights: on }'), 0), 'c')).toBe('low');
    expect(lights(sampleSnippet(minimal('car c { lights: low }'), 0), 'c')).toBe('low');
    expect(lights(sampleSnippet(minimal('car c { lights: high }'), 0), 'c')).toBe('high');
  });
});

describe('road', () => {
  it('defaults: straight, 2 lanes of 3.5 m, 400 m long, 1 m shoulders, floor(lanes/2) oncoming', () => {
    // Scenery left open is drawn from the seed: roadside kind and marking wear (roadside.test.ts).
    expect(sampleSnippet(minimal(), 0).road).toEqual({
      kind: 'straight', curve: null, cross: null, lanes: 2, laneWidth: 3.5, length: 400, shoulder: 1, oncoming: 1, surface: 'dry',
      roadside: { vegetation: expect.stringMatching(/^(open|trees|forest)$/), guardrails: [] },
      markingWear: expect.any(Number),
    });
  });

  it('every property', () => {
    const text = 'road straight {\n  lanes: 3\n  lane_width: 3.25 m\n  length: 1.2 km\n  shoulder: 0 m\n  oncoming: 2\n  surface: wet\n  roadside: forest\n  guardrail: left\n  wear: 0.25\n}\n' + minimal();
    expect(sampleSnippet(text, 0).road).toEqual({
      kind: 'straight', curve: null, cross: null, lanes: 3, laneWidth: 3.25, length: 1200, shoulder: 0, oncoming: 2, surface: 'wet',
      roadside: { vegetation: 'forest', guardrails: [{ side: 'left', from: -100, to: 1300 }] },
      markingWear: 0.25,
    });
  });

  it('"straight" may be left out', () => {
    expect(sampleSnippet('road { lanes: 1 }\n' + minimal(), 0).road).toMatchObject({ kind: 'straight', lanes: 1, oncoming: 0 });
  });
});

describe('entities', () => {
  it('ids follow declaration order; the ego is named "ego" unless named; others get class_N', () => {
    const spec = sampleSnippet('ego car { }\ncone { }\ndeer doe { }\ncone { }', 0);
    expect(spec.entities.map((e) => [e.id, e.name, e.cls])).toEqual([
      [1, 'ego', 'car'],
      [2, 'cone_2', 'cone'],
      [3, 'doe', 'deer'],
      [4, 'cone_4', 'cone'],
    ]);
    expect(sampleSnippet('ego truck me { }', 0).entities[0]!.name).toBe('me');
  });

  it('model colours, named colours and "#rrggbb"', () => {
    const spec = sampleSnippet(minimal('car a { }\ncar b { color: silver }\ncar c { color: "#ff8000" }'), 0);
    // Unspecified: a paint of the model's palette (variety.test.ts checks the frequencies).
    const a = entityNamed(spec, 'a').color;
    expect(modelByName('sedan')!.palette.some(([, c]) => c.every((v, i) => v === a[i]))).toBe(true);
    expect(entityNamed(spec, 'b').color).toEqual([...COLORS.silver!]);
    expect(entityNamed(spec, 'c').color).toEqual([1, 128 / 255, 0]);
  });
});

describe('cameras', () => {
  it('with none declared, the ego gets one: 90° wide, 640x480 at 10 fps, above its front quarter', () => {
    const spec = sampleSnippet(minimal(), 0);
    const [l, , h] = spec.entities[0]!.size; // the ego's sampled size (variety.test.ts)
    expect(spec.cameras).toEqual([
      { name: 'ego_camera', mount: 'ego', offset: [l * 0.25, 0, h + 0.1], pitch: 0, yaw: 0, hfov: Math.PI / 2, width: 640, height: 480, fps: 10, near: 0.1, far: 1000, effects: DEFAULT_CAMERA_EFFECTS },
    ]);
  });

  it('every camera property', () => {
    const text = [
      'ego car {',
      '  camera front {',
      '    fov: 60 deg',
      '    resolution: 1280x720',
      '    fps: 30',
      '    position: (120, 0, 150) cm',
      '    pitch: 5 deg',
      '    yaw: 10 deg',
      '    near: 0.5 m',
      '    far: 300 m',
      '  }',
      '}',
    ].join('\n');
    const [cam] = sampleSnippet(text, 0).cameras;
    expect(cam).toMatchObject({ name: 'front', mount: 'ego', width: 1280, height: 720, fps: 30, near: 0.5, far: 300 });
    expect(cam!.hfov).toBe((60 * Math.PI) / 180);
    expect(cam!.pitch).toBe((5 * Math.PI) / 180);
    expect(cam!.yaw).toBe((10 * Math.PI) / 180);
    expect(cam!.offset).toEqual([1.2, 0, 1.5]);
  });

  it('cameras can ride on any entity, and are listed in declaration order', () => {
    const spec = sampleSnippet('ego car { camera front { } }\ntruck t {\n  camera { }\n  camera { }\n}', 0);
    expect(spec.cameras.map((c) => [c.name, c.mount])).toEqual([
      ['front', 'ego'],
      ['t_camera', 't'],
      ['t_camera2', 't'],
    ]);
    // the default position scales with the mount
    const [l, , h] = entityNamed(spec, 't').size;
    expect(spec.cameras[1]!.offset).toEqual([l * 0.25, 0, h + 0.1]);
  });

  it('yaw turns a camera left of its mount’s heading (negative: right)', () => {
    const text = 'ego car {\n  camera rear { yaw: 180 deg }\n  camera right { yaw: -90 deg }\n  camera front { }\n}';
    expect(sampleSnippet(text, 0).cameras.map((c) => c.yaw)).toEqual([Math.PI, -Math.PI / 2, 0]);
  });

  it('the resolution option overrides every camera', () => {
    const spec = sampleSnippet('ego car { camera a { resolution: 1920x1080 } }', 0, { resolution: [320, 240] });
    expect([spec.cameras[0]!.width, spec.cameras[0]!.height]).toEqual([320, 240]);
  });
});

describe('the rest of the SceneSpec', () => {
  it('format, name, source, seed, duration and physics rate', () => {
    const spec = sampleSnippet(minimal(), 3);
    expect(spec).toMatchObject({ format: SCENE_SPEC_FORMAT, name: 'snippet', source: 'snippet.scene', seed: 3, duration: 5, physicsHz: DEFAULT_PHYSICS_HZ });
    expect(sampleSnippet('scenario "night drive"\n' + minimal(), 0).name).toBe('night drive');
    expect(sampleSnippet(minimal(), 0, { physicsHz: 240 }).physicsHz).toBe(240);
  });
});
