/**
 * The schema browser: namespaces and their tables (type, access level, TTL), each table's
 * columns, indexes and per-user partitions, then live subscriptions, jobs, and a FLUSH action.
 * Everything comes from the system tables; "Query" puts a SELECT of the table in the editor.
 */
import { useState, type ReactElement } from 'react';
import type { SchemaSnapshot } from './schema.ts';

/** Props of {@link SchemaBrowser}. */
export interface SchemaBrowserProps {
  readonly schema: SchemaSnapshot;
  readonly error: string | null;
  readonly onRefresh: () => void;
  readonly onQuery: (sql: string) => void;
  readonly onFlush: () => Promise<string>;
}

const fmt = new Intl.NumberFormat('en-US');

function typeBadge(type: string, access: string | null, ttl: number | null): string {
  if (type === 'shared') return `shared · ${access ?? 'private'}`;
  if (type === 'stream') return `stream · TTL ${ttl ?? '?'} s`;
  return type;
}

/** The browser panel. */
export function SchemaBrowser({ schema, error, onRefresh, onQuery, onFlush }: SchemaBrowserProps): ReactElement {
  const [flushNote, setFlushNote] = useState('');
  const byNamespace = new Map<string, SchemaSnapshot['tables'][number][]>();
  for (const ns of schema.namespaces) byNamespace.set(ns, []);
  for (const t of schema.tables) {
    if (!byNamespace.has(t.namespace)) byNamespace.set(t.namespace, []);
    byNamespace.get(t.namespace)!.push(t);
  }
  return (
    <aside className="schema" aria-labelledby="schema-title">
      <div className="panel-head">
        <h2 id="schema-title">Schema</h2>
        <button type="button" onClick={onRefresh}>Refresh</button>
      </div>
      <p className="panel-note">From <code>system.*</code>, read as root.</p>
      {error !== null ? <p className="error-text" role="alert">{error}</p> : null}
      <ul className="tree">
        {[...byNamespace.entries()].map(([ns, tables]) => (
          <li key={ns}>
            <details open={ns !== 'default' || tables.length > 0}>
              <summary><span className="ns">{ns}</span> <small>{tables.length} {tables.length === 1 ? 'table' : 'tables'}</small></summary>
              <ul>
                {tables.map((t) => {
                  const cols = schema.columns.filter((c) => c.namespace === t.namespace && c.table === t.name);
                  const idx = schema.indexes.filter((i) => i.namespace === t.namespace && i.table === t.name);
                  const parts = schema.stats.filter((p) => p.namespace === t.namespace && p.table === t.name);
                  const qualified = `${t.namespace}.${t.name}`;
                  return (
                    <li key={qualified} data-table={qualified}>
                      <details>
                        <summary>
                          <span className="tname">{t.name}</span> <span className={`badge ${t.type}`}>{typeBadge(t.type, t.accessLevel, t.ttlSeconds)}</span>
                        </summary>
                        <button type="button" className="link" onClick={() => onQuery(`SELECT * FROM ${qualified} LIMIT 100;`)}>
                          Query {qualified}
                        </button>
                        <ul className="columns" aria-label={`Columns of ${qualified}`}>
                          {cols.map((c) => (
                            <li key={c.name}>
                              <span className="cname">{c.name}</span> <small>{c.type}{c.primaryKey ? ' · primary key' : ''}{!c.nullable && !c.primaryKey ? ' · not null' : ''}</small>
                            </li>
                          ))}
                        </ul>
                        {idx.length > 0 ? (
                          <p className="sub">Indexes: {idx.map((i) => `${i.name} (${i.columns}${i.unique ? ', unique' : ''})`).join('; ')}</p>
                        ) : null}
                        {parts.length > 0 ? (
                          <p className="sub">
                            {t.type === 'shared' ? 'Rows: ' : 'Partitions: '}
                            {parts.map((p) => `${p.partition === '' ? '' : `${p.partition} `}${fmt.format(p.rows)}${p.deleted > 0 ? ` (+${fmt.format(p.deleted)} deleted)` : ''}`).join(', ')}
                          </p>
                        ) : <p className="sub">No rows yet.</p>}
                      </details>
                    </li>
                  );
                })}
              </ul>
            </details>
          </li>
        ))}
      </ul>
      <details>
        <summary>Live subscriptions <small>({schema.live.length})</small></summary>
        {schema.live.length === 0 ? <p className="sub">None (system.live).</p> : (
          <ul className="plain">{schema.live.map((l) => <li key={String(l['subscription_id'])}><code>{String(l['subscription_id'])}</code> {String(l['user_id'])}: {String(l['query'])}</li>)}</ul>
        )}
      </details>
      <details>
        <summary>Jobs <small>({schema.jobs.length})</small></summary>
        {schema.jobs.length === 0 ? <p className="sub">None (system.jobs).</p> : (
          <ul className="plain">{schema.jobs.map((j) => <li key={String(j['job_id'])}>{String(j['job_type'])} {String(j['table_id'] ?? '')}: {String(j['status'])}</li>)}</ul>
        )}
      </details>
      <details>
        <summary>Users <small>({schema.users.length})</small></summary>
        <ul className="plain">{schema.users.map((u) => <li key={u.name}>{u.name} <small>{u.role}</small></li>)}</ul>
      </details>
      <div className="flush">
        <button type="button" onClick={() => {
          setFlushNote('Flushing…');
          onFlush().then(setFlushNote, (e: unknown) => setFlushNote(String(e)));
        }}>Flush all tables</button>
        <p className="sub" role="status">{flushNote}</p>
      </div>
    </aside>
  );
}
