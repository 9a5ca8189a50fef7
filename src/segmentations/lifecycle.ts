/**
 * Lifecycle (segmentations.md): first match wins — `new` (first event at most new_days before
 * the instant), `active` (last event at most active_days before), `at_risk` (at most lapsed_days),
 * `lapsed`; `prospect` without events. Days are elapsed time (fractional), as RFM's recency.
 */
import type { Compilation } from '../compiler/compilation.js';
import type { LifecycleSegmentationDef } from '../workspace/types.js';
import { eventMeasures, existingCustomers, type StateOptions } from './state.js';

export function lifecycleState(c: Compilation, def: LifecycleSegmentationDef, options: StateOptions): string {
  const cust = c.alias('c');
  const b = c.alias('b');
  const p = (v: number) => c.params.value('number', v);
  const t = (v: string) => c.params.value('text', v);
  return `SELECT ${cust}.${c.q('_customer')} AS _customer,
      CASE WHEN ${b}._customer IS NULL THEN ${t('prospect')}
           WHEN ${b}.first_days <= ${p(def.newDays)} THEN ${t('new')}
           WHEN ${b}.recency_days <= ${p(def.activeDays)} THEN ${t('active')}
           WHEN ${b}.recency_days <= ${p(def.lapsedDays)} THEN ${t('at_risk')}
           ELSE ${t('lapsed')} END AS segment,
      CAST(NULL AS INTEGER) AS r, CAST(NULL AS INTEGER) AS f, CAST(NULL AS INTEGER) AS m,
      ${b}.recency_days, ${b}.frequency, ${b}.monetary
    FROM ${existingCustomers(c, cust, options)} LEFT JOIN (${eventMeasures(c, def.event, undefined, options)}) ${b} ON ${b}._customer = ${cust}.${c.q('_customer')}`;
}
