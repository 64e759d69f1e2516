/**
 * The demo SQL console: a textarea, a Run button (or Ctrl+Enter), the result as a table and
 * errors with their SQLSTATE code. The engine runs in a Web Worker, in memory, as root.
 */
import { openDatabase, type Database, type Session } from '../src/index.ts';
import { formatError, renderResult } from './format.ts';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const sqlBox = $<HTMLTextAreaElement>('sql');
const runButton = $<HTMLButtonElement>('run');
const status = $<HTMLSpanElement>('status');
const message = $<HTMLSpanElement>('message');
const errorBox = $<HTMLPreElement>('error');
const table = $<HTMLTableElement>('result');

let db: Database | null = null;
let session: Session | null = null;

async function start(): Promise<void> {
  db = await openDatabase({ name: 'demo', worker: true, storage: 'memory' });
  session = await db.login('root', '');
  // For debugging and the e2e tests: the open database, the root session and openDatabase.
  (globalThis as Record<string, unknown>)['inkdbDemo'] = { db, session, openDatabase };
  status.textContent = `Ready: engine in a ${db.inWorker ? 'Web Worker' : 'the page'}, in memory, logged in as root.`;
  document.body.dataset['ready'] = 'true';
  runButton.disabled = false;
}

async function run(): Promise<void> {
  if (session === null || runButton.disabled) return;
  runButton.disabled = true;
  errorBox.hidden = true;
  errorBox.textContent = '';
  message.textContent = 'Running…';
  document.body.dataset['busy'] = 'true';
  const t0 = performance.now();
  try {
    const r = await session.query(sqlBox.value);
    renderResult(table, r);
    message.textContent = `${r.message} (${(performance.now() - t0).toFixed(1)} ms)`;
  } catch (e) {
    table.hidden = true;
    message.textContent = '';
    errorBox.textContent = formatError(e);
    errorBox.hidden = false;
  } finally {
    runButton.disabled = false;
    delete document.body.dataset['busy'];
  }
}

runButton.addEventListener('click', () => { void run(); });
sqlBox.addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
    ev.preventDefault();
    void run();
  }
});

start().catch((e: unknown) => {
  status.textContent = 'The engine failed to start.';
  errorBox.textContent = formatError(e);
  errorBox.hidden = false;
});
