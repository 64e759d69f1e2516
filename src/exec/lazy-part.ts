/**
 * Parts of the engine loaded on first use (`import()`), so that the Worker's first download
 * leaves out code most statements never run (the regular-expression engine). A function that
 * needs such a part names it ({@link ScalarFunction.part}); binding a call to it while the part
 * is not loaded throws {@link PartLoading}, and the engine then loads the part and runs the
 * statement again — the failed attempt was rolled back like any failed statement, and binding
 * comes before any row is read or written. Once loaded, a part stays loaded for the realm.
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';

/**
 * A module loaded on first use.
 *
 * @example
 * ```ts
 * const REGEX = new LazyPart('regular expression engine', () => import('./regex/regex.ts'));
 * REGEX.get();          // throws PartLoading until…
 * await REGEX.load();
 * REGEX.get().compileRegex('a+', '', 'regexp_like');
 * ```
 */
export class LazyPart<T> {
  private value: T | null = null;
  private loading: Promise<T> | null = null;

  constructor(readonly name: string, private readonly loader: () => Promise<T>) {}

  /** True once the part is loaded. */
  get loaded(): boolean {
    return this.value !== null;
  }

  /** The part; {@link PartLoading} while it is not loaded. */
  get(): T {
    if (this.value === null) throw new PartLoading(this);
    return this.value;
  }

  /** Loads the part (once; concurrent callers share the load). A failed load may be retried. */
  load(): Promise<T> {
    if (this.value !== null) return Promise.resolve(this.value);
    this.loading ??= this.loader().then((m) => (this.value = m), (e: unknown) => {
      this.loading = null;
      throw new DbError(SqlState.INTERNAL_ERROR, `internal error: the ${this.name} could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
    });
    return this.loading;
  }
}

/**
 * A statement needed a part of the engine that is not loaded yet. The engine catches it, loads
 * {@link PartLoading.part} and runs the statement again; callers outside the engine's entry
 * points (which never see it) get it as a plain 55000.
 *
 * @example
 * ```ts
 * try { bind(); } catch (e) { if (e instanceof PartLoading) { await e.part.load(); bind(); } }
 * ```
 */
export class PartLoading extends DbError {
  constructor(readonly part: LazyPart<unknown>) {
    super(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, `the ${part.name} is still loading`, { hint: 'Run the statement again.' });
  }
}
