/**
 * Rule text → AST. A hand-written recursive-descent parser rather than a generated one: every
 * message is in our own words and names what was expected and what was found, every node gets a
 * precise span, and the build has no code-generation step.
 *
 * Grammar, loosest first (`w` marks the body of a `where`, see below):
 *
 * ```text
 * rule       := or END
 * or         := and ("or" and)*
 * and        := not ("and" not)*
 * not        := "not" not | comparison
 * comparison := additive [ ("=" | "!=" | "<" | "<=" | ">" | ">=") additive
 *                        | "between" additive "and" additive | ["not"] "in" list
 *                        | "is" ["not"] "null" | "contains" (("any" | "all") list | additive)
 *                        | ("starts" | "ends") "with" additive | "matches" additive
 *                        | "within" duration ]
 * additive   := term (("+" | "-") term)*
 * term       := primary (("*" | "/") primary)*
 * primary    := "(" or ")" | ["-"] NUMBER [unit ["ago"] | "km" | "m"] | STRING | DATE | TIMESTAMP
 *             | "true" | "false" | list | "in" "segment" STRING
 *             | ("any" | "all" | "none") "(" name ["where" or_w] [window] ")"
 *             | ("count" | "sum" | "avg" | "min" | "max" | "first" | "last")
 *                   "(" name ["." name] ["where" or_w] [window] ")"
 *             | "age" "(" or ")" | "distance" "(" or "," or ")" | "point" "(" ["-"]NUMBER "," ["-"]NUMBER ")"
 *             | name ("." name)*
 * window     := "within" duration | "between" (DATE | TIMESTAMP) "and" (DATE | TIMESTAMP)
 * ```
 *
 * Windows and `where`: inside `where C`, a `within D` or a `between DATE and DATE` that is
 * directly followed by the closing `)` is the window, not a test of the last operand: in
 * `any(visit where paid within 3 months)` the window is `within 3 months`. To test a property
 * there, parenthesise it: `any(visit where (shipped within 3 days))`. The printer does so.
 *
 * Parsing stops at the first syntax error (one diagnostic); there is no recovery.
 */
import type { DateOrTimestampLiteral, DurationExpr, Expr, ExprOf, ListExpr, Literal, Window } from './ast.js';
import { diagnostic, type Diagnostic } from './diagnostics.js';
import { AGGREGATE_FNS, DISTANCE_UNITS, DURATION_UNITS, QUANTIFIERS, isReserved } from './keywords.js';
import { tokenize, type Token } from './lexer.js';
import { formatPosition, type Span } from './span.js';

/** The AST when the text parses (then `diagnostics` is empty), else one `syntax` diagnostic. */
export interface ParseResult {
  readonly ast?: Expr;
  readonly diagnostics: readonly Diagnostic[];
}

/** Parses one rule. Every node of the result has its `span`. Never throws. */
export function parseRule(text: string): ParseResult {
  const parser = new Parser(tokenize(text));
  try {
    return { ast: parser.parseRule(), diagnostics: [] };
  } catch (error) {
    if (error instanceof ParseFailure) return { diagnostics: [error.diagnostic] };
    throw error;
  }
}

class ParseFailure extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

const COMPARE_OPS = new Set(['=', '!=', '<', '<=', '>', '>=']);
const CONDITION_WORDS = new Set(['and', 'or', 'not', 'where']);

class Parser {
  private i = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseRule(): Expr {
    if (this.peek().kind === 'end') this.fail('expected a condition');
    const ast = this.parseOr(false);
    if (this.peek().kind !== 'end') this.fail('expected "and", "or" or the end of the rule');
    return ast;
  }

  // ---- logic -------------------------------------------------------------------------------

  private parseOr(inWhere: boolean): Expr {
    const start = this.i;
    let left = this.parseAnd(inWhere);
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      const right = this.parseAnd(inWhere);
      left = { kind: 'or', left, right, span: this.spanFrom(start) };
    }
    return left;
  }

  private parseAnd(inWhere: boolean): Expr {
    const start = this.i;
    let left = this.parseNot(inWhere);
    while (this.isWord(this.peek(), 'and')) {
      this.next();
      const right = this.parseNot(inWhere);
      left = { kind: 'and', left, right, span: this.spanFrom(start) };
    }
    return left;
  }

  private parseNot(inWhere: boolean): Expr {
    if (!this.isWord(this.peek(), 'not')) return this.parseComparison(inWhere);
    const start = this.i;
    this.next();
    const operand = this.parseNot(inWhere);
    return { kind: 'not', operand, span: this.spanFrom(start) };
  }

  // ---- tests ---------------------------------------------------------------------------------

  private parseComparison(inWhere: boolean): Expr {
    const start = this.i;
    const value = this.parseAdditive();
    const token = this.peek();
    if (token.kind === 'punct' && COMPARE_OPS.has(token.text)) {
      this.next();
      const right = this.parseAdditive();
      return { kind: 'compare', op: token.text as ExprOf<'compare'>['op'], left: value, right, span: this.spanFrom(start) };
    }
    if (token.kind !== 'word') return value;
    const word = token.text.toLowerCase();
    switch (word) {
      case 'between': {
        if (inWhere && this.windowBetweenAhead()) return value;
        this.next();
        const low = this.parseAdditive();
        this.expectWord('and', 'expected "and" between the bounds of "between"');
        const high = this.parseAdditive();
        return { kind: 'between', value, low, high, span: this.spanFrom(start) };
      }
      case 'not':
      case 'in': {
        if (word === 'not' && !this.isWord(this.peek(1), 'in')) return value;
        const negated = word === 'not';
        this.next();
        if (negated) this.next();
        const items = this.parseList(`expected a list "[...]" after "${negated ? 'not in' : 'in'}"`);
        return { kind: 'in', value, items, negated, span: this.spanFrom(start) };
      }
      case 'is': {
        this.next();
        const negated = this.isWord(this.peek(), 'not');
        if (negated) this.next();
        this.expectWord('null', `expected "null" after "${negated ? 'is not' : 'is'}"`);
        return { kind: 'is_null', value, negated, span: this.spanFrom(start) };
      }
      case 'contains': {
        this.next();
        const mode = this.peek();
        if ((this.isWord(mode, 'any') || this.isWord(mode, 'all')) && this.isPunct(this.peek(1), '[')) {
          this.next();
          const operand = this.parseList('expected a list "[...]"');
          const m = mode.text.toLowerCase() as 'any' | 'all';
          return { kind: 'contains', value, mode: m, operand, span: this.spanFrom(start) };
        }
        const operand = this.parseAdditive();
        return { kind: 'contains', value, mode: 'one', operand, span: this.spanFrom(start) };
      }
      case 'starts':
      case 'ends': {
        this.next();
        this.expectWord('with', `expected "with" after "${token.text}"`);
        const pattern = this.parseAdditive();
        const op = word === 'starts' ? 'starts_with' : 'ends_with';
        return { kind: 'text_match', op, value, pattern, span: this.spanFrom(start) };
      }
      case 'matches': {
        this.next();
        const pattern = this.parseAdditive();
        return { kind: 'text_match', op: 'matches', value, pattern, span: this.spanFrom(start) };
      }
      case 'within': {
        if (inWhere && this.windowWithinAhead()) return value;
        this.next();
        const duration = this.parseDuration('expected a duration such as "90 days" after "within"');
        return { kind: 'within', value, duration, span: this.spanFrom(start) };
      }
      default:
        return value;
    }
  }

  /** `within N unit )`: the window of the enclosing quantifier or aggregate. */
  private windowWithinAhead(): boolean {
    return (
      this.peek(1).kind === 'number' &&
      this.peek(2).kind === 'word' &&
      DURATION_UNITS.has(this.peek(2).text.toLowerCase()) &&
      this.isPunct(this.peek(3), ')')
    );
  }

  /** `between DATE and DATE )`: the window of the enclosing quantifier or aggregate. */
  private windowBetweenAhead(): boolean {
    const isDate = (t: Token): boolean => t.kind === 'date' || t.kind === 'timestamp';
    return isDate(this.peek(1)) && this.isWord(this.peek(2), 'and') && isDate(this.peek(3)) && this.isPunct(this.peek(4), ')');
  }

  // ---- arithmetic ------------------------------------------------------------------------------

  private parseAdditive(): Expr {
    const start = this.i;
    let left = this.parseTerm();
    for (let t = this.peek(); this.isPunct(t, '+') || this.isPunct(t, '-'); t = this.peek()) {
      this.next();
      const right = this.parseTerm();
      left = { kind: 'arith', op: t.text as '+' | '-', left, right, span: this.spanFrom(start) };
    }
    return left;
  }

  private parseTerm(): Expr {
    const start = this.i;
    let left = this.parsePrimary();
    for (let t = this.peek(); this.isPunct(t, '*') || this.isPunct(t, '/'); t = this.peek()) {
      this.next();
      const right = this.parsePrimary();
      left = { kind: 'arith', op: t.text as '*' | '/', left, right, span: this.spanFrom(start) };
    }
    return left;
  }

  // ---- primaries -------------------------------------------------------------------------------

  private parsePrimary(): Expr {
    const start = this.i;
    const token = this.peek();
    switch (token.kind) {
      case 'number':
        return this.parseNumberOrQuantity();
      case 'string':
        this.next();
        return { kind: 'literal', type: 'string', value: token.value, span: token.span };
      case 'date':
      case 'timestamp':
        return this.parseDateLiteral('');
      case 'name':
        return this.parseRef();
      case 'punct':
        if (token.text === '(') {
          this.next();
          const inner = this.parseOr(false);
          this.expectPunct(')', 'expected ")"', `to close the "(" at ${formatPosition(token.span.start)}`);
          return inner;
        }
        if (token.text === '-') {
          if (this.peek(1).kind === 'number') return this.parseNumberOrQuantity();
          this.next();
          return this.fail('expected a number after "-"');
        }
        if (token.text === '[') return this.parseList('');
        break;
      case 'word': {
        const word = token.text.toLowerCase();
        if (word === 'true' || word === 'false') {
          this.next();
          return { kind: 'literal', type: 'boolean', value: word === 'true', span: token.span };
        }
        if (word === 'in') {
          this.next();
          this.expectWord('segment', 'expected "segment" after "in"');
          const id = this.peek();
          if (id.kind !== 'string') this.fail('expected the id of a segment in double quotes after "in segment"');
          this.next();
          return { kind: 'in_segment', segment: id.value, span: this.spanFrom(start) };
        }
        if (this.isPunct(this.peek(1), '(') && !isReserved(word)) return this.parseCall(word);
        if (!isReserved(word)) return this.parseRef();
        if (word === 'null') this.failPrimary('test for a missing value with "is null" or "is not null"');
        const usedAsName = this.peek(1).kind === 'punct' && !['(', '['].includes(this.peek(1).text);
        if (usedAsName) this.failPrimary(`"${token.text}" is a keyword: write it in backticks to use it as a name`);
        break;
      }
      default:
        break;
    }
    return this.failPrimary();
  }

  private failPrimary(hint?: string): never {
    const previous = this.tokens[this.i - 1];
    if (previous === undefined) return this.fail('expected a condition', hint);
    const before = this.tokens[this.i - 2];
    const opensCall = previous.text === '(' && before?.kind === 'word';
    const condition = (previous.kind === 'word' && CONDITION_WORDS.has(previous.text.toLowerCase())) || (previous.text === '(' && !opensCall);
    return this.fail(`expected a ${condition ? 'condition' : 'value'} after "${previous.text}"`, hint);
  }

  private parseNumberOrQuantity(): Expr {
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

  private requireWholeNumber(number: Token, unit: Token): void {
    if (/^\d+$/.test(number.text)) return;
    throw new ParseFailure(
      diagnostic('syntax', `expected a whole number before "${unit.text}"`, number.span, `, found ${describe(number)}`),
    );
  }

  private parseDuration(expected: string): DurationExpr {
    const start = this.i;
    const number = this.peek();
    if (number.kind !== 'number') this.fail(expected);
    this.next();
    const unitToken = this.peek();
    const unit = unitToken.kind === 'word' ? DURATION_UNITS.get(unitToken.text.toLowerCase()) : undefined;
    if (unit === undefined) this.fail(`expected a unit (hours, days, weeks, months or years) after "${number.text}"`);
    this.requireWholeNumber(number, unitToken);
    this.next();
    return { kind: 'duration', amount: Number(number.text), unit, span: this.spanFrom(start) };
  }

  private parseDateLiteral(expected: string): DateOrTimestampLiteral {
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

  private parseList(expected: string): ListExpr {
    const start = this.i;
    this.expectPunct('[', expected);
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

  private parseListItem(): Literal {
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

  private parseCall(word: string): Expr {
    if (QUANTIFIERS.has(word as 'any') || AGGREGATE_FNS.has(word as 'count')) return this.parseSourceCall(word);
    const start = this.i;
    this.next();
    this.next();
    switch (word) {
      case 'age': {
        const value = this.parseOr(false);
        this.expectPunct(')', 'expected ")" after the argument of "age"');
        return { kind: 'age', value, span: this.spanFrom(start) };
      }
      case 'distance': {
        const from = this.parseOr(false);
        this.expectPunct(',', 'expected "," and a place after the first argument of "distance"');
        const to = this.parseOr(false);
        this.expectPunct(')', 'expected ")" after the arguments of "distance"');
        return { kind: 'distance', from, to, span: this.spanFrom(start) };
      }
      case 'point': {
        const lat = this.parseSignedNumber('expected a number (the latitude) after "point("');
        this.expectPunct(',', 'expected "," and the longitude after the latitude');
        const lon = this.parseSignedNumber('expected a number (the longitude) after ","');
        this.expectPunct(')', 'expected ")" after the longitude');
        return { kind: 'point', lat, lon, span: this.spanFrom(start) };
      }
      default:
        this.i = start;
        return this.fail(
          `unknown function "${this.peek().text}"`,
          'the functions are any, all, none, count, sum, avg, min, max, first, last, age, distance and point',
        );
    }
  }

  private parseSignedNumber(expected: string): number {
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

  /** `any(source where C window)` and `sum(source.property where C window)`. */
  private parseSourceCall(word: string): Expr {
    const start = this.i;
    const fnToken = this.next();
    this.next();
    const source = this.takeName(`expected a collection or event type after "${fnToken.text}("`);
    let property: string | undefined;
    const isAggregate = AGGREGATE_FNS.has(word as 'count');
    if (isAggregate && this.isPunct(this.peek(), '.')) {
      this.next();
      property = this.takeMember();
    }
    let where: Expr | undefined;
    if (this.isWord(this.peek(), 'where')) {
      this.next();
      where = this.parseOr(true);
    }
    const window = this.parseWindow();
    if (!this.isPunct(this.peek(), ')')) {
      if (window !== undefined) this.fail('expected ")"');
      if (where !== undefined) this.fail('expected "and", "or", a time window or ")"');
      this.fail(`expected ${isAggregate && property === undefined ? '".", ' : ''}"where", a time window or ")"`);
    }
    this.next();
    const span = this.spanFrom(start);
    const parts = {
      source,
      ...(where === undefined ? {} : { where }),
      ...(window === undefined ? {} : { window }),
    };
    if (isAggregate) {
      const fn = word as ExprOf<'aggregate'>['fn'];
      return { kind: 'aggregate', fn, ...parts, ...(property === undefined ? {} : { property }), span };
    }
    const quantifier = word as ExprOf<'quantifier'>['quantifier'];
    return { kind: 'quantifier', quantifier, ...parts, span };
  }

  private parseWindow(): Window | undefined {
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
  }

  // ---- names ---------------------------------------------------------------------------------

  private parseRef(): Expr {
    const start = this.i;
    const path = [this.takeName('expected a name')];
    while (this.isPunct(this.peek(), '.')) {
      this.next();
      path.push(this.takeMember());
    }
    return { kind: 'ref', path, span: this.spanFrom(start) };
  }

  /** A backticked name or a word that is not reserved. */
  private takeName(expected: string): string {
    const token = this.peek();
    if (token.kind === 'name' || (token.kind === 'word' && !isReserved(token.text))) {
      this.next();
      return token.value;
    }
    const hint = token.kind === 'word' ? `"${token.text}" is a keyword: write it in backticks to use it as a name` : undefined;
    return this.fail(expected, hint);
  }

  /** A name after a dot, where keywords are names too. */
  private takeMember(): string {
    const token = this.peek();
    if (token.kind !== 'name' && token.kind !== 'word') this.fail('expected a name after "."');
    this.next();
    return token.value;
  }

  // ---- tokens --------------------------------------------------------------------------------

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return token;
  }

  private isWord(token: Token, word: string): boolean {
    return token.kind === 'word' && token.text.toLowerCase() === word;
  }

  private isPunct(token: Token, text: string): boolean {
    return token.kind === 'punct' && token.text === text;
  }

  private expectWord(word: string, expected: string): void {
    if (!this.isWord(this.peek(), word)) this.fail(expected);
    this.next();
  }

  private expectPunct(text: string, expected: string, hint?: string): void {
    if (!this.isPunct(this.peek(), text)) this.fail(expected, hint);
    this.next();
  }

  /** The span from the token at `start` to the last token consumed. */
  private spanFrom(start: number): Span {
    const last = this.tokens[Math.max(start, this.i - 1)]!;
    return { start: this.tokens[start]!.span.start, end: last.span.end };
  }

  /** Stops parsing: `<expected> at L:C, found <current token>`, or the lexer's error if that is what is here. */
  private fail(expected: string, hint?: string): never {
    const token = this.peek();
    if (token.kind === 'error' && token.diagnostic !== undefined) throw new ParseFailure(token.diagnostic);
    throw new ParseFailure(diagnostic('syntax', expected, token.span, `, found ${describe(token)}`, hint));
  }
}

function describe(token: Token): string {
  if (token.kind === 'end') return 'end of rule';
  const text = token.text.length > 30 ? `${token.text.slice(0, 29)}…` : token.text;
  return token.kind === 'string' || token.kind === 'name' ? text : `"${text}"`;
}
