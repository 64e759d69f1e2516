/**
 * The aggregate registry: every aggregate by plan name and by SQL name. The binder resolves
 * calls with {@link aggregateNamed}; the hash aggregate, the window operator and eager
 * aggregation find an aggregate's pieces with {@link aggregateDef}. Adding an aggregate: a
 * family file (with its test), its name in `AggFunc`, and a line here.
 */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { AggFunc, AggregateDef } from './aggregate.ts';
import { BOOL_AND, BOOL_OR } from './bool.ts';
import { COUNT, COUNT_STAR } from './count.ts';
import { MAX, MIN } from './min-max.ts';
import { STRING_AGG } from './string-agg.ts';
import { AVG, SUM, TOTAL } from './sum-avg.ts';

export type { AggFunc, AggregateDef, AggregateSignature, FrameAccumulator, FrameInput, GroupInput } from './aggregate.ts';

/** Every aggregate by plan name (a missing one fails the build). */
const BY_FUNC: { readonly [F in AggFunc]: AggregateDef } = {
  count_star: COUNT_STAR, count: COUNT,
  sum: SUM, avg: AVG, total: TOTAL,
  min: MIN, max: MAX,
  bool_and: BOOL_AND, bool_or: BOOL_OR,
  string_agg: STRING_AGG,
};

function buildNames(): ReadonlyMap<string, AggregateDef> {
  const map = new Map<string, AggregateDef>();
  for (const def of Object.values(BY_FUNC)) {
    for (const name of def.names) {
      if (map.has(name)) throw new DbError(SqlState.INTERNAL_ERROR, `internal error: aggregate ${name} registered twice`);
      map.set(name, def);
    }
  }
  return map;
}

const BY_NAME = buildNames();

/**
 * The aggregate a plan names.
 *
 * @example
 * ```ts
 * aggregateDef('count').combine; // 'sum' (partial counts are summed)
 * ```
 */
export function aggregateDef(func: AggFunc): AggregateDef {
  return BY_FUNC[func];
}

/**
 * The aggregate a SQL function name calls (lower-case), or undefined.
 *
 * @example
 * ```ts
 * aggregateNamed('every')!.func;                // 'bool_and'
 * aggregateNamed('sum')!.resolve('sum', ['integer']); // { args: ['integer'], defaults: [], result: 'bigint' }
 * aggregateNamed('abs');                        // undefined
 * ```
 */
export function aggregateNamed(name: string): AggregateDef | undefined {
  return BY_NAME.get(name);
}

/** True when `func` names an aggregate (window calls also name ranking and value functions). */
export function isAggFunc(func: string): func is AggFunc {
  return Object.prototype.hasOwnProperty.call(BY_FUNC, func);
}
