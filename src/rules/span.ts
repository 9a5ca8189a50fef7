/**
 * Positions in rule text. Offsets are UTF-16 indices into the rule string (so
 * `text.slice(span.start.offset, span.end.offset)` is the text of a node); lines and columns are
 * 1-based and count UTF-16 code units too, which is what editors and the YAML reader report.
 */

/** A point in the rule text: 1-based `line` and `column`, 0-based `offset`. */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** A stretch of rule text: `start` is the first character, `end` is just after the last one. */
export interface Span {
  readonly start: Position;
  readonly end: Position;
}

/** The span running from the start of `first` to the end of `last`. */
export function joinSpans(first: Span, last: Span): Span {
  return { start: first.start, end: last.end };
}

/** `LINE:COLUMN`, as used inside messages. */
export function formatPosition(position: Position): string {
  return `${position.line}:${position.column}`;
}

/** The position of `offset` in `text` (a `\n` starts a new line; `\r` is an ordinary character). */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, offset };
}
