// Worker-thread bootstrap of bench/live-worker.ts: registers tsx's loader in this thread (a
// Worker's execArgv cannot carry --import), then loads the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./live-worker.ts');
