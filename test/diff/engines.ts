/**
 * The two engines behind one interface, each returning results in a canonical form: numbers as
 * {@link Num} (exact when integral, else a double compared with tolerance), everything else as a
 * tagged string (`s:` text, `b:` boolean, `d:` date, `t:` timestamp in microseconds, `j:` json,
 * `x:` bytea hex, `u:` uuid). InkDB is used only through its public API.
 */
import { PGlite } from '@electric-sql/pglite';
import { DbError, openDatabase, type Database, type Session } from '../../src/index.ts';

/** A number: `n` when the value is an exact integer, `f` always (a double), `f4` when REAL. */
export interface Num { readonly n: bigint | null; readonly f: number; readonly f4: boolean }
/** A canonical cell. */
export type Cell = null | string | Num;

/** A successful statement. */
export interface Ok {
  readonly ok: true;
  readonly cols: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly Cell[])[];
  readonly rowCount: number;
  readonly ms: number;
}
/** A failed statement: `kind` is `db` for a DbError / PostgreSQL error, `throw` for anything else. */
export interface Err { readonly ok: false; readonly code: string; readonly message: string; readonly kind: 'db' | 'throw'; readonly ms: number }
/** What running one statement gave. */
export type Outcome = Ok | Err;

/** An engine under test. */
export interface Engine {
  readonly name: string;
  run(sql: string): Promise<Outcome>;
  /** Drops everything: a fresh database. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// dates

/** Days since 1970-01-01 → [year, month, day] (proleptic Gregorian; year 0 = 1 BC). */
export function civilFromDays(z0: number): [number, number, number] {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** [year, month, day] → days since 1970-01-01. */
export function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function dateText(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return y > 0 ? `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}` : `${pad(1 - y, 4)}-${pad(m, 2)}-${pad(d, 2)} BC`;
}

/** Microseconds since the epoch → fixed-width text (sorts like the timestamps). */
function tsText(micros: bigint): string {
  const day = 86400000000n;
  let days = micros / day;
  let rem = micros % day;
  if (rem < 0n) {
    rem += day;
    days -= 1n;
  }
  const r = Number(rem);
  const us = r % 1000000;
  const s = Math.floor(r / 1000000);
  return `${dateText(Number(days))} ${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}.${pad(us, 6)}`;
}

function pgDateDays(s: string): number {
  const m = /^(\d+)-(\d+)-(\d+)( BC)?$/.exec(s);
  if (m === null) return NaN;
  const y = Number(m[1]);
  return daysFromCivil(m[4] !== undefined ? 1 - y : y, Number(m[2]), Number(m[3]));
}

function pgTsMicros(s: string): bigint | null {
  const m = /^(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)(?:\.(\d+))?( BC)?$/.exec(s);
  if (m === null) return null;
  const y = Number(m[1]);
  const days = daysFromCivil(m[8] !== undefined ? 1 - y : y, Number(m[2]), Number(m[3]));
  const secs = Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6]);
  const frac = BigInt(((m[7] ?? '') + '000000').slice(0, 6));
  return BigInt(days) * 86400000000n + BigInt(secs) * 1000000n + frac;
}

// ---------------------------------------------------------------------------------------------
// numbers

/** A number from a JS value. */
export function numOf(v: number | bigint, f4 = false): Num {
  if (typeof v === 'bigint') return { n: v, f: Number(v), f4 };
  return { n: Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER ? BigInt(v) : null, f: v === 0 ? 0 : v, f4 };
}

/** A number from PostgreSQL's text. */
export function numOfText(s: string, f4 = false): Num {
  const m = /^(-?\d+)(?:\.0*)?$/.exec(s);
  if (m !== null) return { n: BigInt(m[1] as string), f: Number(m[1]), f4 };
  const f = s === 'NaN' ? NaN : s === 'Infinity' ? Infinity : s === '-Infinity' ? -Infinity : Number(s);
  return { n: null, f: f === 0 ? 0 : f, f4 };
}

function hex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

// ---------------------------------------------------------------------------------------------
// InkDB

/** Canonical form of an InkDB value of a given result type. */
export function inkCell(v: unknown, type: string): Cell {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'boolean': return `b:${String(v)}`;
    case 'smallint': case 'integer': case 'bigint': case 'double':
      return typeof v === 'number' || typeof v === 'bigint' ? numOf(v) : `?:${String(v)}`;
    case 'numeric':
      // NUMERIC comes back as PostgreSQL's text, as from PGlite
      return typeof v === 'string' ? numOfText(v) : typeof v === 'number' || typeof v === 'bigint' ? numOf(v) : `?:${String(v)}`;
    case 'real': return typeof v === 'number' ? numOf(v, true) : `?:${String(v)}`;
    case 'date': return typeof v === 'number' ? `d:${dateText(v)}` : `?:${String(v)}`;
    case 'timestamp': return typeof v === 'number' ? `t:${tsText(BigInt(Math.round(v * 1000)))}` : `?:${String(v)}`;
    case 'json': return `j:${String(v)}`;
    case 'bytes': return v instanceof Uint8Array ? `x:${hex(v)}` : `?:${String(v)}`;
    case 'uuid': return `u:${String(v).toLowerCase()}`;
    default: return `s:${String(v)}`;
  }
}

/** InkDB through its public API, in-process, in memory. */
export class InkEngine implements Engine {
  readonly name = 'inkdb';
  #db: Database | null = null;
  #s: Session | null = null;

  async reset(): Promise<void> {
    if (this.#db !== null) await this.#db.close().catch(() => undefined);
    this.#db = await openDatabase({ worker: false, storage: 'memory' });
    this.#s = await this.#db.login('root', '');
  }

  async run(sql: string): Promise<Outcome> {
    if (this.#s === null) await this.reset();
    const t0 = performance.now();
    try {
      const r = await (this.#s as Session).query(sql);
      const cols = r.columns.map((c) => ({ name: c.name, type: String(c.type) }));
      const rows = r.rowArrays().map((row) => row.map((v, i) => inkCell(v, cols[i]?.type ?? 'text')));
      return { ok: true, cols, rows, rowCount: r.rowCount, ms: performance.now() - t0 };
    } catch (e) {
      const ms = performance.now() - t0;
      if (e instanceof DbError) return { ok: false, code: e.code, message: e.message, kind: 'db', ms };
      return { ok: false, code: 'THROW', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e), kind: 'throw', ms };
    }
  }

  async close(): Promise<void> {
    if (this.#db !== null) await this.#db.close().catch(() => undefined);
    this.#db = null;
    this.#s = null;
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL (PGlite)

const TEXT_OIDS = [16, 17, 18, 19, 20, 21, 23, 25, 26, 114, 700, 701, 705, 1042, 1043, 1082, 1083, 1114, 1184, 1186, 1700, 2206, 2950, 3802];
const RAW_PARSERS: Record<number, (x: string) => string> = Object.fromEntries(TEXT_OIDS.map((o) => [o, (x: string) => x]));

/** Canonical form of a PostgreSQL text value of a given type OID. */
export function pgCell(v: unknown, oid: number): Cell {
  if (v === null || v === undefined) return null;
  const s = String(v);
  switch (oid) {
    case 16: return `b:${s === 't' ? 'true' : 'false'}`;
    case 20: case 21: case 23: case 26: case 701: case 1700: return numOfText(s);
    case 700: return numOfText(s, true);
    case 1082: return `d:${dateText(pgDateDays(s))}`;
    case 1114: {
      const us = pgTsMicros(s);
      return us === null ? `?:${s}` : `t:${tsText(us)}`;
    }
    case 114: case 3802: return `j:${s}`;
    case 17: return `x:${s.startsWith('\\x') ? s.slice(2) : s}`;
    case 2950: return `u:${s}`;
    default: return `s:${s}`;
  }
}

const PG_TYPES: Record<number, string> = {
  16: 'boolean', 17: 'bytes', 20: 'bigint', 21: 'smallint', 23: 'integer', 25: 'text', 114: 'json',
  700: 'real', 701: 'double', 1043: 'text', 1082: 'date', 1114: 'timestamp', 1700: 'numeric', 2950: 'uuid', 3802: 'json',
};

/** PostgreSQL 17 in-process (PGlite), reset by dropping and recreating schema public. */
export class PgEngine implements Engine {
  readonly name = 'postgres';
  #pg: PGlite | null = null;

  /** Starts PGlite (2-5 s). */
  async start(): Promise<void> {
    if (this.#pg !== null) return;
    this.#pg = await PGlite.create();
    await this.#pg.exec("SET TIME ZONE 'UTC'; SET statement_timeout = '5s'");
  }

  async reset(): Promise<void> {
    await this.start();
    const pg = this.#pg as PGlite;
    await pg.exec('ROLLBACK').catch(() => undefined);
    await pg.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  }

  async run(sql: string): Promise<Outcome> {
    await this.start();
    const t0 = performance.now();
    try {
      const r = await (this.#pg as PGlite).query<unknown[]>(sql, [], { rowMode: 'array', parsers: RAW_PARSERS });
      const cols = r.fields.map((f) => ({ name: f.name, type: PG_TYPES[f.dataTypeID] ?? `oid${f.dataTypeID}` }));
      const oids = r.fields.map((f) => f.dataTypeID);
      const rows = r.rows.map((row) => row.map((v, i) => pgCell(v, oids[i] ?? 25)));
      return { ok: true, cols, rows, rowCount: r.fields.length > 0 && !/^\s*(INSERT|UPDATE|DELETE)/i.test(sql) ? rows.length : (r.affectedRows ?? rows.length), ms: performance.now() - t0 };
    } catch (e) {
      const err = e as { code?: string; message?: string };
      return { ok: false, code: err.code ?? 'THROW', message: err.message ?? String(e), kind: err.code !== undefined ? 'db' : 'throw', ms: performance.now() - t0 };
    }
  }

  async close(): Promise<void> {
    if (this.#pg !== null) await this.#pg.close();
    this.#pg = null;
  }
}
