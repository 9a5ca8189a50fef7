/**
 * Value tiers (segmentations.md): revenue over a window; customers sorted by revenue descending,
 * ties by key ascending; `before` is the revenue of those ahead. `A` while before < 80 % of the
 * total, `B` while < 95 %, `C` otherwise, `none` without revenue. Sums are exact (DECIMAL) so
 * that the running total never depends on the order of additions. The window is `within N days`
 * of the rule language (calendar days in the workspace zone, both ends included).
 */
import type { Compilation } from '../compiler/compilation.js';
import { instantBefore } from '../time/calendar.js';
import type { ValueTiersSegmentationDef } from '../workspace/types.js';
import { eventMeasures, existingCustomers, type CutPoint, type StateOptions } from './state.js';

export function valueTiersState(c: Compilation, def: ValueTiersSegmentationDef, options: StateOptions): string {
  const cust = c.alias('c');
  const b = c.alias('b');
  const r = c.alias('r');
  const q = (n: string) => c.q(n);
  const t = (v: string) => c.params.value('text', v);
  const p = (v: number) => c.params.value('number', v);
  const days = def.windowDays;
  const since = c.params.derived('timestamp', `ago:${days}:days`, (ctx) => instantBefore(ctx.at, days, 'days', c.zone));
  const revenue = `CAST(COALESCE(${b}.monetary, 0) AS DECIMAL(38, 6))`;
  const ranked = `SELECT ${cust}.${q('_customer')} AS _customer, ${revenue} AS revenue,
      COALESCE(sum(${revenue}) OVER (ORDER BY ${revenue} DESC, ${cust}.${q('_customer')} ASC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before,
      sum(${revenue}) OVER () AS total
    FROM ${existingCustomers(c, cust, options)} LEFT JOIN (${eventMeasures(c, def.event, def.amount, options, since)}) ${b} ON ${b}._customer = ${cust}.${q('_customer')}`;
  const [a, bb] = def.thresholds;
  const tier =
    c.partial && options.cutPoints
      ? // A few customers: where the last full run opened tiers A and B.
        tierFromCutPoints(c, `${r}.revenue`, `${r}._customer`, options.cutPoints['revenue'] ?? {})
      : `CASE WHEN ${r}.revenue <= 0 THEN ${t('none')} WHEN ${r}.before < ${p(a)} * ${r}.total THEN ${t('A')} WHEN ${r}.before < ${p(bb)} * ${r}.total THEN ${t('B')} ELSE ${t('C')} END`;
  return `SELECT ${r}._customer, ${tier} AS segment,
      CAST(NULL AS INTEGER) AS r, CAST(NULL AS INTEGER) AS f, CAST(NULL AS INTEGER) AS m,
      CAST(NULL AS DOUBLE PRECISION) AS recency_days, CAST(NULL AS BIGINT) AS frequency, CAST(${r}.revenue AS DOUBLE PRECISION) AS monetary
    FROM (${ranked}) ${r}`;
}

/**
 * The tier of a customer (`revenue`, key `customer`) from the cut points of the last full run: the
 * revenue and key of the last customer of A (score 3) and of B (score 2) in the ranking (revenue
 * descending, key ascending). A customer is in a tier when it ranks before that customer or is it,
 * so that equal revenues split by key as the full run split them.
 */
export function tierFromCutPoints(c: Compilation, revenue: string, customer: string, cuts: Readonly<Record<number, CutPoint>>): string {
  const p = (v: number) => c.params.value('number', v);
  const t = (v: string) => c.params.value('text', v);
  const within = (cut: CutPoint) =>
    cut.customer === undefined
      ? `${revenue} >= ${p(cut.value)}`
      : `(${revenue} > ${p(cut.value)} OR (${revenue} = ${p(cut.value)} AND ${customer} <= ${t(cut.customer)}))`;
  const tiers = [cuts[3] !== undefined ? `WHEN ${within(cuts[3])} THEN ${t('A')}` : '', cuts[2] !== undefined ? `WHEN ${within(cuts[2])} THEN ${t('B')}` : ''].join(' ');
  return `CASE WHEN ${revenue} <= 0 THEN ${t('none')} ${tiers} ELSE ${t('C')} END`;
}
