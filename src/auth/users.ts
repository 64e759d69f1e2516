/**
 * Users and roles. Passwords are hashed with PBKDF2-SHA256 through WebCrypto (available in
 * browsers, Workers and Node 20); the bootstrap user `root` (role `system`) has an empty
 * password until one is set.
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';

/** Roles, weakest first. */
export type Role = 'user' | 'service' | 'dba' | 'system';

/** Rank of a role for comparisons. */
export const ROLE_RANK: Readonly<Record<Role, number>> = { user: 0, service: 1, dba: 2, system: 3 };

/** A stored user. */
export interface UserRecord {
  readonly userId: string;
  role: Role;
  email: string | null;
  authType: 'password' | 'trusted';
  /** `pbkdf2$<iterations>$<salt hex>$<hash hex>`, or '' for no password. */
  passwordHash: string;
  readonly createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
  lastLoginAt: number | null;
}

const ITERATIONS = 100_000;

function hex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}

function unhex(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return out;
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'WebCrypto is not available: cannot hash passwords');
  const key = await subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, 256);
  return new Uint8Array(bits);
}

/** Hashes a password (empty password → empty hash). */
export async function hashPassword(password: string): Promise<string> {
  if (password === '') return '';
  const salt = new Uint8Array(16);
  globalThis.crypto.getRandomValues(salt);
  const h = await derive(password, salt, ITERATIONS);
  return `pbkdf2$${ITERATIONS}$${hex(salt)}$${hex(h)}`;
}

/** Checks a password against a stored hash (constant-time comparison of the digests). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored === '') return password === '';
  const [scheme, iter, salt, hash] = stored.split('$');
  if (scheme !== 'pbkdf2' || iter === undefined || salt === undefined || hash === undefined) return false;
  const h = await derive(password, unhex(salt), Number(iter));
  const want = unhex(hash);
  if (want.length !== h.length) return false;
  let diff = 0;
  for (let i = 0; i < h.length; i++) diff |= h[i]! ^ want[i]!;
  return diff === 0;
}

/** Parses a role name. */
export function parseRole(r: string): Role {
  const x = r.toLowerCase();
  if (x === 'user' || x === 'service' || x === 'dba' || x === 'system') return x;
  throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `invalid role "${r}"`, { hint: 'Roles are user, service, dba and system.' });
}

/** The user directory. */
export class UserStore {
  readonly users = new Map<string, UserRecord>();

  constructor() {
    const now = Date.now();
    this.users.set('root', {
      userId: 'root', role: 'system', email: null, authType: 'password', passwordHash: '', createdAt: now, updatedAt: now, deletedAt: null, lastLoginAt: null,
    });
  }

  /** A live user or undefined. */
  find(id: string): UserRecord | undefined {
    const u = this.users.get(id);
    return u === undefined || u.deletedAt !== null ? undefined : u;
  }

  /** Authenticates; 28P01 on any failure (same message whether the user exists or not). */
  async authenticate(id: string, password: string): Promise<UserRecord> {
    const u = this.find(id);
    const ok = u !== undefined && (await verifyPassword(password, u.passwordHash));
    if (!ok) throw new DbError(SqlState.INVALID_PASSWORD, `password authentication failed for user "${id}"`);
    u!.lastLoginAt = Date.now();
    return u!;
  }
}
