/**
 * The parent side: runs cases in a child process (`child.ts`) under a watchdog. A case that
 * does not finish within the time limit gets the child killed and is recorded as `timeout`; a
 * child that dies (heap limit, abort, uncaught exception) or grows past the RSS limit is
 * recorded as `crash` against the case it was running. Either way a new child takes the rest.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FuzzCase, Outcome } from './cases.ts';
import type { BatchMessage, ChildMessage } from './child.ts';

/** Limits and hooks for {@link runCases}. */
export interface RunnerOptions {
  /** Per-statement wall-time limit (ms). */
  timeLimitMs: number;
  /** `--max-old-space-size` of the child, in MB. */
  heapMb: number;
  /** Resident-set limit of the child, in MB (checked every 200 ms; Linux only). */
  rssLimitMb: number;
  /** `batch`: one database for all cases (state carries over); `case`: a fresh one per case. */
  fresh: 'batch' | 'case';
  /** With fresh = 'case': statements to run on each fresh database before the case. */
  prefix?: FuzzCase[];
  /** Extra environment variables for the child. */
  env?: Record<string, string>;
  /** Called as each outcome arrives. */
  onOutcome?: (i: number, c: FuzzCase, o: Outcome) => void;
}

/** Counts of child processes started, for reports. */
export const runnerStats = { children: 0 };

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STARTUP_MS = 60_000;

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Why a child died, from its exit and the tail of its stderr. */
function deathReason(code: number | null, signal: string | null, stderr: string): { code: string; message: string } {
  const tail = stderr.slice(-600).trim();
  if (/heap out of memory|Reached heap limit|Allocation failed|out of memory/i.test(stderr)) {
    return { code: 'oom', message: stderr.split('\n').find((l) => /FATAL|out of memory/i.test(l))?.trim() ?? `heap limit: ${tail}` };
  }
  if (signal) return { code: signal, message: `killed by ${signal}: ${tail}` };
  return { code: `exit${code ?? ''}`, message: `exited with ${code}: ${tail}` };
}

/** A running child process with the engine, reusable across calls while it lives. */
export class EngineChild {
  readonly proc: ChildProcess;
  stderr = '';
  dead = false;
  readonly ready: Promise<void>;

  constructor(opts: Pick<RunnerOptions, 'heapMb' | 'env'>) {
    runnerStats.children++;
    this.proc = fork(CHILD, [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx', `--max-old-space-size=${opts.heapMb}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
      env: { ...process.env, ...opts.env },
    });
    this.proc.stderr!.on('data', (d: Buffer) => {
      this.stderr += d.toString();
      if (this.stderr.length > 8000) this.stderr = this.stderr.slice(-4000);
    });
    this.proc.on('exit', () => {
      this.dead = true;
    });
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill();
        reject(new Error(`fuzz child did not start: ${this.stderr.slice(-2000)}`));
      }, STARTUP_MS);
      const onMessage = (m: ChildMessage): void => {
        if (m.type !== 'ready') return;
        clearTimeout(timer);
        this.proc.off('message', onMessage);
        resolve();
      };
      this.proc.on('message', onMessage);
      this.proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`fuzz child exited at start (${code} ${signal}): ${this.stderr.slice(-2000)}`));
      });
    });
    this.ready.catch(() => undefined);
  }

  kill(): void {
    if (!this.dead && this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
  }
}

/**
 * Runs `cases` in order and returns one outcome per case. Never throws for engine failures;
 * throws only when a child cannot even start. With `pool`, a live child is taken from it and
 * left in it afterwards (the reducer runs many small calls); otherwise each call has its own.
 */
export async function runCases(cases: readonly FuzzCase[], opts: RunnerOptions, pool?: { child: EngineChild | null }): Promise<Outcome[]> {
  const out: Outcome[] = new Array<Outcome>(cases.length);
  let start = 0;
  while (start < cases.length) {
    let child = pool?.child ?? null;
    if (child === null || child.dead) child = await startChild(opts);
    const r = await runOn(child, cases, start, opts, out);
    start = r.next;
    if (pool) pool.child = r.alive ? child : null;
    else child.kill();
  }
  return out;
}

/** A new child that has said it is ready; a child that fails to start is retried twice (the machine may be busy). */
async function startChild(opts: RunnerOptions): Promise<EngineChild> {
  for (let attempt = 1; ; attempt++) {
    const child = new EngineChild(opts);
    try {
      await child.ready;
      return child;
    } catch (e) {
      child.kill();
      if (attempt >= 3) throw e;
    }
  }
}

/** Runs cases from `start` on `child`; returns where to go on and whether the child survived. */
function runOn(child: EngineChild, cases: readonly FuzzCase[], start: number, opts: RunnerOptions, out: Outcome[]): Promise<{ next: number; alive: boolean }> {
  return new Promise((resolve, reject) => {
    const proc = child.proc;
    let running = -1;
    let progress = 0;
    let startedAt = 0;
    let finished = false;
    let timer: NodeJS.Timeout | null = null;
    let killedFor: Outcome | null = null;
    const rss = setInterval(() => {
      if (running < 0 || proc.pid === undefined) return;
      const mb = rssMb(proc.pid);
      if (mb > opts.rssLimitMb) {
        killedFor = { kind: 'crash', code: 'rss', message: `resident set ${Math.round(mb)} MB over the ${opts.rssLimitMb} MB limit`, ms: performance.now() - startedAt };
        child.kill();
      }
    }, 200);

    const finish = (then: () => void): void => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      timer = null;
      clearInterval(rss);
      proc.off('message', onMessage);
      proc.off('exit', onExit);
      then();
    };
    const record = (i: number, o: Outcome): void => {
      progress = Math.max(progress, i + 1);
      out[start + i] = o;
      opts.onOutcome?.(start + i, cases[start + i]!, o);
    };

    const onMessage = (m: ChildMessage): void => {
      if (m.type === 'start') {
        running = m.i;
        startedAt = performance.now();
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          killedFor = { kind: 'timeout', code: 'hang', message: `no answer within ${opts.timeLimitMs} ms`, ms: performance.now() - startedAt };
          child.kill();
        }, opts.timeLimitMs);
      } else if (m.type === 'outcome') {
        if (timer) clearTimeout(timer);
        timer = null;
        running = -1;
        let o = m.outcome;
        if (o.ms > opts.timeLimitMs && (o.kind === 'ok' || o.kind === 'error')) {
          o = { kind: 'timeout', code: 'slow', message: `finished after ${Math.round(o.ms)} ms (${o.kind} ${o.code ?? ''})`, ms: o.ms };
        }
        record(m.i, o);
      } else if (m.type === 'done') {
        finish(() => resolve({ next: cases.length, alive: true }));
      } else if (m.type === 'uncaught') {
        const i = m.i >= 0 ? m.i : running;
        if (i >= 0) {
          record(i, { kind: 'crash', code: 'uncaught', message: m.message, ms: performance.now() - startedAt });
          child.kill();
          finish(() => resolve({ next: start + i + 1, alive: false }));
        } else {
          child.kill();
          if (progress > 0) finish(() => resolve({ next: start + progress, alive: false }));
          else finish(() => reject(new Error(`fuzz child failed outside a case: ${m.message}`)));
        }
      }
    };
    const onExit = (code: number | null, signal: string | null): void => {
      // Let the stderr pipe drain so that the heap-limit message is seen.
      setTimeout(() => {
        if (finished) return;
        if (running < 0) {
          // Between cases (e.g. while building a fresh database): go on after the last outcome.
          if (progress > 0) finish(() => resolve({ next: start + progress, alive: false }));
          else finish(() => reject(new Error(`fuzz child died outside a case (${code} ${signal}): ${child.stderr.slice(-2000)}`)));
          return;
        }
        const i = running;
        const why = deathReason(code, signal, child.stderr);
        const o: Outcome = killedFor ?? { kind: 'crash', code: why.code, message: why.message, ms: performance.now() - startedAt };
        record(i, o);
        finish(() => resolve({ next: start + i + 1, alive: false }));
      }, 50);
    };
    proc.on('message', onMessage);
    proc.on('exit', onExit);
    if (child.dead) {
      onExit(proc.exitCode, proc.signalCode);
      return;
    }
    const msg: BatchMessage = { type: 'batch', cases: cases.slice(start), fresh: opts.fresh };
    if (opts.prefix) msg.prefix = opts.prefix;
    proc.send(msg);
  });
}
