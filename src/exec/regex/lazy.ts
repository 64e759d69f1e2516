/**
 * The regular-expression engine as a part loaded on first use: `regexp_like` and
 * `regexp_replace` name it, so the Worker downloads the parser, the Pike VM and the lazy DFA
 * only when a statement first calls one of them (see `exec/lazy-part.ts`).
 */
import { LazyPart } from '../lazy-part.ts';
import type * as RegexModule from './regex.ts';

/**
 * The `regex.ts` module, loaded on first use.
 *
 * @example
 * ```ts
 * await REGEX.load();
 * REGEX.get().regexTest(REGEX.get().compileRegex('b', 'i', 'regexp_like'), 'ABC');   // true
 * ```
 */
export const REGEX: LazyPart<typeof RegexModule> = new LazyPart('regular expression engine', () => import('./regex.ts'));
