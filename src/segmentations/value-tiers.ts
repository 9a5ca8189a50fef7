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
import { eventMeasures, existingCustomers, type StateOptions } from './state.js';

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
      ? // A few customers: the revenue that opened tiers A and B at the last full run.
        `CASE WHEN ${r}.revenue <= 0 THEN ${t('none')} ${cutTest(c, r, options.cutPoints['revenue'] ?? {})} ELSE ${t('C')} END`
      : `CASE WHEN ${r}.revenue <= 0 THEN ${t('none')} WHEN ${r}.before < ${p(a)} * ${r}.total THEN ${t('A')} WHEN ${r}.before < ${p(bb)} * ${r}.total THEN ${t('B')} ELSE ${t('C')} END`;
  return `SELECT ${r}._customer, ${tier} AS segment,
      CAST(NULL AS INTEGER) AS r, CAST(NULL AS INTEGER) AS f, CAST(NULL AS INTEGER) AS m,
      CAST(NULL AS DOUBLE PRECISION) AS recency_days, CAST(NULL AS BIGINT) AS frequency, CAST(${r}.revenue AS DOUBLE PRECISION) AS monetary
    FROM (${ranked}) ${r}`;
}

function cutTest(c: Compilation, r: string, cuts: Readonly<Record<number, number>>): string {
  const p = (v: number) => c.params.value('number', v);
  const t = (v: string) => c.params.value('text', v);
  return [
    cuts[3] !== undefined ? `WHEN ${r}.revenue >= ${p(cuts[3])} THEN ${t('A')}` : '',
    cuts[2] !== undefined ? `WHEN ${r}.revenue >= ${p(cuts[2])} THEN ${t('B')}` : '',
  ].join(' ');
}
