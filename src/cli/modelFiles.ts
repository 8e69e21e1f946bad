// Users' model files (`mesh: "elk.glb"`) on the node side: found relative to the scenario, checked
// and measured when the scenario is compiled, read again for a capture (and checked to be the
// same bytes), served to the page and copied into the data set.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, relative, resolve } from 'node:path';
import { GltfError, inspectGltf } from '../assets/gltf.ts';
import { LongtailError } from '../core/index.ts';
import type { MeshFile } from '../dsl/Program.ts';
import type { SceneSpec } from '../scenario/index.ts';

/** Largest model file accepted: far above a detailed vehicle with textures (a few MB), small enough for the page. */
export const MAX_MODEL_BYTES = 64 * 1024 * 1024;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * A `mesh:` path, relative to the scenario file `from` that names it (absolute paths too): read,
 * checked (a glTF 2.0 model Longtail can draw, at most MAX_MODEL_BYTES) and measured. The path is
 * kept relative to the working folder, as imports are.
 */
export function resolveMeshFile(path: string, from: string): MeshFile | { error: string } {
  const full = resolve(dirname(from), path);
  const shown = relative(process.cwd(), full) || full;
  let size: number;
  try {
    const st = statSync(full);
    if (st.isDirectory()) return { error: `${shown} is a folder, not a model file` };
    size = st.size;
  } catch {
    return { error: `no such file (looked for ${shown})` };
  }
  if (size > MAX_MODEL_BYTES) return { error: `${shown} is ${(size / 2 ** 20).toFixed(1)} MiB; a model file may be at most ${MAX_MODEL_BYTES / 2 ** 20} MiB` };
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(full);
  } catch (e) {
    return { error: `cannot read ${shown}: ${(e as Error).message}` };
  }
  try {
    const info = inspectGltf(bytes, (uri) => existsSync(resolve(dirname(full), safeDecode(uri))));
    return { path: shown, sha256: sha256(bytes), extent: info.extent };
  } catch (e) {
    if (!(e instanceof GltfError)) throw e;
    const ext = extname(full).toLowerCase();
    const hint = ext === '.glb' || ext === '.gltf' ? '' : ` (Longtail reads glTF 2.0 models, .glb or .gltf; convert a ${ext || 'file'} model, e.g. in Blender: File › Export › glTF 2.0)`;
    return { error: `${shown}: ${e.message}${hint}` };
  }
}

function safeDecode(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

/** A model file of a SceneSpec, read for a capture. */
export interface ModelFile {
  readonly sha256: string;
  readonly bytes: Uint8Array;
  /** Where the data set keeps it: models/<sha256>.glb (or .gltf for a JSON model). */
  readonly datasetPath: string;
}

/**
 * Every model file `spec`'s entities use, once each, by SHA-256. Each is read from its path again
 * and must still be the file the scenario was checked with.
 */
export function readModelFiles(spec: SceneSpec): Map<string, ModelFile> {
  const out = new Map<string, ModelFile>();
  for (const e of spec.entities) {
    if (!e.mesh || out.has(e.mesh.sha256)) continue;
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(e.mesh.path);
    } catch (err) {
      throw new LongtailError(`entity '${e.name}': cannot read its mesh ${e.mesh.path}: ${(err as Error).message}`, 'io');
    }
    const hash = sha256(bytes);
    if (hash !== e.mesh.sha256) {
      throw new LongtailError(`entity '${e.name}': its mesh ${e.mesh.path} changed since the scenario was sampled (sha256 ${hash}, expected ${e.mesh.sha256})`, 'io');
    }
    const glb = bytes.length >= 4 && bytes[0] === 0x67 && bytes[1] === 0x6c && bytes[2] === 0x54 && bytes[3] === 0x46;
    out.set(hash, { sha256: hash, bytes, datasetPath: `models/${hash}.${glb ? 'glb' : 'gltf'}` });
  }
  return out;
}
