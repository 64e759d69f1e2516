/**
 * Estimated rows for EXPLAIN: each plan node's label gets `  (rows=N)`, as PostgreSQL prints
 * its estimates. The engine keeps no statistics beyond row counts, so the estimate is
 * PostgreSQL's default reasoning over them: a scan reads the rows of the partition the session
 * sees, each filter conjunct keeps a default fraction (equality and LIKE 0.5 %, other
 * comparisons a third), an equality on a unique index one row per key, grouping gives at most 200
 * groups, a set-returning function 1,000 rows; joins, set operations and the rest follow their
 * inputs; every estimate is at least 1, as in PostgreSQL. Estimates describe the plan; they never
 * change it.
 */
import type { ExplainNode } from '../exec/operator.ts';
import type { TableStorage } from '../storage/table-storage.ts';

/** What the estimator needs to know about tables. */
export interface EstimateSource {
  /** The table named `namespace.name`, or undefined. */
  table(qualified: string): TableStorage | undefined;
  /** The session the rows are counted for. */
  readonly user: string;
  readonly role: string;
}

/** PostgreSQL's DEFAULT_EQ_SEL (also used for LIKE: DEFAULT_MATCH_SEL). */
const EQ_SEL = 0.005;
/** PostgreSQL's DEFAULT_INEQ_SEL. */
const INEQ_SEL = 1 / 3;
/** PostgreSQL's default number of groups when nothing is known. */
const DEFAULT_GROUPS = 200;
/** PostgreSQL's default rows of a set-returning function. */
const FUNCTION_ROWS = 1000;
/** Rows assumed for a system table or a work table. */
const DEFAULT_ROWS = 100;

/** The fraction of rows a filter text (`(a = 1) AND (b > 2)`) keeps. */
export function selectivity(filter: string): number {
  let sel = 1;
  for (const part of filter.split(/\s+AND\s+/i)) {
    if (/ (?:I?LIKE|=|IN) /i.test(part) && !/ (?:<>|!=|NOT) /i.test(part)) sel *= EQ_SEL;
    else sel *= INEQ_SEL;
  }
  return sel;
}

/** Rows of the partition of `t` that the session reads. */
function visibleRows(t: TableStorage, src: EstimateSource): number {
  if (t.def.kind === 'system') return DEFAULT_ROWS;
  return t.readPartition({ user: src.user, role: src.role })?.liveCount ?? 0;
}

const clamp = (n: number): number => Math.max(1, Math.round(n));

/** The estimated rows of a node, its children's estimates given. */
function estimateNode(n: ExplainNode, kids: readonly number[], src: EstimateSource): number {
  const label = n.label;
  const filter = n.details.find((d) => d.startsWith('Filter: '))?.slice('Filter: '.length);
  const scan = /^(Seq Scan on|Index Scan using (\S+) on) (\S+)$/.exec(label);
  if (scan !== null) {
    const t = src.table(scan[3]!);
    if (t === undefined) return DEFAULT_ROWS;
    const rows = visibleRows(t, src);
    const ix = scan[2] === undefined ? undefined : t.indexes.find((i) => i.name === scan[2]);
    if (ix?.unique === true && filter !== undefined) {
      // (the index's conditions are among the filter's): one row per key looked up
      const cols = ix.columns.map((c) => t.def.columns[c]!.name);
      if (cols.every((c) => filter.includes(`(${c} = `))) return Math.min(rows, 1);
      const list = cols.length === 1 ? new RegExp(`\\(${cols[0]} IN \\(([^)]*)\\)\\)`).exec(filter) : null;
      if (list !== null) return Math.min(rows, list[1]!.split(',').length);
    }
    return filter === undefined ? rows : Math.min(rows, clamp(rows * selectivity(filter)));
  }
  const [l = 1, r = 1] = kids;
  if (label === 'Filter') return Math.min(l, clamp(l * selectivity(n.details[0] ?? '')));
  if (label === 'Aggregate') return 1;
  if (label.startsWith('HashAggregate') || label.startsWith('Unique')) return Math.min(l, DEFAULT_GROUPS);
  const values = /^Values \((\d+) rows?\)$/.exec(label);
  if (values !== null) return Number(values[1]);
  if (label.startsWith('Function Scan')) return FUNCTION_ROWS;
  if (label.startsWith('WorkTable Scan')) return DEFAULT_ROWS;
  if (/Semi Join|Anti Join/.test(label)) return clamp(l / 2);
  if (/Full Join/.test(label)) return l + r;
  if (/Join$/.test(label)) return Math.max(l, r);
  if (label === 'Nested Loop') return n.details.length === 0 ? l * r : Math.max(l, r);
  if (/^(Union|Recursive Union)/.test(label)) return l + r;
  if (label.startsWith('Intersect')) return Math.min(l, r);
  return kids.length === 0 ? 1 : l;
}

/**
 * The plan with each node's label followed by its estimated rows.
 *
 * @example
 * ```ts
 * withEstimates(op.explain(), source).label;   // 'Seq Scan on default.t  (rows=1000)'
 * ```
 */
export function withEstimates(root: ExplainNode, src: EstimateSource): ExplainNode {
  const walk = (n: ExplainNode): [ExplainNode, number] => {
    const done = n.children.map(walk);
    // at least one row, as PostgreSQL's clamp_row_est
    const rows = Math.max(1, Math.round(estimateNode(n, done.map((d) => d[1]), src)));
    return [{ label: `${n.label}  (rows=${rows})`, details: n.details, children: done.map((d) => d[0]) }, rows];
  };
  return walk(root)[0];
}
