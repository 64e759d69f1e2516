/**
 * The user switcher: which user the console's statements run as (root, alice, bob, or any
 * other user), and a form to create a user (role `user`) and switch to them.
 */
import { useId, useState, type FormEvent, type ReactElement } from 'react';

/** Props of {@link UserSwitcher}. */
export interface UserSwitcherProps {
  readonly user: string;
  readonly users: readonly string[];
  readonly onSwitch: (user: string) => void;
  readonly onCreate: (user: string) => Promise<void>;
}

/** The switcher. */
export function UserSwitcher({ user, users, onSwitch, onCreate }: UserSwitcherProps): ReactElement {
  const id = useId();
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const submit = (ev: FormEvent): void => {
    ev.preventDefault();
    const n = name.trim().toLowerCase();
    if (!/^[a-z_][a-z0-9_]{0,30}$/.test(n)) {
      setNote('Use letters, digits and _ (starting with a letter).');
      return;
    }
    setNote(`Creating ${n}…`);
    onCreate(n).then(() => { setNote(`Created ${n}; running as ${n}.`); setName(''); }, (e: unknown) => setNote(String((e as Error).message ?? e)));
  };
  const list = users.includes(user) ? users : [...users, user];
  return (
    <div className="users">
      <label htmlFor={`${id}-user`}>Run as</label>
      <select id={`${id}-user`} value={user} onChange={(ev) => onSwitch(ev.target.value)} data-testid="run-as">
        {list.map((u) => <option key={u} value={u}>{u}</option>)}
      </select>
      <form onSubmit={submit} className="new-user">
        <label htmlFor={`${id}-new`}>New user</label>
        <input id={`${id}-new`} value={name} onChange={(ev) => setName(ev.target.value)} placeholder="carol" size={10} autoComplete="off" />
        <button type="submit">Create</button>
        <span role="status" className="sub">{note}</span>
      </form>
    </div>
  );
}
