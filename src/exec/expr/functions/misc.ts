/**
 * Session and system information functions: current_user, current_role, current_namespace,
 * pg_typeof/typeof, version. (COALESCE and NULLIF are bound as special forms, not here.)
 */
import { typeName } from '../../../types/data-type.ts';
import type { DataType } from '../../../types/data-type.ts';
import type { Vector } from '../../../types/vector.ts';
import type { EvalContext, ScalarFunction } from '../function-registry.ts';
import { alias, constantVector, defineFunction } from './common.ts';

/** The version string `version()` returns. */
export const INKDB_VERSION = 'InkDB 0.1.0';

function sessionText(name: string, read: (ctx: EvalContext) => string): ScalarFunction {
  return defineFunction({
    name,
    minArgs: 0,
    maxArgs: 0,
    resolve: (args) => (args.length === 0 ? { result: 'text', args: [] } : null),
    evaluate: (_args, n, _sel, ctx): Vector => constantVector('text', read(ctx), n),
  });
}

const currentUser = sessionText('current_user', (ctx) => ctx.user);
const currentNamespace = sessionText('current_namespace', (ctx) => ctx.namespace);

/** pg_typeof(any) → the argument's type name ('integer', 'double precision', 'unknown' for NULL). */
const pgTypeof = defineFunction({
  name: 'pg_typeof',
  minArgs: 1,
  maxArgs: 1,
  resolve: (args) => (args.length === 1 ? { result: 'text', args: [args[0]!] as DataType[] } : null),
  evaluate: (args, n) => constantVector('text', typeName(args[0]!.type), n),
});

const version = defineFunction({
  name: 'version',
  minArgs: 0,
  maxArgs: 0,
  resolve: (args) => (args.length === 0 ? { result: 'text', args: [] } : null),
  evaluate: (_args, n) => constantVector('text', INKDB_VERSION, n),
});

/** The session/system function family. */
export const MISC_FUNCTIONS: readonly ScalarFunction[] = [
  currentUser, alias(currentUser, 'session_user'), alias(currentUser, 'user'),
  sessionText('current_role', (ctx) => ctx.role),
  currentNamespace, alias(currentNamespace, 'current_schema'),
  pgTypeof, alias(pgTypeof, 'typeof'), version,
];
