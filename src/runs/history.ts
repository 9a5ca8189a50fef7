/** A customer's memberships: where they are now, and when they entered and left each segment. */
import type { Queryable } from '../store/store.js';
import { formatInstant } from '../time/instant.js';
import type { Workspace } from '../workspace/types.js';

export interface HistoryEntry {
  /** The segment of a segmentation, or null for a plain segment. */
  readonly segment: string | null;
  readonly scores?: { r: number | null; f: number | null; m: number | null };
  readonly from: { run: number; at: string };
  /** Null while it lasts. */
  readonly to: { run: number; at: string } | null;
}

export interface CustomerMemberships {
  /** Segments the customer is in at the last run (or at the run asked for). */
  readonly segments: string[];
  /** Segmentation id → the customer's segment at the last run (or at the run asked for). */
  readonly segmentations: Record<string, string>;
  /** Segment or segmentation id → intervals, oldest first. */
  readonly history: Record<string, HistoryEntry[]>;
}

/**
 * The customer's memberships: those still open and every interval, or, with `asOfRun`, those open
 * at that run and the intervals begun by then, an interval that ended after it shown as ongoing
 * (the state of a run is the memberships open at it, as `transitions` reads it).
 */
export async function customerMemberships(db: Queryable, ws: Workspace, key: string, asOfRun?: number): Promise<CustomerMemberships> {
  const rows = await db.query<{ key: string; segment: string | null; r: number | null; f: number | null; m: number | null; from_run: number; from_at: Date; to_run: number | null; to_at: Date | null }>(
    `SELECT m.key, m.segment, m.r, m.f, m.m, m.from_run, a.run_at AS from_at, ${asOfRun === undefined ? 'm.to_run' : 'CASE WHEN m.to_run <= $2 THEN m.to_run END AS to_run'}, b.run_at AS to_at
     FROM memberships m JOIN runs a ON a.id = m.from_run LEFT JOIN runs b ON b.id = m.to_run
     WHERE m._customer = $1 ${asOfRun === undefined ? '' : 'AND m.from_run <= $2'} ORDER BY m.key, m.from_run`,
    asOfRun === undefined ? [key] : [key, asOfRun],
  );
  const segments: string[] = [];
  const segmentations: Record<string, string> = {};
  const history: Record<string, HistoryEntry[]> = {};
  const isSegmentation = new Set([...ws.segmentations.map((s) => s.id), ...ws.models.filter((m) => m.model === 'kmeans').map((m) => m.id)]);
  for (const r of rows) {
    const entry: HistoryEntry = {
      segment: r.segment,
      ...(r.r !== null || r.f !== null || r.m !== null ? { scores: { r: r.r, f: r.f, m: r.m } } : {}),
      from: { run: Number(r.from_run), at: formatInstant(r.from_at, ws.timezone) },
      to: r.to_run === null ? null : { run: Number(r.to_run), at: formatInstant(r.to_at!, ws.timezone) },
    };
    (history[r.key] ??= []).push(entry);
    if (r.to_run === null) {
      if (isSegmentation.has(r.key) && r.segment !== null) segmentations[r.key] = r.segment;
      else if (r.segment === null) segments.push(r.key);
    }
  }
  return { segments, segmentations, history };
}
