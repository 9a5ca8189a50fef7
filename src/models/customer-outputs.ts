/**
 * One customer's model outputs for `segmenta customer KEY`: for each declared model, its latest
 * fit's row for the customer (lifetime value and its factors, favourite category and cross-sell
 * suggestions, cluster with its description). With `at`, the latest fit at or before it (a
 * customer run made since may have re-scored the row, with that fit's parameters).
 */
import type { Queryable } from '../store/store.js';
import type { Locale, Workspace } from '../workspace/types.js';
import type { ClustersFitResult } from './clusters.js';
import { latestFit } from './fits.js';

/** Output name → value (JSON-ready), plus the fit it comes from. */
export type CustomerModelOutputs = Record<string, Record<string, string | number | string[] | null>>;

const COLUMNS = {
  clv: ['p_alive', 'expected_purchases', 'expected_spend', 'clv', 'x', 't_x', 't_cal', 'm_x'],
  basket: ['favourite_category', 'suggestions'],
  kmeans: ['cluster'],
} as const;
const TABLES = { clv: 'model_clv', basket: 'model_basket', kmeans: 'model_clusters' } as const;

export async function customerModelOutputs(db: Queryable, ws: Workspace, key: string, locale: Locale = ws.locale, at?: Date): Promise<CustomerModelOutputs> {
  const out: CustomerModelOutputs = {};
  for (const def of ws.models) {
    const fit = await latestFit(db, def.id, at);
    if (fit === undefined) continue;
    const [row] = await db.query(`SELECT ${COLUMNS[def.model].join(', ')} FROM ${TABLES[def.model]} WHERE fit = $1 AND _customer = $2`, [fit.id, key]);
    if (row === undefined) continue;
    const values: Record<string, string | number | string[] | null> = { fit: fit.id };
    for (const column of COLUMNS[def.model]) {
      const value = row[column];
      values[column === 't_cal' ? 'T' : column] = Array.isArray(value) ? value.map(String) : (value as string | number | null);
    }
    if (def.model === 'kmeans') {
      const cluster = (fit.result as ClustersFitResult).clusters.find((c) => c.id === row['cluster']);
      values['description'] = cluster?.descriptions[locale] ?? null;
    }
    out[def.id] = values;
  }
  return out;
}
