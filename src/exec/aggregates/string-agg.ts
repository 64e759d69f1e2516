/**
 * STRING_AGG(value, separator) and SQLite's GROUP_CONCAT(value [, separator = ',']): the
 * non-NULL values as text, joined by the separator of each value after the first (a NULL
 * separator counts as ''), in the aggregate's ORDER BY when it has one; NULL for a group
 * without values. Not decomposed for eager aggregation.
 */
import { valueAt, type JsValue, type Vector } from '../../types/vector.ts';
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import { MAX_TEXT_VALUE } from '../expr/function-registry.ts';
import { frameRowAt, frameSeen, frameValueAt, type AggregateDef, type FrameAccumulator, type FrameInput, type GroupInput } from './aggregate.ts';

/** The 54000 error of a result longer than one text value may be. */
function tooLong(): DbError {
  return new DbError(SqlState.PROGRAM_LIMIT_EXCEEDED, 'requested length too large', {
    detail: `string_agg would build a value longer than ${MAX_TEXT_VALUE} characters.`,
  });
}

/** Per-group concatenation, in ORDER BY order when given. */
function stringAggGroups({ args, gids, rows, count: mm, groups, order: ordering }: GroupInput): Vector {
  const v = args[0]!;
  const vn = v.type === 'null' ? null : v.nulls;
  const allNull = v.type === 'null';
  const at = (k: number) => (rows === null ? k : rows[k]!);
  const sep = args[1]!;
  const order: number[] = [];
  for (let k = 0; k < mm; k++) order.push(at(k));
  if (ordering !== null) order.sort(ordering());
  const parts: (string[] | null)[] = new Array(groups).fill(null);
  const lengths = new Float64Array(groups);
  const d = v.data as string[];
  for (const i of order) {
    if (allNull || (vn !== null && vn[i] === 1)) continue;
    const g = gids[i]!;
    const s = sep.nulls !== null && sep.nulls[i] === 1 ? '' : (sep.data as string[])[i]!;
    if (parts[g] === null) parts[g] = [d[i]!];
    else { parts[g]!.push(s, d[i]!); lengths[g]! += s.length; }
    if ((lengths[g]! += d[i]!.length) > MAX_TEXT_VALUE) throw tooLong();
  }
  const out = new Array<string>(groups).fill('');
  const nulls = new Uint8Array(groups);
  let anyNull = false;
  for (let g = 0; g < groups; g++) {
    const p = parts[g];
    if (p === null || p === undefined) { nulls[g] = 1; anyNull = true; } else out[g] = p.join('');
  }
  return { type: 'text', length: groups, data: out, nulls: anyNull ? nulls : null };
}

/** Concatenation over one window frame (in window order). */
function stringAggFrame(f: FrameInput): JsValue {
  const v = f.args[0]!;
  const seen = frameSeen(f);
  const parts: string[] = [];
  let length = 0;
  for (let t = f.from; t < f.to; t++) {
    const x = frameValueAt(f, v, t, seen);
    if (x === undefined) continue;
    if (parts.length > 0) {
      const s = String(valueAt(f.args[1]!, f.order[t]!) ?? '');
      parts.push(s);
      length += s.length;
    }
    parts.push(x as string);
    if ((length += (x as string).length) > MAX_TEXT_VALUE) throw tooLong();
  }
  return parts.length === 0 ? null : parts.join('');
}

/**
 * Concatenation over frames that grow at the end (values cannot be taken out at the start: a
 * frame whose start moves is rebuilt, which costs what its result's length costs anyway).
 */
function stringAggAccumulator(f: FrameInput): FrameAccumulator | null {
  if (f.distinct) return null;
  const v = f.args[0]!, sep = f.args[1]!;
  let parts: string[] = [];
  let length = 0;
  return {
    reset: () => { parts = []; length = 0; },
    add: (t) => {
      const row = frameRowAt(f, v, t);
      if (row < 0) return;
      const x = (v.data as string[])[row]!;
      if (parts.length > 0) {
        const s = sep.type === 'null' || (sep.nulls !== null && sep.nulls[row] === 1) ? '' : (sep.data as string[])[row]!;
        parts.push(s);
        length += s.length;
      }
      parts.push(x);
      length += x.length;
      if (length > MAX_TEXT_VALUE) throw tooLong();
    },
    remove: () => false,
    result: () => (parts.length === 0 ? null : parts.join('')),
  };
}

/** STRING_AGG / GROUP_CONCAT: both arguments are cast to text. */
export const STRING_AGG: AggregateDef = {
  func: 'string_agg',
  names: ['string_agg', 'group_concat'],
  resolve(name, args) {
    const ok = name === 'group_concat' ? args.length >= 1 && args.length <= 2 : args.length === 2;
    if (!ok) return null;
    return { args: ['text', 'text'], defaults: args.length === 1 ? [','] : [], result: 'text' };
  },
  combine: null,
  group: stringAggGroups,
  frame: stringAggFrame,
  accumulator: stringAggAccumulator,
};
