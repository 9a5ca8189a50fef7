/**
 * The customers most at risk of leaving with the highest value, from a CLV fit: those whose
 * probability of being still active (BG/NBD P(alive)) is below a threshold, by lifetime value
 * over the model's horizon, highest first (ties by key). Used by the demo's summary.
 */
import type { Queryable } from '../store/store.js';

/** One customer at risk. */
export interface AtRisk {
  readonly customer: string;
  readonly p_alive: number;
  readonly clv: number;
  readonly expected_purchases: number;
  /** Repeat purchases and mean repeat spend in the calibration period. */
  readonly x: number;
  readonly m_x: number | null;
}

/** At most `limit` customers of fit `fit` with P(alive) < `threshold`, by CLV descending. */
export async function mostValuableAtRisk(db: Queryable, fit: number, limit = 10, threshold = 0.5): Promise<AtRisk[]> {
  const rows = await db.query<{ _customer: string; p_alive: number; clv: number; expected_purchases: number; x: number; m_x: number | null }>(
    `SELECT _customer, p_alive, clv, expected_purchases, x, m_x FROM model_clv
     WHERE fit = $1 AND p_alive < $2 AND clv IS NOT NULL ORDER BY clv DESC, _customer LIMIT $3`,
    [fit, threshold, Math.max(0, Math.floor(limit))],
  );
  return rows.map((r) => ({ customer: r._customer, p_alive: r.p_alive, clv: r.clv, expected_purchases: r.expected_purchases, x: Number(r.x), m_x: r.m_x }));
}
