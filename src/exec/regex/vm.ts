/**
 * The Pike VM: simulates a {@link Program} over the input one code point at a time, all
 * threads in lock step, in priority order. Time is O(text × program), memory O(program);
 * no input can make it backtrack.
 *
 * Which match wins among those starting leftmost:
 * - `FIRST`: the highest-priority thread (Perl/RE2 leftmost-first), used by tests;
 * - `LONGEST` / `SHORTEST`: PostgreSQL's rule — the longest (greedy RE) or shortest
 *   (non-greedy RE) overall match; captures come from the highest-priority thread with it.
 */
import { classMatches } from './char-class.ts';
import { Op, type Program } from './program.ts';
import { Assert } from './parser.ts';
import { cpAt, cpBefore, isWordCp } from './unicode.ts';

/** Match selection modes of {@link PikeVm.exec}. */
export const Mode = { TEST: 0, FIRST: 1, LONGEST: 2, SHORTEST: 3 } as const;

class ThreadList {
  pc: Int32Array;
  caps: Int32Array;
  n = 0;
  constructor(capacity: number, private readonly ns: number) {
    this.pc = new Int32Array(capacity);
    this.caps = new Int32Array(capacity * ns);
  }

  /** Makes room for one more thread (the count is bounded by the program's consuming instructions). */
  grow(): void {
    const pc = new Int32Array(this.pc.length * 2);
    pc.set(this.pc);
    this.pc = pc;
    const caps = new Int32Array(this.pc.length * this.ns);
    caps.set(this.caps);
    this.caps = caps;
  }
}

const A_BOL = 1 << Assert.BOL, A_EOL = 1 << Assert.EOL, A_BOT = 1 << Assert.BOT, A_EOT = 1 << Assert.EOT;
const A_WB = 1 << Assert.WORD_BOUNDARY, A_NWB = 1 << Assert.NOT_WORD_BOUNDARY;
const A_WS = 1 << Assert.WORD_START, A_WE = 1 << Assert.WORD_END;

/** The assertion bits that hold at UTF-16 index `pos` of `s`. */
function assertionsAt(s: string, pos: number, nlAnchor: boolean): number {
  const n = s.length;
  let f = 0;
  if (pos === 0) f |= A_BOL | A_BOT;
  else if (nlAnchor && s.charCodeAt(pos - 1) === 10) f |= A_BOL;
  if (pos === n) f |= A_EOL | A_EOT;
  else if (nlAnchor && s.charCodeAt(pos) === 10) f |= A_EOL;
  const a = pos > 0 && isWordCp(cpBefore(s, pos));
  const b = pos < n && isWordCp(cpAt(s, pos));
  f |= a !== b ? A_WB : A_NWB;
  if (!a && b) f |= A_WS;
  if (a && !b) f |= A_WE;
  return f;
}

/** Matching state for one program, reused across calls (not reentrant). */
export class PikeVm {
  /** After a successful `exec`: capture slots (UTF-16 offsets, -1 when unset), 2 per group. */
  readonly caps: Int32Array;
  private readonly mark: Uint32Array;
  private gen = 0;
  private readonly stackPc: Int32Array;
  private readonly stackVal: Int32Array;
  private lists: [ThreadList, ThreadList][] = [];
  private scratch = new Int32Array(0);

  constructor(readonly prog: Program) {
    const len = prog.op.length;
    this.caps = new Int32Array(prog.nsave);
    this.mark = new Uint32Array(len);
    this.stackPc = new Int32Array(prog.stackSize);
    this.stackVal = new Int32Array(prog.stackSize);
  }

  private nextGen(): number {
    if (this.gen === 0xffffffff) { this.mark.fill(0); this.gen = 0; }
    return ++this.gen;
  }

  /** Follows non-consuming instructions from `pc0` at `pos`, appending consuming ones to `list`. */
  private add(list: ThreadList, pc0: number, pos: number, gen: number, flags: number, ns: number): void {
    const { op, x, y } = this.prog;
    const mark = this.mark, stackPc = this.stackPc, stackVal = this.stackVal, scratch = this.scratch;
    let sp = 0;
    stackPc[sp++] = pc0;
    while (sp > 0) {
      let pc = stackPc[--sp]!;
      if (pc < 0) { scratch[-pc - 1] = stackVal[sp]!; continue; }
      for (;;) {
        if (mark[pc] === gen) break;
        mark[pc] = gen;
        const o = op[pc]!;
        if (o === Op.JMP) { pc = x[pc]!; continue; }
        if (o === Op.SPLIT) { stackPc[sp++] = y[pc]!; pc = x[pc]!; continue; }
        if (o === Op.SAVE) {
          const k = x[pc]!;
          if (k < ns) { stackPc[sp] = -k - 1; stackVal[sp++] = scratch[k]!; scratch[k] = pos; }
          pc++;
          continue;
        }
        if (o === Op.RESET) {
          for (let k = x[pc]!, end = Math.min(y[pc]!, ns); k < end; k++) {
            if (scratch[k] !== -1) { stackPc[sp] = -k - 1; stackVal[sp++] = scratch[k]!; scratch[k] = -1; }
          }
          pc++;
          continue;
        }
        if (o === Op.ASSERT) {
          if ((flags & x[pc]!) === 0) break;
          pc++;
          continue;
        }
        if (list.n === list.pc.length) list.grow();
        const t = list.n++;
        list.pc[t] = pc;
        if (ns > 0) list.caps.set(scratch, t * ns);
        break;
      }
    }
  }

  /**
   * Searches `s` from UTF-16 index `from`. Returns true on a match; then, unless `mode` is
   * TEST, {@link caps} holds its capture slots.
   */
  exec(s: string, from: number, mode: number): boolean {
    const prog = this.prog;
    const { op, x, y } = prog;
    const ns = mode === Mode.TEST ? 0 : prog.nsave;
    const lists = this.lists[ns] ??= [new ThreadList(Math.min(prog.consuming, 16), ns), new ThreadList(Math.min(prog.consuming, 16), ns)];
    let clist = lists[0], nlist = lists[1];
    if (this.scratch.length !== ns) this.scratch = new Int32Array(ns);
    const scratch = this.scratch, caps = this.caps;
    const len = s.length, anchored = prog.anchored, prefix = prog.prefix, hasAsserts = prog.hasAsserts, nlAnchor = prog.nlAnchor;
    let pos = from;
    let curGen = this.nextGen();
    let matched = false, bestStart = -1, bestEnd = -1;
    clist.n = 0;
    for (;;) {
      if (!matched && (!anchored || pos === from)) {
        if (clist.n === 0 && prefix !== '') {
          if (anchored) {
            if (!s.startsWith(prefix, pos)) break;
          } else {
            const k = s.indexOf(prefix, pos);
            if (k < 0) break;
            if (k !== pos) { pos = k; curGen = this.nextGen(); }
          }
        }
        scratch.fill(-1);
        this.add(clist, 0, pos, curGen, hasAsserts ? assertionsAt(s, pos, nlAnchor) : 0, ns);
      }
      if (clist.n === 0) {
        if (matched || anchored || pos >= len) break;
        pos += cpAt(s, pos) > 0xffff ? 2 : 1;
        curGen = this.nextGen();
        continue;
      }
      const c = pos < len ? cpAt(s, pos) : -1;
      const w = c > 0xffff ? 2 : 1;
      const gen = this.nextGen();
      const flags = hasAsserts && c >= 0 ? assertionsAt(s, pos + w, nlAnchor) : 0;
      nlist.n = 0;
      for (let i = 0; i < clist.n; i++) {
        const pc = clist.pc[i]!;
        const off = i * ns;
        if (matched && mode !== Mode.FIRST) {
          const st = clist.caps[off]!;
          if (mode === Mode.LONGEST ? st > bestStart : st >= bestStart) continue;
        }
        const o = op[pc]!;
        let ok: boolean;
        switch (o) {
          case Op.CHAR: ok = c === x[pc]; break;
          case Op.CHAR2: ok = c === x[pc] || c === y[pc]; break;
          case Op.ANY: ok = c >= 0; break;
          case Op.ANY_NOT_NL: ok = c >= 0 && c !== 10; break;
          case Op.CLASS: ok = c >= 0 && classMatches(prog.classes[x[pc]!]!, c); break;
          default: { // MATCH
            if (mode === Mode.TEST) return true;
            const st = clist.caps[off]!;
            if (!matched || (mode === Mode.FIRST) || st < bestStart || (mode === Mode.LONGEST && pos > bestEnd)) {
              matched = true;
              bestStart = st;
              bestEnd = pos;
              caps.set(clist.caps.subarray(off, off + ns));
            }
            if (mode === Mode.FIRST) i = clist.n; // lower-priority threads are cut off
            ok = false;
          }
        }
        if (!ok || c < 0) continue;
        if (ns > 0) for (let k = 0; k < ns; k++) scratch[k] = clist.caps[off + k]!;
        this.add(nlist, pc + 1, pos + w, gen, flags, ns);
      }
      if (c < 0) break;
      const t = clist; clist = nlist; nlist = t;
      curGen = gen;
      pos += w;
    }
    return matched;
  }
}
