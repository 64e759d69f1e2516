/**
 * NUMERIC's transcendental functions (`sqrt`, `exp`, `ln`, `log`, `log10`, `power` on numeric
 * values: series and Newton iterations over BigInt digits) as a part loaded on first use: these
 * names declare it, so the Worker downloads the arithmetic only when a statement first calls
 * one of them (see `exec/lazy-part.ts`).
 */
import { LazyPart } from '../../lazy-part.ts';
import type * as TranscendentalModule from '../../../types/numeric-transcendental.ts';

/** The part's module. */
export type Transcendental = typeof TranscendentalModule;

/**
 * The `numeric-transcendental.ts` module, loaded on first use.
 *
 * @example
 * ```ts
 * await NUMERIC_TRANSCENDENTAL.load();
 * NUMERIC_TRANSCENDENTAL.get().sqrtValue(numericValue(2n, 0));   // 1.414213562373095
 * ```
 */
export const NUMERIC_TRANSCENDENTAL: LazyPart<Transcendental> =
  new LazyPart('numeric transcendental functions', () => import('../../../types/numeric-transcendental.ts'));
