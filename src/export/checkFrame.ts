// Consistency checks of one frame: its labels against its own layers. Run by NativeWriter before it
// writes a frame and by `longtail verify` on a decoded data set (docs/dataset-format.md, "Checks").
import { isPerceptible, objectContrasts, occlusionLevel, type FrameRecord, type ObjectLabel } from '../capture/index.ts';

/** Tolerance of camera_to_world's rotation being orthonormal, for exact (unrounded) records. */
export const RIGID_TOLERANCE = 1e-6;

export interface FrameCheckOptions {
  /** Instance id of the camera's carrier: not labelled, and must not appear in the instance image. */
  readonly carrierId: number | null;
  /** Largest |R·Rᵀ − I| and |det R − 1| accepted (default RIGID_TOLERANCE). */
  readonly rigidTolerance?: number;
  /** Stop listing problems after this many (default 20). */
  readonly limit?: number;
  /** How far the depth layer may be off at a depth, metres (float16 layers: float16ErrorBound); default exact. */
  readonly depthError?: (depth: number) => number;
}

/** How far a visible pixel, back-projected through its depth, may lie outside its object's 3D box, metres. */
export const BOX_TOLERANCE = 0.02;

/** The depth PNG's value for a depth in metres: millimetres, rounded, saturating at 65535; 0 stays 0. */
export function depthMillimetres(d: number): number {
  return d > 0 ? Math.min(65535, Math.round(d * 1000)) : 0;
}

type Box = readonly [number, number, number, number];
const fmtBox = (b: Box | null): string => (b ? `[${b.join(', ')}]` : 'null');

/**
 * A frame as checked: a FrameRecord whose semantic and instance layers may be absent too (a data
 * set written without them: `--layers`). The checks of an absent layer are skipped.
 */
export type CheckedFrame = Omit<FrameRecord, 'semantic' | 'instance'> & { readonly semantic?: Uint8Array; readonly instance?: Uint16Array };

/**
 * Every way the frame's labels disagree with its layers, one line each (at most `limit`); empty
 * when the frame is consistent. One pass over the pixel arrays.
 */
export function frameProblems(rec: CheckedFrame, opts: FrameCheckOptions): string[] {
  const limit = opts.limit ?? 20;
  const tol = opts.rigidTolerance ?? RIGID_TOLERANCE;
  const out: string[] = [];
  const add = (s: string): void => {
    if (out.length < limit) out.push(s);
  };
  const { width: w, height: h } = rec;

  // Shapes first: nothing below makes sense without them.
  if (!Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1) return [`size ${w}x${h} is not a positive whole number of pixels`];
  const n = w * h;
  const lengths: [string, ArrayLike<number> | undefined, number][] = [
    ['rgb', rec.rgb, n * 3],
    ['depth', rec.depth, n],
    ['semantic', rec.semantic, n],
    ['instance', rec.instance, n],
    ['normals', rec.normals, n * 3],
    ['flow', rec.flow, n * 2],
  ];
  for (const [name, a, want] of lengths) if (a && a.length !== want) add(`${name} has ${a.length} values, expected ${want} for ${w}x${h}`);
  if ((rec.normals || rec.flow) && !rec.depth) add('normals or flow without depth: their checks need to know where there is a surface');
  if (out.length) return out;

  // Intrinsics and pose.
  const k = rec.intrinsics;
  for (const key of ['fx', 'fy', 'cx', 'cy'] as const) if (!Number.isFinite(k[key])) add(`intrinsics ${key} is ${k[key]}, not a finite number`);
  rigidProblems(rec.cameraToWorld, tol, add);

  // Objects: unique ids, boxes inside the image; a slot per id for the pixel pass.
  const objs = rec.objects;
  const slot = new Int32Array(65536).fill(-1);
  const carrier = opts.carrierId;
  objs.forEach((o, i) => {
    const who = `object '${o.name}' (id ${o.id})`;
    if (!Number.isInteger(o.id) || o.id < 1 || o.id > 65535) return add(`${who}: id is not a whole number from 1 to 65535`);
    if (slot[o.id]! >= 0) return add(`${who}: id is used by more than one object (also '${objs[slot[o.id]!]!.name}')`);
    if (o.id === carrier) return add(`${who}: id is the camera's carrier, which is not labelled`);
    slot[o.id] = i;
    const b = o.box2d;
    if (b !== null) {
      const ok = b.length === 4 && b.every(Number.isInteger) && 0 <= b[0] && b[0] < b[2] && b[2] <= w && 0 <= b[1] && b[1] < b[3] && b[3] <= h;
      if (!ok) add(`${who}: box_2d ${fmtBox(b)} is not inside the ${w}x${h} image (need 0 <= x0 < x1 <= ${w}, 0 <= y0 < y1 <= ${h})`);
    }
    amodalProblems(o, who, w, h, add);
  });
  const m = objs.length;
  const cSlot = m; // the carrier's slot
  if (carrier !== null && carrier >= 1 && carrier <= 65535 && slot[carrier]! < 0) slot[carrier] = cSlot;

  const minX = new Int32Array(m + 1).fill(w);
  const minY = new Int32Array(m + 1).fill(h);
  const maxX = new Int32Array(m + 1).fill(-1);
  const maxY = new Int32Array(m + 1).fill(-1);
  const count = new Uint32Array(m + 1);
  const semWant = Int32Array.from(objs, (o) => o.semanticId);
  const semBad = new Uint32Array(m);
  const semFirst = new Int32Array(m).fill(-1);
  let unknownN = 0;
  let unknownFirst = -1;
  const unknownIds = new Set<number>();
  let depthVoidN = 0;
  let depthVoidFirst = -1;
  let depthBadN = 0;
  let depthBadFirst = -1;

  // Absent layers read as zeros here, and their checks are skipped below.
  const zeros = new Uint8Array(n);
  const inst = rec.instance ?? zeros;
  const sem = rec.semantic ?? zeros;
  const dep = rec.depth ?? zeros;
  const depthChecked = rec.depth !== undefined && rec.semantic !== undefined;
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i++) {
      const s = sem[i]!;
      const d = dep[i]!;
      if (!depthChecked) {
        // no depth-against-semantic check
      } else if (s === 0) {
        if (d !== 0) {
          if (depthVoidN++ === 0) depthVoidFirst = i;
        }
      } else if (!(d > 0 && d < Infinity)) {
        if (depthBadN++ === 0) depthBadFirst = i;
      }
      const id = inst[i]!;
      if (id === 0) continue;
      const j = slot[id]!;
      if (j < 0) {
        if (unknownN++ === 0) unknownFirst = i;
        if (unknownIds.size < 8) unknownIds.add(id);
        continue;
      }
      count[j]!++;
      if (x < minX[j]!) minX[j] = x;
      if (x > maxX[j]!) maxX[j] = x;
      if (y < minY[j]!) minY[j] = y;
      if (y > maxY[j]!) maxY[j] = y;
      if (j < m && rec.semantic && s !== semWant[j]) {
        if (semBad[j]!++ === 0) semFirst[j] = i;
      }
    }
  }

  const at = (i: number): string => `(${i % w}, ${Math.floor(i / w)})`;
  if (unknownN) add(`instance image has ${unknownN} pixels of ids no object has (${[...unknownIds].join(', ')}${unknownIds.size === 8 ? ', ...' : ''}), first at ${at(unknownFirst)}`);
  if (carrier !== null && slot[carrier] === cSlot && count[cSlot]! > 0) add(`the camera's carrier (id ${carrier}) is in the instance image: ${count[cSlot]} pixels, first box [${minX[cSlot]}, ${minY[cSlot]}, ${maxX[cSlot]! + 1}, ${maxY[cSlot]! + 1}]`);
  if (depthVoidN) add(`depth is not 0 at ${depthVoidN} void pixels (semantic 0), first at ${at(depthVoidFirst)}: ${dep[depthVoidFirst]}`);
  if (depthBadN) add(`depth is not finite and > 0 at ${depthBadN} non-void pixels, first at ${at(depthBadFirst)} (semantic ${sem[depthBadFirst]}): ${dep[depthBadFirst]}`);
  if (rec.instance) objs.forEach((o, j) => {
    if (slot[o.id] !== j) return; // reported above
    const who = `object '${o.name}' (id ${o.id})`;
    const c = count[j]!;
    const mask: Box | null = c ? [minX[j]!, minY[j]!, maxX[j]! + 1, maxY[j]! + 1] : null;
    const b = o.box2d;
    if (mask === null ? b !== null : b === null || b[0] !== mask[0] || b[1] !== mask[1] || b[2] !== mask[2] || b[3] !== mask[3]) {
      add(`${who}: box_2d ${fmtBox(b)} is not the tight box of its instance mask ${fmtBox(mask)}`);
    }
    if (o.pixels !== c) add(`${who}: visible_pixels ${o.pixels} but its instance mask has ${c} pixels`);
    if (semBad[j]) add(`${who}: ${semBad[j]} of its pixels have semantic id ${sem[semFirst[j]!]} (first at ${at(semFirst[j]!)}), not its class id ${o.semanticId}`);
  });
  perceptibilityProblems(rec, add);
  boxProblems(rec, opts.depthError ?? (() => 0), add);
  if (rec.normals && rec.depth) normalProblems(rec.normals, rec.depth, w, add);
  if (rec.flow && rec.depth) flowProblems(rec.flow, rec.depth, w, add);
  return out;
}

/**
 * The whole-object labels agree with each other: the amodal box lies in the image and holds the
 * visible box; unoccluded pixels are at least the visible ones; visibility and the occlusion level
 * follow from the two counts; truncation is a share; distance is |center_camera|; velocity is finite.
 * Values from a labels JSON are rounded to 1e-6, hence the tolerances.
 */
function amodalProblems(o: ObjectLabel, who: string, w: number, h: number, add: (s: string) => void): void {
  const a = o.amodalBox2d;
  const b = o.box2d;
  if (a !== null) {
    const ok = a.length === 4 && a.every(Number.isInteger) && 0 <= a[0] && a[0] < a[2] && a[2] <= w && 0 <= a[1] && a[1] < a[3] && a[3] <= h;
    if (!ok) add(`${who}: amodal_box_2d ${fmtBox(a)} is not inside the ${w}x${h} image`);
    else if (b !== null && !(a[0] <= b[0] && a[1] <= b[1] && a[2] >= b[2] && a[3] >= b[3])) add(`${who}: amodal_box_2d ${fmtBox(a)} does not contain box_2d ${fmtBox(b)}`);
  }
  const u = o.unoccludedPixels;
  if (!Number.isInteger(u) || u < o.pixels) add(`${who}: unoccluded_pixels ${u} is not a whole number >= visible_pixels ${o.pixels}`);
  if ((a === null) !== (u === 0)) add(`${who}: amodal_box_2d ${fmtBox(a)} but unoccluded_pixels ${u} (a box exactly when there are pixels)`);
  const want = u > 0 ? o.pixels / u : null;
  const v = o.visibility;
  if (want === null ? v !== null : v === null || !(Math.abs(v - want) <= 1e-6)) add(`${who}: visibility ${v} is not visible_pixels / unoccluded_pixels = ${want}`);
  if (o.occlusion !== occlusionLevel(want)) add(`${who}: occlusion ${o.occlusion} is not the level of visibility ${want} (${occlusionLevel(want)})`);
  if (!(o.truncation >= 0 && o.truncation <= 1)) add(`${who}: truncation ${o.truncation} is not within 0..1`);
  const d = Math.hypot(...o.centerCam);
  if (!(Math.abs(o.distance - d) <= 1e-5)) add(`${who}: distance ${o.distance} is not |center_camera| = ${d}`);
  if (!(o.velocity.every(Number.isFinite) && o.velocityCam.every(Number.isFinite))) add(`${who}: velocity is not finite: [${o.velocity.join(', ')}], camera [${o.velocityCam.join(', ')}]`);
}

/**
 * Perceptibility against the picture: fog transmittance a share; contrast as measured again from the
 * RGB and instance layers (when both are there; the labels round it to 1e-6); the flag from the
 * documented thresholds. Labels without these fields (hand-built, older data sets) are not checked.
 */
function perceptibilityProblems(rec: CheckedFrame, add: (s: string) => void): void {
  const measured = rec.rgb && rec.instance ? objectContrasts(rec.rgb, rec.instance, rec.width, rec.height, new Map(rec.objects.filter((o) => o.box2d).map((o) => [o.id, o.box2d!]))) : null;
  for (const o of rec.objects) {
    const who = `object '${o.name}' (id ${o.id})`;
    if (o.fogTransmittance !== undefined && !(o.fogTransmittance >= 0 && o.fogTransmittance <= 1)) add(`${who}: fog_transmittance ${o.fogTransmittance} is not within 0..1`);
    if (o.contrast === undefined) continue;
    if (measured && o.pixels > 0) {
      const m = measured.get(o.id)?.contrast ?? null;
      if (m === null ? o.contrast !== null : o.contrast === null || !(Math.abs(o.contrast - m) <= 1e-5)) add(`${who}: contrast ${o.contrast} is not its pixels' contrast against their ring in the RGB, ${m}`);
    } else if (o.pixels === 0 && o.contrast !== null) add(`${who}: contrast ${o.contrast} but no visible pixels`);
    if (o.perceptible !== undefined && o.perceptible !== isPerceptible(o.pixels, o.contrast)) add(`${who}: perceptible ${o.perceptible} is not what ${o.pixels} pixels and contrast ${o.contrast} give (${isPerceptible(o.pixels, o.contrast)})`);
  }
}

/**
 * Every visible pixel of an object, back-projected through its depth and the camera's pose, lies
 * inside the object's 3D box within BOX_TOLERANCE (plus the depth layer's own error along the ray).
 * Labels without perceptibility figures were written before the box followed the pose: not checked.
 */
function boxProblems(rec: CheckedFrame, depthError: (d: number) => number, add: (s: string) => void): void {
  const dep = rec.depth;
  const inst = rec.instance;
  if (!dep || !inst) return;
  const boxes = new Map<number, { o: ObjectLabel; r: number[]; worst: number; at: number }>();
  for (const o of rec.objects) {
    if (o.fogTransmittance === undefined || o.pixels === 0) continue;
    const [x, y, z, w] = o.quaternion;
    // World → object axes: the transpose of the quaternion's rotation matrix.
    const r = [1 - 2 * (y * y + z * z), 2 * (x * y + w * z), 2 * (x * z - w * y), 2 * (x * y - w * z), 1 - 2 * (x * x + z * z), 2 * (y * z + w * x), 2 * (x * z + w * y), 2 * (y * z - w * x), 1 - 2 * (x * x + y * y)];
    boxes.set(o.id, { o, r, worst: 0, at: -1 });
  }
  if (boxes.size === 0) return;
  const { fx, fy, cx, cy } = rec.intrinsics;
  const m = rec.cameraToWorld;
  const { width: w, height: h } = rec;
  for (let py = 0, i = 0; py < h; py++) {
    for (let px = 0; px < w; px++, i++) {
      const b = boxes.get(inst[i]!);
      if (!b) continue;
      const d = dep[i]!;
      const a = (px + 0.5 - cx) / fx;
      const c = (py + 0.5 - cy) / fy;
      const X = [a * d, c * d, d];
      const p = [0, 1, 2].map((k) => m[4 * k]! * X[0]! + m[4 * k + 1]! * X[1]! + m[4 * k + 2]! * X[2]! + m[4 * k + 3]! - b.o.center[k]!);
      let beyond = 0;
      for (let k = 0; k < 3; k++) {
        const local = b.r[3 * k]! * p[0]! + b.r[3 * k + 1]! * p[1]! + b.r[3 * k + 2]! * p[2]!;
        beyond = Math.max(beyond, Math.abs(local) - b.o.size[k]! / 2);
      }
      const slack = BOX_TOLERANCE + depthError(d) * Math.sqrt(1 + a * a + c * c);
      if (beyond - slack > b.worst) {
        b.worst = beyond - slack;
        b.at = i;
      }
    }
  }
  for (const { o, worst, at } of boxes.values()) {
    if (worst > 0) add(`object '${o.name}' (id ${o.id}): its pixel at (${at % w}, ${Math.floor(at / w)}) lies ${(worst + BOX_TOLERANCE).toFixed(3)} m outside its 3D box (more than ${BOX_TOLERANCE} m)`);
  }
}

/** Flow is NaN where nothing was hit (depth 0); elsewhere finite (or NaN: a point behind the previous camera). */
function flowProblems(flow: Float32Array, dep: Float32Array, w: number, add: (s: string) => void): void {
  let bad = 0;
  let first = -1;
  for (let i = 0; i < dep.length; i++) {
    const u = flow[2 * i]!;
    const v = flow[2 * i + 1]!;
    const none = Number.isNaN(u) && Number.isNaN(v);
    const ok = dep[i] === 0 ? none : none || (Number.isFinite(u) && Number.isFinite(v));
    if (!ok && bad++ === 0) first = i;
  }
  if (bad) add(`flow: ${bad} pixels are not NaN where depth is 0 (or not finite where it is not), first at (${first % w}, ${Math.floor(first / w)})`);
}

/** Normals are unit length (within 1e-3) wherever there is depth, and zero where there is none. */
function normalProblems(nrm: Float32Array, dep: Float32Array, w: number, add: (s: string) => void): void {
  let bad = 0;
  let first = -1;
  for (let i = 0; i < dep.length; i++) {
    const x = nrm[i * 3]!;
    const y = nrm[i * 3 + 1]!;
    const z = nrm[i * 3 + 2]!;
    const len2 = x * x + y * y + z * z;
    const ok = dep[i] === 0 ? len2 === 0 : Math.abs(len2 - 1) < 2e-3;
    if (!ok && bad++ === 0) first = i;
  }
  if (bad) add(`normals: ${bad} pixels are not unit length where depth > 0 (or not zero where depth is 0), first at (${first % w}, ${Math.floor(first / w)})`);
}

function rigidProblems(m: readonly number[], tol: number, add: (s: string) => void): void {
  if (m.length !== 16 || !m.every(Number.isFinite)) return add(`camera_to_world is not 16 finite numbers: [${m.join(', ')}]`);
  if (m[12] !== 0 || m[13] !== 0 || m[14] !== 0 || m[15] !== 1) add(`camera_to_world last row is [${m.slice(12).join(', ')}], not [0, 0, 0, 1]`);
  let worst = 0;
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      const dot = m[i * 4]! * m[j * 4]! + m[i * 4 + 1]! * m[j * 4 + 1]! + m[i * 4 + 2]! * m[j * 4 + 2]!;
      worst = Math.max(worst, Math.abs(dot - (i === j ? 1 : 0)));
    }
  }
  const det =
    m[0]! * (m[5]! * m[10]! - m[6]! * m[9]!) - m[1]! * (m[4]! * m[10]! - m[6]! * m[8]!) + m[2]! * (m[4]! * m[9]! - m[5]! * m[8]!);
  if (worst > tol || Math.abs(det - 1) > tol) {
    const rows = [0, 1, 2].map((i) => `[${m.slice(i * 4, i * 4 + 3).join(', ')}]`).join(', ');
    add(`camera_to_world rotation is not orthonormal within ${tol}: |R·Rt - I| = ${worst.toExponential(2)}, det ${det}; R = [${rows}]`);
  }
}

/** Throw an Error naming the frame, the camera and every problem found (see frameProblems). */
export function checkFrame(rec: FrameRecord, opts: FrameCheckOptions): void {
  const problems = frameProblems(rec, opts);
  if (problems.length) {
    throw new Error(`frame ${rec.index} of camera '${rec.camera}' fails its checks:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}
