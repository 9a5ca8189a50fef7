/**
 * The UTC offsets a time zone takes between two instants, as a short list of spans, so that SQL
 * can turn a stored instant into its local calendar day with arithmetic (seconds since the epoch
 * plus the offset of its span, divided by a day) instead of a time zone conversion per row.
 */
import { DateTime } from 'luxon';

/** Offset `offset` (seconds east of UTC) holds for instants before `until` (epoch seconds; the last span has none). */
export interface OffsetSpan {
  readonly until?: number;
  readonly offset: number;
}

/**
 * How far apart offsets are compared before bisecting: a day. The offset changes of the time zone
 * database are weeks or months apart, so a day finds each of them (tested hour by hour against
 * Luxon over 16 years of zones whose changes come close together).
 */
const STEP = 86_400_000;

function offsetAt(ms: number, zone: string): number {
  return DateTime.fromMillis(ms, { zone }).offset * 60;
}

/** An offset change: from second `at` (epoch seconds) on, the zone is at `offset`. */
interface OffsetChange {
  readonly at: number;
  readonly offset: number;
}

/** The changes in (from, to], found day by day, then to the second by bisection. */
function walkChanges(zone: string, from: number, to: number): OffsetChange[] {
  const changes: OffsetChange[] = [];
  let offset = offsetAt(from, zone);
  for (let t = from; t < to; t += STEP) {
    const next = Math.min(t + STEP, to);
    if (offsetAt(next, zone) === offset) continue;
    // The first second with the new offset, by bisection in (t, next].
    let [low, high] = [Math.floor(t / 1000), Math.ceil(next / 1000)];
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (offsetAt(mid * 1000, zone) === offset) low = mid;
      else high = mid;
    }
    offset = offsetAt(high * 1000, zone);
    changes.push({ at: high, offset });
    t = high * 1000 - STEP;
  }
  return changes;
}

/**
 * The changes of each (zone, UTC year), walked once per process: every customer run needs the
 * offsets from its customers' first event on, and walking years of days with Luxon cost about
 * 10 ms per run.
 */
const yearCache = new Map<string, readonly OffsetChange[]>();

function changesInYear(zone: string, year: number): readonly OffsetChange[] {
  const key = `${zone} ${year}`;
  let changes = yearCache.get(key);
  if (changes === undefined) {
    changes = walkChanges(zone, Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1));
    yearCache.set(key, changes);
  }
  return changes;
}

/** The spans of constant offset of `zone` covering `from`..`to` (the changes in (from, to]). */
export function zoneOffsets(zone: string, from: Date, to: Date): OffsetSpan[] {
  const spans: OffsetSpan[] = [];
  let offset = offsetAt(from.getTime(), zone);
  for (let year = from.getUTCFullYear(); year <= to.getUTCFullYear(); year++) {
    for (const change of changesInYear(zone, year)) {
      if (change.at * 1000 <= from.getTime() || change.at * 1000 > to.getTime() || change.offset === offset) continue;
      spans.push({ until: change.at, offset });
      offset = change.offset;
    }
  }
  spans.push({ offset });
  return spans;
}

/** Days since 1970-01-01 of a calendar date `YYYY-MM-DD`. */
export function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
}
