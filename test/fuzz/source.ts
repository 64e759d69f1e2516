/**
 * Mixes the statement sources into one seeded stream of cases: corpus statements as they are,
 * their mutations, grammar-generated statements, pathological inputs and odd parameters.
 * Switches (names in `off`) turn off a source, a pathological family or an odd parameter kind.
 */
import type { FuzzCase } from './cases.ts';
import { grammarCase } from './grammar.ts';
import { mutate } from './mutate.ts';
import { paramCase, paramOff } from './params.ts';
import { pathoCase } from './pathological.ts';
import type { Rng } from './rng.ts';

/** The sources and their default weights. */
export const SOURCES = ['corpus', 'mutation', 'grammar', 'patho', 'params'] as const;
const WEIGHTS = [5, 30, 35, 20, 10];

/** What {@link nextCase} draws from. */
export interface SourceOptions {
  /** Statements to replay and mutate (corpus sample, seeds, the project's .slt files). */
  pool: readonly string[];
  /**
   * Switched-off names: a source (`grammar`, `mutation`, `corpus`, `patho`, `params`),
   * `patho:<family>`, `param:<kind>[:<detail>]` (see `paramName`), `template:<group>` (the
   * `params` source's statement shapes), `params:raw`, `params:count`, `grammar:<feature>`.
   */
  off: ReadonlySet<string>;
  /** Largest size for pathological families. */
  maxSize?: number;
}

function usesOffParam(c: FuzzCase, off: ReadonlySet<string>): boolean {
  if (c.rawParams && (off.has('params:raw') || paramOff(c.rawParams, off))) return true;
  return (c.params ?? []).some((p) => paramOff(p, off));
}

/** Draws the next case (never one that a switch turns off). */
export function nextCase(rng: Rng, opts: SourceOptions): FuzzCase {
  const ws = SOURCES.map((s, i) => (opts.off.has(s) || (opts.pool.length === 0 && (s === 'corpus' || s === 'mutation')) ? 0 : WEIGHTS[i]!));
  const pathoOff = new Set([...opts.off].filter((s) => s.startsWith('patho:')).map((s) => s.slice(6)));
  for (let attempt = 0; attempt < 100; attempt++) {
    const src = rng.weighted(SOURCES, ws);
    let c: FuzzCase;
    switch (src) {
      case 'corpus': c = { sql: rng.pick(opts.pool), source: 'corpus' }; break;
      case 'mutation': {
        const base = rng.chance(0.7) ? rng.pick(opts.pool) : grammarCase(rng.fork(), 3, opts.off).sql;
        c = { sql: mutate(rng, base, () => (rng.chance(0.5) ? rng.pick(opts.pool) : grammarCase(rng.fork(), 2, opts.off).sql)), source: 'mutation' };
        break;
      }
      case 'grammar': c = grammarCase(rng, 4, opts.off); break;
      case 'patho': c = pathoCase(rng, pathoOff, opts.maxSize); break;
      default: c = paramCase(rng, opts.off);
    }
    if (src === 'patho' && pathoOff.has(c.source.slice(6))) continue;
    if (opts.off.has(c.source)) continue;
    if (usesOffParam(c, opts.off)) continue;
    return c;
  }
  return { sql: 'SELECT 1', source: 'fallback' };
}
