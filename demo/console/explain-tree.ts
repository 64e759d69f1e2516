/**
 * EXPLAIN's text (PostgreSQL's layout: `->  Node` lines indented under their parent, detail
 * lines under their node) read back into a tree for drawing.
 */

/** One plan node. */
export interface PlanNode {
  /** `Hash Join`, `Seq Scan on chat.messages`, … (an estimate suffix removed). */
  readonly label: string;
  /** `Hash Cond: …`, `Filter: …`, … */
  readonly details: string[];
  readonly children: PlanNode[];
  /** Estimated rows, when the plan line carries them (`rows=N`). */
  readonly estimatedRows: number | null;
}

const ESTIMATE = /\s*\((?:[^()]*\s)?rows=(\d+)[^()]*\)\s*$/;

function node(text: string): PlanNode {
  const m = ESTIMATE.exec(text);
  return { label: m === null ? text : text.slice(0, m.index), details: [], children: [], estimatedRows: m === null ? null : Number(m[1]) };
}

/**
 * Parses EXPLAIN's lines; null when there are none.
 *
 * @example
 * ```ts
 * parseExplain(['Limit', '  ->  Seq Scan on t', '        Filter: (a > 1)']);
 * // { label: 'Limit', details: [], children: [{ label: 'Seq Scan on t', details: ['Filter: (a > 1)'], … }], … }
 * ```
 */
export function parseExplain(lines: readonly string[]): PlanNode | null {
  if (lines.length === 0) return null;
  const root = node(lines[0]!.trim());
  const stack: { indent: number; node: PlanNode }[] = [{ indent: -1, node: root }];
  for (const raw of lines.slice(1)) {
    const m = /^(\s*)(->\s+)?(.*)$/.exec(raw)!;
    const indent = m[1]!.length;
    const text = m[3]!.trim();
    if (m[2] !== undefined) {
      while (stack.length > 1 && stack.at(-1)!.indent >= indent) stack.pop();
      const child = node(text);
      stack.at(-1)!.node.children.push(child);
      stack.push({ indent, node: child });
    } else {
      while (stack.length > 1 && stack.at(-1)!.indent >= indent) stack.pop();
      stack.at(-1)!.node.details.push(text);
    }
  }
  return root;
}
