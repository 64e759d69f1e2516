/**
 * The commit pipeline's change sets, for every statement kind: what each statement records
 * when it commits (as data: row ranges, deleted rows with old values, updated cells with
 * before-images, catalog records), nothing for rollbacks and reads, and the right row numbers
 * when a commit compacts its partition.
 */
import { describe, expect, it } from 'vitest';
import type { StatementKind } from '../../src/sql/ast.ts';
import { createEngine, type ChangeSet } from '../../src/engine/index.ts';
import type { JsValue } from '../../src/types/vector.ts';

/** A readable summary of a change set. */
interface Summary {
  tables: { table: string; key: string; inserted: JsValue[][]; deleted: JsValue[][]; updated: { row: JsValue[]; before: Record<string, JsValue> }[] }[];
  catalog: string[];
}

function visible(cs: ChangeSet['tables'][number], row: number, read: (c: number) => JsValue): JsValue[] {
  const out: JsValue[] = [];
  cs.def.columns.forEach((c, i) => { if (!c.hidden) out.push(read(i)); });
  void row;
  return out;
}

function summarize(cs: ChangeSet): Summary {
  return {
    tables: cs.tables.map((t) => {
      const inserted: JsValue[][] = [];
      for (let k = 0; k < t.inserted.length; k += 2) {
        for (let r = t.inserted[k]!; r < t.inserted[k + 1]!; r++) inserted.push(visible(t, r, (c) => t.partition.columns[c]!.get(r)));
      }
      return {
        table: `${t.def.namespace}.${t.def.name}`, key: t.key, inserted,
        deleted: [...t.deleted].map((r) => visible(t, r, (c) => t.oldValue(r, c))),
        updated: t.updated.map((u) => ({
          row: visible(t, u.row, (c) => t.partition.columns[c]!.get(u.row)),
          before: Object.fromEntries(u.columns.map((c, i) => [t.def.columns[c]!.name, u.before[i]!])),
        })),
      };
    }),
    catalog: cs.catalog.map((c) => {
      switch (c.kind) {
        case 'create_namespace': case 'drop_namespace': return `${c.kind} ${c.name}`;
        case 'create_table': return `create_table ${c.def.namespace}.${c.def.name} v${c.def.schemaVersion} (${c.def.columns.filter((x) => !x.hidden).map((x) => `${x.name} ${x.type}`).join(', ')})`;
        case 'alter_table': return `alter_table ${c.namespace}.${c.name} v${c.def.schemaVersion} ${JSON.stringify(c.action)}`;
        case 'drop_table': return `drop_table ${c.namespace}.${c.name}`;
        case 'create_index': return `create_index ${c.namespace}.${c.table} ${c.index.name} unique=${c.index.unique}`;
        case 'drop_index': return `drop_index ${c.namespace}.${c.table} ${c.name}`;
        case 'create_view': return `create_view ${c.view.namespace}.${c.view.name}`;
        case 'drop_view': return `drop_view ${c.namespace}.${c.name}`;
        case 'create_user': case 'alter_user': return `${c.kind} ${c.user.userId} ${c.user.role} ${c.user.email ?? ''}`.trim();
        case 'drop_user': return `drop_user ${c.userId}`;
      }
    }),
  };
}

async function setup() {
  const engine = createEngine();
  const root = await engine.login('root', '');
  await engine.execute(root, "CREATE NAMESPACE app; CREATE TABLE app.t (id INT PRIMARY KEY, v TEXT); CREATE USER TABLE app.notes (id INT PRIMARY KEY, body TEXT)");
  await engine.execute(root, "INSERT INTO app.t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
  await engine.execute(root, "CREATE USER 'alice' WITH PASSWORD 'pw' ROLE user");
  const seen: Summary[] = [];
  engine.state.pipeline.subscribe((cs) => { seen.push(summarize(cs)); });
  return { engine, root, seen };
}

/** A script per statement kind, and the change sets its commits produce (in order). */
const CASES: Record<StatementKind, { sql: string; as?: 'alice'; expected: Summary[] | { error: string } }> = {
  query: { sql: 'SELECT * FROM app.t', expected: [] },
  insert: {
    sql: "INSERT INTO app.t VALUES (4, 'd'), (5, 'e')",
    expected: [{ tables: [{ table: 'app.t', key: '', inserted: [[4, 'd'], [5, 'e']], deleted: [], updated: [] }], catalog: [] }],
  },
  update: {
    sql: "UPDATE app.t SET v = 'B' WHERE id = 2",
    expected: [{ tables: [{ table: 'app.t', key: '', inserted: [], deleted: [], updated: [{ row: [2, 'B'], before: { v: 'b' } }] }], catalog: [] }],
  },
  delete: {
    sql: 'DELETE FROM app.t WHERE id >= 2',
    expected: [{ tables: [{ table: 'app.t', key: '', inserted: [], deleted: [[2, 'b'], [3, 'c']], updated: [] }], catalog: [] }],
  },
  create_namespace: { sql: 'CREATE NAMESPACE other', expected: [{ tables: [], catalog: ['create_namespace other'] }] },
  drop_namespace: {
    sql: 'DROP NAMESPACE app CASCADE',
    expected: [{ tables: [], catalog: ['drop_table app.t', 'drop_table app.notes', 'drop_namespace app'] }],
  },
  use_namespace: { sql: 'USE app', expected: [] },
  create_table: {
    sql: 'CREATE STREAM TABLE app.typing (who TEXT) WITH (TTL_SECONDS = 5)',
    expected: [{ tables: [], catalog: ['create_table app.typing v1 (who text)'] }],
  },
  drop_table: { sql: 'DROP TABLE app.t', expected: [{ tables: [], catalog: ['drop_table app.t'] }] },
  alter_table: {
    sql: "ALTER TABLE app.t ADD COLUMN n INT DEFAULT 7",
    expected: [{ tables: [], catalog: ['alter_table app.t v2 {"kind":"add_column","column":"n","fill":7}'] }],
  },
  create_index: { sql: 'CREATE UNIQUE INDEX t_v ON app.t (v)', expected: [{ tables: [], catalog: ['create_index app.t t_v unique=true'] }] },
  drop_index: {
    sql: 'CREATE INDEX t_v ON app.t (v); DROP INDEX app.t_v',
    expected: [{ tables: [], catalog: ['create_index app.t t_v unique=false'] }, { tables: [], catalog: ['drop_index app.t t_v'] }],
  },
  create_view: { sql: 'CREATE VIEW app.w AS SELECT id FROM app.t', expected: [{ tables: [], catalog: ['create_view app.w'] }] },
  drop_view: {
    sql: 'CREATE VIEW app.w AS SELECT id FROM app.t; DROP VIEW app.w',
    expected: [{ tables: [], catalog: ['create_view app.w'] }, { tables: [], catalog: ['drop_view app.w'] }],
  },
  create_user: { sql: "CREATE USER 'bob' WITH PASSWORD 'x' ROLE service EMAIL 'b@x'", expected: [{ tables: [], catalog: ['create_user bob service b@x'] }] },
  alter_user: { sql: "ALTER USER 'alice' SET ROLE dba", expected: [{ tables: [], catalog: ['alter_user alice dba'] }] },
  drop_user: { sql: "DROP USER 'alice'", expected: [{ tables: [], catalog: ['drop_user alice'] }] },
  execute_as: {
    sql: "EXECUTE AS USER 'alice' (INSERT INTO app.notes VALUES (1, 'mine'))",
    expected: [{ tables: [{ table: 'app.notes', key: 'alice', inserted: [[1, 'mine']], deleted: [], updated: [] }], catalog: [] }],
  },
  show: { sql: 'SHOW TABLES', expected: [] },
  describe_table: { sql: 'DESCRIBE TABLE app.t', expected: [] },
  explain: { sql: "EXPLAIN UPDATE app.t SET v = 'x'", expected: [] },
  analyze: { sql: 'ANALYZE app.t', expected: [] },
  transaction: {
    sql: "BEGIN; INSERT INTO app.t VALUES (9, 'z'); UPDATE app.t SET v = 'Z' WHERE id = 9; UPDATE app.t SET v = 'A' WHERE id = 1; COMMIT",
    // the row inserted then updated shows as inserted with its final values
    expected: [{ tables: [{ table: 'app.t', key: '', inserted: [[9, 'Z']], deleted: [], updated: [{ row: [1, 'A'], before: { v: 'a' } }] }], catalog: [] }],
  },
  subscribe: { sql: 'SUBSCRIBE TO SELECT * FROM app.t', expected: { error: '0A000' } },
  // no change set: a kill is not transactional (an unknown id fails with 42704)
  kill_live_query: { sql: "KILL LIVE QUERY 'x'", expected: { error: '42704' } },
  storage_flush: { sql: 'STORAGE FLUSH ALL', expected: { error: '0A000' } },
};

describe('change sets per statement kind', () => {
  for (const [kind, c] of Object.entries(CASES)) {
    it(kind, async () => {
      const { engine, root, seen } = await setup();
      const sid = c.as === 'alice' ? await engine.login('alice', 'pw') : root;
      if ('error' in c.expected) {
        await expect(engine.execute(sid, c.sql)).rejects.toMatchObject({ code: c.expected.error });
        expect(seen).toEqual([]);
        return;
      }
      await engine.execute(sid, c.sql);
      expect(seen).toEqual(c.expected);
    });
  }
});

describe('change sets: net effects, rollbacks, compaction', () => {
  it('a rolled-back transaction and a failed statement deliver nothing', async () => {
    const { engine, root, seen } = await setup();
    await engine.execute(root, "BEGIN; INSERT INTO app.t VALUES (7, 'x'); DELETE FROM app.t WHERE id = 1; CREATE NAMESPACE n2; ROLLBACK");
    await expect(engine.execute(root, "INSERT INTO app.t VALUES (8, 'y'), (1, 'dup')")).rejects.toMatchObject({ code: '23505' });
    expect(seen).toEqual([]);
  });

  it('insert then delete in one transaction is nothing; update then delete reports the values from before', async () => {
    const { engine, root, seen } = await setup();
    await engine.execute(root, "BEGIN; INSERT INTO app.t VALUES (7, 'x'); DELETE FROM app.t WHERE id = 7; UPDATE app.t SET v = 'changed' WHERE id = 3; DELETE FROM app.t WHERE id = 3; COMMIT");
    expect(seen).toEqual([{ tables: [{ table: 'app.t', key: '', inserted: [], deleted: [[3, 'c']], updated: [] }], catalog: [] }]);
  });

  it('partitions: each user gets their own change, in the order first touched', async () => {
    const { engine, seen } = await setup();
    const alice = await engine.login('alice', 'pw');
    await engine.execute(alice, "INSERT INTO app.notes VALUES (1, 'a1')");
    const root = await engine.login('root', '');
    await engine.execute(root, "BEGIN; EXECUTE AS USER 'alice' (UPDATE app.notes SET body = 'a2' WHERE id = 1); INSERT INTO app.notes VALUES (5, 'root note'); COMMIT");
    expect(seen).toEqual([
      { tables: [{ table: 'app.notes', key: 'alice', inserted: [[1, 'a1']], deleted: [], updated: [] }], catalog: [] },
      {
        tables: [
          { table: 'app.notes', key: 'alice', inserted: [], deleted: [], updated: [{ row: [1, 'a2'], before: { body: 'a1' } }] },
          { table: 'app.notes', key: 'root', inserted: [[5, 'root note']], deleted: [], updated: [] },
        ],
        catalog: [],
      },
    ]);
  });

  it('a table created, filled and dropped in one transaction leaves only the catalog records', async () => {
    const { engine, root, seen } = await setup();
    await engine.execute(root, 'BEGIN; CREATE TABLE app.tmp (a INT); INSERT INTO app.tmp VALUES (1); DROP TABLE app.tmp; COMMIT');
    expect(seen).toEqual([{ tables: [], catalog: ['create_table app.tmp v1 (a integer)', 'drop_table app.tmp'] }]);
  });

  it('a commit that compacts its partition is captured before rows are renumbered', async () => {
    const engine = createEngine();
    const root = await engine.login('root', '');
    await engine.execute(root, 'CREATE TABLE big (id INT PRIMARY KEY, v INT)');
    await engine.execute(root, 'INSERT INTO big SELECT g, g * 10 FROM generate_series(1, 3000) AS g');
    let deleted: JsValue[][] = [];
    let rowsAtNotify = -1;
    engine.state.pipeline.subscribe((cs) => {
      const t = cs.tables[0]!;
      rowsAtNotify = t.partition.length;
      deleted = [...t.deleted].slice(0, 3).map((r) => [t.oldValue(r, 0), t.oldValue(r, 1)]);
    });
    await engine.execute(root, 'DELETE FROM big WHERE id <= 2000');
    expect(rowsAtNotify).toBe(3000);           // not yet compacted when listeners run
    expect(deleted).toEqual([[1, 10], [2, 20], [3, 30]]);
    const part = engine.state.catalog.findTable('default', 'big')!.partitions.get('')!;
    expect(part.length).toBe(1000);            // compacted afterwards
    expect((await engine.execute(root, 'SELECT count(*) AS n, min(id) AS lo FROM big')).vectors.map((v) => (v.data as ArrayLike<unknown>)[0])).toEqual([1000n, 2001]);
  });

  it('a trusted session created with create: true commits a create_user record', async () => {
    const { engine, seen } = await setup();
    await expect(engine.openSession('ghost')).rejects.toMatchObject({ code: '28000' });
    await engine.openSession('carol', { create: true });
    expect(seen).toEqual([{ tables: [], catalog: ['create_user carol user'] }]);
    await engine.openSession('carol');
    expect(seen.length).toBe(1);
  });
});
