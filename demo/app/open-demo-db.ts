/**
 * Opening the demo's database: the one seam where persistence and multi-tab sharing plug in.
 *
 * The demo asks for `storage: 'indexeddb'` (data that survives a reload), shared by every tab of
 * the origin that opens it (`openDatabase`'s default: one tab runs the engine, the others forward
 * to it; docs/ARCHITECTURE.md, "Many tabs"). Where a build cannot persist (0A000), or a browser
 * cannot share a database between tabs (no Web Locks or BroadcastChannel: a second tab gets
 * 55006), this tab falls back to memory and says so.
 */
import { openDatabase, type Database } from '../../src/index.ts';

/** The demo's IndexedDB database name. */
export const DEMO_DB_NAME = 'inkdb-demo';

/** The open database, and what it keeps. */
export interface DemoDatabase {
  readonly db: Database;
  /** Where the data lives. */
  readonly storage: 'indexeddb' | 'memory';
  /** Why the demo runs in memory, when it had to fall back (shown in the page). */
  readonly fallback: string | null;
}

function codeOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null ? (e as { code?: string }).code : undefined;
}

/** Opens the demo's database in a Worker: persisted when the engine can, in memory otherwise. */
export async function openDemoDatabase(): Promise<DemoDatabase> {
  try {
    const db = await openDatabase({ name: DEMO_DB_NAME, worker: true, storage: 'indexeddb' });
    return { db, storage: 'indexeddb', fallback: null };
  } catch (e) {
    const code = codeOf(e);
    // 0A000: persistence is not in this build. 55006: another tab holds the database and this browser cannot share it.
    if (code !== '0A000' && code !== '55006') throw e;
    const db = await openDatabase({ name: DEMO_DB_NAME, worker: true, storage: 'memory' });
    const fallback = code === '0A000'
      ? 'Persistence to IndexedDB is not in this build yet: data lives in memory and a reload starts over.'
      : 'Another tab has the database open and this browser cannot share it between tabs: this tab uses its own copy in memory.';
    return { db, storage: 'memory', fallback };
  }
}
