/**
 * UNION / INTERSECT / EXCEPT [ALL] with SQL semantics (NULLs equal): rows are grouped by all
 * columns across both inputs; counts per side decide how many copies survive.
 */
import type { Batch, Vector } from '../../types/vector.ts';
import type { ExecContext } from '../context.ts';
import { groupRows } from '../kernels/key-table.ts';
import { explainNode, type ExplainNode, type PhysicalOp } from '../operator.ts';
import { gatherNullable } from './hash-join.ts';
import { allocNumeric, type NumericData } from '../../types/numeric-data.ts';
import { concatNumeric } from '../../types/numeric-data-ops.ts';

/** Concatenates two batches of the same column types. */
export function concatBatches(a: Batch, b: Batch): Batch {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const n = a.length + b.length;
  const cols: Vector[] = a.columns.map((x, c) => {
    const y = b.columns[c]!;
    let data;
    if (x.type === 'numeric' || y.type === 'numeric') {
      // one scale for both halves, so equal values group together
      const xd = x.type === 'numeric' ? x.data as NumericData : allocNumeric(a.length);
      const yd = y.type === 'numeric' ? y.data as NumericData : allocNumeric(b.length);
      data = concatNumeric(xd, a.length, yd, b.length);
    } else if (Array.isArray(x.data)) {
      data = (x.data as unknown[]).slice(0, a.length).concat((y.data as unknown[]).slice(0, b.length));
    } else {
      const Ctor = (x.data as Int32Array).constructor as new (n: number) => Int32Array;
      const d = new Ctor(n);
      d.set((x.data as Int32Array).subarray(0, a.length));
      d.set((y.data as Int32Array).subarray(0, b.length), a.length);
      data = d;
    }
    let nulls: Uint8Array | null = null;
    if (x.nulls !== null || y.nulls !== null || x.type === 'null' || y.type === 'null') {
      nulls = new Uint8Array(n);
      if (x.type === 'null') nulls.fill(1, 0, a.length); else if (x.nulls !== null) nulls.set(x.nulls.subarray(0, a.length));
      if (y.type === 'null') nulls.fill(1, a.length, n); else if (y.nulls !== null) nulls.set(y.nulls.subarray(0, b.length), a.length);
    }
    return { type: x.type === 'null' ? y.type : x.type, length: n, data: data as Vector['data'], nulls };
  });
  return { length: n, columns: cols };
}

/**
 * Concatenates many batches with one allocation per column (folding {@link concatBatches}
 * would copy the growing result once per batch).
 */
export function concatAll(batches: readonly Batch[]): Batch {
  const parts = batches.filter((b) => b.length > 0);
  if (parts.length === 0) return batches[0] ?? { length: 0, columns: [] };
  if (parts.length === 1) return parts[0]!;
  let n = 0;
  for (const b of parts) n += b.length;
  const cols: Vector[] = parts[0]!.columns.map((_, c) => {
    const typed = parts.find((b) => b.columns[c]!.type !== 'null')?.columns[c] ?? parts[0]!.columns[c]!;
    const anyNull = parts.some((b) => b.columns[c]!.nulls !== null || b.columns[c]!.type === 'null');
    const nulls = anyNull ? new Uint8Array(n) : null;
    let data: Vector['data'];
    if (Array.isArray(typed.data)) {
      const out: unknown[] = new Array(n);
      let at = 0;
      for (const b of parts) {
        const v = b.columns[c]!;
        const d = v.data as unknown[];
        if (v.type === 'null') { for (let i = 0; i < b.length; i++) out[at + i] = typed.type === 'bytes' ? new Uint8Array(0) : ''; }
        else for (let i = 0; i < b.length; i++) out[at + i] = d[i];
        at += b.length;
      }
      data = out as Vector['data'];
    } else {
      const Ctor = (typed.data as Int32Array).constructor as new (n: number) => Int32Array;
      const d = new Ctor(n);
      let at = 0;
      for (const b of parts) {
        const v = b.columns[c]!;
        if (v.type !== 'null') d.set((v.data as Int32Array).subarray(0, b.length), at);
        at += b.length;
      }
      data = d as unknown as Vector['data'];
    }
    if (nulls !== null) {
      let at = 0;
      for (const b of parts) {
        const v = b.columns[c]!;
        if (v.type === 'null') nulls.fill(1, at, at + b.length);
        else if (v.nulls !== null) nulls.set(v.nulls.subarray(0, b.length), at);
        at += b.length;
      }
    }
    return { type: typed.type, length: n, data, nulls };
  });
  return { length: n, columns: cols };
}

/** The set-operation operator. */
export class SetOpOp implements PhysicalOp {
  constructor(
    readonly ids: readonly number[],
    private readonly op: 'union' | 'intersect' | 'except',
    private readonly all: boolean,
    private readonly left: PhysicalOp,
    private readonly right: PhysicalOp,
  ) {}

  run(ctx: ExecContext): Batch {
    const l = this.left.run(ctx);
    const r = this.right.run(ctx);
    ctx.checkpoint();
    const both = concatBatches(l, r);
    if (this.op === 'union' && this.all) return both;
    const g = groupRows(both.columns, both.length, null);
    const lc = new Int32Array(g.count), rc = new Int32Array(g.count);
    for (let i = 0; i < both.length; i++) {
      if (i < l.length) lc[g.gids[i]!]!++; else rc[g.gids[i]!]!++;
    }
    const rows: number[] = [];
    for (let grp = 0; grp < g.count; grp++) {
      let copies: number;
      const a = lc[grp]!, b = rc[grp]!;
      switch (this.op) {
        case 'union': copies = 1; break;
        case 'intersect': copies = this.all ? Math.min(a, b) : a > 0 && b > 0 ? 1 : 0; break;
        case 'except': copies = this.all ? Math.max(0, a - b) : a > 0 && b === 0 ? 1 : 0; break;
      }
      for (let c = 0; c < copies; c++) rows.push(g.first[grp]!);
    }
    const idx = Int32Array.from(rows);
    return { length: idx.length, columns: both.columns.map((c) => gatherNullable(c, idx, idx.length)) };
  }

  explain(): ExplainNode {
    return explainNode(`${this.op[0]!.toUpperCase()}${this.op.slice(1)}${this.all ? ' All' : ''}`, [], [this.left.explain(), this.right.explain()]);
  }
}
