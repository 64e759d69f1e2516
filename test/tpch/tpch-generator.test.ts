/**
 * The TPC-H generator (bench/tpch/generate.ts) against the specification's rules (clause 4.2.3):
 * cardinalities, key rules, value ranges, derived columns, the text grammar, and determinism.
 */
import { describe, expect, it } from 'vitest';
import { cardinalities, CURRENT_DATE, END_DATE, generateTpch, orderKey, partSupplier, retailPrice, START_DATE } from '../../bench/tpch/generate.ts';
import type { TableChunk } from '../../bench/tpch/generate.ts';
import { decimalText, tsv } from '../../bench/tpch/load.ts';
import { tpchQueries } from '../../bench/tpch/queries.ts';
import { Stream, stream } from '../../bench/tpch/random.ts';
import { dayNumber, SCHEMA, TPCH_TABLES } from '../../bench/tpch/schema.ts';
import type { TpchTable } from '../../bench/tpch/schema.ts';
import { sentence, TextColumn } from '../../bench/tpch/text.ts';

const SF = 0.01;

/** All chunks of one table, concatenated per column. */
function tables(sf: number): Record<TpchTable, { length: number; col: (name: string) => (number | string)[] }> {
  const chunks = new Map<TpchTable, TableChunk[]>();
  for (const c of generateTpch(sf, 3000)) {
    const list = chunks.get(c.table) ?? [];
    list.push(c);
    chunks.set(c.table, list);
  }
  const out = {} as Record<TpchTable, { length: number; col: (name: string) => (number | string)[] }>;
  for (const t of TPCH_TABLES) {
    const list = chunks.get(t) ?? [];
    out[t] = {
      length: list.reduce((a, c) => a + c.length, 0),
      col: (name) => list.flatMap((c) => Array.from(c.columns[name] as ArrayLike<number | string>)),
    };
  }
  return out;
}

const db = tables(SF);

describe('TPC-H generator', () => {
  it('has the specification cardinalities', () => {
    expect(db.region.length).toBe(5);
    expect(db.nation.length).toBe(25);
    expect(db.supplier.length).toBe(100);
    expect(db.part.length).toBe(2000);
    expect(db.partsupp.length).toBe(8000);
    expect(db.customer.length).toBe(1500);
    expect(db.orders.length).toBe(15_000);
    // 1..7 lines per order, 4 on average
    expect(db.lineitem.length).toBeGreaterThan(15_000 * 3.8);
    expect(db.lineitem.length).toBeLessThan(15_000 * 4.2);
    expect(cardinalities(1)).toEqual({ supplier: 10_000, part: 200_000, partsupp: 800_000, customer: 150_000, orders: 1_500_000 });
  });

  it('follows the key rules', () => {
    expect([1, 8, 9, 16, 17].map(orderKey)).toEqual([1, 8, 33, 40, 65]);
    const keys = db.orders.col('o_orderkey') as number[];
    expect(keys.every((k) => (k - 1) % 32 < 8)).toBe(true);
    const cust = db.orders.col('o_custkey') as number[];
    expect(cust.every((c) => c % 3 !== 0 && c >= 1 && c <= 1500)).toBe(true);
    // every part has 4 distinct suppliers; l_suppkey is one of its part's
    for (let p = 1; p <= 2000; p += 97) expect(new Set([0, 1, 2, 3].map((i) => partSupplier(p, i, 100))).size).toBe(4);
    const lp = db.lineitem.col('l_partkey') as number[];
    const ls = db.lineitem.col('l_suppkey') as number[];
    for (let i = 0; i < lp.length; i += 101) expect([0, 1, 2, 3].map((j) => partSupplier(lp[i]!, j, 100))).toContain(ls[i]);
    // line numbers 1..n per order, order keys grouped
    const lo = db.lineitem.col('l_orderkey') as number[];
    const ln = db.lineitem.col('l_linenumber') as number[];
    for (let i = 1; i < lo.length; i++) expect(ln[i]).toBe(lo[i] === lo[i - 1] ? ln[i - 1]! + 1 : 1);
  });

  it('draws values in the specified ranges and derives prices and statuses', () => {
    expect(retailPrice(1)).toBe(90_100);
    expect(decimalText(retailPrice(1))).toBe('901.00');
    expect(decimalText(-5)).toBe('-0.05');
    const size = db.part.col('p_size') as number[];
    expect(Math.min(...size)).toBe(1);
    expect(Math.max(...size)).toBe(50);
    const bal = db.customer.col('c_acctbal') as number[];
    expect(Math.min(...bal)).toBeGreaterThanOrEqual(-99_999);
    expect(Math.max(...bal)).toBeLessThanOrEqual(999_999);
    const od = db.orders.col('o_orderdate') as number[];
    expect(Math.min(...od)).toBeGreaterThanOrEqual(START_DATE);
    expect(Math.max(...od)).toBeLessThanOrEqual(END_DATE - 151);
    const qty = db.lineitem.col('l_quantity') as number[];
    const price = db.lineitem.col('l_extendedprice') as number[];
    const part = db.lineitem.col('l_partkey') as number[];
    for (let i = 0; i < qty.length; i += 37) expect(price[i]).toBe((qty[i]! / 100) * retailPrice(part[i]!));
    const ship = db.lineitem.col('l_shipdate') as number[];
    const receipt = db.lineitem.col('l_receiptdate') as number[];
    const flag = db.lineitem.col('l_returnflag') as string[];
    const status = db.lineitem.col('l_linestatus') as string[];
    for (let i = 0; i < ship.length; i++) {
      expect(flag[i]).toBe(receipt[i]! <= CURRENT_DATE ? (flag[i] === 'R' ? 'R' : 'A') : 'N');
      expect(status[i]).toBe(ship[i]! > CURRENT_DATE ? 'O' : 'F');
    }
    // O_ORDERSTATUS from the line statuses: F, O or P
    const ostatus = db.orders.col('o_orderstatus') as string[];
    expect(new Set(ostatus)).toEqual(new Set(['F', 'O', 'P']));
    const types = new Set(db.part.col('p_type') as string[]);
    expect(types.size).toBeGreaterThan(140);
    expect([...types].every((t) => /^(STANDARD|SMALL|MEDIUM|LARGE|ECONOMY|PROMO) (ANODIZED|BURNISHED|PLATED|POLISHED|BRUSHED) (TIN|NICKEL|BRASS|STEEL|COPPER)$/.test(t))).toBe(true);
    expect((db.customer.col('c_phone') as string[]).every((p) => /^[1-3]\d-\d{3}-\d{3}-\d{4}$/.test(p))).toBe(true);
  });

  it('writes comments from the grammar, within their lengths', () => {
    const s = sentence(new Stream(7));
    expect(s).toMatch(/^[a-zA-Z ,-]+(\.|;|:|\?|!|--)$/);
    const c = new TextColumn('test.comment', 10, 43);
    for (let i = 0; i < 200; i++) {
      const x = c.next();
      expect(x.length).toBeGreaterThanOrEqual(10);
      expect(x.length).toBeLessThanOrEqual(43);
    }
    // the words Q13 and Q16 look for occur
    const comments = (db.orders.col('o_comment') as string[]).join('\n');
    expect(comments).toMatch(/special.*requests/);
    expect(SCHEMA.lineitem.columns.length).toBe(16);
  });

  it('is deterministic, and independent of the chunk size', () => {
    const a = [...generateTpch(0.002, 1000)].filter((c) => c.table === 'lineitem').map(tsv).join('');
    const b = [...generateTpch(0.002, 100_000)].filter((c) => c.table === 'lineitem').map(tsv).join('');
    expect(a).toBe(b);
    expect(stream('x').next()).toBe(stream('x').next());
    expect(dayNumber('1995-06-17')).toBe(CURRENT_DATE);
  });

  it('has 22 queries with the validation parameters', () => {
    const qs = tpchQueries(0.01);
    expect(qs.map((q) => q.id)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    expect(qs[10]!.sql).toContain('* 0.01');
    expect(tpchQueries(0.1)[10]!.sql).toContain('* 0.001\n');
    expect(qs[14]!.setup).toHaveLength(1);
  });
});
