/**
 * Whether the customers an import changed are re-evaluated at once by a customer run: not before
 * the first full run (there is nothing to re-evaluate yet), nor when they are more than 1 % of the
 * customers and more than 1,000 (the next full run does the same work set-based, faster than a
 * customer run would). One rule for imports of events, customers and records.
 */
import type { Queryable } from '../store/store.js';

const CUSTOMER_RUN_SHARE = 0.01;
const CUSTOMER_RUN_MINIMUM = 1000;

export function customerRunLimit(totalCustomers: number): number {
  return Math.max(CUSTOMER_RUN_MINIMUM, CUSTOMER_RUN_SHARE * totalCustomers);
}

export type CustomerRunVerdict =
  | { readonly take: true; readonly count: number }
  | { readonly take: false; readonly reason: 'too-many'; readonly count: number }
  | { readonly take: false; readonly reason: 'no-full-run' };

/**
 * The verdict for the changed customers that `count` counts. `count` is called only once a full
 * run exists: first imports, the large ones, do not pay for it.
 */
export async function customerRunVerdict(db: Queryable, count: () => Promise<number>): Promise<CustomerRunVerdict> {
  const [{ full, total }] = (await db.query<{ full: number; total: number }>(
    `SELECT (SELECT count(*) FROM runs WHERE kind = 'full') AS full, (SELECT count(*) FROM customers) AS total`,
  )) as [{ full: number; total: number }];
  if (Number(full) === 0) return { take: false, reason: 'no-full-run' };
  const n = await count();
  return n > customerRunLimit(Number(total)) ? { take: false, reason: 'too-many', count: n } : { take: true, count: n };
}
