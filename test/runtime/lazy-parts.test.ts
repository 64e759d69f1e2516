/**
 * Parts of the engine loaded on first use (`exec/lazy-part.ts`): the regular-expression engine
 * loads when a statement first binds regexp_like / regexp_replace — the statement then runs
 * again, inside an open transaction too (which goes on), and through every entry point that
 * binds (execute, prepare, batched calls, subscriptions); the live-query registry loads with
 * the first subscription. Each test starts from fresh modules (nothing loaded yet).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '../../src/api/engine-api.ts';
import type { Engine } from '../../src/engine/index.ts';
import type { LazyPart } from '../../src/exec/lazy-part.ts';
import { vectorsToRowArrays } from '../../src/types/arrow.ts';

let engine: Engine;
let regex: LazyPart<unknown>;

/** An engine on fresh modules: no part loaded yet. */
async function freshEngine(): Promise<{ engine: Engine; regex: LazyPart<unknown> }> {
  vi.resetModules();
  const { createEngine } = await import('../../src/engine/index.ts');
  return { engine: createEngine(), regex: (await import('../../src/exec/regex/lazy.ts')).REGEX };
}

beforeEach(async () => {
  ({ engine, regex } = await freshEngine());
});

async function rows(sid: string, sql: string): Promise<unknown[][]> {
  const r = await engine.execute(sid, sql);
  return vectorsToRowArrays(r.vectors, r.length);
}

describe('the regular-expression engine, loaded on first use', () => {
  it('a statement inside a transaction waits for it; the transaction goes on and commits', async () => {
    const s = await engine.login('root', '');
    await engine.execute(s, 'CREATE TABLE t (a TEXT)');
    await engine.execute(s, 'BEGIN');
    await engine.execute(s, "INSERT INTO t VALUES ('abc'), ('xyz')");
    expect(regex.loaded).toBe(false);
    const r = await engine.execute(s, "INSERT INTO t SELECT regexp_replace(a, 'b', 'B') FROM t WHERE regexp_like(a, '^a')");
    expect(r.rowCount).toBe(1);   // ran once: the attempt before the load changed nothing
    expect(regex.loaded).toBe(true);
    await engine.execute(s, 'COMMIT');
    expect(await rows(s, 'SELECT a FROM t ORDER BY a')).toEqual([['aBc'], ['abc'], ['xyz']]);
    // a real error still aborts the transaction
    await engine.execute(s, 'BEGIN');
    await expect(engine.execute(s, "SELECT regexp_like(a, '(') FROM t")).rejects.toMatchObject({ code: '2201B' });
    await expect(engine.execute(s, 'SELECT 1')).rejects.toMatchObject({ code: '25P02' });
    await engine.execute(s, 'ROLLBACK');
  });

  it('prepare, batched calls and DDL that binds a regexp default load it too', async () => {
    const s = await engine.login('root', '');
    const id = await engine.prepare(s, "SELECT regexp_like($1::text, 'x+') AS m");
    expect(regex.loaded).toBe(true);
    const r = await engine.executePrepared(s, id, ['axxb']);
    expect(vectorsToRowArrays(r.vectors, r.length)).toEqual([[true]]);

    const fresh = await freshEngine();
    const s2 = await fresh.engine.login('root', '');
    await fresh.engine.execute(s2, 'CREATE TABLE u (id INT, tag TEXT)');
    const ins = await fresh.engine.prepare(s2, "INSERT INTO u VALUES ($1, regexp_replace($2, '-', '_'))");
    expect(fresh.regex.loaded).toBe(false);   // DML is compiled when it first runs
    expect((await fresh.engine.executeMany(s2, ins, [[1, 'a-b'], [2, 'c-d']])).rowCount).toBe(2);
    expect(fresh.regex.loaded).toBe(true);
    const all = await fresh.engine.execute(s2, 'SELECT id, tag FROM u ORDER BY id');
    expect(vectorsToRowArrays(all.vectors, all.length)).toEqual([[1, 'a_b'], [2, 'c_d']]);

    const third = await freshEngine();
    const s3 = await third.engine.login('root', '');
    await third.engine.execute(s3, "CREATE TABLE v (id INT, tag TEXT DEFAULT regexp_replace('a-b', '-', '_'))");
    expect(third.regex.loaded).toBe(true);   // CREATE TABLE checks the default: it binds it
    await third.engine.insertColumns(s3, 'v', { id: Int32Array.of(3) });
    const v = await third.engine.execute(s3, 'SELECT id, tag FROM v');
    expect(vectorsToRowArrays(v.vectors, v.length)).toEqual([[3, 'a_b']]);
  });
});

describe('the live-query registry, loaded with the first subscription', () => {
  it('is absent until then; a subscription that also needs the regular-expression engine gets both', async () => {
    const s = await engine.login('root', '');
    await engine.execute(s, "CREATE TABLE m (id INT PRIMARY KEY, body TEXT)");
    expect(engine.state.live.registry).toBeNull();
    expect(await rows(s, 'SELECT count(*) FROM system.live')).toEqual([[0n]]);
    await expect(engine.execute(s, "KILL LIVE QUERY 'live-1'")).rejects.toMatchObject({ code: '42704' });
    const seen: LiveEvent[] = [];
    const id = await engine.subscribe(s, "SELECT id, body FROM m WHERE regexp_like(body, '^hi')", [], { deliver: (ev) => { seen.push(ev); } });
    expect(engine.state.live.registry).not.toBeNull();
    expect(regex.loaded).toBe(true);
    expect(await rows(s, 'SELECT subscription_id FROM system.live')).toEqual([[id]]);
    await engine.execute(s, "INSERT INTO m VALUES (1, 'hi there'), (2, 'bye')");
    expect(seen.map((ev) => ev.kind)).toEqual(['initial', 'change']);   // the insert of row 1 only
  });
});

describe('the JSON functions and NUMERIC transcendental functions, loaded on first use', () => {
  it('a call or a -> / ->> operator loads its part inside a transaction, which goes on; errors still abort it', async () => {
    vi.resetModules();
    const { createEngine } = await import('../../src/engine/index.ts');
    const { JSON_PART } = await import('../../src/exec/expr/functions/json-lazy.ts');
    const { NUMERIC_TRANSCENDENTAL } = await import('../../src/exec/expr/functions/transcendental-lazy.ts');
    const e = createEngine();
    const s = await e.login('root', '');
    const rowsOf = async (sql: string) => { const r = await e.execute(s, sql); return vectorsToRowArrays(r.vectors, r.length); };
    await e.execute(s, 'CREATE TABLE j (id INT, doc JSON, x NUMERIC)');
    await e.execute(s, 'BEGIN');
    await e.execute(s, `INSERT INTO j VALUES (1, '{"a": {"b": 1.50}}', 2), (2, '[1, 2, 3]', 9)`);
    expect(JSON_PART.loaded).toBe(false);
    expect(await rowsOf("SELECT id, doc -> 'a' ->> 'b' FROM j ORDER BY id")).toEqual([[1, '1.50'], [2, null]]);
    expect(JSON_PART.loaded).toBe(true);
    expect(await rowsOf('SELECT json_typeof(doc), json_array_length(doc) FROM j WHERE id = 2')).toEqual([['array', 3]]);
    expect(NUMERIC_TRANSCENDENTAL.loaded).toBe(false);
    expect(await rowsOf('SELECT sqrt(x) FROM j ORDER BY id')).toEqual([['1.414213562373095'], ['3.000000000000000']]);
    expect(NUMERIC_TRANSCENDENTAL.loaded).toBe(true);
    await e.execute(s, 'COMMIT');
    expect(await rowsOf('SELECT count(*) FROM j')).toEqual([[2n]]);
    // wrong arity and types are reported as for any function once the part is there
    await expect(e.execute(s, 'SELECT json_typeof(doc, doc) FROM j')).rejects.toMatchObject({ code: '42883' });
    await expect(e.execute(s, 'SELECT ln(0::numeric)')).rejects.toMatchObject({ code: '2201E' });
  });
});
