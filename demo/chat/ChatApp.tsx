/**
 * The live app: the same chat in two panes, one logged in as alice, one as bob, each on its
 * own session of the same database. A message sent in one pane shows up in the other as the
 * relay writes it into that user's partition; the panes follow their queries live.
 */
import { useEffect, useState, type ReactElement } from 'react';
import type { Session } from '../../src/index.ts';
import type { ChatBackend } from './chat-backend.ts';
import { ChatPane } from './ChatPane.tsx';

/** Props of {@link ChatApp}. */
export interface ChatAppProps {
  readonly sessionFor: (user: string) => Promise<Session>;
  readonly backend: ChatBackend;
  /** How the panes stay current: `subscribe` (live queries) or `poll`. */
  readonly liveMode: 'subscribe' | 'poll';
}

/** The two panes. */
export function ChatApp({ sessionFor, backend, liveMode }: ChatAppProps): ReactElement {
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([sessionFor('alice'), sessionFor('bob')]).then(setSessions, (e: unknown) => setError(String((e as Error).message ?? e)));
  }, [sessionFor]);
  return (
    <div className="chat">
      <p className="chat-intro">
        Two users, one database. <code>chat.rooms</code> is a <strong>shared</strong> table; <code>chat.messages</code> is
        a <strong>user</strong> table, so each pane reads only its own user's rows (the <code>relay</code> service user
        writes each member's copy with <code>EXECUTE AS USER</code>); <code>chat.typing</code> is a <strong>stream</strong> table
        whose rows expire after 3 s. The panes update {liveMode === 'subscribe' ? 'through live queries (session.subscribe)' : 'by re-running their queries every 250 ms (live queries are not in this build)'}.
      </p>
      {error !== null ? <p className="error-text" role="alert">{error}</p> : null}
      <div className="panes">
        {sessions?.map((s) => <ChatPane key={s.user} session={s} backend={backend} />)}
      </div>
    </div>
  );
}
