/**
 * The floor of a Worker round trip: answers every message with the same message. The transport
 * benchmark (transport.ts) times `postMessage` to it and back, in the same page and run as
 * InkDB's own calls.
 * @module
 */
const scope = globalThis as unknown as { onmessage: ((ev: MessageEvent) => void) | null; postMessage(m: unknown): void };
scope.onmessage = (ev) => scope.postMessage(ev.data);
