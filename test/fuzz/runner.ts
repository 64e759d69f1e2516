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
    return { code: 'oom', message: `heap limit: ${tail.split('\n').find((l) => /FATAL|out of memory/i.test(l)) ?? tail}` };
  }
  if (signal) return { code: signal, message: `killed by ${signal}: ${tail}` };
  return { code: `exit${code ?? ''}`, message: `exited with ${code}: ${tail}` };
}

/**
 * Runs `cases` in order and returns one outcome per case. Never throws for engine failures;
 * throws only when a child cannot even start.
 */
export async function runCases(cases: readonly FuzzCase[], opts: RunnerOptions): Promise<Outcome[]> {
  const out: Outcome[] = new Array<Outcome>(cases.length);
  let start = 0;
  while (start < cases.length) {
    start = await runSome(cases, start, opts, out);
  }
  return out;
}

/** Runs cases from `start` in one child; returns where the next child must start. */
function runSome(cases: readonly FuzzCase[], start: number, opts: RunnerOptions, out: Outcome[]): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    runnerStats.children++;
    const child: ChildProcess = fork(CHILD, [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx', `--max-old-space-size=${opts.heapMb}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.length > 8000) stderr = stderr.slice(-4000);
    });
    let running = -1;
    let startedAt = 0;
    let finished = false;
    let timer: NodeJS.Timeout | null = setTimeout(() => {
      finish(() => reject(new Error(`fuzz child did not start: ${stderr.slice(-2000)}`)));
    }, STARTUP_MS);
    let killedFor: Outcome | null = null;
    const rss = setInterval(() => {
      if (running < 0 || child.pid === undefined) return;
      const mb = rssMb(child.pid);
      if (mb > opts.rssLimitMb) {
        killedFor = { kind: 'crash', code: 'rss', message: `resident set ${Math.round(mb)} MB over the ${opts.rssLimitMb} MB limit`, ms: performance.now() - startedAt };
        child.kill('SIGKILL');
      }
    }, 200);

    const finish = (then: () => void): void => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      timer = null;
      clearInterval(rss);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      then();
    };
    const record = (i: number, o: Outcome): void => {
      out[start + i] = o;
      opts.onOutcome?.(start + i, cases[start + i]!, o);
    };

    child.on('message', (m: ChildMessage) => {
      if (m.type === 'ready') {
        const msg: BatchMessage = { type: 'batch', cases: cases.slice(start), fresh: opts.fresh };
        if (opts.prefix) msg.prefix = opts.prefix;
        child.send(msg);
      } else if (m.type === 'start') {
        running = m.i;
        startedAt = performance.now();
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          killedFor = { kind: 'timeout', code: 'hang', message: `no answer within ${opts.timeLimitMs} ms`, ms: performance.now() - startedAt };
          child.kill('SIGKILL');
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
        finish(() => resolve(cases.length));
      } else if (m.type === 'uncaught') {
        if (m.i >= 0) {
          record(m.i, { kind: 'crash', code: 'uncaught', message: m.message, ms: performance.now() - startedAt });
          running = -1;
          finish(() => resolve(start + m.i + 1));
        } else finish(() => reject(new Error(`fuzz child failed outside a case: ${m.message}`)));
      }
    });
    child.on('exit', (code, signal) => {
      if (finished) return;
      // Let the stderr pipe drain so that the heap-limit message is seen.
      setTimeout(() => {
        if (finished) return;
        if (running < 0) {
          finish(() => reject(new Error(`fuzz child died outside a case (${code} ${signal}): ${stderr.slice(-2000)}`)));
          return;
        }
        const i = running;
        const why = deathReason(code, signal, stderr);
        const o: Outcome = killedFor ?? { kind: 'crash', code: why.code, message: why.message, ms: performance.now() - startedAt };
        record(i, o);
        finish(() => resolve(start + i + 1));
      }, 50);
    });
  });
}
