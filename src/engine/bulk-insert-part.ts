/**
 * The bulk inserts of the table handles (`table(name).insert(rows | columns | arrowTable)`), a part
 * of the engine loaded on first use (see `exec/lazy-part.ts`): the Worker's first download leaves
 * out the column builders, which a database that never bulk-loads does not need.
 */
import { LazyPart } from '../exec/lazy-part.ts';
import type * as BulkInsert from './insert-rows.ts';

/** `insert-rows.ts`, loaded on first use. */
export const BULK_INSERT: LazyPart<typeof BulkInsert> = new LazyPart('bulk insert', () => import('./insert-rows.ts'));
