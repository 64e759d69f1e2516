/**
 * VALUES: constant rows, each expression evaluated once per execution. Cells that are constants
 * or parameters (the common case: VALUES lists of literals, which shared query shapes turn into
 * parameters) are read directly, without an evaluator or a vector per cell.
 */
import type { DataType } from '../../types/data-type.ts';
import { valueAt, vectorFromValues, type Batch, type JsValue } from '../../types/vector.ts';
import type { ExecContext } from '../context.ts';
import { paramValue, type Evaluator } from '../expr/evaluator.ts';
import { explainNode, type ExplainNode, type PhysicalOp } from '../operator.ts';

const ONE: Batch = { length: 1, columns: [] };

/** How a VALUES cell gets its value: a constant, a parameter, or an evaluator. */
export type ValuesCell = { readonly value: JsValue } | { readonly param: number } | Evaluator;

/** The cells of a VALUES list, row-major, in compact form. */
class Cells {
  /** 0 evaluator, 1 constant, 2 parameter. */
  readonly kinds: Uint8Array;
  readonly params: Int32Array;
  readonly values: JsValue[];
  readonly evals: (Evaluator | null)[];

  constructor(n: number) {
    this.kinds = new Uint8Array(n);
    this.params = new Int32Array(n);
    this.values = new Array<JsValue>(n).fill(null);
    this.evals = new Array<Evaluator | null>(n).fill(null);
  }
}

/** The VALUES operator. */
export class ValuesOp implements PhysicalOp {
  private readonly cells: Cells;
  private readonly rowCount: number;

  constructor(
    readonly ids: readonly number[],
    private readonly types: readonly DataType[],
    rows: readonly (readonly ValuesCell[])[],
  ) {
    const width = types.length;
    this.rowCount = rows.length;
    this.cells = new Cells(rows.length * width);
    for (let r = 0; r < rows.length; r++) {
      for (let c = 0; c < width; c++) {
        const k = r * width + c, cell = rows[r]![c]!;
        if (typeof cell === 'function') this.cells.evals[k] = cell;
        else if ('param' in cell) { this.cells.kinds[k] = 2; this.cells.params[k] = cell.param; }
        else { this.cells.kinds[k] = 1; this.cells.values[k] = cell.value; }
      }
    }
  }

  run(ctx: ExecContext): Batch {
    const width = this.types.length, n = this.rowCount;
    const { kinds, params, values, evals } = this.cells;
    const cols: JsValue[][] = Array.from({ length: width }, () => new Array<JsValue>(n));
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < width; c++) {
        const k = r * width + c;
        const kind = kinds[k];
        cols[c]![r] = kind === 1 ? values[k]! : kind === 2 ? paramValue(ctx, params[k]!) : valueAt(evals[k]!(ONE, null, ctx), 0);
      }
    }
    return { length: n, columns: cols.map((vals, c) => vectorFromValues(this.types[c]!, vals)) };
  }

  explain(): ExplainNode {
    return explainNode(`Values (${this.rowCount} row${this.rowCount === 1 ? '' : 's'})`, [], []);
  }
}
