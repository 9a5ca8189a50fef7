/**
 * Replaying history: one run at every month end between two dates, oldest first, so that a new
 * user sees months of movement at once. A month end is the first instant of the next month in the
 * workspace zone (`2024-02-01T00:00` ends January), included when it falls between the start of
 * the first date and the end of the last one.
 */
import { DateTime } from 'luxon';
import type { Evaluation } from '../engine/evaluate.js';
import { parseInstant } from '../time/instant.js';
import { runWorkspace, type RunSummary } from './run.js';

/** What a replay from `from` to `to` covers: from `from` to the end of `to` (a date alone is its whole day). */
export function replayRange(from: string, to: string, zone: string): { start: DateTime; end: DateTime } {
  const start = DateTime.fromJSDate(parseInstant(from, zone), { zone });
  const end = DateTime.fromJSDate(parseInstant(to, zone), { zone }).plus(/^\d{4}-\d{2}-\d{2}$/.test(to.trim()) ? { days: 1 } : {});
  return { start, end };
}

export function monthEnds(from: string, to: string, zone: string): Date[] {
  const { start, end } = replayRange(from, to, zone);
  const ends: Date[] = [];
  // Each month's start is taken afresh: where midnight falls in a clock change's gap it is 01:00,
  // and adding a month to that would carry 01:00 to the months after.
  const first = start.startOf('month');
  for (let i = 0, m = first; m <= end; i++, m = first.plus({ months: i }).startOf('month')) {
    if (m >= start) ends.push(m.toJSDate());
  }
  return ends;
}

/** Options of {@link replay}. */
export interface ReplayOptions {
  /** Fit the models at the last this many runs only (default: at every run). */
  readonly modelsAtLast?: number;
}

export async function replay(
  ev: Evaluation,
  from: string,
  to: string,
  onRun?: (summary: RunSummary, index: number, total: number) => void,
  options: ReplayOptions = {},
): Promise<RunSummary[]> {
  const instants = monthEnds(from, to, ev.workspace.timezone);
  const runs: RunSummary[] = [];
  const firstWithModels = options.modelsAtLast === undefined ? 0 : instants.length - options.modelsAtLast;
  for (const [i, at] of instants.entries()) {
    const summary = await runWorkspace(ev, at, i < firstWithModels ? { skipModels: true } : {});
    runs.push(summary);
    onRun?.(summary, i, instants.length);
  }
  return runs;
}
