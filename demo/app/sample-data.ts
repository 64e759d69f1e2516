/**
 * The demo's sample data set, loaded on first start (when the `chat` namespace does not exist
 * yet): a chat with a SHARED table of rooms, a USER table of messages (each user's rows are
 * theirs alone), a STREAM table of typing indicators whose rows expire after a few seconds, the
 * users alice and bob, and `relay`, a service user that delivers a message to every member of a
 * room by writing into their partitions with EXECUTE AS USER.
 */
import type { Database, Session } from '../../src/index.ts';

/** Seconds a typing indicator lives (the stream table's TTL). */
export const TYPING_TTL_SECONDS = 3;

/** The demo's users, besides root. */
export const DEMO_USERS = ['alice', 'bob'] as const;

/** The service user that fans messages out. */
export const RELAY_USER = 'relay';

/** The schema, as root. */
export const SCHEMA_SQL = `CREATE NAMESPACE chat;
CREATE SHARED TABLE chat.rooms (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  topic TEXT
) WITH (ACCESS_LEVEL = 'public');
CREATE SHARED TABLE chat.members (
  room TEXT NOT NULL,
  user_name TEXT NOT NULL,
  UNIQUE (room, user_name)
) WITH (ACCESS_LEVEL = 'public');
CREATE USER TABLE chat.messages (
  id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(),
  room TEXT NOT NULL,
  author TEXT NOT NULL,
  body TEXT NOT NULL,
  sent_at TIMESTAMP DEFAULT now()
);
CREATE INDEX messages_room ON chat.messages (room);
CREATE STREAM TABLE chat.typing (
  room TEXT NOT NULL,
  who TEXT NOT NULL,
  at TIMESTAMP DEFAULT now()
) WITH (TTL_SECONDS = ${TYPING_TTL_SECONDS});
CREATE USER '${RELAY_USER}' WITH PASSWORD 'relay-demo' ROLE service;
INSERT INTO chat.rooms VALUES
  ('general', 'General', 'Anything goes'),
  ('random', 'Random', 'Off-topic');
INSERT INTO chat.members VALUES
  ('general', 'alice'), ('general', 'bob'), ('random', 'alice'), ('random', 'bob')`;

/** The conversation every member's partition starts with: [room, author, body]. */
export const SAMPLE_MESSAGES: readonly (readonly [string, string, string])[] = [
  ['general', 'alice', 'Hi Bob! Each of us has our own rows in chat.messages.'],
  ['general', 'bob', 'Hi Alice. The engine enforces it: I only ever see my partition.'],
  ['general', 'alice', 'The relay user copies each message into every member\'s partition.'],
  ['random', 'bob', 'Try typing here: a typing indicator lives 3 seconds in a STREAM table.'],
];

/** True when the sample data set is already there (a persisted database opened again). */
export async function hasSampleData(root: Session): Promise<boolean> {
  const r = await root.query("SELECT count(*) AS n FROM system.namespaces WHERE namespace_id = 'chat'");
  return Number(r.rows[0]?.['n'] ?? 0) > 0;
}

/** Loads the sample data set (schema, users, conversation) unless it is there already. */
export async function loadSampleData(db: Database, root: Session): Promise<boolean> {
  if (await hasSampleData(root)) return false;
  await root.query(SCHEMA_SQL);
  const users = await Promise.all(DEMO_USERS.map((u) => db.session({ user: u, create: true })));
  const base = Date.now() - 60_000 * SAMPLE_MESSAGES.length;
  let k = 0;
  for (const [room, author, body] of SAMPLE_MESSAGES) {
    const at = base + 60_000 * k++;
    for (const s of users) {
      // the same id in every member's partition: one message, one copy per member
      await s.query('INSERT INTO chat.messages (id, room, author, body, sent_at) VALUES ($1, $2, $3, $4, $5)', [BigInt(k), room, author, body, at]);
    }
  }
  return true;
}
