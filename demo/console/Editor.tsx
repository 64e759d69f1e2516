/**
 * The SQL editor: a textarea with keyword and schema completion (a listbox under it), run
 * shortcuts (Ctrl/Cmd+Enter runs everything, Ctrl/Cmd+Shift+Enter the selection) and nothing
 * that traps the keyboard: Tab moves focus on unless a completion list is open.
 */
import { forwardRef, useImperativeHandle, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { flushSync } from 'react-dom';
import { caretCoordinates } from './caret-coordinates.ts';
import { complete, type CompletionItem, type Completions, type SchemaInfo } from './completion.ts';

/** What the console can do to the editor. */
export interface EditorHandle {
  /** Focuses the editor and puts the caret at `offset`, selecting `length` characters. */
  select(offset: number, length?: number): void;
  /** The selected text and where it starts, or null when nothing is selected. */
  selection(): { readonly text: string; readonly start: number } | null;
}

/** Props of {@link Editor}. */
export interface EditorProps {
  readonly value: string;
  readonly onChange: (sql: string) => void;
  readonly onRun: () => void;
  readonly onRunSelection: () => void;
  readonly schema: SchemaInfo;
}

const NO_COMPLETIONS: Completions = { from: 0, to: 0, items: [] };
/** Height of the completion list at most, in pixels (the CSS max-height). */
const LIST_MAX_PX = 168;
const ITEM_PX = 24;

/** The editor. */
export const Editor = forwardRef<EditorHandle, EditorProps>(function Editor({ value, onChange, onRun, onRunSelection, schema }, ref): ReactElement {
  const area = useRef<HTMLTextAreaElement>(null);
  const [list, setList] = useState<Completions>(NO_COMPLETIONS);
  const [active, setActive] = useState(0);
  const [moved, setMoved] = useState(false);
  const [at, setAt] = useState({ top: 0, left: 0 });
  const open = list.items.length > 0;

  useImperativeHandle(ref, () => ({
    select(offset, length = 0) {
      const el = area.current;
      if (el === null) return;
      el.focus();
      el.setSelectionRange(offset, offset + length);
      // scroll the caret's line into view
      const line = el.value.slice(0, offset).split('\n').length - 1;
      const lh = Number.parseFloat(getComputedStyle(el).lineHeight) || 20;
      el.scrollTop = Math.max(0, line * lh - el.clientHeight / 2);
    },
    selection() {
      const el = area.current;
      if (el === null || el.selectionStart === el.selectionEnd) return null;
      return { text: el.value.slice(el.selectionStart, el.selectionEnd), start: el.selectionStart };
    },
  }), []);

  const close = (): void => {
    setList(NO_COMPLETIONS);
    setMoved(false);
  };

  const suggest = (text: string, caret: number, force: boolean): void => {
    // (force: Ctrl+Space, which opens even on an empty word)
    const c = complete(text, caret, schema);
    if (c.items.length === 0 && !force) {
      close();
      return;
    }
    const el = area.current;
    if (el !== null && c.items.length > 0) {
      // under the caret's line, or above it when the list would leave the editor's box
      const p = caretCoordinates(el, caret);
      const height = Math.min(LIST_MAX_PX, c.items.length * ITEM_PX + 8);
      const below = p.top + p.lineHeight + 2;
      const top = below + height <= el.clientHeight || p.top - height < 0 ? below : p.top - height - 2;
      setAt({ top: el.offsetTop + top, left: el.offsetLeft + Math.max(0, Math.min(p.left, el.clientWidth - 280)) });
    }
    setList(c);
    setActive(0);
    setMoved(false);
  };

  const accept = (item: CompletionItem): void => {
    const el = area.current;
    if (el === null) return;
    const text = el.value;
    const next = text.slice(0, list.from) + item.insert + text.slice(list.to);
    // the new text is committed now, and the caret placed after the insert before the next key
    // arrives: a caret set in a later frame landed behind the characters typed meanwhile
    flushSync(() => {
      onChange(next);
      close();
    });
    const at = list.from + item.insert.length;
    el.focus();
    el.setSelectionRange(at, at);
  };

  const onKeyDown = (ev: KeyboardEvent<HTMLTextAreaElement>): void => {
    const mod = ev.ctrlKey || ev.metaKey;
    if (ev.key === 'Enter' && mod) {
      ev.preventDefault();
      close();
      if (ev.shiftKey) onRunSelection();
      else onRun();
      return;
    }
    if (ev.key === ' ' && ev.ctrlKey) {
      ev.preventDefault();
      suggest(value, ev.currentTarget.selectionStart, true);
      return;
    }
    if (!open) return;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      const n = list.items.length;
      setActive((a) => (a + (ev.key === 'ArrowDown' ? 1 : n - 1)) % n);
      setMoved(true);
    } else if (ev.key === 'Tab' || (ev.key === 'Enter' && moved)) {
      ev.preventDefault();
      accept(list.items[active]!);
    } else if (ev.key === 'Escape') {
      ev.preventDefault();
      close();
    }
  };

  return (
    <div className="editor">
      <label htmlFor="sql" className="editor-label">
        SQL <span className="keys">Ctrl/⌘+Enter runs all · Ctrl/⌘+Shift+Enter runs the selection · Ctrl+Space completes</span>
      </label>
      <textarea
        id="sql" ref={area} value={value} spellCheck={false} autoCapitalize="off" autoComplete="off" rows={9}
        aria-autocomplete="list" aria-controls="completions" aria-describedby="completion-help"
        aria-activedescendant={open ? `completion-${active}` : undefined}
        onChange={(ev) => {
          const grewByOne = ev.target.value.length === value.length + 1;
          onChange(ev.target.value);
          const caret = ev.target.selectionStart;
          const typed = ev.target.value[caret - 1] ?? '';
          // only while typing: a paste or a replaced text opens nothing
          if (grewByOne && (ev.nativeEvent as InputEvent).inputType === 'insertText' && /[\w.]/.test(typed)) suggest(ev.target.value, caret, false);
          else close();
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(close, 150)}
      />
      <p id="completion-help" className="sr-only">Completions appear below as you type: arrow keys choose, Tab inserts, Escape closes.</p>
      <div id="completions" role="listbox" aria-label="Completions" className="completions" hidden={!open}
        style={{ top: at.top, left: at.left }}>
        {list.items.map((item, i) => (
          // biome-ignore lint/a11y/useFocusableInteractive: options are chosen from the editor through aria-activedescendant (arrows, Tab); they take no focus themselves
          // biome-ignore lint/a11y/useKeyWithClickEvents: the keys are the editor's (arrows, Tab); the click is for pointers
          <div id={`completion-${i}`} role="option" aria-selected={i === active} key={`${item.kind}:${item.insert}`}
            className={i === active ? 'active' : ''} onMouseDown={(e) => e.preventDefault()} onClick={() => accept(item)}>
            <span className="label">{item.label}</span> <span className={`kind ${item.kind}`}>{item.detail}</span>
          </div>
        ))}
      </div>
    </div>
  );
});
