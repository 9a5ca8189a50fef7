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
 * is the last day of February), the month in progress as the share of its days elapsed.
 * Only customers existing at the evaluation instant with at least one purchase are summarised.
 */
import type { Compilation } from '../compiler/compilation.js';
import { propertyColumn } from '../store/tables.js';
import { dayStart, nextDate } from '../time/calendar.js';
import { localDate } from '../time/instant.js';
import type { ClvModelDef, TimeUnit } from '../workspace/types.js';
import { ModelDataError } from './model-errors.js';
import { existingFilter } from './model-sql.js';

/** The calibration period of a fit. */
export interface Calibration {
  /** Last calendar day of the period, `YYYY-MM-DD`, in the workspace zone. */
  readonly end: string;
  /** First instant after it (the period is `_time < endExclusive`, and `_time <= at`). */
  readonly endExclusive: Date;
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

/** SQL of the time between two dates (a ≤ b) in the unit, as a double. */
export function timeBetween(c: Compilation, a: string, b: string, unit: TimeUnit): string {
  const days = (from: string, to: string) => `CAST((${to} - ${from}) AS DOUBLE PRECISION)`;
  switch (unit) {
    case 'days':
      return days(a, b);
    case 'weeks':
      return `(${days(a, b)} / 7)`;
    case 'months': {
      const d = c.dialect;
      const whole0 = `((${d.datePart('year', b)} - ${d.datePart('year', a)}) * 12 + ${d.datePart('month', b)} - ${d.datePart('month', a)})`;
      const whole = `(${whole0} - CASE WHEN ${d.addMonths(a, whole0)} > ${b} THEN 1 ELSE 0 END)`;
      const anchor = d.addMonths(a, whole);
      const next = d.addMonths(a, `${whole} + 1`);
      return `(${whole} + ${days(anchor, b)} / ${days(anchor, next)})`;
    }
  }
}

/**
 * `SELECT _customer, x, t_x, t_cal, m_x` (see the module header) for the customers of `c`'s
 * subset, as of the bound evaluation instant.
 */
export function clvSummarySql(c: Compilation, def: ClvModelDef, calibration: Calibration): string {
  const q = (name: string) => c.q(name);
  const e = c.alias('e');
  const zone = c.params.value('text', c.zone);
  const day = c.dialect.localDate(`${e}.${q('_time')}`, zone);
  const amount = `COALESCE(${e}.${q(propertyColumn(def.event, def.amount))}, 0)`;
  const filters = [
    `${e}.${q('_type')} = ${c.params.value('text', def.event)}`,
    `${e}.${q('_time')} <= ${c.params.at()}`,
    `${e}.${q('_time')} < ${c.params.value('timestamp', calibration.endExclusive)}`,
    c.restrict(`${e}.${q('_customer')}`),
    existingFilter(c, `${e}.${q('_customer')}`),
  ].filter((f) => f !== '');
  const days = `SELECT ${e}.${q('_customer')} AS _customer, ${day} AS day, ${c.dialect.exactSum(amount)} AS spend
    FROM ${q('events')} ${e} WHERE ${filters.join(' AND ')} GROUP BY ${e}.${q('_customer')}, ${day}`;
  const ranked = `SELECT d._customer, d.day, d.spend, min(d.day) OVER (PARTITION BY d._customer) AS first_day FROM (${days}) d`;
  const perCustomer = `SELECT r._customer, count(*) - 1 AS x, r.first_day, max(r.day) AS last_day,
      ${c.dialect.exactSum('CASE WHEN r.day > r.first_day THEN r.spend END')} AS repeat_spend
    FROM (${ranked}) r GROUP BY r._customer, r.first_day`;
  const end = c.params.value('date', calibration.end);
  return `SELECT s._customer, s.x, ${timeBetween(c, 's.first_day', 's.last_day', def.timeUnit)} AS t_x,
      ${timeBetween(c, 's.first_day', end, def.timeUnit)} AS t_cal,
      CASE WHEN s.x > 0 THEN s.repeat_spend / s.x END AS m_x
    FROM (${perCustomer}) s`;
}
