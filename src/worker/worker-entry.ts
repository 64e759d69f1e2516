/**
 * The module Worker's entry: opens the engine (reading IndexedDB first when it is persisted)
 * when the client calls `open(options)` and serves it on the worker's global scope.
 * `openDatabase()` starts it with
 * `new Worker(new URL('../worker/worker-entry.ts', import.meta.url), { type: 'module' })`;
 * the package ships it as `inkdb/worker` (dist/worker.js) for apps that create the Worker
 * themselves and pass it as `openDatabase({ worker })`.
 *
 * @example
 * ```ts
 * const worker = new Worker(new URL('inkdb/worker', import.meta.url), { type: 'module' });
 * const db = await openDatabase({ worker });
 * ```
 */
import { openEngine } from '../engine/index.ts';
import { exposeEngine, type MessageEndpoint } from './endpoint.ts';

exposeEngine((options) => openEngine(options), globalThis as unknown as MessageEndpoint);
