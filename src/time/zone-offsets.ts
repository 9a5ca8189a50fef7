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
 * database are weeks or months apart, so a day finds each of them; an hour made the walk over a
 * few years of events cost tens of milliseconds (Luxon per step), paid by every customer run.
 */
const STEP = 86_400_000;

function offsetAt(ms: number, zone: string): number {
  return DateTime.fromMillis(ms, { zone }).offset * 60;
}

/** The spans of constant offset of `zone` covering `from`..`to` (changes found day by day, then to the second). */
export function zoneOffsets(zone: string, from: Date, to: Date): OffsetSpan[] {
  const spans: OffsetSpan[] = [];
  let start = from.getTime();
  let offset = offsetAt(start, zone);
  for (let t = start; t < to.getTime(); t += STEP) {
    const next = Math.min(t + STEP, to.getTime());
    if (offsetAt(next, zone) === offset) continue;
    // The first second with the new offset, by bisection in (t, next].
    let [low, high] = [Math.floor(t / 1000), Math.ceil(next / 1000)];
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (offsetAt(mid * 1000, zone) === offset) low = mid;
      else high = mid;
    }
    spans.push({ until: high, offset });
    offset = offsetAt(high * 1000, zone);
    start = high * 1000;
    t = start - STEP;
  }
  spans.push({ offset });
  return spans;
}

/** Days since 1970-01-01 of a calendar date `YYYY-MM-DD`. */
export function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
}
