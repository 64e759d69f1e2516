/**
 * Deterministic TPC-H data generator (specification clause 4.2.3), columnar and in chunks.
 *
 * Follows the specification's cardinalities, key rules (sparse order keys: the first 8 of every 32;
 * customers whose key is a multiple of 3 place no orders; PS_SUPPKEY and L_SUPPKEY by the clause's
 * formula), value distributions, dates (orders between 1992-01-01 and 1998-12-31 minus 151 days, ship,
 * commit and receipt dates after it, return flag and line status against 1995-06-17), derived columns
 * (P_RETAILPRICE, L_EXTENDEDPRICE, O_TOTALPRICE with dbgen's integer rounding, O_ORDERSTATUS) and the
 * text grammar (bench/tpch/text.ts). It is not byte-identical to dbgen: its random streams differ.
 *
 * Output: {@link TableChunk}s in load order (region, nation, supplier, part, partsupp, customer, then
 * orders and lineitem alternating), so that a consumer never holds more than one chunk of a table.
 * @module
 */

import { COLORS, CONTAINER_SYLLABLES, INSTRUCTIONS, MODES, NATIONS, PRIORITIES, REGIONS, SEGMENTS, TYPE_SYLLABLES } from './dists.ts';
import { stream, uniform, pick } from './random.ts';
import type { Stream } from './random.ts';
import { dayNumber } from './schema.ts';
import type { TpchTable } from './schema.ts';
import { numbered, PhoneColumn, TextColumn, VStringColumn } from './text.ts';

/** A column of a chunk: see {@link ColumnKind} in schema.ts for which array holds which kind. */
export type ColumnData = Int32Array | Float64Array | string[];

/** Rows `length` of one table, column by column (keys are the schema's column names). */
export interface TableChunk {
  /** The table. */
  readonly table: TpchTable;
  /** Number of rows. */
  readonly length: number;
  /** The columns. */
  readonly columns: Readonly<Record<string, ColumnData>>;
}

/** 1992-01-01. */
export const START_DATE = dayNumber('1992-01-01');
/** 1995-06-17: the "current date" of return flags and line statuses. */
export const CURRENT_DATE = dayNumber('1995-06-17');
/** 1998-12-31. */
export const END_DATE = dayNumber('1998-12-31');

/** Row counts of the fixed-size tables at scale factor `sf` (lineitem is about 4 × orders). */
export function cardinalities(sf: number): { supplier: number; part: number; partsupp: number; customer: number; orders: number } {
  const part = Math.floor(200_000 * sf);
  return {
    supplier: Math.max(1, Math.floor(10_000 * sf)),
    part,
    partsupp: 4 * part,
    customer: Math.floor(150_000 * sf),
    orders: Math.floor(1_500_000 * sf),
  };
}

/** The retail price of a part in hundredths (clause 4.2.3). */
export function retailPrice(partKey: number): number {
  return 90_000 + (Math.floor(partKey / 10) % 20_001) + 100 * (partKey % 1000);
}

/** The supplier of the `i`-th (0..3) supplier slot of a part (clause 4.2.3, PS_SUPPKEY). */
export function partSupplier(partKey: number, i: number, suppliers: number): number {
  return ((partKey + i * (Math.floor(suppliers / 4) + Math.floor((partKey - 1) / suppliers))) % suppliers) + 1;
}

/** The `i`-th (1-based) order key: the first 8 of every 32 keys are used. */
export function orderKey(i: number): number {
  return Math.floor((i - 1) / 8) * 32 + ((i - 1) % 8) + 1;
}

/** Random hundredths in `lo..hi` (e.g. -99999..999999 for -999.99..9999.99). */
function cents(s: Stream, lo: number, hi: number): number {
  return s.int(lo, hi);
}

function regionChunk(): TableChunk {
  const comment = new TextColumn('region.r_comment', 31, 115);
  return {
    table: 'region',
    length: REGIONS.length,
    columns: {
      r_regionkey: Int32Array.from(REGIONS, (_, i) => i),
      r_name: [...REGIONS],
      r_comment: REGIONS.map(() => comment.next()),
    },
  };
}

function nationChunk(): TableChunk {
  const comment = new TextColumn('nation.n_comment', 31, 114);
  return {
    table: 'nation',
    length: NATIONS.length,
    columns: {
      n_nationkey: Int32Array.from(NATIONS, (_, i) => i),
      n_name: NATIONS.map(([n]) => n),
      n_regionkey: Int32Array.from(NATIONS, ([, r]) => r),
      n_comment: NATIONS.map(() => comment.next()),
    },
  };
}

function* supplierChunks(sf: number, chunk: number): Generator<TableChunk> {
  const total = cardinalities(sf).supplier;
  const address = new VStringColumn('supplier.s_address', 10, 40);
  const nation = stream('supplier.s_nationkey');
  const phone = new PhoneColumn('supplier.s_phone');
  const acctbal = stream('supplier.s_acctbal');
  const comment = new TextColumn('supplier.s_comment', 25, 100);
  const bbb = stream('supplier.bbb');
  for (let from = 1; from <= total; from += chunk) {
    const n = Math.min(chunk, total - from + 1);
    const key = new Int32Array(n);
    const nk = new Int32Array(n);
    const bal = new Float64Array(n);
    const name: string[] = [];
    const addr: string[] = [];
    const ph: string[] = [];
    const cm: string[] = [];
    for (let j = 0; j < n; j++) {
      const k = from + j;
      key[j] = k;
      name.push(numbered('Supplier#', k));
      addr.push(address.next());
      const nat = nation.int(0, 24);
      nk[j] = nat;
      ph.push(phone.next(nat));
      bal[j] = cents(acctbal, -99_999, 999_999);
      cm.push(betterBusinessBureau(bbb, comment.next()));
    }
    yield { table: 'supplier', length: n, columns: { s_suppkey: key, s_name: name, s_address: addr, s_nationkey: nk, s_phone: ph, s_acctbal: bal, s_comment: cm } };
  }
}

/**
 * About 10 in 10,000 supplier comments carry a customer complaint or recommendation (clause 4.2.3:
 * `Customer` … `Complaints` / `Recommends`, written over the comment at a random place; Q16 excludes
 * the complained-about suppliers).
 */
function betterBusinessBureau(s: Stream, comment: string): string {
  const draw = s.int(1, 10_000);
  const noise = s.int(0, comment.length - 19);
  const at = s.int(0, comment.length - 19 - noise);
  if (draw > 10) return comment;
  const what = draw <= 5 ? 'Complaints' : 'Recommends';
  return `${comment.slice(0, at)}Customer ${comment.slice(at + 9, at + 9 + noise)}${what}${comment.slice(at + 19 + noise)}`;
}

function* partChunks(sf: number, chunk: number): Generator<TableChunk> {
  const total = cardinalities(sf).part;
  const nameStream = stream('part.p_name');
  const mfgr = stream('part.p_mfgr');
  const brand = stream('part.p_brand');
  const type = stream('part.p_type');
  const size = stream('part.p_size');
  const container = stream('part.p_container');
  const comment = new TextColumn('part.p_comment', 5, 22);
  const [t1 = [], t2 = [], t3 = []] = TYPE_SYLLABLES;
  const [c1 = [], c2 = []] = CONTAINER_SYLLABLES;
  const colors = uniform(COLORS);
  for (let from = 1; from <= total; from += chunk) {
    const n = Math.min(chunk, total - from + 1);
    const key = new Int32Array(n);
    const sz = new Int32Array(n);
    const price = new Float64Array(n);
    const name: string[] = [];
    const mf: string[] = [];
    const br: string[] = [];
    const ty: string[] = [];
    const ct: string[] = [];
    const cm: string[] = [];
    for (let j = 0; j < n; j++) {
      const k = from + j;
      key[j] = k;
      const words: string[] = [];
      while (words.length < 5) {
        const w = pick(nameStream, colors);
        if (!words.includes(w)) words.push(w);
      }
      name.push(words.join(' '));
      const m = mfgr.int(1, 5);
      mf.push(`Manufacturer#${String(m)}`);
      br.push(`Brand#${String(m)}${String(brand.int(1, 5))}`);
      ty.push(`${t1[type.int(0, t1.length - 1)] ?? ''} ${t2[type.int(0, t2.length - 1)] ?? ''} ${t3[type.int(0, t3.length - 1)] ?? ''}`);
      sz[j] = size.int(1, 50);
      ct.push(`${c1[container.int(0, c1.length - 1)] ?? ''} ${c2[container.int(0, c2.length - 1)] ?? ''}`);
      price[j] = retailPrice(k);
      cm.push(comment.next());
    }
    yield {
      table: 'part',
      length: n,
      columns: { p_partkey: key, p_name: name, p_mfgr: mf, p_brand: br, p_type: ty, p_size: sz, p_container: ct, p_retailprice: price, p_comment: cm },
    };
  }
}

function* partsuppChunks(sf: number, chunk: number): Generator<TableChunk> {
  const { part, supplier } = cardinalities(sf);
  const qty = stream('partsupp.ps_availqty');
  const cost = stream('partsupp.ps_supplycost');
  const comment = new TextColumn('partsupp.ps_comment', 49, 198);
  const partsPerChunk = Math.max(1, Math.floor(chunk / 4));
  for (let from = 1; from <= part; from += partsPerChunk) {
    const parts = Math.min(partsPerChunk, part - from + 1);
    const n = parts * 4;
    const pk = new Int32Array(n);
    const sk = new Int32Array(n);
    const aq = new Int32Array(n);
    const sc = new Float64Array(n);
    const cm: string[] = [];
    for (let j = 0; j < n; j++) {
      const p = from + (j >> 2);
      pk[j] = p;
      sk[j] = partSupplier(p, j & 3, supplier);
      aq[j] = qty.int(1, 9999);
      sc[j] = cents(cost, 100, 100_000);
      cm.push(comment.next());
    }
    yield { table: 'partsupp', length: n, columns: { ps_partkey: pk, ps_suppkey: sk, ps_availqty: aq, ps_supplycost: sc, ps_comment: cm } };
  }
}

function* customerChunks(sf: number, chunk: number): Generator<TableChunk> {
  const total = cardinalities(sf).customer;
  const address = new VStringColumn('customer.c_address', 10, 40);
  const nation = stream('customer.c_nationkey');
  const phone = new PhoneColumn('customer.c_phone');
  const acctbal = stream('customer.c_acctbal');
  const segment = stream('customer.c_mktsegment');
  const comment = new TextColumn('customer.c_comment', 29, 116);
  for (let from = 1; from <= total; from += chunk) {
    const n = Math.min(chunk, total - from + 1);
    const key = new Int32Array(n);
    const nk = new Int32Array(n);
    const bal = new Float64Array(n);
    const name: string[] = [];
    const addr: string[] = [];
    const ph: string[] = [];
    const seg: string[] = [];
    const cm: string[] = [];
    for (let j = 0; j < n; j++) {
      const k = from + j;
      key[j] = k;
      name.push(numbered('Customer#', k));
      addr.push(address.next());
      const nat = nation.int(0, 24);
      nk[j] = nat;
      ph.push(phone.next(nat));
      bal[j] = cents(acctbal, -99_999, 999_999);
      seg.push(SEGMENTS[segment.int(0, SEGMENTS.length - 1)] ?? '');
      cm.push(comment.next());
    }
    yield {
      table: 'customer',
      length: n,
      columns: { c_custkey: key, c_name: name, c_address: addr, c_nationkey: nk, c_phone: ph, c_acctbal: bal, c_mktsegment: seg, c_comment: cm },
    };
  }
}

/** The random streams of orders and their line items (kept across chunks). */
class OrderStreams {
  readonly custkey = stream('orders.o_custkey');
  readonly orderdate = stream('orders.o_orderdate');
  readonly priority = stream('orders.o_orderpriority');
  readonly clerk = stream('orders.o_clerk');
  readonly ocomment = new TextColumn('orders.o_comment', 19, 78);
  readonly lines = stream('lineitem.count');
  readonly partkey = stream('lineitem.l_partkey');
  readonly suppslot = stream('lineitem.l_suppkey');
  readonly quantity = stream('lineitem.l_quantity');
  readonly discount = stream('lineitem.l_discount');
  readonly tax = stream('lineitem.l_tax');
  readonly returnflag = stream('lineitem.l_returnflag');
  readonly shipdate = stream('lineitem.l_shipdate');
  readonly commitdate = stream('lineitem.l_commitdate');
  readonly receiptdate = stream('lineitem.l_receiptdate');
  readonly instruct = stream('lineitem.l_shipinstruct');
  readonly mode = stream('lineitem.l_shipmode');
  readonly lcomment = new TextColumn('lineitem.l_comment', 10, 43);
}

function* orderAndLineitemChunks(sf: number, chunk: number): Generator<TableChunk> {
  const { orders: total, customer: customers, part: parts, supplier: suppliers } = cardinalities(sf);
  const clerks = Math.max(1, Math.floor(sf * 1000));
  const r = new OrderStreams();
  const lastOrderDate = END_DATE - 151;
  for (let from = 1; from <= total; from += chunk) {
    const n = Math.min(chunk, total - from + 1);
    const ok = new Int32Array(n);
    const ck = new Int32Array(n);
    const tp = new Float64Array(n);
    const od = new Int32Array(n);
    const sp = new Int32Array(n);
    const st: string[] = [];
    const pr: string[] = [];
    const cl: string[] = [];
    const ocm: string[] = [];
    // line items of this chunk of orders: at most 7 per order
    const cap = n * 7;
    const lok = new Int32Array(cap);
    const lpk = new Int32Array(cap);
    const lsk = new Int32Array(cap);
    const lln = new Int32Array(cap);
    const lq = new Float64Array(cap);
    const lep = new Float64Array(cap);
    const ld = new Float64Array(cap);
    const lt = new Float64Array(cap);
    const lsd = new Int32Array(cap);
    const lcd = new Int32Array(cap);
    const lrd = new Int32Array(cap);
    const lrf: string[] = [];
    const lls: string[] = [];
    const lsi: string[] = [];
    const lsm: string[] = [];
    const lcm: string[] = [];
    let m = 0;
    for (let j = 0; j < n; j++) {
      const key = orderKey(from + j);
      ok[j] = key;
      let cust = r.custkey.int(1, customers);
      while (cust % 3 === 0) cust = r.custkey.int(1, customers);
      ck[j] = cust;
      const date = r.orderdate.int(START_DATE, lastOrderDate);
      od[j] = date;
      pr.push(PRIORITIES[r.priority.int(0, PRIORITIES.length - 1)] ?? '');
      cl.push(numbered('Clerk#', r.clerk.int(1, clerks)));
      ocm.push(r.ocomment.next());
      const count = r.lines.int(1, 7);
      let total = 0;
      let shipped = 0;
      for (let l = 1; l <= count; l++, m++) {
        const p = r.partkey.int(1, parts);
        const q = r.quantity.int(1, 50);
        const disc = r.discount.int(0, 10);
        const tax = r.tax.int(0, 8);
        const ship = date + r.shipdate.int(1, 121);
        const receipt = ship + r.receiptdate.int(1, 30);
        const price = q * retailPrice(p);
        lok[m] = key;
        lpk[m] = p;
        lsk[m] = partSupplier(p, r.suppslot.int(0, 3), suppliers);
        lln[m] = l;
        lq[m] = q * 100;
        lep[m] = price;
        ld[m] = disc;
        lt[m] = tax;
        lsd[m] = ship;
        lcd[m] = date + r.commitdate.int(30, 90);
        lrd[m] = receipt;
        const flag = r.returnflag.int(0, 1);
        lrf.push(receipt <= CURRENT_DATE ? (flag === 0 ? 'R' : 'A') : 'N');
        const status = ship > CURRENT_DATE ? 'O' : 'F';
        if (status === 'F') shipped++;
        lls.push(status);
        lsi.push(INSTRUCTIONS[r.instruct.int(0, INSTRUCTIONS.length - 1)] ?? '');
        lsm.push(MODES[r.mode.int(0, MODES.length - 1)] ?? '');
        lcm.push(r.lcomment.next());
        // dbgen's O_TOTALPRICE: integer hundredths, each step truncated
        total += Math.trunc((Math.trunc((price * (100 - disc)) / 100) * (100 + tax)) / 100);
      }
      tp[j] = total;
      st.push(shipped === count ? 'F' : shipped === 0 ? 'O' : 'P');
      sp[j] = 0;
    }
    yield {
      table: 'orders',
      length: n,
      columns: { o_orderkey: ok, o_custkey: ck, o_orderstatus: st, o_totalprice: tp, o_orderdate: od, o_orderpriority: pr, o_clerk: cl, o_shippriority: sp, o_comment: ocm },
    };
    yield {
      table: 'lineitem',
      length: m,
      columns: {
        l_orderkey: lok.subarray(0, m),
        l_partkey: lpk.subarray(0, m),
        l_suppkey: lsk.subarray(0, m),
        l_linenumber: lln.subarray(0, m),
        l_quantity: lq.subarray(0, m),
        l_extendedprice: lep.subarray(0, m),
        l_discount: ld.subarray(0, m),
        l_tax: lt.subarray(0, m),
        l_returnflag: lrf,
        l_linestatus: lls,
        l_shipdate: lsd.subarray(0, m),
        l_commitdate: lcd.subarray(0, m),
        l_receiptdate: lrd.subarray(0, m),
        l_shipinstruct: lsi,
        l_shipmode: lsm,
        l_comment: lcm,
      },
    };
  }
}

/**
 * The whole database at scale factor `sf`, chunk by chunk in load order. The same `sf` always gives
 * the same data.
 * @param sf - scale factor (0.01 → lineitem ≈ 60,000 rows; 1 → ≈ 6,000,000)
 * @param chunkRows - rows per chunk (orders: orders per chunk; their line items follow in one chunk)
 */
export function* generateTpch(sf: number, chunkRows = 100_000): Generator<TableChunk> {
  yield regionChunk();
  yield nationChunk();
  yield* supplierChunks(sf, chunkRows);
  yield* partChunks(sf, chunkRows);
  yield* partsuppChunks(sf, chunkRows);
  yield* customerChunks(sf, chunkRows);
  yield* orderAndLineitemChunks(sf, Math.max(1, Math.floor(chunkRows / 4)));
}
