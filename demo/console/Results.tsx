/**
 * A run's results: one card per statement (its text, message, row count and engine time, then
 * its rows as a grid, or its plan as a tree), and the error that stopped the script with its
 * code, message, hint and a caret under the position.
 */
import { useState, type ReactElement } from 'react';
import type { DbError, Result, ScriptResult } from '../../src/index.ts';
import { caretPlace } from './caret.ts';
import { parseExplain, type PlanNode } from './explain-tree.ts';
import { download, toArrowFile, toCsv } from './export.ts';
import { ResultGrid } from './ResultGrid.tsx';

/** One run of the editor, as the console keeps it. */
export interface Run {
  readonly id: number;
  /** The text that ran (the whole script, or the selection). */
  readonly text: string;
  /** Where that text starts in the editor (0 unless a selection ran). */
  readonly offset: number;
  /** Editor lines above that text. */
  readonly lineOffset: number;
  readonly user: string;
  readonly outcome: ScriptResult;
  /** Milliseconds from the call to the answer in the page (engine, transfer and decoding). */
  readonly roundTripMs: number;
}

const fmt = new Intl.NumberFormat('en-US');

/** `1,234 rows` / `1 row`. */
function rowsText(n: number): string {
  return `${fmt.format(n)} ${n === 1 ? 'row' : 'rows'}`;
}

/** Milliseconds for people: `0.42 ms`, `12.3 ms`, `1,250 ms`. */
export function ms(x: number): string {
  if (x < 0.01) return '< 0.01 ms';
  return x < 1 ? `${x.toFixed(2)} ms` : x < 100 ? `${x.toFixed(1)} ms` : `${fmt.format(Math.round(x))} ms`;
}

/** The first line of a statement, shortened. */
function headline(sql: string): string {
  const line = sql.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('--'))?.trim() ?? sql.trim();
  return line.length > 90 ? `${line.slice(0, 89)}…` : line;
}

function PlanTree({ node }: { node: PlanNode }): ReactElement {
  return (
    <li>
      <span className="plan-node">{node.label}</span>
      {node.estimatedRows !== null ? <span className="plan-rows" title="estimated rows">≈ {fmt.format(node.estimatedRows)} rows</span> : null}
      {node.details.length > 0 ? <ul className="plan-details">{node.details.map((d, i) => <li key={String(i)}>{d}</li>)}</ul> : null}
      {node.children.length > 0 ? <ul className="plan-children">{node.children.map((c, i) => <PlanTree node={c} key={String(i)} />)}</ul> : null}
    </li>
  );
}

/** EXPLAIN as a tree, with the plain text a click away. */
function ExplainView({ result, index }: { result: Result; index: number }): ReactElement {
  const [asText, setAsText] = useState(false);
  const lines = result.rowArrays().map((r) => String(r[0] ?? ''));
  const root = parseExplain(lines);
  return (
    <div className="explain">
      <button type="button" className="link" aria-pressed={asText} onClick={() => setAsText(!asText)}>
        {asText ? 'Show as tree' : 'Show as text'}
      </button>
      {asText || root === null
        ? <pre className="plan-text">{lines.join('\n')}</pre>
        : <ul className="plan-tree" aria-label={`Plan of statement ${index + 1}`}><PlanTree node={root} /></ul>}
    </div>
  );
}

/** Copy / download buttons of a result with rows. */
function ExportButtons({ result, index }: { result: Result; index: number }): ReactElement {
  const [note, setNote] = useState('');
  const name = `statement-${index + 1}`;
  const csv = async (): Promise<string> => {
    setNote('Preparing CSV…');
    return toCsv(result.table, result.columns, (n) => setNote(`Preparing CSV… ${fmt.format(n)} rows`));
  };
  const run = (f: () => Promise<string>): void => {
    f().then(setNote, (e: unknown) => setNote(`Failed: ${e instanceof Error ? e.message : String(e)}`));
  };
  return (
    <div className="exports">
      <button type="button" onClick={() => run(async () => {
        await navigator.clipboard.writeText(await csv());
        return `Copied ${rowsText(result.table.numRows)} as CSV.`;
      })}>Copy CSV</button>
      <button type="button" onClick={() => run(async () => {
        download(`${name}.csv`, await csv(), 'text/csv');
        return `Saved ${name}.csv.`;
      })}>Download CSV</button>
      <button type="button" onClick={() => run(async () => {
        download(`${name}.arrow`, toArrowFile(result.table) as BlobPart, 'application/vnd.apache.arrow.file');
        return `Saved ${name}.arrow.`;
      })}>Download Arrow</button>
      <span className="export-note" role="status">{note}</span>
    </div>
  );
}

/** One statement's card. */
function StatementCard({ st, index }: { st: ScriptResult['statements'][number]; index: number }): ReactElement {
  const r = st.result;
  const hasRows = r.columns.length > 0;
  const isPlan = r.command === 'explain';
  return (
    <section className="result" aria-labelledby={`st-${index}-title`} data-statement={index + 1}>
      <header>
        <h3 id={`st-${index}-title`}>Statement {index + 1}</h3>
        <code className="stmt">{headline(st.sql)}</code>
      </header>
      <p className="meta">
        <span className="message">{r.message}</span>
        {' · '}<span className="rowcount">{rowsText(r.rowCount)}</span>
        {' · '}<span className="engine-time">engine {ms(st.elapsedMs)}</span>
      </p>
      {isPlan ? <ExplainView result={r} index={index} /> : null}
      {hasRows && !isPlan ? (
        <>
          {r.rowCount === 0 ? <p className="empty">No rows.</p> : null}
          <ResultGrid result={r} id={`grid-${index}`} label={`Rows of statement ${index + 1}`} />
          <ExportButtons result={r} index={index} />
        </>
      ) : null}
    </section>
  );
}

/** The error that stopped a script: code, message, caret under the position, hint, detail. */
function ErrorCard({ run, error, onShow }: { run: Run; error: DbError; onShow: (offset: number) => void }): ReactElement {
  const failedIndex = run.outcome.statements.length;
  const place = error.position !== undefined ? caretPlace(run.text, error.position) : null;
  const gutter = place === null ? '' : `${place.line + run.lineOffset} | `;
  return (
    <section className="result error" aria-labelledby="error-title" data-code={error.code}>
      <header>
        <h3 id="error-title">{run.outcome.failed !== null ? `Statement ${failedIndex + 1} failed` : 'The script did not run'}</h3>
        {run.outcome.failed !== null ? <code className="stmt">{headline(run.outcome.failed.sql)}</code> : null}
      </header>
      <p className="error-message"><code className="code">{error.code}</code> <span className="text">{error.message}</span></p>
      {place !== null ? (
        <>
          <p className="sr-only">Error at line {place.line + run.lineOffset}, column {place.column}:</p>
          <pre className="caret">{`${gutter}${place.lineText}\n${' '.repeat(gutter.length)}${place.pad}^`}</pre>
          <button type="button" className="link" onClick={() => onShow(run.offset + place.offset)}>Show in editor</button>
        </>
      ) : null}
      {error.detail !== undefined && !error.detail.startsWith('LINE ') ? <p className="detail"><strong>Detail:</strong> {error.detail}</p> : null}
      {error.hint !== undefined ? <p className="hint"><strong>Hint:</strong> {error.hint}</p> : null}
      {run.outcome.statements.length > 0 ? <p className="note">The statements before it ran; the ones after it did not.</p> : null}
    </section>
  );
}

/** Props of {@link Results}. */
export interface ResultsProps {
  readonly run: Run;
  /** Milliseconds the page took to draw the results (measured after they were drawn). */
  readonly renderMs: number | null;
  /** Puts the editor's caret at an offset of its text. */
  readonly onShow: (offset: number) => void;
}

/** Every statement's card, the error card, and a summary line. */
export function Results({ run, renderMs, onShow }: ResultsProps): ReactElement {
  const o = run.outcome;
  const engine = o.statements.reduce((a, s) => a + s.elapsedMs, 0);
  return (
    <div className="results" data-run={run.id}>
      <p className="summary" role="status" aria-live="polite">
        {`${o.statements.length} ${o.statements.length === 1 ? 'statement' : 'statements'} ran as ${run.user}`}
        {o.error !== null ? ', then one failed' : ''}
        {` · engine ${ms(engine)} · answer in the page after ${ms(run.roundTripMs)}`}
        {renderMs !== null ? ` · drawn in ${ms(renderMs)}` : ''}
      </p>
      {o.statements.map((st, i) => <StatementCard st={st} index={i} key={`${run.id}-${String(i)}`} />)}
      {o.error !== null ? <ErrorCard run={run} error={o.error} onShow={onShow} /> : null}
    </div>
  );
}
