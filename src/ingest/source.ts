/**
 * Readers of import files, all run by DuckDB so that no file is ever loaded into JavaScript:
 * CSV through `read_csv` (every column as text, rows with a wrong number of fields recorded in a
 * rejects table), NDJSON as one text column per line parsed with DuckDB's JSON functions (a
 * malformed line becomes a rejected row, not a failed import), Parquet through `read_parquet`.
 * Each reader exposes, per source column, SQL giving its text or list value, and the record number
 * of each row. File names, header names and options are bound parameters, never spliced into SQL.
 */
import { structValue, type DuckDBValue } from '@duckdb/node-api';
import { readCsvHeader } from './csv-header.js';
import type { FileFormat } from './formats.js';
import { ImportError } from './import-error.js';
import type { DuckDbQueryable as Queryable } from '../store/duckdb-store.js';

export interface Source {
  readonly format: FileFormat;
  /** Column names present in the file. */
  readonly columns: readonly string[];
  /** FROM item, aliased `src`, with one row per record. */
  readonly from: string;
  /** Parameters of `from`, bound as `$1…$n` (the caller's parameters come after). */
  readonly params: readonly DuckDBValue[];
  /** SQL for the ordinal of a row of `src` (1 = first record). */
  readonly ordinal: string;
  /** SQL giving a column as text (NULL when missing or empty). */
  text(column: string): string;
  /** SQL giving a list column as `VARCHAR[]` (JSON and Parquet lists as they are; text split on `separator`). */
  list(column: string, separator: string): string;
  /** SQL giving a problem of the whole record (`NULL` when fine). */
  readonly recordProblem: string;
  /** SQL rebuilding the record as text, for the rejects file. */
  readonly raw: string;
  /** After the scan: a SELECT of `(line, column, reason, raw)` for what the reader rejected by itself, or null. */
  readerRejects(db: Queryable): Promise<string | null>;
  /** SQL turning an ordinal into the line (or record) number users see (valid after `readerRejects`). */
  lineOf(ordinal: string): string;
  /** Drops the reader's temporary tables. */
  cleanup(db: Queryable): Promise<void>;
}

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
/** A SQL string literal for text chosen by Segmenta itself (never user data). */
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

function splitText(value: string, separator: string): string {
  return `list_filter(list_transform(string_split(${value}, ${literal(separator)}), x -> trim(x)), x -> x <> '')`;
}

function emptyToNull(value: string): string {
  return `NULLIF(${value}, '')`;
}

async function csvSource(file: string, scanId: number): Promise<Source> {
  const header = await readCsvHeader(file);
  const rejectsTable = `_reader_rejects_${scanId}`;
  const scansTable = `_reader_scans_${scanId}`;
  const displacedTable = `_reader_displaced_${scanId}`;
  const columns = Object.fromEntries(header.columns.map((c) => [c, 'VARCHAR']));
  const from = `read_csv($1, header = true, delim = $2, quote = '"', escape = '"', auto_detect = false,
      columns = $3, store_rejects = true, rejects_table = ${literal(rejectsTable)}, rejects_scan = ${literal(scansTable)},
      strict_mode = true, allow_quoted_nulls = false) WITH ORDINALITY AS src`;
  const quote = (c: string) => `CASE WHEN regexp_matches(coalesce(src.${q(c)}, ''), '[",;\\t\\n\\r]') THEN '"' || replace(src.${q(c)}, '"', '""') || '"' ELSE coalesce(src.${q(c)}, '') END`;
  return {
    format: 'csv',
    columns: header.columns,
    from,
    params: [file, header.delimiter, structValue(columns)],
    ordinal: 'src.ordinality',
    text: (c) => emptyToNull(`src.${q(c)}`),
    list: (c, separator) => splitText(`src.${q(c)}`, separator),
    recordProblem: 'NULL',
    raw: `concat_ws(${literal(header.delimiter)}, ${header.columns.map(quote).join(', ')})`,
    async readerRejects(db) {
      await db.run(`CREATE OR REPLACE TEMP TABLE ${q(displacedTable)} AS
        SELECT line - row_number() OVER (ORDER BY line) AS pos FROM (SELECT DISTINCT line FROM ${q(rejectsTable)})`);
      return `SELECT line, coalesce(first(column_name ORDER BY column_idx), '') AS "column",
          CASE first(error_type)
            WHEN 'MISSING COLUMNS' THEN 'wrong number of columns: expected ${header.columns.length}, found ' || min(TRY_CAST(regexp_extract(error_message, 'Found: ([0-9]+)', 1) AS BIGINT))
            WHEN 'TOO MANY COLUMNS' THEN 'wrong number of columns: expected ${header.columns.length}, found ' || max(TRY_CAST(regexp_extract(error_message, 'Found: ([0-9]+)', 1) AS BIGINT))
            WHEN 'UNQUOTED VALUE' THEN 'malformed quoting: a quote inside an unquoted value'
            WHEN 'INVALID ENCODING' THEN 'invalid UTF-8 text'
            WHEN 'INVALID UNICODE' THEN 'invalid UTF-8 text'
            WHEN 'LINE SIZE OVER MAXIMUM' THEN 'line too long'
            ELSE 'malformed record: ' || split_part(first(error_message), chr(10), 1) END AS reason,
          regexp_replace(first(csv_line), '^[\r\n]+', '') AS raw
        FROM ${q(rejectsTable)} GROUP BY line`;
    },
    // The k-th good record sits on line k + 1 (header) plus the number of rejected records before
    // it. The j-th rejected record (1-based), on line R, takes the place of good ordinal R - j.
    lineOf: (ordinal) => `(${ordinal} + 1 + (SELECT count(*) FROM ${q(displacedTable)} d WHERE d.pos <= ${ordinal}))`,
    async cleanup(db) {
      await db.run(`DROP TABLE IF EXISTS ${q(rejectsTable)}`);
      await db.run(`DROP TABLE IF EXISTS ${q(scansTable)}`);
      await db.run(`DROP TABLE IF EXISTS ${q(displacedTable)}`);
    },
  };
}

function ndjsonSource(file: string, columns: readonly string[]): Source {
  const path = (c: string) => literal(`$.${JSON.stringify(c)}`);
  const value = (c: string) => `(src.j -> ${path(c)})`;
  return {
    format: 'ndjson',
    columns,
    from: `(SELECT ordinality, j, json_valid(j) AS ok FROM read_csv($1, columns = {'j': 'VARCHAR'}, header = false, delim = '\x01',
      quote = '', escape = '', auto_detect = false, strict_mode = false) WITH ORDINALITY) AS src`,
    params: [file],
    ordinal: 'src.ordinality',
    text: (c) => `CASE WHEN src.ok THEN ${emptyToNull(`CASE json_type(${value(c)}) WHEN 'NULL' THEN NULL ELSE src.j ->> ${path(c)} END`)} END`,
    list: (c, separator) =>
      `CASE WHEN src.ok THEN CASE json_type(${value(c)}) WHEN 'ARRAY' THEN list_filter(CAST(${value(c)} AS VARCHAR[]), x -> x IS NOT NULL AND x <> '')
        WHEN 'VARCHAR' THEN ${splitText(`(src.j ->> ${path(c)})`, separator)} END END`,
    recordProblem: `CASE WHEN src.j IS NULL THEN 'empty line' WHEN NOT src.ok THEN 'malformed JSON' WHEN json_type(src.j) <> 'OBJECT' THEN 'not a JSON object' END`,
    raw: 'src.j',
    readerRejects: async () => null,
    lineOf: (ordinal) => `(${ordinal})`,
    cleanup: async () => undefined,
  };
}

/** NDJSON keys: the union of the keys of the file's objects, computed by DuckDB. */
async function ndjsonColumns(db: Queryable, file: string): Promise<string[]> {
  const rows = await db.query<{ key: string }>(
    `SELECT DISTINCT unnest(json_keys(j)) AS key FROM read_csv($1, columns = {'j': 'VARCHAR'}, header = false, delim = '\x01',
      quote = '', escape = '', auto_detect = false, strict_mode = false) WHERE json_valid(j) AND json_type(j) = 'OBJECT' ORDER BY key`,
    [file],
  );
  return rows.map((r) => r.key);
}

async function parquetSource(db: Queryable, file: string): Promise<Source> {
  const described = await db.query<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet($1)`, [file]);
  const types = new Map(described.map((r) => [r.column_name, r.column_type]));
  const isList = (c: string) => /\[\]$/.test(types.get(c) ?? '');
  const textOf = (c: string) => {
    const type = types.get(c) ?? '';
    if (/^TIMESTAMP( WITH TIME ZONE)?$/.test(type) || type === 'TIMESTAMPTZ') {
      return type === 'TIMESTAMP' ? `strftime(src.${q(c)}, '%Y-%m-%dT%H:%M:%S.%f')` : `strftime(src.${q(c)}, '%Y-%m-%dT%H:%M:%S.%f%z')`;
    }
    return `CAST(src.${q(c)} AS VARCHAR)`;
  };
  return {
    format: 'parquet',
    columns: described.map((r) => r.column_name),
    from: `read_parquet($1, file_row_number = true) AS src`,
    params: [file],
    ordinal: '(src.file_row_number + 1)',
    text: (c) => emptyToNull(textOf(c)),
    list: (c, separator) => (isList(c) ? `list_filter(CAST(src.${q(c)} AS VARCHAR[]), x -> x IS NOT NULL AND x <> '')` : splitText(textOf(c), separator)),
    recordProblem: 'NULL',
    raw: `CAST(to_json(src) AS VARCHAR)`,
    readerRejects: async () => null,
    lineOf: (ordinal) => `(${ordinal})`,
    cleanup: async () => undefined,
  };
}

let scans = 0;

/** Opens a file for import; refuses files that cannot be read at all. */
export async function openSource(db: Queryable, file: string, format: FileFormat): Promise<Source> {
  try {
    switch (format) {
      case 'csv':
        return await csvSource(file, ++scans);
      case 'ndjson':
        return ndjsonSource(file, await ndjsonColumns(db, file));
      case 'parquet':
        return await parquetSource(db, file);
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ImportError(`no such file: ${file}`);
    throw new ImportError(`cannot read ${file} as ${format}: ${(error as Error).message.split('\n')[0]}`);
  }
}

