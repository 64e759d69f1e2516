/**
 * Runs repro scripts on InkDB and PostgreSQL (PGlite) and prints both answers, for checking a
 * finding by hand:
 *
 *   npx tsx test/diff/repro.ts test/diff/findings.sql        every block
 *   npx tsx test/diff/repro.ts test/diff/findings.sql D5     one block
 *
 * A script is split into blocks at lines `-- <id> …`; each block starts from empty databases.
 * Statements end with `;` at the end of a line. CREATE/INSERT that succeed on both are not shown.
 */
import { readFileSync } from 'node:fs';
import { InkEngine, PgEngine } from './engines.ts';
import { showOutcome } from './report.ts';

const file = process.argv[2];
if (file === undefined) {
  console.log('usage: npx tsx test/diff/repro.ts <script.sql> [block id]');
  process.exit(1);
}
const only = process.argv[3];
const ink = new InkEngine();
const pg = new PgEngine();
await pg.start();
const blocks = readFileSync(file, 'utf8').split(/^-- (?=[A-Z]+\d+[a-z]?\b)/m).filter((b) => /^[A-Z]+\d+[a-z]?\b/.test(b));
for (const b of blocks) {
  const [title = '', ...rest] = b.split('\n');
  if (only !== undefined && title.split(/\s/)[0] !== only) continue;
  await ink.reset();
  await pg.reset();
  console.log(`==== ${title}`);
  const body = rest.filter((l) => !l.startsWith('--')).join('\n');
  for (const sql of body.split(/;\s*\n/).map((s) => s.trim()).filter((s) => s !== '')) {
    const a = await ink.run(sql);
    const p = await pg.run(sql);
    if (/^(CREATE|INSERT)/i.test(sql) && a.ok && p.ok) continue;
    const ms = (o: { ms: number }): string => (o.ms >= 100 ? `   [${(o.ms / 1000).toFixed(1)} s]` : '');
    console.log(`${sql};\n  InkDB:      ${showOutcome(a)}${ms(a)}\n  PostgreSQL: ${showOutcome(p)}${ms(p)}`);
  }
}
await ink.close();
await pg.close();
