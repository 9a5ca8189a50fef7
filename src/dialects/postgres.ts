import type { FieldType } from '../workspace/types.js';
import type { Dialect, ParamType } from './dialect.js';

const PARAM_TYPES: Record<ParamType, string> = {
  text: 'TEXT',
  number: 'DOUBLE PRECISION',
  integer: 'BIGINT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMPTZ',
  'text[]': 'TEXT[]',
  'number[]': 'DOUBLE PRECISION[]',
};

/**
 * Stored text compares and sorts byte by byte, as DuckDB's does, whatever the database's collation
 * (often en_US.UTF-8, where "a" < "B"): rules.md compares text exactly, value tiers break ties by
 * key, clusters sample customers in key order. A parameter (default collation) compared with such
 * a column takes the column's.
 */
const TEXT = 'TEXT COLLATE "C"';


const COLUMN_TYPES: Record<Exclude<FieldType, 'geopoint'>, string> = {
  string: TEXT,
  number: 'DOUBLE PRECISION',
  integer: 'BIGINT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMPTZ',
  'list<string>': 'TEXT[] COLLATE "C"',
  'list<number>': 'DOUBLE PRECISION[]',
};

/**
 * PostgreSQL (15; Citus distributes it unchanged): arrays with `= ANY`, `&&` and `@>`, the
 * session time zone for local dates, `NUMERIC` for exact sums.
 *
 * `characters` is the collation whose character rules lower text for case-insensitive matching
 * and class characters in regular expressions: the database's own ("default") unless the store
 * found that it lowers ASCII only (a database made with LC_CTYPE "C") and chose another
 * (store/character-rules.ts), so that "ZOÉ" matches "zoé" as in DuckDB.
 */
export function postgresDialectWith(characters: string): Dialect {
  const collate = `COLLATE ${quoteIdentifier(characters)}`;
  const lower = (text: string) => `lower(${text} ${collate})`;
  return {
    ...common,
    containsInsensitive: (text, part) => `(strpos(${lower(text)}, ${lower(part)}) > 0)`,
    startsWithInsensitive: (text, prefix) => `starts_with(${lower(text)}, ${lower(prefix)})`,
    endsWithInsensitive: (text, suffix) => `(right(${lower(text)}, length(${suffix})) = ${lower(suffix)})`,
    regexMatches: (text, pattern) => `((${text} ${collate}) ~ ${pattern})`,
  };
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

type CharacterRules = 'containsInsensitive' | 'startsWithInsensitive' | 'endsWithInsensitive' | 'regexMatches';

const common: Omit<Dialect, CharacterRules> = {
  name: 'postgres',
  quoteIdentifier,
  param: (index, type) => `CAST($${index} AS ${PARAM_TYPES[type]})`,
  columnType: (type) => COLUMN_TYPES[type],
  keyType: TEXT,
  instantType: 'TIMESTAMPTZ',
  indexesCustomerReads: true,
  // `ANY((SELECT …))` would be read as ANY over the sub-select's rows (each one a whole array), so
  // a list that is a scalar sub-select (a model's output read for one customer) is made an expression.
  listContains: (list, item) => `(${item} = ANY(COALESCE(${list}, NULL)))`,
  listHasAny: (list, items) => `(${list} && ${items})`,
  listHasAll: (list, items) => `(${list} @> ${items})`,
  secondsBetween: (a, b) => `CAST(EXTRACT(EPOCH FROM (${b})) - EXTRACT(EPOCH FROM (${a})) AS DOUBLE PRECISION)`,
  localDate: (instant, zone) => `CAST(timezone(${zone}, ${instant}) AS DATE)`,
  datePart: (part, date) => `CAST(EXTRACT(${part} FROM ${date}) AS INTEGER)`,
  // NUMERIC sums are exact, so their result never depends on the order of additions.
  exactSum: (value, filter) => `CAST(sum(CAST(${value} AS NUMERIC(38, 6)))${filter ? ` FILTER (WHERE ${filter})` : ''} AS DOUBLE PRECISION)`,
  // NOT IN over a large sub-select is a per-row scan in PostgreSQL; NOT EXISTS is a hash anti-join.
  keyIn: (key, keys, negated) => (negated ? `(NOT EXISTS (SELECT 1 FROM (${keys}) AS anti(k) WHERE anti.k = ${key}))` : `(${key} IN (${keys}))`),
  // Two integers (counts, ages) would otherwise divide as integers, truncating.
  safeDivide: (a, b) => `(CAST(${a} AS DOUBLE PRECISION) / NULLIF(CAST(${b} AS DOUBLE PRECISION), 0))`,
  addMonths: (date, months) => `CAST(${date} + make_interval(months => CAST(${months} AS INTEGER)) AS DATE)`,
  argMin: (value, key) => `(array_agg(${value} ORDER BY ${key}))[1]`,
  // A row's physical address: stable within one statement; tid has equality and hashing since PostgreSQL 14.
  rowId: (alias) => `${alias}.ctid`,
  // Samples at most 30,000 rows; counts the rows this transaction wrote.
  analyze: (table) => `ANALYZE ${table}`,
  customerRunSettings: `SELECT set_config('jit', 'off', true), set_config('synchronous_commit', 'off', true)`,
};

/** Under the database's own character rules. */
export const postgresDialect: Dialect = postgresDialectWith('default');
