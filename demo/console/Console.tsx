/**
 * The SQL console: user switcher, examples, history, the editor, every statement's result, and
 * the schema browser beside them.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactElement } from 'react';
import { DbError, SqlState, type Session } from '../../src/index.ts';
import { Editor, type EditorHandle } from './Editor.tsx';
import { EXAMPLES, type Example } from './examples.ts';
import { loadHistory, remember, type HistoryEntry } from './history.ts';
import { Results, type Run } from './Results.tsx';
import { EMPTY_SCHEMA, loadSchema, type SchemaSnapshot } from './schema.ts';
import { SchemaBrowser } from './SchemaBrowser.tsx';
import { UserSwitcher } from './UserSwitcher.tsx';

const DRAFT_KEY = 'inkdb-demo:draft';

/** Props of {@link Console}. */
export interface ConsoleProps {
  /** Root's session (the schema browser reads the system tables with it). */
  readonly root: Session;
  /** A session per user (trusted; `create` makes the user). */
  readonly sessionFor: (user: string, create?: boolean) => Promise<Session>;
  /** Called after a user was created in the console. */
  readonly onUserCreated: (user: string) => Promise<void>;
}

function initialDraft(): string {
  try {
    return localStorage.getItem(DRAFT_KEY) ?? EXAMPLES[0]!.sql;
  } catch {
    return EXAMPLES[0]!.sql;
  }
}

/** The console. */
export function Console({ root, sessionFor, onUserCreated }: ConsoleProps): ReactElement {
  const [sql, setSql] = useState(initialDraft);
  const [user, setUser] = useState('root');
  const [history, setHistory] = useState<HistoryEntry[]>(() => loadHistory(localStorage));
  const [run, setRun] = useState<Run | null>(null);
  const [renderMs, setRenderMs] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [schema, setSchema] = useState<SchemaSnapshot>(EMPTY_SCHEMA);
  const [schemaError, setSchemaError] = useState<string | null>(null);
  const editor = useRef<EditorHandle>(null);
  const receivedAt = useRef(0);
  const runs = useRef(0);

  const refreshSchema = useCallback(() => {
    loadSchema(root).then((s) => { setSchema(s); setSchemaError(null); }, (e: unknown) => setSchemaError(`Could not read the system tables: ${String((e as Error).message ?? e)}`));
  }, [root]);

  useEffect(refreshSchema, [refreshSchema]);

  useEffect(() => {
    try { localStorage.setItem(DRAFT_KEY, sql); } catch { /* storage unavailable */ }
  }, [sql]);

  // how long the page took to build a run's results (React render and DOM updates, up to the
  // layout effect that follows them; painting is the browser's)
  useLayoutEffect(() => {
    if (run !== null && renderMs === null) setRenderMs(performance.now() - receivedAt.current);
  }, [run, renderMs]);

  const execute = useCallback(async (text: string, offset: number, lineOffset: number, as: string) => {
    if (text.trim() === '') return;
    setBusy(true);
    document.body.dataset['busy'] = 'true';
    try {
      const session = await sessionFor(as);
      const t0 = performance.now();
      let outcome: Run['outcome'];
      try {
        outcome = await session.queryScript(text);
      } catch (e) {
        outcome = { statements: [], error: e instanceof DbError ? e : new DbError(SqlState.INTERNAL_ERROR, String(e)), failed: null };
      }
      receivedAt.current = performance.now();
      setRenderMs(null);
      setRun({ id: ++runs.current, text, offset, lineOffset, user: as, outcome, roundTripMs: receivedAt.current - t0 });
      setHistory(remember(localStorage, text, as));
      refreshSchema();
    } finally {
      setBusy(false);
      delete document.body.dataset['busy'];
    }
  }, [sessionFor, refreshSchema]);

  const runAll = (): void => { void execute(sql, 0, 0, user); };
  const runSelection = (): void => {
    const sel = editor.current?.selection();
    if (sel === null || sel === undefined) {
      runAll();
      return;
    }
    void execute(sel.text, sel.start, sql.slice(0, sel.start).split('\n').length - 1, user);
  };
  const loadExample = (ex: Example): void => {
    setSql(ex.sql);
    setUser(ex.user);
    void execute(ex.sql, 0, 0, ex.user);
  };
  const users = ['root', ...schema.users.map((u) => u.name).filter((u) => u !== 'root')];

  return (
    <div className="console">
      <div className="workbench">
        <div className="toolbar">
          <UserSwitcher user={user} users={users} onSwitch={setUser} onCreate={async (name) => {
            await sessionFor(name, true);
            await onUserCreated(name);
            setUser(name);
            refreshSchema();
          }} />
        </div>
        <nav className="examples" aria-label="Examples">
          <span className="examples-label">Examples:</span>
          {EXAMPLES.map((ex) => (
            <button type="button" key={ex.title} onClick={() => loadExample(ex)} disabled={busy}>{ex.title}</button>
          ))}
        </nav>
        <Editor ref={editor} value={sql} onChange={setSql} onRun={runAll} onRunSelection={runSelection} schema={schema} />
        <div className="actions">
          <button type="button" id="run" className="primary" onClick={runAll} disabled={busy}>Run all</button>
          <button type="button" id="run-selection" onClick={runSelection} disabled={busy}>Run selection</button>
          <details className="history">
            <summary>History <small>({history.length})</small></summary>
            {history.length === 0 ? <p className="sub">Scripts you run are kept here, across reloads.</p> : (
              <ol>
                {history.map((h) => (
                  <li key={`${h.at}-${h.sql}`}>
                    <button type="button" className="link" onClick={() => { setSql(h.sql); setUser(h.user); editor.current?.select(0); }}>
                      <code>{h.sql.split('\n')[0]!.slice(0, 60)}</code>
                    </button>
                    <small> as {h.user}, {new Date(h.at).toLocaleTimeString()}</small>
                  </li>
                ))}
              </ol>
            )}
          </details>
          <span className="busy" role="status">{busy ? 'Running…' : ''}</span>
        </div>
        {run !== null ? <Results run={run} renderMs={renderMs} onShow={(o) => editor.current?.select(o, 1)} /> : (
          <p className="hint-text">Run the script, or pick an example. Switch “Run as” to see what each user can see.</p>
        )}
      </div>
      <SchemaBrowser schema={schema} error={schemaError} onRefresh={refreshSchema}
        onQuery={(q) => { setSql(q); editor.current?.select(0); }}
        onFlush={async () => {
          try {
            const r = await root.query('STORAGE FLUSH ALL');
            refreshSchema();
            return r.message;
          } catch (e) {
            const d = e as DbError;
            return `${d.code ?? ''} ${d.message}${d.hint !== undefined ? ` ${d.hint}` : ''}`.trim();
          }
        }} />
    </div>
  );
}
