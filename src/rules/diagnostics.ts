/**
 * Problems found in a rule, as data: collected while parsing and checking, never thrown, and
 * rendered once at the edge (CLI, HTTP) by `renderDiagnostic`.
 *
 * Every message names the position it refers to as `at LINE:COLUMN` and has the shape of
 * rules.md: `unknown field "langage" at 1:1, did you mean "language"?`.
 */
import { formatPosition, type Span } from './span.js';

/**
 * Stable codes, part of the public contract (the JSON form of a diagnostic carries them):
 *
 * - `syntax`: the text does not parse (says what was expected and what was found);
 * - `unknown-field`, `unknown-collection`, `unknown-event-type`, `unknown-property`,
 *   `unknown-place`, `unknown-segment`, `unknown-segmentation`: a name that is not declared (or,
 *   said `refused …`, declared but left out for errors in its own declaration);
 * - `unknown-label`: a segment name that the segmentation (or clustering model) does not have;
 * - `unknown-score`: `S.x` where `S` has no score or output `x`;
 * - `type-mismatch`: operands of incompatible types, or a rule that is not a condition;
 * - `invalid-aggregate`: an aggregate without the property it needs (or with one it cannot use);
 * - `invalid-window`: a time window where none applies (collections) or one that ends before it starts;
 * - `invalid-value`: a value out of its range (`point(91, 0)`) or a list where none may stand;
 * - `segment-cycle`: segments that include each other through `in segment`.
 */
export type DiagnosticCode =
  | 'syntax'
  | 'unknown-field'
  | 'unknown-collection'
  | 'unknown-event-type'
  | 'unknown-property'
  | 'unknown-place'
  | 'unknown-segment'
  | 'unknown-segmentation'
  | 'unknown-label'
  | 'unknown-score'
  | 'type-mismatch'
  | 'invalid-aggregate'
  | 'invalid-window'
  | 'invalid-value'
  | 'segment-cycle';

/** One problem in a rule. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  /** One sentence that contains `at LINE:COLUMN` (the start of `span`). */
  readonly message: string;
  /** The text at fault. */
  readonly span: Span;
  /** Extra advice, such as the names that are known. */
  readonly hint?: string;
  /** For diagnostics about several rules (segment cycles): the id of the segment whose rule `span` points into. */
  readonly rule?: string;
  /**
   * `in segment senior-pets`: the id as written without its quotes. The parser cannot know the
   * workspace's segments; whoever does completes the hint (`withKnownSegments`). Not in JSON.
   */
  readonly unquotedSegment?: string;
}

/** Builds a diagnostic whose message is `<what> at LINE:COLUMN<after>`. */
export function diagnostic(
  code: DiagnosticCode,
  what: string,
  span: Span,
  after = '',
  hint?: string,
): Diagnostic {
  const message = `${what} at ${formatPosition(span.start)}${after}`;
  return hint === undefined ? { code, message, span } : { code, message, span, hint };
}

/**
 * The diagnostic as text for a terminal: the message, then the source line with its number and a
 * caret line under the text at fault (to the end of the line when the span runs over several),
 * then the hint. `sourceText` is the rule the span points into.
 *
 * ```text
 * unknown field "langage" at 1:1, did you mean "language"?
 *   1 | langage = "fr"
 *     | ^^^^^^^
 * ```
 */
export function renderDiagnostic(d: Diagnostic, sourceText: string): string {
  const lines = sourceText.split('\n');
  const out = [d.message];
  const lineText = lines[d.span.start.line - 1];
  if (lineText !== undefined) {
    const source = lineText.replace(/\r$/, '');
    const number = String(d.span.start.line);
    const gutter = ' '.repeat(number.length);
    const from = Math.min(d.span.start.column - 1, source.length);
    const to = d.span.end.line === d.span.start.line ? Math.min(d.span.end.column - 1, source.length) : source.length;
    const pad = source.slice(0, from).replace(/[^\t]/g, ' ');
    out.push(`  ${number} | ${source}`);
    out.push(`  ${gutter} | ${pad}${'^'.repeat(Math.max(1, to - from))}`);
    if (d.hint !== undefined) out.push(`  ${gutter} = hint: ${d.hint}`);
  } else if (d.hint !== undefined) {
    out.push(`  = hint: ${d.hint}`);
  }
  return out.join('\n');
}
