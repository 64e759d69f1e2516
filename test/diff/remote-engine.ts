/**
 * An engine in a child process (see engine-server.ts), with a per-statement time limit: a
 * statement that runs longer is reported as SQLSTATE `HANG` and the child is killed (a new one
 * starts lazily). InkDB runs this way in the fuzzer so that hangs are caught; PostgreSQL too,
 * because PGlite cannot cancel a running query (statement_timeout needs signals).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Engine, Outcome } from './engines.ts';

const SERVER = fileURLToPath(new URL('./engine-server.ts', import.meta.url));

/** An engine behind IPC with a hang watchdog. */
export class RemoteEngine implements Engine {
  readonly name: 'inkdb' | 'postgres';
  readonly timeoutMs: number;
  #child: ChildProcess | null = null;
  #ready: Promise<void> | null = null;
  #next = 1;
  #pending = new Map<number, (o: Outcome | null) => void>();
  /** Statements that hung so far. */
  hangs = 0;

  constructor(name: 'inkdb' | 'postgres', timeoutMs = 5000) {
    this.name = name;
    this.timeoutMs = timeoutMs;
  }

  #start(): Promise<void> {
    if (this.#ready !== null) return this.#ready;
    const child = fork(SERVER, [this.name], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.#child = child;
    this.#ready = new Promise((resolve, reject) => {
      const onFirst = (m: { id: number }): void => {
        if (m.id === 0) resolve();
      };
      child.on('message', onFirst);
      child.once('exit', () => reject(new Error(`engine-server (${this.name}) exited during start`)));
    });
    child.on('message', (m: { id: number; outcome: Outcome | null }) => {
      const p = this.#pending.get(m.id);
      if (p !== undefined) {
        this.#pending.delete(m.id);
        p(m.outcome);
      }
    });
    child.on('exit', () => {
      if (this.#child === child) {
        this.#child = null;
        this.#ready = null;
      }
      for (const [, p] of this.#pending) p({ ok: false, code: 'CRASH', message: `the ${this.name} process exited`, kind: 'throw', ms: 0 });
      this.#pending.clear();
    });
    return this.#ready;
  }

  async #call(op: 'reset' | 'run' | 'close', sql?: string): Promise<Outcome | null> {
    await this.#start();
    const child = this.#child as ChildProcess;
    const id = this.#next++;
    const t0 = performance.now();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        this.hangs++;
        this.#child = null;
        this.#ready = null;
        child.kill('SIGKILL');
        resolve({ ok: false, code: 'HANG', message: `no answer after ${this.timeoutMs} ms`, kind: 'throw', ms: performance.now() - t0 });
      }, op === 'run' ? this.timeoutMs : 60_000);
      this.#pending.set(id, (o) => {
        clearTimeout(timer);
        resolve(o);
      });
      child.send({ id, op, sql });
    });
  }

  async reset(): Promise<void> {
    const o = await this.#call('reset');
    if (o !== null && !o.ok) await this.#call('reset');
  }

  async run(sql: string): Promise<Outcome> {
    return (await this.#call('run', sql)) ?? { ok: false, code: 'CRASH', message: 'no outcome', kind: 'throw', ms: 0 };
  }

  async close(): Promise<void> {
    if (this.#child === null) return;
    const child = this.#child;
    await Promise.race([this.#call('close'), new Promise((r) => setTimeout(r, 2000))]);
    child.kill('SIGKILL');
    this.#child = null;
    this.#ready = null;
  }
}
