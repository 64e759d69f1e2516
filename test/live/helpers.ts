/**
 * Helpers of the live-query tests: an engine with a root session, a sink that records events
 * and keeps a replica of the subscription's result (initial rows plus every delivered change),
 * and canonical forms for comparing row sets.
 */
import { expect } from 'vitest';
import type { LiveEvent, LiveSink } from '../../src/api/engine-api.ts';
import { createEngine, type Engine } from '../../src/engine/index.ts';
import type { EngineOptions } from '../../src/api/engine-api.ts';
import { rowArrays } from '../../src/live/values.ts';
import type { JsValue } from '../../src/types/vector.ts';

/** An engine and a root session. */
export async function rootEngine(options: EngineOptions = {}): Promise<{ engine: Engine; root: string; run: (sql: string, params?: unknown[]) => Promise<JsValue[][]> }> {
  const engine = createEngine(options);
  const root = await engine.login('root', '');
  const run = async (sql: string, params: unknown[] = []): Promise<JsValue[][]> => {
    const r = await engine.execute(root, sql, params);
    return rowArrays({ length: r.length, vectors: r.vectors, keys: null });
  };
  return { engine, root, run };
}

/** A change as a test reads it: row arrays. */
export interface SeenChange {
  readonly deletes: JsValue[][];
  readonly updates: JsValue[][];
  readonly updatesOld: JsValue[][];
  readonly inserts: JsValue[][];
}

/** Canonical text of a value (bigints and bytes made comparable). */
export function canon(v: JsValue): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return `x${[...v].join(',')}`;
  return JSON.stringify(v);
}

/** Canonical, order-free form of a row set. */
export function bag(rows: readonly (readonly JsValue[])[]): string[] {
  return rows.map((r) => r.map(canon).join('|')).sort();
}

/** A recording sink that maintains a replica of the result. */
export class Recorder implements LiveSink {
  readonly events: LiveEvent[] = [];
  readonly changes: SeenChange[] = [];
  readonly errors: { code: string; message: string }[] = [];
  replica: JsValue[][] = [];
  initial: JsValue[][] | null = null;

  deliver(ev: LiveEvent): void {
    this.events.push(ev);
    if (ev.kind === 'initial') {
      this.initial = rowArrays(ev.rows);
      this.replica = this.initial.map((r) => [...r]);
      return;
    }
    if (ev.kind === 'error') {
      this.errors.push({ code: ev.error.code, message: ev.error.message });
      return;
    }
    const c: SeenChange = {
      deletes: ev.deletes === null ? [] : rowArrays(ev.deletes),
      updates: ev.updates === null ? [] : rowArrays(ev.updates),
      updatesOld: ev.updatesOld === null ? [] : rowArrays(ev.updatesOld),
      inserts: ev.inserts === null ? [] : rowArrays(ev.inserts),
    };
    expect(c.updates.length).toBe(c.updatesOld.length);
    expect(c.deletes.length + c.updates.length + c.inserts.length).toBeGreaterThan(0);
    this.changes.push(c);
    const find = (row: readonly JsValue[]): number => {
      const want = row.map(canon).join('|');
      const i = this.replica.findIndex((r) => r.map(canon).join('|') === want);
      if (i < 0) throw new Error(`a delivered old row is not in the replica: ${want}`);
      return i;
    };
    for (const d of c.deletes) this.replica.splice(find(d), 1);
    c.updatesOld.forEach((o, i) => { this.replica[find(o)] = c.updates[i]!; });
    for (const r of c.inserts) this.replica.push(r);
  }

  /** The last change (fails when there is none). */
  get last(): SeenChange {
    const c = this.changes[this.changes.length - 1];
    if (c === undefined) throw new Error('no change delivered');
    return c;
  }
}
