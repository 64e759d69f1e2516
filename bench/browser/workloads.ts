/**
 * The browser-side targets of BENCHMARKS.md that are planned but not built yet. The timed workloads
 * themselves, the adapter contract and the SQL are shared with the Node bench: bench/common/workloads.ts.
 *
 * Imported by the Node orchestrator (bench/browser/run.ts) for the report; nothing here runs in the page.
 * @module
 */

/** A browser workload that is planned but not built: listed in the output, never measured. */
export interface PlannedWorkload {
  /** Provisional id. */
  readonly id: string;
  /** What it will measure. */
  readonly title: string;
  /** The target from BENCHMARKS.md. */
  readonly target: string;
  /** What InkDB lacks today. */
  readonly blockedOn: string;
}

/**
 * EXTENSION POINTS: the browser-side targets of BENCHMARKS.md that need InkDB features that do not exist
 * yet (persistence to IndexedDB). They are reported as "not built yet", never as measured. (P3, live-query
 * latency, is measured by bench/common/live.ts: run.ts's "Live queries" section.)
 * To build one: add the adapter method (see the comment at the end of `Adapter` in
 * bench/common/workloads.ts), a `Workload` entry in its `WORKLOADS` (its `setup` prepares the stored rows
 * or the subscription untimed; its `run` times exactly the measured span), its id in `WorkloadId` and
 * `EXEC_ORDER`, and remove it from this list. P2 also needs a fresh page per timed run (the runner in
 * page/main.ts times runs on one page; run.ts would have to reload the page between runs, which keeps
 * IndexedDB).
 */
export const PLANNED_WORKLOADS: readonly PlannedWorkload[] = [
  {
    id: 'P1',
    title: 'durable single-row INSERT to IndexedDB (commit resolved after the write is durable), median',
    target: '< 2 ms',
    blockedOn: 'InkDB persistence (storage: IndexedDB) is a future issue',
  },
  {
    id: 'P2',
    title: 'open-to-first-query with 1,000,000 stored rows (fresh page, same IndexedDB)',
    target: '< 1 s',
    blockedOn: 'InkDB persistence (storage: IndexedDB) is a future issue',
  },
];
