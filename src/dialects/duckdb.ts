import type { FieldType } from '../workspace/types.js';
import type { Dialect, ParamType } from './dialect.js';

const PARAM_TYPES: Record<ParamType, string> = {
  text: 'VARCHAR',
  number: 'DOUBLE',
  integer: 'BIGINT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMPTZ',
  'text[]': 'VARCHAR[]',
  'number[]': 'DOUBLE[]',
};

const COLUMN_TYPES: Record<Exclude<FieldType, 'geopoint'>, string> = {
  string: 'VARCHAR',
  number: 'DOUBLE',
  integer: 'BIGINT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMPTZ',
  'list<string>': 'VARCHAR[]',
  'list<number>': 'DOUBLE[]',
};

/** DuckDB (embedded, columnar): list functions, `FILTER` clauses, ICU time zones. */
export const duckdbDialect: Dialect = {
  name: 'duckdb',
  quoteIdentifier: (name) => `"${name.replaceAll('"', '""')}"`,
  param: (index, type) => `CAST($${index} AS ${PARAM_TYPES[type]})`,
  columnType: (type) => COLUMN_TYPES[type],
  keyType: 'VARCHAR',
  instantType: 'TIMESTAMPTZ',
  indexesCustomerReads: false,
  listContains: (list, item) => `list_contains(${list}, ${item})`,
  listHasAny: (list, items) => `list_has_any(${list}, ${items})`,
  listHasAll: (list, items) => `list_has_all(${list}, ${items})`,
  containsInsensitive: (text, part) => `contains(lower(${text}), lower(${part}))`,
  startsWithInsensitive: (text, prefix) => `starts_with(lower(${text}), lower(${prefix}))`,
  endsWithInsensitive: (text, suffix) => `ends_with(lower(${text}), lower(${suffix}))`,
  regexMatches: (text, pattern) => `regexp_matches(${text}, ${pattern})`,
  secondsBetween: (a, b) => `(epoch(${b}) - epoch(${a}))`,
  localDate: (instant, zone) => `CAST(timezone(${zone}, ${instant}) AS DATE)`,
  datePart: (part, date) => `${part}(${date})`,
  // 38 digits with 6 decimals: exact for money and ordinary measures, no overflow below 1e32.
  exactSum: (value, filter) => `CAST(sum(CAST(${value} AS DECIMAL(38, 6)))${filter ? ` FILTER (WHERE ${filter})` : ''} AS DOUBLE)`,
  // NOT IN is DuckDB's fastest anti-join here (keys are never NULL).
  keyIn: (key, keys, negated) => `(${key} ${negated ? 'NOT ' : ''}IN (${keys}))`,
  safeDivide: (a, b) => `(CAST(${a} AS DOUBLE) / NULLIF(CAST(${b} AS DOUBLE), 0))`,
  // PostgreSQL: CAST(${date} + make_interval(months => CAST(${months} AS INTEGER)) AS DATE), which clamps likewise.
  addMonths: (date, months) => `CAST(${date} + to_months(CAST(${months} AS INTEGER)) AS DATE)`,
  // PostgreSQL: (array_agg(${value} ORDER BY ${key}))[1].
  argMin: (value, key) => `arg_min(${value}, ${key})`,
  // PostgreSQL: ${alias}.ctid (type tid: equality, hashing and grouping since PostgreSQL 14).
  rowId: (alias) => `${alias}.rowid`,
  // Statistics (min, max, distinct counts) are kept up to date as rows are written.
  analyze: () => undefined,
};
