/**
 * Completion for the SQL editor: keywords, and namespaces, tables and columns as the system
 * tables describe them. `ns.` completes the namespace's tables, `table.` or `alias.` the
 * table's columns; a bare word completes columns of the tables the text mentions first, then
 * tables, namespaces and keywords.
 */

/** The schema as the system tables describe it. */
export interface SchemaInfo {
  readonly namespaces: readonly string[];
  readonly tables: readonly { readonly namespace: string; readonly name: string; readonly type: string; readonly accessLevel: string | null }[];
  readonly columns: readonly { readonly namespace: string; readonly table: string; readonly name: string; readonly type: string }[];
}

/** One completion. */
export interface CompletionItem {
  /** What is shown. */
  readonly label: string;
  /** What replaces the word. */
  readonly insert: string;
  readonly kind: 'column' | 'table' | 'namespace' | 'keyword';
  /** The type (`TEXT`, `user table`, …). */
  readonly detail: string;
}

/** The completions at a caret: the items and the span of text they replace. */
export interface Completions {
  readonly from: number;
  readonly to: number;
  readonly items: readonly CompletionItem[];
}

/** SQL keywords offered by the editor (InkDB's dialect, docs/SQL.md). */
export const KEYWORDS: readonly string[] = [
  'SELECT', 'FROM', 'WHERE', 'GROUP BY', 'ORDER BY', 'HAVING', 'LIMIT', 'OFFSET', 'DISTINCT', 'AS', 'ON', 'USING',
  'JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'FULL JOIN', 'CROSS JOIN', 'INNER JOIN', 'UNION', 'UNION ALL', 'INTERSECT', 'EXCEPT',
  'WITH', 'RECURSIVE', 'VALUES', 'INSERT INTO', 'UPDATE', 'SET', 'DELETE FROM', 'RETURNING', 'ON CONFLICT', 'DO NOTHING',
  'DO UPDATE', 'CREATE TABLE', 'CREATE USER TABLE', 'CREATE SHARED TABLE', 'CREATE STREAM TABLE', 'CREATE NAMESPACE',
  'CREATE INDEX', 'CREATE VIEW', 'CREATE USER', 'ALTER TABLE', 'ALTER USER', 'DROP TABLE', 'DROP NAMESPACE', 'DROP USER',
  'DROP INDEX', 'DROP VIEW', 'PRIMARY KEY', 'UNIQUE', 'NOT NULL', 'DEFAULT', 'REFERENCES', 'WITH (TTL_SECONDS = 10)',
  "WITH (ACCESS_LEVEL = 'public')", 'EXECUTE AS USER', 'EXPLAIN', 'SHOW TABLES', 'SHOW NAMESPACES', 'SHOW USERS',
  'DESCRIBE', 'USE', 'BEGIN', 'COMMIT', 'ROLLBACK', 'STORAGE FLUSH ALL', 'SUBSCRIBE TO', 'AND', 'OR', 'NOT', 'IN',
  'EXISTS', 'BETWEEN', 'LIKE', 'ILIKE', 'IS NULL', 'IS NOT NULL', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'CAST',
  'COUNT(*)', 'SUM', 'AVG', 'MIN', 'MAX', 'STRING_AGG', 'COALESCE', 'NULLIF', 'GENERATE_SERIES', 'NOW()',
  'CURRENT_USER', 'SNOWFLAKE_ID()', 'OVER', 'PARTITION BY', 'ROW_NUMBER()', 'ASC', 'DESC', 'NULLS FIRST', 'NULLS LAST',
  'INTEGER', 'BIGINT', 'TEXT', 'BOOLEAN', 'DOUBLE PRECISION', 'TIMESTAMP', 'DATE', 'JSON', 'BYTES', 'UUID', 'TRUE',
  'FALSE', 'NULL',
];

const WORD = /[A-Za-z0-9_$."]/;
const MAX_ITEMS = 40;

/** Tables the text mentions after FROM / JOIN / UPDATE / INTO, with their aliases. */
export function mentionedTables(text: string): { readonly name: string; readonly alias: string | null }[] {
  const out: { name: string; alias: string | null }[] = [];
  const re = /\b(?:from|join|update|into)\s+([A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)?)(?:\s+(?:as\s+)?([A-Za-z_][\w$]*))?/gi;
  const reserved = new Set(['where', 'on', 'using', 'join', 'left', 'right', 'full', 'inner', 'cross', 'group', 'order', 'limit', 'set', 'values', 'natural', 'union', 'returning', 'select', 'offset', 'having', 'window']);
  for (const m of text.matchAll(re)) {
    const alias = m[2]?.toLowerCase() ?? null;
    out.push({ name: m[1]!.toLowerCase(), alias: alias !== null && !reserved.has(alias) ? alias : null });
  }
  return out;
}

/** Keeps the case the user is typing in (lower case when the prefix is lower case). */
function inCase(keyword: string, prefix: string): string {
  return prefix.length > 0 && prefix === prefix.toLowerCase() && prefix !== prefix.toUpperCase() ? keyword.toLowerCase() : keyword;
}

/**
 * The completions at `caret` in `text`.
 *
 * @example
 * ```ts
 * complete('SELECT * FROM chat.me', 21, schema).items[0];   // { label: 'messages', insert: 'messages', kind: 'table', detail: 'user table' }
 * ```
 */
export function complete(text: string, caret: number, schema: SchemaInfo): Completions {
  let from = caret;
  while (from > 0 && WORD.test(text[from - 1]!)) from--;
  const word = text.slice(from, caret);
  const dot = word.lastIndexOf('.');
  const qualifier = dot < 0 ? null : word.slice(0, dot).replaceAll('"', '').toLowerCase();
  const prefix = (dot < 0 ? word : word.slice(dot + 1)).replaceAll('"', '').toLowerCase();
  const start = dot < 0 ? from : from + dot + 1;
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const add = (item: CompletionItem): void => {
    const key = `${item.kind}:${item.insert}`;
    if (seen.has(key) || !item.label.toLowerCase().startsWith(prefix)) return;
    if (item.label.toLowerCase() === prefix && item.kind === 'keyword') return;
    seen.add(key);
    items.push(item);
  };
  const tableKind = (t: SchemaInfo['tables'][number]): string => `${t.type} table${t.accessLevel !== null ? `, ${t.accessLevel}` : ''}`;
  const columnsOf = (qualified: string): SchemaInfo['columns'] => {
    const [ns, name] = qualified.includes('.') ? qualified.split('.') as [string, string] : [null, qualified];
    return schema.columns.filter((c) => c.table === name && (ns === null || c.namespace === ns));
  };

  if (qualifier !== null) {
    if (schema.namespaces.includes(qualifier)) {
      for (const t of schema.tables) if (t.namespace === qualifier) add({ label: t.name, insert: t.name, kind: 'table', detail: tableKind(t) });
    }
    const mentioned = mentionedTables(text);
    const target = mentioned.find((m) => m.alias === qualifier || m.name === qualifier || m.name.endsWith(`.${qualifier}`))?.name ?? qualifier;
    for (const c of columnsOf(target)) add({ label: c.name, insert: c.name, kind: 'column', detail: c.type });
    return { from: start, to: caret, items: items.slice(0, MAX_ITEMS) };
  }

  for (const m of mentionedTables(text)) {
    for (const c of columnsOf(m.name)) add({ label: c.name, insert: c.name, kind: 'column', detail: `${c.type} · ${c.table}` });
  }
  if (prefix.length > 0) {
    for (const t of schema.tables) add({ label: t.name, insert: `${t.namespace}.${t.name}`, kind: 'table', detail: `${t.namespace} · ${tableKind(t)}` });
    for (const ns of schema.namespaces) add({ label: ns, insert: ns, kind: 'namespace', detail: 'namespace' });
  }
  for (const k of KEYWORDS) add({ label: k, insert: inCase(k, word), kind: 'keyword', detail: 'keyword' });
  return { from: start, to: caret, items: prefix.length === 0 ? [] : items.slice(0, MAX_ITEMS) };
}
