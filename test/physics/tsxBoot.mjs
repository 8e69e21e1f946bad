// Test helper: boots a TypeScript worker-thread entry under tsx. On Node 20, `--import tsx` in a
// Worker's execArgv does not apply tsx's loader hooks to the worker's own entry module
// ("Unknown file extension .ts"), so register tsx from inside the thread, then import the entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
