/**
 * The demo page: a header saying where the engine runs and where the data lives, and two tabs,
 * the SQL console and the live chat app.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { Database, Session } from '../../src/index.ts';
import { ChatApp } from '../chat/ChatApp.tsx';
import type { ChatBackend } from '../chat/chat-backend.ts';
import { Console } from '../console/Console.tsx';
import type { DemoDatabase } from './open-demo-db.ts';

/** Everything the page needs, opened by main.tsx. */
export interface DemoContext extends DemoDatabase {
  readonly db: Database;
  readonly root: Session;
  readonly backend: ChatBackend;
  readonly liveMode: 'subscribe' | 'poll';
}

type Tab = 'console' | 'chat';
const TABS: readonly { readonly id: Tab; readonly label: string }[] = [
  { id: 'console', label: 'SQL console' },
  { id: 'chat', label: 'Live chat app' },
];

function initialTab(): Tab {
  return location.hash === '#chat' ? 'chat' : 'console';
}

/** The page. */
export function App({ ctx }: { ctx: DemoContext }): ReactElement {
  const [tab, setTab] = useState<Tab>(initialTab);
  const [chatMounted, setChatMounted] = useState(tab === 'chat');
  const sessions = useRef(new Map<string, Promise<Session>>());
  const tabRefs = useRef(new Map<Tab, HTMLButtonElement>());

  const sessionFor = useCallback((user: string, create = false): Promise<Session> => {
    if (user === 'root') return Promise.resolve(ctx.root);
    let s = sessions.current.get(user);
    if (s === undefined) {
      s = ctx.db.session({ user, create });
      s.catch(() => sessions.current.delete(user));
      sessions.current.set(user, s);
    }
    return s;
  }, [ctx]);

  useEffect(() => {
    if (tab === 'chat') setChatMounted(true);
    history.replaceState(null, '', tab === 'chat' ? '#chat' : location.pathname + location.search);
  }, [tab]);

  useEffect(() => { document.body.dataset['ready'] = 'true'; }, []);

  const onTabKey = (ev: KeyboardEvent<HTMLButtonElement>): void => {
    const i = TABS.findIndex((t) => t.id === tab);
    let next = -1;
    if (ev.key === 'ArrowRight') next = (i + 1) % TABS.length;
    else if (ev.key === 'ArrowLeft') next = (i + TABS.length - 1) % TABS.length;
    else if (ev.key === 'Home') next = 0;
    else if (ev.key === 'End') next = TABS.length - 1;
    if (next < 0) return;
    ev.preventDefault();
    const t = TABS[next]!.id;
    setTab(t);
    tabRefs.current.get(t)?.focus();
  };

  return (
    <>
      <a className="skip" href="#main">Skip to content</a>
      <header className="top">
        <div className="brand">
          <h1>InkDB</h1>
          <p className="tagline">SQL in the browser: per-user tables enforced by the engine, live data, no WebAssembly, no eval.</p>
        </div>
        <p id="status" className="status" role="status">
          Engine in {ctx.db.inWorker ? 'a Web Worker' : 'the page'} · data {ctx.storage === 'indexeddb' ? 'persisted in IndexedDB' : 'in memory'}
          {' · '}live updates by {ctx.liveMode === 'subscribe' ? 'subscription' : 'polling'}
        </p>
        {ctx.fallback !== null ? <p className="fallback">{ctx.fallback}</p> : null}
        <div role="tablist" aria-label="Demo" className="tabs">
          {TABS.map((t) => (
            <button type="button" role="tab" key={t.id} id={`tab-${t.id}`} aria-controls={`panel-${t.id}`} aria-selected={tab === t.id}
              tabIndex={tab === t.id ? 0 : -1} onClick={() => setTab(t.id)} onKeyDown={onTabKey}
              ref={(el) => { if (el !== null) tabRefs.current.set(t.id, el); }}>
              {t.label}
            </button>
          ))}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <div role="tabpanel" id="panel-console" aria-labelledby="tab-console" hidden={tab !== 'console'}>
          <Console root={ctx.root} sessionFor={sessionFor} onUserCreated={(u) => ctx.backend.join(u)} />
        </div>
        <div role="tabpanel" id="panel-chat" aria-labelledby="tab-chat" hidden={tab !== 'chat'}>
          {chatMounted ? <ChatApp sessionFor={sessionFor} backend={ctx.backend} liveMode={ctx.liveMode} /> : null}
        </div>
      </main>
    </>
  );
}
