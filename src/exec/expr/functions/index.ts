/**
 * The scalar function registry: every built-in function by lower-case name. The binder
 * resolves calls with {@link lookupFunction} and `resolve()`, reporting unknown names and
 * unmatched argument types with {@link undefinedFunctionError}; the evaluator calls
 * `evaluate()`. `->`/`->>` are operators, evaluated by `jsonGet` of the JSON part
 * (`json-lazy.ts`, loaded on first use like the JSON functions).
 */
import { DbError } from '../../../errors/db-error.ts';
import { SqlState } from '../../../errors/sqlstate.ts';
import { typeName } from '../../../types/data-type.ts';
import type { DataType } from '../../../types/data-type.ts';
import type { ScalarFunction } from '../function-registry.ts';
import { DATETIME_FUNCTIONS } from './datetime.ts';
import { ID_FUNCTIONS } from './ids.ts';
import { JSON_STAND_INS } from './json-lazy.ts';
import { MATH_FUNCTIONS } from './math.ts';
import { MISC_FUNCTIONS } from './misc.ts';
import { STRING_FUNCTIONS } from './string.ts';

export { md5Hex } from './string.ts';

function buildRegistry(): ReadonlyMap<string, ScalarFunction> {
  const map = new Map<string, ScalarFunction>();
  for (const family of [STRING_FUNCTIONS, MATH_FUNCTIONS, DATETIME_FUNCTIONS, JSON_STAND_INS, ID_FUNCTIONS, MISC_FUNCTIONS]) {
    for (const f of family) {
      if (map.has(f.name)) throw new DbError(SqlState.INTERNAL_ERROR, `internal error: function ${f.name} registered twice`);
      map.set(f.name, f);
    }
  }
  return map;
}

/**
 * Every scalar function, keyed by lower-case SQL name (aliases included: `ceiling`, `pow`,
 * `substring`, `date_part`, `jsonb_*`, …).
 */
export const FUNCTIONS: ReadonlyMap<string, ScalarFunction> = buildRegistry();

/**
 * Finds a scalar function by name (case-insensitive), or undefined.
 *
 * @example
 * ```ts
 * const f = lookupFunction('ABS')!;
 * f.resolve(['smallint']); // { result: 'integer', args: ['integer'] }
 * ```
 */
export function lookupFunction(name: string): ScalarFunction | undefined {
  return FUNCTIONS.get(name) ?? FUNCTIONS.get(name.toLowerCase());
}

/**
 * A call signature as PostgreSQL prints it in messages.
 *
 * @example
 * ```ts
 * formatSignature('abs', ['integer', 'double']); // 'abs(integer, double precision)'
 * formatSignature('f', ['null']);                // 'f(unknown)'
 * ```
 */
export function formatSignature(name: string, argTypes: readonly DataType[]): string {
  return `${name}(${argTypes.map(typeName).join(', ')})`;
}

/**
 * The 42883 error for a call no function matches (unknown name, wrong argument count, or
 * argument types `resolve` rejects), with PostgreSQL's hint.
 *
 * @example
 * ```ts
 * undefinedFunctionError('abs', ['text']).message; // 'function abs(text) does not exist'
 * ```
 */
export function undefinedFunctionError(name: string, argTypes: readonly DataType[], position?: number): DbError {
  return new DbError(SqlState.UNDEFINED_FUNCTION, `function ${formatSignature(name, argTypes)} does not exist`, {
    hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
    ...(position === undefined ? {} : { position }),
  });
}
