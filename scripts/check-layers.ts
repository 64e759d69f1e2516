/**
 * The layer checker: reads the import graph of `src/` and reports every import that breaks the
 * layer order of docs/ARCHITECTURE.md ("Layers"), and every import cycle.
 *
 * - A **layer** is a rank in {@link LAYERS}; a file belongs to the layer whose path (a folder
 *   ending in `/`, or a file) is the longest prefix of its path relative to `src/`. A file in
 *   no layer is a violation, so a new top-level folder must be placed in the order first.
 * - A file may import its own module (the same path entry) and any layer **below** its own.
 *   Importing a layer above is an `upward` violation; importing a sibling module of the same
 *   layer (two folders sharing a rank) is `sideways`; a layer with `mayImport` may import only
 *   those modules (`not-allowed` otherwise).
 * - **Cycles** are strongly connected components with more than one member, among files and
 *   among modules (path entries).
 *
 * Edges come from `import … from '…'`, `import type`, `export … from '…'`, side-effect
 * `import '…'` and `import('…')` (dynamic imports and `import('…').T` in types); comments,
 * strings, template literals and regular expressions are skipped. Test files (`*.test.ts`) are
 * not part of the graph. The checking functions are pure (maps in, violations out);
 * {@link loadImportGraph} reads the disk. Run as a script, it prints the violations:
 *
 * ```sh
 * npx tsx scripts/check-layers.ts        # exit 1 and one line per violation, or "layers: ok (…)"
 * ```
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One rank of the layer order. */
export interface Layer {
  /**
   * Folders (ending in `/`) or files, relative to `src/`. Each entry is a module; entries of
   * one layer are siblings and must not import each other.
   */
  readonly paths: readonly string[];
  /** Why the layer sits where it does (one line, mirrored in docs/ARCHITECTURE.md). */
  readonly reason: string;
  /** When set, the only modules (entries of lower layers) this layer may import. */
  readonly mayImport?: readonly string[];
}

/**
 * InkDB's layer order, top first: a layer may import the layers below it, never above.
 *
 * @example
 * ```ts
 * layerIndex('plan/binder.ts', LAYERS) < layerIndex('exec/ops/scan.ts', LAYERS); // true: plan may import exec
 * ```
 */
export const LAYERS: readonly Layer[] = [
  { paths: ['inprocess.ts'], mayImport: ['index.ts', 'client/', 'engine/'],
    reason: 'the `inkdb/inprocess` entry: the public API plus the engine, for in-process use' },
  { paths: ['index.ts'], mayImport: ['client/', 'api/', 'errors/', 'types/'],
    reason: 'the public entry re-exports the client API, DbError and value types; nothing of the engine' },
  { paths: ['react/'], mayImport: ['client/', 'api/', 'errors/', 'types/'],
    reason: 'inkdb/react: hooks over the client API (React is an optional peer, imported here only); nothing of the engine' },
  { paths: ['client/', 'testing/'],
    reason: 'the main-thread API, and the test kits (sqllogictest runner, Playwright kit and its page hook) that drive the layers below it; neither depends on the other' },
  { paths: ['worker/'], reason: 'the endpoint that hosts one engine inside a Worker' },
  { paths: ['engine/'], reason: 'wires sessions, locks, statement dispatch and the commit pipeline out of everything below' },
  { paths: ['live/', 'storage/persist/'],
    reason: 'what the commit pipeline calls after a commit: live queries (re-run plans) and persistence (IndexedDB); independent of each other' },
  { paths: ['plan/'], reason: 'binds SQL to the catalog and compiles bound plans into exec operators' },
  { paths: ['exec/'], reason: 'operators and vectorized kernels over storage; knows nothing of SQL text or bound plans' },
  { paths: ['catalog/'], reason: 'namespaces, tables, views and DDL: owns table storage and the system tables' },
  { paths: ['storage/'], reason: 'partitions, columns, indexes and the undo log, described by table definitions' },
  { paths: ['auth/'], reason: 'users, roles and privilege rules, decided on table definitions' },
  { paths: ['schema/'], reason: 'table, column, index and view definitions: plain data that storage, auth and catalog share' },
  { paths: ['sql/'], reason: 'lexer, parser, AST and SQL printing: depends on nothing but types and errors' },
  { paths: ['api/'], reason: 'the engine contract (EngineApi, results, options) that client, worker and engine share and none owns' },
  { paths: ['types/'], reason: 'SQL types, vectors, values, casts and text I/O' },
  { paths: ['errors/'], reason: 'SQLSTATE codes and DbError: everything may fail with them' },
];

/**
 * Violations tolerated while code is being moved. TEMPORARY: remove each entry when its import
 * goes away; the hard-rules test fails on stale entries. Empty: the code obeys the layers.
 */
export const TEMPORARY_ALLOWLIST: readonly string[] = [
];

/** A broken rule. */
export type Violation =
  | { readonly kind: 'upward' | 'sideways' | 'not-allowed'; readonly from: string; readonly to: string }
  | { readonly kind: 'unlayered'; readonly file: string }
  | { readonly kind: 'cycle'; readonly level: 'file' | 'module'; readonly members: readonly string[] };

/** One line per violation, e.g. `upward import: exec/ops/scan.ts → plan/logical.ts`. */
export function describeViolation(v: Violation): string {
  switch (v.kind) {
    case 'upward': case 'sideways': case 'not-allowed': return `${v.kind} import: ${v.from} → ${v.to}`;
    case 'unlayered': return `file in no layer: ${v.file}`;
    case 'cycle': return `${v.level} cycle: ${v.members.join(' ⇄ ')}`;
  }
}

// ───────────────────────────── reading imports ─────────────────────────────

const IMPORT_BEFORE = /(?:^|[^\w$.])(?:from|import)\s*$/;
const DYNAMIC_BEFORE = /(?:^|[^\w$.])import\s*\(\s*$/;
const REGEX_AFTER_WORD = /(?:^|[^\w$.])(?:return|typeof|case|in|of|delete|void|throw|new|else|do|yield|await)$/;

/**
 * The module specifiers a TypeScript source imports or re-exports, in order of appearance.
 *
 * @example
 * ```ts
 * importSpecifiers("import type { A } from './a.ts';\nconst s = 'from \"x\"'; // import './c.ts'\ntype B = import('./b.ts').B;");
 * // ['./a.ts', './b.ts']
 * ```
 */
export function importSpecifiers(source: string): string[] {
  const out: string[] = [];
  const n = source.length;
  let tail = ''; // the last significant code, comments and literals collapsed
  const push = (s: string): void => {
    tail += s;
    if (tail.length > 96) tail = tail.slice(-48);
  };
  let i = 0;
  while (i < n) {
    const c = source[i]!;
    const d = source[i + 1];
    if (c === '/' && d === '/') {
      const e = source.indexOf('\n', i);
      i = e < 0 ? n : e;
      push(' ');
    } else if (c === '/' && d === '*') {
      const e = source.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      push(' ');
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let text = '';
      while (j < n && source[j] !== c && source[j] !== '\n') {
        if (source[j] === '\\') { text += source[j + 1] ?? ''; j += 2; } else { text += source[j]; j++; }
      }
      if (IMPORT_BEFORE.test(tail) || DYNAMIC_BEFORE.test(tail)) out.push(text);
      i = j + 1;
      push('"s"');
    } else if (c === '`') {
      i = skipTemplate(source, i + 1);
      push('`t`');
    } else if (c === '/' && startsRegex(tail)) {
      i = skipRegex(source, i + 1);
      push('/r/');
    } else {
      push(c);
      i++;
    }
  }
  return out;
}

/** True when a `/` after this code starts a regular expression rather than a division. */
function startsRegex(tail: string): boolean {
  const t = tail.trimEnd();
  if (t.length === 0) return true;
  if ('(,=:[!&|?{};+-*%<>~^'.includes(t[t.length - 1]!)) return true;
  return REGEX_AFTER_WORD.test(t);
}

/** Index after the regular expression whose body starts at `i` (flags included). */
function skipRegex(s: string, i: number): number {
  let inClass = false;
  while (i < s.length && s[i] !== '\n') {
    const c = s[i]!;
    if (c === '\\') { i += 2; continue; }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) { i++; break; }
    i++;
  }
  while (i < s.length && /[a-z]/.test(s[i]!)) i++;
  return i;
}

/** Index after the template literal whose body starts at `i` (`${…}` parts skipped by brace depth). */
function skipTemplate(s: string, i: number): number {
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\') { i += 2; continue; }
    if (c === '`') return i + 1;
    if (c === '$' && s[i + 1] === '{') {
      let depth = 1;
      i += 2;
      while (i < s.length && depth > 0) {
        const x = s[i]!;
        if (x === '{') depth++;
        else if (x === '}') depth--;
        else if (x === '`') { i = skipTemplate(s, i + 1); continue; }
        else if (x === '"' || x === "'") {
          i++;
          while (i < s.length && s[i] !== x && s[i] !== '\n') i += s[i] === '\\' ? 2 : 1;
        }
        i++;
      }
      continue;
    }
    i++;
  }
  return i;
}

/**
 * Resolves a specifier imported by `from` (both relative to `src/`, posix) to a file of
 * `known`; null for packages (`apache-arrow`, `node:fs`) and paths outside `known`.
 *
 * @example
 * ```ts
 * resolveImport('exec/ops/scan.ts', '../../plan/logical.ts', new Set(['plan/logical.ts'])); // 'plan/logical.ts'
 * ```
 */
export function resolveImport(from: string, spec: string, known: ReadonlySet<string>): string | null {
  if (!spec.startsWith('./') && !spec.startsWith('../')) return null;
  const p = posix.normalize(posix.join(posix.dirname(from), spec));
  for (const cand of [p, p.replace(/\.js$/, '.ts'), `${p}.ts`, `${p}/index.ts`]) {
    if (known.has(cand)) return cand;
  }
  return null;
}

/**
 * The import graph of a set of sources (path relative to `src/` → text): each file maps to the
 * files it imports, deduplicated, in order of first appearance.
 */
export function buildImportGraph(sources: ReadonlyMap<string, string>): Map<string, string[]> {
  const known = new Set(sources.keys());
  const graph = new Map<string, string[]>();
  for (const [file, text] of sources) {
    const targets: string[] = [];
    for (const spec of importSpecifiers(text)) {
      const t = resolveImport(file, spec, known);
      if (t !== null && t !== file && !targets.includes(t)) targets.push(t);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** Reads every non-test `.ts` file under `srcDir` and returns its import graph. */
export function loadImportGraph(srcDir: string): Map<string, string[]> {
  const sources = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) {
        sources.set(relative(srcDir, p).split(sep).join('/'), readFileSync(p, 'utf8'));
      }
    }
  };
  walk(srcDir);
  return buildImportGraph(sources);
}

// ───────────────────────────── checking ─────────────────────────────

/** The layer entry (module) a file belongs to: its longest matching path, or null. */
export function moduleOf(file: string, layers: readonly Layer[]): { readonly layer: number; readonly path: string } | null {
  let best: { layer: number; path: string } | null = null;
  layers.forEach((l, k) => {
    for (const p of l.paths) {
      const hit = p.endsWith('/') ? file.startsWith(p) : file === p;
      if (hit && (best === null || p.length > best.path.length)) best = { layer: k, path: p };
    }
  });
  return best;
}

/** Rank of a file's layer (0 = top), or -1 when it is in no layer. */
export function layerIndex(file: string, layers: readonly Layer[]): number {
  return moduleOf(file, layers)?.layer ?? -1;
}

/**
 * Every violation of `layers` in `graph` (file → imported files, paths relative to `src/`):
 * upward, sideways and not-allowed imports, files in no layer, and cycles among files and
 * among modules. Sorted, so the output is stable.
 *
 * @example
 * ```ts
 * checkLayers(new Map([['types/a.ts', ['plan/b.ts']], ['plan/b.ts', []]]), LAYERS);
 * // [{ kind: 'upward', from: 'types/a.ts', to: 'plan/b.ts' }]
 * ```
 */
export function checkLayers(graph: ReadonlyMap<string, readonly string[]>, layers: readonly Layer[]): Violation[] {
  const out: Violation[] = [];
  const moduleGraph = new Map<string, string[]>();
  for (const [from, targets] of graph) {
    const a = moduleOf(from, layers);
    if (a === null) { out.push({ kind: 'unlayered', file: from }); continue; }
    if (!moduleGraph.has(a.path)) moduleGraph.set(a.path, []);
    for (const to of targets) {
      const b = moduleOf(to, layers);
      if (b === null) continue; // reported as unlayered when it is a source itself
      if (b.path === a.path) continue;
      const edges = moduleGraph.get(a.path)!;
      if (!edges.includes(b.path)) edges.push(b.path);
      const allowed = layers[a.layer]!.mayImport;
      if (b.layer < a.layer) out.push({ kind: 'upward', from, to });
      else if (b.layer === a.layer) out.push({ kind: 'sideways', from, to });
      else if (allowed !== undefined && !allowed.includes(b.path)) out.push({ kind: 'not-allowed', from, to });
    }
  }
  for (const members of stronglyConnected(graph)) out.push({ kind: 'cycle', level: 'file', members });
  for (const members of stronglyConnected(moduleGraph)) out.push({ kind: 'cycle', level: 'module', members });
  return out.sort((x, y) => (describeViolation(x) < describeViolation(y) ? -1 : describeViolation(x) > describeViolation(y) ? 1 : 0));
}

/**
 * Strongly connected components with more than one node (Tarjan), each sorted; a self-import
 * is not a cycle here (resolution drops it).
 */
export function stronglyConnected(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

// ───────────────────────────── command line ─────────────────────────────

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const srcDir = fileURLToPath(new URL('../src', import.meta.url));
  const graph = loadImportGraph(srcDir);
  const found = checkLayers(graph, LAYERS).map(describeViolation);
  const real = found.filter((v) => !TEMPORARY_ALLOWLIST.includes(v));
  const allowed = found.length - real.length;
  for (const v of real) console.log(v);
  let edges = 0;
  for (const t of graph.values()) edges += t.length;
  console.log(real.length === 0
    ? `layers: ok (${graph.size} files, ${edges} imports, ${allowed} temporarily allowed)`
    : `layers: ${real.length} violation(s) (${graph.size} files, ${edges} imports)`);
  process.exitCode = real.length === 0 ? 0 : 1;
}
