/**
 * Compiles a parsed regular expression to a Thompson-NFA program for the Pike VM
 * (`vm.ts`): instructions in three typed arrays, counted repetition expanded, the size
 * bounded so that no pattern can make matching (or compiling) unbounded.
 */
import { compileClass, type CharClass, type CompiledClass } from './char-class.ts';
import { Assert, badRegex, type ParsedRegex, type RegexNode } from './parser.ts';
import { lowerCp, upperCp } from './unicode.ts';

/** Instruction codes. `x`/`y` operands per instruction are listed with each. */
export const Op = {
  /** Consume code point `x`. */
  CHAR: 0,
  /** Consume code point `x` or `y` (a case pair). */
  CHAR2: 1,
  /** Consume any code point. */
  ANY: 2,
  /** Consume any code point but newline. */
  ANY_NOT_NL: 3,
  /** Consume a code point of class `classes[x]`. */
  CLASS: 4,
  /** Continue at `x` (preferred) and at `y`. */
  SPLIT: 5,
  /** Continue at `x`. */
  JMP: 6,
  /** Record the position in capture slot `x`. */
  SAVE: 7,
  /** Continue only where assertion bit `x` holds. */
  ASSERT: 8,
  /** Clear capture slots `x` … `y - 1` (a repeated group's captures, at each iteration). */
  RESET: 9,
  /** A match. */
  MATCH: 10,
} as const;

/** Most instructions a program may have ("regular expression is too complex" beyond). */
export const MAX_PROGRAM = 100_000;

/** A compiled program. */
export interface Program {
  readonly op: Uint8Array;
  readonly x: Int32Array;
  readonly y: Int32Array;
  readonly classes: readonly CompiledClass[];
  /** Capture slots: 2 × (groups + 1); slots 0/1 hold the whole match. */
  readonly nsave: number;
  /** `^`/`$` match at newlines too. */
  readonly nlAnchor: boolean;
  /** The overall match is the longest (true) or the shortest (false), after leftmost. */
  readonly greedy: boolean;
  /** Matches can only start where the search starts (leading `\A`, or `^` outside newline mode). */
  readonly anchored: boolean;
  /** Literal text every match starts with ('' when unknown); lets the search skip ahead. */
  readonly prefix: string;
  /** Any ASSERT instruction present (assertion bits are computed per position only then). */
  readonly hasAsserts: boolean;
  /** Instructions that consume input or match (the most threads a step can hold). */
  readonly consuming: number;
  /** Room the VM's follow stack needs: one entry per instruction plus capture restores. */
  readonly stackSize: number;
}

class Builder {
  readonly op: number[] = [];
  readonly x: number[] = [];
  readonly y: number[] = [];
  readonly classes: CompiledClass[] = [];
  consuming = 0;
  hasAsserts = false;
  resetSlots = 0;
  constructor(private readonly ci: boolean, private readonly nlDot: boolean) {}

  emit(op: number, x = 0, y = 0): number {
    if (this.op.length >= MAX_PROGRAM) throw badRegex('regular expression is too complex');
    this.op.push(op);
    this.x.push(x);
    this.y.push(y);
    if (op <= Op.CLASS || op === Op.MATCH) this.consuming++;
    return this.op.length - 1;
  }

  private split(greedy: boolean, a: number, b: number): number {
    return greedy ? this.emit(Op.SPLIT, a, b) : this.emit(Op.SPLIT, b, a);
  }

  /** Sets the branch of SPLIT `at` that is not `next` to `target`. */
  private patchSplit(at: number, target: number): void {
    if (this.x[at] === -1) this.x[at] = target; else this.y[at] = target;
  }

  node(n: RegexNode): void {
    switch (n.k) {
      case 'empty': return;
      case 'char': {
        const c = n.c;
        if (!this.ci) { this.emit(Op.CHAR, c); return; }
        const l = lowerCp(c), u = upperCp(c);
        if (l === u) this.emit(Op.CHAR, l);
        else if (c === l || c === u) this.emit(Op.CHAR2, l, u);
        else this.classNode({ ranges: [c, c, l, l, u, u], ct: 0, nct: 0, neg: false }, false);
        return;
      }
      case 'any': this.emit(this.nlDot ? Op.ANY_NOT_NL : Op.ANY); return;
      case 'class': this.classNode(n.cls, this.ci); return;
      case 'assert': this.hasAsserts = true; this.emit(Op.ASSERT, 1 << n.a); return;
      case 'cat': for (const it of n.items) this.node(it); return;
      case 'group':
        if (n.cap < 0) { this.node(n.body); return; }
        this.emit(Op.SAVE, 2 * n.cap);
        this.node(n.body);
        this.emit(Op.SAVE, 2 * n.cap + 1);
        return;
      case 'alt': {
        const jumps: number[] = [];
        for (let k = 0; k < n.items.length; k++) {
          const last = k === n.items.length - 1;
          const s = last ? -1 : this.emit(Op.SPLIT, this.op.length + 1, -1);
          this.node(n.items[k]!);
          if (!last) {
            jumps.push(this.emit(Op.JMP, -1));
            this.y[s] = this.op.length;
          }
        }
        for (const j of jumps) this.x[j] = this.op.length;
        return;
      }
      case 'rep': this.rep(n.body, n.min, n.max, n.greedy); return;
    }
  }

  private classNode(cls: CharClass, ci: boolean): void {
    this.classes.push(compileClass(cls, ci, this.nlDot));
    this.emit(Op.CLASS, this.classes.length - 1);
  }

  /**
   * `body{min,max}`. Each iteration starts by clearing the captures inside `body`, so a group
   * reports its last iteration's value or none (as PostgreSQL and JavaScript do).
   */
  private rep(body: RegexNode, min: number, max: number, greedy: boolean): void {
    const caps = groupRange(body, [Infinity, -1]);
    const iteration = (): void => {
      if (caps[1] >= 0) {
        this.emit(Op.RESET, 2 * caps[0], 2 * caps[1] + 2);
        this.resetSlots += 2 * (caps[1] - caps[0] + 1);
      }
      this.node(body);
    };
    if (max < 0) {
      if (min === 0) {
        const s = this.split(greedy, this.op.length + 1, -1);
        iteration();
        this.emit(Op.JMP, s);
        this.patchSplit(s, this.op.length);
        return;
      }
      for (let k = 1; k < min; k++) iteration();
      const top = this.op.length;
      iteration();
      this.split(greedy, top, this.op.length + 1);
      return;
    }
    for (let k = 0; k < min; k++) iteration();
    const splits: number[] = [];
    for (let k = min; k < max; k++) {
      splits.push(this.split(greedy, this.op.length + 1, -1));
      iteration();
    }
    for (const s of splits) this.patchSplit(s, this.op.length);
  }
}

/** Smallest and largest capture group number inside `n` (`[Infinity, -1]` when none). */
function groupRange(n: RegexNode, r: [number, number]): [number, number] {
  switch (n.k) {
    case 'group':
      if (n.cap >= 0) { r[0] = Math.min(r[0], n.cap); r[1] = Math.max(r[1], n.cap); }
      return groupRange(n.body, r);
    case 'cat': case 'alt': for (const it of n.items) groupRange(it, r); return r;
    case 'rep': return groupRange(n.body, r);
    default: return r;
  }
}

function leadingItems(n: RegexNode): readonly RegexNode[] {
  if (n.k === 'cat') return n.items;
  return [n];
}

/** Compiles a parsed pattern (fails with 2201B when the program would exceed {@link MAX_PROGRAM}). */
export function compileProgram(re: ParsedRegex): Program {
  const o = re.options;
  const b = new Builder(o.ci, o.nlDot);
  b.emit(Op.SAVE, 0);
  b.node(re.root);
  b.emit(Op.SAVE, 1);
  b.emit(Op.MATCH);
  const items = leadingItems(re.root);
  const first = items[0];
  const anchored = first !== undefined && first.k === 'assert' && (first.a === Assert.BOT || (first.a === Assert.BOL && !o.nlAnchor));
  let prefix = '';
  if (!o.ci) {
    for (const it of items) {
      if (it.k !== 'char') break;
      prefix += String.fromCodePoint(it.c);
    }
  }
  return {
    op: Uint8Array.from(b.op), x: Int32Array.from(b.x), y: Int32Array.from(b.y), classes: b.classes,
    nsave: 2 * (re.groups + 1), nlAnchor: o.nlAnchor, greedy: re.greedy, anchored, prefix,
    hasAsserts: b.hasAsserts, consuming: b.consuming, stackSize: b.op.length + b.resetSlots + 2 * (re.groups + 1) + 1,
  };
}
