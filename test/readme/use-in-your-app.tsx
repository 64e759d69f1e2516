import { createRoot } from 'react-dom/client';
import { openDatabase, type Session } from 'inkdb';
import { useLiveQuery } from 'inkdb/react';

const db = await openDatabase({ name: 'todo-app' }); // the engine runs in a Web Worker
const root = await db.login('root', '');
await root.query(`CREATE NAMESPACE IF NOT EXISTS app;
  CREATE USER TABLE IF NOT EXISTS app.todos (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), title TEXT NOT NULL)`);
const alice = await db.session({ user: 'alice', create: true }); // signed in by your app

function Todos({ session }: { session: Session }) {
  const { rows } = useLiveQuery(session, 'SELECT id, title FROM app.todos ORDER BY id');
  const add = () => session.query('INSERT INTO app.todos (title) VALUES ($1)', ['a new todo']);
  return (
    <>
      <ul>{rows.map((t) => <li key={String(t.id)}>{String(t.title)}</li>)}</ul>
      <button type="button" onClick={() => void add()}>Add</button>
    </>
  );
}

createRoot(document.getElementById('app')!).render(<Todos session={alice} />);
