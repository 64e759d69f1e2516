/**
 * The columns of a bulk insert of plain row objects (`table(name).insert(rows)`), read in one
 * walk over the rows. Each of the first {@link UNROLLED} columns is read at a property-load site
 * of its own, which then only ever sees that column's name: V8 keeps such a load monomorphic (a
 * field offset), where one site reading every column's name goes megamorphic (a hash probe per
 * value, about twice the cost of the whole read). Values of the column's natural JS type are
 * written straight into its typed array; anything else goes through `coerceJsValue`.
 */
import { coerceJsValue } from '../types/coerce-js.ts';
import type { DataType } from '../types/data-type.ts';
import { badCharIndex, RecentStrings } from '../types/text-encoding.ts';
import { allocData, vectorFromValues, type JsValue, type Vector } from '../types/vector.ts';

/** Columns read at load sites of their own (the rest share one). */
const UNROLLED = 8;

/** How a {@link ColumnBuilder} writes a value of its column's natural type. */
const Kind = { Int32: 0, Int16: 1, Float64: 2, Real: 3, Text: 4, BigInt: 5, Boolean: 6, Numeric: 7, Other: 8 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

function kindOf(type: DataType): Kind {
  switch (type) {
    case 'integer': return Kind.Int32;
    case 'smallint': return Kind.Int16;
    case 'double': return Kind.Float64;
    case 'real': return Kind.Real;
    case 'text': return Kind.Text;
    case 'bigint': return Kind.BigInt;
    case 'boolean': return Kind.Boolean;
    case 'numeric': return Kind.Numeric;
    default: return Kind.Other;
  }
}

/**
 * One column being built: a value per row, in row order. The common kinds have subclasses whose
 * `put` is small enough for V8 to inline at each column's call site; this class handles the rest.
 */
class ColumnBuilder {
  protected readonly kind: Kind;
  protected readonly data: Vector['data'];
  private nulls: Uint8Array | null = null;
  /** NUMERIC values as text, parsed once at the end. */
  private readonly texts: JsValue[] | null;

  /** Builders kept alive so their shapes survive full GCs (see `Run.keepShape` in engine/state.ts). */
  static keepShapes: readonly ColumnBuilder[] = [];

  constructor(readonly type: DataType, private readonly n: number, private readonly dflt: () => JsValue) {
    this.kind = kindOf(type);
    this.texts = this.kind === Kind.Numeric ? new Array<JsValue>(n) : null;
    this.data = this.kind === Kind.Numeric ? new Uint8Array(0) : allocData(type, n);
  }

  /** Writes row `i`'s value (`undefined`: the column's default). */
  put(i: number, v: unknown): void {
    switch (this.kind) {
      case Kind.Int16:
        if (typeof v === 'number' && Math.trunc(v) === v && v >= -32768 && v <= 32767) { (this.data as Int32Array)[i] = v; return; }
        break;
      case Kind.Real:
        if (typeof v === 'number') { (this.data as Float64Array)[i] = Math.fround(v); return; }
        break;
      case Kind.BigInt:
        if (typeof v === 'bigint' && v === BigInt.asIntN(64, v)) { (this.data as BigInt64Array)[i] = v; return; }
        break;
      case Kind.Boolean:
        if (typeof v === 'boolean') { (this.data as Uint8Array)[i] = v ? 1 : 0; return; }
        break;
      case Kind.Numeric:
        // a number's shortest text is the decimal the application meant (0.1 → '0.1'); plain
        // decimals are read without a BigInt (numericFromTexts), so no per-value coercion here
        this.texts![i] = v === undefined ? this.dflt() : typeof v === 'number' && Number.isFinite(v) ? String(v) : coerceJsValue(v, 'numeric');
        return;
      default:
        break;
    }
    this.slow(i, v);
  }

  /** A value that is not of the column's natural JS type: NULL, the default, or a coerced value. */
  protected slow(i: number, v: unknown): void {
    const x = v === undefined ? this.dflt() : v === null ? null : coerceJsValue(v, this.type);
    if (x === null) (this.nulls ??= new Uint8Array(this.n))[i] = 1;
    else if (this.kind === Kind.Boolean) (this.data as Uint8Array)[i] = x ? 1 : 0;
    else (this.data as unknown as JsValue[])[i] = x;
  }

  /** The finished column. */
  vector(): Vector {
    if (this.texts !== null) return vectorFromValues(this.type, this.texts);
    return { type: this.type, length: this.n, data: this.data, nulls: this.nulls };
  }
}

/** An INTEGER column. */
class Int32Builder extends ColumnBuilder {
  override put(i: number, v: unknown): void {
    if (typeof v === 'number' && (v | 0) === v) (this.data as Int32Array)[i] = v;
    else this.slow(i, v);
  }
}

/** A DOUBLE PRECISION column. */
class Float64Builder extends ColumnBuilder {
  override put(i: number, v: unknown): void {
    if (typeof v === 'number') (this.data as Float64Array)[i] = v;
    else this.slow(i, v);
  }
}

/** A TEXT column. */
class TextBuilder extends ColumnBuilder {
  /**
   * Text values checked lately (no NUL, no lone surrogate), by the last character's code: an equal
   * value needs no check and takes that string object, so the column holds one object per
   * distinct value (interned by the target column when `intern` is given).
   */
  private readonly checked = new RecentStrings();

  constructor(type: DataType, n: number, dflt: () => JsValue, private readonly intern: Canonical | null) {
    super(type, n, dflt);
  }

  override put(i: number, v: unknown): void {
    if (typeof v === 'string') {
      const seen = this.checked.hit(v);
      if (seen !== null) { (this.data as string[])[i] = seen; return; }
      // NUL and lone surrogates fail in the coercion (22021), as in parameters
      if (badCharIndex(v) === -1) {
        const c = this.intern === null ? v : this.intern.canonical(v);
        this.checked.put(c);
        (this.data as string[])[i] = c;
        return;
      }
    }
    this.slow(i, v);
  }
}

// one builder of each class kept alive, so that their shapes (and the code compiled for them) survive full GCs
ColumnBuilder.keepShapes = [
  new ColumnBuilder('boolean', 0, () => null), new Int32Builder('integer', 0, () => null),
  new Float64Builder('double', 0, () => null), new TextBuilder('text', 0, () => null, null),
];

/** The builder of a column of `type`. */
function builderFor(c: RowColumn, n: number): ColumnBuilder {
  const { type, dflt } = c;
  switch (kindOf(type)) {
    case Kind.Int32: return new Int32Builder(type, n, dflt);
    case Kind.Float64: return new Float64Builder(type, n, dflt);
    case Kind.Text: return new TextBuilder(type, n, dflt, c.intern ?? null);
    default: return new ColumnBuilder(type, n, dflt);
  }
}

/** A column to read from the rows: its property name, type and default. */
export interface RowColumn {
  readonly name: string;
  readonly type: DataType;
  /** The value of a missing property (called per missing value, so volatile defaults differ per row). */
  readonly dflt: () => JsValue;
  /** A text column's interning (the target column): the built strings are then its canonical instances. */
  readonly intern?: Canonical | null;
}

/**
 * What interns a text column's strings: the target `ColumnStore`. An object with a method, not a
 * closure: optimized code that inlines a call to a closure made per insert holds that closure
 * weakly, and once a GC collects it the code is thrown away ("weak objects"): the next inserts
 * then ran at a third of their speed until compiled again.
 */
export interface Canonical {
  canonical(s: string): string;
}

/**
 * Builds the given columns from the rows (objects, their keys already checked against the
 * columns), in one walk over the rows.
 *
 * @example
 * ```ts
 * columnsFromObjects([{ a: 1, b: 'x' }, { a: 2 }], [
 *   { name: 'a', type: 'integer', dflt: () => null }, { name: 'b', type: 'text', dflt: () => 'd' },
 * ]);   // [{ type: 'integer', data: Int32Array [1, 2], … }, { type: 'text', data: ['x', 'd'], … }]
 * ```
 */
export function columnsFromObjects(rows: readonly Record<string, unknown>[], columns: readonly RowColumn[]): Vector[] {
  const n = rows.length;
  const k = columns.length;
  const b = columns.map((c) => builderFor(c, n));
  const name = (c: number): string => (c < k ? columns[c]!.name : '');
  const n0 = name(0), n1 = name(1), n2 = name(2), n3 = name(3), n4 = name(4), n5 = name(5), n6 = name(6), n7 = name(7);
  const b0 = b[0]!, b1 = b[1]!, b2 = b[2]!, b3 = b[3]!, b4 = b[4]!, b5 = b[5]!, b6 = b[6]!, b7 = b[7]!;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    // one load site per column (see the file comment); the branches on k are the same for every row
    if (k > 0) b0.put(i, r[n0]);
    if (k > 1) b1.put(i, r[n1]);
    if (k > 2) b2.put(i, r[n2]);
    if (k > 3) b3.put(i, r[n3]);
    if (k > 4) b4.put(i, r[n4]);
    if (k > 5) b5.put(i, r[n5]);
    if (k > 6) b6.put(i, r[n6]);
    if (k > 7) b7.put(i, r[n7]);
    for (let c = UNROLLED; c < k; c++) b[c]!.put(i, r[columns[c]!.name]);
  }
  return b.map((x) => x.vector());
}
