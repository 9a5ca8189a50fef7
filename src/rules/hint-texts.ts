/** Hints said in more than one place of the parser and the checker, written once. */

/** `in last 90 days`, `during 3 months`: how a window of events is written. */
export const WINDOW_HINT = 'a time window (of events) is written "within 90 days"';

/** `> 100 CHF`, `age(birth_date) > 30 years`: a number compared as a number carries no unit. */
export const NO_UNIT_HINT = 'a number takes no unit here: only windows (90 days) and distances (20 km) do; age() counts years';

/** `in segment senior-pets`: the fix, with the id of a segment of the workspace when one is known. */
export function quotedSegmentHint(id: string): string {
  return `a segment's id is written in double quotes: in segment "${id}"`;
}
