/**
 * DESIGN.md §1.1: nothing in src/ may call eval, new Function, Function(…) or use
 * WebAssembly (the engine must run under `script-src 'self'`). This scans the sources, with
 * comments and string literals blanked out, and lists every offending file:line.
 *
 * docs/ARCHITECTURE.md "Layers": the import graph of src/ follows the layer order of
 * scripts/check-layers.ts (no upward or sideways imports, no cycles), apart from the
 * temporary allowlist there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LAYERS, TEMPORARY_ALLOWLIST, checkLayers, describeViolation, loadImportGraph } from '../scripts/check-layers.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Every .ts/.js/.mts file under src/, tests excluded. */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.(m?ts|m?js)$/.test(e.name) && !/\.test\.ts$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/**
 * Blanks out comments and the contents of string and template literals (keeping newlines, so
 * line numbers stay right), so that documentation may mention the forbidden words.
 * Template-literal `${…}` expressions are kept: code there counts.
 */
export function stripCommentsAndStrings(src: string): string {
  let out = '';
  let i = 0;
  const n = src.length;
  const blank = (s: string): string => s.replace(/[^\n]/g, ' ');
  const templateDepth: number[] = []; // brace depth at which each open template's `${` began
  let braces = 0;
  while (i < n) {
    const c = src[i]!;
    const d = src[i + 1];
    if (c === '/' && d === '/') {
      const end = src.indexOf('\n', i);
      const j = end < 0 ? n : end;
      out += blank(src.slice(i, j));
      i = j;
    } else if (c === '/' && d === '*') {
      const end = src.indexOf('*/', i + 2);
      const j = end < 0 ? n : end + 2;
      out += blank(src.slice(i, j));
      i = j;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      out += c + blank(src.slice(i + 1, j)) + (j < n ? src[j] : '');
      i = j + 1;
    } else if (c === '`' || (c === '}' && templateDepth.length > 0 && templateDepth[templateDepth.length - 1] === braces)) {
      if (c === '}') templateDepth.pop();
      // Inside a template literal: blank until the closing backtick or a `${`.
      let j = i + 1;
      while (j < n && src[j] !== '`' && !(src[j] === '$' && src[j + 1] === '{')) j += src[j] === '\\' ? 2 : 1;
      out += c + blank(src.slice(i + 1, j));
      if (j < n && src[j] === '$') {
        out += '${';
        templateDepth.push(braces);
        i = j + 2;
      } else {
        out += j < n ? '`' : '';
        i = j + 1;
      }
    } else {
      if (c === '{') braces++;
      else if (c === '}') braces--;
      out += c;
      i++;
    }
  }
  return out;
}

const RULES: readonly { name: string; re: RegExp }[] = [
  { name: 'eval(', re: /(?<![\w$.])eval\s*\(/ },
  { name: 'new Function(', re: /\bnew\s+Function\s*\(/ },
  { name: 'Function(', re: /(?<![\w$.])(?<!new\s+)Function\s*\(/ },
  { name: 'WebAssembly', re: /(?<![\w$])WebAssembly\b/ },
  { name: 'indirect eval', re: /globalThis\s*\.\s*eval\b|window\s*\.\s*eval\b|self\s*\.\s*eval\b/ },
];

/** Returns `file:line: rule` for every violation in the given files. */
export function findViolations(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const f of files) {
    const lines = stripCommentsAndStrings(readFileSync(f, 'utf8')).split('\n');
    lines.forEach((line, k) => {
      for (const r of RULES) {
        if (r.re.test(line)) found.push(`${relative(root, f)}:${k + 1}: ${r.name}`);
      }
    });
  }
  return found;
}

describe('hard rules (DESIGN.md §1.1)', () => {
  it('src/ has no eval, new Function, Function(…) or WebAssembly', () => {
    const files = sources(join(root, 'src'));
    expect(files.length).toBeGreaterThan(0);
    const violations = findViolations(files);
    expect(violations, `forbidden constructs:\n${violations.join('\n')}`).toEqual([]);
  });

  it('the scanner catches what it must and ignores comments and strings', () => {
    const code = [
      'const a = eval("1");',
      'const f = new Function("x", "return x");',
      'const g = Function("return 1");',
      'WebAssembly.instantiate(buf);',
      '// eval(x) in a comment is fine',
      "const s = 'new Function( in a string is fine';",
      'const t = `template ${eval("2")} counts`;',
      'obj.isFunction(x); myeval(y); x.eval(z);',
    ].join('\n');
    const stripped = stripCommentsAndStrings(code).split('\n');
    const hits = stripped.flatMap((line, k) => RULES.filter((r) => r.re.test(line)).map((r) => `${k + 1}:${r.name}`));
    expect(hits).toEqual(['1:eval(', '2:new Function(', '3:Function(', '4:WebAssembly', '7:eval(']);
  });
});

describe('layers (docs/ARCHITECTURE.md)', () => {
  const graph = loadImportGraph(join(root, 'src'));
  const found = checkLayers(graph, LAYERS).map(describeViolation);

  it('reads the real import graph of src/', () => {
    let edges = 0;
    for (const t of graph.values()) edges += t.length;
    expect(graph.size).toBeGreaterThan(80);
    expect(edges).toBeGreaterThan(400);
    // static, type-only and re-export edges that must be seen
    expect(graph.get('exec/kernels/cast.ts')).toContain('types/cast-value.ts');
    expect(graph.get('plan/compile-expr.ts')).toContain('exec/expr/evaluator.ts');
    expect(graph.get('plan/logical.ts')).toContain('exec/aggregates/index.ts');
    expect(graph.has('types/cast.test.ts')).toBe(false);
  });

  it('src/ imports only downward and has no import cycles', () => {
    const violations = found.filter((v) => !TEMPORARY_ALLOWLIST.includes(v));
    expect(violations, `layer violations:\n${violations.join('\n')}`).toEqual([]);
  });

  it('every temporary allowlist entry is still needed', () => {
    const stale = TEMPORARY_ALLOWLIST.filter((v) => !found.includes(v));
    expect(stale, `remove from TEMPORARY_ALLOWLIST in scripts/check-layers.ts:\n${stale.join('\n')}`).toEqual([]);
  });
});
