/**
 * Wires live queries into the engine: the {@link LiveHost} that lets `live/` plan queries as a
 * subscriber (through the statement cache, with the subscriber's rights), coerce parameters,
 * make execution contexts and listen to the commit pipeline; and the engine-side subscribe
 * call (lock, transaction and statement checks before the registry takes over).
 */
import type { LiveSink } from '../api/engine-api.ts';
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { LiveHost, Subscriber } from '../live/host.ts';
import { LiveQueries } from './live-queries.ts';
import { UndoLog } from '../storage/undo-log.ts';
import { PartLoading } from '../exec/lazy-part.ts';
import { bindParams, compileQuery, statementContext } from './planning.ts';
import type { Session } from './session.ts';
import type { EngineState } from './state.ts';

/** Default of `EngineOptions.maxLiveQueriesPerSession`. */
export const DEFAULT_MAX_LIVE_QUERIES = 100;

/** A session-shaped view of a subscriber, for planning and contexts. */
function sessionOf(who: Subscriber): Session {
  return { id: who.sessionId, user: who.user, role: who.role, namespace: who.namespace, txn: null, prepared: new Map(), nextPrepared: 1 };
}

/** The host live queries run on. */
export function liveHost(db: EngineState): LiveHost {
  return {
    plan: (who, stmt, query) => compileQuery(db, sessionOf(who), stmt, query),
    bindParams,
    context: (who, params) => statementContext(db, sessionOf(who), params, new UndoLog()),
    now: () => db.seq.clock(),
    listen: (listener) => db.pipeline.subscribe(listener),
  };
}

/** Creates an engine's live queries (registry loaded on first use) and hooks `system.live` to them. */
export function createLiveRegistry(db: EngineState): LiveQueries {
  const live = new LiveQueries(() => import('../live/registry.ts').then(({ LiveRegistry }) =>
    new LiveRegistry(liveHost(db), { maxPerSession: db.options.maxLiveQueriesPerSession ?? DEFAULT_MAX_LIVE_QUERIES })));
  db.systemTables.live = () => live.records();
  return live;
}

/**
 * Starts a live query for a session: waits for another session's open transaction to end,
 * refuses one inside the session's own transaction (its rows could still roll back), parses
 * one statement and hands it to the registry, which delivers the initial rows to `sink`.
 */
export async function subscribeSession(db: EngineState, s: Session, sql: string, params: readonly unknown[], sink: LiveSink): Promise<string> {
  if (typeof sql !== 'string') throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'the SQL text must be a string');
  const registry = await db.live.load();
  while (db.lock.busyFor(s.id)) await db.lock.acquire(s.id);
  if (s.txn !== null) {
    throw new DbError(SqlState.ACTIVE_SQL_TRANSACTION, 'cannot subscribe inside a transaction block', {
      hint: 'Subscribe before BEGIN or after COMMIT: a live query starts from committed rows.',
    });
  }
  const stmts = db.cache.parse(sql);
  if (stmts.length !== 1) {
    throw new DbError(SqlState.SYNTAX_ERROR, stmts.length === 0 ? 'cannot subscribe to an empty statement' : 'cannot subscribe to multiple statements');
  }
  const who = { sessionId: s.id, user: s.user, role: s.role, namespace: s.namespace };
  for (;;) {
    try {
      return registry.subscribe(who, sql, stmts[0]!, params, sink);
    } catch (e) {
      // planning needed a part of the engine loaded on first use: load it and plan again
      if (!(e instanceof PartLoading)) throw e;
      await e.part.load();
      while (db.lock.busyFor(s.id)) await db.lock.acquire(s.id);
    }
  }
}
