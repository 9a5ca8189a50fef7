/**
 * How literals and names are written in rule text: validation of ISO dates and times, and the
 * canonical spelling of numbers, strings and names used by the printer.
 */
import { isIdentifier, isReserved } from './keywords.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-](\d{2}):(\d{2}))?$/;

/** Days in `month` (1-12) of `year`, proleptic Gregorian. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Why `text` is not a valid `YYYY-MM-DD` date, or undefined when it is one. */
export function dateProblem(text: string): string | undefined {
  const m = DATE.exec(text);
  if (m === null) return 'expected YYYY-MM-DD';
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) return `there is no month ${m[2]}`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return `${m[1]}-${m[2]} has ${days} days`;
  return undefined;
}

/** Why `text` is not a valid ISO date and time, or undefined when it is one. */
export function timestampProblem(text: string): string | undefined {
  const m = TIMESTAMP.exec(text);
  if (m === null) return 'expected YYYY-MM-DDTHH:MM[:SS[.fraction]][Z or +HH:MM]';
  const date = dateProblem(m[1]!);
  if (date !== undefined) return date;
  if (Number(m[2]) > 23) return `there is no hour ${m[2]}`;
  if (Number(m[3]) > 59) return `there is no minute ${m[3]}`;
  if (m[4] !== undefined && Number(m[4]) > 59) return `there is no second ${m[4]}`;
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return `there is no offset ${m[6]}`;
  return undefined;
}

/**
 * A finite number in plain decimal notation, as the lexer reads it (no exponent): `String(n)`'s
 * shortest round-trip digits with the decimal point moved, so `Number(formatNumber(n)) === n`.
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`a rule cannot hold the number ${n}`);
  const text = String(n === 0 ? 0 : n);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const point = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const at = (point < 0 ? mantissa.length : point) + exponent;
  let plain: string;
  if (at <= 0) plain = `0.${'0'.repeat(-at)}${digits}`;
  else if (at >= digits.length) plain = digits + '0'.repeat(at - digits.length);
  else plain = `${digits.slice(0, at)}.${digits.slice(at)}`;
  return negative ? `-${plain}` : plain;
}

/**
 * A string literal in double quotes: `"` and `\` escaped, newline and tab as `\n` and `\t`, other
 * control characters and unpaired surrogates as `\uXXXX`; everything else as is (`"Zoé"`).
 */
export function quoteString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const ch = value[i]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += unicodeEscape(c);
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + value[i + 1]!;
        i++;
      } else out += unicodeEscape(c);
    } else if (c >= 0xdc00 && c <= 0xdfff) out += unicodeEscape(c);
    else out += ch;
  }
  return `${out}"`;
}

function unicodeEscape(code: number): string {
  return `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A name at the head of a path: bare when it is an identifier and not a reserved word, else in backticks. */
export function quoteName(name: string): string {
  return isIdentifier(name) && !isReserved(name) ? name : backticks(name);
}

/** A name after a dot, where keywords are plain names: bare when it is an identifier. */
export function quoteMember(name: string): string {
  return isIdentifier(name) ? name : backticks(name);
}

function backticks(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}
