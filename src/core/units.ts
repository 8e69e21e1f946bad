// Branded numeric types: inside the engine every quantity is SI (metres, seconds, radians).
// The brand costs nothing at run time and stops a speed being passed where a distance belongs.
declare const unit: unique symbol;
type Unit<U extends string> = number & { readonly [unit]: U };

export type Metres = Unit<'m'>;
export type Seconds = Unit<'s'>;
export type Radians = Unit<'rad'>;
export type MetresPerSecond = Unit<'m/s'>;

export const metres = (v: number): Metres => v as Metres;
export const seconds = (v: number): Seconds => v as Seconds;
export const radians = (v: number): Radians => v as Radians;
export const metresPerSecond = (v: number): MetresPerSecond => v as MetresPerSecond;

export const DEG = Math.PI / 180;

/** A 3-vector [x, y, z] in metres unless stated otherwise. World axes: x along the road, y left, z up. */
export type Vec3 = [number, number, number];
/** A unit quaternion [x, y, z, w]. */
export type Quat = [number, number, number, number];
