/** VALUES: constant rows, each expression evaluated once per execution. */
import { DATA_TYPES, type DataType } from '../../types/data-type.ts';
import { valueAt, vectorFromValues, type Batch, type JsValue } from '../../types/vector.ts';
import type { ExecContext } from '../context.ts';
import type { Evaluator } from '../expr/evaluator.ts';
import { explainNode, type ExplainNode, type PhysicalOp } from '../operator.ts';

const ONE: Batch = { length: 1, columns: [] };
void DATA_TYPES;

/** The VALUES operator. */
export class ValuesOp implements PhysicalOp {
  constructor(
    readonly ids: readonly number[],
    private readonly types: readonly DataType[],
    private readonly rows: readonly (readonly Evaluator[])[],
  ) {}

  run(ctx: ExecContext): Batch {
    const width = this.types.length;
    const cols: JsValue[][] = Array.from({ length: width }, () => new Array(this.rows.length));
    for (let r = 0; r < this.rows.length; r++) {
      const row = this.rows[r]!;
      for (let c = 0; c < width; c++) {
        cols[c]![r] = valueAt(row[c]!(ONE, null, ctx), 0);
      }
    }
    return { length: this.rows.length, columns: cols.map((vals, c) => vectorFromValues(this.types[c]!, vals)) };
  }

  explain(): ExplainNode {
    return explainNode(`Values (${this.rows.length} row${this.rows.length === 1 ? '' : 's'})`, [], []);
  }
}
