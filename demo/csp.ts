/**
 * The strict-CSP page: runs a few statements in the worker engine and shows the result.
 * Every `securitypolicyviolation` is counted. The "Probe" button (clicked by the e2e test after
 * it checked that nothing was violated) tries `eval` in the page and in a worker, to prove the
 * policy is really in force and that violations are really seen. It is a button, not a function
 * the test evaluates, because DevTools-initiated evaluation is exempt from the eval check.
 */
import { openDatabase } from '../src/index.ts';
import { formatError, renderResult } from './format.ts';

const status = document.getElementById('status')!;
const errorBox = document.getElementById('error') as HTMLPreElement;
const table = document.getElementById('result') as HTMLTableElement;
const counter = document.getElementById('violations')!;

const violations: { directive: string; blocked: string }[] = [];
document.addEventListener('securitypolicyviolation', (ev) => {
  violations.push({ directive: ev.effectiveDirective, blocked: ev.blockedURI });
  counter.textContent = String(violations.length);
});

/** Result of {@link cspProbe}. */
interface ProbeResult {
  pageEvalBlocked: boolean;
  workerEvalBlocked: boolean;
  violations: number;
}

/** Tries eval in the page and in a same-origin worker; both must be refused under the policy. */
async function cspProbe(): Promise<ProbeResult> {
  let pageEvalBlocked = false;
  try {
    // Indirect eval on purpose: this is the forbidden thing the policy must stop.
    (0, globalThis.eval)('1');
  } catch {
    pageEvalBlocked = true;
  }
  const worker = new Worker(new URL('./csp-probe-worker.ts', import.meta.url), { type: 'module' });
  const workerEvalBlocked = await new Promise<boolean>((resolve) => {
    worker.addEventListener('message', (ev: MessageEvent<{ evalBlocked: boolean }>) => resolve(ev.data.evalBlocked));
    worker.addEventListener('error', () => resolve(false));
  });
  worker.terminate();
  await new Promise((r) => setTimeout(r, 50)); // violation events are queued as tasks
  return { pageEvalBlocked, workerEvalBlocked, violations: violations.length };
}

async function main(): Promise<void> {
  const db = await openDatabase({ name: 'csp', worker: true, storage: 'memory' });
  const root = await db.login('root', '');
  await root.query('CREATE TABLE t (a INT, b TEXT)');
  await root.query("INSERT INTO t VALUES (1, 'x'), (2, 'y')");
  const r = await root.query('SELECT * FROM t ORDER BY a');
  renderResult(table, r);
  status.textContent = `${r.message}: engine in a ${db.inWorker ? 'Web Worker' : 'page'}.`;
  document.body.dataset['state'] = 'done';
}

Object.assign(globalThis, { cspViolations: violations });

const probeOut = document.getElementById('probe-result')!;
document.getElementById('probe')!.addEventListener('click', () => {
  void cspProbe().then((r) => {
    probeOut.textContent = JSON.stringify(r);
    document.body.dataset['probe'] = JSON.stringify(r);
  });
});

main().catch((e: unknown) => {
  status.textContent = 'Failed.';
  errorBox.textContent = formatError(e);
  errorBox.hidden = false;
  document.body.dataset['state'] = 'error';
});
