// FrameRecord: the contract between capture and export. Everything a writer needs about one frame
// of one camera, as typed arrays (top row first) and plain labels. Writers never ask three.js.
import type { Vec3 } from '../core/index.ts';

export interface ObjectLabel {
  /** Instance id, as in the instance image. */
  readonly id: number;
  readonly name: string;
  readonly cls: string;
  /** Semantic class id, as in the semantic image. */
  readonly semanticId: number;
  /** Centre of the 3D box in world coordinates, metres. */
  readonly center: Vec3;
  /** Centre of the 3D box in the camera frame (OpenCV: x right, y down, z forward), metres. */
  readonly centerCam: Vec3;
  /** Box size [length, width, height], metres, along the object's own x, y, z. */
  readonly size: Vec3;
  /** Orientation quaternion [x, y, z, w], object to world. */
  readonly quaternion: [number, number, number, number];
  /** Heading about world +z, radians. */
  readonly yaw: number;
  /** Speed, m/s. */
  readonly speed: number;
  /** Tight 2D box of the visible pixels [x0, y0, x1, y1] in pixel edges (x1, y1 exclusive); null when none. */
  readonly box2d: [number, number, number, number] | null;
  /** Visible pixel count. */
  readonly pixels: number;
}

export interface FrameRecord {
  readonly index: number;
  /** Simulated time, seconds. */
  readonly time: number;
  readonly camera: string;
  readonly width: number;
  readonly height: number;
  /** sRGB colour, 3 bytes a pixel. */
  readonly rgb: Uint8Array;
  /** Planar depth along the optical axis, metres; 0 where nothing was hit. */
  readonly depth: Float32Array;
  /**
   * Unit surface normal per pixel, 3 floats, in the camera frame (OpenCV: x right, y down,
   * z forward), on the side facing the camera; (0, 0, 0) where nothing was hit. Absent in
   * hand-built records that have no normal layer.
   */
  readonly normals?: Float32Array;
  /** Semantic class id per pixel. */
  readonly semantic: Uint8Array;
  /** Instance id per pixel; 0 = no instance (surfaces, sky). */
  readonly instance: Uint16Array;
  /** Pinhole intrinsics in pixels. */
  readonly intrinsics: { readonly fx: number; readonly fy: number; readonly cx: number; readonly cy: number };
  /** Camera-to-world, row-major 4x4, OpenCV camera axes. */
  readonly cameraToWorld: readonly number[];
  readonly objects: readonly ObjectLabel[];
  /** Every declared event with the simulated time it happens (null: not within the simulated span). */
  readonly events: readonly { readonly name: string; readonly time: number | null }[];
  /** Every collision up to and including this frame's time, in order (from the physics dry run). */
  readonly collisions: readonly FrameCollision[];
}

/** A collision between two entities (see the physics layer for when one is recorded). */
export interface FrameCollision {
  /** Simulated time at the end of the physics step in which the contact began, seconds. */
  readonly time: number;
  /** Entity names, the one declared first as `a`. */
  readonly a: string;
  readonly b: string;
  /** Normal impulse between the two in that step, N·s; null for kinematic/static overlaps. */
  readonly impulse: number | null;
}
