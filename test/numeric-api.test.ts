/**
 * NUMERIC at the public API: values are strings in PostgreSQL's text form in rows (like
 * node-postgres and PGlite), parameters accept numbers, bigints and strings, the Arrow table
 * carries numerics as Utf8 tagged `numeric`, and row objects inserted through `table()` are
 * exact.
 */
import { describe, expect, it } from 'vitest';
import { DbError, openDatabase } from '../src/index.ts';
import { ARROW_TYPE_METADATA_KEY } from '../src/types/arrow.ts';
import { numericFromTexts, numericTextAt } from '../src/types/numeric-data.ts';
import { decodeNumeric, encodeNumeric } from '../src/types/numeric-data-ops.ts';

describe('NUMERIC through the public API', () => {
  it('rows are exact strings; parameters take numbers, bigints and strings', async () => {
    const db = await openDatabase({ name: 'numeric-api' });
    const s = await db.login('root', '');
    await s.query('CREATE TABLE prices (id INT PRIMARY KEY, p NUMERIC(12,2), q NUMERIC)');
    await s.query('INSERT INTO prices VALUES ($1, $2, $3)', [1, 19.99, '0.12345678901234567890']);
    await s.query('INSERT INTO prices VALUES ($1, $2, $3)', [2, 1234567890n, 1e-7]);
    await s.query('INSERT INTO prices VALUES ($1, $2, $3)', [3, '7.005', null]);
    const r = await s.query('SELECT id, p, q, p * 2 AS d FROM prices ORDER BY id');
    expect(r.columns.map((c) => c.type)).toEqual(['integer', 'numeric', 'numeric', 'numeric']);
    expect(r.rows).toEqual([
      { id: 1, p: '19.99', q: '0.12345678901234567890', d: '39.98' },
      { id: 2, p: '1234567890.00', q: '0.0000001', d: '2469135780.00' },
      { id: 3, p: '7.01', q: null, d: '14.02' },
    ]);
    // the Arrow table carries the text, tagged numeric
    const f = r.table.schema.fields[1]!;
    expect(String(f.type)).toBe('Utf8');
    expect(f.metadata.get(ARROW_TYPE_METADATA_KEY)).toBe('numeric');
    expect(r.table.getChildAt(1)?.get(2)).toBe('7.01');
    // comparisons with parameters are exact
    const hit = await s.query('SELECT id FROM prices WHERE q = $1', ['0.123456789012345678900']);
    expect(hit.rows).toEqual([{ id: 1 }]);
    const e = await s.query('INSERT INTO prices VALUES (4, $1, NULL)', [1e12]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DbError);
    expect((e as DbError).code).toBe('22003');
    expect((e as DbError).detail).toBe('A field with precision 12, scale 2 must round to an absolute value less than 10^10.');
    const bad = await s.query('SELECT $1::numeric', ['1.2.3']).catch((x: unknown) => x);
    expect((bad as DbError).code).toBe('22P02');
    // row objects: numbers by their shortest text, strings exactly
    await s.table('prices').insert([{ id: 10, p: 0.1, q: '1.500' }, { id: 11, p: 2.675, q: 3n }]);
    const o = await s.query('SELECT p, q, p + q AS s FROM prices WHERE id >= 10 ORDER BY id');
    expect(o.rowArrays()).toEqual([['0.10', '1.500', '1.600'], ['2.68', '3', '5.68']]);
    const dup = await s.query('INSERT INTO prices VALUES (1, 1, 1)').catch((x: unknown) => x);
    expect((dup as DbError).code).toBe('23505');
    await db.close();
  });

  it('numeric vectors encode exactly for persistence (fast and big form)', () => {
    for (const texts of [['1.50', null, '-2', 'NaN'], ['123456789012345678901234567890.5', '1e-30', '-Infinity', '7']]) {
      const d = numericFromTexts(texts);
      const back = decodeNumeric(structuredClone(encodeNumeric(d, texts.length)));
      const want = texts.map((t, i) => (t === null ? '0' : numericTextAt(d, i)));
      expect(texts.map((_, i) => numericTextAt(back, i))).toEqual(want);
      expect(back.scale).toBe(d.scale);
      expect(back.b === null).toBe(d.b === null);
    }
  });
});
