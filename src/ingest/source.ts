/**
 * Readers of import files, all run by DuckDB so that no file is ever loaded into JavaScript:
 * CSV through `read_csv` (every column as text; rows with a wrong number of fields recorded in a
 * rejects table), NDJSON as one text column per line parsed with DuckDB's JSON functions (a
 * malformed line becomes a rejected row, not a failed import), Parquet through `read_parquet`.
 * Each reader gives two scans of the file: a plain one for loading (fast) and a numbered one that
 * knows each record's line, used only to explain rejected rows. File names, header names and
 * options are bound parameters, never spliced into SQL.
 */
import { structValue, type DuckDBValue } from '@duckdb/node-api';
import type { DuckDbQueryable as Queryable } from '../store/duckdb-store.js';
import { readCsvHeader } from './csv-header.js';
import type { Check } from './field-values.js';
import type { FileFormat, ReaderEncoding } from './formats.js';
import { ImportError } from './import-error.js';
import { q } from './sql-names.js';

/** Splits a text cell into a `VARCHAR[]` on `separator`. */
export type ListSplitter = (text: string, separator: string) => string;

export interface Source {
  readonly format: FileFormat;
  /** Column names present in the file. */
  readonly columns: readonly string[];
  /** FROM item aliased `src`, one row per record: the fast scan. */
  readonly from: string;
  /** FROM item aliased `src` with `src.ordinality`, the record number, for explaining rejects. */
  readonly numberedFrom: string;
  /** Parameters of either FROM item, bound as `$1…$n`. */
  readonly params: readonly DuckDBValue[];
  /**
   * SQL giving a column as text, NULL when missing or empty. CSV cells are taken as written (RFC
   * 4180: spaces belong to the field; trimming every cell of a large file costs a third of its
   * load time); casts to numbers and dates tolerate surrounding spaces.
   */
  text(column: string): string;
  /** SQL giving a list column as `VARCHAR[]` (JSON and Parquet lists as they are; text split). */
  list(column: string, separator: string, split: ListSplitter): string;
  /**
   * A check rejecting a value of a shape its column cannot take, in formats that have shapes: a
   * JSON object or array (a Parquet struct, map or list) where one value belongs; an object, or a
   * list holding objects or lists, where a list belongs. Undefined when there is nothing to check
   * (CSV cells are all text). Without it such values were read as their text, or as missing.
   */
  misshapen(column: string, expected: 'value' | 'list'): Check | undefined;
  /** SQL, true when the whole record is unusable (a malformed NDJSON line). */
  readonly recordBroken: string;
  /** SQL naming what is wrong with a broken record. */
  readonly recordProblem: string;
  /** SQL rebuilding the record as text, for the rejects file. */
  readonly raw: string;
  /**
   * SQL counted once per record of `from` as a load reads it (`count(records)`): the CSV reader
   * checks a cell's encoding only when it decodes that cell, so `count(*)` would also count the
   * records the load drops as invalid UTF-8 (and not those with the wrong number of columns).
   */
  readonly records: string;
  /** A SELECT of `(line, column, reason, raw)` for what the reader rejected by itself, or null. */
  readerRejects(db: Queryable): Promise<string | null>;
  /** SQL turning an ordinal (`src.ordinality`) into the line (or record) number users see (after `readerRejects`). */
  lineOf(ordinal: string): string;
  /** Drops the reader's temporary tables. */
  cleanup(db: Queryable): Promise<void>;
}

/** Spreadsheets on Windows often save CSV as Latin-1 (Windows-1252): the reason says what to do. */
const INVALID_UTF8 = 'invalid UTF-8 text (a file saved as Latin-1 imports with --encoding latin-1)';
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

async function csvSource(file: string, scanId: number, encoding: ReaderEncoding): Promise<Source> {
  const header = await readCsvHeader(file, encoding);
  const rejectsTable = `_reader_rejects_${scanId}`;
  const scansTable = `_reader_scans_${scanId}`;
  const displacedTable = `_reader_displaced_${scanId}`;
  const columns = Object.fromEntries(header.columns.map((c) => [c, 'VARCHAR']));
  // The reader records malformed records itself; each scan replaces the previous one's table.
  const read = `read_csv($1, header = true, delim = $2, quote = '"', escape = '"', auto_detect = false, columns = $3,
      store_rejects = true, rejects_table = ${literal(rejectsTable)}, rejects_scan = ${literal(scansTable)},
      strict_mode = true, encoding = $4)`;
  const quote = (c: string) =>
    `CASE WHEN regexp_matches(coalesce(src.${q(c)}, ''), '[",;\\t\\n\\r]') THEN '"' || replace(src.${q(c)}, '"', '""') || '"' ELSE coalesce(src.${q(c)}, '') END`;
  return {
    format: 'csv',
    columns: header.columns,
    from: `${read} AS src`,
    numberedFrom: `${read} WITH ORDINALITY AS src`,
    params: [file, header.delimiter, structValue(columns), encoding],
    text: (c) => `src.${q(c)}`,
    list: (c, separator, split) => split(`src.${q(c)}`, separator),
    misshapen: () => undefined,
    recordBroken: 'false',
    recordProblem: 'NULL',
    raw: `concat_ws(${literal(header.delimiter)}, ${header.columns.map(quote).join(', ')})`,
    records: `hash(${header.columns.map((c) => `src.${q(c)}`).join(', ')})`,
    async readerRejects(db) {
      await db.run(`CREATE OR REPLACE TEMP TABLE ${q(displacedTable)} AS
        SELECT line - row_number() OVER (ORDER BY line) AS pos FROM (SELECT DISTINCT line FROM ${q(rejectsTable)})`);
      return `SELECT line, coalesce(first(column_name ORDER BY column_idx), '') AS "column",
          CASE first(error_type)
            WHEN 'MISSING COLUMNS' THEN 'wrong number of columns: expected ${header.columns.length}, found ' || min(TRY_CAST(regexp_extract(error_message, 'Found: ([0-9]+)', 1) AS BIGINT))
            WHEN 'TOO MANY COLUMNS' THEN 'wrong number of columns: expected ${header.columns.length}, found ' || max(TRY_CAST(regexp_extract(error_message, 'Found: ([0-9]+)', 1) AS BIGINT))
            WHEN 'UNQUOTED VALUE' THEN 'malformed quoting: a quoted value not closed, or text after its closing quote'
            WHEN 'INVALID ENCODING' THEN ${literal(INVALID_UTF8)}
            WHEN 'INVALID UNICODE' THEN ${literal(INVALID_UTF8)}
            WHEN 'LINE SIZE OVER MAXIMUM' THEN 'line too long'
            ELSE 'malformed record: ' || split_part(first(error_message), chr(10), 1) END AS reason,
          regexp_replace(first(csv_line), '^[\\r\\n]+', '') AS raw
        FROM ${q(rejectsTable)} GROUP BY line`;
    },
    // DuckDB numbers lines by record (header = 1). Records the reader rejected have no ordinal:
    // the k-th good record is on line k + 1 plus the number of rejected records before it, and
    // the j-th rejected record (1-based), on line R, takes the place of good ordinal R - j.
    lineOf: (ordinal) => `(${ordinal} + 1 + (SELECT count(*) FROM ${q(displacedTable)} d WHERE d.pos <= ${ordinal}))`,
    async cleanup(db) {
      for (const table of [rejectsTable, scansTable, displacedTable]) await db.run(`DROP TABLE IF EXISTS ${q(table)}`);
    },
  };
}

/**
 * An NDJSON file as lines of text. `new_line = '\r\n'` puts DuckDB's reader in its two-character
 * mode, which ends a line at CRLF or at LF alone: a file whose lines end both ways (files joined
 * together) keeps its line numbers. In its default mode, once it has seen LF first, each CRLF
 * counted as two line ends, an empty line rejected after every CRLF line.
 */
const NDJSON_LINES = `read_csv($1, columns = {'j': 'VARCHAR'}, header = false, delim = '\x01', quote = '', escape = '',
      new_line = '\\r\\n', auto_detect = false, strict_mode = false)`;

function ndjsonSource(file: string, columns: readonly string[]): Source {
  const path = (c: string) => literal(`$.${JSON.stringify(c)}`);
  // Each line is parsed once for all its columns (`json_extract` with a list of paths), then each
  // value alone: a function of the line per column parsed it again, three times per column.
  const position = new Map(columns.map((c, i) => [c, i + 1]));
  const value = (c: string) => `src.v[${position.get(c)}]`;
  const type = (c: string) => `json_type(${value(c)})`;
  const lines = NDJSON_LINES;
  const parsed = (numbered: boolean) =>
    // CASE, not AND: DuckDB evaluates both sides of AND, and JSON functions fail on malformed text.
    `(SELECT *, CASE WHEN ok THEN json_extract(j, [${columns.map(path).join(', ')}]) END AS v FROM (
        SELECT ${numbered ? 'ordinality, ' : ''}j, CASE WHEN json_valid(j) THEN json_type(j) = 'OBJECT' ELSE false END AS ok
        FROM ${lines}${numbered ? ' WITH ORDINALITY' : ''})) AS src`;
  const nested = (json: string) => `json_type(${json}) IN ('OBJECT', 'ARRAY')`;
  return {
    format: 'ndjson',
    columns,
    from: parsed(false),
    numberedFrom: parsed(true),
    params: [file],
    // A value is missing where its key is absent (no element), JSON null or empty text.
    text: (c) => `CASE WHEN ${type(c)} <> 'NULL' THEN NULLIF(${value(c)} ->> '$', '') END`,
    // A single value (text, a number, a boolean) is read as a CSV cell is: split on the separator.
    list: (c, separator, split) =>
      `CASE WHEN ${type(c)} = 'ARRAY' THEN NULLIF(list_filter(CAST(${value(c)} AS VARCHAR[]), x -> x IS NOT NULL AND x <> ''), [])
        WHEN ${type(c)} NOT IN ('OBJECT', 'NULL') THEN ${split(`NULLIF(${value(c)} ->> '$', '')`, separator)} END`,
    misshapen: (c, expected) => {
      // CASE, not AND, as above: only arrays are cast.
      const condition =
        expected === 'value'
          ? `coalesce(${nested(value(c))}, false)`
          : `CASE ${type(c)} WHEN 'OBJECT' THEN true WHEN 'ARRAY' THEN len(list_filter(CAST(${value(c)} AS JSON[]), x -> ${nested('x')})) > 0 ELSE false END`;
      const reason =
        expected === 'value'
          ? `CASE ${type(c)} WHEN 'OBJECT' THEN 'a JSON object, where one value belongs: ' ELSE 'a JSON array, where one value belongs (a field holding a list is declared list<string> or list<number>): ' END`
          : `CASE ${type(c)} WHEN 'OBJECT' THEN 'a JSON object, where a list belongs: ' ELSE 'a list holding a JSON object or array, where its elements are single values: ' END`;
      return { condition, column: c, reason: '', reasonSql: `${reason} || CAST(${value(c)} AS VARCHAR)` };
    },
    recordBroken: 'NOT coalesce(src.ok, false)',
    recordProblem: `CASE WHEN src.j IS NULL THEN 'empty line' WHEN NOT json_valid(src.j) THEN 'malformed JSON' ELSE 'not a JSON object' END`,
    raw: 'src.j',
    records: '*',
    readerRejects: async () => null,
    lineOf: (ordinal) => ordinal,
    cleanup: async () => undefined,
  };
}

/** NDJSON keys: the union of the keys of the file's objects, computed by DuckDB. */
async function ndjsonColumns(db: Queryable, file: string): Promise<string[]> {
  const rows = await db.query<{ key: string }>(
    `SELECT DISTINCT unnest(json_keys(j)) AS key FROM ${NDJSON_LINES} WHERE json_valid(j) AND json_type(j) = 'OBJECT' ORDER BY key`,
    [file],
  );
  // Without a single key there is nothing to read: said here rather than as a missing key column.
  if (rows.length === 0) throw new ImportError(`${file} holds no JSON object with a key: NDJSON is one object per line, e.g. {"id": "C1", "name": "Ann"}`);
  return rows.map((r) => r.key);
}

/** A Parquet column type holding more than one value: a struct, a map, a union or a list. */
function isNested(type: string): boolean {
  return /^(STRUCT|MAP|UNION)\b/.test(type) || /\]$/.test(type);
}

async function parquetSource(db: Queryable, file: string): Promise<Source> {
  const described = await db.query<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet($1)`, [file]);
  const types = new Map(described.map((r) => [r.column_name, r.column_type]));
  const isList = (c: string) => /\[[0-9]*\]$/.test(types.get(c) ?? '');
  const textOf = (c: string) => {
    const type = types.get(c) ?? '';
    if (type === 'TIMESTAMP') return `strftime(src.${q(c)}, '%Y-%m-%dT%H:%M:%S.%f')`;
    if (type === 'TIMESTAMP WITH TIME ZONE') return `strftime(src.${q(c)}, '%Y-%m-%dT%H:%M:%S.%f%z')`;
    return `CAST(src.${q(c)} AS VARCHAR)`;
  };
  return {
    format: 'parquet',
    columns: described.map((r) => r.column_name),
    from: `read_parquet($1) AS src`,
    numberedFrom: `(SELECT *, file_row_number + 1 AS ordinality FROM read_parquet($1, file_row_number = true)) AS src`,
    params: [file],
    text: (c) => `NULLIF(${textOf(c)}, '')`,
    list: (c, separator, split) =>
      isList(c) ? `NULLIF(list_filter(CAST(src.${q(c)} AS VARCHAR[]), x -> x IS NOT NULL AND x <> ''), [])` : split(`NULLIF(${textOf(c)}, '')`, separator),
    misshapen: (c, expected) => {
      const type = types.get(c) ?? '';
      const element = type.replace(/\[[0-9]*\]$/, '');
      const condition =
        expected === 'value' ? (isNested(type) ? `(src.${q(c)} IS NOT NULL)` : undefined)
        : isNested(type) && !isList(c) ? `(src.${q(c)} IS NOT NULL)`
        : isList(c) && isNested(element) ? `(len(list_filter(src.${q(c)}, x -> x IS NOT NULL)) > 0)`
        : undefined;
      if (condition === undefined) return undefined;
      const reason = expected === 'value' ? `a nested value (${type}), where one value belongs` : `a nested value (${type}), where a list of single values belongs`;
      return { condition, column: c, reason, value: `CAST(src.${q(c)} AS VARCHAR)` };
    },
    recordBroken: 'false',
    recordProblem: 'NULL',
    // The file's columns only: the numbered scan adds its own (`file_row_number`, `ordinality`).
    raw: `CAST(json_object(${described.map((r) => `${literal(r.column_name)}, src.${q(r.column_name)}`).join(', ')}) AS VARCHAR)`,
    records: '*',
    readerRejects: async () => null,
    lineOf: (ordinal) => ordinal,
    cleanup: async () => undefined,
  };
}

let scans = 0;

/** Opens a file for import; refuses files that cannot be read at all. */
export async function openSource(db: Queryable, file: string, format: FileFormat, encoding: ReaderEncoding = 'utf-8'): Promise<Source> {
  try {
    switch (format) {
      case 'csv':
        return await csvSource(file, ++scans, encoding);
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
