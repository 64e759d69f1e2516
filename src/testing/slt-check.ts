/**
 * Checking one query's result against its record: column count, rendering by type letter,
 * sorting, then values, the older one-row-per-line form, the result hash or a label's
 * earlier hash.
 *
 * @module
 */
import type { SltQueryResult } from './slt-connection.ts';
import type { SltFailureKind } from './slt-options.ts';
import type { SltQueryRecord, SltSortMode } from './slt-parser.ts';
import { renderInteger, renderReal, renderText } from './slt-render.ts';
import { hashLine, parseHashLine, sortValues } from './slt-sort-hash.ts';

const RENDERERS: Record<string, (v: unknown) => string> = { I: renderInteger, R: renderReal, T: renderText };

function collapseWs(s: string): string {
  return s.trim().split(/\s+/).join(' ');
}

/** The result of checking one query, before it is turned into a failure. */
export interface Check { kind: SltFailureKind; message: string; expected?: string[]; actual?: string[] }

/**
 * Checks a query's result against its record; null when it passes. `labels` maps each label
 * seen so far in the file to its result hash.
 */
export function checkQuery(rec: SltQueryRecord, res: SltQueryResult, threshold: number, labels: Map<string, string>,
  maxDetail: number): Check | null {
  const types = rec.types;
  const nCol = types.length;
  let sort: SltSortMode;
  if (rec.sort === '' || rec.sort === 'nosort') sort = 'nosort';
  else if (rec.sort === 'rowsort' || rec.sort === 'valuesort') sort = rec.sort;
  else return { kind: 'bad-record', message: `unknown sort method: '${rec.sort}'` };
  const renderers: ((v: unknown) => string)[] = new Array<(v: unknown) => string>(nCol);
  for (let c = 0; c < nCol; c++) {
    const r = RENDERERS[types.charAt(c)];
    if (r === undefined) return { kind: 'bad-record', message: `unknown character in type-string: ${types.charAt(c)}` };
    renderers[c] = r;
  }
  if (nCol === 0) return { kind: 'bad-record', message: 'query record without a type string' };
  const columns = res.columns;
  if (columns.length !== nCol) {
    return { kind: 'column-count', message: `wrong number of result columns: expected ${nCol} but got ${columns.length}` };
  }

  const rows = res.rows;
  const nRows = rows.length;
  const values: string[] = new Array<string>(nRows * nCol);
  // numeric values arrive as their text ('1.50', 'NaN'): as numbers for R columns (and for
  // I columns when NaN/±Infinity), as the exact text otherwise
  const numeric = columns.map((col, c) => col.type === 'numeric' && types.charAt(c) !== 'T');
  for (let r = 0, k = 0; r < nRows; r++) {
    const row = rows[r]!;
    for (let c = 0; c < nCol; c++) {
      let v = row[c];
      if (numeric[c] && typeof v === 'string' && (types.charAt(c) === 'R' || !/^-?\d/.test(v))) v = Number(v);
      values[k++] = v === null || v === undefined ? 'NULL' : renderers[c]!(v);
    }
  }
  sortValues(values, nCol, sort);

  let hash: string | null = null;
  const getHash = (): string => (hash ??= hashLine(values));
  const shown = (): string[] => threshold > 0 && values.length > threshold ? [getHash()] : values.slice(0, maxDetail);

  let failure: Check | null = null;
  const exp = rec.expected;
  if (exp !== null) {
    const expHash = exp.length === 1 ? parseHashLine(exp[0]!) : null;
    if (expHash !== null) {
      if (expHash.count !== values.length || getHash() !== `${expHash.count} values hashing to ${expHash.hash}`) {
        failure = {
          kind: 'hash-mismatch', message: `wrong result hash: expected ${exp[0]!}, got ${getHash()}`,
          expected: [exp[0]!], actual: [getHash()],
        };
      }
    } else if (exp.length === values.length) {
      for (let i = 0; i < exp.length; i++) {
        if (exp[i] !== values[i]) {
          const row = Math.floor(i / nCol);
          failure = {
            kind: 'mismatch',
            message: `wrong result at value ${i + 1} (row ${row + 1}, column ${(i % nCol) + 1}): expected '${exp[i]!}', got '${values[i]!}'`,
            expected: exp.slice(0, maxDetail), actual: shown(),
          };
          break;
        }
      }
    } else if (nCol > 1 && exp.length === nRows) {
      // Older style: one row per line, values separated by whitespace.
      for (let r = 0; r < nRows; r++) {
        const got = collapseWs(values.slice(r * nCol, (r + 1) * nCol).join(' '));
        if (collapseWs(exp[r]!) !== got) {
          failure = {
            kind: 'mismatch', message: `wrong result in row ${r + 1}: expected '${exp[r]!}', got '${got}'`,
            expected: exp.slice(0, maxDetail), actual: shown(),
          };
          break;
        }
      }
    } else {
      failure = {
        kind: 'mismatch', message: `wrong result: expected ${exp.length} values, got ${values.length}`
          + ` (${nRows} row${nRows === 1 ? '' : 's'} of ${nCol})`,
        expected: exp.slice(0, maxDetail), actual: shown(),
      };
    }
  }

  if (rec.label !== '') {
    const prev = labels.get(rec.label);
    if (prev === undefined) labels.set(rec.label, getHash());
    else if (failure === null && prev !== getHash()) {
      failure = {
        kind: 'label-mismatch', message: `labeled result [${rec.label}] does not agree with previous values: expected ${prev}, got ${getHash()}`,
        expected: [prev], actual: [getHash()],
      };
    }
  }
  return failure;
}
