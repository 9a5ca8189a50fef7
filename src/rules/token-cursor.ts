/**
 * The token stream under the parser: looking ahead, consuming, matching keywords (without regard
 * to case) and stopping with a `syntax` diagnostic that says what was expected and what was found.
 */
import { diagnostic, type Diagnostic } from './diagnostics.js';
import { isReserved } from './keywords.js';
import type { Token } from './lexer.js';
import type { Span } from './span.js';

/** Thrown inside the parser only, to unwind to `parseRule`, which turns it into a diagnostic. */
export class ParseFailure extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/** A cursor over the tokens of one rule (which always end with an `end` or `error` token). */
export abstract class TokenCursor {
  protected i = 0;

  constructor(protected readonly tokens: readonly Token[]) {}

  protected peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)]!;
  }

  protected next(): Token {
    const token = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return token;
  }

  protected isWord(token: Token, word: string): boolean {
    return token.kind === 'word' && token.text.toLowerCase() === word;
  }

  protected isPunct(token: Token, text: string): boolean {
    return token.kind === 'punct' && token.text === text;
  }

  protected expectWord(word: string, expected: string): void {
    if (!this.isWord(this.peek(), word)) this.fail(expected);
    this.next();
  }

  protected expectPunct(text: string, expected: string, hint?: string): void {
    if (!this.isPunct(this.peek(), text)) this.fail(expected, hint);
    this.next();
  }

  /** The span from the token at `start` to the last token consumed. */
  protected spanFrom(start: number): Span {
    const last = this.tokens[Math.max(start, this.i - 1)]!;
    return { start: this.tokens[start]!.span.start, end: last.span.end };
  }

  /** Stops parsing: `<expected> at L:C, found <current token>`, or the lexer's error if that is what is here. */
  protected fail(expected: string, hint?: string, extra?: Pick<Diagnostic, 'unquotedSegment'>): never {
    const token = this.peek();
    if (token.kind === 'error' && token.diagnostic !== undefined) throw new ParseFailure(token.diagnostic);
    throw new ParseFailure({ ...diagnostic('syntax', expected, token.span, `, found ${describe(token)}`, hint), ...extra });
  }

  /** A backticked name or a word that is not reserved. */
  protected takeName(expected: string): string {
    const token = this.peek();
    if (token.kind === 'name' || (token.kind === 'word' && !isReserved(token.text))) {
      this.next();
      return token.value;
    }
    const hint = token.kind === 'word' ? `"${token.text}" is a keyword: write it in backticks to use it as a name` : undefined;
    return this.fail(expected, hint);
  }

  /** A name after a dot, where keywords are names too. */
  protected takeMember(): string {
    const token = this.peek();
    if (token.kind !== 'name' && token.kind !== 'word') this.fail('expected a name after "."');
    this.next();
    return token.value;
  }}

/** A token as messages show it: `end of rule`, a string or backticked name as written, anything else in quotes. */
export function describe(token: Token): string {
  if (token.kind === 'end') return 'end of rule';
  const text = token.text.length > 30 ? `${token.text.slice(0, 29)}…` : token.text;
  return token.kind === 'string' || token.kind === 'name' ? text : `"${text}"`;
}
