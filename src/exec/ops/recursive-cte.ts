/**
 * WITH RECURSIVE: runs the anchor, then the recursive term over the previous iteration's
 * rows (its work table) until an iteration adds nothing. UNION (not ALL) drops rows already
 * produced. A runaway recursion stops with 54001 after `maxRecursion` iterations.
 */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { Batch } from '../../types/vector.ts';
import type { ExecContext } from '../context.ts';
import { keyReaderNullsEqual } from '../kernels/key-table.ts';
import { explainNode, type ExplainNode, type PhysicalOp } from '../operator.ts';
import { gatherNullable } from './hash-join.ts';
import { concatAll } from './set-op.ts';

/** A shared work table for a CTE referenced more than once or recursively. */
export interface CteSlot {
  readonly name: string;
  readonly ids: readonly number[];
  /** The rows, filled while the statement runs (recursive CTEs: the current working set). */
  rows: Batch | null;
}

/** Reads a CTE work table. */
export class CteScanOp implements PhysicalOp {
  constructor(readonly ids: readonly number[], private readonly slot: CteSlot) {}

  run(ctx: ExecContext): Batch {
    // the work table lives in the execution's context, never in the (shared, frozen) plan
    const rows = ctx.subqueryCache.get(this.slot) as Batch | undefined;
    if (rows === undefined) throw new DbError(SqlState.INTERNAL_ERROR, `internal error: work table of "${this.slot.name}" is not set`);
    return rows;
  }

  explain(): ExplainNode {
    return explainNode(`WorkTable Scan on ${this.slot.name}`, [], []);
  }
}

/** The recursive CTE operator. */
export class RecursiveCteOp implements PhysicalOp {
  constructor(
    readonly ids: readonly number[],
    private readonly slot: CteSlot,
    private readonly anchor: PhysicalOp,
    private readonly recursive: PhysicalOp,
    private readonly unionAll: boolean,
  ) {}

  run(ctx: ExecContext): Batch {
    const cache = ctx.subqueryCache;
    const saved = cache.get(this.slot);
    try {
      let work = this.anchor.run(ctx);
      const seen = new Set<unknown>();
      if (!this.unionAll) work = this.dedupe(work, seen);
      const parts: Batch[] = [work];
      let rows = work.length;
      for (let iter = 0; work.length > 0; iter++) {
        if (iter >= ctx.limits.maxRecursion) {
          throw new DbError(SqlState.STATEMENT_TOO_COMPLEX, `recursive query "${this.slot.name}" exceeded ${ctx.limits.maxRecursion} iterations`);
        }
        ctx.checkpoint();
        cache.set(this.slot, work);
        let next = this.recursive.run(ctx);
        if (!this.unionAll) next = this.dedupe(next, seen);
        parts.push(next);
        rows += next.length;
        if (rows > ctx.limits.maxRows) {
          throw new DbError(SqlState.PROGRAM_LIMIT_EXCEEDED, `recursive query "${this.slot.name}" produced more than ${ctx.limits.maxRows} rows`);
        }
        work = next;
      }
      return concatAll(parts);
    } finally {
      if (saved === undefined) cache.delete(this.slot); else cache.set(this.slot, saved);
    }
  }

  private dedupe(b: Batch, seen: Set<unknown>): Batch {
    const read = keyReaderNullsEqual(b.columns.map((c) => c.type).length === 1 ? [b.columns[0]!.type] : b.columns.map(() => 'text'));
    const rows: number[] = [];
    const cols = b.columns;
    for (let i = 0; i < b.length; i++) {
      const key = cols.length === 1 ? read(cols, i) : read(cols, i);
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push(i);
    }
    if (rows.length === b.length) return b;
    const idx = Int32Array.from(rows);
    return { length: idx.length, columns: cols.map((c) => gatherNullable(c, idx, idx.length)) };
  }

  explain(): ExplainNode {
    return explainNode(`Recursive Union${this.unionAll ? ' All' : ''} (${this.slot.name})`, [], [this.anchor.explain(), this.recursive.explain()]);
  }
}
