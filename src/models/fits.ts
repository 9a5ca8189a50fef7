/**
 * The fits of the workspace's models (`model_fits`): one row per `segmenta model fit` and per
 * model of every full run, with the instant it was fitted as of and its result (parameters and
 * summary) as JSON. Rules read a model's outputs from its latest fit at or before their evaluation
 * instant; customer runs re-score with the latest fit's parameters.
 */
import { mapDeferred } from '../store/statement-queue.js';
import type { Queryable, StatementOptions } from '../store/store.js';
import type { ModelDef, ModelKind } from '../workspace/types.js';

/** A stored fit. */
export interface StoredFit<R = unknown> {
  readonly id: number;
  readonly model: string;
  readonly kind: ModelKind;
  /** The full run that made it, or null for `segmenta model fit`. */
  readonly run: number | null;
  /** The instant the model was fitted as of. */
  readonly fitAt: Date;
  readonly result: R;
}

/** The id the next fit gets. */
export async function nextFitId(db: Queryable): Promise<number> {
  const [row] = await db.query<{ id: number }>(`SELECT coalesce(max(id), 0) + 1 AS id FROM model_fits`);
  return Number(row!.id);
}

/** Records a fit (its outputs are written by the model, with the same id). */
export async function insertFit(db: Queryable, id: number, def: ModelDef, run: number | null, at: Date, result: unknown): Promise<void> {
  await db.run(`INSERT INTO model_fits VALUES ($1, $2, $3, $4, $5, $6, $7)`, [id, def.id, def.model, run, at, new Date(), JSON.stringify(result)]);
}

interface FitRow extends Record<string, unknown> {
  id: number;
  model: string;
  kind: string;
  run: number | null;
  fit_at: Date;
  result: string;
}

function stored<R>(row: FitRow): StoredFit<R> {
  return {
    id: Number(row.id),
    model: row.model,
    kind: row.kind as ModelKind,
    run: row.run === null ? null : Number(row.run),
    fitAt: row.fit_at,
    result: JSON.parse(row.result) as R,
  };
}

/**
 * SQL selecting the id of the latest fit of a model at or before an instant (both SQL
 * expressions, usually placeholders): the latest by instant, then the last made.
 */
export function latestFitSql(model: string, at: string): string {
  return `(SELECT f.id FROM model_fits f WHERE f.model = ${model} AND f.fit_at <= ${at} ORDER BY f.fit_at DESC, f.id DESC LIMIT 1)`;
}

/** The latest fit of a model at or before `at` (any instant when `at` is undefined). */
export async function latestFit<R = unknown>(db: Queryable, model: string, at?: Date): Promise<StoredFit<R> | undefined> {
  const rows = await db.query<FitRow>(
    `SELECT id, model, kind, run, fit_at, result FROM model_fits WHERE model = $1 ${at ? 'AND fit_at <= $2' : ''} ORDER BY fit_at DESC, id DESC LIMIT 1`,
    at ? [model, at] : [model],
  );
  return rows[0] && stored<R>(rows[0]);
}

/**
 * The latest fit of every model at or before `at`, by model id (one query for a customer run's
 * models), queued (`Queryable.defer`): sent with the next statement, or when awaited.
 */
export function latestFits(db: Queryable, at: Date, options: StatementOptions = {}): PromiseLike<Map<string, StoredFit>> {
  const result = db.defer<FitRow>(
    `SELECT id, model, kind, run, fit_at, result FROM (
       SELECT f.*, row_number() OVER (PARTITION BY f.model ORDER BY f.fit_at DESC, f.id DESC) AS latest FROM model_fits f WHERE f.fit_at <= $1) l
     WHERE l.latest = 1`,
    [at],
    options,
  );
  return mapDeferred(result, ({ rows }) => new Map(rows.map((row) => [row.model, stored(row)])));
}

/** A fit by id. */
export async function fitById<R = unknown>(db: Queryable, id: number): Promise<StoredFit<R> | undefined> {
  const rows = await db.query<FitRow>(`SELECT id, model, kind, run, fit_at, result FROM model_fits WHERE id = $1`, [id]);
  return rows[0] && stored<R>(rows[0]);
}
