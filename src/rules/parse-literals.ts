/**
 * The literal parts of the grammar: numbers and the quantities built on them (`90 days`,
 * `30 days ago`, `20 km`), dates and times, lists of literals, and the time windows of
 * quantifiers and aggregates.
 */
import type { DateOrTimestampLiteral, DurationExpr, Expr, ListExpr, Literal, Window } from './ast.js';
import { diagnostic } from './diagnostics.js';
import { DISTANCE_UNITS, DURATION_UNITS } from './keywords.js';
import type { Token } from './lexer.js';
import { WINDOW_HINT } from './hint-texts.js';
import { describe, ParseFailure, TokenCursor } from './token-cursor.js';

export abstract class LiteralParser extends TokenCursor {
  protected parseNumberOrQuantity(): Expr {
    const start = this.i;
    const negative = this.isPunct(this.peek(), '-');
    if (negative) this.next();
    const number = this.next();
    const unitToken = this.peek();
    const unitWord = unitToken.kind === 'word' ? unitToken.text.toLowerCase() : '';
    const durationUnit = DURATION_UNITS.get(unitWord);
    if (durationUnit === undefined && !DISTANCE_UNITS.has(unitWord)) {
      const magnitude = Number(number.text);
      const value = negative && magnitude !== 0 ? -magnitude : magnitude;
      return { kind: 'literal', type: 'number', value, span: this.spanFrom(start) };
    }
    if (negative) {
      this.i = start;
      this.fail(`a ${durationUnit === undefined ? 'distance' : 'duration'} cannot be negative`);
    }
    this.next();
    if (durationUnit === undefined) {
      const unit = unitWord as 'km' | 'm';
      return { kind: 'distance_literal', amount: Number(number.text), unit, span: this.spanFrom(start) };
    }
    this.requireWholeNumber(number, unitToken);
    const amount = Number(number.text);
    if (this.isWord(this.peek(), 'ago')) {
      this.next();
      return { kind: 'ago', amount, unit: durationUnit, span: this.spanFrom(start) };
    }
    return { kind: 'duration', amount, unit: durationUnit, span: this.spanFrom(start) };
  }

  protected requireWholeNumber(number: Token, unit: Token): void {
    if (/^\d+$/.test(number.text)) return;
    throw new ParseFailure(
      diagnostic('syntax', `expected a whole number before "${unit.text}"`, number.span, `, found ${describe(number)}`),
    );
  }

  protected parseDuration(expected: string): DurationExpr {
    const start = this.i;
    const number = this.peek();
    if (number.kind !== 'number') this.fail(expected, this.isWord(number, 'last') || this.isWord(number, 'the') ? WINDOW_HINT : undefined);
    this.next();
    const unitToken = this.peek();
    const unit = unitToken.kind === 'word' ? DURATION_UNITS.get(unitToken.text.toLowerCase()) : undefined;
    if (unit === undefined) this.fail(`expected a unit (hours, days, weeks, months or years) after "${number.text}"`);
    this.requireWholeNumber(number, unitToken);
    this.next();
    return { kind: 'duration', amount: Number(number.text), unit, span: this.spanFrom(start) };
  }

  protected parseDateLiteral(expected: string): DateOrTimestampLiteral {
    const token = this.peek();
    if (token.kind === 'date') {
      this.next();
      return { kind: 'literal', type: 'date', value: token.text, span: token.span };
    }
    if (token.kind === 'timestamp') {
      this.next();
      return { kind: 'literal', type: 'timestamp', value: token.text, span: token.span };
    }
    return this.fail(expected);
  }

  protected parseList(expected: string): ListExpr {
    const start = this.i;
    // `in ("fr", "de")`: SQL's parentheses.
    this.expectPunct('[', expected, this.isPunct(this.peek(), '(') ? `a list is written in square brackets: ${this.parenthesesAsList() ?? '["fr", "de"], [1, 2]'}` : undefined);
    const items: Literal[] = [];
    if (this.isPunct(this.peek(), ']')) {
      this.next();
      return { kind: 'list', items, span: this.spanFrom(start) };
    }
    for (;;) {
      items.push(this.parseListItem());
      if (this.isPunct(this.peek(), ']')) break;
      this.expectPunct(',', 'expected "," or "]" in the list');
    }
    this.next();
    return { kind: 'list', items, span: this.spanFrom(start) };
  }

  /**
   * The items between the parentheses at the cursor, in square brackets, when each is a literal a
   * list takes (so that the hint proposes only what is accepted); none otherwise.
   */
  private parenthesesAsList(): string | undefined {
    const items: Token[][] = [[]];
    for (let k = this.i + 1; k < this.tokens.length; k++) {
      const token = this.tokens[k]!;
      if (token.text === ')') {
        const literal = (item: Token[]) =>
          (item.length === 1 && (['string', 'number', 'date', 'timestamp'].includes(item[0]!.kind) || this.isWord(item[0]!, 'true') || this.isWord(item[0]!, 'false'))) ||
          (item.length === 2 && this.isPunct(item[0]!, '-') && item[1]!.kind === 'number');
        return items.every(literal) ? `[${items.map((item) => item.map((t) => t.text).join('')).join(', ')}]` : undefined;
      }
      if (token.kind === 'end' || token.kind === 'error') return undefined;
      if (this.isPunct(token, ',')) items.push([]);
      else items.at(-1)!.push(token);
    }
    return undefined;
  }

  protected parseListItem(): Literal {
    const token = this.peek();
    if (token.kind === 'string') {
      this.next();
      return { kind: 'literal', type: 'string', value: token.value, span: token.span };
    }
    if (token.kind === 'date' || token.kind === 'timestamp') return this.parseDateLiteral('');
    if (this.isWord(token, 'true') || this.isWord(token, 'false')) {
      this.next();
      return { kind: 'literal', type: 'boolean', value: token.text.toLowerCase() === 'true', span: token.span };
    }
    if (token.kind === 'number' || (this.isPunct(token, '-') && this.peek(1).kind === 'number')) {
      const start = this.i;
      const value = this.parseSignedNumber('');
      return { kind: 'literal', type: 'number', value, span: this.spanFrom(start) };
    }
    return this.fail('expected a literal (text, number, true, false or a date) in the list');
  }

  protected parseSignedNumber(expected: string): number {
    const negative = this.isPunct(this.peek(), '-');
    const token = negative ? this.peek(1) : this.peek();
    if (token.kind !== 'number') {
      if (negative) this.next();
      this.fail(negative ? 'expected a number after "-"' : expected);
    }
    if (negative) this.next();
    this.next();
    const magnitude = Number(token.text);
    return negative && magnitude !== 0 ? -magnitude : magnitude;
  }

  protected parseWindow(): Window | undefined {
    const start = this.i;
    if (this.isWord(this.peek(), 'within')) {
      this.next();
      const duration = this.parseDuration('expected a duration such as "90 days" after "within"');
      return { kind: 'within', duration, span: this.spanFrom(start) };
    }
    if (this.isWord(this.peek(), 'between')) {
      this.next();
      const from = this.parseDateLiteral('expected a date after "between" (a window is between two dates)');
      this.expectWord('and', 'expected "and" between the dates of the window');
      const to = this.parseDateLiteral('expected a date after "and" (a window is between two dates)');
      return { kind: 'between', from, to, span: this.spanFrom(start) };
    }
    return undefined;
  }}
