/**
 * The state of a segmentation as of an instant: one row per existing customer with its segment
 * and scores, computed by one SQL query per segmentation (segmentations.md). Built into the
 * compiler's parameters so that a rule (`rf6 = "at_risk"`, `rfm.r >= 4`) can join it.
 */
import type { Compilation } from '../compiler/compilation.js';
import { existsCondition } from '../compiler/conditions.js';
import type { SegmentationDef } from '../workspace/types.js';
import { lifecycleState } from './lifecycle.js';
import { rfmState } from './rfm.js';
import { valueTiersState } from './value-tiers.js';

/** Columns of every state query: `_customer`, `segment`, `r`, `f`, `m` (RFM only), and raw measures. */
export const STATE_COLUMNS = ['_customer', 'segment', 'r', 'f', 'm', 'recency_days', 'frequency', 'monetary'] as const;

/** The value that opened a score (or a value tier) at the last full run. */
export interface CutPoint {
  readonly value: number;
  /**
   * Value tiers only: the last customer (greatest key) of the tier among those at `value`. Tiers
   * split equal revenues by key, so a customer at exactly `value` is in the tier only up to that
   * key; absent in stores of an earlier version, where every customer at `value` is in.
   */
  readonly customer?: string;
}

/** Score thresholds of the last full run, for evaluating a few customers without ranking everyone. */
export interface CutPoints {
  /** measure → score → threshold; see `storeCutPoints` (runs/run.ts). */
  readonly [measure: string]: Readonly<Record<number, CutPoint>>;
}

export interface StateOptions {
  /** Thresholds replacing ranks (quintile RFM, value tiers) when the compilation is restricted to a few customers. */
  readonly cutPoints?: CutPoints;
}

/** Whether the segmentation scores each customer by its place among all of them (quintiles, value tiers' shares). */
function ranksTheBase(def: SegmentationDef): boolean {
  return (def.model === 'rfm' && def.scoring.kind === 'quintiles') || def.model === 'value_tiers';
}

/** `SELECT _customer, segment, r, f, m, recency_days, frequency, monetary` for a segmentation at the bound instant. */
export function segmentationState(c: Compilation, def: SegmentationDef, options: StateOptions = {}): string {
  if (c.partial && options.cutPoints === undefined && ranksTheBase(def)) {
    // A few customers without thresholds to score them by (no full run at or before the instant):
    // the whole base ranked as a full run ranks it, then their rows. Ranked among themselves, three
    // customers would get r = 1, 3 and 5 whatever their recency.
    const s = c.alias('w');
    return `SELECT ${s}.* FROM (${stateOf(c.wholeBase(), def, options)}) ${s} WHERE ${c.restrict(`${s}._customer`)}`;
  }
  return stateOf(c, def, options);
}

function stateOf(c: Compilation, def: SegmentationDef, options: StateOptions): string {
  switch (def.model) {
    case 'rfm':
      return rfmState(c, def, options);
    case 'lifecycle':
      return lifecycleState(c, def, options);
    case 'value_tiers':
      return valueTiersState(c, def, options);
  }
}

/** The keys of the existing customers (of `options.subset` if given), as a FROM item aliased `alias`. */
export function existingCustomers(c: Compilation, alias: string, options: StateOptions): string {
  const inner = `${alias}i`;
  void options;
  const filters = [existsCondition(c, inner), c.restrict(`${inner}.${c.q('_customer')}`)].filter((f) => f !== '');
  return `(SELECT ${inner}.${c.q('_customer')} FROM ${c.q('customers')} ${inner}${filters.length ? ` WHERE ${filters.join(' AND ')}` : ''}) ${alias}`;
}

/**
 * Per customer with events of `eventType` up to the bound instant: days since the last one
 * (fractional), days since the first, how many, and the sum of `amount`.
 */
export function eventMeasures(c: Compilation, eventType: string, amount: string | undefined, _options: StateOptions, window?: string): string {
  const e = c.alias('e');
  const q = (n: string) => c.q(n);
  const at = c.params.at();
  const days = (instant: string) => `(${c.dialect.secondsBetween(instant, at)} / 86400.0)`;
  const monetary = amount === undefined ? '0' : `COALESCE(${c.dialect.exactSum(`${e}.${q(`${eventType}.${amount}`)}`)}, 0)`;
  const filters = [
    `${e}.${q('_type')} = ${c.params.value('text', eventType)}`,
    `${e}.${q('_time')} <= ${at}`,
    ...(window ? [`${e}.${q('_time')} >= ${window}`] : []),
    ...[c.restrict(`${e}.${q('_customer')}`)].filter((f) => f !== ''),
  ];
  return `SELECT ${e}.${q('_customer')} AS _customer, ${days(`max(${e}.${q('_time')})`)} AS recency_days, ${days(`min(${e}.${q('_time')})`)} AS first_days,
      count(*) AS frequency, ${monetary} AS monetary
    FROM ${q('events')} ${e} WHERE ${filters.join(' AND ')} GROUP BY ${e}.${q('_customer')}`;
}
