/**
 * Where an error's position falls in the text that ran: line, column, the line itself, and the
 * blank run that puts a caret under the exact character (tabs kept, so that it lines up in a
 * monospace block whatever the tab width).
 */

/** A position resolved to its line. */
export interface CaretPlace {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column (UTF-16 units, as the position counts). */
  readonly column: number;
  /** The whole line. */
  readonly lineText: string;
  /** Blanks (and tabs where the line has them) to print before the caret. */
  readonly pad: string;
  /** 0-based offset of the position in the text. */
  readonly offset: number;
}

/**
 * Resolves a 1-based position (a `DbError.position`) in `text`; a position past the end
 * (PostgreSQL's "at end of input") points just after the last character.
 *
 * @example
 * ```ts
 * caretPlace('SELECT 1;\n\tSELECT nope', 19);   // { line: 2, column: 9, lineText: '\tSELECT nope', pad: '\t       ', offset: 18 }
 * ```
 */
export function caretPlace(text: string, position: number): CaretPlace {
  const offset = Math.max(0, Math.min(text.length, position - 1));
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (text.charCodeAt(i) === 10) line++;
  const lineText = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const before = text.slice(lineStart, offset);
  return { line, column: offset - lineStart + 1, lineText, pad: before.replace(/[^\t]/g, ' '), offset };
}
