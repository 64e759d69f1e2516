import { PGlite } from '@electric-sql/pglite';
const db = new PGlite();
const qs = process.argv.slice(2);
for (const q of qs) {
  try { const r = await db.query(q, [], { rowMode: 'array' }); console.log(q, '=>', JSON.stringify(r.rows, (k,v)=>typeof v==='bigint'?String(v):v)); }
  catch (e) { console.log(q, '=> ERR', e.code, e.message); }
}
