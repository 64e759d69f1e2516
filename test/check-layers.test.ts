/**
 * The layer checker (scripts/check-layers.ts) on synthetic graphs and on temporary copies of
 * real source files with injected imports: it must find upward, sideways and not-allowed
 * imports, files outside every layer, and cycles among files and among modules.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LAYERS, buildImportGraph, checkLayers, describeViolation, importSpecifiers, layerIndex, loadImportGraph,
  resolveImport, stronglyConnected, type Layer,
} from '../scripts/check-layers.ts';

const srcDir = fileURLToPath(new URL('../src', import.meta.url));

/** A small layer order: app → (feature-a, feature-b) → core; entry may only import app. */
const TOY: readonly Layer[] = [
  { paths: ['entry.ts'], mayImport: ['app/'], reason: 'entry' },
  { paths: ['app/'], reason: 'top' },
  { paths: ['feature-a/', 'feature-b/'], reason: 'siblings' },
  { paths: ['core/'], reason: 'bottom' },
];

const graph = (edges: Record<string, string[]>): Map<string, string[]> => new Map(Object.entries(edges));
const described = (g: Map<string, string[]>, layers: readonly Layer[] = TOY): string[] => checkLayers(g, layers).map(describeViolation);

describe('importSpecifiers', () => {
  it('finds static, type, re-export, side-effect and dynamic imports', () => {
    const src = [
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      'import {',
      '  c,',
      '  d,',
      "} from \"./cd.ts\";",
      "export { e } from './e.ts';",
      "export * from './f.ts';",
      "import './side-effect.ts';",
      "const m = await import('./dyn.ts');",
      "type T = import('./types.ts').T;",
      "import { wrap } from 'comlink';",
    ].join('\n');
    expect(importSpecifiers(src)).toEqual([
      './a.ts', '../b.ts', './cd.ts', './e.ts', './f.ts', './side-effect.ts', './dyn.ts', './types.ts', 'comlink',
    ]);
  });

  it('ignores comments, strings, templates, regular expressions and look-alikes', () => {
    const src = [
      "// import { x } from './in-line-comment.ts';",
      "/* export * from './in-block-comment.ts'; */",
      "/** @example import('./in-doc.ts') */",
      "const s = \"import { y } from './in-string.ts'\";",
      "const t = `from './in-template.ts' ${f('./in-template-expr.ts')} import('./x.ts')`;",
      "const re = /['\"]/g; const re2 = /\\/\\*/;",
      "const arr = Array.from('abc'); obj.import('./method.ts'); const from = 1; g(from, 'two');",
      "type U = import('./after-regex.ts').U;",
    ].join('\n');
    expect(importSpecifiers(src)).toEqual(['./after-regex.ts']);
  });
});

describe('resolveImport', () => {
  const known = new Set(['plan/logical.ts', 'exec/ops/scan.ts', 'types/index.ts']);
  it('resolves relative specifiers to known files', () => {
    expect(resolveImport('exec/ops/scan.ts', '../../plan/logical.ts', known)).toBe('plan/logical.ts');
    expect(resolveImport('plan/x.ts', './logical.js', known)).toBe('plan/logical.ts');
    expect(resolveImport('plan/x.ts', './logical', known)).toBe('plan/logical.ts');
    expect(resolveImport('plan/x.ts', '../types', known)).toBe('types/index.ts');
  });
  it('drops packages and unknown paths', () => {
    expect(resolveImport('plan/x.ts', 'apache-arrow', known)).toBeNull();
    expect(resolveImport('plan/x.ts', 'node:fs', known)).toBeNull();
    expect(resolveImport('plan/x.ts', '../../package.json', known)).toBeNull();
  });
});

describe('checkLayers on synthetic graphs', () => {
  const clean = {
    'entry.ts': ['app/main.ts'],
    'app/main.ts': ['feature-a/a.ts', 'feature-b/b.ts', 'core/util.ts'],
    'feature-a/a.ts': ['core/util.ts', 'feature-a/a2.ts'],
    'feature-a/a2.ts': [],
    'feature-b/b.ts': ['core/util.ts'],
    'core/util.ts': [],
  };

  it('accepts a graph that follows the order', () => {
    expect(described(graph(clean))).toEqual([]);
  });

  it('catches an injected upward import (and the module cycle it closes)', () => {
    const g = graph({ ...clean, 'core/util.ts': ['app/main.ts'] });
    expect(described(g)).toEqual([
      'file cycle: app/main.ts ⇄ core/util.ts ⇄ feature-a/a.ts ⇄ feature-b/b.ts',
      'module cycle: app/ ⇄ core/ ⇄ feature-a/ ⇄ feature-b/',
      'upward import: core/util.ts → app/main.ts',
    ]);
  });

  it('catches sideways imports between sibling modules of one layer', () => {
    const g = graph({ ...clean, 'feature-a/a.ts': ['core/util.ts', 'feature-b/b.ts'] });
    expect(described(g)).toEqual(['sideways import: feature-a/a.ts → feature-b/b.ts']);
  });

  it('enforces mayImport', () => {
    const g = graph({ ...clean, 'entry.ts': ['app/main.ts', 'core/util.ts'] });
    expect(described(g)).toEqual(['not-allowed import: entry.ts → core/util.ts']);
  });

  it('reports files in no layer', () => {
    const g = graph({ ...clean, 'stray/x.ts': ['core/util.ts'] });
    expect(described(g)).toEqual(['file in no layer: stray/x.ts']);
  });

  it('catches an injected cycle inside one module', () => {
    const g = graph({ ...clean, 'feature-a/a2.ts': ['feature-a/a3.ts'], 'feature-a/a3.ts': ['feature-a/a.ts'] });
    expect(described(g)).toEqual(['file cycle: feature-a/a.ts ⇄ feature-a/a2.ts ⇄ feature-a/a3.ts']);
  });

  it('finds strongly connected components of size > 1 only', () => {
    const g = graph({ a: ['b'], b: ['c', 'd'], c: ['a'], d: ['e'], e: ['d'], f: ['f'] });
    expect(stronglyConnected(g)).toEqual([['a', 'b', 'c'], ['d', 'e']]);
  });
});

describe('the InkDB layer order', () => {
  it('places every layer and resolves nested folders by longest prefix', () => {
    const rank = (f: string) => layerIndex(f, LAYERS);
    expect(rank('inprocess.ts')).toBe(0);
    expect(rank('index.ts')).toBe(1);
    expect(rank('client/database.ts')).toBeLessThan(rank('worker/endpoint.ts'));
    expect(rank('engine.ts')).toBe(-1);   // the engine lives in engine/ only
    expect(rank('engine/session.ts')).toBeLessThan(rank('plan/binder.ts'));
    expect(rank('api/engine-api.ts')).toBeGreaterThan(rank('sql/parser.ts'));
    expect(rank('api/engine-api.ts')).toBeLessThan(rank('types/vector.ts'));
    expect(rank('storage/persist/codec.ts')).toBeLessThan(rank('plan/binder.ts'));
    expect(rank('storage/partition.ts')).toBeGreaterThan(rank('catalog/catalog.ts'));
    expect(rank('plan/binder.ts')).toBeLessThan(rank('exec/operator.ts'));
    expect(rank('errors/db-error.ts')).toBe(LAYERS.length - 1);
    expect(rank('nowhere/x.ts')).toBe(-1);
  });

  it('flags exec → plan, storage → catalog and live ⇄ persist', () => {
    const g = graph({
      'exec/ops/scan.ts': ['plan/logical.ts'],
      'plan/logical.ts': [],
      'storage/partition.ts': ['catalog/catalog.ts'],
      'catalog/catalog.ts': [],
      'live/subscriptions.ts': ['storage/persist/store.ts'],
      'storage/persist/store.ts': ['storage/partition.ts', 'catalog/catalog.ts'],
    });
    expect(described(g, LAYERS)).toEqual([
      'sideways import: live/subscriptions.ts → storage/persist/store.ts',
      'upward import: exec/ops/scan.ts → plan/logical.ts',
      'upward import: storage/partition.ts → catalog/catalog.ts',
    ]);
  });
});

describe('checkLayers on copies of real files', () => {
  let tmp: string | null = null;
  afterEach(() => {
    if (tmp !== null) rmSync(tmp, { recursive: true, force: true });
    tmp = null;
  });

  /** Copies real `src/` files into a temporary tree, applying `edit` to some. */
  function copyTree(files: readonly string[], edit: Record<string, (text: string) => string> = {}): string {
    tmp = mkdtempSync(join(tmpdir(), 'inkdb-layers-'));
    for (const f of files) {
      const text = readFileSync(join(srcDir, f), 'utf8');
      const out = join(tmp, f);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, edit[f]?.(text) ?? text);
    }
    return tmp;
  }

  const inject = (line: string) => (text: string): string => `${line}\n${text}`;

  it('sees no violation in unmodified copies', () => {
    const root = copyTree(['exec/ops/filter.ts', 'exec/operator.ts', 'plan/logical.ts', 'types/vector.ts', 'types/data-type.ts']);
    const g = loadImportGraph(root);
    expect(g.get('exec/ops/filter.ts')).toEqual(['types/vector.ts', 'exec/operator.ts']);
    expect(checkLayers(g, LAYERS)).toEqual([]);
  });

  it('catches an upward import injected into a real operator file', () => {
    const root = copyTree(['exec/ops/filter.ts', 'exec/operator.ts', 'plan/logical.ts', 'types/vector.ts', 'types/data-type.ts'], {
      'exec/ops/filter.ts': inject("import type { LogicalPlan } from '../../plan/logical.ts';"),
    });
    expect(checkLayers(loadImportGraph(root), LAYERS).map(describeViolation))
      .toEqual(['upward import: exec/ops/filter.ts → plan/logical.ts']);
  });

  it('catches a cycle injected into a real file (as a dynamic type import)', () => {
    const root = copyTree(['types/vector.ts', 'types/data-type.ts'], {
      'types/data-type.ts': (t) => `${t}\n/** Injected. */\nexport type Injected = import('./vector.ts').Vector;\n`,
    });
    expect(checkLayers(loadImportGraph(root), LAYERS).map(describeViolation))
      .toEqual(['file cycle: types/data-type.ts ⇄ types/vector.ts']);
  });

  it('reads the same graph from disk as from memory', () => {
    const root = copyTree(['exec/ops/filter.ts', 'exec/operator.ts']);
    const fromDisk = loadImportGraph(root);
    const fromMemory = buildImportGraph(new Map(['exec/ops/filter.ts', 'exec/operator.ts'].map((f) => [f, readFileSync(join(srcDir, f), 'utf8')])));
    expect(fromDisk).toEqual(fromMemory);
  });
});
