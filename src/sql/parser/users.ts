/**
 * User statements: `CREATE USER [IF NOT EXISTS] name [WITH] PASSWORD … ROLE … EMAIL …` and
 * `ALTER USER name SET PASSWORD | ROLE | EMAIL …` (`DROP USER` is parsed with the other DROPs).
 */
import { SqlState } from '../../errors/sqlstate.ts';
import type { AlterUserStatement, CreateUserStatement, RoleName } from '../ast.ts';
import { TokenKind as LexTokenKind } from '../lexer.ts';
import { DmlParser } from './dml.ts';

// A module-local copy: property loads on it stay cheap under every module loader.
const TokenKind = { ...LexTokenKind };

const ROLES: ReadonlySet<string> = new Set(['user', 'service', 'dba', 'system']);

/** The user-statement layer of the parser (see `token-cursor.ts` for the layers). */
export abstract class UserParser extends DmlParser {
  private parseRole(): RoleName {
    const t = this.t;
    if (t.kind !== TokenKind.String && t.kind !== TokenKind.Ident && t.kind !== TokenKind.QuotedIdent) throw this.syntaxError();
    this.next();
    const v = t.value.toLowerCase();
    if (!ROLES.has(v)) {
      const e = this.errorAt(SqlState.INVALID_PARAMETER_VALUE, `invalid role "${t.value}"`, t.start);
      e.hint = 'Valid roles are user, service, dba and system.';
      throw e;
    }
    return v as RoleName;
  }

  protected parseCreateUser(pos: number): CreateUserStatement {
    this.next(); // USER
    const ifNotExists = this.parseIfNotExists();
    const name = this.parseUserName();
    let password: string | null = null;
    let role: RoleName | null = null;
    let email: string | null = null;
    this.acceptKw('with');
    for (;;) {
      const t = this.t;
      if (this.acceptKw('password')) {
        if (password !== null) throw this.errorAt(SqlState.SYNTAX_ERROR, 'conflicting or redundant options', t.start);
        password = this.parseStringValue();
      } else if (this.acceptKw('role')) {
        if (role !== null) throw this.errorAt(SqlState.SYNTAX_ERROR, 'conflicting or redundant options', t.start);
        role = this.parseRole();
      } else if (this.acceptKw('email')) {
        if (email !== null) throw this.errorAt(SqlState.SYNTAX_ERROR, 'conflicting or redundant options', t.start);
        email = this.parseStringValue();
      } else break;
    }
    return { kind: 'create_user', pos, ifNotExists, name, password, role, email };
  }

  protected parseAlterUser(pos: number): AlterUserStatement {
    const name = this.parseUserName();
    this.expectKw('set');
    if (this.acceptKw('password')) return { kind: 'alter_user', pos, name, action: { kind: 'password', value: this.parseStringValue() } };
    if (this.acceptKw('role')) return { kind: 'alter_user', pos, name, action: { kind: 'role', value: this.parseRole() } };
    this.expectKw('email');
    return { kind: 'alter_user', pos, name, action: { kind: 'email', value: this.parseStringValue() } };
  }
}
