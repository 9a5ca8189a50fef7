/**
 * When events of a few customers arrive, those customers are re-evaluated at once (a customer
 * run), so that their moves are recorded without waiting for the next full run. Many customers
 * at once are left to the next full run, which does the same work set-based.
 */
import type { Evaluation } from '../engine/evaluate.js';
import { runWorkspace, type RunSummary } from './run.js';

/** Above this share of the customers (or 1,000, whichever is larger), an import waits for a full run. */
export const CUSTOMER_RUN_SHARE = 0.01;

export interface Reevaluation {
  readonly customers: number;
  /** The customer run, or undefined when none was made (no full run yet, or too many customers). */
  readonly run?: RunSummary;
  readonly reason?: 'no-full-run' | 'too-many' | 'none';
}

export async function reevaluateImported(ev: Evaluation, importId: number, at: Date): Promise<Reevaluation> {
  const { store } = ev;
  const [{ n }] = (await store.query<{ n: number }>(`SELECT count(DISTINCT _customer) AS n FROM events WHERE _import = $1`, [importId])) as [{ n: number }];
  const customers = Number(n);
  if (customers === 0) return { customers, reason: 'none' };
  const [{ full, total }] = (await store.query<{ full: number; total: number }>(
    `SELECT (SELECT count(*) FROM runs WHERE kind = 'full') AS full, (SELECT count(*) FROM customers) AS total`,
  )) as [{ full: number; total: number }];
  if (Number(full) === 0) return { customers, reason: 'no-full-run' };
  if (customers > Math.max(1000, CUSTOMER_RUN_SHARE * Number(total))) return { customers, reason: 'too-many' };
  const sql = `SELECT DISTINCT _customer FROM events WHERE _import = ${Math.floor(importId)}`;
  const keys = customers <= 100 ? (await store.query<{ _customer: string }>(sql)).map((r) => r._customer) : undefined;
  const run = await runWorkspace(ev, at, keys ? { customers: keys } : { customersSql: sql });
  return { customers, run };
}
