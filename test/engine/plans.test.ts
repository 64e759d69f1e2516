/**
 * One optimizer rule list for queries, DML and EXPLAIN (EXPLAIN shows the plan that runs), and
 * frozen trees: cached statements and plans cannot be changed.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.ts';
import { compileDml, compileQuery } from '../../src/engine/planning.ts';
import type * as A from '../../src/sql/ast.ts';
import { renderExplain } from '../../src/plan/explain.ts';

async function setup() {
  const engine = createEngine();
  const root = await engine.login('root', '');
  await engine.execute(root, `CREATE TABLE src (a INT PRIMARY KEY, b INT); CREATE TABLE dst (a INT, b INT); CREATE TABLE keep (k INT);
    INSERT INTO src SELECT g, g % 7 FROM generate_series(1, 100) AS g; INSERT INTO keep VALUES (3), (5)`);
  return { engine, root };
}

function explainText(r: { vectors: readonly { data: unknown }[] }): string {
  return (r.vectors[0]!.data as string[]).join('\n');
}

/** EXPLAIN's text without its estimated rows (the running plan has none). */
function withoutEstimates(text: string): string {
  return text.replace(/ {2}\(rows=\d+\)$/gm, '');
}

describe('EXPLAIN shows the plan that runs', () => {
  it('INSERT … SELECT: the source is optimized (decorrelated IN → semi join, filter pushed into the scan)', async () => {
    const { engine, root } = await setup();
    const sql = 'INSERT INTO dst SELECT a, b FROM src WHERE b IN (SELECT k FROM keep) AND a > 50';
    const text = explainText(await engine.execute(root, `EXPLAIN ${sql}`));
    expect(text).toMatch(/^Insert on default\.dst/);
    expect(text).toMatch(/Semi Join/);
    expect(text).not.toMatch(/SubPlan|Subquery/i);
    // the statement that runs uses the very plan EXPLAIN printed
    const r = await engine.execute(root, sql);
    expect(r.rowCount).toBe(14);
    const st = engine.state.cache.parse(sql)[0] as A.InsertStatement;
    const s = engine.state.sessions.get(root);
    const running = renderExplain(compileDml(engine.state, s, st).prepared.explain()).join('\n');
    expect(running).toBe(withoutEstimates(text));
    const check = await engine.execute(root, 'SELECT count(*) FROM dst WHERE b IN (3, 5) AND a > 50');
    expect((check.vectors[0]!.data as ArrayLike<unknown>)[0]).toBe(14n);
  });

  it('UPDATE … FROM and DELETE … USING go through the same rules', async () => {
    const { engine, root } = await setup();
    const up = explainText(await engine.execute(root, 'EXPLAIN UPDATE src SET b = 0 FROM keep WHERE src.b = keep.k AND src.a < 20'));
    expect(up).toMatch(/^Update on default\.src/);
    expect(up).toMatch(/Hash .*Join/);
    const del = explainText(await engine.execute(root, 'EXPLAIN DELETE FROM src WHERE a IN (SELECT k FROM keep)'));
    expect(del).toMatch(/^Delete on default\.src/);
    expect(del).toMatch(/Semi Join|Index/);
    expect((await engine.execute(root, 'DELETE FROM src WHERE a IN (SELECT k FROM keep)')).rowCount).toBe(2);
  });

  it('a query plan is the same object for EXPLAIN and for the run', async () => {
    const { engine, root } = await setup();
    const sql = 'SELECT a FROM src WHERE b = 3';
    const text = explainText(await engine.execute(root, `EXPLAIN ${sql}`));
    const st = engine.state.cache.parse(sql)[0] as A.QueryStatement;
    const s = engine.state.sessions.get(root);
    expect(renderExplain(compileQuery(engine.state, s, st, st.query).op.explain()).join('\n')).toBe(withoutEstimates(text));
  });
});

describe('frozen trees', () => {
  it('a cached statement cannot be changed', async () => {
    const { engine, root } = await setup();
    const sql = 'SELECT a FROM src WHERE b = 3 ORDER BY a';
    await engine.execute(root, sql);
    const st = engine.state.cache.parse(sql)[0] as A.QueryStatement;
    expect(Object.isFrozen(st)).toBe(true);
    expect(() => { (st as { kind: string }).kind = 'insert'; }).toThrow(/read.only|frozen|Cannot assign/);
    expect(st.kind).toBe('query');
    const select = st.query as A.SelectQuery;
    expect(select.kind).toBe('select');
    expect(select.where).not.toBeNull();
    expect(Object.isFrozen(select.where)).toBe(true);
    expect(() => { (select.where as { kind: string }).kind = 'literal'; }).toThrow(/read.only|frozen|Cannot assign/);
    expect(select.items.length).toBe(1);
    expect(() => { (select.items as unknown[]).push(null); }).toThrow(TypeError);
    expect(select.items.length).toBe(1);
    // and the statement still runs as written
    const r = await engine.execute(root, sql);
    expect(r.rowCount).toBe(14);
  });

  it('a cached plan cannot be changed', async () => {
    const { engine, root } = await setup();
    const sql = 'SELECT b, count(*) FROM src GROUP BY b';
    await engine.execute(root, sql);
    const st = engine.state.cache.parse(sql)[0] as A.QueryStatement;
    const plan = compileQuery(engine.state, engine.state.sessions.get(root), st, st.query).plan;
    expect(Object.isFrozen(plan)).toBe(true);
    const kind = plan.kind;
    expect(() => { (plan as { kind: string }).kind = 'scan'; }).toThrow(/read.only|frozen|Cannot assign/);
    expect(plan.kind).toBe(kind);
    const first = plan.ids[0];
    expect(() => { (plan.ids as number[])[0] = 99; }).toThrow(/read.only|frozen|Cannot assign/);
    expect(plan.ids[0]).toBe(first);
  });
});
