import { createReadStream } from 'node:fs';

/** How a line ends: Windows (`\r\n`), Unix (`\n`) or old Mac (`\r` alone). */
export type LineEnding = 'CRLF' | 'LF' | 'CR';

/** The first line that ends differently from the first line of the file. */
export interface LineEndingChange {
  /** How the file's first line ends. */
  readonly first: LineEnding;
  /**
   * The line that ends otherwise, and how. Lines are numbered as rejected rows are (header = 1,
   * a record whose quoted text holds line breaks is one line), as DuckDB's reader numbers them.
   */
  readonly line: number;
  readonly ending: LineEnding;
}

const CR = 0x0d;
const LF = 0x0a;
const QUOTE = 0x22;

/**
 * Finds the first line whose ending differs from the first line's, outside quoted fields (a line
 * break inside quotes is the field's text, whatever its kind). DuckDB's CSV reader, in the strict
 * mode that lets it reject malformed quoting row by row, fails on such a file as a whole with "the
 * CSV Parser state machine reached an invalid state", naming neither the line nor the cause; this
 * scan runs only after that failure, to say both. It streams the file, so any size is fine.
 */
export async function findLineEndingChange(file: string): Promise<LineEndingChange | null> {
  let first: LineEnding | undefined;
  let line = 1;
  let quoted = false;
  let pendingCr = false; // a CR outside quotes, whose next byte decides its kind
  const lineEnds = (ending: LineEnding): LineEndingChange | null => {
    first ??= ending;
    return ending === first ? (line++, null) : { first, line, ending };
  };
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (pendingCr) {
        pendingCr = false;
        const change = lineEnds(byte === LF ? 'CRLF' : 'CR');
        if (change) return change;
        if (byte === LF) continue;
      }
      if (byte === QUOTE) quoted = !quoted;
      else if (quoted) continue;
      else if (byte === CR) pendingCr = true;
      else if (byte === LF) {
        const change = lineEnds('LF');
        if (change) return change;
      }
    }
  }
  return pendingCr ? lineEnds('CR') : null;
}
