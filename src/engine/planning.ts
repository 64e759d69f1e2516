/**
 * From a parsed statement to something that runs: the binder for a session, compiled queries
 * and DML (bound, optimized by the one rule list in `plan/optimize.ts`, compiled to physical
 * operators, cached by the statement cache), parameter coercion, and column defaults.
 */
import type * as A from '../sql/ast.ts';
import { parseExpression } from '../sql/parser.ts';
import { DbError, toDbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { ColumnInfo } from '../api/engine-api.ts';
import { checkRead, checkWrite } from '../auth/privileges.ts';
import type { TableDefinition } from '../schema/table-def.ts';
import { Binder, BindScope } from '../plan/binder.ts';
import { bindDelete, bindInsert, bindUpdate, type BoundReturning } from '../plan/bind/dml.ts';
import type { BoundExpr, LogicalPlan } from '../plan/logical.ts';
import { isVolatile } from '../plan/plan-tree.ts';
import { optimize } from '../plan/optimize.ts';
import { PhysicalPlanner } from '../plan/physical.ts';
import { CardinalityEstimator } from '../plan/estimate/cardinality.ts';
import type { PhysicalOp } from '../exec/operator.ts';
import type { PreparedModify } from '../exec/ops/modify.ts';
import { prepareDelete, prepareInsert, prepareUpdate } from '../plan/prepare-dml.ts';
import type { TableStorage } from '../storage/table-storage.ts';
import { UndoLog } from '../storage/undo-log.ts';
import { castValue } from '../types/cast-value.ts';
import { coerceJsValue } from '../types/coerce-js.ts';
import { RecentStrings, wellFormedRecent } from '../types/text-encoding.ts';
import type { DataType } from '../types/data-type.ts';
import { valueAt, type JsValue } from '../types/vector.ts';
import { StatementContext } from './context.ts';
import type { Interrupt } from './interrupt.ts';
import type { Session } from './session.ts';
import type { EngineState } from './state.ts';
import type { CacheCounters, CachedPlan, PlanValidity } from './statement-cache.ts';
import { freezeTree } from './freeze.ts';

/** A compiled query. */
export interface CompiledQuery extends CachedPlan {
  readonly op: PhysicalOp;
  readonly columns: readonly ColumnInfo[];
  readonly paramTypes: readonly (DataType | undefined)[];
  readonly plan: LogicalPlan;
}

/** A compiled INSERT/UPDATE/DELETE. */
export interface CompiledDml extends CachedPlan {
  readonly prepared: PreparedModify;
  readonly columns: readonly ColumnInfo[];
  readonly paramTypes: readonly (DataType | undefined)[];
}

/** What plans made for this session now are valid under. */
export function validityOf(db: EngineState, s: Session): PlanValidity {
  return new Validity(db.catalog.version, s.namespace, s.role);
}

// Compiled plans are class instances, not literals: every run reads them, and a literal's map can
// be dropped by a full GC once the plans that had it die, which costs every optimized reader.
// Each keeps one instance alive for good, so that its shape survives the full GCs between
// databases (see `Run.keepShape` in state.ts): a prepared statement in a new database would
// otherwise start from deoptimized code.
class Validity implements PlanValidity {
  constructor(readonly catalogVersion: number, readonly namespace: string, readonly role: string) {}
  static readonly keepShape: Validity = new Validity(0, '', '');
}

class QueryPlan implements CompiledQuery {
  readonly reusable = true;
  counters: CacheCounters[] | undefined = undefined;
  constructor(readonly validity: PlanValidity, readonly tables: readonly TableStorage[], readonly op: PhysicalOp,
    readonly plan: LogicalPlan, readonly columns: readonly ColumnInfo[], readonly paramTypes: readonly (DataType | undefined)[],
    readonly sizes: readonly number[] | undefined) {}
  static readonly keepShape: QueryPlan = new QueryPlan(Validity.keepShape, [], null as never, null as never, [], [], undefined);
}

class DmlPlan implements CompiledDml {
  readonly reusable = true;
  counters: CacheCounters[] | undefined = undefined;
  constructor(readonly validity: PlanValidity, readonly tables: readonly TableStorage[], readonly prepared: PreparedModify,
    readonly columns: readonly ColumnInfo[], readonly paramTypes: readonly (DataType | undefined)[], readonly sizes: readonly number[] | undefined) {}
  static readonly keepShape: DmlPlan = new DmlPlan(Validity.keepShape, [], null as never, [], [], undefined);
}

/** A binder for a session: its namespace, user and role; access checks on every table read. */
export function binderFor(db: EngineState, s: Session, literalParams?: ReadonlyMap<A.LiteralExpr, number>, tables?: TableStorage[]): Binder {
  return new Binder({
    catalog: db.catalog, namespace: s.namespace, user: s.user, role: s.role, literalParams,
    systemTable: (name) => db.systemTables.find(name),
    onTableRead: (def: TableDefinition) => {
      checkRead(def, s.role);
      if (tables !== undefined) {
        const t = def.kind === 'system' ? db.systemTables.find(def.name) : db.catalog.findTable(def.namespace, def.name);
        if (t !== undefined && !tables.includes(t)) tables.push(t);
      }
    },
    parseView: (sql) => db.cache.view(sql),
  });
}

/** The tables' live rows, for a plan over several tables (its join order depends on them). */
function joinSizes(tables: readonly TableStorage[]): readonly number[] | undefined {
  return tables.length < 2 ? undefined : tables.map((t) => t.liveRows());
}

/**
 * The estimator of a statement being planned. `params`, when given, are the values of this
 * execution (a shape's literals, a prepared statement's arguments): estimates may use them,
 * and the plan made with them is then cached for the statement.
 */
function estimatorFor(paramTypes: readonly (DataType | undefined)[], params: readonly unknown[] | undefined): CardinalityEstimator {
  if (params === undefined || params.length === 0) return new CardinalityEstimator(null);
  // read when an estimate first needs a value: binding has typed the parameters by then
  return new CardinalityEstimator(() => {
    try {
      return bindParams(paramTypes, params.slice(0, Math.max(0, paramTypes.length - 1)));
    } catch {
      // the run reports wrong parameters; planning does without their values
      return null;
    }
  });
}

/**
 * Binds, optimizes and compiles a query (cached per parsed statement, or per shape). `params`:
 * this execution's parameter values, which estimates may use when the plan is made.
 */
export function compileQuery(db: EngineState, s: Session, st: A.Statement, q: A.Query, literals?: ReadonlyMap<A.LiteralExpr, number>,
  params?: readonly unknown[]): CompiledQuery {
  const owner: object = literals ?? st;
  const cached = db.cache.lookupAt<CompiledQuery>(owner, db.catalog.version, s.namespace, s.role);
  if (cached !== undefined) return cached;
  return planQuery(db, s, owner, q, literals, params);
}

/** Plans a query and caches the plan (apart from {@link compileQuery}'s hit path, as {@link planDml} is). */
function planQuery(db: EngineState, s: Session, owner: object, q: A.Query, literals: ReadonlyMap<A.LiteralExpr, number> | undefined,
  params: readonly unknown[] | undefined): CompiledQuery {
  const now = validityOf(db, s);
  const tables: TableStorage[] = [];
  const b = binderFor(db, s, literals, tables);
  const bound = b.bindQuery(q);
  const est = estimatorFor(b.paramTypes, params);
  const plan = freezeTree(optimize(bound.plan, (n, t) => b.newId(n, t), est));
  const op = new PhysicalPlanner(b.columns, est).compilePlan(plan);
  const compiled: CompiledQuery = new QueryPlan(now, tables, op, plan,
    bound.names.map((name, i) => ({ name, type: bound.types[i] === 'null' ? 'text' : bound.types[i]! })), b.paramTypes, joinSizes(tables));
  db.cache.store(owner, compiled);
  return compiled;
}

/** Binds, optimizes and compiles INSERT/UPDATE/DELETE (cached per parsed statement like queries). */
export function compileDml(db: EngineState, s: Session, st: A.InsertStatement | A.UpdateStatement | A.DeleteStatement,
  params?: readonly unknown[], memo?: { plan?: CachedPlan | undefined }): CompiledDml {
  const kept = memo === undefined ? undefined : db.cache.reuse<CompiledDml>(memo.plan, db.catalog.version, s.namespace, s.role);
  if (kept !== undefined) return kept;
  const cached = db.cache.lookupAt<CompiledDml>(st, db.catalog.version, s.namespace, s.role);
  if (cached !== undefined) {
    if (memo !== undefined) memo.plan = cached;
    return cached;
  }
  return planDml(db, s, st, params, memo);
}

/**
 * Plans a DML statement and caches the plan. Apart from {@link compileDml}, whose cache hit runs
 * on every prepared call: this function's closures would make each call allocate their context.
 */
function planDml(db: EngineState, s: Session, st: A.InsertStatement | A.UpdateStatement | A.DeleteStatement,
  params: readonly unknown[] | undefined, memo: { plan?: CachedPlan | undefined } | undefined): CompiledDml {
  const now = validityOf(db, s);
  const tables: TableStorage[] = [];
  const b = binderFor(db, s, undefined, tables);
  const bindDefault = (sql: string, type: DataType) => bindDefaultExpr(db, s, sql, type);
  const newId = (n: string, t: DataType) => b.newId(n, t);
  const est = estimatorFor(b.paramTypes, params);
  const planner = new PhysicalPlanner(b.columns, est);
  let prepared: PreparedModify;
  let returning: BoundReturning | null;
  let target: TableDefinition;
  if (st.kind === 'insert') {
    const bound = bindInsert(b, st, bindDefault);
    target = bound.def;
    checkWrite(bound.def, s.role);
    prepared = prepareInsert({ ...bound, source: freezeTree(optimize(bound.source, newId, est)) }, planner);
    returning = bound.returning;
  } else if (st.kind === 'update') {
    const bound = bindUpdate(b, st, bindDefault);
    target = bound.def;
    checkWrite(bound.def, s.role);
    prepared = prepareUpdate({ ...bound, plan: freezeTree(optimize(bound.plan, newId, est)) }, planner);
    returning = bound.returning;
  } else {
    const bound = bindDelete(b, st);
    target = bound.def;
    checkWrite(bound.def, s.role);
    prepared = prepareDelete({ ...bound, plan: freezeTree(optimize(bound.plan, newId, est)) }, planner);
    returning = bound.returning;
  }
  const t = db.catalog.findTable(target.namespace, target.name);
  if (t !== undefined && !tables.includes(t)) tables.push(t);
  const columns: ColumnInfo[] = returning === null ? [] : returning.names.map((name, i) => ({ name, type: returning.exprs[i]!.type === 'null' ? 'text' : returning.exprs[i]!.type }));
  // volatile defaults and sequences are evaluated per run, so the compiled form is reusable
  const compiled: CompiledDml = new DmlPlan(now, tables, prepared, columns, b.paramTypes, joinSizes(tables));
  db.cache.store(st, compiled);
  if (memo !== undefined) memo.plan = compiled;
  return compiled;
}

/** The context of one statement of a session. */
export function statementContext(db: EngineState, s: Session, params: readonly JsValue[], undo: UndoLog, interrupt: Interrupt | null = null): StatementContext {
  return new StatementContext(params, s, undo, db.seq, db.options.maxStatementBytes, interrupt);
}

/**
 * The parameter list a caller passed: `undefined` and `null` are none; anything else that is not
 * an array fails with 22023 (a string or an object is not a list of values).
 */
export function paramList(params: unknown): readonly unknown[] {
  if (params === undefined || params === null) return [];
  if (Array.isArray(params)) return params;
  throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'query parameters must be an array', { hint: 'Pass the values in order: query(sql, [a, b]).' });
}

/**
 * Coerces parameters to the types the binder inferred (08P01 for extra ones, 42P02 for missing
 * ones). `into`: an array of the right length to write them into (a prepared statement's, reused
 * by its runs), else a new one.
 */
export function bindParams(types: readonly (DataType | undefined)[], params: readonly unknown[], into?: JsValue[]): JsValue[] {
  const wanted = Math.max(0, types.length - 1);
  if (params.length > wanted) {
    throw new DbError(SqlState.PROTOCOL_VIOLATION, `bind message supplies ${params.length} parameters, but prepared statement "" requires ${wanted}`);
  }
  const out = into !== undefined && into.length === params.length + 1 ? into : new Array<JsValue>(params.length + 1);
  out[0] = null;
  for (let i = 0; i < params.length; i++) out[i + 1] = bindParam(params[i], types[i + 1], i + 1);
  for (let i = params.length + 1; i < types.length; i++) {
    if (types[i] !== undefined) throw new DbError(SqlState.UNDEFINED_PARAMETER, `there is no parameter $${i}`, { hint: `The statement uses $${i} but ${params.length} parameter(s) were given.` });
  }
  return out;
}

/** Parameter `$n`'s value `v` as type `t`: as it is when it already is one, else coerced (see {@link bindParams}). */
export function bindParam(v: unknown, t: DataType | undefined, n: number): JsValue {
  return t !== undefined && isNatural(v, t) ? v as JsValue : coerceParam(v, t, n);
}

/** Parameter `$n` coerced to type `t` (a parameter nothing typed is text, as PostgreSQL's unknown-typed parameters). */
function coerceParam(v: unknown, t: DataType | undefined, n: number): JsValue {
  try {
    return t === undefined ? untypedParam(v) : coerceJsValue(v, t);
  } catch (e) {
    const err = toDbError(e);
    err.detail ??= `In parameter $${n}.`;
    throw err;
  }
}

/** True when a parameter is already the JS value its type stores (the common case: no coercion needed). */
function isNatural(v: unknown, t: DataType): boolean {
  switch (t) {
    case 'integer': return typeof v === 'number' && (v | 0) === v && (v !== 0 || 1 / v > 0);
    case 'double': return typeof v === 'number';
    case 'text': return typeof v === 'string' && wellFormedRecent(v, CHECKED_TEXT);
    default: return false;
  }
}

/** Text parameters found well formed lately: a prepared INSERT per row mostly passes a few distinct strings again. */
const CHECKED_TEXT = new RecentStrings();

/** An untyped parameter's value: its text form (NaN, like undefined, is NULL). */
function untypedParam(v: unknown): JsValue {
  if (typeof v === 'number' && Number.isNaN(v)) return null;
  return coerceJsValue(v, 'text');
}

/** Binds a column's DEFAULT expression (it must not read columns), cast to the column type. */
export function bindDefaultExpr(db: EngineState, s: Session, sql: string, type: DataType): BoundExpr {
  const b = binderFor(db, s);
  const e = b.bindExpr(parseExpression(sql), new BindScope(null), null, null, type);
  if (e.type === 'null') return { kind: 'const', type, value: null };
  if (e.type === type) return e;
  try {
    if (e.kind === 'const') return { kind: 'const', type, value: e.value === null ? null : castValue(e.value, e.type, type) };
    return { kind: 'cast', type, arg: e, maxLength: null };
  } catch (err) {
    throw toDbError(err);
  }
}

/** Evaluates a DEFAULT expression once. */
export function evalDefault(db: EngineState, s: Session, sql: string, type: DataType): JsValue {
  const e = bindDefaultExpr(db, s, sql, type);
  const ctx = statementContext(db, s, [null], new UndoLog());
  const v = new PhysicalPlanner([]).expr(e, [])({ length: 1, columns: [] }, null, ctx);
  return valueAt(v, 0);
}

/** A supplier of a column's default: evaluated once when constant, per call when volatile. */
export function defaultSupplier(db: EngineState, s: Session, sql: string | null, type: DataType): () => JsValue {
  if (sql === null) return () => null;
  let volatile: boolean | null = null;
  let cached: { v: JsValue } | null = null;
  return () => {
    if (cached !== null) return cached.v;
    volatile ??= isVolatile(bindDefaultExpr(db, s, sql, type));
    const v = evalDefault(db, s, sql, type);
    if (!volatile) cached = { v };
    return v;
  };
}
