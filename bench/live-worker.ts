/**
 * The engine in a Node worker thread, for the live-query benchmark's "through the Worker" mode
 * (bench/live.ts): the same endpoint the browser's module Worker runs (`exposeEngine`), on the
 * MessagePort the driver hands over, so the client side is the real `WorkerConnection`.
 * @module
 */
import { workerData } from 'node:worker_threads';
import { createEngine } from '../src/engine/index.ts';
import { exposeEngine } from '../src/worker/endpoint.ts';

const { port } = workerData as { port: MessagePort };
exposeEngine((options) => createEngine(options), port);
