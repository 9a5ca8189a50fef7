/**
 * Calendar arithmetic in a time zone, for relative instants of rules (`6 months ago`) and the
 * whole-day meaning of dates. Luxon does the work: hours are exact durations; days, weeks,
 * months and years move the wall clock in the zone (so `1 day ago` across a clock change is 23 or
 * 25 hours, and `6 months ago` on 31 August is the last day of February).
 */
import { DateTime } from 'luxon';
import type { DurationUnit } from '../rules/index.js';
import { InstantError } from './instant.js';

/** The instant `amount` `unit`s before `at`, in `zone`. */
export function instantBefore(at: Date, amount: number, unit: DurationUnit, zone: string): Date {
  return DateTime.fromJSDate(at, { zone }).minus({ [unit]: amount }).toJSDate();
}

/** The first instant of a calendar date in `zone` (midnight, or the first instant after a gap). */
export function dayStart(date: string, zone: string): Date {
  return DateTime.fromISO(date, { zone }).startOf('day').toJSDate();
}

/** The calendar date after `date`. */
export function nextDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: 1 }).toISODate()!;
}

/** An ISO timestamp literal of a rule: with its offset, or in `zone` without one. */
export function timestampLiteral(text: string, zone: string): Date {
  const parsed = DateTime.fromISO(text, { zone, setZone: false });
  if (!parsed.isValid) throw new InstantError(`"${text}" is not a valid timestamp`);
  return parsed.toJSDate();
}

/** Year, month and day of an instant's calendar date in `zone`. */
export function dateParts(at: Date, zone: string): { year: number; month: number; day: number } {
  const d = DateTime.fromJSDate(at, { zone });
  return { year: d.year, month: d.month, day: d.day };
}
