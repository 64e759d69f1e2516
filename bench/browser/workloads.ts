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
 * yet (live queries). The persistence targets P1 and P2 are measured by bench/persist/run.ts
 * (`npm run bench:persist`), against PGlite's IndexedDB mode. They are reported as "not built yet", never as measured.
 * To build one: add the adapter method (see the comment at the end of `Adapter` in
 * bench/common/workloads.ts), a `Workload` entry in its `WORKLOADS` (its `setup` prepares the stored rows
 * or the subscription untimed; its `run` times exactly the measured span), its id in `WorkloadId` and
 * `EXEC_ORDER`, and remove it from this list. P2 also needs a fresh page per timed run (the runner in
 * page/main.ts times runs on one page; run.ts would have to reload the page between runs, which keeps
 * IndexedDB).
 */
export const PLANNED_WORKLOADS: readonly PlannedWorkload[] = [
  {
    id: 'P3',
    title: 'live-query commit-to-callback latency, in-page and through the worker',
    target: '< 1 ms in-page, < 5 ms through the worker',
    blockedOn: 'InkDB live queries are a future issue',
  },
];
