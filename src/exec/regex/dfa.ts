/**
 * A lazily built DFA for match/no-match questions (`regexp_like`): each DFA state is the set
 * of NFA threads the Pike VM would hold, built on first use and cached with its transitions,
 * so a warm search costs one table read per character. Programs with word-boundary or
 * newline-sensitive anchors are left to the Pike VM, and so is a search that would need more
 * than {@link MAX_STATES} states (the answer is then `null`).
 */
import { classMatches } from './char-class.ts';
import { Assert } from './parser.ts';
import { Op, type Program } from './program.ts';

/** Most DFA states built per program. */
const MAX_STATES = 1000;

const A_START = (1 << Assert.BOL) | (1 << Assert.BOT);
const A_END = (1 << Assert.EOL) | (1 << Assert.EOT);

function consumes(prog: Program, pc: number, c: number): boolean {
  switch (prog.op[pc]) {
    case Op.CHAR: return c === prog.x[pc];
    case Op.CHAR2: return c === prog.x[pc] || c === prog.y[pc];
    case Op.ANY: return true;
    case Op.ANY_NOT_NL: return c !== 10;
    case Op.CLASS: return classMatches(prog.classes[prog.x[pc]!]!, c);
    default: return false;
  }
}

/** Lazily built DFA over one program. */
export class LazyDfa {
  private readonly sets: Int32Array[] = [];
  private readonly ids = new Map<string, number>();
  /** Transitions on ASCII: `ascii[state * 128 + c]`, -1 when not built yet. */
  private ascii = new Int32Array(0);
  private readonly other: Map<number, number>[] = [];
  private accepting = new Uint8Array(0);
  /** Per state: -1 unknown, else 1 when pending end anchors lead to a match at the end of the text. */
  private readonly acceptAtEnd: number[] = [];
  private readonly mark: Uint8Array;
  private readonly stack: Int32Array;
  /** Threads a search adds at every position after the first (empty for anchored programs). */
  private readonly restart: Int32Array;
  private start = -1;
  /** The state of a search that starts after the text's first position. */
  private resume = -1;
  /** The state without threads (anchored programs only reach it), -1 until built. */
  private dead = -1;

  private constructor(private readonly prog: Program) {
    this.mark = new Uint8Array(prog.op.length);
    this.stack = new Int32Array(prog.op.length + 1);
    this.restart = prog.anchored ? new Int32Array(0) : this.closure([0], 0);
  }

  /** A DFA for `prog`, or null when its assertions need the Pike VM. */
  static of(prog: Program): LazyDfa | null {
    const { op, x } = prog;
    for (let pc = 0; pc < op.length; pc++) {
      if (op[pc] === Op.ASSERT && (prog.nlAnchor || (x[pc]! & ~(A_START | A_END)) !== 0)) return null;
    }
    return new LazyDfa(prog);
  }

  /**
   * The epsilon closure of `seeds` under assertion bits `flags`: consuming instructions,
   * MATCH, and end anchors (kept pending; they can only hold at the end of the text).
   */
  private closure(seeds: readonly number[] | Int32Array, flags: number): Int32Array {
    const { op, x, y } = this.prog;
    const mark = this.mark, stack = this.stack;
    mark.fill(0);
    const out: number[] = [];
    for (let k = seeds.length - 1; k >= 0; k--) {
      let sp = 0;
      stack[sp++] = seeds[k]!;
      while (sp > 0) {
        const pc = stack[--sp]!;
        if (mark[pc] === 1) continue;
        mark[pc] = 1;
        const o = op[pc]!;
        if (o === Op.JMP) stack[sp++] = x[pc]!;
        else if (o === Op.SPLIT) { stack[sp++] = y[pc]!; stack[sp++] = x[pc]!; }
        else if (o === Op.SAVE || o === Op.RESET) stack[sp++] = pc + 1;
        else if (o === Op.ASSERT) {
          if ((x[pc]! & A_END) !== 0) out.push(pc);
          else if ((x[pc]! & flags) !== 0) stack[sp++] = pc + 1;
        } else out.push(pc);
      }
    }
    return Int32Array.from(out).sort();
  }

  private stateOf(set: Int32Array): number {
    const key = set.join(',');
    const hit = this.ids.get(key);
    if (hit !== undefined) return hit;
    const id = this.sets.length;
    if (id >= MAX_STATES) return -1;
    this.ids.set(key, id);
    this.sets.push(set);
    this.other.push(new Map());
    this.acceptAtEnd.push(-1);
    if (set.length === 0) this.dead = id;
    if (this.accepting.length <= id) {
      const a = new Int32Array(Math.max(256, this.ascii.length * 2)).fill(-1);
      a.set(this.ascii);
      this.ascii = a;
      const acc = new Uint8Array(a.length / 128);
      acc.set(this.accepting);
      this.accepting = acc;
    }
    for (const pc of set) if (this.prog.op[pc] === Op.MATCH) this.accepting[id] = 1;
    return id;
  }

  private transition(state: number, c: number): number {
    const seeds: number[] = [];
    for (const pc of this.sets[state]!) if (consumes(this.prog, pc, c)) seeds.push(pc + 1);
    for (const pc of this.restart) seeds.push(pc);
    const next = this.stateOf(this.closure(seeds, 0));
    if (next < 0) return -1;
    if (c < 128) this.ascii[state * 128 + c] = next;
    else this.other[state]!.set(c, next);
    return next;
  }

  private matchesAtEnd(state: number): boolean {
    let v = this.acceptAtEnd[state]!;
    if (v < 0) {
      const pending: number[] = [];
      for (const pc of this.sets[state]!) if (this.prog.op[pc] === Op.ASSERT) pending.push(pc + 1);
      v = 0;
      for (const pc of this.closure(pending, A_END)) if (this.prog.op[pc] === Op.MATCH) v = 1;
      this.acceptAtEnd[state] = v;
    }
    return v === 1;
  }

  /** True/false when `s` (non-empty) has a match; null when the state budget ran out. */
  test(s: string): boolean | null {
    let i = 0;
    const prefix = this.prog.prefix;
    if (prefix !== '' && !this.prog.anchored) {
      // every match starts with the prefix: skip to its first occurrence
      i = s.indexOf(prefix);
      if (i < 0) return false;
    }
    if (this.start < 0) {
      this.start = this.stateOf(this.closure([0], A_START));
      this.resume = this.stateOf(this.restart);
      if (this.start < 0 || this.resume < 0) return null;
    }
    let st = i === 0 ? this.start : this.resume;
    const n = s.length;
    let ascii = this.ascii, accepting = this.accepting;
    for (; i < n; i++) {
      if (accepting[st] === 1) return true;
      let c = s.charCodeAt(i);
      let next: number;
      if (c < 128) next = ascii[st * 128 + c]!;
      else {
        if ((c & 0xfc00) === 0xd800 && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
          c = ((c - 0xd800) << 10) + (s.charCodeAt(i + 1) - 0xdc00) + 0x10000;
          i++;
        }
        next = this.other[st]!.get(c) ?? -1;
      }
      if (next < 0) {
        next = this.transition(st, c);
        if (next < 0) return null;
        ascii = this.ascii;
        accepting = this.accepting;
      }
      if (next === this.dead) return false;
      st = next;
    }
    return accepting[st] === 1 || this.matchesAtEnd(st);
  }
}
