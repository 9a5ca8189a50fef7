/**
 * The per-customer summary of the BG/NBD and Gamma-Gamma models (models.md), in one SQL query:
 *
 * - purchases on the same calendar day (in the workspace zone) are one transaction, their amounts
 *   summed (missing amounts count 0), as in the papers' CDNOW data;
 * - `x`: transactions after the first, up to the calibration end (a purchase on the calibration
 *   end date is in the calibration period, one after the evaluation instant never is);
 * - `t_x`: time from the first to the last transaction, `t_cal` (the papers' T): time from the
 *   first transaction to the calibration end date;
 * - `m_x`: mean value of the transactions after the first (null when x = 0).
 *
 * Times are whole days between calendar dates; in weeks, days / 7; in months, calendar months
 * counted from the first purchase's date as the rule language counts them (31 January + 1 month
 * is the last day of February), the month in progress as the share of its days elapsed. The
 * calendar day of each purchase is found by arithmetic on its instant with the zone's offsets over
 * the events' time range (computed by Luxon, `src/time/zone-offsets.ts`): a zone conversion per row
 * would double the cost of the query.
 * Only customers existing at the evaluation instant with at least one purchase are summarised.
 */
import type { Compilation } from '../compiler/compilation.js';
import { propertyColumn } from '../store/tables.js';
import { dayStart, nextDate } from '../time/calendar.js';
import { localDate } from '../time/instant.js';
import { dayNumber, zoneOffsets, type OffsetSpan } from '../time/zone-offsets.js';
import { mapDeferred } from '../store/statement-queue.js';
import type { Queryable, StatementOptions } from '../store/store.js';
import type { ClvModelDef, TimeUnit } from '../workspace/types.js';
import { ModelDataError } from './model-errors.js';
import { existingFilter, subsetFilter, type CustomerSubset } from './model-sql.js';

/** The calibration period of a fit. */
export interface Calibration {
  /** Last calendar day of the period, `YYYY-MM-DD`, in the workspace zone. */
  readonly end: string;
  /** First instant after it (the period is `_time < endExclusive`, and `_time <= at`). */
  readonly endExclusive: Date;
  /** The zone's offsets from the first event to the end (see {@link withOffsets}); UTC's when not known. */
  readonly offsets?: readonly OffsetSpan[];
}

/**
 * The calibration with the zone offsets of the events' time range (the first event of the type up
 * to the end); of the events of `customers` only when given (keys, or SQL selecting `_customer`):
 * a customer run summarises their events alone, and must not scan every event for their range.
 */
export async function withOffsets(db: Queryable, calibration: Calibration, eventType: string, zone: string, customers?: CustomerSubset): Promise<Calibration> {
  return withOffsetsFrom(calibration, await queueFirstEvent(db, eventType, customers), zone);
}

/** The first event of the type (of `customers` when given), queued (`Queryable.defer`); null when none. */
export function queueFirstEvent(db: Queryable, eventType: string, customers?: CustomerSubset, options: StatementOptions = {}): PromiseLike<Date | null> {
  const only = subsetFilter(customers, '_customer', 2);
  const result = db.defer<{ first: Date | null }>(`SELECT min(_time) AS first FROM events WHERE _type = $1${only.sql}`, [eventType, ...only.params], options);
  return mapDeferred(result, ({ rows }) => rows[0]?.first ?? null);
}

/** The calibration with the zone's offsets from `first` (or the end, if later or unknown) to the end. */
export function withOffsetsFrom(calibration: Calibration, first: Date | null, zone: string): Calibration {
  const from = first !== null && first < calibration.endExclusive ? first : calibration.endExclusive;
  return { ...calibration, offsets: zoneOffsets(zone, from, calibration.endExclusive) };
}

/** The calibration end: the setting, else the evaluation date; never after the evaluation date. */
export function calibrationOf(def: ClvModelDef, at: Date, zone: string): Calibration {
  const today = localDate(at, zone);
  const end = def.calibrationEnd ?? today;
  if (end > today) {
    throw new ModelDataError(`model "${def.id}": the calibration end ${end} is after the evaluation date ${today}: purchases after the evaluation instant are not known yet`);
  }
  return { end, endExclusive: dayStart(nextDate(end), zone) };
}

/**
 * SQL of the time between two days (a ≤ b), given as day numbers (days since 1970-01-01), in the
 * unit, as a double.
 */
export function timeBetween(c: Compilation, a: string, b: string, unit: TimeUnit): string {
  const days = (from: string, to: string) => `CAST((${to} - ${from}) AS DOUBLE PRECISION)`;
  switch (unit) {
    case 'days':
      return days(a, b);
    case 'weeks':
      return `(${days(a, b)} / 7)`;
    case 'months':
      return monthsBetween(c, dateOf(a), dateOf(b));
  }
}

/** The date of a day number. */
function dateOf(day: string): string {
  return `(CAST('1970-01-01' AS DATE) + CAST(${day} AS INTEGER))`;
}

/** Calendar months between two dates (a ≤ b): whole months from a, then the share of the month in progress. */
function monthsBetween(c: Compilation, a: string, b: string): string {
  const days = (from: string, to: string) => `CAST((${to} - ${from}) AS DOUBLE PRECISION)`;
  const d = c.dialect;
  const whole0 = `((${d.datePart('year', b)} - ${d.datePart('year', a)}) * 12 + ${d.datePart('month', b)} - ${d.datePart('month', a)})`;
  const whole = `(${whole0} - CASE WHEN ${d.addMonths(a, whole0)} > ${b} THEN 1 ELSE 0 END)`;
  const anchor = d.addMonths(a, whole);
  const next = d.addMonths(a, `${whole} + 1`);
  return `(${whole} + ${days(anchor, b)} / ${days(anchor, next)})`;
}

/**
 * The local calendar day (days since 1970-01-01) of an instant given as seconds since the epoch:
 * plus the zone's offset of its span, divided by a day. Arithmetic per row, no zone conversion.
 */
function localDay(c: Compilation, seconds: string, offsets: readonly OffsetSpan[]): string {
  const spans = offsets.length > 0 ? offsets : [{ offset: 0 }];
  // The most recent span first: most purchases are recent, and a CASE stops at its first match.
  // Span i + 1 begins where span i ends (its `until`).
  const recentFirst = spans
    .slice(1)
    .map((s, i) => `WHEN ${seconds} >= ${c.params.value('number', spans[i]!.until!)} THEN ${c.params.value('integer', s.offset)}`)
    .reverse();
  const offset = spans.length === 1 ? c.params.value('integer', spans[0]!.offset) : `CASE ${recentFirst.join(' ')} ELSE ${c.params.value('integer', spans[0]!.offset)} END`;
  return `CAST(floor((${seconds} + ${offset}) / 86400) AS BIGINT)`;
}

/**
 * `SELECT _customer, x, t_x, t_cal, m_x` (see the module header) for the customers of `c`'s
 * subset, as of the bound evaluation instant.
 */
export function clvSummarySql(c: Compilation, def: ClvModelDef, calibration: Calibration): string {
  const q = (name: string) => c.q(name);
  const e = c.alias('e');
  const seconds = c.dialect.secondsBetween(c.params.value('timestamp', new Date(0)), `${e}.${q('_time')}`);
  const day = localDay(c, 'p.seconds', calibration.offsets ?? []);
  const amount = `COALESCE(${e}.${q(propertyColumn(def.event, def.amount))}, 0)`;
  const filters = [
    `${e}.${q('_type')} = ${c.params.value('text', def.event)}`,
    `${e}.${q('_time')} <= ${c.params.at()}`,
    `${e}.${q('_time')} < ${c.params.value('timestamp', calibration.endExclusive)}`,
    c.restrict(`${e}.${q('_customer')}`),
  ].filter((f) => f !== '');
  const purchases = `SELECT ${e}.${q('_customer')} AS _customer, ${seconds} AS seconds, ${amount} AS amount FROM ${q('events')} ${e} WHERE ${filters.join(' AND ')}`;
  const days = `SELECT p._customer, ${day} AS day, ${c.dialect.exactSum('p.amount')} AS spend FROM (${purchases}) p GROUP BY p._customer, ${day}`;
  // The first day's spend by argMin, not a window over every customer-day (measured 2.5× slower).
  const perCustomer = `SELECT d._customer, count(*) - 1 AS x, min(d.day) AS first_day, max(d.day) AS last_day,
      ${c.dialect.exactSum('d.spend')} - ${c.dialect.argMin('d.spend', 'd.day')} AS repeat_spend
    FROM (${days}) d GROUP BY d._customer`;
  const existing = existingFilter(c, 's._customer');
  const end = c.params.value('integer', dayNumber(calibration.end));
  return `SELECT s._customer, s.x, ${timeBetween(c, 's.first_day', 's.last_day', def.timeUnit)} AS t_x,
      ${timeBetween(c, 's.first_day', end, def.timeUnit)} AS t_cal,
      CASE WHEN s.x > 0 THEN s.repeat_spend / s.x END AS m_x
    FROM (${perCustomer}) s${existing ? ` WHERE ${existing}` : ''}`;
}
