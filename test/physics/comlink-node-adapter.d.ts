// comlink ships types for its Node adapter as dist/esm/node-adapter.d.ts, but Node needs the real
// file name (node-adapter.mjs) at run time, for which TypeScript looks for a .d.mts. Point it at
// the shipped declarations.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
