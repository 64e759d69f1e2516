/**
 * The engine: sessions, statement dispatch, transactions, DDL, DML and queries. This is the
 * one object the worker endpoint (or an in-process client, or a test) talks to; it has no DOM
 * dependency. Statements run one at a time; a session with an open transaction holds the
 * database until it commits or rolls back, so every transaction is serializable.
 *
 * @example
 * ```ts
 * const engine = createEngine();
 * const s = await engine.login('root', '');
 * await engine.execute(s, 'CREATE TABLE t (a INT)');
 * (await engine.execute(s, 'INSERT INTO t VALUES (1), (2)')).message; // 'Inserted 2 row(s)'
 * ```
 */
import type * as A from './sql/ast.ts';
import { parse, parseStatement, parseExpression } from './sql/parser.ts';
import { findLiteralSlots, shapeKey, slotValue } from './sql/shape.ts';
import { DbError, toDbError } from './errors/db-error.ts';
import { SqlState } from './errors/sqlstate.ts';
import { TextBudget } from './exec/expr/function-registry.ts';
import { Catalog } from './catalog/catalog.ts';
import { alterTable, checkNamespaceName, createIndex, createTable, dropIndex } from './catalog/ddl.ts';
import { loadSystemTable, type JobRecord } from './catalog/providers/system-tables.ts';
import type { TableDefinition } from './catalog/table-def.ts';
import { hashPassword, parseRole, UserStore, type Role } from './auth/users.ts';
import { atLeast, checkCreateTable, checkDba, checkExecuteAs, checkRead, checkWrite } from './auth/privileges.ts';
import { Binder, BindScope } from './plan/binder.ts';
import { bindDelete, bindInsert, bindUpdate, type BoundReturning } from './plan/bind-dml.ts';
import { pushDownFilters } from './plan/rules/push-down-filters.ts';
import { pruneColumns } from './plan/rules/prune-columns.ts';
import { decorrelateSubqueries } from './plan/rules/decorrelate-subqueries.ts';
import { pushAggregateThroughJoin } from './plan/rules/push-aggregate-through-join.ts';
import { PhysicalPlanner } from './plan/physical.ts';
import { renderExplain } from './plan/explain.ts';
import { isVolatile, type LogicalPlan } from './plan/logical.ts';
import type { ExecContext } from './exec/context.ts';
import type { PhysicalOp } from './exec/operator.ts';
import { prepareDelete, prepareInsert, prepareUpdate, type PreparedModify } from './exec/ops/modify.ts';
import { SnowflakeGenerator } from './storage/snowflake.ts';
import { checkRowKeys, columnFromObjects } from './storage/row-import.ts';
import { UndoLog } from './storage/undo-log.ts';
import type { TableStorage } from './storage/table-storage.ts';
import { coerceJsValue, castValue } from './types/cast.ts';
import type { DataType } from './types/data-type.ts';
import { vectorFromValues, type Batch, type JsValue, type Vector } from './types/vector.ts';
import type { ColumnInfo, EngineApi, EngineOptions, ExecResult } from './worker/protocol.ts';

/** An open transaction. */
interface Txn {
  readonly undo: UndoLog;
  failed: boolean;
}

/** A compiled query, cached per parsed statement. */
interface CompiledQuery {
  readonly catalogVersion: number;
  readonly namespace: string;
  readonly role: Role;
  readonly op: PhysicalOp;
  readonly columns: readonly ColumnInfo[];
  readonly paramTypes: readonly (DataType | undefined)[];
  readonly plan: LogicalPlan;
  readonly planner: PhysicalPlanner;
}

/** A compiled INSERT/UPDATE/DELETE, cached per parsed statement. */
interface CompiledDml {
  readonly catalogVersion: number;
  readonly namespace: string;
  readonly role: Role;
  readonly user: string;
  readonly prepared: PreparedModify;
  readonly columns: readonly ColumnInfo[];
  readonly paramTypes: readonly (DataType | undefined)[];
}

/** A session's state. */
interface Session {
  readonly id: string;
  user: string;
  role: Role;
  namespace: string;
  txn: Txn | null;
  readonly prepared: Map<number, { sql: string; stmt: A.Statement }>;
  nextPrepared: number;
}

const PARSE_CACHE_MAX = 4096;
const NO_SHAPES = typeof process !== 'undefined' && process.env?.INKDB_NO_SHAPES === '1';
const LOCK_TIMEOUT_MS = 10_000;

/** Creates an engine. */
export function createEngine(options: EngineOptions = {}): EngineApi & Engine {
  return new Engine(options);
}

/** The engine implementation (see {@link createEngine}). */
export class Engine implements EngineApi {
  readonly catalog = new Catalog();
  readonly users = new UserStore();
  readonly seq = new SnowflakeGenerator(1);
  readonly jobs: JobRecord[] = [];
  private readonly sessions = new Map<string, Session>();
  private readonly parseCache = new Map<string, A.Statement[]>();
  private readonly planCache = new WeakMap<object, CompiledQuery>();
  private readonly viewCache = new Map<string, A.Query>();
  private nextSession = 1;
  /** Session holding an open transaction (others wait). */
  private lockOwner: string | null = null;
  private readonly waiters: (() => void)[] = [];
  private closed = false;
  readonly options: EngineOptions;

  constructor(options: EngineOptions) {
    this.options = options;
    if (options.storage === 'indexeddb') {
      // persistence arrives with its own issue; refuse rather than silently keep data in memory
      throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, "storage 'indexeddb' is not supported yet: use storage: 'memory'");
    }
  }

  // ───────────────────────────── sessions ─────────────────────────────

  async login(user: string, password: string): Promise<string> {
    this.checkOpen();
    const u = await this.users.authenticate(user, password);
    return this.newSession(u.userId, u.role);
  }

  async openSession(user: string): Promise<string> {
    this.checkOpen();
    let u = this.users.find(user);
    if (u === undefined) {
      if (user === '' || user.startsWith('_')) throw new DbError(SqlState.INVALID_NAME, `invalid user name "${user}"`);
      const now = Date.now();
      u = { userId: user, role: 'user', email: null, authType: 'trusted', passwordHash: '', createdAt: now, updatedAt: now, deletedAt: null, lastLoginAt: now };
      this.users.users.set(user, u);
    }
    return this.newSession(u.userId, u.role);
  }

  private newSession(user: string, role: Role): string {
    const id = `s${this.nextSession++}`;
    this.sessions.set(id, { id, user, role, namespace: 'default', txn: null, prepared: new Map(), nextPrepared: 1 });
    return id;
  }

  async closeSession(sessionId: string): Promise<void> {
    const s = this.sessions.get(sessionId);
    if (s === undefined) return;
    if (s.txn !== null) this.endTxn(s, false);
    this.sessions.delete(sessionId);
  }

  async close(): Promise<void> {
    for (const id of [...this.sessions.keys()]) await this.closeSession(id);
    this.closed = true;
  }

  private checkOpen(): void {
    if (this.closed) throw new DbError(SqlState.ADMIN_SHUTDOWN, 'the database is closed');
  }

  private session(id: string): Session {
    this.checkOpen();
    const s = this.sessions.get(id);
    if (s === undefined) throw new DbError(SqlState.INVALID_AUTHORIZATION, 'session is closed or does not exist', { hint: 'Log in again.' });
    return s;
  }

  // ───────────────────────────── statements ─────────────────────────────

  async prepare(sessionId: string, sql: string): Promise<number> {
    const s = this.session(sessionId);
    const stmts = this.parseCached(sql);
    if (stmts.length !== 1) {
      throw new DbError(SqlState.SYNTAX_ERROR, stmts.length === 0 ? 'cannot prepare an empty statement' : 'cannot insert multiple commands into a prepared statement');
    }
    const stmt = stmts[0]!;
    if (stmt.kind === 'query') this.compileQuery(s, stmt, stmt.query);
    const id = s.nextPrepared++;
    s.prepared.set(id, { sql, stmt });
    return id;
  }

  async executePrepared(sessionId: string, statementId: number, params: readonly unknown[] = []): Promise<ExecResult> {
    const s = this.session(sessionId);
    const p = s.prepared.get(statementId);
    if (p === undefined) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `prepared statement ${statementId} does not exist`);
    if (this.lockOwner !== null && this.lockOwner !== s.id) await this.acquire(s);
    return this.runStatement(s, p.stmt, params);
  }

  async closePrepared(sessionId: string, statementId: number): Promise<void> {
    this.session(sessionId).prepared.delete(statementId);
  }

  async execute(sessionId: string, sql: string, params: readonly unknown[] = []): Promise<ExecResult> {
    const s = this.session(sessionId);
    if (typeof sql !== 'string') throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'the SQL text must be a string');
    if (params.length === 0 && !NO_SHAPES && !this.parseCache.has(sql)) {
      const shaped = this.shaped(sql);
      if (shaped !== null) {
        if (this.lockOwner !== null && this.lockOwner !== s.id) await this.acquire(s);
        return this.runStatement(s, shaped.stmt, shaped.params, shaped.literals);
      }
    }
    const stmts = this.parseCached(sql);
    if (stmts.length === 0) return emptyResult('', 'empty');
    if (stmts.length > 1 && params.length > 0) {
      throw new DbError(SqlState.SYNTAX_ERROR, 'cannot insert multiple commands into a prepared statement', { hint: 'Parameters are only allowed with a single statement.' });
    }
    if (this.lockOwner !== null && this.lockOwner !== s.id) await this.acquire(s);
    if (stmts.length > 1) for (const st of stmts) this.authorize(s, st);
    let last: ExecResult = emptyResult('', 'empty');
    for (const st of stmts) {
      const r = this.runStatement(s, st, params);
      last = r instanceof Promise ? await r : r;
    }
    return last;
  }

  /** Bulk insert of plain objects (the provider handle's fast path). */
  async insertRows(sessionId: string, table: string, rows: readonly Record<string, unknown>[]): Promise<ExecResult> {
    const s = this.session(sessionId);
    if (this.lockOwner !== null && this.lockOwner !== s.id) await this.acquire(s);
    const name = parseQualified(table);
    return this.inStatement(s, (undo) => {
      const b = this.binder(s);
      const { ns, name: t } = b.resolveName(name);
      const storage = this.catalog.findTable(ns, t);
      if (storage === undefined) throw new DbError(SqlState.UNDEFINED_TABLE, `relation "${table}" does not exist`);
      checkWrite(storage.def, s.role);
      const def = storage.def;
      const n = rows.length;
      if (!Array.isArray(rows)) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'rows must be an array of objects');
      checkRowKeys(rows, new Set(def.columns.filter((c) => !c.hidden).map((c) => c.name)), def.name);
      const vectors: Vector[] = def.columns.map((c) => {
        if (c.hidden) return { type: c.type, length: n, data: new Uint8Array(0), nulls: null } as Vector;
        return columnFromObjects(rows, c.name, c.type, this.defaultSupplier(s, c.defaultSql, c.type));
      });
      checkRowConstraints(def, vectors, n);
      const part = storage.writePartition({ user: s.user, role: s.role });
      // the column vectors were built for this insert only: storage may adopt their arrays
      storage.insert(part, vectors, n, null, this.seq, undo, true);
      return dmlResult('insert', n, null, []);
    });
  }

  /**
   * A SELECT whose condition literals can be parameters: returns the statement shared by every
   * text of the same shape, and this text's literal values as parameters (see `sql/shape.ts`).
   */
  private shaped(sql: string): { stmt: A.Statement; params: JsValue[]; literals: ReadonlyMap<A.LiteralExpr, number> } | null {
    const shape = shapeKey(sql);
    if (shape === null || shape.literals.length === 0) return null;
    let entry = this.shapeCache.get(shape.key);
    if (entry === undefined) {
      let stmts: A.Statement[];
      try { stmts = this.parseCached(sql); } catch { return null; }
      const slots = stmts.length === 1 ? findLiteralSlots(stmts[0]!, shape) : null;
      entry = slots === null ? null : {
        stmt: stmts[0]!, negated: slots.map((x) => x.negated),
        literals: new Map(slots.map((x, i) => [x.node, i + 1] as const)),
      };
      if (this.shapeCache.size >= PARSE_CACHE_MAX) this.shapeCache.delete(this.shapeCache.keys().next().value as string);
      this.shapeCache.set(shape.key, entry);
    }
    if (entry === null) return null;
    const params = shape.literals.map((t, i) => slotValue(t, entry!.negated[i]!));
    return { stmt: entry.stmt, params, literals: entry.literals };
  }

  private readonly shapeCache = new Map<string, { stmt: A.Statement; negated: boolean[]; literals: ReadonlyMap<A.LiteralExpr, number> } | null>();

  private parseCached(sql: string): A.Statement[] {
    let stmts = this.parseCache.get(sql);
    if (stmts === undefined) {
      stmts = parse(sql);
      if (this.parseCache.size >= PARSE_CACHE_MAX) this.parseCache.delete(this.parseCache.keys().next().value as string);
      this.parseCache.set(sql, stmts);
    }
    return stmts;
  }

  /** Waits while another session holds an open transaction. */
  private async acquire(s: Session): Promise<void> {
    if (this.lockOwner === null || this.lockOwner === s.id) return;
    const deadline = Date.now() + LOCK_TIMEOUT_MS;
    while (this.lockOwner !== null && this.lockOwner !== s.id) {
      const left = deadline - Date.now();
      if (left <= 0) throw new DbError(SqlState.LOCK_NOT_AVAILABLE, 'canceling statement due to lock timeout', { detail: 'Another session has an open transaction.' });
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  private release(): void {
    this.lockOwner = null;
    const w = this.waiters.splice(0);
    for (const f of w) f();
  }

  /** Runs one statement with statement-level atomicity. */
  private runStatement(s: Session, st: A.Statement, params: readonly unknown[], literals?: ReadonlyMap<A.LiteralExpr, number>): ExecResult | Promise<ExecResult> {
    if (st.kind === 'transaction') return this.runTransaction(s, st);
    if (s.txn !== null && s.txn.failed) {
      throw new DbError(SqlState.IN_FAILED_SQL_TRANSACTION, 'current transaction is aborted, commands ignored until end of transaction block');
    }
    if (st.kind === 'create_user' || st.kind === 'alter_user') return this.runUserStatement(s, st);
    return this.inStatement(s, (undo) => this.dispatch(s, st, params, undo, literals));
  }

  private inStatement<T>(s: Session, f: (undo: UndoLog) => T): T {
    const undo = s.txn?.undo ?? new UndoLog();
    const mark = undo.mark();
    try {
      const r = f(undo);
      if (s.txn === null) this.afterCommit(undo);
      return r;
    } catch (e) {
      undo.rollbackTo(mark);
      if (s.txn !== null) s.txn.failed = true;
      throw toDbError(e);
    }
  }

  /** After a commit: forget the undo log, compact partitions with many deleted rows. */
  private afterCommit(undo: UndoLog): void {
    const touched = new Set<import('./storage/partition.ts').Partition>();
    for (const e of undo.entries) if (e.kind === 'delete') touched.add(e.part);
    undo.clear();
    for (const p of touched) if (p.deletedCount > 1024 && p.deletedCount * 2 > p.length) p.compact();
  }

  private runTransaction(s: Session, st: A.TransactionStatement): ExecResult {
    switch (st.action) {
      case 'begin':
        if (s.txn !== null) {
          throw new DbError(SqlState.ACTIVE_SQL_TRANSACTION, 'there is already a transaction in progress');
        }
        s.txn = { undo: new UndoLog(), failed: false };
        this.lockOwner = s.id;
        return emptyResult('BEGIN', 'begin');
      case 'commit': {
        if (s.txn === null) throw new DbError(SqlState.NO_ACTIVE_SQL_TRANSACTION, 'there is no transaction in progress');
        const failed = s.txn.failed;
        this.endTxn(s, !failed);
        return emptyResult(failed ? 'ROLLBACK' : 'COMMIT', 'commit');
      }
      case 'rollback':
        if (s.txn === null) throw new DbError(SqlState.NO_ACTIVE_SQL_TRANSACTION, 'there is no transaction in progress');
        this.endTxn(s, false);
        return emptyResult('ROLLBACK', 'rollback');
    }
  }

  private endTxn(s: Session, commit: boolean): void {
    const t = s.txn!;
    if (commit) this.afterCommit(t.undo); else t.undo.rollbackTo(0);
    s.txn = null;
    if (this.lockOwner === s.id) this.release();
  }

  /** Checks privileges of a statement before a script runs (so a denied script changes nothing). */
  private authorize(s: Session, st: A.Statement): void {
    switch (st.kind) {
      case 'create_namespace': case 'drop_namespace': checkDba(s.role, 'manage namespaces'); break;
      case 'drop_table': checkDba(s.role, 'drop tables'); break;
      case 'create_user': case 'alter_user': case 'drop_user': checkDba(s.role, 'manage users'); break;
      case 'storage_flush': if (!atLeast(s.role, 'service')) checkDba(s.role, 'flush storage'); break;
      case 'create_table': checkCreateTable(tableKindOf(st), s.role); break;
      case 'insert': case 'update': case 'delete': {
        const t = this.tryTable(s, st.table);
        if (t !== undefined) checkWrite(t.def, s.role);
        break;
      }
      default: break;
    }
  }

  private tryTable(s: Session, n: A.QualifiedName): TableStorage | undefined {
    const ns = n.parts.length > 1 ? n.parts[0]! : s.namespace;
    return this.catalog.findTable(ns, n.parts[n.parts.length - 1]!);
  }

  private binder(s: Session, literalParams?: ReadonlyMap<A.LiteralExpr, number>): Binder {
    return new Binder({
      catalog: this.catalog, namespace: s.namespace, user: s.user, role: s.role, literalParams,
      systemTable: (name) => loadSystemTable(name, {
        catalog: this.catalog, users: this.users, jobs: this.jobs, live: () => [], stats: () => this.statsRows(),
      }),
      onTableRead: (def: TableDefinition) => checkRead(def, s.role),
      parseView: (sql) => {
        let q = this.viewCache.get(sql);
        if (q === undefined) {
          const st = parseStatement(sql);
          if (st.kind !== 'query') throw new DbError(SqlState.INTERNAL_ERROR, 'internal error: view text is not a query');
          q = st.query;
          this.viewCache.set(sql, q);
        }
        return q;
      },
    });
  }

  private statsRows(): JsValue[][] {
    const rows: JsValue[][] = [];
    for (const t of this.catalog.allTables()) {
      for (const p of t.partitions.values()) {
        let bytes = 0;
        for (const c of p.columns) bytes += Array.isArray(c.data) ? p.length * 16 : (c.data as Int32Array).BYTES_PER_ELEMENT * p.length;
        rows.push([t.def.namespace, t.def.name, p.key, BigInt(p.liveCount), BigInt(p.deletedCount), BigInt(bytes), 0n, 0n, 0n]);
      }
    }
    return rows;
  }

  private execContext(s: Session, params: readonly JsValue[], undo: UndoLog): ExecContext {
    return new StatementContext(params, s, undo, this.seq, this.options.maxStatementBytes);
  }

  /** Coerces parameters to the types the binder inferred. */
  private bindParams(types: readonly (DataType | undefined)[], params: readonly unknown[]): JsValue[] {
    const out: JsValue[] = [null];
    const wanted = Math.max(0, types.length - 1);
    if (params.length > wanted) {
      throw new DbError(SqlState.PROTOCOL_VIOLATION, `bind message supplies ${params.length} parameters, but prepared statement "" requires ${wanted}`);
    }
    for (let i = 0; i < params.length; i++) {
      const t = types[i + 1] ?? inferJsType(params[i]);
      out.push(coerceJsValue(params[i], t));
    }
    for (let i = params.length + 1; i < types.length; i++) {
      if (types[i] !== undefined) throw new DbError(SqlState.UNDEFINED_PARAMETER, `there is no parameter $${i}`, { hint: `The statement uses $${i} but ${params.length} parameter(s) were given.` });
    }
    return out;
  }

  /** Binds, optimizes and compiles a query (cached per parsed statement). */
  private compileQuery(s: Session, st: A.Statement, q: A.Query, literals?: ReadonlyMap<A.LiteralExpr, number>): CompiledQuery {
    const cacheKey: object = literals ?? st;
    const cached = this.planCache.get(cacheKey);
    if (cached !== undefined && cached.catalogVersion === this.catalog.version && cached.namespace === s.namespace && cached.role === s.role) return cached;
    const b = this.binder(s, literals);
    const bound = b.bindQuery(q);
    const plan = pruneColumns(pushAggregateThroughJoin(pushDownFilters(decorrelateSubqueries(bound.plan)), (n, t) => b.newId(n, t)));
    const planner = new PhysicalPlanner(b.columns);
    const op = planner.compilePlan(plan);
    const compiled: CompiledQuery = {
      catalogVersion: this.catalog.version, namespace: s.namespace, role: s.role, op, plan, planner,
      columns: bound.names.map((name, i) => ({ name, type: bound.types[i] === 'null' ? 'text' : bound.types[i]! })),
      paramTypes: b.paramTypes,
    };
    this.planCache.set(cacheKey, compiled);
    return compiled;
  }

  private dispatch(s: Session, st: A.Statement, params: readonly unknown[], undo: UndoLog, literals?: ReadonlyMap<A.LiteralExpr, number>): ExecResult {
    switch (st.kind) {
      case 'query': {
        const cq = this.compileQuery(s, st, st.query, literals);
        const ctx = this.execContext(s, this.bindParams(cq.paramTypes, params), undo);
        const batch = cq.op.run(ctx);
        return queryResult(cq.columns, batch);
      }
      case 'insert': case 'update': case 'delete': return this.runDml(s, st, params, undo);
      case 'create_namespace': {
        checkDba(s.role, 'create namespaces');
        checkNamespaceName(st.name, st.pos);
        if (this.catalog.namespaces.has(st.name)) {
          if (st.ifNotExists) return emptyResult(`Namespace ${st.name} already exists`, 'create_namespace');
          throw new DbError(SqlState.DUPLICATE_SCHEMA, `namespace "${st.name}" already exists`);
        }
        this.catalog.createNamespace(st.name, undo);
        return emptyResult(`Namespace ${st.name} created`, 'create_namespace');
      }
      case 'drop_namespace': {
        checkDba(s.role, 'drop namespaces');
        const ns = this.catalog.namespaces.get(st.name);
        if (ns === undefined) {
          if (st.ifExists) return emptyResult(`Namespace ${st.name} does not exist, skipping`, 'drop_namespace');
          throw new DbError(SqlState.INVALID_SCHEMA_NAME, `namespace "${st.name}" does not exist`);
        }
        if (st.name === 'default') throw new DbError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, 'cannot drop namespace default');
        if ((ns.tables.size > 0 || ns.views.size > 0) && !st.cascade) {
          throw new DbError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, `cannot drop namespace ${st.name} because other objects depend on it`, {
            detail: `${ns.tables.size} table(s) and ${ns.views.size} view(s) are in it.`, hint: 'Use DROP NAMESPACE ... CASCADE to drop the dependent objects too.',
          });
        }
        for (const t of [...ns.tables.values()]) this.catalog.dropTable(t, undo);
        for (const v of [...ns.views.values()]) this.catalog.dropView(v, undo);
        this.catalog.dropNamespace(st.name, undo);
        for (const other of this.sessions.values()) if (other.namespace === st.name) other.namespace = 'default';
        return emptyResult(`Namespace ${st.name} dropped`, 'drop_namespace');
      }
      case 'use_namespace': {
        this.catalog.namespace(st.name);
        s.namespace = st.name;
        return emptyResult(`Namespace switched to ${st.name}`, 'use_namespace');
      }
      case 'show': return this.runShow(s, st);
      case 'describe_table': return this.runDescribe(s, st);
      case 'create_table': return this.runCreateTable(s, st, undo);
      case 'drop_table': return this.runDropTable(s, st, undo);
      case 'alter_table': {
        const storage = this.requireTable(s, st.name, st.ifExists);
        if (storage === null) return emptyResult(`Table ${st.name.parts.join('.')} does not exist, skipping`, 'alter_table');
        checkCreateTable(storage.def.kind, s.role);
        const msg = alterTable(this.catalog, storage, st.action, undo, (sql, type) => this.evalConstDefault(s, sql, type));
        return emptyResult(msg, 'alter_table');
      }
      case 'create_index': {
        const ns = this.nsOf(s, st.table);
        if (ns === 'system') throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, 'permission denied: system tables are read-only');
        const t = this.catalog.findTable(ns, st.table.parts[st.table.parts.length - 1]!);
        if (t !== undefined) checkCreateTable(t.def.kind, s.role);
        const made = createIndex(this.catalog, ns, st, undo);
        return emptyResult(made ? 'Index created' : 'Index already exists, skipping', 'create_index');
      }
      case 'drop_index': {
        const ns = st.name.parts.length > 1 ? st.name.parts[0]! : s.namespace;
        const dropped = dropIndex(this.catalog, ns, st, undo);
        return emptyResult(dropped ? 'Index dropped' : 'Index does not exist, skipping', 'drop_index');
      }
      case 'create_view': {
        const ns = this.nsOf(s, st.name);
        const name = st.name.parts[st.name.parts.length - 1]!;
        const entry = this.catalog.namespace(ns);
        if (entry.tables.has(name) || (entry.views.has(name) && !st.orReplace)) {
          if (st.ifNotExists) return emptyResult(`View ${ns}.${name} already exists`, 'create_view');
          throw new DbError(SqlState.DUPLICATE_TABLE, `relation "${name}" already exists`, { position: st.name.pos + 1 });
        }
        // validate: the view must bind now
        const b = this.binder(s);
        const bound = b.bindQuery(st.query);
        if (st.columns.length > bound.names.length) throw new DbError(SqlState.SYNTAX_ERROR, 'CREATE VIEW specifies more column names than columns');
        const sql = st.queryText;
        this.catalog.addView({ namespace: ns, name, columns: st.columns, sql, createdAt: Date.now() }, undo);
        return emptyResult(`View ${ns}.${name} created`, 'create_view');
      }
      case 'drop_view': {
        for (const n of st.names) {
          const ns = this.nsOf(s, n);
          const name = n.parts[n.parts.length - 1]!;
          const v = this.catalog.findView(ns, name);
          if (v === undefined) {
            if (st.ifExists) continue;
            if (this.catalog.findTable(ns, name) !== undefined) throw new DbError(SqlState.WRONG_OBJECT_TYPE, `"${name}" is not a view`, { hint: 'Use DROP TABLE to remove a table.' });
            throw new DbError(SqlState.UNDEFINED_TABLE, `view "${name}" does not exist`);
          }
          this.catalog.dropView(v, undo);
        }
        return emptyResult('View dropped', 'drop_view');
      }
      case 'drop_user': {
        checkDba(s.role, 'drop users');
        const u = this.users.find(st.name);
        if (u === undefined) {
          if (st.ifExists) return emptyResult(`User ${st.name} does not exist, skipping`, 'drop_user');
          throw new DbError(SqlState.UNDEFINED_OBJECT, `role "${st.name}" does not exist`);
        }
        if (u.userId === 'root') throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, 'cannot drop the root user');
        const when = Date.now();
        u.deletedAt = when;
        undo.push({ kind: 'catalog', undo: () => { u.deletedAt = null; } });
        // the user's rows go with them
        for (const t of this.catalog.allTables()) {
          const p = t.partitions.get(u.userId);
          if (p !== undefined && (t.def.kind === 'user' || t.def.kind === 'stream')) {
            t.partitions.delete(u.userId);
            undo.push({ kind: 'catalog', undo: () => { t.partitions.set(u.userId, p); } });
          }
        }
        return emptyResult(`User ${st.name} dropped`, 'drop_user');
      }
      case 'execute_as': return this.runExecuteAs(s, st, params, undo);
      case 'subscribe':
        throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'SUBSCRIBE TO is not supported yet', { hint: 'Live queries arrive with their own issue.' });
      case 'kill_live_query':
        throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'KILL LIVE QUERY is not supported yet', { hint: 'Live queries arrive with their own issue.' });
      case 'storage_flush':
        throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'STORAGE FLUSH is not supported yet: this database keeps its data in memory only', { hint: 'Persistence to IndexedDB arrives with its own issue.' });
      case 'explain': return this.runExplain(s, st);
      case 'create_user': case 'alter_user': case 'transaction':
        throw new DbError(SqlState.INTERNAL_ERROR, `internal error: ${st.kind} dispatched synchronously`);
    }
  }

  private nsOf(s: Session, n: A.QualifiedName): string {
    return n.parts.length > 1 ? n.parts[0]! : s.namespace;
  }

  private requireTable(s: Session, n: A.QualifiedName, ifExists: boolean): TableStorage | null {
    const ns = this.nsOf(s, n);
    if (ns === 'system') {
      throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, `permission denied: system.${n.parts[n.parts.length - 1]} is a read-only system table`);
    }
    const t = this.catalog.findTable(ns, n.parts[n.parts.length - 1]!);
    if (t === undefined) {
      if (ifExists) return null;
      if (!this.catalog.namespaces.has(ns)) this.catalog.namespace(ns);
      throw new DbError(SqlState.UNDEFINED_TABLE, `relation "${n.parts.join('.')}" does not exist`, { position: n.pos + 1 });
    }
    return t;
  }

  /** A supplier of a column's default: cached when constant, evaluated per call when volatile. */
  private defaultSupplier(s: Session, sql: string | null, type: DataType): () => JsValue {
    if (sql === null) return () => null;
    let e: import('./plan/logical.ts').BoundExpr | null = null;
    let cached: { v: JsValue } | null = null;
    return () => {
      if (cached !== null) return cached.v;
      e ??= this.bindDefault(s, sql, type);
      const v = this.evalConstDefault(s, sql, type);
      if (!isVolatile(e)) cached = { v };
      return v;
    };
  }

  /** Parses, binds and evaluates a DEFAULT expression that must not depend on rows. */
  private evalConstDefault(s: Session, sql: string, type: DataType): JsValue {
    const e = this.bindDefault(s, sql, type);
    const planner = new PhysicalPlanner([]);
    const ctx = this.execContext(s, [null], new UndoLog());
    const v = planner.expr(e, [])({ length: 1, columns: [] }, null, ctx);
    if (v.type === 'null' || (v.nulls !== null && v.nulls[0] === 1)) return null;
    return v.type === 'boolean' ? (v.data as Uint8Array)[0] === 1 : (v.data as ArrayLike<JsValue>)[0]!;
  }

  private bindDefault(s: Session, sql: string, type: DataType) {
    const b = this.binder(s);
    const expr = parseExpression(sql);
    const e = b.bindExpr(expr, new BindScope(null), null, null, type);
    if (e.type !== type && e.type !== 'null') {
      try { return castExpr(e, type); } catch (err) { throw toDbError(err); }
    }
    return e.type === 'null' ? { kind: 'const' as const, type, value: null } : e;
  }

  private runCreateTable(s: Session, st: A.CreateTableStatement, undo: UndoLog): ExecResult {
    const ns = this.nsOf(s, st.name);
    if (ns === 'system') throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, 'cannot create tables in namespace system');
    checkCreateTable(tableKindOf(st), s.role);
    if (!this.catalog.namespaces.has(ns)) {
      throw new DbError(SqlState.INVALID_SCHEMA_NAME, `namespace "${ns}" does not exist`, { hint: `Create it first: CREATE NAMESPACE ${ns}` });
    }
    let stmt = st;
    let source: { names: readonly string[]; types: readonly DataType[] } | null = null;
    if (st.asQuery !== null) {
      const b = this.binder(s);
      const bound = b.bindQuery(st.asQuery);
      source = { names: bound.names, types: bound.types };
      stmt = {
        ...st,
        columns: bound.names.map((name, i) => ({
          name, type: { type: bound.types[i] === 'null' ? 'text' : bound.types[i]!, name: bound.types[i] === 'null' ? 'text' : bound.types[i]! },
          notNull: false, nullable: false, defaultExpr: null, primaryKey: false, unique: false, pos: st.pos,
        })),
      };
    }
    const storage = createTable(this.catalog, ns, stmt, undo, (sql, type) => { this.bindDefault(s, sql, type); });
    if (storage === null) return emptyResult(`Table ${ns}.${st.name.parts[st.name.parts.length - 1]} already exists, skipping`, 'create_table');
    if (source !== null && st.asQuery !== null) {
      const ins: A.InsertStatement = {
        kind: 'insert', pos: st.pos, table: { parts: [ns, storage.def.name], pos: st.pos }, alias: null, columns: [],
        source: st.asQuery, onConflict: null, returning: [],
      };
      this.runDml(s, ins, [], undo);
    }
    return emptyResult(`Table ${ns}.${storage.def.name} created`, 'create_table');
  }

  private runDropTable(s: Session, st: A.DropTableStatement, undo: UndoLog): ExecResult {
    checkDba(s.role, 'drop tables');
    const dropped: string[] = [];
    for (const n of st.names) {
      const storage = this.requireTable(s, n, st.ifExists);
      if (storage === null) {
        const ns = this.nsOf(s, n);
        if (this.catalog.findView(ns, n.parts[n.parts.length - 1]!) !== undefined) {
          throw new DbError(SqlState.WRONG_OBJECT_TYPE, `"${n.parts[n.parts.length - 1]}" is not a table`, { hint: 'Use DROP VIEW to remove a view.' });
        }
        continue;
      }
      if (st.tableType !== null && storage.def.kind !== st.tableType) {
        throw new DbError(SqlState.WRONG_OBJECT_TYPE, `"${storage.def.namespace}.${storage.def.name}" is a ${storage.def.kind} table, not a ${st.tableType} table`);
      }
      this.catalog.dropTable(storage, undo);
      dropped.push(`${storage.def.namespace}.${storage.def.name}`);
    }
    if (dropped.length === 0) return emptyResult('Table does not exist, skipping', 'drop_table');
    return emptyResult(dropped.map((d) => `Table ${d} dropped`).join('; '), 'drop_table');
  }

  private runDml(s: Session, st: A.InsertStatement | A.UpdateStatement | A.DeleteStatement, params: readonly unknown[], undo: UndoLog): ExecResult {
    const c = this.compileDml(s, st);
    const ctx = this.execContext(s, this.bindParams(c.paramTypes, params), undo);
    const res = c.prepared.run(ctx);
    return dmlResult(st.kind, res.count, res.returning, c.columns);
  }

  /** Binds and compiles a DML statement (cached per parsed statement like queries). */
  private compileDml(s: Session, st: A.InsertStatement | A.UpdateStatement | A.DeleteStatement): CompiledDml {
    const cached = this.dmlCache.get(st);
    if (cached !== undefined && cached.catalogVersion === this.catalog.version && cached.namespace === s.namespace && cached.role === s.role && cached.user === s.user) return cached;
    const b = this.binder(s);
    const bindDefault = (sql: string, type: DataType) => this.bindDefault(s, sql, type);
    const planner = new PhysicalPlanner(b.columns);
    let prepared: PreparedModify;
    let returning: BoundReturning | null;
    if (st.kind === 'insert') {
      const bound = bindInsert(b, st, bindDefault);
      checkWrite(bound.def, s.role);
      prepared = prepareInsert({ ...bound, source: pruneColumns(pushDownFilters(bound.source)) }, planner);
      returning = bound.returning;
    } else if (st.kind === 'update') {
      const bound = bindUpdate(b, st, bindDefault);
      checkWrite(bound.def, s.role);
      prepared = prepareUpdate({ ...bound, plan: pushDownFilters(bound.plan) }, planner);
      returning = bound.returning;
    } else {
      const bound = bindDelete(b, st);
      checkWrite(bound.def, s.role);
      prepared = prepareDelete({ ...bound, plan: pushDownFilters(bound.plan) }, planner);
      returning = bound.returning;
    }
    const columns: ColumnInfo[] = returning === null ? [] : returning.names.map((name, i) => ({ name, type: returning!.exprs[i]!.type === 'null' ? 'text' : returning!.exprs[i]!.type }));
    const compiled: CompiledDml = {
      catalogVersion: this.catalog.version, namespace: s.namespace, role: s.role, user: s.user,
      prepared, columns, paramTypes: b.paramTypes,
    };
    // volatile defaults and sequences are evaluated per run, so caching the compiled form is safe
    this.dmlCache.set(st, compiled);
    return compiled;
  }

  private readonly dmlCache = new WeakMap<A.Statement, CompiledDml>();

  private async runUserStatement(s: Session, st: A.CreateUserStatement | A.AlterUserStatement): Promise<ExecResult> {
    checkDba(s.role, 'manage users');
    if (st.kind === 'create_user') {
      if (this.users.find(st.name) !== undefined) {
        if (st.ifNotExists) return emptyResult(`User ${st.name} already exists, skipping`, 'create_user');
        throw new DbError(SqlState.DUPLICATE_OBJECT, `role "${st.name}" already exists`);
      }
      if (st.name === '' || st.name.startsWith('_')) throw new DbError(SqlState.INVALID_NAME, `invalid user name "${st.name}"`);
      const role = parseRole(st.role ?? 'user');
      if (role === 'system' && s.role !== 'system') throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, 'only system users can create system users');
      const hash = await hashPassword(st.password ?? '');
      return this.inStatement(s, (undo) => {
        const now = Date.now();
        const prev = this.users.users.get(st.name);
        this.users.users.set(st.name, { userId: st.name, role, email: st.email, authType: 'password', passwordHash: hash, createdAt: now, updatedAt: now, deletedAt: null, lastLoginAt: null });
        undo.push({ kind: 'catalog', undo: () => { if (prev === undefined) this.users.users.delete(st.name); else this.users.users.set(st.name, prev); } });
        return emptyResult(`User ${st.name} created`, 'create_user');
      });
    }
    const u = this.users.find(st.name);
    if (u === undefined) throw new DbError(SqlState.UNDEFINED_OBJECT, `role "${st.name}" does not exist`);
    const a = st.action;
    const hash = a.kind === 'password' ? await hashPassword(a.value) : null;
    return this.inStatement(s, (undo) => {
      const before = { role: u.role, email: u.email, passwordHash: u.passwordHash, updatedAt: u.updatedAt };
      if (a.kind === 'password') u.passwordHash = hash!;
      else if (a.kind === 'role') {
        const r = parseRole(a.value);
        if (r === 'system' && s.role !== 'system') throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, 'only system users can grant the system role');
        u.role = r;
      } else u.email = a.value;
      u.updatedAt = Date.now();
      undo.push({ kind: 'catalog', undo: () => { Object.assign(u, before); } });
      for (const other of this.sessions.values()) if (other.user === u.userId) other.role = u.role;
      return emptyResult(`User ${st.name} altered`, 'alter_user');
    });
  }

  private runExecuteAs(s: Session, st: A.ExecuteAsStatement, params: readonly unknown[], undo: UndoLog): ExecResult {
    const target = this.users.find(st.user);
    if (target === undefined) throw new DbError(SqlState.UNDEFINED_OBJECT, `role "${st.user}" does not exist`);
    checkExecuteAs({ user: s.user, role: s.role }, { user: target.userId, role: target.role });
    const inner = st.statement;
    if (inner.kind === 'insert' || inner.kind === 'update' || inner.kind === 'delete') {
      const t = this.tryTable(s, inner.table);
      if (t !== undefined && t.def.kind === 'shared') {
        throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, 'EXECUTE AS USER is not allowed on SHARED tables');
      }
    }
    if (inner.kind === 'query' && this.queryTouchesShared(s, inner.query)) {
      throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, 'EXECUTE AS USER is not allowed on SHARED tables');
    }
    if (inner.kind === 'transaction' || inner.kind === 'execute_as' || inner.kind === 'create_user' || inner.kind === 'alter_user') {
      throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `EXECUTE AS USER cannot run ${inner.kind.replace('_', ' ')} statements`);
    }
    const as: Session = { ...s, user: target.userId, role: target.role, prepared: new Map() };
    return this.dispatch(as, inner, params, undo);
  }

  private queryTouchesShared(s: Session, q: A.Query): boolean {
    const b = this.binder(s);
    let shared = false;
    const probe = new Binder({ ...b.ctx, onTableRead: (def) => { if (def.kind === 'shared') shared = true; } });
    probe.bindQuery(q);
    return shared;
  }

  private runShow(s: Session, st: A.ShowStatement): ExecResult {
    const rows: JsValue[][] = [];
    let cols: ColumnInfo[];
    if (st.what === 'namespaces') {
      cols = [{ name: 'namespace_id', type: 'text' }, { name: 'table_count', type: 'integer' }];
      for (const ns of [...this.catalog.namespaces.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) rows.push([ns.name, ns.tables.size]);
    } else if (st.what === 'tables') {
      cols = [{ name: 'namespace_id', type: 'text' }, { name: 'table_name', type: 'text' }, { name: 'table_type', type: 'text' }];
      if (st.namespace !== null) this.catalog.namespace(st.namespace);
      for (const t of this.catalog.allTables()) {
        if (st.namespace !== null && t.def.namespace !== st.namespace) continue;
        rows.push([t.def.namespace, t.def.name, t.def.kind]);
      }
    } else {
      checkDba(s.role, 'list users');
      cols = [{ name: 'user_id', type: 'text' }, { name: 'role', type: 'text' }, { name: 'email', type: 'text' }];
      for (const u of this.users.users.values()) if (u.deletedAt === null) rows.push([u.userId, u.role, u.email]);
    }
    return rowsResult(cols, rows, 'show');
  }

  private runDescribe(s: Session, st: A.DescribeTableStatement): ExecResult {
    const t = this.requireTable(s, st.name, false)!;
    checkRead(t.def, s.role);
    const cols: ColumnInfo[] = [
      { name: 'column_name', type: 'text' }, { name: 'data_type', type: 'text' }, { name: 'nullable', type: 'boolean' },
      { name: 'default_value', type: 'text' }, { name: 'primary_key', type: 'boolean' },
    ];
    const rows: JsValue[][] = t.def.columns.filter((c) => !c.hidden).map((c) => [c.name, c.typeName, !c.notNull, c.defaultSql, c.primaryKey]);
    return rowsResult(cols, rows, 'describe_table');
  }

  private runExplain(s: Session, st: A.ExplainStatement): ExecResult {
    if (st.analyze) throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'EXPLAIN ANALYZE is not supported');
    const inner = st.statement;
    let op: PhysicalOp;
    if (inner.kind === 'query') {
      op = this.compileQuery(s, inner, inner.query).op;
    } else if (inner.kind === 'update' || inner.kind === 'delete') {
      const b = this.binder(s);
      const bound = inner.kind === 'update' ? bindUpdate(b, inner, (sql, type) => this.bindDefault(s, sql, type)) : bindDelete(b, inner);
      op = new PhysicalPlanner(b.columns).compilePlan(pushDownFilters(bound.plan));
    } else if (inner.kind === 'insert') {
      const b = this.binder(s);
      const bound = bindInsert(b, inner, (sql, type) => this.bindDefault(s, sql, type));
      op = new PhysicalPlanner(b.columns).compilePlan(pushDownFilters(bound.source));
    } else {
      throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `EXPLAIN of ${inner.kind.replace('_', ' ')} is not supported`);
    }
    const lines = renderExplain(op.explain());
    return rowsResult([{ name: 'QUERY PLAN', type: 'text' }], lines.map((l) => [l]), 'explain');
  }
}

// ───────────────────────────── helpers ─────────────────────────────

const LIMITS = { maxRows: 50_000_000, maxRecursion: 100_000 } as const;

/** The per-statement {@link ExecContext}; the maps are created only when a statement needs them. */
class StatementContext implements ExecContext {
  readonly access: { readonly user: string; readonly role: string };
  readonly eval: import('./exec/expr/function-registry.ts').EvalContext;
  readonly limits = LIMITS;
  private outerMap: Map<number, JsValue> | null = null;
  private cache: Map<object, unknown> | null = null;

  constructor(readonly params: readonly JsValue[], s: Session, readonly undo: UndoLog, readonly seq: SnowflakeGenerator, maxText?: number) {
    this.access = { user: s.user, role: s.role };
    this.eval = { now: Date.now(), user: s.user, role: s.role, namespace: s.namespace, nextSnowflake: () => seq.next(), textBudget: new TextBudget(maxText) };
  }

  get outer(): Map<number, JsValue> {
    return (this.outerMap ??= new Map());
  }

  get subqueryCache(): Map<object, unknown> {
    return (this.cache ??= new Map());
  }
}

function tableKindOf(st: A.CreateTableStatement): string {
  if (st.tableType !== null) return st.tableType;
  const t = st.options.find((o) => o.key.toLowerCase() === 'type');
  return t === undefined ? 'shared' : String(t.value).toLowerCase();
}

function parseQualified(name: string): A.QualifiedName {
  const parts = name.split('.').map((p) => (p.startsWith('"') && p.endsWith('"') ? p.slice(1, -1) : p.toLowerCase()));
  return { parts, pos: 0 };
}

function inferJsType(v: unknown): DataType {
  switch (typeof v) {
    case 'number': return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? 'integer' : 'double';
    case 'bigint': return 'bigint';
    case 'boolean': return 'boolean';
    case 'string': return 'text';
    default:
      if (v instanceof Uint8Array) return 'bytes';
      if (v instanceof Date) return 'timestamp';
      if (v !== null && v !== undefined && typeof v === 'object') return 'json';
      return 'text';
  }
}

function castExpr(e: import('./plan/logical.ts').BoundExpr, t: DataType): import('./plan/logical.ts').BoundExpr {
  if (e.kind === 'const') return { kind: 'const', type: t, value: e.value === null ? null : castValue(e.value, e.type, t) };
  return { kind: 'cast', type: t, arg: e, maxLength: null };
}

function checkRowConstraints(def: TableDefinition, vectors: readonly Vector[], n: number): void {
  def.columns.forEach((c, ci) => {
    if (c.hidden) return;
    const v = vectors[ci]!;
    if ((c.notNull || def.primaryKey.includes(ci)) && v.nulls !== null) {
      for (let i = 0; i < n; i++) if (v.nulls[i] === 1) {
        throw new DbError(SqlState.NOT_NULL_VIOLATION, `null value in column "${c.name}" of relation "${def.name}" violates not-null constraint`, { columnName: c.name });
      }
    }
    if (c.maxLength !== null) {
      const d = v.data as string[];
      for (let i = 0; i < n; i++) if ((v.nulls === null || v.nulls[i] === 0) && d[i]!.length > c.maxLength) {
        throw new DbError(SqlState.STRING_DATA_RIGHT_TRUNCATION, `value too long for type character varying(${c.maxLength})`, { columnName: c.name });
      }
    }
  });
}

function emptyResult(message: string, command: string): ExecResult {
  return { columns: [], vectors: [], length: 0, rowCount: 0, message, command };
}

/** Copies a vector so results never alias storage that later writes change. */
function ownVector(v: Vector, n: number): Vector {
  const d = v.data;
  const data = Array.isArray(d) ? (d as unknown[]).slice(0, n) : (d as Int32Array).slice(0, n);
  return { type: v.type, length: n, data: data as Vector['data'], nulls: v.nulls === null ? null : v.nulls.slice(0, n) };
}

function queryResult(columns: readonly ColumnInfo[], batch: Batch): ExecResult {
  const n = batch.length;
  const vectors = batch.columns.map((v, i) => {
    const o = ownVector(v, n);
    const t = columns[i]!.type;
    return o.type === t ? o : o.type === 'null' ? { type: t, length: n, data: vectorFromValues(t, new Array(n).fill(null)).data, nulls: new Uint8Array(n).fill(1) } : o;
  });
  return { columns, vectors, length: n, rowCount: n, message: `SELECT ${n}`, command: 'select' };
}

function rowsResult(columns: readonly ColumnInfo[], rows: readonly (readonly JsValue[])[], command: string): ExecResult {
  const vectors = columns.map((c, i) => vectorFromValues(c.type, rows.map((r) => r[i] ?? null)));
  return { columns, vectors, length: rows.length, rowCount: rows.length, message: `${command === 'explain' ? 'EXPLAIN' : 'SHOW'} ${rows.length}`, command };
}

function dmlResult(kind: string, count: number, returning: Batch | null, cols: readonly ColumnInfo[]): ExecResult {
  const verb = kind === 'insert' ? 'Inserted' : kind === 'update' ? 'Updated' : 'Deleted';
  const message = `${verb} ${count} row(s)`;
  if (returning === null) return { columns: [], vectors: [], length: 0, rowCount: count, message, command: kind };
  const n = returning.length;
  return { columns: cols, vectors: returning.columns.map((v) => ownVector(v, n)), length: n, rowCount: count, message, command: kind };
}
