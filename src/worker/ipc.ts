/**
 * A result as one Arrow IPC stream (what the worker sent before it moved to transferred
 * vectors): kept for tools that want IPC bytes; the worker entry does not import it, so the
 * worker bundles no Arrow writer.
 */
import { tableToIPC } from 'apache-arrow';
import { vectorsToArrowTable } from '../types/arrow.ts';
import type { ExecResult, WireResult } from '../api/engine-api.ts';

/**
 * Converts an in-process result to its Arrow IPC wire form (`null` when there are no columns).
 * Returns the transfer list along with it.
 *
 * @example
 * ```ts
 * const [wire, transferables] = toWireResult(await engine.execute(sid, 'SELECT 1 AS x'));
 * wire.ipc;   // Uint8Array: Arrow IPC stream with one Int32 column "x"
 * ```
 */
export function toWireResult(r: ExecResult): [WireResult, Transferable[]] {
  if (r.columns.length === 0) {
    return [{ columns: r.columns, ipc: null, rowCount: r.rowCount, message: r.message, command: r.command }, []];
  }
  const table = vectorsToArrowTable(r.columns, r.vectors, r.length);
  let ipc = tableToIPC(table, 'stream');
  // Transfer only a buffer the bytes own entirely; anything else is copied once first.
  if (ipc.byteOffset !== 0 || ipc.byteLength !== ipc.buffer.byteLength || !(ipc.buffer instanceof ArrayBuffer)) {
    ipc = ipc.slice();
  }
  const columns = r.columns.map((c) => ({ name: c.name, type: c.type }));
  return [
    { columns, ipc, rowCount: r.rowCount, message: r.message, command: r.command },
    [ipc.buffer as ArrayBuffer],
  ];
}
