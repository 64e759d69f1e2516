import { describe, expect, it } from 'vitest';
import { DbError } from '../../errors/db-error.ts';
import type { Expr } from '../ast.ts';
import { parseExpression, parseStatement } from '../parser.ts';
import { toSql } from '../to-sql.ts';
import { parseInterval } from './interval.ts';

/** The folded literal as `type 'text'`. */
function folded(sql: string): string {
  const e: Expr = parseExpression(sql);
  if (e.kind !== 'cast' || e.operand.kind !== 'literal') throw new Error(`not a typed literal: ${e.kind}`);
  return `${e.target.type} '${String(e.operand.value)}'`;
}

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof DbError ? e.code : 'not a DbError';
  }
  return undefined;
}

describe('INTERVAL literals folded into date and timestamp literals', () => {
  it('adds and subtracts days, months and years (TPC-H forms)', () => {
    expect(folded("DATE '1998-12-01' - INTERVAL '90' DAY")).toBe("date '1998-09-02'");
    expect(folded("date '1998-12-01' - interval '90' day (3)")).toBe("date '1998-09-02'");
    expect(folded("DATE '1993-07-01' + INTERVAL '3' MONTH")).toBe("date '1993-10-01'");
    expect(folded("DATE '1994-01-01' + INTERVAL '1' YEAR")).toBe("date '1995-01-01'");
    expect(folded("DATE '1995-09-01' + INTERVAL '1 month'")).toBe("date '1995-10-01'");
    expect(folded("INTERVAL '1' MONTH + DATE '1995-09-01'")).toBe("date '1995-10-01'");
    expect(folded("'2024-01-01'::date + INTERVAL '2 weeks'")).toBe("date '2024-01-15'");
  });

  it('clamps to the end of the month, months before days (PostgreSQL)', () => {
    expect(folded("DATE '2024-01-31' + INTERVAL '1' MONTH")).toBe("date '2024-02-29'");
    expect(folded("DATE '2023-01-31' + INTERVAL '1 month 1 day'")).toBe("date '2023-03-01'");
    expect(folded("DATE '2024-03-31' - INTERVAL '1' MONTH")).toBe("date '2024-02-29'");
    expect(folded("DATE '2024-02-29' + INTERVAL '1' YEAR")).toBe("date '2025-02-28'");
    expect(folded("DATE '2024-01-10' + INTERVAL '10 days ago'")).toBe("date '2023-12-31'");
  });

  it('makes a timestamp when the interval has a time part, or the base is a timestamp', () => {
    expect(folded("DATE '2024-03-01' - INTERVAL '1 hour'")).toBe("timestamp '2024-02-29 23:00:00'");
    expect(folded("TIMESTAMP '2024-01-31 10:00' + INTERVAL '1' MONTH")).toBe("timestamp '2024-02-29 10:00:00'");
    expect(folded("TIMESTAMP '2024-01-01 00:00' + INTERVAL '2h30m'")).toBe("timestamp '2024-01-01 02:30:00'");
    expect(folded("DATE '2024-01-01' + INTERVAL '1.5 days'")).toBe("timestamp '2024-01-02 12:00:00'");
  });

  it('parses quantities with units and with a field keyword', () => {
    expect(parseInterval('90', 'day')).toEqual({ months: 0, days: 90, ms: 0 });
    expect(parseInterval('1 day 04:30', null)).toEqual({ months: 0, days: 1, ms: 16_200_000 });
    expect(parseInterval('-01:00:30.5', null)).toEqual({ months: 0, days: 0, ms: -3_630_500 });
    expect(parseInterval('90', null)).toEqual({ months: 0, days: 0, ms: 90_000 });
    expect(parseInterval('1 year 2 mons 3 days', null)).toEqual({ months: 14, days: 3, ms: 0 });
    expect(parseInterval('@ 1 minute', null)).toEqual({ months: 0, days: 0, ms: 60_000 });
    expect(parseInterval('1.5', 'year')).toEqual({ months: 18, days: 0, ms: 0 });
    expect(() => parseInterval('1 fortnight', null)).toThrow('invalid input syntax for type interval: "1 fortnight"');
  });

  it('prints and re-parses as the folded literal', () => {
    const s = parseStatement("SELECT * FROM t WHERE d < DATE '1995-03-15' + INTERVAL '3' MONTH");
    expect(toSql(s)).toContain("CAST('1995-06-15' AS date)");
    expect(toSql(parseStatement(toSql(s)))).toBe(toSql(s));
  });

  it('rejects intervals anywhere else with 0A000, bad text with 22007', () => {
    expect(code(() => parseStatement("SELECT INTERVAL '1 day'"))).toBe('0A000');
    expect(code(() => parseStatement("SELECT d + INTERVAL '1' DAY FROM t"))).toBe('0A000');
    expect(code(() => parseStatement("SELECT DATE '2024-01-01' + INTERVAL '1' DAY * 2"))).toBe('0A000');
    expect(code(() => parseStatement("SELECT INTERVAL '1' DAY - DATE '2024-01-01'"))).toBe('0A000');
    expect(code(() => parseStatement("SELECT INTERVAL '1' DAY + INTERVAL '1' DAY"))).toBe('0A000');
    expect(code(() => parseStatement("SELECT f(INTERVAL '1' DAY)"))).toBe('0A000');
    expect(code(() => parseStatement("SELECT INTERVAL '1-2' YEAR TO MONTH"))).toBe('0A000');
    expect(code(() => parseStatement("SELECT DATE '2024-01-01' + INTERVAL 'soon'"))).toBe('22007');
    expect(code(() => parseStatement("SELECT DATE 'nope' + INTERVAL '1' DAY"))).toBe('22007');
    // a failed statement leaves no interval behind for the next one
    expect(code(() => parseStatement("SELECT DATE '2024-01-01' + INTERVAL '1' DAY"))).toBeUndefined();
  });
});
