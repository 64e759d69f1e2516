/**
 * Runs a case on InkDB and PostgreSQL statement by statement and judges each pair of outcomes;
 * after each write it compares the written table's contents, after COMMIT/ROLLBACK every table's.
 */
import { orderInfo, renderStmt, type Case, type Stmt } from './ast.ts';
import { checkSorted, diffRows } from './compare.ts';
import type { Engine, Err, Outcome } from './engines.ts';
import { knownDifference } from './known-differences.ts';
import { checkOracle } from './oracles.ts';

/** Kinds of failure. */
export type FailureKind =
  | 'mismatch' | 'columns' | 'rowcount' | 'order' | 'state' | 'ink-error' | 'pg-error' | 'code'
  | 'internal' | 'throw' | 'hang' | 'tlp' | 'norec';

/** Per-statement verdicts that are not failures. */
export type PassKind = 'ok' | 'both-error' | 'known' | 'oracle-ok' | 'oracle-skip' | 'pg-timeout';

/** A failure at one statement. */
export interface Failure {
  readonly kind: FailureKind;
  readonly index: number;
  readonly sql: string;
  readonly detail: string;
  readonly inkCode?: string;
  readonly pgCode?: string;
  readonly message?: string;
}

/** The result of running a case. */
export interface CaseResult {
  readonly failures: Failure[];
  readonly counts: Record<string, number>;
  /** Statements executed (per engine). */
  readonly statements: number;
  readonly known: Record<string, number>;
}

/** Options of {@link runCase}. */
export interface RunOptions {
  /** Compare with PostgreSQL (false: only oracles and InkDB's own failures). */
  readonly pg: boolean;
  /** Called before each InkDB statement (the fuzz CLI's watchdog uses it). */
  readonly onStatement?: (index: number, sql: string) => void;
  /** Stop at the first failure (the reducer uses it). */
  readonly stopAtFirst?: boolean;
  /** Only run statements up to this index (inclusive). */
  readonly upTo?: number;
}

const cls = (code: string): string => code.slice(0, 2);

function tablesOf(stmts: readonly Stmt[], upTo: number): string[] {
  const out: string[] = [];
  for (let i = 0; i <= upTo && i < stmts.length; i++) {
    const s = stmts[i] as Stmt;
    if (s.k === 'create' && !out.includes(s.name)) out.push(s.name);
  }
  return out;
}

function errOf(o: Outcome): Err | null {
  return o.ok ? null : o;
}

/**
 * Judges one statement's outcomes. Returns a failure (without index) or a pass kind.
 */
export function judge(stmt: Stmt, sql: string, ink: Outcome, pg: Outcome | null): { fail: Omit<Failure, 'index'> } | { pass: PassKind; known?: string } {
  const ie = errOf(ink);
  // A statement PostgreSQL cannot finish quickly either is merely heavy, not an InkDB hang.
  if (ie !== null && ie.code === 'HANG' && pg !== null && (pg.ms > 1000 || (!pg.ok && (pg.code === '57014' || pg.code === 'HANG')))) return { pass: 'both-error' };
  if (ie !== null && ie.code === 'HANG') return { fail: { kind: 'hang', sql, detail: ie.message, inkCode: 'HANG', message: 'hang' } };
  if (ie !== null && ie.kind === 'throw') return { fail: { kind: 'throw', sql, detail: ie.message, inkCode: 'THROW', message: ie.message } };
  if (ie !== null && ie.code === 'XX000') return { fail: { kind: 'internal', sql, detail: ie.message, inkCode: 'XX000', message: ie.message, ...(pg !== null && !pg.ok ? { pgCode: pg.code } : {}) } };
  if (pg === null) return { pass: 'ok' };
  // PostgreSQL did not finish (PGlite was killed): nothing to compare.
  if (!pg.ok && (pg.code === 'HANG' || pg.code === 'CRASH')) return { pass: 'pg-timeout' };
  const pe = errOf(pg);
  if (ie === null && pe === null && ink.ok && pg.ok) {
    const hasRows = stmt.k === 'query' || stmt.k === 'raw' || ((stmt.k === 'insert' || stmt.k === 'update' || stmt.k === 'delete') && stmt.ret !== undefined);
    if (hasRows) {
      if (ink.cols.length !== pg.cols.length) {
        return { fail: { kind: 'columns', sql, detail: `columns: inkdb [${ink.cols.map((c) => c.name).join(', ')}], postgres [${pg.cols.map((c) => c.name).join(', ')}]` } };
      }
      if (stmt.k !== 'raw') {
        const bad = ink.cols.findIndex((c, i) => c.name !== pg.cols[i]?.name);
        if (bad >= 0) return { fail: { kind: 'columns', sql, detail: `column ${bad + 1} named ${ink.cols[bad]?.name} by inkdb, ${pg.cols[bad]?.name} by postgres` } };
      }
      const oi = stmt.k === 'query' ? orderInfo(stmt.q) : { ordered: false, keys: [] };
      const d = diffRows(ink.rows, pg.rows, oi.ordered);
      if (d !== null) {
        const kd = knownDifference(stmt, sql, ink, pg, 'result');
        return kd !== null ? { pass: 'known', known: kd.id } : { fail: { kind: 'mismatch', sql, detail: d } };
      }
      if (!oi.ordered && oi.keys.length > 0 && checkSorted(pg.rows, oi.keys) === null) {
        const s = checkSorted(ink.rows, oi.keys);
        if (s !== null) return { fail: { kind: 'order', sql, detail: s } };
      }
    }
    if ((stmt.k === 'insert' || stmt.k === 'update' || stmt.k === 'delete') && ink.rowCount !== pg.rowCount) {
      const kd = knownDifference(stmt, sql, ink, pg, 'rowcount');
      if (kd !== null) return { pass: 'known', known: kd.id };
      return { fail: { kind: 'rowcount', sql, detail: `affected rows: inkdb ${ink.rowCount}, postgres ${pg.rowCount}` } };
    }
    return { pass: 'ok' };
  }
  if (ie !== null && pe === null) {
    const kd = knownDifference(stmt, sql, ink, pg, 'error');
    if (kd !== null) return { pass: 'known', known: kd.id };
    return { fail: { kind: 'ink-error', sql, detail: `inkdb ${ie.code} ${ie.message}; postgres succeeds`, inkCode: ie.code, message: ie.message } };
  }
  if (ie === null && pe !== null) {
    const kd = knownDifference(stmt, sql, ink, pg, 'error');
    if (kd !== null) return { pass: 'known', known: kd.id };
    return { fail: { kind: 'pg-error', sql, detail: `postgres ${pe.code} ${pe.message}; inkdb succeeds`, pgCode: pe.code, message: pe.message } };
  }
  if (ie !== null && pe !== null) {
    if (cls(ie.code) === cls(pe.code)) return { pass: 'both-error' };
    const kd = knownDifference(stmt, sql, ink, pg, 'error');
    if (kd !== null) return { pass: 'known', known: kd.id };
    return { fail: { kind: 'code', sql, detail: `inkdb ${ie.code} ${ie.message}; postgres ${pe.code} ${pe.message}`, inkCode: ie.code, pgCode: pe.code, message: ie.message } };
  }
  return { pass: 'ok' };
}

async function dump(e: Engine, table: string): Promise<Outcome> {
  return e.run(`SELECT * FROM ${table}`);
}

/** Runs a case from a fresh database on both engines. */
export async function runCase(c: Case, ink: Engine, pg: Engine | null, opts: RunOptions): Promise<CaseResult> {
  await ink.reset();
  if (pg !== null && opts.pg) await pg.reset();
  const usePg = pg !== null && opts.pg ? pg : null;
  const failures: Failure[] = [];
  const counts: Record<string, number> = {};
  const known: Record<string, number> = {};
  const bump = (k: string): void => {
    counts[k] = (counts[k] ?? 0) + 1;
  };
  let statements = 0;
  let inTxn = false;
  const last = Math.min(c.stmts.length - 1, opts.upTo ?? Infinity);
  for (let i = 0; i <= last; i++) {
    const stmt = c.stmts[i] as Stmt;
    if (stmt.k === 'oracle') {
      opts.onStatement?.(i, renderStmt(stmt));
      const r = await checkOracle(stmt, ink);
      statements += 2;
      if (r.status === 'ok') bump('oracle-ok');
      else if (r.status === 'error') {
        const o = r.outcome;
        if (o.code === 'HANG') {
          failures.push({ kind: 'hang', index: i, sql: r.sql, detail: o.message, inkCode: 'HANG', message: 'hang' });
          bump('hang');
          break;
        }
        if (o.kind === 'throw' || o.code === 'XX000') {
          // Is the failing query valid PostgreSQL? (keeps reductions from drifting to invalid SQL)
          const pv = usePg === null ? null : await usePg.run(r.sql);
          failures.push({ kind: o.kind === 'throw' ? 'throw' : 'internal', index: i, sql: r.sql, detail: o.message, inkCode: o.code, message: o.message, ...(pv !== null && !pv.ok ? { pgCode: pv.code } : {}) });
          bump(o.kind === 'throw' ? 'throw' : 'internal');
        } else bump('oracle-skip');
      } else {
        // Validate the oracle itself on PostgreSQL: if it fails there too, the generator is wrong.
        const v = usePg === null ? null : await checkOracle(stmt, usePg);
        if (v !== null && v.status !== 'ok') bump('oracle-invalid');
        else {
          failures.push({ kind: stmt.kind === 'norec' ? 'norec' : 'tlp', index: i, sql: renderStmt(stmt), detail: r.detail });
          bump(stmt.kind === 'norec' ? 'norec' : 'tlp');
        }
      }
      if (opts.stopAtFirst && failures.length > 0) break;
      continue;
    }
    const sql = renderStmt(stmt);
    if (stmt.k === 'begin') inTxn = true;
    if (stmt.k === 'commit' || stmt.k === 'rollback') inTxn = false;
    opts.onStatement?.(i, sql);
    const io = await ink.run(sql);
    const po = usePg === null ? null : await usePg.run(sql);
    statements++;
    let j = judge(stmt, sql, io, po);
    if ('fail' in j && j.fail.kind === 'pg-error' && (j.fail.pgCode ?? '').startsWith('22') && usePg !== null) {
      // KD4: a data exception PostgreSQL raises while planning (constant folding, even of a
      // value never used) fails EXPLAIN too. In a transaction PostgreSQL's is aborted: end it
      // first (planning needs only the schema; the case stops here anyway, one side failed).
      if (inTxn) await usePg.run('ROLLBACK');
      const ex = await usePg.run(`EXPLAIN ${sql}`);
      if (!ex.ok && ex.code === j.fail.pgCode) j = { pass: 'known', known: 'KD4-constant-folding-errors' };
    }
    let stop = false;
    if ('fail' in j) {
      failures.push({ ...j.fail, index: i });
      bump(j.fail.kind);
      // Diverged writes leave the two databases in different states: the rest is noise.
      // An error on one side only aborts that side's transaction: the rest would be noise.
      const oneSided = io.ok !== (po?.ok ?? io.ok);
      stop = (inTxn && oneSided) || j.fail.kind === 'hang' || j.fail.kind === 'throw' || (stmt.k !== 'query' && stmt.k !== 'raw' && (j.fail.kind === 'ink-error' || j.fail.kind === 'pg-error' || j.fail.kind === 'internal' || j.fail.kind === 'code' || j.fail.kind === 'rowcount' || j.fail.kind === 'mismatch'));
    } else {
      bump(j.pass);
      if (j.known !== undefined) known[j.known] = (known[j.known] ?? 0) + 1;
      // an accepted difference where one side failed inside a transaction aborted that side's
      // transaction only, and a write that failed on one side left the tables apart: what
      // follows would differ for that reason alone
      const write = stmt.k === 'insert' || stmt.k === 'update' || stmt.k === 'delete';
      if (j.known !== undefined && (inTxn || write) && io.ok !== (po?.ok ?? io.ok)) stop = true;
    }
    // A killed engine process (hang, crash) lost its database: the rest cannot be compared.
    const killed = (o: Outcome | null): boolean => o !== null && !o.ok && (o.code === 'HANG' || o.code === 'CRASH');
    if (killed(io) || killed(po)) stop = true;
    if (opts.stopAtFirst && failures.length > 0) break;
    if (stop) break;
    // State checks after writes.
    if (usePg !== null && !stop) {
      const tables = (stmt.k === 'insert' || stmt.k === 'update' || stmt.k === 'delete') && stmt.dump === true ? [stmt.table]
        : stmt.k === 'commit' || stmt.k === 'rollback' ? tablesOf(c.stmts, i) : [];
      for (const t of tables) {
        const a = await dump(ink, t);
        const b = await dump(usePg, t);
        statements++;
        if (a.ok && b.ok) {
          const d = diffRows(a.rows, b.rows, false);
          if (d !== null) {
            failures.push({ kind: 'state', index: i, sql, detail: `table ${t} after the statement: ${d}` });
            bump('state');
            stop = true;
          }
        } else if (a.ok !== b.ok || (!a.ok && a.code === 'XX000')) {
          // Reading a table fails on one side only (an aborted transaction fails on both: fine).
          const j2 = judge({ k: 'raw', sql: `SELECT * FROM ${t}` }, `SELECT * FROM ${t}`, a, b);
          if ('fail' in j2) {
            failures.push({ ...j2.fail, index: i, detail: `reading ${t} after the statement: ${j2.fail.detail}` });
            bump(j2.fail.kind);
            stop = true;
          }
        }
      }
      if (stop) break;
      if (opts.stopAtFirst && failures.length > 0) break;
    }
  }
  return { failures, counts, statements, known };
}
