/**
 * TPC-H's text: the pseudo-English grammar of clause 4.2.2.14 and the comment columns drawn from it
 * (clause 4.2.2.10 "text string [min, max]": a substring of a text pool, at a random offset, of a random
 * length between min and max), the random alphanumeric strings ("v-string", clause 4.2.2.7) and phone
 * numbers (clause 4.2.2.9).
 *
 * The pool is {@link POOL_SIZE} characters instead of dbgen's 300 MB: comments are the same kind of
 * substrings of the same grammar, only repeated more often across a large scale factor.
 * @module
 */

import { NOUN_PHRASES, SENTENCES, VERB_PHRASES, WORDS } from './dists.ts';
import { pick, stream } from './random.ts';
import type { Stream } from './random.ts';

/** Size of the text pool, characters (4 MiB). */
export const POOL_SIZE = 1 << 22;

function nounPhrase(s: Stream, out: string[]): void {
  const form = pick(s, NOUN_PHRASES);
  switch (form) {
    case 'N':
      out.push(pick(s, WORDS.noun));
      break;
    case 'J N':
      out.push(pick(s, WORDS.adjective), pick(s, WORDS.noun));
      break;
    case 'J, J N':
      out.push(`${pick(s, WORDS.adjective)},`, pick(s, WORDS.adjective), pick(s, WORDS.noun));
      break;
    default:
      out.push(pick(s, WORDS.adverb), pick(s, WORDS.adjective), pick(s, WORDS.noun));
  }
}

function verbPhrase(s: Stream, out: string[]): void {
  const form = pick(s, VERB_PHRASES);
  if (form.startsWith('X')) out.push(pick(s, WORDS.auxiliary));
  out.push(pick(s, WORDS.verb));
  if (form.endsWith('D')) out.push(pick(s, WORDS.adverb));
}

function prepositionalPhrase(s: Stream, out: string[]): void {
  out.push(pick(s, WORDS.preposition), 'the');
  nounPhrase(s, out);
}

/** One sentence of the grammar, e.g. `furiously regular deposits sleep slyly.` */
export function sentence(s: Stream): string {
  const out: string[] = [];
  for (const part of pick(s, SENTENCES).split(' ')) {
    if (part === 'N') nounPhrase(s, out);
    else if (part === 'V') verbPhrase(s, out);
    else if (part === 'P') prepositionalPhrase(s, out);
  }
  return `${out.join(' ')}${pick(s, WORDS.terminator)}`;
}

let pool: string | undefined;

/** The text pool: sentences of the grammar separated by spaces, {@link POOL_SIZE} characters (built once). */
export function textPool(): string {
  if (pool !== undefined) return pool;
  const s = stream('text.pool');
  const parts: string[] = [];
  let length = 0;
  while (length < POOL_SIZE) {
    const x = sentence(s);
    parts.push(x);
    length += x.length + 1;
  }
  pool = parts.join(' ').slice(0, POOL_SIZE);
  return pool;
}

/** Draws comments: substrings of the pool at random offsets, lengths uniform in `min..max`. */
export class TextColumn {
  private readonly offsets: Stream;
  private readonly lengths: Stream;
  private readonly pool = textPool();

  /**
   * @param name - the column (names the random streams)
   * @param min - shortest comment
   * @param max - longest comment
   */
  constructor(
    name: string,
    private readonly min: number,
    private readonly max: number,
  ) {
    this.offsets = stream(`${name}.offset`);
    this.lengths = stream(`${name}.length`);
  }

  /** The next comment. */
  next(): string {
    const len = this.lengths.int(this.min, this.max);
    const at = this.offsets.int(0, this.pool.length - this.max - 1);
    return this.pool.substring(at, at + len);
  }
}

const ALPHANUMERIC = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ, ';

/** Random strings of the 64 alphanumeric characters with lengths uniform in `min..max` (addresses). */
export class VStringColumn {
  private readonly chars: Stream;
  private readonly lengths: Stream;

  /**
   * @param name - the column (names the random streams)
   * @param min - shortest string
   * @param max - longest string
   */
  constructor(
    name: string,
    private readonly min: number,
    private readonly max: number,
  ) {
    this.chars = stream(`${name}.chars`);
    this.lengths = stream(`${name}.length`);
  }

  /** The next string. */
  next(): string {
    const len = this.lengths.int(this.min, this.max);
    let out = '';
    for (let i = 0; i < len; i++) out += ALPHANUMERIC[this.chars.int(0, 63)];
    return out;
  }
}

/** Phone numbers `CC-LLL-LLL-LLLL`, the country code being the nation key + 10 (clause 4.2.2.9). */
export class PhoneColumn {
  private readonly s: Stream;

  /** @param name - the column (names the random stream) */
  constructor(name: string) {
    this.s = stream(name);
  }

  /** The phone number of a row of nation `nationKey`. */
  next(nationKey: number): string {
    const s = this.s;
    return `${String(nationKey + 10)}-${String(s.int(100, 999))}-${String(s.int(100, 999))}-${String(s.int(1000, 9999))}`;
  }
}

/** `prefix` followed by `n` zero-padded to 9 digits, e.g. `Supplier#000000042`. */
export function numbered(prefix: string, n: number): string {
  return prefix + String(n).padStart(9, '0');
}
