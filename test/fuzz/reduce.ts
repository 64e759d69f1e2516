/**
 * The reducer: delta debugging (ddmin) over a failing statement's tokens, then its characters,
 * then its numbers, keeping only candidates that fail with the same signature (kind, code and
 * blurred message). When a failure needs the statements that ran before it in its batch, the
 * prefix is reduced first, one statement at a time.
 */
import { signature, type FuzzCase, type Outcome } from './cases.ts';
import { detokenize, tokenize } from './tokens.ts';

/** Runs candidates (each on a fresh database, after `prefix`) and returns their outcomes. */
export type Exec = (cases: FuzzCase[], prefix?: FuzzCase[]) => Promise<Outcome[]>;

/** Budget for one reduction. */
export interface ReduceOptions {
  /** Most candidate runs. */
  maxTrials: number;
  /** Wall-clock deadline (ms since the epoch). */
  deadline: number;
  /** Candidates run per call to `exec` (a hang costs the whole time limit, so keep it small). */
  group?: number;
}

/** A reduced failure. */
export interface Reduced {
  case: FuzzCase;
  /** Statements that must run first (empty when the case fails on its own). */
  prefix: FuzzCase[];
  outcome: Outcome;
  trials: number;
  /** False when the failure did not happen again in a fresh database, even after its prefix. */
  reproduced: boolean;
}

class Budget {
  trials = 0;
  constructor(readonly opts: ReduceOptions) {}
  get spent(): boolean {
    return this.trials >= this.opts.maxTrials || Date.now() > this.opts.deadline;
  }
}

/**
 * Finds the first candidate (in order) that keeps `sig`; runs them in small groups and stops at
 * the first group with a hit.
 */
async function firstHit<T>(
  items: readonly T[], toCase: (x: T) => FuzzCase, sig: string, exec: Exec, budget: Budget, prefix?: FuzzCase[],
): Promise<{ item: T; outcome: Outcome } | null> {
  const group = budget.opts.group ?? 4;
  for (let s = 0; s < items.length && !budget.spent; s += group) {
    const chunk = items.slice(s, s + group);
    const outs = await exec(chunk.map(toCase), prefix);
    budget.trials += chunk.length;
    for (let i = 0; i < chunk.length; i++) if (signature(outs[i]!) === sig) return { item: chunk[i]!, outcome: outs[i]! };
  }
  return null;
}

/** Classic ddmin over `units`: the smallest sub-list (1-minimal within budget) that `test` keeps. */
async function ddmin<U>(
  units: U[], join: (u: U[]) => FuzzCase, sig: string, exec: Exec, budget: Budget, prefix: FuzzCase[] | undefined, onHit: (o: Outcome) => void,
): Promise<U[]> {
  let cur = units;
  let n = 2;
  while (cur.length >= 2 && !budget.spent) {
    const size = Math.ceil(cur.length / n);
    const complements: U[][] = [];
    for (let i = 0; i < cur.length; i += size) complements.push([...cur.slice(0, i), ...cur.slice(i + size)]);
    const hit = await firstHit(complements, join, sig, exec, budget, prefix);
    if (hit) {
      cur = hit.item;
      onHit(hit.outcome);
      n = Math.max(n - 1, 2);
    } else {
      if (n >= cur.length) break;
      n = Math.min(n * 2, cur.length);
    }
  }
  return cur;
}

/** Shrinks numeric literals (halving, then dividing by ten) while the failure holds. */
async function shrinkNumbers(c: FuzzCase, sig: string, exec: Exec, budget: Budget, prefix: FuzzCase[] | undefined, onHit: (o: Outcome) => void): Promise<FuzzCase> {
  let tokens = tokenize(c.sql);
  for (let i = 0; i < tokens.length && !budget.spent; i++) {
    if (!/^\d+$/.test(tokens[i]!) || tokens[i]!.length > 15) continue;
    let v = Number(tokens[i]);
    for (;;) {
      if (v <= 2 || budget.spent) break;
      const cands = [Math.floor(v / 10), Math.floor(v / 2), v - 1].filter((x, k, a) => x >= 0 && x < v && a.indexOf(x) === k);
      const hit = await firstHit(cands, (x) => ({ ...c, sql: detokenize(tokens.map((t, k) => (k === i ? String(x) : t))) }), sig, exec, budget, prefix);
      if (!hit) break;
      v = hit.item;
      tokens = tokens.map((t, k) => (k === i ? String(v) : t));
      onHit(hit.outcome);
    }
  }
  return { ...c, sql: detokenize(tokens) };
}

/**
 * Reduces `c`, which failed with `seen` (after `history` in the same database). Returns the
 * smallest statement found within budget that fails the same way.
 */
export async function reduceFailure(c: FuzzCase, seen: Outcome, history: readonly FuzzCase[], exec: Exec, opts: ReduceOptions): Promise<Reduced> {
  const sig = signature(seen);
  const budget = new Budget(opts);
  let outcome = seen;
  const onHit = (o: Outcome): void => {
    outcome = o;
  };
  // Does it fail on its own?
  let prefix: FuzzCase[] = [];
  const alone = await exec([c]);
  budget.trials++;
  if (signature(alone[0]!) !== sig) {
    const tail = history.slice(-300);
    const withPrefix = tail.length > 0 ? await exec([c], [...tail]) : [alone[0]!];
    budget.trials++;
    if (signature(withPrefix[0]!) !== sig) return { case: c, prefix: [], outcome: seen, trials: budget.trials, reproduced: false };
    // Reduce the prefix: which earlier statements are needed?
    prefix = await ddminPrefix(tail, c, sig, exec, budget);
  } else outcome = alone[0]!;
  const pre = prefix.length > 0 ? prefix : undefined;
  const tokens = tokenize(c.sql);
  let best: FuzzCase = c;
  if (tokens.length > 1) {
    const kept = await ddmin(tokens, (u) => ({ ...c, sql: detokenize(u) }), sig, exec, budget, pre, onHit);
    best = { ...c, sql: detokenize(kept) };
  }
  if (best.sql.length <= 400) {
    const chars = await ddmin([...best.sql], (u) => ({ ...c, sql: u.join('') }), sig, exec, budget, pre, onHit);
    best = { ...c, sql: chars.join('') };
  }
  best = await shrinkNumbers(best, sig, exec, budget, pre, onHit);
  if (best.params && best.params.length > 0) {
    const hit = await firstHit([best.params.map(() => ({ k: 'json' as const, v: 1 }))], (p) => ({ ...best, params: p }), sig, exec, budget, pre);
    if (hit) best = { ...best, params: hit.item };
  }
  return { case: best, prefix, outcome, trials: budget.trials, reproduced: true };
}

/** ddmin over the statements before the failing one, each trial on a fresh database. */
async function ddminPrefix(tail: FuzzCase[], c: FuzzCase, sig: string, exec: Exec, budget: Budget): Promise<FuzzCase[]> {
  let cur = tail;
  let n = 2;
  while (cur.length >= 1 && !budget.spent) {
    if (cur.length === 1) {
      const o = await exec([c]);
      budget.trials++;
      if (signature(o[0]!) === sig) return [];
      break;
    }
    const size = Math.ceil(cur.length / n);
    let found: FuzzCase[] | null = null;
    for (let i = 0; i < cur.length && !budget.spent && found === null; i += size) {
      const cand = [...cur.slice(0, i), ...cur.slice(i + size)];
      const o = await exec([c], cand);
      budget.trials++;
      if (signature(o[0]!) === sig) found = cand;
    }
    if (found) {
      cur = found;
      n = Math.max(n - 1, 2);
    } else {
      if (n >= cur.length) break;
      n = Math.min(n * 2, cur.length);
    }
  }
  return cur;
}

/** Long statements for reports: runs of a repeated unit become `⟪unit × n⟫`. */
export function abbreviate(sql: string, max = 600): string {
  let s = sql.replace(/([\s\S]{1,24}?)\1{7,}/g, (m, unit: string) => `⟪${unit} × ${m.length / unit.length}⟫`);
  if (s.length > max) s = `${s.slice(0, max)}… (${sql.length} chars)`;
  return s;
}

/** A statement's shape for deduplication: keywords and names kept, literals and numbers blurred. */
export function skeleton(sql: string): string {
  return tokenize(sql.length > 20_000 ? sql.slice(0, 20_000) : sql)
    .map((t) => (/^[EeXxBb]?'/.test(t) ? "'…'" : /^\d|^\.\d/.test(t) ? 'N' : t.toLowerCase()))
    .join(' ')
    .replace(/(\S+(?: \S+){0,3}?)(?: \1){3,}/g, '$1 …')
    .slice(0, 200);
}
