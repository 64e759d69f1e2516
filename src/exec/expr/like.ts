/**
 * [NOT] LIKE / ILIKE: a constant pattern becomes one RegExp at compile time; patterns that vary
 * per row are translated once per distinct (pattern, escape) within a batch.
 */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import { unionNulls } from '../kernels/compare.ts';
import type { Evaluator } from './evaluator.ts';

/** Translates a LIKE pattern to a RegExp (escape char default backslash, as PostgreSQL). */
export function likeToRegExp(pattern: string, escape: string | null, ci: boolean): RegExp {
  const esc = escape === null ? '\\' : escape;
  if (esc.length > 1) throw new DbError(SqlState.INVALID_ESCAPE_SEQUENCE, 'invalid escape string', { hint: 'Escape string must be empty or one character.' });
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (esc !== '' && ch === esc) {
      i++;
      if (i >= pattern.length) throw new DbError(SqlState.INVALID_ESCAPE_SEQUENCE, 'LIKE pattern must not end with escape character');
      re += escapeRe(pattern[i]!);
    } else if (ch === '%') re += '[\\s\\S]*';
    else if (ch === '_') re += '[\\s\\S]';
    else re += escapeRe(ch);
  }
  return new RegExp(re + '$', ci ? 'iu' : 'u');
}

function escapeRe(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? '\\' + ch : ch;
}

/** LIKE against one pattern already translated by {@link likeToRegExp}. */
export function likeConstEvaluator(arg: Evaluator, re: RegExp, negated: boolean): Evaluator {
  const neg = negated ? 1 : 0;
  return (b, sel, ctx) => {
    const v = arg(b, sel, ctx);
    const n = b.length, out = new Uint8Array(n), d = v.data as string[];
    const m = sel === null ? n : sel.length;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      if (v.nulls !== null && v.nulls[i] === 1) continue;
      out[i] = (re.test(d[i]!) ? 1 : 0) ^ neg;
    }
    return { type: 'boolean', length: n, data: out, nulls: v.type === 'null' ? new Uint8Array(n).fill(1) : v.nulls };
  };
}

/** LIKE with a pattern (and escape) computed per row. */
export function likeEvaluator(arg: Evaluator, pat: Evaluator, escE: Evaluator | null, ci: boolean, negated: boolean): Evaluator {
  const neg = negated ? 1 : 0;
  return (b, sel, ctx) => {
    const v = arg(b, sel, ctx), p = pat(b, sel, ctx), es = escE === null ? null : escE(b, sel, ctx);
    const n = b.length, out = new Uint8Array(n);
    const nulls = unionNulls(unionNulls(v.nulls, p.nulls, n), es === null ? null : es.nulls, n);
    const cache = new Map<string, RegExp>();
    const m = sel === null ? n : sel.length;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      if (nulls !== null && nulls[i] === 1) continue;
      const ps = (p.data as string[])[i]!, ec = es === null ? null : (es.data as string[])[i]!;
      const key = ps + '\u0000' + (ec ?? '');
      let re = cache.get(key);
      if (re === undefined) { re = likeToRegExp(ps, ec, ci); cache.set(key, re); }
      out[i] = (re.test((v.data as string[])[i]!) ? 1 : 0) ^ neg;
    }
    return { type: 'boolean', length: n, data: out, nulls };
  };
}
