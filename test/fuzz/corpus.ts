/**
 * Statement sources for mutation: sqllogictest files (`*.test`, `*.slt`, gzipped or not) and
 * the committed sample `seeds.sql` (one statement per line) that the fixed-seed test uses.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Rng } from './rng.ts';

/** Where the vendored conformance corpus lives, relative to the repository root. */
export const VENDORED_CORPUS = 'conformance/sqllogictest';
/** The committed sample of corpus statements. */
export const SEEDS_FILE = fileURLToPath(new URL('./seeds.sql', import.meta.url));
/** The project's own sqllogictest files. */
export const OWN_SLT_DIR = fileURLToPath(new URL('../slt/', import.meta.url));

const SLT_FILE = /\.(test|slt)(\.gz)?$/;

/** Every sqllogictest file under `path` (or `path` itself), sorted. */
export function listSltFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (SLT_FILE.test(e.name)) out.push(p);
    }
  };
  walk(path);
  return out;
}

/** The SQL of every `statement` and `query` record in one sqllogictest text. */
export function sltStatements(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const head = lines[i]!;
    if (!/^(statement|query)\b/.test(head)) continue;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() !== '' && lines[j] !== '----') body.push(lines[j++]!);
    i = j;
    const sql = body.join('\n').trim();
    if (sql) out.push(sql);
  }
  return out;
}

/** Reads one sqllogictest file, gunzipping `*.gz`. */
export function readSlt(path: string): string {
  const buf = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
}

/**
 * Statements from every file under `paths`, at most `perFile` from each (a seeded sample), so
 * that a corpus of millions of records stays a manageable pool.
 */
export function loadCorpus(paths: readonly string[], rng: Rng, perFile = 500): string[] {
  const out: string[] = [];
  for (const p of paths) {
    for (const f of listSltFiles(p)) {
      const all = sltStatements(readSlt(f));
      if (all.length <= perFile) out.push(...all);
      else for (let k = 0; k < perFile; k++) out.push(all[rng.int(0, all.length - 1)]!);
    }
  }
  return out;
}

/** The statements of `seeds.sql` (one per line; `#` lines are comments). */
export function loadSeeds(file = SEEDS_FILE): string[] {
  return readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}
