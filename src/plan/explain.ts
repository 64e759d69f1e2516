/**
 * EXPLAIN output: the physical operator tree as indented text, PostgreSQL style
 * (`->  Hash Join` …), and a printer for bound expressions used in operator details.
 */
import type { ExplainNode } from '../exec/operator.ts';
import type { BoundExpr, ColumnMeta } from './logical.ts';
import { formatValue } from '../types/format-text.ts';

/** Renders an operator tree as lines of text. */
export function renderExplain(root: ExplainNode): string[] {
  const lines: string[] = [];
  const walk = (n: ExplainNode, depth: number) => {
    const pad = depth === 0 ? '' : ' '.repeat(depth * 6 - 6) + '  ->  ';
    lines.push(pad + n.label);
    const dpad = ' '.repeat(depth === 0 ? 2 : depth * 6 + 2);
    for (const d of n.details) lines.push(dpad + d);
    for (const c of n.children) walk(c, depth + 1);
  };
  walk(root, 0);
  return lines;
}

/** Prints a bound expression for EXPLAIN (column names from the binder's metadata). */
export function exprToString(e: BoundExpr, cols: readonly ColumnMeta[]): string {
  const p = (x: BoundExpr) => exprToString(x, cols);
  switch (e.kind) {
    case 'const': return e.value === null ? 'NULL' : e.type === 'text' ? `'${String(e.value).replace(/'/g, "''")}'` : formatValue(e.value, e.type);
    case 'param': return `$${e.index}`;
    case 'col': case 'outer': return cols[e.id]?.name ?? `#${e.id}`;
    case 'func': return `${e.fn.name}(${e.args.map(p).join(', ')})`;
    case 'arith': return `(${p(e.left)} ${e.op} ${p(e.right)})`;
    case 'neg': return `(- ${p(e.arg)})`;
    case 'bitop': return e.right === null ? `(~ ${p(e.left)})` : `(${p(e.left)} ${e.op} ${p(e.right)})`;
    case 'cmp': return `(${p(e.left)} ${e.op} ${p(e.right)})`;
    case 'and': return `(${e.args.map(p).join(' AND ')})`;
    case 'or': return `(${e.args.map(p).join(' OR ')})`;
    case 'not': return `(NOT ${p(e.arg)})`;
    case 'is_null': return `(${p(e.arg)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
    case 'is_bool': return `(${p(e.arg)} IS ${e.negated ? 'NOT ' : ''}${e.value === null ? 'UNKNOWN' : e.value ? 'TRUE' : 'FALSE'})`;
    case 'distinct_from': return `(${p(e.left)} IS ${e.negated ? 'NOT ' : ''}DISTINCT FROM ${p(e.right)})`;
    case 'in_list': return `(${p(e.arg)} ${e.negated ? 'NOT ' : ''}IN (${e.list.map(p).join(', ')}))`;
    case 'like': return `(${p(e.arg)} ${e.negated ? 'NOT ' : ''}${e.ci ? 'ILIKE' : 'LIKE'} ${p(e.pattern)})`;
    case 'case': return `CASE ${e.whens.map((w) => `WHEN ${p(w.when)} THEN ${p(w.then)}`).join(' ')} ELSE ${p(e.elseExpr)} END`;
    case 'cast': return `${p(e.arg)}::${e.type}${e.typmod === undefined ? '' : `(${e.typmod.precision},${e.typmod.scale})`}`;
    case 'coalesce': return `COALESCE(${e.args.map(p).join(', ')})`;
    case 'nullif': return `NULLIF(${p(e.left)}, ${p(e.right)})`;
    case 'concat': return `(${p(e.left)} || ${p(e.right)})`;
    case 'json_get': return `(${p(e.left)} ${e.asText ? '->>' : '->'} ${p(e.right)})`;
    case 'subquery':
      if (e.mode === 'exists') return 'EXISTS(SubPlan)';
      if (e.mode === 'in') return `(${p(e.arg!)} ${e.negated ? 'NOT ' : ''}IN (SubPlan))`;
      if (e.mode === 'any' || e.mode === 'all') return `(${p(e.arg!)} ${e.op ?? '='} ${e.mode.toUpperCase()} (SubPlan))`;
      return '(SubPlan)';
    case 'let': return `LET $v = ${p(e.value)} IN ${p(e.body)}`;
    case 'let_ref': return e.up === 0 ? '$v' : `$v${e.up}`;
  }
}
