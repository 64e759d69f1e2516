import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';

/**
 * The SQL types InkDB stores and computes with. Each maps to one in-memory vector layout
 * (see `types/vector.ts`) and one Arrow type (see `types/arrow.ts`).
 *
 * | type      | vector data     | Arrow           |
 * |-----------|-----------------|-----------------|
 * | boolean   | Uint8Array 0/1  | Bool            |
 * | smallint  | Int32Array      | Int16           |
 * | integer   | Int32Array      | Int32           |
 * | bigint    | BigInt64Array   | Int64           |
 * | real      | Float64Array    | Float32         |
 * | double    | Float64Array    | Float64         |
 * | numeric   | NumericData: Float64Array of integers scaled by 10^scale (exact below 2^53), bigint[] fallback, per-value display scales | Utf8 (PostgreSQL text) |
 * | text      | string[]        | Utf8            |
 * | timestamp | Float64Array ms | TimestampMicrosecond (fractions of a ms survive) |
 * | date      | Int32Array days | DateDay         |
 * | json      | string[]        | Utf8            |
 * | bytes     | Uint8Array[]    | Binary          |
 * | uuid      | string[]        | Utf8            |
 * | null      | (none)          | Null            |
 */
export type DataType =
  | 'boolean' | 'smallint' | 'integer' | 'bigint' | 'numeric' | 'real' | 'double'
  | 'text' | 'timestamp' | 'date' | 'json' | 'bytes' | 'uuid' | 'null';

/** All data types, for exhaustive tests. */
export const DATA_TYPES: readonly DataType[] = [
  'boolean', 'smallint', 'integer', 'bigint', 'numeric', 'real', 'double', 'text', 'timestamp', 'date',
  'json', 'bytes', 'uuid', 'null',
];

/** True for smallint, integer and bigint. */
export function isIntegerType(t: DataType): boolean {
  return t === 'integer' || t === 'bigint' || t === 'smallint';
}

/** True for every numeric type (the integers, numeric, real and double). */
export function isNumericType(t: DataType): boolean {
  return t === 'integer' || t === 'bigint' || t === 'smallint' || t === 'double' || t === 'real' || t === 'numeric';
}

/** True for types whose vectors hold JavaScript strings. */
export function isStringType(t: DataType): boolean {
  return t === 'text' || t === 'json' || t === 'uuid';
}

/** PostgreSQL's display name of a type, used in messages and `system.columns`. */
export function typeName(t: DataType): string {
  switch (t) {
    case 'boolean': return 'boolean';
    case 'smallint': return 'smallint';
    case 'integer': return 'integer';
    case 'bigint': return 'bigint';
    case 'numeric': return 'numeric';
    case 'real': return 'real';
    case 'double': return 'double precision';
    case 'text': return 'text';
    case 'timestamp': return 'timestamp';
    case 'date': return 'date';
    case 'json': return 'json';
    case 'bytes': return 'bytea';
    case 'uuid': return 'uuid';
    case 'null': return 'unknown';
  }
}

/** A type named in SQL: the data type plus a length for VARCHAR(n)/CHAR(n) or NUMERIC(p, s)'s typmod. */
export interface TypeSpec {
  readonly type: DataType;
  /** Maximum length for VARCHAR(n) / CHAR(n). */
  readonly length?: number;
  /** NUMERIC(p[, s]) / DECIMAL(p[, s]): precision and scale (scale 0 when omitted). */
  readonly numeric?: { readonly precision: number; readonly scale: number };
  /** The name as written, for printing back (`VARCHAR(20)`). */
  readonly name: string;
}

const TYPE_NAMES: Record<string, DataType> = {
  boolean: 'boolean', bool: 'boolean',
  smallint: 'smallint', int2: 'smallint', tinyint: 'smallint',
  int: 'integer', integer: 'integer', int4: 'integer', mediumint: 'integer',
  bigint: 'bigint', int8: 'bigint',
  real: 'real', float4: 'real',
  float: 'double', double: 'double', float8: 'double', 'double precision': 'double',
  numeric: 'numeric', decimal: 'numeric', dec: 'numeric',
  text: 'text', varchar: 'text', char: 'text', character: 'text', 'character varying': 'text',
  string: 'text', clob: 'text', nvarchar: 'text', nchar: 'text',
  timestamp: 'timestamp', datetime: 'timestamp', timestamptz: 'timestamp',
  date: 'date',
  json: 'json', jsonb: 'json',
  bytes: 'bytes', bytea: 'bytes', blob: 'bytes', binary: 'bytes', varbinary: 'bytes',
  uuid: 'uuid',
};

/**
 * Resolves a type name as written in SQL (already lower-cased) to a {@link DataType}.
 * Unknown names fail with `0A000`.
 */
export function resolveTypeName(name: string, position?: number): DataType {
  const t = TYPE_NAMES[name];
  if (t === undefined) {
    throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `type "${name}" is not supported`,
      position === undefined ? undefined : { position });
  }
  return t;
}
