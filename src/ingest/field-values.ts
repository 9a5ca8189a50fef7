/**
 * Typed validation of one declared field, as DuckDB SQL over a source row: the typed value(s) to
 * store and the problems that reject the row ("A value that does not fit its type is a rejected
 * row, never a silent null", workspace.md). Every problem is a `{column, reason}` struct or NULL.
 */
import type { FieldDef } from '../workspace/types.js';
import { latColumn, lonColumn } from '../store/tables.js';
import type { Source } from './source.js';

export interface TypedColumn {
  /** Stored column name. */
  readonly name: string;
  /** SQL of its typed value. */
  readonly sql: string;
}

export interface TypedField {
  readonly field: FieldDef;
  /** Empty when the file lacks the field's column(s): the field is then left as it is. */
  readonly columns: readonly TypedColumn[];
  readonly problems: readonly string[];
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** `{column, reason}` when `condition` holds; the reason may quote the offending text. */
export function problem(condition: string, column: string, reason: string, value?: string): string {
  const text = value === undefined ? literal(reason) : `${literal(`${reason}: "`)} || ${value} || '"'`;
  return `CASE WHEN ${condition} THEN {'column': ${literal(column)}, 'reason': ${text}} END`;
}

const BOOLEAN_TRUE = `('true', '1', 'yes', 'oui')`;
const BOOLEAN_FALSE = `('false', '0', 'no', 'non')`;
const TIMESTAMP_PATTERN = String.raw`\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?`;

/** Typed value and problems of a scalar (non-geopoint, non-list) text value `v` read from `column`. */
export function scalarValue(type: FieldDef['type'], v: string, column: string): { sql: string; problems: string[] } {
  const t = `NULLIF(trim(${v}), '')`;
  switch (type) {
    case 'string':
      return { sql: v, problems: [] };
    case 'number': {
      const n = `TRY_CAST(${t} AS DOUBLE)`;
      return {
        sql: `CASE WHEN isfinite(${n}) THEN ${n} END`,
        problems: [problem(`${t} IS NOT NULL AND NOT coalesce(isfinite(${n}), false)`, column, 'not a number', v)],
      };
    }
    case 'integer': {
      const whole = `regexp_full_match(${t}, '[+-]?[0-9]+')`;
      return {
        sql: `CASE WHEN ${whole} THEN TRY_CAST(${t} AS BIGINT) END`,
        problems: [
          problem(`${t} IS NOT NULL AND NOT ${whole}`, column, 'not a whole number', v),
          problem(`${whole} AND TRY_CAST(${t} AS BIGINT) IS NULL`, column, 'whole number out of range', v),
        ],
      };
    }
    case 'boolean': {
      const l = `lower(${t})`;
      return {
        sql: `CASE WHEN ${l} IN ${BOOLEAN_TRUE} THEN true WHEN ${l} IN ${BOOLEAN_FALSE} THEN false END`,
        problems: [problem(`${t} IS NOT NULL AND ${l} NOT IN ${BOOLEAN_TRUE} AND ${l} NOT IN ${BOOLEAN_FALSE}`, column, 'not a boolean (true/false, 1/0, yes/no, oui/non)', v)],
      };
    }
    case 'date': {
      const shaped = `regexp_full_match(${t}, '\\d{4}-\\d{2}-\\d{2}')`;
      return {
        sql: `CASE WHEN ${shaped} THEN TRY_CAST(${t} AS DATE) END`,
        problems: [
          problem(`${t} IS NOT NULL AND NOT ${shaped}`, column, 'not a date (YYYY-MM-DD)', v),
          problem(`${shaped} AND TRY_CAST(${t} AS DATE) IS NULL`, column, 'impossible date', v),
        ],
      };
    }
    case 'timestamp': {
      const shaped = `regexp_full_match(${t}, ${literal(TIMESTAMP_PATTERN)})`;
      return {
        sql: `CASE WHEN ${shaped} THEN TRY_CAST(${t} AS TIMESTAMPTZ) END`,
        problems: [
          problem(`${t} IS NOT NULL AND NOT ${shaped}`, column, 'not a timestamp (ISO 8601, e.g. 2024-02-29T10:30:00)', v),
          problem(`${shaped} AND TRY_CAST(${t} AS TIMESTAMPTZ) IS NULL`, column, 'impossible timestamp', v),
        ],
      };
    }
    case 'geopoint':
    case 'list<string>':
    case 'list<number>':
      throw new Error(`scalarValue does not handle ${type}`);
  }
}

/** The typed columns and problems of a declared field, or nothing when the file lacks its columns. */
export function typedField(field: FieldDef, source: Source): TypedField {
  const has = (column: string) => source.columns.includes(column);
  if (field.type === 'geopoint') {
    const lat = field.latColumn!;
    const lon = field.lonColumn!;
    if (!has(lat) && !has(lon)) return { field, columns: [], problems: [] };
    if (!has(lat) || !has(lon)) return { field, columns: [], problems: [`{'column': ${literal(has(lat) ? lon : lat)}, 'reason': ${literal(`geopoint "${field.name}" needs both columns ${lat} and ${lon}; the file has only one`)}}`] };
    const latValue = scalarValue('number', source.text(lat), lat);
    const lonValue = scalarValue('number', source.text(lon), lon);
    return {
      field,
      columns: [
        { name: latColumn(field.name), sql: `CASE WHEN ${lonValue.sql} IS NOT NULL AND ${latValue.sql} BETWEEN -90 AND 90 AND ${lonValue.sql} BETWEEN -180 AND 180 THEN ${latValue.sql} END` },
        { name: lonColumn(field.name), sql: `CASE WHEN ${latValue.sql} IS NOT NULL AND ${latValue.sql} BETWEEN -90 AND 90 AND ${lonValue.sql} BETWEEN -180 AND 180 THEN ${lonValue.sql} END` },
      ],
      problems: [
        ...latValue.problems,
        ...lonValue.problems,
        problem(`${latValue.sql} NOT BETWEEN -90 AND 90`, lat, 'latitude outside [-90, 90]', source.text(lat)),
        problem(`${lonValue.sql} NOT BETWEEN -180 AND 180`, lon, 'longitude outside [-180, 180]', source.text(lon)),
        problem(`${source.text(lat)} IS NULL AND ${source.text(lon)} IS NOT NULL`, lat, `latitude missing for geopoint "${field.name}"`),
        problem(`${source.text(lon)} IS NULL AND ${source.text(lat)} IS NOT NULL`, lon, `longitude missing for geopoint "${field.name}"`),
      ],
    };
  }
  if (!has(field.column)) return { field, columns: [], problems: [] };
  if (field.type === 'list<string>' || field.type === 'list<number>') {
    const list = source.list(field.column, field.separator);
    const nonEmpty = `CASE WHEN len(${list}) > 0 THEN ${list} END`;
    if (field.type === 'list<string>') return { field, columns: [{ name: field.name, sql: nonEmpty }], problems: [] };
    const numbers = `list_transform(${nonEmpty}, x -> TRY_CAST(trim(x) AS DOUBLE))`;
    const bad = `len(list_filter(${nonEmpty}, x -> NOT coalesce(isfinite(TRY_CAST(trim(x) AS DOUBLE)), false))) > 0`;
    return {
      field,
      columns: [{ name: field.name, sql: `CASE WHEN NOT (${bad}) THEN ${numbers} END` }],
      problems: [problem(bad, field.column, 'not a list of numbers', `array_to_string(${nonEmpty}, ${literal(field.separator)})`)],
    };
  }
  const value = scalarValue(field.type, source.text(field.column), field.column);
  return { field, columns: [{ name: field.name, sql: value.sql }], problems: value.problems };
}
