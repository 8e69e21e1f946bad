import * as THREE from 'three';

/**
 * Free everything under `root` that holds GPU memory: geometries, materials, the textures they
 * use (maps and shader uniforms), and lights' shadow maps. Module-cached textures (headlight
 * cookies) are freed too; three uploads them again when next used. A data set loads hundreds of
 * scenes in one page: the GPU process grew ~0.9 MB a scene while only meshes' geometries and
 * materials were freed (bench, 100 samples).
 */
export function disposeTree(root: THREE.Object3D): void {
  const textures = new Set<THREE.Texture>();
  const addTextures = (v: unknown) => {
    if (v instanceof THREE.Texture) textures.add(v);
    else if (Array.isArray(v)) for (const x of v) if (x instanceof THREE.Texture) textures.add(x);
  };
  root.traverse((o) => {
    (o as { geometry?: THREE.BufferGeometry }).geometry?.dispose();
    const m = (o as { material?: THREE.Material | THREE.Material[] }).material;
    for (const mat of m ? (Array.isArray(m) ? m : [m]) : []) {
      for (const v of Object.values(mat)) addTextures(v);
      const uniforms = (mat as THREE.ShaderMaterial).uniforms;
      if (uniforms) for (const u of Object.values(uniforms)) addTextures(u?.value);
      mat.dispose();
    }
    const light = o as THREE.Light;
    if (light.isLight) {
      (light as THREE.SpotLight | THREE.DirectionalLight).shadow?.dispose();
      addTextures((light as THREE.SpotLight).map);
    }
  });
  if (root instanceof THREE.Scene) {
    addTextures(root.background);
    addTextures(root.environment);
  }
  for (const t of textures) t.dispose();
}
