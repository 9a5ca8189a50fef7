import { open } from 'node:fs/promises';
import type { ReaderEncoding } from './formats.js';
import { ImportError } from './import-error.js';

export interface CsvHeader {
  readonly columns: readonly string[];
  readonly delimiter: ',' | ';' | '\t';
}

const DELIMITERS = [',', ';', '\t'] as const;

/**
 * Reads the header record of a CSV file and detects its delimiter (`,`, `;` or tab: the one that
 * splits the header into the most columns outside quotes). Done here rather than by DuckDB's
 * sniffer so that small files are never mis-detected and every column is read as text.
 */
export async function readCsvHeader(file: string, encoding: ReaderEncoding = 'utf-8'): Promise<CsvHeader> {
  const handle = await open(file, 'r');
  let text: string;
  try {
    const buffer = Buffer.alloc(1 << 20);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    text = buffer.subarray(0, bytesRead).toString(encoding === 'latin-1' ? 'latin1' : 'utf8');
  } finally {
    await handle.close();
  }
  text = text.replace(/^\uFEFF/, '');
  const record = firstRecord(text);
  if (record.trim() === '') throw new ImportError(`${file} is empty: a CSV file needs a header row naming its columns`);
  let best: CsvHeader | undefined;
  for (const delimiter of DELIMITERS) {
    const columns = splitRecord(record, delimiter);
    if (best === undefined || columns.length > best.columns.length) best = { columns, delimiter };
  }
  const columns = best!.columns.map((c) => c.trim());
  const seen = new Set<string>();
  for (const column of columns) {
    if (column === '') throw new ImportError(`${file}: the header row has an empty column name`);
    if (seen.has(column)) throw new ImportError(`${file}: the header row names the column "${column}" twice`);
    seen.add(column);
  }
  return { columns, delimiter: best!.delimiter };
}

/** The text of the first record: up to the first line break outside quotes. */
function firstRecord(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if ((ch === '\n' || ch === '\r') && !quoted) return text.slice(0, i);
  }
  return text;
}

/** RFC 4180 split of one record: quotes delimit fields, `""` is a quote inside them. */
function splitRecord(record: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < record.length; i++) {
    const ch = record[i]!;
    if (quoted) {
      if (ch === '"' && record[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}
