/**
 * The demo's entry: opens the database in a Worker (persisted when the engine can), loads the
 * sample data set on first start, and renders the console and the chat app.
 */
import { createRoot } from 'react-dom/client';
import { openDatabase } from '../src/index.ts';
import { App, type DemoContext } from './app/App.tsx';
import { openDemoDatabase } from './app/open-demo-db.ts';
import { loadSampleData } from './app/sample-data.ts';
import { ChatBackend } from './chat/chat-backend.ts';
import { formatError } from './format.ts';

async function start(): Promise<void> {
  const opened = await openDemoDatabase();
  const { db } = opened;
  const root = await db.login('root', '');
  // For debugging and the e2e tests: the open database, the root session and openDatabase.
  (globalThis as Record<string, unknown>)['inkdbDemo'] = { db, session: root, openDatabase };
  await loadSampleData(db, root);
  const backend = await ChatBackend.open(db);
  // The Playwright kit's page hook, once the data set is there: in dev, and in builds made with
  // VITE_INKDB_TEST_HOOK=on (the e2e suite's); any other production build leaves it out entirely.
  if (import.meta.env.DEV || import.meta.env.VITE_INKDB_TEST_HOOK === 'on') {
    const { exposeForTesting } = await import('../src/testing/page-hook.ts');
    exposeForTesting(db);
  }
  // Live queries when the engine has them; the hooks poll otherwise (one seam: src/react/watch-query.ts).
  const liveMode = typeof (root as { subscribe?: unknown }).subscribe === 'function' ? 'subscribe' : 'poll';
  document.body.dataset['storage'] = opened.storage;
  document.body.dataset['live'] = liveMode;
  const ctx: DemoContext = { ...opened, root, backend, liveMode };
  createRoot(document.getElementById('app')!).render(<App ctx={ctx} />);
}

start().catch((e: unknown) => {
  const box = document.getElementById('boot-error')!;
  box.textContent = `The demo failed to start.\n${formatError(e)}`;
  box.hidden = false;
  document.body.dataset['ready'] = 'error';
});
