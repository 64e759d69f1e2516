/**
 * Child-process entry that runs InkDB statements for {@link RemoteInkEngine}: one request at a
 * time over IPC ({ id, op: 'reset' | 'run' | 'close', sql }) → { id, outcome }. Running InkDB in
 * a separate process lets the fuzzer kill it when a statement hangs.
 */
import { InkEngine, type Outcome } from './engines.ts';

const ink = new InkEngine();

interface Request { readonly id: number; readonly op: 'reset' | 'run' | 'close'; readonly sql?: string }

process.on('message', (m: Request) => {
  void (async () => {
    let outcome: Outcome | null = null;
    if (m.op === 'reset') await ink.reset();
    else if (m.op === 'run') outcome = await ink.run(m.sql ?? '');
    else {
      await ink.close();
      process.send?.({ id: m.id, outcome: null }, () => process.exit(0));
      return;
    }
    process.send?.({ id: m.id, outcome });
  })();
});
process.send?.({ id: 0, outcome: null });
