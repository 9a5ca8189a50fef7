/**
 * A segmentation for one customer at a time, as SQL expressions over that customer's measures
 * (last and first event, count, amount), for customer runs: the measures come from the shared
 * per-customer aggregates of compiler/features.ts, so the events are read once for every
 * segmentation and segment. Scores that rank the whole base (quintiles, value tiers) use the cut
 * points of the last full run, exactly as the set-based states do for a few customers; without
 * them there is no row form (undefined) and the caller uses the set-based state.
 */
import type { Compilation } from '../compiler/compilation.js';
import type { RowMeasures } from '../compiler/features.js';
import type { SegmentationDef } from '../workspace/types.js';
import { mapCase, rowScore } from './rfm.js';
import type { CutPoints } from './state.js';
import { tierFromCutPoints } from './value-tiers.js';

/** Asks for the measures of `event` (with `amount`; within the last `windowDays` days when given). */
export type MeasuresOf = (event: string, amount: string | undefined, windowDays?: number) => RowMeasures;

/** The columns of a segmentation state (see state.ts), as SQL expressions. */
export type RowState = Readonly<Record<'segment' | 'r' | 'f' | 'm' | 'recency_days' | 'frequency' | 'monetary', string>>;

const NONE = 'CAST(NULL AS INTEGER)';

/** `customer` is the SQL of the customer's key in the row. */
export function segmentationRow(c: Compilation, def: SegmentationDef, measuresOf: MeasuresOf, cutPoints: CutPoints | undefined, customer: string): RowState | undefined {
  const t = (v: string) => c.params.value('text', v);
  const p = (v: number) => c.params.value('number', v);
  const days = (instant: string) => `(${c.dialect.secondsBetween(instant, c.params.at())} / 86400.0)`;
  const when = (has: string, value: string) => `CASE WHEN ${has} THEN ${value} END`;
  switch (def.model) {
    case 'rfm': {
      if (def.scoring.kind === 'quintiles' && cutPoints === undefined) return undefined;
      const m = measuresOf(def.event, def.amount);
      const has = `(COALESCE(${m.column(m.count)}, 0) > 0)`;
      const recency = days(m.last);
      const monetary = def.amount === undefined ? '0' : m.amount;
      const r = m.column(rowScore(c, def, 'recency_days', recency, cutPoints));
      const f = m.column(rowScore(c, def, 'frequency', m.count, cutPoints));
      return {
        segment: `CASE WHEN ${has} THEN ${mapCase(c, def, r, f)} ELSE ${t('prospect')} END`,
        r: when(has, r),
        f: when(has, f),
        m: when(has, m.column(rowScore(c, def, 'monetary', monetary, cutPoints))),
        recency_days: when(has, m.column(recency)),
        frequency: when(has, m.column(m.count)),
        monetary: when(has, m.column(monetary)),
      };
    }
    case 'lifecycle': {
      const m = measuresOf(def.event, undefined);
      const has = `(COALESCE(${m.column(m.count)}, 0) > 0)`;
      const recency = days(m.last);
      const stage = m.column(`CASE WHEN ${m.count} = 0 THEN ${t('prospect')} WHEN ${days(m.first)} <= ${p(def.newDays)} THEN ${t('new')}
          WHEN ${recency} <= ${p(def.activeDays)} THEN ${t('active')} WHEN ${recency} <= ${p(def.lapsedDays)} THEN ${t('at_risk')} ELSE ${t('lapsed')} END`);
      return {
        segment: `COALESCE(${stage}, ${t('prospect')})`,
        r: NONE,
        f: NONE,
        m: NONE,
        recency_days: when(has, m.column(recency)),
        frequency: when(has, m.column(m.count)),
        monetary: when(has, '0'),
      };
    }
    case 'value_tiers': {
      if (cutPoints === undefined) return undefined;
      const m = measuresOf(def.event, def.amount, def.windowDays);
      const revenue = `COALESCE(${m.column(m.amount)}, 0)`;
      return {
        segment: tierFromCutPoints(c, revenue, customer, cutPoints['revenue'] ?? {}),
        r: NONE,
        f: NONE,
        m: NONE,
        recency_days: 'CAST(NULL AS DOUBLE PRECISION)',
        frequency: 'CAST(NULL AS BIGINT)',
        monetary: revenue,
      };
    }
  }
}
