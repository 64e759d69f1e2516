/**
 * PGlite in its own Worker (`@electric-sql/pglite/worker`), so that it is compared with InkDB's
 * Worker mode like for like: every call is a round trip to the worker, as InkDB's are. The
 * adapter is PGlite's (bench/common/adapters/pglite.ts); only where the database lives differs.
 * @module
 */
import type { PGlite } from '@electric-sql/pglite';
import { PGliteWorker } from '@electric-sql/pglite/worker';
import { PgliteAdapter } from '../../common/adapters/pglite.ts';

/** PGlite through `PGliteWorker`. */
export class PgliteWorkerAdapter extends PgliteAdapter {
  override readonly name = 'pglite-worker';

  override async open(): Promise<void> {
    const worker = new Worker(new URL('./pglite-worker-entry.ts', import.meta.url), { type: 'module' });
    // PGliteWorker answers query/exec (with COPY blobs) like PGlite itself
    this.db = (await PGliteWorker.create(worker)) as unknown as PGlite;
  }
}
