/**
 * Child-process entry that runs statements on one engine for {@link RemoteEngine}: `inkdb` or
 * `postgres` (argv[2]). One request at a time over IPC ({ id, op: 'reset' | 'run' | 'close', sql })
 * → { id, outcome }. A separate process lets the fuzzer kill an engine whose statement hangs.
 */
import { InkEngine, PgEngine, type Engine, type Outcome } from './engines.ts';

const engine: Engine = process.argv[2] === 'postgres' ? new PgEngine() : new InkEngine();

interface Request { readonly id: number; readonly op: 'reset' | 'run' | 'close'; readonly sql?: string }

process.on('message', (m: Request) => {
  void (async () => {
    let outcome: Outcome | null = null;
    if (m.op === 'reset') await engine.reset();
    else if (m.op === 'run') outcome = await engine.run(m.sql ?? '');
    else {
      await engine.close();
      process.send?.({ id: m.id, outcome: null }, () => process.exit(0));
      return;
    }
    process.send?.({ id: m.id, outcome });
  })();
});

void (async () => {
  if (engine instanceof PgEngine) await engine.start();
  process.send?.({ id: 0, outcome: null });
})();
