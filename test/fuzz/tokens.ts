/**
 * A forgiving SQL tokenizer for mutation and reduction: it never fails, it only has to cut a
 * statement into pieces that can be rearranged and joined back with spaces.
 */

/** One token of statement text (whitespace and comments dropped). */
export type Token = string;

const TOKEN = new RegExp(
  [
    String.raw`\s+`,
    String.raw`--[^\n]*`,
    String.raw`/\*[\s\S]*?(?:\*/|$)`,
    String.raw`[EeXxBb]?'(?:[^']+|'')*(?:'|$)`,
    String.raw`"(?:[^"]+|"")*(?:"|$)`,
    String.raw`\$\d+`,
    String.raw`(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?`,
    String.raw`[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*`,
    String.raw`->>|->|::|<=|>=|<>|!=|\|\||<<|>>|[-+*/%<>=(),;.\[\]~&|^!@#?:{}]`,
    String.raw`[\s\S]`,
  ].join('|'),
  'gy',
);

/** Splits `sql` into tokens, dropping whitespace and comments. */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(sql)) !== null) {
    const t = m[0];
    if (t.length === 0) break;
    if (/^\s/.test(t) || t.startsWith('--') || t.startsWith('/*')) continue;
    out.push(t);
  }
  return out;
}

/** Joins tokens back into statement text. */
export function detokenize(tokens: readonly Token[]): string {
  let s = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const prev = tokens[i - 1];
    const call = t === '(' && prev !== undefined && /^[a-z_][a-z0-9_]*$/.test(prev);
    if (i > 0 && !(call || t === ',' || t === ')' || t === '.' || prev === '(' || prev === '.')) s += ' ';
    s += t;
  }
  return s;
}

/** True for numeric and string literal tokens. */
export function isLiteral(t: Token): boolean {
  return /^(?:\d|\.\d)/.test(t) || /^[EeXxBb]?'/.test(t);
}

/** True for bare identifiers and keywords. */
export function isWord(t: Token): boolean {
  return /^[A-Za-z_\u0080-\uffff]/.test(t) && !/^[EeXxBb]'/.test(t);
}
