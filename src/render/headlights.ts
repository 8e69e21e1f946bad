import * as THREE from 'three';

/** Peak luminous intensity of one low-beam lamp, candela (real low beams: ~10-20k cd; tuned to exposure 1). */
const HEADLIGHT_CD = 1800;

/**
 * Headlights for a vehicle model: spot lights aimed down the road, and the lamp meshes made to glow.
 * Light and target are children of the model, so they move with it.
 */
export function addHeadlights(model: THREE.Object3D, size: readonly number[], beams: number, high = false): void {
  const [l, w, h] = size as [number, number, number];
  const offsets = beams >= 2 ? [w * 0.32, -w * 0.32] : [0];
  for (const y of offsets) {
    const spot = new THREE.SpotLight(0xfff4e0, (beams >= 2 ? 1 : 1.6) * (high ? 2.5 : 1) * HEADLIGHT_CD, 0, THREE.MathUtils.degToRad(high ? 16 : 22), 0.5, 2);
    spot.name = 'headlight-beam';
    spot.position.set(l / 2 + 0.05, y, h * 0.45);
    // High beams reach further: aim at the horizon rather than the road 60 m ahead.
    spot.target.position.set(l / 2 + 60, y * 2, high ? h * 0.45 : 0);
    model.add(spot, spot.target);
  }
  model.traverse((o) => {
    const mesh = o as THREE.Mesh;
    if (!mesh.isMesh) return;
    const mat = mesh.material as THREE.MeshStandardMaterial;
    if (o.name === 'headlight' && mat.emissive) {
      mesh.material = mat.clone();
      (mesh.material as THREE.MeshStandardMaterial).emissive.setRGB(1, 0.97, 0.9);
      (mesh.material as THREE.MeshStandardMaterial).emissiveIntensity = 3;
    }
    if (o.name === 'taillight' && mat.emissive) {
      mesh.material = mat.clone();
      (mesh.material as THREE.MeshStandardMaterial).emissive.setRGB(0.9, 0.05, 0.03);
      (mesh.material as THREE.MeshStandardMaterial).emissiveIntensity = 1.5;
    }
  });
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
  const rest = tailLightsOn ? 1.5 : 0;
  let state: boolean | null = null;
  const lights = {
    set(on: boolean) {
      if (on === state) return;
      state = on;
      for (const m of mats) m.emissiveIntensity = on ? 6 : rest;
    },
  };
  lights.set(false);
  return lights;
}
