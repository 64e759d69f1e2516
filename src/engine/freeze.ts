/**
 * Frozen trees. Parsed statements and logical plans are shared across sessions by identity
 * (the parse, shape and plan caches), so nothing may change them after they are built: they
 * are deep-frozen when they enter a cache. Freezing is skipped when `NODE_ENV` is
 * `production` (set by bundlers for production builds); development and test runs always
 * freeze, so a stray write fails loudly there.
 */

const FREEZE = !(typeof process !== 'undefined' && process.env?.NODE_ENV === 'production');

/**
 * Deep-freezes a tree of plain objects and arrays (typed arrays, Maps and class instances are
 * left alone: they are runtime state, not tree nodes). Returns its argument.
 *
 * @example
 * ```ts
 * const stmts = freezeTree(parse('SELECT 1'));
 * (stmts[0] as { kind: string }).kind = 'x';   // TypeError in strict mode
 * ```
 */
export function freezeTree<T>(tree: T): T {
  if (FREEZE) deepFreeze(tree);
  return tree;
}

function deepFreeze(root: unknown): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || Object.isFrozen(v)) continue;
    const isArray = Array.isArray(v);
    const proto = Object.getPrototypeOf(v) as unknown;
    if (!isArray && proto !== Object.prototype && proto !== null) continue;
    Object.freeze(v);
    if (isArray) for (const x of v as unknown[]) stack.push(x);
    else for (const k in v as Record<string, unknown>) stack.push((v as Record<string, unknown>)[k]);
  }
}
