/**
 * Turns rule text into tokens with their spans. Keywords are not decided here: a `word` is any
 * identifier and the parser reads it as a keyword or a name by context (see keywords.ts).
 *
 * The lexer never throws: at the first malformed token it emits an `error` token that carries
 * the diagnostic, and stops. The parser reports it when it reaches it, so a syntax error earlier
 * in the text is reported first.
 */
import { diagnostic, type Diagnostic } from './diagnostics.js';
import { dateProblem, timestampProblem } from './literal-text.js';
import type { Position, Span } from './span.js';

export type TokenKind =
  | 'word' // identifier: keyword or name
  | 'name' // backticked name
  | 'string'
  | 'number'
  | 'date'
  | 'timestamp'
  | 'punct'
  | 'end'
  | 'error';

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token (empty for `end` and `error`). */
  readonly text: string;
  /** Decoded content of strings and backticked names; the digits of numbers; the text otherwise. */
  readonly value: string;
  readonly span: Span;
  /** For `error` tokens: what is wrong. */
  readonly diagnostic?: Diagnostic;
}

const PUNCTUATION = ['!=', '<=', '>=', '(', ')', '[', ']', ',', '.', '=', '<', '>', '+', '-', '*', '/'];
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /\d+(?:\.\d+)?/y;
const DATE_LIKE = /\d{4}-\d+-\d+(?:[Tt][0-9:.]*(?:[Zz]|[+-][0-9:]*)?)?/y;

/**
 * The tokens of `text`, ending with one `end` token (or an `error` token). The `end` token sits
 * just after the last token and the spaces that follow it on its line, so that "found end of
 * rule" points at the line the rule stops on rather than at a trailing newline.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  let line = 1;
  let lineStart = 0;

  const position = (at: number): Position => ({ line, column: at - lineStart + 1, offset: at });
  const span = (from: number, to: number): Span => ({ start: position(from), end: position(to) });
  const push = (kind: TokenKind, from: number, to: number, value?: string): void => {
    const tokenText = text.slice(from, to);
    tokens.push({ kind, text: tokenText, value: value ?? tokenText, span: span(from, to) });
  };
  const fail = (from: number, to: number, what: string, after = '', hint?: string): Token[] => {
    const s = span(from, to);
    tokens.push({ kind: 'error', text: '', value: '', span: s, diagnostic: diagnostic('syntax', what, s, after, hint) });
    return tokens;
  };

  while (offset < text.length) {
    const ch = text[offset]!;
    if (ch === '\n') {
      offset++;
      line++;
      lineStart = offset;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v' || ch === '\u00a0' || ch === '\ufeff') {
      offset++;
      continue;
    }
    if (ch === '#') {
      while (offset < text.length && text[offset] !== '\n') offset++;
      continue;
    }
    const start = offset;
    if (ch === '"') {
      const result = readString(text, offset);
      if ('problem' in result) return fail(result.at, result.to, result.problem, result.after);
      offset = result.end;
      push('string', start, offset, result.value);
      continue;
    }
    if (ch === '`') {
      const result = readBackticks(text, offset);
      if ('problem' in result) return fail(start, result.to, result.problem, result.after);
      offset = result.end;
      push('name', start, offset, result.value);
      continue;
    }
    if (ch >= '0' && ch <= '9') {
      DATE_LIKE.lastIndex = offset;
      const date = DATE_LIKE.exec(text);
      if (date !== null && /^\d{4}-\d/.test(date[0])) {
        const literal = date[0];
        const isTimestamp = /[Tt]/.test(literal);
        const problem = isTimestamp ? timestampProblem(literal) : dateProblem(literal);
        const what = isTimestamp ? 'invalid date and time' : 'invalid date';
        if (problem !== undefined) return fail(start, start + literal.length, `${what} "${literal}"`, `, ${problem}`);
        offset += literal.length;
        push(isTimestamp ? 'timestamp' : 'date', start, offset);
        continue;
      }
      NUMBER.lastIndex = offset;
      const number = NUMBER.exec(text)!;
      offset += number[0].length;
      push('number', start, offset);
      continue;
    }
    WORD.lastIndex = offset;
    const word = WORD.exec(text);
    if (word !== null) {
      offset += word[0].length;
      push('word', start, offset);
      continue;
    }
    const punct = PUNCTUATION.find((p) => text.startsWith(p, offset));
    if (punct !== undefined) {
      offset += punct.length;
      push('punct', start, offset);
      continue;
    }
    const char = String.fromCodePoint(text.codePointAt(offset)!);
    return fail(start, start + char.length, `unexpected character "${char}"`, '', unexpectedHint(char));
  }

  const last = tokens[tokens.length - 1]?.span.end ?? { line: 1, column: 1, offset: 0 };
  let end = last.offset;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  const at: Position = { line: last.line, column: last.column + end - last.offset, offset: end };
  tokens.push({ kind: 'end', text: '', value: '', span: { start: at, end: at } });
  return tokens;
}

function unexpectedHint(char: string): string | undefined {
  if (char === "'") return 'strings are written in double quotes: "O\'Neil"';
  if (char === '!') return 'write "!=" for "not equal", or "not" before a condition';
  if (char === '&' || char === '|') return 'conditions are joined with the words "and" and "or"';
  if (/\p{L}/u.test(char)) return 'a name with other characters than A-Z, a-z, 0-9 and _ is written in backticks: `prénom`';
  return undefined;
}

type ReadResult =
  | { readonly value: string; readonly end: number }
  | { readonly problem: string; readonly after: string; readonly at: number; readonly to: number };

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', n: '\n', t: '\t' };

function readString(text: string, start: number): ReadResult {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') return { value, end: i + 1 };
    if (ch === '\n' || ch === '\r') break;
    if (ch === '\\') {
      const next = text[i + 1];
      if (next === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
          return { problem: 'invalid escape "\\u" in a string', after: ', expected four hexadecimal digits: \\u00E9', at: i, to: i + 2 };
        }
        value += String.fromCharCode(parseInt(hex, 16));
        i += 6;
        continue;
      }
      const escaped = next === undefined ? undefined : ESCAPES[next];
      if (escaped === undefined) {
        if (next === undefined || next === '\n' || next === '\r') break;
        return {
          problem: `invalid escape "\\${next}" in a string`,
          after: ', expected \\", \\\\, \\n, \\t or \\uXXXX',
          at: i,
          to: i + 2,
        };
      }
      value += escaped;
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  return { problem: 'unterminated string', after: ', expected a closing " before the end of the line', at: start, to: i };
}

function readBackticks(text: string, start: number): ReadResult {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '`') {
      if (text[i + 1] === '`') {
        value += '`';
        i += 2;
        continue;
      }
      if (value === '') return { problem: 'empty name', after: ', a name in backticks needs at least one character', at: start, to: i + 1 };
      return { value, end: i + 1 };
    }
    if (ch === '\n' || ch === '\r') break;
    value += ch;
    i++;
  }
  return { problem: 'unterminated name', after: ', expected a closing ` before the end of the line', at: start, to: i };
}
