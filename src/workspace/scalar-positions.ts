/**
 * Where each character of a YAML scalar's value was written in segmenta.yaml, so that an error in
 * a rule points at the right line and column whatever the style the rule is written in.
 *
 * Hand-written because the `yaml` package gives a node's range in the source, not a map from its
 * parsed value back to the source: between the two lie line folding (plain, quoted and folded
 * scalars), `''` in single quotes, the escapes of double quotes, and the indentation and chomping
 * of block scalars. Each style is read here as YAML 1.2 reads it, following the package's own
 * resolvers (`compose/resolve-flow-scalar.js`, `compose/resolve-block-scalar.js`), and the value
 * rebuilt alongside is compared with the package's: should they ever differ, every character is
 * placed at the start of the scalar rather than somewhere wrong.
 *
 * Offsets and columns count UTF-16 units, as the yaml package's LineCounter and the rule language's
 * spans do (`src/rules/span.ts`): one column per character an editor shows, except that a character
 * outside the Basic Multilingual Plane (an emoji) counts two. A tab counts one.
 */
import { isScalar, Scalar, type LineCounter, type Node } from 'yaml';
import type { TextPositions, YamlPosition } from './types.js';

/** A scalar as written: its style, where its text lies in the source, and its parsed value. */
export interface WrittenScalar {
  /** PLAIN, QUOTE_SINGLE, QUOTE_DOUBLE, BLOCK_LITERAL or BLOCK_FOLDED. */
  readonly style: Scalar.Type;
  /** From the first character of the scalar (quote or block header) to just after its text (`node.range[0..1]`). */
  readonly start: number;
  readonly end: number;
  /** Block scalars: the indentation of the collection holding them, which an indentation indicator counts from. */
  readonly parentIndent: number;
  /** The value the yaml package parsed, against which the map is checked. */
  readonly value: string;
}

/**
 * The positions in the file of the characters of the text of `node`, a scalar of the document
 * parsed from `source` (without its byte order mark, as parsed) with `lines` counting its lines.
 * The document must be parsed with `keepSourceTokens`, which gives block scalars their indentation.
 */
export function scalarPositions(node: Node, source: string, lines: LineCounter): TextPositions {
  const start = node.range?.[0] ?? 0;
  const offsets = isScalar(node) && node.type !== undefined && node.range ? sourceOffsets(source, writtenScalar(node, node.type)) : undefined;
  return {
    positionOf(offset: number): YamlPosition {
      const at = offsets === undefined ? start : offsets[Math.max(0, Math.min(offset, offsets.length - 1))]!;
      const { line, col } = lines.linePos(at);
      return { line, column: col };
    },
  };
}

function writtenScalar(node: Scalar, style: Scalar.Type): WrittenScalar {
  const [start, end] = node.range!;
  // The CST token (kept by `keepSourceTokens`) holds the indentation of the enclosing collection.
  const token = node.srcToken;
  const parentIndent = token !== undefined && 'indent' in token ? token.indent : 0;
  return { style, start, end, parentIndent, value: String(node.value) };
}

/**
 * For each UTF-16 unit of the scalar's value, the offset in `source` of the character it comes
 * from, and one more entry for the end of the value (just after its last character). Undefined
 * when the value rebuilt from the source is not the parsed value.
 */
export function sourceOffsets(source: string, scalar: WrittenScalar): number[] | undefined {
  const value = new MappedValue(source);
  switch (scalar.style) {
    case Scalar.PLAIN:
      unfoldFlowLines(source, scalar.start, scalar.end, value, (from, to) => value.copy(from, to));
      break;
    case Scalar.QUOTE_SINGLE:
      unfoldFlowLines(source, scalar.start + 1, scalar.end - 1, value, (from, to) => copySingleQuoted(source, from, to, value));
      break;
    case Scalar.QUOTE_DOUBLE:
      readDoubleQuoted(source, scalar.start, scalar.end, value);
      break;
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED:
      readBlock(source, scalar, value);
      break;
    default: {
      const unknown: never = scalar.style;
      throw new Error(`unknown scalar style ${String(unknown)}`);
    }
  }
  return value.text === scalar.value ? value.offsets : undefined;
}

/** A value being rebuilt, with the source offset of each of its UTF-16 units. */
class MappedValue {
  text = '';
  readonly offsets: number[] = [];

  constructor(private readonly source: string) {}

  /** `text` (an escape's meaning, a folded line break) standing for the source at `at`. */
  add(text: string, at: number): void {
    this.text += text;
    for (let i = 0; i < text.length; i++) this.offsets.push(at);
  }

  /** The source from `from` to `to`, as it is. */
  copy(from: number, to: number): void {
    for (let i = from; i < to; i++) this.add(this.source[i]!, i);
  }

  /** Closes the offsets with `end`, just after the value's last character (before what the style drops). */
  finish(end: number): void {
    this.offsets.push(end);
  }
}

const isBlank = (ch: string | undefined): boolean => ch === ' ' || ch === '\t';

/** The lines of `source[from, to)`, each without its line break (`\n` or `\r\n`). */
function splitLines(source: string, from: number, to: number): { start: number; end: number }[] {
  const lines: { start: number; end: number }[] = [];
  let start = from;
  for (let i = from; i < to; i++) {
    if (source[i] !== '\n') continue;
    lines.push({ start, end: i > start && source[i - 1] === '\r' ? i - 1 : i });
    start = i + 1;
  }
  lines.push({ start, end: to });
  return lines;
}

/**
 * Line folding of plain and single-quoted scalars: spaces around a line break are dropped, a line
 * break becomes a space, and each blank line after it a newline. `copy` takes a line's text.
 */
function unfoldFlowLines(source: string, from: number, to: number, value: MappedValue, copy: (from: number, to: number) => void): void {
  const lines = splitLines(source, from, to);
  let separator = '';
  let separatorAt = from;
  lines.forEach((line, i) => {
    const first = i === 0;
    const last = i === lines.length - 1;
    let { start, end } = line;
    if (!first) while (start < end && isBlank(source[start])) start++;
    if (!last) while (end > start && isBlank(source[end - 1])) end--;
    if (!first && !last && start === end) {
      if (separator === '\n') value.add('\n', separatorAt);
      else separator = '\n';
      return;
    }
    value.add(separator, separatorAt);
    copy(start, end);
    separator = ' ';
    separatorAt = end;
  });
  value.finish(to);
}

/** A line of a single-quoted scalar: `''` is one quote. */
function copySingleQuoted(source: string, from: number, to: number, value: MappedValue): void {
  for (let i = from; i < to; i++) {
    value.add(source[i]!, i);
    if (source[i] === "'" && source[i + 1] === "'") i++;
  }
}

const ESCAPES: ReadonlyMap<string, string> = new Map([
  ['0', '\0'],
  ['a', '\x07'],
  ['b', '\b'],
  ['e', '\x1b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
  ['v', '\v'],
  ['N', '\u0085'],
  ['_', '\u00a0'],
  ['L', '\u2028'],
  ['P', '\u2029'],
  [' ', ' '],
  ['"', '"'],
  ['/', '/'],
  ['\\', '\\'],
  ['\t', '\t'],
]);

const HEX_DIGITS: ReadonlyMap<string, number> = new Map([
  ['x', 2],
  ['u', 4],
  ['U', 8],
]);

/** A double-quoted scalar from its opening quote at `start` to just after its closing one at `end`. */
function readDoubleQuoted(source: string, start: number, end: number, value: MappedValue): void {
  const last = end - 1;
  for (let i = start + 1; i < last; i++) {
    const ch = source[i]!;
    if (ch === '\r' && source[i + 1] === '\n') continue;
    if (ch === '\n') {
      i = foldLineBreak(source, i, value);
    } else if (ch === '\\') {
      i = readEscape(source, i, value);
    } else if (isBlank(ch)) {
      // Spaces before a line break are dropped.
      let j = i;
      while (isBlank(source[j + 1])) j++;
      const next = source[j + 1];
      if (next !== '\n' && !(next === '\r' && source[j + 2] === '\n')) value.copy(i, j + 1);
      i = j;
    } else {
      value.copy(i, i + 1);
    }
  }
  value.finish(last);
}

/** A line break at `at` inside double quotes: one space, or a newline per blank line after it. Returns the last offset read. */
function foldLineBreak(source: string, at: number, value: MappedValue): number {
  let fold = '';
  let i = at;
  for (let ch = source[i + 1]; ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r'; ch = source[i + 1]) {
    if (ch === '\r' && source[i + 2] !== '\n') break;
    if (ch === '\n') fold += '\n';
    i++;
  }
  value.add(fold === '' ? ' ' : fold, source[at - 1] === '\r' ? at - 1 : at);
  return i;
}

/** The escape whose backslash is at `at`; its meaning stands at the backslash. Returns the last offset read. */
function readEscape(source: string, at: number, value: MappedValue): number {
  let i = at + 1;
  const next = source[i]!;
  const meaning = ESCAPES.get(next);
  const digits = HEX_DIGITS.get(next);
  if (meaning !== undefined) {
    value.add(meaning, at);
  } else if (next === '\n' || (next === '\r' && source[i + 1] === '\n')) {
    // An escaped line break joins the lines, without the next one's indentation.
    if (next === '\r') i++;
    while (isBlank(source[i + 1])) i++;
  } else if (digits !== undefined) {
    const hex = source.substr(i + 1, digits);
    const code = hex.length === digits && /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
    try {
      value.add(String.fromCodePoint(code), at);
    } catch {
      value.add(source.substr(at, digits + 2), at);
    }
    i += digits;
  } else {
    value.add(source.substr(at, 2), at);
  }
  return i;
}

/** One line of a block scalar's body: its indentation (spaces) and content, `\r` excluded. */
interface BlockLine {
  readonly start: number;
  readonly indent: number;
  /** Just after the content: where the line break starts. */
  readonly end: number;
}

/**
 * A block scalar (`|` or `>`, with its chomping and indentation indicators), as the yaml package
 * reads it: the indentation is the first content line's unless given; leading blank lines keep
 * what lies beyond it; a folded block joins its lines with spaces except around blank and
 * more-indented lines; chomping drops (`-`), keeps (`+`) or clips to one the final line breaks.
 */
function readBlock(source: string, scalar: WrittenScalar, value: MappedValue): void {
  const header = /^[|>]([-+0-9]*)/.exec(source.slice(scalar.start, scalar.end))?.[1] ?? '';
  const chomp = header.includes('-') ? '-' : header.includes('+') ? '+' : '';
  const explicitIndent = Number(/[1-9]/.exec(header)?.[0] ?? 0);
  const headerEnd = source.indexOf('\n', scalar.start);
  const lines = headerEnd === -1 || headerEnd >= scalar.end ? [] : blockLines(source, headerEnd + 1, scalar.end);
  const isEmpty = (l: BlockLine) => l.end === l.start + l.indent;

  let chompStart = lines.length;
  while (chompStart > 0 && isEmpty(lines[chompStart - 1]!)) chompStart--;
  if (chompStart === 0) {
    if (chomp === '+' && lines.length > 0) value.add('\n'.repeat(Math.max(1, lines.length - 1)), scalar.start);
    value.finish(scalar.start);
    return;
  }

  let trimIndent = scalar.parentIndent + explicitIndent;
  let contentStart = 0;
  for (const [i, line] of lines.entries()) {
    if (isEmpty(line)) {
      if (explicitIndent === 0 && line.indent > trimIndent) trimIndent = line.indent;
      continue;
    }
    if (explicitIndent === 0) trimIndent = line.indent;
    contentStart = i;
    break;
  }
  for (let i = lines.length - 1; i >= chompStart; i--) if (lines[i]!.indent > trimIndent) chompStart = Math.max(chompStart, i + 1);

  /** The line's text beyond the block's indentation. */
  const copyLine = (line: BlockLine) => value.copy(Math.min(line.start + trimIndent, line.end), line.end);
  for (const line of lines.slice(0, contentStart)) {
    copyLine(line);
    value.add('\n', line.end);
  }
  const folded = scalar.style === Scalar.BLOCK_FOLDED;
  let separator = '';
  let separatorAt = scalar.start;
  let previousMoreIndented = false;
  let contentEnd = scalar.start;
  for (const line of lines.slice(contentStart, chompStart)) {
    const content = source[line.start + line.indent];
    if (!folded) {
      value.add(separator, separatorAt);
      copyLine(line);
      separator = '\n';
    } else if (line.indent > trimIndent || content === '\t') {
      if (separator === ' ') separator = '\n';
      else if (!previousMoreIndented && separator === '\n') separator = '\n\n';
      value.add(separator, separatorAt);
      copyLine(line);
      separator = '\n';
      previousMoreIndented = true;
    } else if (isEmpty(line)) {
      if (separator === '\n') value.add('\n', separatorAt);
      else separator = '\n';
      continue;
    } else {
      value.add(separator, separatorAt);
      copyLine(line);
      separator = ' ';
      previousMoreIndented = false;
    }
    separatorAt = line.end;
    contentEnd = line.end;
  }
  let end = contentEnd;
  if (chomp === '+') {
    for (const line of lines.slice(chompStart)) {
      value.add('\n', end);
      copyLine(line);
      end = line.end;
    }
    if (!value.text.endsWith('\n')) value.add('\n', end);
  } else if (chomp === '') {
    value.add('\n', contentEnd);
  }
  value.finish(end);
}

/** The lines of a block scalar's body, from `from` (after its header line) to `to`. */
function blockLines(source: string, from: number, to: number): BlockLine[] {
  return splitLines(source, from, to).map(({ start, end }) => {
    let indent = 0;
    while (start + indent < end && source[start + indent] === ' ') indent++;
    return { start, indent, end };
  });
}
