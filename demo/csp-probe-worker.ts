/**
 * Worker half of the CSP probe: reports whether `eval` is refused inside a worker served by
 * this server (it is when the worker script's response carries the strict policy).
 */
let evalBlocked = false;
try {
  (0, globalThis.eval)('1');
} catch {
  evalBlocked = true;
}
postMessage({ evalBlocked });
