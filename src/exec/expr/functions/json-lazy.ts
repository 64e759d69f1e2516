/**
 * The JSON functions (`json_*`, `jsonb_*`, `to_json`) and the `->` / `->>` kernel as a part
 * loaded on first use (see `exec/lazy-part.ts`): the registry holds a stand-in per name, and
 * binding a call to one, or a `->` / `->>`, loads the part first. After that the stand-in's
 * arity, overloads and evaluation are the real function's.
 */
import { DbError } from '../../../errors/db-error.ts';
import { SqlState } from '../../../errors/sqlstate.ts';
import { LazyPart } from '../../lazy-part.ts';
import type { ScalarFunction } from '../function-registry.ts';
import type * as JsonModule from './json.ts';

/**
 * The `json.ts` module, loaded on first use.
 *
 * @example
 * ```ts
 * await JSON_PART.load();
 * JSON_PART.get().JSON_FUNCTIONS.length;   // 14
 * ```
 */
export const JSON_PART: LazyPart<typeof JsonModule> = new LazyPart('JSON functions', () => import('./json.ts'));

/** The names of the JSON function family (each stands in for the function of that name in `json.ts`). */
export const JSON_FUNCTION_NAMES: readonly string[] = [
  'json_extract_path', 'jsonb_extract_path', 'json_extract_path_text', 'jsonb_extract_path_text',
  'json_typeof', 'jsonb_typeof', 'json_array_length', 'jsonb_array_length',
  'json_build_object', 'jsonb_build_object', 'json_build_array', 'jsonb_build_array', 'to_json', 'to_jsonb',
];

/** The real function behind a stand-in (the part must be loaded). */
function real(name: string): ScalarFunction {
  const f = JSON_PART.get().JSON_FUNCTIONS.find((x) => x.name === name);
  if (f === undefined) throw new DbError(SqlState.INTERNAL_ERROR, `internal error: JSON function ${name} is missing`);
  return f;
}

/** A registry entry for a JSON function: its name now, the rest once the part is loaded. */
function standIn(name: string): ScalarFunction {
  return Object.freeze({
    name,
    part: JSON_PART,
    get minArgs() { return real(name).minArgs; },
    get maxArgs() { return real(name).maxArgs; },
    get volatile() { return real(name).volatile; },
    resolve: (args) => real(name).resolve(args),
    evaluate: (args, n, sel, ctx) => real(name).evaluate(args, n, sel, ctx),
  } satisfies ScalarFunction);
}

/** The JSON function family as registry entries. */
export const JSON_STAND_INS: readonly ScalarFunction[] = JSON_FUNCTION_NAMES.map(standIn);
