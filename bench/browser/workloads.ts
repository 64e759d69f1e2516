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
 * yet. None is left: P1 and P2 (persistence) are measured by bench/persist/run.ts (`npm run
 * bench:persist`, against PGlite's IndexedDB mode), P3 (live-query latency) by bench/common/live.ts
 * (run.ts's "Live queries" section). A future target is reported as "not built yet", never as measured.
 * To build one: add the adapter method (see the comment at the end of `Adapter` in
 * bench/common/workloads.ts), a `Workload` entry in its `WORKLOADS` (its `setup` prepares the stored rows
 * or the subscription untimed; its `run` times exactly the measured span), its id in `WorkloadId` and
 * `EXEC_ORDER`, and remove it from this list.
 */
export const PLANNED_WORKLOADS: readonly PlannedWorkload[] = [];
