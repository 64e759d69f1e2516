/**
 * The errors of casts and text input, in PostgreSQL's codes and wording (one place, so the value
 * level, the vector kernels and JS coercion fail identically).
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import { isIntegerType, typeName } from './data-type.ts';
import type { DataType } from './data-type.ts';

/** 42846 `cannot cast type boolean to date`. */
export function cannotCast(from: DataType, to: DataType): DbError {
  return new DbError(SqlState.CANNOT_COERCE, `cannot cast type ${typeName(from)} to ${typeName(to)}`);
}

/** 22P02 `invalid input syntax for type integer: "x"`. */
export function invalidSyntax(to: DataType, text: string): DbError {
  return new DbError(SqlState.INVALID_TEXT_REPRESENTATION, `invalid input syntax for type ${typeName(to)}: "${text}"`);
}

/** 22003 `integer out of range` (a value, not text, did not fit). */
export function outOfRange(to: DataType): DbError {
  return new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, `${typeName(to)} out of range`);
}

/** 22003 for text input that parsed but does not fit the type (PostgreSQL's two wordings). */
export function textOutOfRange(to: DataType, text: string): DbError {
  // PostgreSQL: value "99999999999" is out of range for type integer
  //             "1e400" is out of range for type double precision
  const msg = isIntegerType(to)
    ? `value "${text}" is out of range for type ${typeName(to)}`
    : `"${text}" is out of range for type ${typeName(to)}`;
  return new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, msg);
}

/** 22007 `invalid input syntax for type timestamp: "x"`. */
export function datetimeSyntax(to: DataType, text: string): DbError {
  return new DbError(SqlState.INVALID_DATETIME_FORMAT, `invalid input syntax for type ${typeName(to)}: "${text}"`);
}

/** 22008 `date/time field value out of range: "x"`. */
export function datetimeFieldOverflow(text: string): DbError {
  return new DbError(SqlState.DATETIME_FIELD_OVERFLOW, `date/time field value out of range: "${text}"`);
}
