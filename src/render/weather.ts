import * as THREE from 'three';
import type { SceneSpec } from '../scenario/index.ts';
import { buildFoggedSky, HeightFog } from './heightFog.ts';
import { buildPrecipitation, particleVelocity, RAIN, SNOW, type Precipitation } from './precipitation.ts';
import type { Lighting } from './sky.ts';

/**
 * What falls and what hangs in the air: rain, snow and ground fog, from the SceneSpec's
 * environment. Everything here is look only (`group` is marked lookOnly: no ground truth), and
 * its state at a frame is a pure function of the seed, the simulated time and the mount's place.
 * (The ground's share of the weather, wet road and snow cover, is in roadSurface.ts.)
 */
export class Weather {
  readonly group = new THREE.Group();
  readonly rain: Precipitation | null;
  readonly snow: Precipitation | null;
  /** Height fog, when the environment gives the fog a height. */
  readonly heightFog: HeightFog | null;
  /** Heading of the first camera relative to its mount, radians. */
  private readonly cameraYaw: number;
  /** Simulated time of the last update, s. */
  private time = 0;

  constructor(spec: SceneSpec, lighting: Lighting) {
    const env = spec.environment;
    this.group.name = 'weather';
    this.group.userData.lookOnly = true;
    const heading = env.windDirection ?? 0;
    this.cameraYaw = spec.cameras[0]?.yaw ?? 0;
    const make = (kind: typeof RAIN, intensity: number) => {
      if (!(intensity > 0)) return null;
      const p = buildPrecipitation(kind, intensity, spec.seed, particleVelocity(kind, env.wind, heading), lighting.sky);
      this.group.add(p.mesh);
      return p;
    };
    this.rain = make(RAIN, env.rain);
    this.snow = make(SNOW, env.snow);
    this.heightFog = lighting.fog && env.fogHeight !== undefined ? new HeightFog(env.fogHeight) : null;
    if (this.heightFog && lighting.fog) this.group.add(buildFoggedSky(lighting.sky, lighting.fog, this.heightFog.scaleHeight));
  }

  /**
   * The weather at simulated time `time` (s), around `mount` (the first camera's carrier, posed;
   * see aim). Also gives height fog to any material of `scene` that lacks it (models added late
   * included).
   */
  update(time: number, mount: THREE.Object3D | undefined, scene: THREE.Object3D): void {
    this.time = time;
    this.aim(mount);
    this.heightFog?.apply(scene);
  }

  /**
   * Centre precipitation on `mount` (a camera's carrier, posed), at the time last updated: it fills
   * a box ahead of the mount, the way a camera turned `cameraYaw` from the mount's heading looks
   * (default the first camera's).
   */
  aim(mount: THREE.Object3D | undefined, cameraYaw = this.cameraYaw): void {
    if (!mount) return;
    const look = new THREE.Vector3(Math.cos(cameraYaw), Math.sin(cameraYaw), 0).applyQuaternion(mount.quaternion);
    look.z = 0;
    if (look.lengthSq() > 1e-12) look.normalize();
    for (const p of [this.rain, this.snow]) p?.update(this.time, mount.position.clone().addScaledVector(look, p.kind.ahead));
  }
}
