/**
 * The result grid: reads cells straight from the result's Arrow table and draws only the rows
 * in view (plus a few), so a 1,000,000-row result scrolls as smoothly as ten rows. Past
 * {@link MAX_SCROLL_PX} of content the scroll range is scaled, so any row count fits the
 * browser's limits on element height.
 */
import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import type { Result } from '../../src/index.ts';
import { cellValue, columnWidth, formatCell, isNumeric } from './cells.ts';

/** Height of one row, in CSS pixels. */
export const ROW_HEIGHT = 26;
/** Largest scrollable height the grid uses; beyond it, scroll positions are scaled. */
export const MAX_SCROLL_PX = 8_000_000;
const OVERSCAN = 6;
const MAX_VISIBLE_ROWS = 14;

/** Which rows to draw for a scroll position. */
export interface GridWindow {
  /** Index of the first row drawn. */
  readonly first: number;
  /** Rows drawn. */
  readonly count: number;
  /** Pixels from the content's top to the first drawn row. */
  readonly top: number;
  /** Height of the scrollable content. */
  readonly height: number;
}

/**
 * The rows to draw for `scrollTop` in a viewport of `viewport` pixels over `rows` rows.
 *
 * @example
 * ```ts
 * gridWindow(1_000_000, 0, 364);   // { first: 0, count: 20, top: 0, height: 8000000 }
 * ```
 */
export function gridWindow(rows: number, scrollTop: number, viewport: number): GridWindow {
  const natural = rows * ROW_HEIGHT;
  const height = Math.min(natural, MAX_SCROLL_PX);
  const inView = Math.ceil(viewport / ROW_HEIGHT) + 1;
  if (natural <= MAX_SCROLL_PX) {
    const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
    return { first, count: Math.min(rows - first, inView + 2 * OVERSCAN), top: first * ROW_HEIGHT, height };
  }
  // scaled: the scroll fraction picks the first row; rows are drawn where the viewport is
  const range = Math.max(1, height - viewport);
  const fraction = Math.min(1, Math.max(0, scrollTop / range));
  const first = Math.round(fraction * Math.max(0, rows - inView + 1));
  const count = Math.min(rows - first, inView);
  return { first, count, top: Math.max(0, Math.min(scrollTop, height - count * ROW_HEIGHT)), height };
}

/** Props of {@link ResultGrid}. */
export interface ResultGridProps {
  readonly result: Result;
  /** Accessible name, e.g. "Rows of statement 2". */
  readonly label: string;
  readonly id: string;
}

/**
 * A virtualized, keyboard-scrollable table over a result's Arrow table: ARIA table roles on
 * positioned rows (a `<table>` cannot be virtualized), `aria-rowcount` the whole result and
 * `aria-rowindex` each drawn row.
 */
export function ResultGrid({ result, label, id }: ResultGridProps): ReactElement {
  const table = useMemo(() => result.table, [result]);
  const columns = result.columns;
  const rows = table.numRows;
  const viewportRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const frame = useRef<number | null>(null);
  const viewport = Math.min(rows, MAX_VISIBLE_ROWS) * ROW_HEIGHT;
  const win = gridWindow(rows, scrollTop, viewport);
  const widths = useMemo(() => columns.map(columnWidth), [columns]);
  const numberWidth = Math.max(56, String(rows).length * 9 + 20);
  const totalWidth = numberWidth + widths.reduce((a, b) => a + b, 0);
  const template = `${numberWidth}px ${widths.map((w) => `${w}px`).join(' ')}`;

  useEffect(() => () => { if (frame.current !== null) cancelAnimationFrame(frame.current); }, []);

  const onScroll = (): void => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      const el = viewportRef.current;
      if (el !== null) setScrollTop(el.scrollTop);
    });
  };

  const drawn: ReactElement[] = [];
  for (let i = 0; i < win.count; i++) {
    const r = win.first + i;
    drawn.push(
      <div role="row" aria-rowindex={r + 2} className={r % 2 === 1 ? 'grid-row odd' : 'grid-row'} key={r}
        style={{ transform: `translateY(${win.top + i * ROW_HEIGHT}px)`, gridTemplateColumns: template }}>
        <span role="rowheader" className="grid-rownum">{r + 1}</span>
        {columns.map((c, ci) => {
          const v = cellValue(table, ci, r);
          const cls = `${v === null ? 'null ' : ''}${isNumeric(c.type) ? 'num' : ''}`;
          return <span role="cell" className={cls} key={c.name + String(ci)}>{formatCell(v, c.type)}</span>;
        })}
      </div>,
    );
  }

  return (
    // A scrolling region reachable by keyboard (arrows, Page Up/Down, Home/End scroll it).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to be scrolled without a pointer
    <section className="grid" aria-label={label} tabIndex={0} ref={viewportRef} onScroll={onScroll}
      style={{ height: viewport + ROW_HEIGHT + 2 }} data-rows={rows}>
      <div role="table" id={id} aria-label={label} aria-rowcount={rows + 1} aria-colcount={columns.length + 1}>
        <div role="rowgroup" className="grid-head" style={{ width: totalWidth }}>
          <div role="row" aria-rowindex={1} className="grid-row head" style={{ gridTemplateColumns: template }}>
            <span role="columnheader" className="grid-rownum">#</span>
            {columns.map((c, ci) => (
              <span role="columnheader" key={c.name + String(ci)} className={isNumeric(c.type) ? 'num' : ''}>
                {c.name} <small>{c.type}</small>
              </span>
            ))}
          </div>
        </div>
        <div role="rowgroup" className="grid-body" style={{ height: win.height, width: totalWidth }}>
          {drawn}
        </div>
      </div>
    </section>
  );
}
