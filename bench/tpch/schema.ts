/**
 * The TPC-H schema (specification clause 1.4): tables, columns, primary keys, and the DDL each engine
 * gets. Decimal columns are `DECIMAL(15,2)` as in the specification, on every engine; InkDB's type
 * is one switch, {@link INKDB_DECIMAL_TYPE} (`DOUBLE` was the stand-in before InkDB had an exact
 * NUMERIC).
 * @module
 */

/** A TPC-H table. */
export type TpchTable = 'region' | 'nation' | 'supplier' | 'part' | 'partsupp' | 'customer' | 'orders' | 'lineitem';

/** Tables in load order. */
export const TPCH_TABLES: readonly TpchTable[] = ['region', 'nation', 'supplier', 'part', 'partsupp', 'customer', 'orders', 'lineitem'];

/**
 * What a column holds, and how the generator stores it in a chunk: `int` (identifiers and integers)
 * and `date` (days since 1970-01-01) as `Int32Array`, `decimal` as `Float64Array` of hundredths (exact
 * integers: 12.34 is 1234), `text` as `string[]`.
 */
export type ColumnKind = 'int' | 'date' | 'decimal' | 'text';

/** One column of a table. */
export interface ColumnSpec {
  /** Column name. */
  readonly name: string;
  /** What it holds. */
  readonly kind: ColumnKind;
  /** Maximum length of a text column (its VARCHAR(n)). */
  readonly length?: number;
}

/** One table: columns in order and primary key. */
export interface TableSpec {
  /** The columns in order. */
  readonly columns: readonly ColumnSpec[];
  /** Primary key columns. */
  readonly primaryKey: readonly string[];
}

const int = (name: string): ColumnSpec => ({ name, kind: 'int' });
const date = (name: string): ColumnSpec => ({ name, kind: 'date' });
const dec = (name: string): ColumnSpec => ({ name, kind: 'decimal' });
const text = (name: string, length: number): ColumnSpec => ({ name, kind: 'text', length });

/**
 * The eight tables. Fixed-length text (`CHAR(n)` in the specification) is `VARCHAR(n)` here: PostgreSQL
 * pads CHAR values with spaces in results, InkDB does not, and the queries compare them as text anyway.
 */
export const SCHEMA: Readonly<Record<TpchTable, TableSpec>> = {
  region: { columns: [int('r_regionkey'), text('r_name', 25), text('r_comment', 152)], primaryKey: ['r_regionkey'] },
  nation: {
    columns: [int('n_nationkey'), text('n_name', 25), int('n_regionkey'), text('n_comment', 152)],
    primaryKey: ['n_nationkey'],
  },
  supplier: {
    columns: [
      int('s_suppkey'),
      text('s_name', 25),
      text('s_address', 40),
      int('s_nationkey'),
      text('s_phone', 15),
      dec('s_acctbal'),
      text('s_comment', 101),
    ],
    primaryKey: ['s_suppkey'],
  },
  part: {
    columns: [
      int('p_partkey'),
      text('p_name', 55),
      text('p_mfgr', 25),
      text('p_brand', 10),
      text('p_type', 25),
      int('p_size'),
      text('p_container', 10),
      dec('p_retailprice'),
      text('p_comment', 23),
    ],
    primaryKey: ['p_partkey'],
  },
  partsupp: {
    columns: [int('ps_partkey'), int('ps_suppkey'), int('ps_availqty'), dec('ps_supplycost'), text('ps_comment', 199)],
    primaryKey: ['ps_partkey', 'ps_suppkey'],
  },
  customer: {
    columns: [
      int('c_custkey'),
      text('c_name', 25),
      text('c_address', 40),
      int('c_nationkey'),
      text('c_phone', 15),
      dec('c_acctbal'),
      text('c_mktsegment', 10),
      text('c_comment', 117),
    ],
    primaryKey: ['c_custkey'],
  },
  orders: {
    columns: [
      int('o_orderkey'),
      int('o_custkey'),
      text('o_orderstatus', 1),
      dec('o_totalprice'),
      date('o_orderdate'),
      text('o_orderpriority', 15),
      text('o_clerk', 15),
      int('o_shippriority'),
      text('o_comment', 79),
    ],
    primaryKey: ['o_orderkey'],
  },
  lineitem: {
    columns: [
      int('l_orderkey'),
      int('l_partkey'),
      int('l_suppkey'),
      int('l_linenumber'),
      dec('l_quantity'),
      dec('l_extendedprice'),
      dec('l_discount'),
      dec('l_tax'),
      text('l_returnflag', 1),
      text('l_linestatus', 1),
      date('l_shipdate'),
      date('l_commitdate'),
      date('l_receiptdate'),
      text('l_shipinstruct', 25),
      text('l_shipmode', 10),
      text('l_comment', 44),
    ],
    primaryKey: ['l_orderkey', 'l_linenumber'],
  },
};

/**
 * The SQL type of InkDB's decimal columns: the specification's exact `'DECIMAL(15,2)'` (answers are
 * then compared with PostgreSQL's exactly, as text; see test/tpch/tpch-answers.test.ts), or
 * `'DOUBLE'`, the stand-in used before InkDB had NUMERIC (answers within 1e-9).
 */
export const INKDB_DECIMAL_TYPE = 'DECIMAL(15,2)' as 'DOUBLE' | 'DECIMAL(15,2)';

/** Whether InkDB's decimal columns are exact (the switch above is DECIMAL). */
export const INKDB_EXACT_DECIMAL: boolean = INKDB_DECIMAL_TYPE !== 'DOUBLE';

/**
 * `CREATE TABLE` for one table.
 * @param decimalType - the SQL type of the decimal columns
 */
export function createTableSql(table: TpchTable, decimalType: string): string {
  const spec = SCHEMA[table];
  const cols = spec.columns.map((c) => {
    const type = c.kind === 'int' ? 'INTEGER' : c.kind === 'date' ? 'DATE' : c.kind === 'decimal' ? decimalType : `VARCHAR(${String(c.length)})`;
    return `${c.name} ${type} NOT NULL`;
  });
  return `CREATE TABLE ${table} (${cols.join(', ')}, PRIMARY KEY (${spec.primaryKey.join(', ')}))`;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

/** The `YYYY-MM-DD` text of a day number. */
export function isoDate(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
