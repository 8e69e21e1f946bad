export * from './units.ts';
export * from './classes.ts';
export * from './rng.ts';
export * from './errors.ts';
export * from './math.ts';
export * from './models.ts';
export * from './detmath.ts';
