/**
 * The pure pieces of tab failover (docs/ARCHITECTURE.md, "Many tabs"): which calls may run again
 * on the next leader when their outcome is unknown, how a session's transaction state follows
 * its results, and the rows a live query holds on the client, so that after a failover its new
 * initial rows reach the subscriber as one diff against the rows it already has.
 */
import type { LiveChange } from '../api/engine-api.ts';

type Row = Record<string, unknown>;

/**
 * True when `sql` only reads (one `SELECT`, `VALUES`, `TABLE`, `SHOW` or `EXPLAIN` without
 * `ANALYZE`, calling no sequence function): running it twice is harmless, so a call whose
 * outcome is unknown is simply retried. Conservative: anything else counts as a write.
 *
 * @example
 * ```ts
 * isReadOnlySql('SELECT * FROM t');            // true
 * isReadOnlySql('INSERT INTO t VALUES (1)');   // false
 * isReadOnlySql("SELECT nextval('s')");        // false
 * ```
 */
export function isReadOnlySql(sql: string): boolean {
  const s = sql.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, '');
  if (!/^(select|values|table|show|explain)\b/i.test(s)) return false;
  if (/^explain\s+(\(.*\banalyze\b|analyze\b)/i.test(s)) return false;
  if (/\b(nextval|setval|pg_sleep)\s*\(/i.test(s)) return false;
  // a second statement, or SELECT … INTO, writes
  if (/;\s*\S/.test(s) || /\binto\b/i.test(s.replace(/'[^']*'/g, "''"))) return false;
  return true;
}

/**
 * What a statement's result command does to the session's transaction: `true` opened one,
 * `false` ended it, `undefined` left it as it was.
 *
 * @example
 * ```ts
 * transactionAfter('BEGIN');    // true
 * transactionAfter('COMMIT');   // false
 * transactionAfter('INSERT');   // undefined
 * ```
 */
export function transactionAfter(command: string): boolean | undefined {
  switch (command.toUpperCase()) {
    case 'BEGIN': case 'START TRANSACTION': return true;
    case 'COMMIT': case 'ROLLBACK': case 'END': case 'ABORT': return false;
    default: return undefined;
  }
}

/**
 * Which way a statement ends a transaction block, or null (what a session whose transaction was
 * lost may still run).
 *
 * @example
 * ```ts
 * endsTransaction('ROLLBACK');   // 'rollback'
 * endsTransaction('END');        // 'commit'
 * endsTransaction('SELECT 1');   // null
 * ```
 */
export function endsTransaction(sql: string): 'commit' | 'rollback' | null {
  const m = /^\s*(commit|end|rollback|abort)\b/i.exec(sql);
  if (m === null) return null;
  const w = m[1]!.toLowerCase();
  return w === 'commit' || w === 'end' ? 'commit' : 'rollback';
}

/** A value's part of a row key. */
function valueKey(v: unknown): string {
  if (v === null || v === undefined) return 'z';
  switch (typeof v) {
    case 'bigint': return `n${v}`;
    case 'number': return `f${Object.is(v, -0) ? '-0' : String(v)}`;
    case 'string': return `s${JSON.stringify(v)}`;
    case 'boolean': return v ? 't' : 'F';
    default:
      if (v instanceof Uint8Array) return `b${Array.prototype.join.call(v, ',')}`;
      if (v instanceof Date) return `d${v.getTime()}`;
      if (Array.isArray(v)) return `a[${v.map(valueKey).join(',')}]`;
      try { return `o${JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x))}`; } catch { return `o${String(v)}`; }
  }
}

/**
 * A row's identity by value (every column): two rows with equal values are the same row here,
 * counted twice when the query returns them twice.
 *
 * @example
 * ```ts
 * rowKey({ id: 1n, body: 'hi' }) === rowKey({ id: 1n, body: 'hi' });   // true
 * ```
 */
export function rowKey(row: Row): string {
  let k = '';
  for (const c of Object.keys(row)) k += `${JSON.stringify(c)}:${valueKey(row[c])}|`;
  return k;
}

/**
 * The rows a live query holds on the client, kept as a multiset by {@link rowKey}: filled by its
 * initial rows, changed by its change events; {@link LiveRowSet.resync} turns new initial rows into
 * the changes that lead from the old rows to them.
 *
 * @example
 * ```ts
 * const set = new LiveRowSet([{ id: 1 }]);
 * set.apply({ type: 'insert', rows: [{ id: 2 }], oldRows: [] });
 * set.resync([{ id: 2 }, { id: 3 }]);   // [{ type: 'delete', rows: [], oldRows: [{ id: 1 }] }, { type: 'insert', rows: [{ id: 3 }], oldRows: [] }]
 * ```
 */
export class LiveRowSet {
  readonly #rows = new Map<string, { row: Row; n: number }>();

  constructor(rows: readonly Row[] = []) {
    for (const r of rows) this.#add(r);
  }

  /** Number of rows held. */
  get size(): number {
    let n = 0;
    for (const e of this.#rows.values()) n += e.n;
    return n;
  }

  /** The rows held (in no particular order). */
  rows(): Row[] {
    const out: Row[] = [];
    for (const e of this.#rows.values()) for (let i = 0; i < e.n; i++) out.push(e.row);
    return out;
  }

  #add(row: Row): void {
    const k = rowKey(row);
    const e = this.#rows.get(k);
    if (e === undefined) this.#rows.set(k, { row, n: 1 });
    else e.n++;
  }

  #remove(row: Row): void {
    const k = rowKey(row);
    const e = this.#rows.get(k);
    if (e === undefined) return;
    if (--e.n === 0) this.#rows.delete(k);
  }

  /** Applies one change event. */
  apply(c: LiveChange): void {
    for (const r of c.oldRows) this.#remove(r);
    for (const r of c.rows) this.#add(r);
  }

  /**
   * Replaces the rows with `rows` and returns the changes that lead there: one `delete` of the
   * rows gone and one `insert` of the rows new (each omitted when empty).
   */
  resync(rows: readonly Row[]): LiveChange[] {
    const next = new Map<string, { row: Row; n: number }>();
    for (const r of rows) {
      const k = rowKey(r);
      const e = next.get(k);
      if (e === undefined) next.set(k, { row: r, n: 1 });
      else e.n++;
    }
    const gone: Row[] = [];
    const added: Row[] = [];
    for (const [k, e] of this.#rows) {
      const m = next.get(k)?.n ?? 0;
      for (let i = m; i < e.n; i++) gone.push(e.row);
    }
    for (const [k, e] of next) {
      const m = this.#rows.get(k)?.n ?? 0;
      for (let i = m; i < e.n; i++) added.push(e.row);
    }
    this.#rows.clear();
    for (const [k, e] of next) this.#rows.set(k, e);
    const out: LiveChange[] = [];
    if (gone.length > 0) out.push({ type: 'delete', rows: [], oldRows: gone });
    if (added.length > 0) out.push({ type: 'insert', rows: added, oldRows: [] });
    return out;
  }
}
