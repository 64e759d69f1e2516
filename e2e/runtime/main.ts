/**
 * The page of e2e/runtime.e2e.ts: InkDB's client with its engine in the module Worker, served
 * cross-origin isolated (COOP/COEP, see vite.config.ts here) so that a signal can stop a running
 * statement through the shared cancel flag. The spec drives it with `page.evaluate`.
 */
import { openDatabase, type Database, type Session } from '../../src/index.ts';

declare global {
  interface Window {
    /** What the spec uses. */
    runtime: {
      open(options?: { statementTimeoutMs?: number }): Promise<void>;
      session(): Session;
      db(): Database;
      /** Long tasks (ms) the PerformanceObserver saw since the last call. */
      takeLongTasks(): number[];
      /** `openDatabase` itself (e2e/multitab.e2e.ts opens shared, persisted databases with it). */
      openDatabase: typeof openDatabase;
    };
  }
}

let db: Database | undefined;
let session: Session | undefined;
let longTasks: number[] = [];

new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push(e.duration);
}).observe({ type: 'longtask', buffered: false });

window.runtime = {
  async open(options = {}) {
    await db?.close();
    db = await openDatabase({ name: 'runtime', storage: 'memory', ...options });
    session = await db.login('root', '');
  },
  session() {
    if (session === undefined) throw new Error('open() first');
    return session;
  },
  db() {
    if (db === undefined) throw new Error('open() first');
    return db;
  },
  takeLongTasks() {
    const t = longTasks;
    longTasks = [];
    return t;
  },
  openDatabase,
};
document.getElementById('status')!.textContent = 'ready';
