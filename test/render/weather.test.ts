// Weather in the scenario language and the renderer's pieces that can be checked without a GPU:
// wind direction and fog height resolution, the height-fog formulas, wet-surface materials,
// particle counts and velocities, and how World wires them (look only, height fog on materials).
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { heightFogFactor, meanFogDensity, skyFogFactor } from '../../src/render/heightFog.ts';
import { gatherParticleLights, particleLightUniforms } from '../../src/render/particleLights.ts';
import { particleCount, particleVelocity, RAIN, SNOW } from '../../src/render/precipitation.ts';
import { surfaceLook, wetSurface } from '../../src/render/roadSurface.ts';
import { World } from '../../src/render/World.ts';
import type { EnvironmentSpec } from '../../src/scenario/index.ts';
import { analyticScene } from '../helpers/specs.ts';
import { sampleSnippet, samplingErrorsOf, minimal } from '../helpers/scenario.ts';

const env = (text: string, seed = 0): EnvironmentSpec => sampleSnippet(minimal(`environment {\n${text}\n}`), seed).environment;

describe('wind_direction and fog_height in the language', () => {
  it('resolves wind_direction to a heading in (-pi, pi]', () => {
    expect(env('wind_direction: 90 deg').windDirection).toBeCloseTo(Math.PI / 2, 12);
    expect(env('wind_direction: 270 deg').windDirection).toBeCloseTo(-Math.PI / 2, 12);
    expect(env('wind_direction: 180 deg').windDirection).toBe(Math.PI);
    expect(env('wind_direction: -180 deg').windDirection).toBe(Math.PI);
    expect(env('wind_direction: 0 deg').windDirection).toBe(0);
  });

  it('draws an unset wind direction from the seed, changing no other value', () => {
    const a = env('rain: uniform(0, 1)\nwind: uniform(0, 10) m/s', 5);
    const b = env('rain: uniform(0, 1)\nwind: uniform(0, 10) m/s', 5);
    const c = env('rain: uniform(0, 1)\nwind: uniform(0, 10) m/s', 6);
    expect(a.windDirection).toBe(b.windDirection);
    expect(a.windDirection).not.toBe(c.windDirection);
    expect(a.windDirection!).toBeGreaterThan(-Math.PI);
    expect(a.windDirection!).toBeLessThanOrEqual(Math.PI);
    // The other environment draws are those of a scene that names a direction.
    const named = env('rain: uniform(0, 1)\nwind: uniform(0, 10) m/s\nwind_direction: 1 rad', 5);
    expect({ ...named, windDirection: 0 }).toStrictEqual({ ...a, windDirection: 0 });
  });

  it('records fog_height in metres only when given', () => {
    expect(env('fog: 100 m\nfog_height: 5 m').fogHeight).toBe(5);
    expect(env('fog: 100 m\nfog_height: 50 cm').fogHeight).toBe(0.5);
    expect('fogHeight' in env('fog: 100 m')).toBe(false);
    expect(samplingErrorsOf(minimal('environment { fog_height: 0 m }'))[0]).toMatch(/fog height must be more than 0/);
  });
});

describe('height fog', () => {
  it('has the mean density of exp(-z/H) along a line', () => {
    // Level at z: exp(-z/H). From the road up to H: (1 - 1/e) / 1.
    expect(meanFogDensity(2, 2, 4)).toBeCloseTo(Math.exp(-0.5), 12);
    expect(meanFogDensity(0, 4, 4)).toBeCloseTo(1 - Math.exp(-1), 12);
    expect(meanFogDensity(4, 0, 4)).toBeCloseTo(1 - Math.exp(-1), 12);
    // Below the road counts as the road; a near-level line agrees with the exact mean.
    expect(meanFogDensity(-1, 0, 4)).toBe(1);
    expect(meanFogDensity(1, 1 + 1e-5, 3)).toBeCloseTo((Math.exp(-1 / 3) - Math.exp(-(1 + 1e-5) / 3)) / (1e-5 / 3), 8);
  });

  it('is the uniform exp² fog as the scale height grows, and thinner above the road', () => {
    const d = 0.02;
    const uniform = 1 - Math.exp(-((d * 100) ** 2));
    expect(heightFogFactor(d, 1e9, 1.5, 0, 100)).toBeCloseTo(uniform, 6);
    expect(heightFogFactor(d, 3, 0, 0, 100)).toBeCloseTo(uniform, 12);
    expect(heightFogFactor(d, 3, 1.5, 20, 100)).toBeLessThan(heightFogFactor(d, 3, 1.5, 0, 100));
  });

  it('clears the sky overhead and fogs it at the horizon', () => {
    const d = 0.03;
    const H = 2;
    // Straight up from 1.5 m: d·H·e^(-0.75) through the whole column.
    const t = d * H * Math.exp(-0.75);
    expect(skyFogFactor(d, H, 1.5, 1)).toBeCloseTo(1 - Math.exp(-t * t), 12);
    expect(skyFogFactor(d, H, 1.5, 0)).toBe(1);
    expect(skyFogFactor(d, H, 1.5, -0.2)).toBe(1);
    expect(skyFogFactor(d, H, 1.5, 0.001)).toBeGreaterThan(0.99);
  });
});

describe('wet and snowy ground', () => {
  it('makes asphalt smoother and darker linearly with wetness', () => {
    expect(wetSurface('asphalt', 0.85, 0)).toEqual({ roughness: 0.85, albedo: 1 });
    const half = wetSurface('asphalt', 0.85, 0.5);
    expect(half.roughness).toBeCloseTo(0.5, 12);
    expect(half.albedo).toBeCloseTo(0.75, 12);
    const wet = wetSurface('asphalt', 0.85, 1);
    expect(wet.roughness).toBeCloseTo(0.15, 12);
    expect(wet.albedo).toBeCloseTo(0.5, 12);
    // Grass does not turn glossy.
    expect(wetSurface('terrain', 1, 1).roughness).toBeCloseTo(0.85, 12);
  });

  it('puts puddles only above wetness 0.4, where the seed says', () => {
    const base = analyticScene([]).environment;
    expect(surfaceLook({ ...base, wetness: 0.4 }, 1).puddleThreshold).toBe(Infinity);
    const a = surfaceLook({ ...base, wetness: 1 }, 1);
    expect(a.puddleThreshold).toBeCloseTo(0.62, 12);
    expect(surfaceLook({ ...base, wetness: 0.7 }, 1).puddleThreshold).toBeGreaterThan(0.62);
    expect(surfaceLook({ ...base, wetness: 1 }, 1).noiseOffset).toEqual(a.noiseOffset);
    expect(surfaceLook({ ...base, wetness: 1 }, 2).noiseOffset).not.toEqual(a.noiseOffset);
    expect(surfaceLook({ ...base, snow: 0.25 }, 1).snowCover).toBe(0.5);
  });
});

describe('precipitation', () => {
  it('has as many particles as the intensity says', () => {
    expect(particleCount(RAIN, 0)).toBe(0);
    expect(particleCount(RAIN, 0.5)).toBe(RAIN.maxCount / 2);
    expect(particleCount(SNOW, 1)).toBe(SNOW.maxCount);
    expect(particleCount(SNOW, 2)).toBe(SNOW.maxCount);
  });

  it('falls at its own speed and moves with the wind', () => {
    const v = particleVelocity(RAIN, 10, Math.PI / 2);
    expect(v.x).toBeCloseTo(0, 12);
    expect(v.y).toBeCloseTo(10, 12);
    expect(v.z).toBe(-RAIN.fallSpeed);
    expect(particleVelocity(SNOW, 0, 0).toArray()).toEqual([0, 0, -SNOW.fallSpeed]);
  });

});

describe('particle lights', () => {
  it("hands the shader three's light values: nearest spots first, colour × intensity, cone, cookie", () => {
    const scene = new THREE.Scene();
    const far = new THREE.SpotLight(0xff0000, 10, 0, Math.PI / 6, 0.5, 2);
    far.position.set(50, 0, 1);
    const near = new THREE.SpotLight(0xffffff, 200, 30, Math.PI / 4, 0.2, 2);
    near.position.set(5, 0, 1);
    near.target.position.set(15, 0, 1);
    near.map = new THREE.DataTexture(new Uint8Array(4), 1, 1);
    const off = new THREE.SpotLight(0xffffff, 0);
    const sun = new THREE.DirectionalLight(0xffffff, 2);
    sun.position.set(0, 0, 10);
    const hemi = new THREE.HemisphereLight(0x8080ff, 0x402000, 1.5);
    scene.add(far, near, near.target, off, sun, sun.target, hemi);
    scene.updateMatrixWorld(true);
    const u = particleLightUniforms();
    gatherParticleLights(scene, new THREE.Vector3(0, 0, 2), u);
    expect(u.particleSpotPosition.value[0]!.toArray()).toEqual([5, 0, 1]);
    expect(u.particleSpotColor.value[0]!.x).toBeCloseTo(200, 9);
    // From the target towards the light, as three has it.
    expect(u.particleSpotDirection.value[0]!.toArray()).toEqual([-1, 0, 0]);
    const shape = u.particleSpotShape.value[0]!;
    expect(shape.x).toBeCloseTo(Math.cos(Math.PI / 4), 12);
    expect(shape.y).toBeCloseTo(Math.cos((Math.PI / 4) * 0.8), 12);
    expect([shape.z, shape.w]).toEqual([2, 30]);
    expect(u.particleSpotCookie.value[0]).toBe(0);
    expect(u.particleCookie0.value).toBe(near.map);
    expect(u.particleSpotColor.value[1]!.toArray()).toEqual([10, 0, 0]);
    expect(u.particleSpotCookie.value[1]).toBe(-1);
    // The light that is off takes no slot; the rest are empty.
    for (let i = 2; i < u.particleSpotColor.value.length; i++) expect(u.particleSpotColor.value[i]!.toArray()).toEqual([0, 0, 0]);
    expect(u.particleDirDirection.value[0]!.toArray()).toEqual([0, 0, 1]);
    expect(u.particleDirColor.value[0]!.toArray()).toEqual([2, 2, 2]);
    const sky = new THREE.Color(0x8080ff);
    const ground = new THREE.Color(0x402000);
    expect(u.particleAmbient.value.r).toBeCloseTo(0.75 * (sky.r + ground.r), 12);
    expect(u.particleAmbient.value.b).toBeCloseTo(0.75 * (sky.b + ground.b), 12);
  });
});

describe('World weather', () => {
  const base = analyticScene([]);
  const stormy = { ...base, environment: { ...base.environment, rain: 0.5, snow: 0.25, wetness: 0.8, fogDensity: 0.02, fogHeight: 3, wind: 5, windDirection: 1 } };

  it('adds rain and snow as look-only particles, never given ground-truth materials', () => {
    const w = new World(stormy);
    const rain = w.scene.getObjectByName('rain') as THREE.Mesh;
    const snow = w.scene.getObjectByName('snow') as THREE.Mesh;
    expect(rain.geometry.index!.count).toBe(3000 * 6);
    expect(snow.geometry.index!.count).toBe(1500 * 6);
    expect(w.weather.group.userData.lookOnly).toBe(true);
    const look = [rain.material, snow.material];
    w.passes.with('ids', () => expect([rain.material, snow.material]).toEqual(look));
    w.dispose();
  });

  it('builds no particles, sky or fog patch in clear weather', () => {
    const w = new World(base);
    expect(w.weather.group.children).toHaveLength(0);
    expect(w.weather.heightFog).toBeNull();
    w.dispose();
  });

  it('makes the road as wet as computed', () => {
    const w = new World(stormy);
    const asphalt = w.scene.getObjectByName('asphalt') as THREE.Mesh<THREE.BufferGeometry, THREE.MeshStandardMaterial>;
    expect(asphalt.material.roughness).toBeCloseTo(0.85 + (0.15 - 0.85) * 0.8, 12);
    const dry = new World(base).scene.getObjectByName('asphalt') as THREE.Mesh<THREE.BufferGeometry, THREE.MeshStandardMaterial>;
    expect(asphalt.material.color.r).toBeCloseTo(dry.material.color.r * (1 - 0.5 * 0.8), 12);
    expect(dry.material.roughness).toBe(0.85);
    w.dispose();
  });

  it('gives every fogged material height fog, and draws the fogged sky', () => {
    const w = new World(stormy);
    w.applyState(null, 0);
    const keys: string[] = [];
    w.scene.traverse((o) => {
      const m = (o as THREE.Mesh).material as THREE.Material | undefined;
      if (m && (m as THREE.MeshStandardMaterial).fog) keys.push(m.customProgramCacheKey());
    });
    expect(keys.length).toBeGreaterThan(5);
    for (const k of keys) expect(k).toMatch(/\|heightFog$/);
    expect(w.scene.getObjectByName('fogged-sky')?.userData.lookOnly).toBe(true);
    w.dispose();
  });
});
