/**
 * One user's view of the chat, built on `inkdb/react`'s `useLiveQuery`: the rooms (a SHARED
 * table everyone reads), the room's messages (this user's partition of the USER table
 * `chat.messages`), who is typing (this user's partition of the STREAM table `chat.typing`), and
 * a composer. Everything the pane shows comes from this user's own session.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import type { Session } from '../../src/index.ts';
import { useLiveQuery, type LiveRow } from '../../src/react/index.ts';
import { TYPING_TTL_SECONDS } from '../app/sample-data.ts';
import type { ChatBackend } from './chat-backend.ts';

/** Milliseconds between two typing notices from one composer. */
const TYPING_EVERY_MS = 1000;

const byId = (a: LiveRow, b: LiveRow): number => {
  const x = a['id'] as bigint;
  const y = b['id'] as bigint;
  return x < y ? -1 : x > y ? 1 : 0;
};

/** The current time, updated every `ms` milliseconds. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

function time(ms: unknown): string {
  return typeof ms === 'number' ? new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
}

/** Props of {@link ChatPane}. */
export interface ChatPaneProps {
  readonly session: Session;
  readonly backend: ChatBackend;
}

/** One user's chat window. */
export function ChatPane({ session, backend }: ChatPaneProps): ReactElement {
  const id = useId();
  const me = session.user;
  const [room, setRoom] = useState('general');
  const [draft, setDraft] = useState('');
  const [note, setNote] = useState('');
  const lastTyping = useRef(0);
  const log = useRef<HTMLDivElement>(null);
  const now = useNow(250);
  const rooms = useLiveQuery(session, 'SELECT id, title, topic FROM chat.rooms ORDER BY id', [], { pollMs: 1000 });
  const messages = useLiveQuery(session, 'SELECT id, author, body, sent_at FROM chat.messages WHERE room = $1 ORDER BY id', [room], { compare: byId });
  const typing = useLiveQuery(session, 'SELECT who, at FROM chat.typing WHERE room = $1', [room]);
  // A row expires after the stream table's TTL; the engine stops returning it, and until every
  // engine does, the pane hides rows older than the TTL itself.
  const typers = [...new Set(typing.rows
    .filter((r) => typeof r['at'] === 'number' && (r['at'] as number) > now - TYPING_TTL_SECONDS * 1000 && r['who'] !== me)
    .map((r) => String(r['who'])))];

  // keep the newest message in view
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the message count changes
  useEffect(() => {
    const el = log.current;
    if (el !== null) el.scrollTop = el.scrollHeight;
  }, [messages.rows.length]);

  const send = (ev: FormEvent): void => {
    ev.preventDefault();
    const body = draft.trim();
    if (body === '') return;
    setDraft('');
    backend.send(session, room, body).then(() => setNote(''), (e: unknown) => setNote(`Not sent: ${String((e as Error).message ?? e)}`));
  };
  const onType = (text: string): void => {
    setDraft(text);
    const t = Date.now();
    if (text.trim() !== '' && t - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = t;
      backend.typing(session, room).catch(() => { /* a lost indicator is harmless */ });
    }
  };
  const current = rooms.rows.find((r) => r['id'] === room);

  return (
    <section className="chat-pane" aria-labelledby={`${id}-title`} data-user={me}>
      <header className="chat-head">
        <h3 id={`${id}-title`}><span className="avatar" aria-hidden="true">{me[0]!.toUpperCase()}</span> {me}</h3>
        <label htmlFor={`${id}-room`} className="sr-only">Room for {me}</label>
        <select id={`${id}-room`} value={room} onChange={(ev) => setRoom(ev.target.value)}>
          {rooms.rows.map((r) => <option key={String(r['id'])} value={String(r['id'])}>#{String(r['id'])}</option>)}
        </select>
        {current !== undefined ? <span className="topic">{String(current['topic'] ?? '')}</span> : null}
      </header>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it */}
      <div className="messages" ref={log} role="log" aria-label={`Messages in #${room} as seen by ${me}`} tabIndex={0}>
        <ol className="message-list">
          {messages.rows.map((m) => (
            <li key={String(m['id'])} className={m['author'] === me ? 'mine' : ''}>
              <span className="author">{String(m['author'])}</span>
              <span className="body">{String(m['body'])}</span>
              <time className="when">{time(m['sent_at'])}</time>
            </li>
          ))}
          {!messages.loading && messages.rows.length === 0 ? <li className="empty">No messages in #{room} yet.</li> : null}
        </ol>
      </div>
      <p className="typing" role="status" aria-live="polite">
        {typers.length === 0 ? '\u00a0' : `${typers.join(', ')} ${typers.length === 1 ? 'is' : 'are'} typing…`}
      </p>
      <form className="composer" onSubmit={send}>
        <label htmlFor={`${id}-draft`} className="sr-only">Message to #{room} as {me}</label>
        <input id={`${id}-draft`} value={draft} onChange={(ev) => onType(ev.target.value)} placeholder={`Message #${room} as ${me}`} autoComplete="off" />
        <button type="submit">Send</button>
      </form>
      {note !== '' ? <p className="error-text" role="alert">{note}</p> : null}
      {messages.error !== null ? <p className="error-text" role="alert">{String((messages.error as Error).message ?? messages.error)}</p> : null}
    </section>
  );
}
