import { readFileSync } from 'node:fs';

/**
 * A generated CSV file: the header line and the rows split on commas (the demo never quotes).
 * Lines end with CRLF, as in the reference clinic's files.
 */
export interface Table {
  readonly header: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export function readTable(path: string): Table {
  const text = readFileSync(path, 'utf8');
  if (!text.endsWith('\r\n')) throw new Error(`${path} does not end with CRLF`);
  const lines = text.slice(0, -2).split('\r\n');
  if (lines.some((line) => line.includes('\r') || line.includes('\n'))) throw new Error(`${path} mixes line endings`);
  const header = lines[0] ?? '';
  return { header, columns: header.split(','), rows: lines.slice(1).map((line) => line.split(',')) };
}

/** The value of `column` in `row`. */
export function cell(table: Table, row: readonly string[], column: string): string {
  const index = table.columns.indexOf(column);
  if (index < 0) throw new Error(`no column ${column}`);
  return row[index] ?? '';
}

export function firstLine(path: string): string {
  return readFileSync(path, 'utf8').split('\r\n', 1)[0] ?? '';
}
