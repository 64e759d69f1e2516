/**
 * The chat's writes, on InkDB's public API. A message is one row per member: the sender writes
 * their own copy into their partition of the USER table `chat.messages`, and `relay` (a service
 * user, as a server would be) writes the copies of the other members of the room into theirs
 * with EXECUTE AS USER. Typing indicators go the same way into the STREAM table `chat.typing`,
 * whose rows expire after its TTL.
 */
import type { Database, Session } from '../../src/index.ts';
import { RELAY_USER } from '../app/sample-data.ts';

/** Quotes a user name for EXECUTE AS USER '…'. */
function userLiteral(name: string): string {
  return `'${name.replaceAll("'", "''")}'`;
}

/** The chat's write side. */
export class ChatBackend {
  private constructor(private readonly relay: Session) {}

  /** Opens the relay's session. */
  static async open(db: Database): Promise<ChatBackend> {
    return new ChatBackend(await db.session({ user: RELAY_USER }));
  }

  /** The members of a room, other than `except`. */
  private async others(room: string, except: string): Promise<string[]> {
    const r = await this.relay.query('SELECT user_name FROM chat.members WHERE room = $1 AND user_name <> $2 ORDER BY user_name', [room, except]);
    return r.rows.map((x) => String(x['user_name']));
  }

  /** Makes `user` a member of every room (a user created in the console joins the chat). */
  async join(user: string): Promise<void> {
    const rooms = await this.relay.query('SELECT id FROM chat.rooms');
    for (const r of rooms.rows) {
      await this.relay.query('INSERT INTO chat.members VALUES ($1, $2) ON CONFLICT (room, user_name) DO NOTHING', [r['id'], user]);
    }
  }

  /** Sends a message: the sender's copy, then one per other member of the room (whose "typing…" it ends). */
  async send(from: Session, room: string, body: string): Promise<void> {
    const mine = await from.query(
      'INSERT INTO chat.messages (room, author, body) VALUES ($1, $2, $3) RETURNING id, sent_at', [room, from.user, body]);
    const row = mine.rows[0]!;
    for (const member of await this.others(room, from.user)) {
      const as = `EXECUTE AS USER ${userLiteral(member)}`;
      await this.relay.query(`${as} (INSERT INTO chat.messages (id, room, author, body, sent_at) VALUES ($1, $2, $3, $4, $5))`,
        [row['id'], room, from.user, body, row['sent_at']]);
      await this.relay.query(`${as} (DELETE FROM chat.typing WHERE room = $1 AND who = $2)`, [room, from.user]);
    }
  }

  /** Tells the other members of a room that `from` is typing (each row expires after the TTL). */
  async typing(from: Session, room: string): Promise<void> {
    for (const member of await this.others(room, from.user)) {
      await this.relay.query(`EXECUTE AS USER ${userLiteral(member)} (INSERT INTO chat.typing (room, who) VALUES ($1, $2))`, [room, from.user]);
    }
  }
}
