/**
 * System tables are read when a statement runs, not when it is planned: every system table
 * reflects each kind of write that changes it, whether the reading query is sent again as the
 * same text, run through a prepared statement, or sent with different literals (one shared
 * query shape).
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.ts';
import type { ExecResult } from '../../src/api/engine-api.ts';
import { valueAt } from '../../src/types/vector.ts';

function firstValue(r: ExecResult): unknown {
  return valueAt(r.vectors[0]!, 0);
}

interface Step { readonly sql: string; readonly expect: unknown }

/**
 * Per system table: a query with one literal in its WHERE clause (`$L` is replaced by a
 * literal that never matches, so it does not change the answer) and writes with the value the
 * query answers after each.
 */
const CASES: Record<string, { query: string; before: unknown; steps: Step[] }> = {
  users: {
    query: "SELECT count(*) FROM system.users WHERE deleted_at IS NULL AND user_id <> '$L'",
    before: 1n,
    steps: [
      { sql: "CREATE USER 'u1' WITH PASSWORD 'p' ROLE user", expect: 2n },
      { sql: "CREATE USER 'u2' WITH PASSWORD 'p' ROLE service", expect: 3n },
      { sql: "DROP USER 'u1'", expect: 2n },
    ],
  },
  'users (role)': {
    query: "SELECT max(role) FROM system.users WHERE user_id = 'u9' AND email <> '$L'",
    before: null,
    steps: [
      { sql: "CREATE USER 'u9' WITH PASSWORD 'p' ROLE user EMAIL 'e'", expect: 'user' },
      { sql: "ALTER USER 'u9' SET ROLE dba", expect: 'dba' },
      { sql: "ALTER USER 'u9' SET ROLE service", expect: 'service' },
    ],
  },
  namespaces: {
    query: "SELECT count(*) FROM system.namespaces WHERE namespace_id <> '$L'",
    before: 1n,
    steps: [
      { sql: 'CREATE NAMESPACE n1', expect: 2n },
      { sql: 'CREATE NAMESPACE n2', expect: 3n },
      { sql: 'DROP NAMESPACE n1', expect: 2n },
    ],
  },
  'namespaces (table_count)': {
    query: "SELECT sum(table_count) FROM system.namespaces WHERE namespace_id <> '$L'",
    before: 0n,
    steps: [
      { sql: 'CREATE TABLE t1 (a INT)', expect: 1n },
      { sql: 'CREATE TABLE t2 (a INT)', expect: 2n },
      { sql: 'DROP TABLE t1', expect: 1n },
    ],
  },
  tables: {
    query: "SELECT count(*) FROM system.tables WHERE table_name <> '$L'",
    before: 0n,
    steps: [
      { sql: 'CREATE TABLE t1 (a INT)', expect: 1n },
      { sql: 'CREATE USER TABLE t2 (a INT)', expect: 2n },
      { sql: 'DROP TABLE t2', expect: 1n },
    ],
  },
  schemas: {
    query: "SELECT max(schema_version) FROM system.schemas WHERE table_name <> '$L'",
    before: null,
    steps: [
      { sql: 'CREATE TABLE t1 (a INT)', expect: 1 },
      { sql: 'ALTER TABLE t1 ADD COLUMN b INT', expect: 2 },
      { sql: 'ALTER TABLE t1 RENAME COLUMN b TO c', expect: 3 },
    ],
  },
  columns: {
    query: "SELECT count(*) FROM system.columns WHERE column_name <> '$L'",
    before: 0n,
    steps: [
      { sql: 'CREATE TABLE t1 (a INT, b TEXT)', expect: 2n },
      { sql: 'ALTER TABLE t1 ADD COLUMN c INT', expect: 3n },
      { sql: 'ALTER TABLE t1 DROP COLUMN a', expect: 2n },
    ],
  },
  indexes: {
    query: "SELECT count(*) FROM system.indexes WHERE index_name <> '$L'",
    before: 0n,
    steps: [
      { sql: 'CREATE TABLE t1 (a INT PRIMARY KEY, b INT)', expect: 1n },
      { sql: 'CREATE INDEX t1_b ON t1 (b)', expect: 2n },
      { sql: 'DROP INDEX t1_b', expect: 1n },
    ],
  },
  stats: {
    query: "SELECT sum(rows) FROM system.stats WHERE table_name <> '$L'",
    before: null,
    steps: [
      // sum(bigint) is numeric (PostgreSQL), read back as its text
      { sql: 'CREATE TABLE t1 (a INT); INSERT INTO t1 VALUES (1), (2)', expect: '2' },
      { sql: 'INSERT INTO t1 VALUES (3)', expect: '3' },
      { sql: 'DELETE FROM t1 WHERE a = 1', expect: '2' },
    ],
  },
  column_stats: {
    query: "SELECT max(distinct_values) FROM system.column_stats WHERE column_name = 'a' AND table_name <> '$L'",
    before: null,
    steps: [
      { sql: 'CREATE TABLE t1 (a INT); INSERT INTO t1 VALUES (1), (2); ANALYZE t1', expect: 2n },
      { sql: 'INSERT INTO t1 VALUES (3), (3), (NULL); ANALYZE', expect: 3n },
      { sql: 'DELETE FROM t1 WHERE a = 1; ANALYZE t1', expect: 2n },
    ],
  },
};

type Mode = 'same text' | 'prepared' | 'new literals';

describe('system tables are read when the query runs', () => {
  for (const [name, c] of Object.entries(CASES)) {
    for (const mode of ['same text', 'prepared', 'new literals'] as Mode[]) {
      it(`${name}: ${mode}`, async () => {
        const engine = createEngine();
        const root = await engine.login('root', '');
        let n = 0;
        const fixed = c.query.replace('$L', 'zz-none');
        const stmt = mode === 'prepared' ? await engine.prepare(root, fixed) : 0;
        const ask = async (): Promise<unknown> => {
          if (mode === 'prepared') return firstValue(await engine.executePrepared(root, stmt));
          const sql = mode === 'same text' ? fixed : c.query.replace('$L', `zz-none-${n++}`);
          return firstValue(await engine.execute(root, sql));
        };
        expect(await ask()).toEqual(c.before);
        for (const step of c.steps) {
          await engine.execute(root, step.sql);
          expect(await ask(), `after ${step.sql}`).toEqual(step.expect);
        }
      });
    }
  }

  it('system.stats counts plan cache hits and misses per table', async () => {
    const engine = createEngine();
    const root = await engine.login('root', '');
    await engine.execute(root, 'CREATE TABLE t (a INT); INSERT INTO t VALUES (1)');
    const counters = async () => {
      const r = await engine.execute(root, "SELECT cache_hits, cache_misses FROM system.stats WHERE table_name = 't'");
      return r.vectors.map((v) => (v.data as ArrayLike<unknown>)[0]);
    };
    const before = await counters();
    await engine.execute(root, 'SELECT a FROM t WHERE a > 0');
    await engine.execute(root, 'SELECT a FROM t WHERE a > 0');
    await engine.execute(root, 'SELECT a FROM t WHERE a > 0');
    const after = await counters();
    expect((after[0] as bigint) - (before[0] as bigint)).toBe(2n);   // two reuses of the plan
    expect((after[1] as bigint) - (before[1] as bigint)).toBe(1n);   // one compilation
  });
});
