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
 * `any(visit where paid within 3 months)` the window is `within 3 months`. The checker, which
 * knows types, reads it as a test of the last operand when that operand is not a condition
 * (`any(pets where birth_date between …)`, checker.ts `windowAsTest`). A parenthesised test is
 * always a test: `any(visit where (shipped within 3 days))`. The printer writes it so.
 *
 * Parsing stops at the first syntax error (one diagnostic); there is no recovery.
 */
import type { Expr, ExprOf } from './ast.js';
import { diagnostic, type Diagnostic } from './diagnostics.js';
import { AGGREGATE_FNS, DURATION_UNITS, QUANTIFIERS, isReserved } from './keywords.js';
import { tokenize, type Token } from './lexer.js';
import { LiteralParser } from './parse-literals.js';
import { formatPosition } from './span.js';
import { ParseFailure } from './token-cursor.js';
import { didYouMean } from './suggest.js';
import { NO_UNIT_HINT, quotedSegmentHint, WINDOW_HINT } from './hint-texts.js';

/** The functions of rules.md, for the message of an unknown one. */
const FUNCTIONS = [...QUANTIFIERS, ...AGGREGATE_FNS, 'age', 'distance', 'point'];

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

const COMPARE_OPS = new Set(['=', '!=', '<', '<=', '>', '>=']);
const CONDITION_WORDS = new Set(['and', 'or', 'not', 'where']);

const MAX_DEPTH = 200;

/** "and" and "or" in the languages of the dashboard's users and their neighbours: a hint, never accepted. */
const JOINING_WORDS = new Set(['et', 'ou', 'und', 'oder', 'e', 'o', 'y']);

/** How other tools write a time window (`in last 90 days`, `during 3 months`, `over 1 year`). */
const WINDOW_HABITS = new Set(['in', 'during', 'over', 'last']);

class Parser extends LiteralParser {
  private depth = 0;

  parseRule(): Expr {
    if (this.peek().kind === 'end') this.fail('expected a condition');
    const ast = this.parseOr(false);
    if (this.peek().kind !== 'end') {
      // `age(birth_date) >= 10 ans`, `sum(…) > 100 CHF`: a word after a number is taken for a unit.
      this.fail('expected "and", "or" or the end of the rule', this.afterConditionHint(false));
    }
    return ast;
  }

  /**
   * A word found where a condition ended: `et`/`ou` for `and`/`or`; inside `count(… where …)`,
   * `in last 90 days` for a window; after `count(purchase) > 2`, a window or `where` that belongs
   * inside the parentheses; or a unit after a number (`10 ans`, `100 CHF`).
   */
  private afterConditionHint(inSource: boolean): string | undefined {
    const found = this.peek();
    if (found.kind !== 'word') return undefined;
    const word = found.text.toLowerCase();
    if (JOINING_WORDS.has(word)) return 'conditions are joined with the English words "and" and "or"';
    const window = WINDOW_HABITS.has(word) && !this.isWord(this.peek(1), 'segment');
    if (inSource && window) return WINDOW_HINT;
    if (!inSource && (word === 'within' || word === 'where' || window) && this.countsSomething()) {
      return `"where" and "within" go inside the parentheses, after what is counted: count(x where … within 90 days) > 2`;
    }
    if (this.tokens[this.i - 1]?.kind === 'number' && !isReserved(word) && !/^e\d+$/.test(word)) {
      return NO_UNIT_HINT;
    }
    return undefined;
  }

  /** Whether an aggregate or quantifier was opened before the current token (`count(`, `any(`). */
  private countsSomething(): boolean {
    for (let i = 1; i < this.i; i++) {
      const [name, open] = [this.tokens[i - 1]!, this.tokens[i]!];
      const word = name.text.toLowerCase();
      if (name.kind === 'word' && open.text === '(' && (QUANTIFIERS.has(word as 'any') || AGGREGATE_FNS.has(word as 'count'))) return true;
    }
    return false;
  }

  // ---- logic -------------------------------------------------------------------------------

  private parseOr(inWhere: boolean): Expr {
    this.enter();
    const start = this.i;
    let left = this.parseAnd(inWhere);
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      const right = this.parseAnd(inWhere);
      left = { kind: 'or', left, right, span: this.spanFrom(start) };
    }
    this.depth--;
    return left;
  }

  /** Parentheses, calls and `not` nest; past `MAX_DEPTH` levels the rule is refused rather than the stack overflowing. */
  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`expected a rule nested at most ${MAX_DEPTH} levels deep`);
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
    this.enter();
    const operand = this.parseNot(inWhere);
    this.depth--;
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
          if (id.kind !== 'string') {
            const written = this.unquotedSegmentId();
            const expected = 'expected the id of a segment in double quotes after "in segment"';
            if (written === undefined) this.fail(expected);
            this.fail(expected, quotedSegmentHint(written), { unquotedSegment: written });
          }
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

  /**
   * `in segment senior-pets`: the id as written, when the words, numbers, dates and hyphens that
   * touch it make the whole of it (nothing else touching, as `.` in `vip.fr`, which would name
   * another segment), and it does not start with a keyword.
   */
  private unquotedSegmentId(): string | undefined {
    const first = this.peek();
    if (first.kind !== 'word' || isReserved(first.text)) return undefined;
    let id = '';
    for (let k = this.i; k < this.tokens.length; k++) {
      const token = this.tokens[k]!;
      const touching = id === '' || token.span.start.offset === this.tokens[k - 1]!.span.end.offset;
      if (!touching) break;
      if (token.kind === 'word' || token.kind === 'number' || token.kind === 'date' || this.isPunct(token, '-')) id += token.text;
      else if (token.kind === 'end' || this.isPunct(token, ')')) break;
      else return undefined;
    }
    return id;
  }

  private failPrimary(hint?: string): never {
    const previous = this.tokens[this.i - 1];
    if (previous === undefined) return this.fail('expected a condition', hint);
    const before = this.tokens[this.i - 2];
    const opensCall = previous.text === '(' && before?.kind === 'word';
    const condition = (previous.kind === 'word' && CONDITION_WORDS.has(previous.text.toLowerCase())) || (previous.text === '(' && !opensCall);
    // `==` from other languages: the second "=" is what is found after the first.
    const found = this.peek().text;
    const doubled =
      hint ??
      (previous.text === '=' && found === '='
        ? 'equality is written with one "=", as in language = "fr"'
        : previous.text === '<' && found === '>'
          ? '"not equal" is written "!="'
          : undefined);
    return this.fail(`expected a ${condition ? 'condition' : 'value'} after "${previous.text}"`, doubled);
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
      default: {
        this.i = start;
        // Named and, when one is close, corrected, as unknown fields are (rules.md, "Errors").
        const name = this.peek();
        throw new ParseFailure(
          diagnostic('syntax', `unknown function "${name.text}"`, name.span, didYouMean(name.text, FUNCTIONS), `the functions are ${FUNCTIONS.slice(0, -1).join(', ')} and ${FUNCTIONS.at(-1)}`),
        );
      }
    }
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
      if (where !== undefined) this.fail('expected "and", "or", a time window or ")"', this.afterConditionHint(true));
      const inLast = this.peek().kind === 'word' && WINDOW_HABITS.has(this.peek().text.toLowerCase()) && !this.isWord(this.peek(1), 'segment');
      this.fail(`expected ${isAggregate && property === undefined ? '".", ' : ''}"where", a time window or ")"`, inLast ? WINDOW_HINT : undefined);
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

  private parseRef(): Expr {
    const start = this.i;
    const path = [this.takeName('expected a name')];
    while (this.isPunct(this.peek(), '.')) {
      this.next();
      path.push(this.takeMember());
    }
    return { kind: 'ref', path, span: this.spanFrom(start) };
  }
}
