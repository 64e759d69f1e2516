/**
 * A throwaway stand-in for the real engine, for the client/worker tests only: it understands
 * just enough SQL (CREATE TABLE, multi-row INSERT … VALUES, SELECT * … ORDER BY, SELECT of
 * literals) to exercise the client, the worker channel and the Arrow conversion end to end.
 * `SELECT hang()` never answers (for connection-loss tests).
 */
import { DbError } from '../../src/errors/db-error.ts';
import { SqlState } from '../../src/errors/sqlstate.ts';
import { vectorFromValues, type JsValue, type Vector } from '../../src/types/vector.ts';
import type { DataType } from '../../src/types/data-type.ts';
import type { ColumnInfo, EngineApi, EngineOptions, ExecResult, ParamColumns } from '../../src/api/engine-api.ts';

interface FakeTable { columns: ColumnInfo[]; rows: JsValue[][] }

/** Every call the fake received, for assertions. */
export interface FakeEngine extends EngineApi {
  readonly calls: string[];
  readonly options: EngineOptions | undefined;
}

const TYPES: Record<string, DataType> = {
  int: 'integer', integer: 'integer', bigint: 'bigint', text: 'text', boolean: 'boolean',
  double: 'double', real: 'real', smallint: 'smallint', date: 'date', timestamp: 'timestamp',
  json: 'json', uuid: 'uuid', bytes: 'bytes',
};

function result(columns: ColumnInfo[], rows: JsValue[][], message: string, command: string, rowCount = rows.length): ExecResult {
  const vectors: Vector[] = columns.map((c, i) => vectorFromValues(c.type, rows.map((r) => r[i] ?? null)));
  return { columns, vectors, length: rows.length, rowCount, message, command };
}

function literal(s: string, params: readonly unknown[]): JsValue {
  const t = s.trim();
  if (/^\$\d+$/.test(t)) return (params[Number(t.slice(1)) - 1] ?? null) as JsValue;
  if (/^null$/i.test(t)) return null;
  if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
  if (/^'.*'$/s.test(t)) return t.slice(1, -1).replaceAll("''", "'");
  if (/^-?\d+$/.test(t)) return Number(t);
  if (/^-?\d*\.\d+$/.test(t)) return Number(t);
  throw new DbError(SqlState.SYNTAX_ERROR, `syntax error at or near "${t}"`, { position: 1 });
}

function coerce(v: JsValue, type: DataType | undefined): JsValue {
  if (type === 'bigint' && typeof v === 'number') return BigInt(v);
  return v;
}

function literalType(v: JsValue): DataType {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'bigint') return 'bigint';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'double';
  return 'text';
}

/** Makes a fake engine. */
export function createFakeEngine(options?: EngineOptions): FakeEngine {
  const tables = new Map<string, FakeTable>();
  const sessions = new Map<string, string>();
  const prepared = new Map<number, string>();
  const calls: string[] = [];
  let next = 1;

  const find = (name: string): FakeTable => {
    const t = tables.get(name.toLowerCase());
    if (t === undefined) throw new DbError(SqlState.UNDEFINED_TABLE, `relation "${name.toLowerCase()}" does not exist`, { table: name.toLowerCase() });
    return t;
  };
  const session = (sid: string): string => {
    const u = sessions.get(sid);
    if (u === undefined) throw new DbError(SqlState.INVALID_AUTHORIZATION, 'session does not exist');
    return u;
  };

  const run = async (sid: string, sqlText: string, params: readonly unknown[] = []): Promise<ExecResult> => {
    session(sid);
    const sql = sqlText.trim().replace(/;\s*$/, '');
    let m: RegExpMatchArray | null;
    if (/^select\s+hang\(\)$/i.test(sql)) return new Promise<ExecResult>(() => { /* never */ });
    if ((m = sql.match(/^create\s+table\s+(\w+)\s*\((.*)\)$/is))) {
      const name = m[1]!.toLowerCase();
      if (tables.has(name)) throw new DbError(SqlState.DUPLICATE_TABLE, `relation "${name}" already exists`);
      const columns = m[2]!.split(',').map((c) => {
        const [n, t] = c.trim().split(/\s+/);
        const type = TYPES[(t ?? '').toLowerCase()];
        if (type === undefined) throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `type "${t}" is not supported`);
        return { name: n!.toLowerCase(), type };
      });
      tables.set(name, { columns, rows: [] });
      return result([], [], `Table default.${name} created`, 'create_table', 0);
    }
    if ((m = sql.match(/^drop\s+table\s+(\w+)$/i))) {
      find(m[1]!);
      tables.delete(m[1]!.toLowerCase());
      return result([], [], `Table default.${m[1]!.toLowerCase()} dropped`, 'drop_table', 0);
    }
    if ((m = sql.match(/^insert\s+into\s+(\w+)\s+values\s*(.*)$/is))) {
      const t = find(m[1]!);
      const groups = [...m[2]!.matchAll(/\(([^)]*)\)/g)].map((g) => g[1]!.split(',')
        .map((x, i) => coerce(literal(x, params), t.columns[i]?.type)));
      for (const g of groups) t.rows.push(g);
      return result([], [], `Inserted ${groups.length} row(s)`, 'insert', groups.length);
    }
    if ((m = sql.match(/^select\s+(.+?)\s+from\s+"?(\w+)"?(?:\s+where\s+"?(\w+)"?\s*=\s*(\$\d+))?(?:\s+order\s+by\s+"?(\w+)"?(\s+desc)?)?(?:\s+limit\s+(\d+))?$/is))) {
      const t = find(m[2]!);
      let rows = t.rows.slice();
      if (m[3] !== undefined) {
        const ci = t.columns.findIndex((c) => c.name === m![3]!.toLowerCase());
        if (ci < 0) throw new DbError(SqlState.UNDEFINED_COLUMN, `column "${m[3]}" does not exist`);
        const v = literal(m[4]!, params);
        rows = rows.filter((r) => r[ci] === v);
      }
      if (m[5] !== undefined) {
        const ci = t.columns.findIndex((c) => c.name === m![5]!.toLowerCase());
        if (ci < 0) throw new DbError(SqlState.UNDEFINED_COLUMN, `column "${m[5]}" does not exist`);
        rows.sort((a, b) => ((a[ci]! < b[ci]!) ? -1 : (a[ci]! > b[ci]!) ? 1 : 0) * (m![6] ? -1 : 1));
      }
      if (m[7] !== undefined) rows = rows.slice(0, Number(m[7]));
      return result(t.columns, rows, `SELECT ${rows.length}`, 'select');
    }
    if ((m = sql.match(/^select\s+(.+)$/is))) {
      const items = m[1]!.split(',').map((x, i) => {
        const am = x.match(/^(.*?)\s+as\s+(\w+)\s*$/is);
        const v = literal(am ? am[1]! : x, params);
        return { name: am ? am[2]!.toLowerCase() : `?column?${i === 0 ? '' : i}`, v };
      });
      const columns = items.map((it) => ({ name: it.name, type: literalType(it.v) }));
      return result(columns, [items.map((it) => it.v)], 'SELECT 1', 'select');
    }
    throw new DbError(SqlState.SYNTAX_ERROR, `syntax error at or near "${sql.split(/\s+/)[0]}"`, { position: 1 });
  };

  const engine: FakeEngine = {
    calls,
    options,
    async login(user, password) {
      calls.push(`login ${user}`);
      if (user !== 'root' || password !== '') throw new DbError(SqlState.INVALID_PASSWORD, `password authentication failed for user "${user}"`);
      const id = `s${next++}`;
      sessions.set(id, user);
      return id;
    },
    async openSession(user) {
      calls.push(`openSession ${user}`);
      const id = `s${next++}`;
      sessions.set(id, user);
      return id;
    },
    async closeSession(sid) {
      calls.push(`closeSession ${sid}`);
      sessions.delete(sid);
    },
    async execute(sid, sql, params) {
      calls.push(`execute ${sql}`);
      return run(sid, sql, params);
    },
    async executeScript(sid, sql) {
      calls.push(`executeScript ${sql}`);
      session(sid);
      // naive split on ';' (the fake's SQL has no ';' inside strings)
      const steps: { result: ExecResult; start: number; end: number; elapsedMs: number }[] = [];
      let at = 0;
      for (const part of sql.split(';')) {
        const start = at + (part.length - part.trimStart().length);
        const end = at + part.trimEnd().length;
        at += part.length + 1;
        if (end <= start) continue;
        try {
          steps.push({ result: await run(sid, sql.slice(start, end), []), start, end, elapsedMs: 0 });
        } catch (e) {
          return { steps, error: e as DbError, errorAt: { start, end } };
        }
      }
      return { steps, error: null, errorAt: null };
    },
    async prepare(sid, sql) {
      session(sid);
      calls.push(`prepare ${sql}`);
      const id = next++;
      prepared.set(id, sql);
      return id;
    },
    async executePrepared(sid, id, params) {
      calls.push(`executePrepared ${id}`);
      const sql = prepared.get(id);
      if (sql === undefined) throw new DbError(SqlState.UNDEFINED_OBJECT, `prepared statement ${id} does not exist`);
      return run(sid, sql, params);
    },
    async executeMany(sid, id, paramRows) {
      calls.push(`executeMany ${id} x${paramRows.length}`);
      const sql = prepared.get(id);
      if (sql === undefined) throw new DbError(SqlState.UNDEFINED_OBJECT, `prepared statement ${id} does not exist`);
      let count = 0;
      const rows = Array.isArray(paramRows) ? paramRows
        : Array.from({ length: paramRows.length }, (_, i) => (paramRows as ParamColumns).columns.map((c) => c[i]));
      for (const p of rows) count += (await run(sid, sql, p)).rowCount;
      return result([], [], `Inserted ${count} row(s)`, 'insert', count);
    },
    async batch(sid, statements) {
      calls.push(`batch ${statements.length}`);
      const out: ExecResult[] = [];
      for (const b of statements) out.push(await run(sid, b.sql, b.params));
      return out;
    },
    async insertColumns(sid, table, columns) {
      session(sid);
      calls.push(`insertColumns ${table}`);
      const names = Object.keys(columns);
      const n = names.length === 0 ? 0 : columns[names[0]!]!.length;
      const rows: Record<string, unknown>[] = [];
      for (let i = 0; i < n; i++) rows.push(Object.fromEntries(names.map((k) => [k, columns[k]![i]])));
      return engine.insertRows(sid, table, rows);
    },
    async closePrepared(_sid, id) {
      calls.push(`closePrepared ${id}`);
      prepared.delete(id);
    },
    async insertRows(sid, table, rows) {
      session(sid);
      calls.push(`insertRows ${table} ${rows.length}`);
      const t = find(table.split('.').pop()!);
      for (const r of rows) t.rows.push(t.columns.map((c) => coerce((r[c.name] ?? null) as JsValue, c.type)));
      return result([], [], `Inserted ${rows.length} row(s)`, 'insert', rows.length);
    },
    async subscribe(sid, sql) {
      session(sid);
      calls.push(`subscribe ${sql}`);
      throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'the fake engine has no live queries');
    },
    async unsubscribe(_sid, id) {
      calls.push(`unsubscribe ${id}`);
    },
    async close() {
      calls.push('close');
      sessions.clear();
    },
  };
  return engine;
}
