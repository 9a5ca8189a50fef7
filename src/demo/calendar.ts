import type { Random } from '../math/random.js';
import { WeightedChoice } from './weighted-choice.js';

/**
 * The clinic's calendar: the days of the history as integers (day 0 is the first day), their
 * formatted dates, whether the clinic is open, and the times of day at which things happen.
 * Times are naive wall-clock times in the workspace zone (Europe/Zurich), kept as seconds since
 * day 0 at midnight. Clinic hours never touch 02:00–03:00, so no generated time falls in a
 * daylight-saving gap or overlap.
 */

const SECONDS_PER_DAY = 86_400;

/** How the clinic runs on a day (`History.kind`). */
export const DayKind = {
  Weekday: 0,
  Saturday: 1,
  /** Sunday or a public holiday of the canton of Vaud: emergencies only. */
  Closed: 2,
} as const;

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export function epochDay(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / 86_400_000);
}

/** The civil date of a day since 1970-01-01 (Howard Hinnant's `civil_from_days`). */
export function civilDate(epochDayNumber: number): CivilDate {
  const z = epochDayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** `YYYY-MM-DD` of a day since 1970-01-01. */
export function formatEpochDay(epochDayNumber: number): string {
  const { year, month, day } = civilDate(epochDayNumber);
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** Parses a strict `YYYY-MM-DD` into a day since 1970-01-01, or undefined if it is no real date. */
export function parseIsoDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const day = epochDay(Number(match[1]), Number(match[2]), Number(match[3]));
  return formatEpochDay(day) === text ? day : undefined;
}

function daysInMonth(year: number, month: number): number {
  return civilDate(epochDay(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - 1).day;
}

/** Easter Sunday (anonymous Gregorian algorithm), as a day since 1970-01-01. */
function easter(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return epochDay(year, month, day);
}

/** Public holidays of the canton of Vaud in one year. */
function vaudHolidays(year: number): number[] {
  const e = easter(year);
  const septemberFirst = epochDay(year, 9, 1);
  const firstSunday = septemberFirst + ((7 - weekday(septemberFirst)) % 7);
  return [
    epochDay(year, 1, 1),
    epochDay(year, 1, 2),
    e - 2, // Good Friday
    e + 1, // Easter Monday
    e + 39, // Ascension
    e + 50, // Whit Monday
    epochDay(year, 8, 1),
    firstSunday + 15, // Lundi du Jeûne fédéral: the Monday after the third Sunday of September
    epochDay(year, 12, 25),
  ];
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(epochDayNumber: number): number {
  return (((epochDayNumber + 4) % 7) + 7) % 7;
}

/** Calendar facts about every day of the history, computed once. */
export interface History {
  readonly firstEpochDay: number;
  /** Number of days, the last one being `until`. */
  readonly days: number;
  /** `YYYY-MM-DD` of each day. */
  readonly dateText: readonly string[];
  readonly kind: Uint8Array;
  /** 1-12 for each day. */
  readonly monthOfYear: Uint8Array;
  /** 0 for the first calendar year of the history, then 1, 2, 3. */
  readonly yearIndex: Uint8Array;
  /** Calendar months covering the history: first and last day (both included) of each. */
  readonly months: readonly { readonly first: number; readonly last: number }[];
}

/** The three years that end with `untilEpochDay` (included). */
export function buildHistory(untilEpochDay: number): History {
  const until = civilDate(untilEpochDay);
  const backYear = until.year - 3;
  const firstEpochDay = epochDay(backYear, until.month, Math.min(until.day, daysInMonth(backYear, until.month))) + 1;
  const days = untilEpochDay - firstEpochDay + 1;
  const holidays = new Set<number>();
  for (let year = backYear; year <= until.year; year++) for (const day of vaudHolidays(year)) holidays.add(day);

  const dateText: string[] = new Array<string>(days);
  const kind = new Uint8Array(days);
  const monthOfYear = new Uint8Array(days);
  const yearIndex = new Uint8Array(days);
  const months: { first: number; last: number }[] = [];
  const firstYear = civilDate(firstEpochDay).year;
  for (let d = 0; d < days; d++) {
    const e = firstEpochDay + d;
    const date = civilDate(e);
    dateText[d] = formatEpochDay(e);
    const w = weekday(e);
    kind[d] = w === 0 || holidays.has(e) ? DayKind.Closed : w === 6 ? DayKind.Saturday : DayKind.Weekday;
    monthOfYear[d] = date.month;
    yearIndex[d] = date.year - firstYear;
    if (d === 0 || date.day === 1) months.push({ first: d, last: d });
    const current = months[months.length - 1];
    if (current) current.last = d;
  }
  return { firstEpochDay, days, dateText, kind, monthOfYear, yearIndex, months };
}

/** `HH:MM:SS` for every second of a day. */
export function buildTimeTexts(): string[] {
  const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
  const texts = new Array<string>(SECONDS_PER_DAY);
  for (let s = 0; s < SECONDS_PER_DAY; s++) {
    texts[s] = `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
  }
  return texts;
}

/** How likely an appointment falls on a day of this kind, relative to a weekday. */
const APPOINTMENT_DAY_WEIGHT = [1, 0.55, 0.04] as const;

/**
 * A day in [from, to] (both included) for an appointment: weekdays first, Saturdays half as
 * often, Sundays and holidays only for emergencies. Returns -1 when the range is empty.
 */
export function appointmentDay(history: History, from: number, to: number, rng: Random): number {
  if (to < from) return -1;
  for (let attempt = 0; attempt < 16; attempt++) {
    const d = from + Math.floor(rng.next() * (to - from + 1));
    if (rng.next() < (APPOINTMENT_DAY_WEIGHT[history.kind[d] ?? DayKind.Closed] ?? 0)) return d;
  }
  return from + Math.floor(rng.next() * (to - from + 1));
}

/** A weekday in [from, to] for a planned procedure (a Saturday if there is none); -1 if empty. */
export function plannedDay(history: History, from: number, to: number, rng: Random): number {
  if (to < from) return -1;
  for (let attempt = 0; attempt < 16; attempt++) {
    const d = from + Math.floor(rng.next() * (to - from + 1));
    if (history.kind[d] === DayKind.Weekday) return d;
  }
  const open = nextOpenDay(history, from);
  return open <= to ? open : from;
}

/** The first day from `day` on when the clinic is open, or `day` itself if none within a week. */
export function nextOpenDay(history: History, day: number): number {
  for (let d = day; d < Math.min(day + 7, history.days); d++) if (history.kind[d] !== DayKind.Closed) return d;
  return day;
}

// Arrivals per hour at the front desk from 08:00 on weekdays: quiet at lunch, busy late afternoon.
const WEEKDAY_HOURS = new WeightedChoice([0.7, 1, 1.1, 1, 0.3, 0.5, 0.9, 1, 1.05, 1.15, 0.35]);
// Saturdays from 08:30 to noon.
const SATURDAY_HOURS = new WeightedChoice([0.5, 1, 1, 0.8]);
// Web shop orders and sign-ups from 07:00: morning coffee, lunch break and, most of all, the evening.
const ONLINE_HOURS = new WeightedChoice([0.4, 0.7, 0.8, 0.7, 0.6, 0.9, 0.8, 0.6, 0.6, 0.6, 0.7, 0.9, 1.2, 1.5, 1.5, 1.1, 0.5]);

/** Seconds of day for an arrival at the clinic on a day of the given kind. */
export function clinicTime(kind: number, rng: Random): number {
  if (kind === DayKind.Closed) return emergencyTime(rng);
  if (kind === DayKind.Saturday) {
    const hour = 8 + SATURDAY_HOURS.index(rng);
    const start = hour === 8 ? 30 : 0;
    return hour * 3600 + (start + Math.floor(rng.next() * (60 - start))) * 60 + Math.floor(rng.next() * 60);
  }
  const hour = 8 + WEEKDAY_HOURS.index(rng);
  const minutes = hour === 18 ? 30 : 60;
  return hour * 3600 + Math.floor(rng.next() * minutes) * 60 + Math.floor(rng.next() * 60);
}

/** Seconds of day for an emergency: any time from 07:00 to 22:59, most in the evening. */
export function emergencyTime(rng: Random): number {
  const hour = rng.chance(0.6) ? 18 + Math.floor(rng.next() * 5) : 7 + Math.floor(rng.next() * 11);
  return hour * 3600 + Math.floor(rng.next() * 3600);
}

/** Seconds of day for a web-shop order or an online sign-up (07:00 to 23:59). */
export function onlineTime(rng: Random): number {
  return (7 + ONLINE_HOURS.index(rng)) * 3600 + Math.floor(rng.next() * 3600);
}

export { SECONDS_PER_DAY };
