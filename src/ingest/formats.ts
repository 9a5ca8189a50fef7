import path from 'node:path';

export type FileFormat = 'csv' | 'ndjson' | 'parquet';
export const FILE_FORMATS: readonly FileFormat[] = ['csv', 'ndjson', 'parquet'];

/**
 * Text encodings of CSV files. DuckDB's reader decodes UTF-8 and Latin-1 itself; Windows-1252 is
 * transcoded to UTF-8 first (transcode.ts).
 */
export type CsvEncoding = 'utf-8' | 'latin-1' | 'windows-1252';
export const CSV_ENCODINGS: readonly CsvEncoding[] = ['utf-8', 'latin-1', 'windows-1252'];
/** The encodings DuckDB's reader decodes itself. */
export type ReaderEncoding = Exclude<CsvEncoding, 'windows-1252'>;

/** The format named by the user, else the file's extension (`.csv`, `.tsv`, `.txt`, `.ndjson`, `.jsonl`, `.json`, `.parquet`). */
export function detectFormat(file: string, explicit?: string): FileFormat | undefined {
  if (explicit !== undefined) return (FILE_FORMATS as readonly string[]).includes(explicit) ? (explicit as FileFormat) : undefined;
  const ext = path.extname(file.replace(/\.(gz|zst)$/i, '')).toLowerCase();
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  if (ext === '.ndjson' || ext === '.jsonl' || ext === '.json') return 'ndjson';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  return undefined;
}
