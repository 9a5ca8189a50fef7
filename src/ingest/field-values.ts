/**
 * Typed validation of one declared field, as DuckDB SQL over a source row: the typed value(s) to
 * store, and the checks that reject the row ("A value that does not fit its type is a rejected
 * row, never a silent null", workspace.md). Checks are data, so that an import can OR them into
 * one cheap boolean while loading, and spell them out only for the rows that fail.
 */
import type { FieldDef } from '../workspace/types.js';
import type { Source } from './source.js';

export interface TypedColumn {
  /** Stored column name suffix: the field name, or `name.lat` / `name.lon` for geopoints. */
  readonly name: string;
  /** SQL of its typed value. */
  readonly sql: string;
}

/** A condition that rejects a row, with the column and the reason given to the user. */
export interface Check {
  /** SQL, true when the row fails (never NULL). */
  readonly condition: string;
  readonly column: string;
  readonly reason: string;
  /** SQL of the offending text, quoted in the reason. */
  readonly value?: string;
  /** SQL giving the whole reason, when it depends on the row (replaces `reason`). */
  readonly reasonSql?: string;
}

export interface TypedField {
  readonly field: FieldDef;
  /** Empty when the file lacks the field's column(s): the field is then left as it is. */
  readonly columns: readonly TypedColumn[];
  readonly checks: readonly Check[];
}

/** A SQL string literal for text chosen by Segmenta itself (never user data). */
export const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** True (never NULL) when any check fails. */
export function anyFails(checks: readonly Check[]): string {
  return checks.length === 0 ? 'false' : checks.map((c) => `coalesce(${c.condition}, false)`).join(' OR ');
}

/** A `STRUCT(column, reason)[]` of the failing checks of a row. */
export function failures(checks: readonly Check[]): string {
  const items = checks.map((c) => {
    const reason = c.reasonSql ?? (c.value === undefined ? literal(c.reason) : `${literal(`${c.reason}: "`)} || ${c.value} || '"'`);
    return `CASE WHEN coalesce(${c.condition}, false) THEN {'column': ${literal(c.column)}, 'reason': ${reason}} END`;
  });
  return `list_filter([${items.join(', ')}]::STRUCT("column" VARCHAR, reason VARCHAR)[], p -> p IS NOT NULL)`;
}

/**
 * The reasons of a row's failures (`failures`) as one text, `; ` between them: the first failure of
 * each column only, since the others follow from it (an array where a customer key belongs is
 * also an unknown customer).
 */
export function reasonsText(problems: string): string {
  // Lambda parameters named so as not to hide `problems` (`p` in load-events.ts).
  const firstOfColumn = `list_filter(${problems}, (_failure, _i) -> NOT list_contains(list_transform(${problems}[1:_i - 1], _earlier -> _earlier."column"), _failure."column"))`;
  return `array_to_string(list_transform(${firstOfColumn}, _failure -> _failure.reason), '; ')`;
}

/** Restricts checks to rows where `guard` holds (an event property is checked on its own type only). */
export function guarded(checks: readonly Check[], guard: string): Check[] {
  return checks.map((c) => ({ ...c, condition: `(${guard} AND ${c.condition})` }));
}

/**
 * Rejects text holding a NUL character (byte 0): DuckDB stores it, PostgreSQL refuses it in text
 * and would fail the whole import without saying where, so both stores reject the row.
 */
export function nulCheck(text: string, column: string): Check {
  return { condition: `contains(${text}, chr(0))`, column, reason: 'a NUL character (byte 0), which text cannot hold' };
}

/**
 * `12,50` or `1,000` from a spreadsheet set to a European locale: digits with commas between them.
 * Said as such in the rejection, never read as another number.
 */
function commaNumber(text: string): string {
  return `regexp_full_match(${text}, '\\s*[+-]?[0-9]+(,[0-9]+)+\\s*')`;
}
const COMMA_ADVICE = '(decimals are written with ".", without thousands separators)';

const BOOLEAN_TRUE = `('true', '1', 'yes', 'oui')`;
const BOOLEAN_FALSE = `('false', '0', 'no', 'non')`;

/**
 * Typed value and checks of a scalar text value `v` (NULL when empty) read from `column`. DuckDB's casts do the
 * parsing (`TRY_CAST` gives NULL for text that does not fit); text that is present but does not
 * cast is the rejection. Timestamps without offset are read in the session's zone, the workspace's.
 */
export function scalarValue(type: FieldDef['type'], v: string, column: string): { sql: string; checks: Check[] } {
  const t = v;
  switch (type) {
    case 'string':
      return { sql: v, checks: [nulCheck(v, column)] };
    case 'number': {
      const n = `TRY_CAST(${t} AS DOUBLE)`;
      const comma = commaNumber(t);
      return {
        sql: `CASE WHEN isfinite(${n}) THEN ${n} END`,
        checks: [
          { condition: `(${t} IS NOT NULL AND ${comma})`, column, reason: `not a number ${COMMA_ADVICE}`, value: v },
          { condition: `(${t} IS NOT NULL AND NOT ${comma} AND NOT coalesce(isfinite(${n}), false))`, column, reason: 'not a number', value: v },
        ],
      };
    }
    case 'integer': {
      // `3.0` and `3.00` are 3, as data frames and spreadsheets write whole numbers (their zeros are
      // dropped before the cast, which refuses them); `1.000` is refused: a thousand, in some locales.
      const n = `TRY_CAST(CASE WHEN contains(${t}, '.') THEN regexp_replace(${t}, '\\.0+', '') ELSE ${t} END AS BIGINT)`;
      const whole = `regexp_full_match(${t}, '\\s*[+-]?[0-9]+(\\.00?)?\\s*')`;
      const comma = commaNumber(t);
      return {
        sql: `CASE WHEN ${whole} THEN ${n} END`,
        checks: [
          { condition: `(${t} IS NOT NULL AND ${comma})`, column, reason: `not a whole number ${COMMA_ADVICE}`, value: v },
          { condition: `(${t} IS NOT NULL AND NOT ${comma} AND NOT (${whole} AND ${n} IS NOT NULL))`, column, reason: 'not a whole number (or out of range)', value: v },
        ],
      };
    }
    case 'boolean': {
      const l = `lower(trim(${t}))`;
      return {
        sql: `CASE WHEN ${l} IN ${BOOLEAN_TRUE} THEN true WHEN ${l} IN ${BOOLEAN_FALSE} THEN false END`,
        checks: [{ condition: `(${t} IS NOT NULL AND ${l} NOT IN ${BOOLEAN_TRUE} AND ${l} NOT IN ${BOOLEAN_FALSE})`, column, reason: 'not a boolean (true/false, 1/0, yes/no, oui/non)', value: v }],
      };
    }
    case 'date': {
      const d = `TRY_CAST(${t} AS DATE)`;
      const shaped = `regexp_full_match(${t}, '\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\\s*')`;
      return {
        sql: `CASE WHEN ${shaped} THEN ${d} END`,
        checks: [
          { condition: `(${t} IS NOT NULL AND NOT ${shaped})`, column, reason: 'not a date (YYYY-MM-DD)', value: v },
          { condition: `(${shaped} AND ${d} IS NULL)`, column, reason: 'impossible date', value: v },
        ],
      };
    }
    case 'timestamp': {
      // DuckDB's cast wants the seconds when there is an offset (`12:00Z` fails where `12:00`
      // passes); ISO 8601, `--at` and rules do not: they are added, on the rows whose cast failed.
      const withSeconds = `regexp_replace(${t}, '^(\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2})(\\s*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)\\s*)$', '\\1:00\\2')`;
      const parsed = `coalesce(TRY_CAST(${t} AS TIMESTAMPTZ), TRY_CAST(${withSeconds} AS TIMESTAMPTZ))`;
      // 'infinity' and years of five digits and more cast too, but are no ISO 8601 instant, and
      // JavaScript's Date (profiles, JSON) cannot show them: the years 0000 to 9999 (UTC) only.
      const ts = `CASE WHEN ${parsed} >= TIMESTAMPTZ '0000-01-01 00:00:00+00' AND ${parsed} < TIMESTAMPTZ '10000-01-01 00:00:00+00' THEN ${parsed} END`;
      return {
        sql: ts,
        checks: [{ condition: `(${t} IS NOT NULL AND ${ts} IS NULL)`, column, reason: 'not a valid timestamp (ISO 8601, e.g. 2024-02-29T10:30:00)', value: v }],
      };
    }
    case 'geopoint':
    case 'list<string>':
    case 'list<number>':
      throw new Error(`scalarValue does not handle ${type}`);
  }
}

/**
 * A list cell (never empty) split on its separator. Elements are trimmed and empty ones
 * dropped, with that (slower) lambda pass only on cells that need it; a cell of separators only
 * is missing.
 */
function splitList(text: string, separator: string): string {
  const sep = literal(separator);
  const needsCleaning = `(contains(${text}, ${literal(`${separator}${separator}`)}) OR contains(${text}, ${literal(` ${separator}`)}) OR contains(${text}, ${literal(`${separator} `)}) OR starts_with(${text}, ${sep}) OR ends_with(${text}, ${sep}) OR starts_with(${text}, ' ') OR ends_with(${text}, ' '))`;
  return `CASE WHEN ${needsCleaning} THEN NULLIF(list_filter(list_transform(string_split(${text}, ${sep}), x -> trim(x)), x -> x <> ''), []) ELSE string_split(${text}, ${sep}) END`;
}

/** The check of a column's shape where the format has shapes (NDJSON, Parquet), as a list. */
export function shapeChecks(source: Source, column: string, expected: 'value' | 'list'): Check[] {
  const check = source.misshapen(column, expected);
  return check === undefined ? [] : [check];
}

/** The typed columns and checks of a declared field, or nothing when the file lacks its columns. */
export function typedField(field: FieldDef, source: Source): TypedField {
  const typed = typedValues(field, source);
  const columns = field.type === 'geopoint' ? [field.latColumn!, field.lonColumn!] : [field.column];
  const expected = field.type === 'list<string>' || field.type === 'list<number>' ? 'list' : 'value';
  const shapes = typed.columns.length === 0 ? [] : columns.flatMap((c) => shapeChecks(source, c, expected));
  return shapes.length === 0 ? typed : { ...typed, checks: [...shapes, ...typed.checks] };
}

function typedValues(field: FieldDef, source: Source): TypedField {
  const has = (column: string) => source.columns.includes(column);
  if (field.type === 'geopoint') {
    const lat = field.latColumn!;
    const lon = field.lonColumn!;
    if (!has(lat) && !has(lon)) return { field, columns: [], checks: [] };
    if (!has(lat) || !has(lon)) {
      return { field, columns: [], checks: [{ condition: 'true', column: has(lat) ? lon : lat, reason: `geopoint "${field.name}" needs both columns ${lat} and ${lon}; the file has only one` }] };
    }
    const latValue = scalarValue('number', source.text(lat), lat);
    const lonValue = scalarValue('number', source.text(lon), lon);
    const inRange = `(${latValue.sql} BETWEEN -90 AND 90 AND ${lonValue.sql} BETWEEN -180 AND 180)`;
    return {
      field,
      columns: [
        { name: `${field.name}.lat`, sql: `CASE WHEN ${inRange} THEN ${latValue.sql} END` },
        { name: `${field.name}.lon`, sql: `CASE WHEN ${inRange} THEN ${lonValue.sql} END` },
      ],
      checks: [
        ...latValue.checks,
        ...lonValue.checks,
        { condition: `(${latValue.sql} NOT BETWEEN -90 AND 90)`, column: lat, reason: 'latitude outside [-90, 90]', value: source.text(lat) },
        { condition: `(${lonValue.sql} NOT BETWEEN -180 AND 180)`, column: lon, reason: 'longitude outside [-180, 180]', value: source.text(lon) },
        { condition: `(${source.text(lat)} IS NULL AND ${source.text(lon)} IS NOT NULL)`, column: lat, reason: `latitude missing for geopoint "${field.name}"` },
        { condition: `(${source.text(lon)} IS NULL AND ${source.text(lat)} IS NOT NULL)`, column: lon, reason: `longitude missing for geopoint "${field.name}"` },
      ],
    };
  }
  if (!has(field.column)) return { field, columns: [], checks: [] };
  if (field.type === 'list<string>' || field.type === 'list<number>') {
    const list = source.list(field.column, field.separator, splitList);
    if (field.type === 'list<string>') {
      // A CSV cell is looked at before it is split: a lambda over every list costs 6 % of an events import.
      const holdsNul = source.format === 'csv' ? `contains(${source.text(field.column)}, chr(0))` : `(len(list_filter(${list}, x -> contains(x, chr(0)))) > 0)`;
      return { field, columns: [{ name: field.name, sql: list }], checks: [{ ...nulCheck('', field.column), condition: holdsNul }] };
    }
    const bad = `(len(list_filter(${list}, x -> NOT coalesce(isfinite(TRY_CAST(trim(x) AS DOUBLE)), false))) > 0)`;
    return {
      field,
      columns: [{ name: field.name, sql: `CASE WHEN NOT coalesce(${bad}, false) THEN list_transform(${list}, x -> TRY_CAST(trim(x) AS DOUBLE)) END` }],
      checks: [{ condition: bad, column: field.column, reason: 'not a list of numbers', value: `array_to_string(${list}, ${literal(field.separator)})` }],
    };
  }
  const value = scalarValue(field.type, source.text(field.column), field.column);
  return { field, columns: [{ name: field.name, sql: value.sql }], checks: value.checks };
}
