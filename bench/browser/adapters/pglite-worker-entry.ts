/**
 * The Worker of the `pglite-worker` bench engine: PGlite in memory, served by PGlite's own
 * worker wrapper.
 * @module
 */
import { PGlite } from '@electric-sql/pglite';
import { worker } from '@electric-sql/pglite/worker';

void worker({ init: () => PGlite.create() });
