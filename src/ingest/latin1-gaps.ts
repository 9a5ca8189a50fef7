import { createReadStream } from 'node:fs';

/** A byte Latin-1 does not define, and the line it is on. */
export interface Latin1Gap {
  /** Numbered as rejected rows are (header = 1; quoted line breaks are text). */
  readonly line: number;
  readonly byte: number;
}

/** Windows-1252, which spreadsheets write as "Latin-1", puts these characters where Latin-1 has none. */
export const WINDOWS_1252: Readonly<Record<number, string>> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š', 0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž',
  0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};

/**
 * Finds the first byte from 0x80 to 0x9F. DuckDB's Latin-1 decoder refuses a file holding one as a
 * whole ("File is not latin-1 encoded"), without a line; this scan runs only after that failure,
 * to say where. It streams the file, so any size is fine.
 */
export async function findLatin1Gap(file: string): Promise<Latin1Gap | null> {
  let line = 1;
  let quoted = false;
  let previous = -1;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (const byte of chunk) {
      if (byte >= 0x80 && byte <= 0x9f) return { line, byte };
      if (byte === 0x22) quoted = !quoted;
      else if (!quoted && (byte === 0x0a ? previous !== 0x0d : byte === 0x0d)) line++;
      previous = byte;
    }
  }
  return null;
}
