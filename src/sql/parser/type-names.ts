/**
 * Type names in casts and column definitions: `integer`, `double precision`,
 * `varchar(20)`, `timestamp with time zone`, MySQL's `SIGNED`/`UNSIGNED` in casts.
 */
import { SqlState } from '../../errors/sqlstate.ts';
import { resolveTypeName, type TypeSpec } from '../../types/data-type.ts';
import { checkNumericTypmod } from '../../types/numeric-value.ts';
import { TokenKind as LexTokenKind } from '../lexer.ts';
import { TokenCursor } from './token-cursor.ts';

// A module-local copy: property loads on it stay cheap under every module loader.
const TokenKind = { ...LexTokenKind };

/** Lower-cased multi-word type names mapped to the key {@link resolveTypeName} knows. */
export const TYPE_ALIASES: Record<string, string> = {
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  'double precision': 'double precision',
  'character varying': 'character varying',
};

const LENGTH_TYPES: ReadonlySet<string> = new Set([
  'varchar', 'char', 'character', 'character varying', 'nvarchar', 'nchar',
]);

/** The type-name layer of the parser (see `token-cursor.ts` for the layers). */
export abstract class TypeNameParser extends TokenCursor {

  /**
   * A type name: one or more words (`double precision`, `timestamp with time zone`) and an
   * optional `(n[, m])`. `castContext` also accepts MySQL's `SIGNED`/`UNSIGNED [INTEGER]`.
   */
  parseTypeName(castContext: boolean): TypeSpec {
    const start = this.t;
    let word = this.parseLabel().toLowerCase();
    let key = word;
    if (word === 'double' && this.isKw('precision')) { this.next(); word = key = 'double precision'; }
    else if ((word === 'character' || word === 'char') && this.isKw('varying')) { this.next(); word = key = `${word} varying`; key = 'character varying'; }
    else if ((word === 'signed' || word === 'unsigned') && castContext) {
      if (this.isKw('integer') || this.isKw('int')) { this.next(); word = `${word} integer`; }
      key = 'integer';
    }
    let args = '';
    let length: number | undefined;
    let numeric: { precision: number; scale: number } | undefined;
    const isNumeric = key === 'numeric' || key === 'decimal' || key === 'dec';
    if (this.isOp('(')) {
      this.next();
      const nums: string[] = [];
      const at = this.t.start;
      do {
        // NUMERIC's scale may be negative (PostgreSQL 15+)
        const neg = isNumeric && nums.length === 1 && this.acceptOp('-');
        const t = this.t;
        if (t.kind !== TokenKind.Integer) throw this.syntaxError();
        this.next();
        nums.push(neg ? '-' + t.value : t.value);
      } while (this.acceptOp(','));
      this.expectOp(')');
      args = `(${nums.join(',')})`;
      if (LENGTH_TYPES.has(key) || LENGTH_TYPES.has(word)) length = Number(nums[0]);
      if (isNumeric) {
        if (nums.length > 2) throw this.errorAt(SqlState.INVALID_PARAMETER_VALUE, 'invalid NUMERIC type modifier', at);
        try {
          numeric = checkNumericTypmod(Number(nums[0]), nums.length > 1 ? Number(nums[1]) : 0);
        } catch (e) {
          throw this.errorAt(SqlState.INVALID_PARAMETER_VALUE, (e as Error).message, at);
        }
      }
    }
    if ((key === 'timestamp' || key === 'time') && (this.isKw('with') || this.isKw('without')) && this.isKwAt(1, 'time') && this.isKwAt(2, 'zone')) {
      const w = this.next().value;
      this.next();
      this.next();
      word = `${key} ${w} time zone`;
      key = TYPE_ALIASES[word] ?? word;
    }
    if (this.isOp('[')) throw this.errorAt(SqlState.FEATURE_NOT_SUPPORTED, 'array types are not supported', this.t.start);
    const type = resolveTypeName(TYPE_ALIASES[key] ?? key, start.start + 1);
    const name = word + args;
    if (numeric !== undefined) return { type, numeric, name };
    return length === undefined ? { type, name } : { type, length, name };
  }
}
