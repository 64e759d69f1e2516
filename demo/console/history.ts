/**
 * The editor's history: scripts that ran, newest first, kept in localStorage across reloads
 * (the same entry run again moves to the top).
 */

/** localStorage key of the history. */
export const HISTORY_KEY = 'inkdb-demo:history';
/** Entries kept. */
export const HISTORY_MAX = 50;

/** One script that ran. */
export interface HistoryEntry {
  readonly sql: string;
  /** When it last ran (epoch ms). */
  readonly at: number;
  /** The user it ran as. */
  readonly user: string;
}

/** A storage like localStorage (tests pass a Map-backed one). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The stored history (empty when there is none or it cannot be read). */
export function loadHistory(store: KeyValueStore): HistoryEntry[] {
  try {
    const v = JSON.parse(store.getItem(HISTORY_KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((e): e is HistoryEntry => typeof e?.sql === 'string' && typeof e?.at === 'number').slice(0, HISTORY_MAX) : [];
  } catch {
    return [];
  }
}

/** Records a run; returns the new history. */
export function remember(store: KeyValueStore, sql: string, user: string, at = Date.now()): HistoryEntry[] {
  const text = sql.trim();
  const prev = loadHistory(store);
  if (text === '') return prev;
  const next = [{ sql: text, at, user }, ...prev.filter((e) => e.sql !== text)].slice(0, HISTORY_MAX);
  try {
    store.setItem(HISTORY_KEY, JSON.stringify(next));
  } catch {
    // storage full or disabled: the history lives for this page only
  }
  return next;
}
