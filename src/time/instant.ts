/**
 * Instants as users write them: ISO dates and date-times, naive ones in the workspace's time zone.
 * Luxon does the zone arithmetic (DST gaps and overlaps, calendar months) so that no code here
 * computes offsets by hand.
 */
import { DateTime } from 'luxon';
import { dateProblem, timestampProblem } from '../rules/literal-text.js';

/** Thrown for text that is not an ISO date or date-time. */
export class InstantError extends Error {
  override readonly name = 'InstantError';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
/** The time and a numeric offset at the end of an ISO date-time (`T10:00` and `+02`, `+0200`, `+02:00`). */
const OFFSET = /(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([+-]\d{2}):?(\d{2})?$/;

/**
 * Parses `--at` and friends. A bare date is the start of that day in `zone` (as a date compared
 * with an instant stands from its start); a date-time without offset is in `zone`.
 */
export function parseInstant(text: string, zone: string): Date {
  const trimmed = text.trim();
  if (!ISO_DATE.test(trimmed) && !ISO_DATE_TIME.test(trimmed)) {
    throw new InstantError(`"${text}" is not an ISO date or date-time (e.g. 2024-06-30 or 2024-06-30T18:00:00)`);
  }
  const iso = trimmed.replace(' ', 'T');
  const parsed = DateTime.fromISO(iso, { zone, setZone: false });
  // Luxon reads an offset of +25:00 as 25 hours; the rule language refuses it, and so does --at.
  const problem = whyInvalid(iso);
  if (problem !== undefined || !parsed.isValid) throw new InstantError(`"${text}" is not a valid date or time: ${problem ?? parsed.invalidExplanation ?? parsed.invalidReason}`);
  return parsed.toJSDate();
}

/** Why an ISO-shaped date or date-time does not exist, in the rule language's words (Luxon's messages name its own arguments). */
function whyInvalid(text: string): string | undefined {
  if (ISO_DATE.test(text)) return dateProblem(text);
  // The rule language writes offsets ±HH:MM only; --at also takes ±HHMM and ±HH, written out here.
  return timestampProblem(text.replace(OFFSET, (_, time: string, hours: string, minutes = '00') => `${time}${hours}:${minutes}`));
}

/** An instant as ISO text in `zone`, with its offset (`2024-06-30T18:00:00+02:00`). */
export function formatInstant(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true })!;
}

/** The calendar date of an instant in `zone` (`YYYY-MM-DD`). */
export function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

/** The first instant of a calendar date in `zone`. */
export function startOfDay(date: string, zone: string): Date {
  return DateTime.fromISO(date, { zone }).startOf('day').toJSDate();
}
