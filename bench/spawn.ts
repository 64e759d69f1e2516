/**
 * Starting benchmark child processes (bench/child.ts) for the orchestrators (bench/run.ts,
 * bench/scaling.ts): one process for some workloads of one engine at one size, or one fresh process
 * per workload, merged into one {@link ChildResult}.
 * @module
 */

import { fork } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ChildResult } from './child.ts';
import type { WorkloadId } from './common/workloads.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Extra environment of an engine's child processes. */
const ENGINE_ENV: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'inkdb-noshapes': { INKDB_NO_SHAPES: '1' },
};

/** How to start one child process. */
export interface ChildSpec {
  readonly engine: string;
  readonly n: number;
  readonly workloads: readonly WorkloadId[];
  readonly runs: number;
  readonly warmup: number;
  readonly capMs: number;
  readonly timeoutMin: number;
  /** Node's heap limit in MB, or undefined for Node's default. */
  readonly heapMB?: number;
  /** Load `events` in chunks of this many rows (large N). */
  readonly chunkRows?: number;
}

/** Runs one engine at one size (some workloads) in a child process; never rejects. */
export function runChild(spec: ChildSpec): Promise<ChildResult> {
  const { engine, n } = spec;
  const args = [engine, String(n), '--runs', String(spec.runs), '--warmup', String(spec.warmup), '--cap-ms', String(spec.capMs), '--workloads', spec.workloads.join(',')];
  if (spec.chunkRows !== undefined) args.push('--chunk-rows', String(spec.chunkRows));
  const o = spec;
  return new Promise((resolvePromise) => {
    let final: ChildResult | undefined;
    let partial: ChildResult | undefined;
    let settled = false;
    const child = fork(resolve(here, 'child.ts'), args, {
      execArgv: ['--expose-gc', ...(process.env.BENCH_CHILD_FLAGS ? process.env.BENCH_CHILD_FLAGS.split(' ') : []), ...(spec.heapMB !== undefined ? [`--max-old-space-size=${String(spec.heapMB)}`] : []), '--import', 'tsx'],
      env: { ...process.env, ...(ENGINE_ENV[engine] ?? {}) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const timer = setTimeout(
      () => {
        process.stderr.write(`  [${engine} n=${String(n)}] timed out after ${String(o.timeoutMin)} min, killing pid ${String(child.pid)}\n`);
        child.kill('SIGKILL');
      },
      o.timeoutMin * 60_000,
    );
    const finish = (r: ChildResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolvePromise(r);
    };
    child.on('message', (m) => {
      const msg = m as ChildMessage;
      if (msg.kind === 'final') final = msg.result;
      else partial = msg.result;
    });
    child.on('error', (e) => {
      finish({ engine, version: '', n, error: `could not start the child process: ${e.message}`, workloads: {} });
    });
    child.on('exit', (code, signal) => {
      if (final !== undefined) {
        finish(final);
        return;
      }
      const why = signal !== null ? `signal ${signal}` : `exit code ${String(code)}`;
      if (partial !== undefined) {
        // Keep what was measured; the workload in progress is already marked as an error.
        finish({ ...partial, crashed: `child process died (${why}) before its final report` });
      } else {
        finish({ engine, version: '', n, error: `child process died (${why}) before reporting`, workloads: {} });
      }
    });
  });
}

/**
 * Runs `spec.workloads` of one engine at one size: in one process, or (`fresh`) one process per
 * workload, so that each workload's first run is the first execution in its process. The merged
 * result takes the start-up, load and memory figures of the first process that has them and the
 * largest peak RSS.
 */
export async function runEngine(spec: ChildSpec, fresh: boolean): Promise<ChildResult> {
  if (!fresh || spec.workloads.length <= 1) return runChild(spec);
  const merged: ChildResult = { engine: spec.engine, version: '', n: spec.n, workloads: {} };
  const crashes: string[] = [];
  let started = 0;
  for (const w of spec.workloads) {
    const r = await runChild({ ...spec, workloads: [w] });
    if (merged.version === '') merged.version = r.version;
    const wr = r.workloads[w];
    if (r.error !== undefined) {
      merged.workloads[w] = { status: 'error', error: r.error };
      continue;
    }
    started++;
    if (r.crashed !== undefined) crashes.push(`${w}: ${r.crashed}`);
    merged.workloads[w] = wr ?? { status: 'error', error: 'no result' };
    if (wr?.status === 'n/a') continue;
    merged.openMs ??= r.openMs;
    merged.initialLoadMs ??= r.initialLoadMs;
    if (r.memory !== undefined) {
      if (merged.memory === undefined) merged.memory = { ...r.memory };
      else merged.memory.peakRssMB = Math.max(merged.memory.peakRssMB, r.memory.peakRssMB);
    }
  }
  if (started === 0) {
    const first = merged.workloads[spec.workloads[0] as WorkloadId];
    merged.error = first?.error ?? 'no process started';
  }
  if (crashes.length > 0) merged.crashed = crashes.join('; ');
  return merged;
}
