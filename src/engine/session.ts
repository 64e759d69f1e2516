/**
 * Sessions: who is connected, as whom, in which namespace, with which open transaction and
 * prepared statements. Login checks the password against `system.users`; a trusted session
 * (`openSession`) is opened for a user the application has already authenticated.
 */
import type * as A from '../sql/ast.ts';
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { Role, UserStore } from '../auth/users.ts';
import type { UndoLog } from '../storage/undo-log.ts';
import type { CachedPlan } from './statement-cache.ts';
import type { ExecContext } from '../exec/context.ts';
import type { JsValue } from '../types/vector.ts';

/** An open transaction. */
export interface Txn {
  readonly undo: UndoLog;
  /** A statement failed: only ROLLBACK (or COMMIT, which rolls back) is accepted. */
  failed: boolean;
}

/**
 * An open transaction as created by BEGIN. Hot-path objects are class instances, not object
 * literals: a literal's map lives only as long as some object has it, so a full GC between two
 * transactions would drop it and V8 would throw away every optimized function that checked it.
 */
export class Transaction implements Txn {
  failed = false;
  constructor(readonly undo: UndoLog) {}
  /** One transaction kept alive so its shape survives full GCs (see `Run.keepShape` in state.ts). */
  static readonly keepShape: Transaction = new Transaction(null as never);
}

/** A statement context that can serve the next run of a prepared statement (`StatementContext`). */
export interface RenewableContext extends ExecContext {
  /** True when it can serve a statement of session `s` now. */
  fits(s: Session): boolean;
  /** Makes it the context of a new statement with these parameters and undo log. */
  renew(params: readonly JsValue[], undo: UndoLog): void;
}

/**
 * What a prepared statement keeps between its runs: its compiled plan, and for a plan that
 * allows it (`PreparedModify.renewsContext`) its statement context and bound parameters.
 */
export interface DmlMemo {
  plan?: CachedPlan | undefined;
  ctx?: RenewableContext | null;
  bound?: JsValue[] | null;
}

/** A prepared statement of a session (a class for the reason {@link Transaction} gives). */
export class PreparedEntry implements DmlMemo {
  /** The statement's compiled plan while it is valid (saves the plan cache's lookup on every run). */
  plan: CachedPlan | undefined = undefined;
  /** The statement context of the last run, renewed by the next (single-row INSERTs; see `DmlMemo`). */
  ctx: RenewableContext | null = null;
  /** The bound parameters of the last run (their array is reused with the context). */
  bound: JsValue[] | null = null;
  constructor(readonly sql: string, readonly stmt: A.Statement) {}
  /** One entry kept alive so its shape survives full GCs (see `Run.keepShape` in state.ts). */
  static readonly keepShape: PreparedEntry = new PreparedEntry('', null as never);
}

/** A session's state. */
export interface Session {
  readonly id: string;
  user: string;
  role: Role;
  namespace: string;
  txn: Txn | null;
  readonly prepared: Map<number, PreparedEntry>;
  nextPrepared: number;
}

/** A new session's object (one literal, so that every session has one shape). */
function newSession(id: string, user: string, role: Role): Session {
  return { id, user, role, namespace: 'default', txn: null, prepared: new Map(), nextPrepared: 1 };
}

/** The open sessions of an engine. */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  private next = 1;
  /** The session {@link get} found last, by its id (a prepared statement per row asks for the same one on every call). */
  private lastId: string | null = null;
  private last: Session | null = null;

  constructor(private readonly users: UserStore) {}

  /** Checks the password and opens a session (28P01 on failure). */
  async login(user: string, password: string): Promise<string> {
    const u = await this.users.authenticate(user, password);
    return this.open(u.userId, u.role);
  }

  /**
   * Opens a session for an existing user the application has already authenticated (28000
   * when the user does not exist; the engine creates users first when asked to).
   */
  openTrusted(user: string): string {
    const u = this.users.find(user);
    if (u === undefined) {
      throw new DbError(SqlState.INVALID_AUTHORIZATION, `role "${user}" does not exist`, {
        hint: `Create the user first (CREATE USER '${user}' …), or open the session with { create: true }.`,
      });
    }
    return this.open(u.userId, u.role);
  }

  private open(user: string, role: Role): string {
    const id = `s${this.next++}`;
    this.sessions.set(id, newSession(id, user, role));
    return id;
  }

  /**
   * One session kept alive so its shape survives full GCs (see `Run.keepShape` in state.ts): the
   * code compiled for a prepared statement's path checks the session's shape, and a GC after the
   * last session of the last database closed would drop that code with the shape.
   */
  static readonly keepShape: Session = newSession('', '', 'user');

  /** A session by id, or 08003-style 28000 when closed or unknown. */
  get(id: string): Session {
    if (id === this.lastId) return this.last!;
    const s = this.sessions.get(id);
    if (s === undefined) throw new DbError(SqlState.INVALID_AUTHORIZATION, 'session is closed or does not exist', { hint: 'Log in again.' });
    this.lastId = id;
    this.last = s;
    return s;
  }

  /** A session by id, or undefined. */
  find(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  /** Forgets a session (the caller has ended its transaction). */
  delete(id: string): void {
    this.sessions.delete(id);
    if (id === this.lastId) {
      this.lastId = null;
      this.last = null;
    }
  }

  /** Every open session. */
  all(): IterableIterator<Session> {
    return this.sessions.values();
  }

  /** Ids of every open session. */
  ids(): string[] {
    return [...this.sessions.keys()];
  }

  /** A copy of a session acting as another user (EXECUTE AS USER): same transaction, own prepared map. */
  static actingAs(s: Session, user: string, role: Role): Session {
    return { ...s, user, role, prepared: new Map() };
  }
}
