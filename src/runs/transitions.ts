/**
 * Transitions between two runs (segmentations.md): for a segment, who entered and who left; for a
 * segmentation, the migration matrix and the moves up, down, stayed, new and gone. The state of a
 * run is read from the membership intervals open at that run.
 */
import type { Queryable } from '../store/store.js';
import { formatInstant } from '../time/instant.js';
import type { Workspace } from '../workspace/types.js';
import { segmentOrder } from '../segmentations/order.js';
import { nearestName } from '../rules/suggest.js';
import { messages } from '../i18n/messages.js';
import { clusterSegments } from '../models/model-outputs.js';

export interface RunRef {
  readonly run: number;
  readonly at: string;
}

export interface SegmentTransitions {
  readonly id: string;
  readonly kind: 'segment';
  readonly from: number;
  readonly to: number;
  readonly entered: number;
  readonly left: number;
  readonly stayed: number;
}

export interface SegmentationTransitions {
  readonly id: string;
  readonly kind: 'segmentation';
  readonly from: number;
  readonly to: number;
  /** from segment → to segment → customers (pairs with none are left out). */
  readonly matrix: Record<string, Record<string, number>>;
  readonly up: number;
  readonly down: number;
  readonly stayed: number;
  readonly new: number;
  readonly gone: number;
}

/** Why transitions cannot be given, as data: the command line words it in the language asked. */
export type TransitionsRefusal =
  | { readonly code: 'unknown-key'; readonly id: string; readonly nearest?: string }
  | { readonly code: 'unknown-run'; readonly run: number }
  /** `at`: the instant asked for, when the runs had to be at or before it. */
  | { readonly code: 'too-few-runs'; readonly at?: string }
  | { readonly code: 'no-run-before'; readonly run: number };

export class TransitionsError extends Error {
  override readonly name = 'TransitionsError';
  constructor(readonly refusal: TransitionsRefusal) {
    super(messages('en').transitionsRefused(refusal));
  }
}

/** Memberships of `key` open at `run`. */
export function stateAt(key: string, run: string): string {
  return `SELECT _customer, segment FROM memberships WHERE key = ${key} AND from_run <= ${run} AND (to_run IS NULL OR to_run > ${run})`;
}

/** The full runs, newest (latest instant) first. */
export async function listRuns(db: Queryable, ws: Workspace, all = false): Promise<Array<RunRef & { created: string; kind: string; customers: number }>> {
  const rows = await db.query<{ id: number; at: Date; created: Date; kind: string; customers: number }>(
    `SELECT id, run_at AS at, created, kind, customers FROM runs ${all ? '' : "WHERE kind = 'full'"} ORDER BY run_at DESC, id DESC`,
  );
  return rows.map((r) => ({ run: Number(r.id), at: formatInstant(r.at, ws.timezone), created: formatInstant(r.created, ws.timezone), kind: r.kind, customers: Number(r.customers) }));
}

/**
 * The latest run, at or before `at` when given (the latest made among runs of one instant): full
 * runs only, or any run, a customer run included (the state of its customers then is its own).
 */
export async function latestRun(db: Queryable, ws: Workspace, options: { readonly at?: Date; readonly fullOnly: boolean }): Promise<RunRef | undefined> {
  const conditions = [...(options.fullOnly ? ["kind = 'full'"] : []), ...(options.at !== undefined ? ['run_at <= $1'] : [])];
  const [row] = await db.query<{ id: number; run_at: Date }>(
    `SELECT id, run_at FROM runs ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY run_at DESC, id DESC LIMIT 1`,
    options.at !== undefined ? [options.at] : [],
  );
  return row === undefined ? undefined : { run: Number(row.id), at: formatInstant(row.run_at, ws.timezone) };
}

/** The instant of the latest full run (what a scheduler catches up from), if any. */
export async function latestFullRunAt(db: Queryable): Promise<Date | undefined> {
  const [row] = await db.query<{ at: Date | null }>(`SELECT max(run_at) AS at FROM runs WHERE kind = 'full'`);
  return row?.at ?? undefined;
}

/**
 * The full run that `to` is compared with by default: the latest of an earlier instant (a run made
 * again at the same instant, after a correction, is compared with the period before, not with its
 * twin), else the one made before it at the same instant.
 */
async function fullRunBefore(db: Queryable, to: number): Promise<number | undefined> {
  const [before] = await db.query<{ id: number }>(
    `SELECT r.id FROM runs r, runs t WHERE t.id = $1 AND r.kind = 'full' AND (r.run_at < t.run_at OR (r.run_at = t.run_at AND r.id < t.id))
     ORDER BY CASE WHEN r.run_at < t.run_at THEN 0 ELSE 1 END, r.run_at DESC, r.id DESC LIMIT 1`,
    [to],
  );
  return before === undefined ? undefined : Number(before.id);
}

/**
 * The two runs compared: those given, else (cli.md, docs/workspace.md) the latest full run, at or
 * before `at` when given, and the full run before it.
 */
async function resolveRuns(db: Queryable, ws: Workspace, from?: number, to?: number, at?: Date): Promise<[number, number]> {
  const known = async (id: number) => (await db.query(`SELECT 1 FROM runs WHERE id = $1`, [id])).length > 0;
  for (const id of [from, to]) if (id !== undefined && !(await known(id))) throw new TransitionsError({ code: 'unknown-run', run: id });
  if (from !== undefined && to !== undefined) return [from, to];
  if (to !== undefined) {
    const before = await fullRunBefore(db, to);
    if (before === undefined) throw new TransitionsError({ code: 'no-run-before', run: to });
    return [before, to];
  }
  const latest = (await latestRun(db, ws, { ...(at !== undefined ? { at } : {}), fullOnly: true }))?.run;
  const tooFew: TransitionsRefusal = at === undefined ? { code: 'too-few-runs' } : { code: 'too-few-runs', at: formatInstant(at, ws.timezone) };
  if (from !== undefined) {
    if (latest === undefined) throw new TransitionsError(tooFew);
    return [from, latest];
  }
  const before = latest === undefined ? undefined : await fullRunBefore(db, latest);
  if (latest === undefined || before === undefined) throw new TransitionsError(tooFew);
  return [before, latest];
}

/** `at`: compare as of that instant (the latest full run at or before it) unless `to` is given. */
export async function transitions(db: Queryable, ws: Workspace, id: string, from?: number, to?: number, at?: Date): Promise<SegmentTransitions | SegmentationTransitions> {
  const segmentation = ws.segmentations.find((s) => s.id === id);
  const segment = ws.segments.find((s) => s.id === id);
  // A clusters model is a segmentation of its clusters (src/models/run-models.ts).
  const clusters = ws.models.find((m) => m.id === id && m.model === 'kmeans');
  if (!segmentation && !segment && !clusters) {
    const known = [...ws.segments.map((s) => s.id), ...ws.segmentations.map((s) => s.id), ...ws.models.filter((m) => m.model === 'kmeans').map((m) => m.id)];
    const nearest = nearestName(id, known);
    throw new TransitionsError({ code: 'unknown-key', id, ...(nearest !== undefined ? { nearest } : {}) });
  }
  const [a, b] = await resolveRuns(db, ws, from, to, at);
  const pairs = await db.query<{ before: string | null; after: string | null; present_before: boolean; present_after: boolean; n: number }>(
    `SELECT x.segment AS before, y.segment AS after, x._customer IS NOT NULL AS present_before, y._customer IS NOT NULL AS present_after, count(*) AS n
     FROM (${stateAt('$1', '$2')}) x FULL OUTER JOIN (${stateAt('$1', '$3')}) y ON x._customer = y._customer
     GROUP BY 1, 2, 3, 4`,
    [id, a, b],
  );
  if (segment) {
    let entered = 0;
    let left = 0;
    let stayed = 0;
    for (const p of pairs) {
      const n = Number(p.n);
      if (p.present_before && p.present_after) stayed += n;
      else if (p.present_after) entered += n;
      else left += n;
    }
    return { id, kind: 'segment', from: a, to: b, entered, left, stayed };
  }
  const order = segmentation ? segmentOrder(segmentation) : clusterSegments(clusters!);
  const rank = (s: string) => order.indexOf(s);
  const matrix: Record<string, Record<string, number>> = {};
  let up = 0;
  let down = 0;
  let stayed = 0;
  let fresh = 0;
  let gone = 0;
  const sorted = [...pairs].sort((p, q) => rank(p.before ?? '') - rank(q.before ?? '') || rank(p.after ?? '') - rank(q.after ?? ''));
  for (const p of sorted) {
    const n = Number(p.n);
    if (!p.present_before) fresh += n;
    else if (!p.present_after) gone += n;
    else {
      (matrix[p.before!] ??= {})[p.after!] = n;
      const move = rank(p.after!) - rank(p.before!);
      if (move < 0) up += n;
      else if (move > 0) down += n;
      else stayed += n;
    }
  }
  return { id, kind: 'segmentation', from: a, to: b, matrix, up, down, stayed, new: fresh, gone };
}
