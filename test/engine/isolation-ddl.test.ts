/**
 * Isolation through schema changes (DESIGN §5): only a USER/STREAM table's creator (or service
 * and above) may alter it or build its indexes; an ALTER or index build that other users' rows
 * fail reports the failing rule without any of their values; soft-deleted rows are never
 * validated or shown.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.ts';
import { DbError } from '../../src/errors/db-error.ts';

const SECRET = 'ALICE_SECRET';

async function setup() {
  const engine = createEngine();
  const root = await engine.login('root', '');
  await engine.execute(root, `CREATE NAMESPACE app;
    CREATE USER 'alice' WITH PASSWORD 'a' ROLE user; CREATE USER 'bob' WITH PASSWORD 'b' ROLE user;
    CREATE USER 'svc' WITH PASSWORD 's' ROLE service`);
  const alice = await engine.login('alice', 'a');
  const bob = await engine.login('bob', 'b');
  const svc = await engine.login('svc', 's');
  // bob creates the table; alice keeps her secrets in it
  await engine.execute(bob, 'CREATE USER TABLE app.notes (id INT PRIMARY KEY, owner_tag TEXT, n INT)');
  await engine.execute(alice, `INSERT INTO app.notes VALUES (1, '${SECRET}', 5), (2, '${SECRET}', NULL)`);
  await engine.execute(bob, "INSERT INTO app.notes VALUES (1, '7', 1)");
  return { engine, root, alice, bob, svc };
}

/** Fails with `code`, and nothing in the error mentions the secret. */
async function failsWithoutLeak(p: Promise<unknown>, code: string): Promise<DbError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(DbError);
  const err = e as DbError;
  expect(err.code).toBe(code);
  expect(JSON.stringify({ m: err.message, d: err.detail, h: err.hint })).not.toContain(SECRET);
  return err;
}

describe('altering USER and STREAM tables', () => {
  it('only the creator (or service and above) may alter a user table or build its indexes', async () => {
    const { engine, alice, bob, svc } = await setup();
    await failsWithoutLeak(engine.execute(alice, 'ALTER TABLE app.notes ADD COLUMN x INT'), '42501');
    await failsWithoutLeak(engine.execute(alice, 'CREATE INDEX nx ON app.notes (n)'), '42501');
    await engine.execute(bob, 'CREATE INDEX nx ON app.notes (n)');
    await failsWithoutLeak(engine.execute(alice, 'DROP INDEX app.nx'), '42501');
    await engine.execute(svc, 'DROP INDEX app.nx');
    expect((await engine.execute(bob, 'ALTER TABLE app.notes ADD COLUMN x INT')).message).toMatch(/altered/);
    expect((await engine.execute(svc, 'ALTER TABLE app.notes DROP COLUMN x')).message).toMatch(/altered/);
  });

  it.each([
    ['ALTER COLUMN … TYPE INT', 'ALTER TABLE app.notes ALTER COLUMN owner_tag TYPE INT', '22P02'],
    ['MODIFY COLUMN … INT', 'ALTER TABLE app.notes MODIFY COLUMN owner_tag INT', '22P02'],
    ['TYPE DATE', 'ALTER TABLE app.notes ALTER COLUMN owner_tag TYPE DATE', '22007'],
    ['TYPE BOOLEAN', 'ALTER TABLE app.notes ALTER COLUMN owner_tag TYPE BOOLEAN', '22P02'],
    ['TYPE UUID', 'ALTER TABLE app.notes ALTER COLUMN owner_tag TYPE UUID', '22P02'],
    ['TYPE JSON', 'ALTER TABLE app.notes ALTER COLUMN owner_tag TYPE JSON', '22P02'],
    ['TYPE VARCHAR(3)', 'ALTER TABLE app.notes ALTER COLUMN owner_tag TYPE VARCHAR(3)', '22001'],
    ['SET NOT NULL', 'ALTER TABLE app.notes ALTER COLUMN n SET NOT NULL', '23502'],
    ['CREATE UNIQUE INDEX', 'CREATE UNIQUE INDEX tag_u ON app.notes (owner_tag)', '23505'],
  ])('%s fails on another user\'s rows without showing them', async (_name, sql, code) => {
    const { engine, bob } = await setup();
    await failsWithoutLeak(engine.execute(bob, sql), code);
    // and nothing changed
    const r = await engine.execute(bob, 'SELECT owner_tag FROM app.notes');
    expect(r.columns[0]!.type).toBe('text');
  });

  it('soft-deleted rows are never validated', async () => {
    const { engine, alice, bob } = await setup();
    await engine.execute(alice, 'DELETE FROM app.notes');
    await engine.execute(bob, 'ALTER TABLE app.notes ALTER COLUMN owner_tag TYPE INT');
    await engine.execute(bob, 'CREATE UNIQUE INDEX tag_u ON app.notes (owner_tag)');
    expect(((await engine.execute(bob, 'SELECT owner_tag FROM app.notes')).vectors[0]!.data as ArrayLike<unknown>)[0]).toBe(7);
    expect(((await engine.execute(alice, 'SELECT count(*) FROM app.notes')).vectors[0]!.data as ArrayLike<unknown>)[0]).toBe(0n);
  });

  it('shared tables still show the offending value (all readers may see it)', async () => {
    const { engine, svc } = await setup();
    await engine.execute(svc, "CREATE TABLE app.s (v TEXT); INSERT INTO app.s VALUES ('abc'), ('abc')");
    const e = await engine.execute(svc, 'CREATE UNIQUE INDEX s_u ON app.s (v)').catch((x: DbError) => x);
    expect((e as DbError).detail).toContain('abc');
    const e2 = await engine.execute(svc, 'ALTER TABLE app.s ALTER COLUMN v TYPE INT').catch((x: DbError) => x);
    expect((e2 as DbError).message).toContain('abc');
  });
});
