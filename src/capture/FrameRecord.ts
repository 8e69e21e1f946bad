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
  /**
   * Box size [length, width, height], metres, along the object's own x, y, z: the scenario's size,
   * grown for bodies with limbs (and users' meshes) to hold the mesh as posed in this frame
   * (render/poseBox.ts, docs/conventions.md).
   */
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
  /**
   * Amodal 2D box: tight box of the pixels the object would cover with nothing in front of it,
   * clipped to the image, same convention as box2d; null when it would cover none (out of view).
   */
  readonly amodalBox2d: [number, number, number, number] | null;
  /** Pixels the object would cover inside the image with nothing in front of it. */
  readonly unoccludedPixels: number;
  /** pixels / unoccludedPixels, 0..1; null when unoccludedPixels is 0 (out of view). */
  readonly visibility: number | null;
  /** Occlusion level from visibility (labels.ts occlusionLevel): 0 fully visible, 1 partly, 2 largely or wholly hidden; null out of view. */
  readonly occlusion: 0 | 1 | 2 | null;
  /** Share of the 3D box's projection that falls outside the image, 0..1 (1: wholly outside or behind). */
  readonly truncation: number;
  /** Distance from the camera centre to the 3D box centre, metres. */
  readonly distance: number;
  /** Velocity in world coordinates, m/s. */
  readonly velocity: Vec3;
  /** The same velocity expressed in camera axes (OpenCV), m/s: the object's own motion, not relative to the camera's. */
  readonly velocityCam: Vec3;
  /**
   * Perceptibility (capture/perceptibility.ts, docs/conventions.md): the share of the object's light
   * the fog lets through to the camera (1 without fog); its Weber contrast against a ring of
   * background in the final RGB (null without RGB or visible pixels); and the flag from the two
   * thresholds. Absent in hand-built records.
   */
  readonly fogTransmittance?: number;
  readonly contrast?: number | null;
  readonly perceptible?: boolean | null;
}

export interface FrameRecord {
  readonly index: number;
  /** Simulated time, seconds. */
  readonly time: number;
  readonly camera: string;
  readonly width: number;
  readonly height: number;
  /** sRGB colour, 3 bytes a pixel. Absent when the capture was asked for no RGB (layers.ts). */
  readonly rgb?: Uint8Array;
  /**
   * Planar depth along the optical axis, metres; 0 where nothing was hit. Absent when no float
   * layer was asked for (layers.ts readbackFor).
   */
  readonly depth?: Float32Array;
  /**
   * Unit surface normal per pixel, 3 floats, in the camera frame (OpenCV: x right, y down,
   * z forward), on the side facing the camera; (0, 0, 0) where nothing was hit. Present exactly
   * when depth is (one render target holds both).
   */
  readonly normals?: Float32Array;
  /**
   * Optical flow, 2 floats per pixel (du, dv), pixels: where the surface seen at pixel (x, y) now
   * was in the previous frame of this camera is (x + 0.5 - du, y + 0.5 - dv), i.e. flow is the
   * motion since the previous frame, computed from the known poses of both instants. NaN where
   * nothing was hit (sky). Absent for a camera's frame with no previous frame (t = 0), when flow
   * was not asked for, and in hand-built records that have no flow layer.
   */
  readonly flow?: Float32Array;
  /** Semantic class id per pixel. Always read back: the labels are made from it and checked against it. */
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

/** A frame with its RGB and depth, as every capture with layers.ts READ_ALL has them (the authoring page, the tests). */
export type FullFrameRecord = FrameRecord & { readonly rgb: Uint8Array; readonly depth: Float32Array };

/** What label files are made of: a frame without its image and float layers (the semantic and instance layers stay). */
export type LabelFrame = Omit<FrameRecord, 'rgb' | 'depth' | 'normals' | 'flow'>;
