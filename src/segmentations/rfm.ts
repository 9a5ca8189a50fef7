/**
 * RFM (segmentations.md): recency in days since the last event, frequency, monetary, scored 1-5
 * by quintiles (`percent_rank`, ties sharing their lowest rank, recency ranked longest-ago first)
 * or by fixed thresholds, then mapped to segments by (r, f) cells. Customers without events are
 * `prospect` and have no scores.
 */
import type { Compilation } from '../compiler/compilation.js';
import type { RfmSegmentationDef } from '../workspace/types.js';
import { eventMeasures, existingCustomers, type CutPoint, type CutPoints, type StateOptions } from './state.js';

export type Measure = 'recency_days' | 'frequency' | 'monetary';

function quintile(measure: Measure, descending: boolean): string {
  return `least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY ${measure}${descending ? ' DESC' : ''})))`;
}

/** r: 5 when recency_days ≤ t1 … 1 beyond t4; f and m: 1 below t1, 2 from t1 … 5 from t4. */
function thresholds(c: Compilation, measure: string, values: readonly number[], lowIsBest: boolean): string {
  const p = (v: number) => c.params.value('number', v);
  if (lowIsBest) return `CASE ${values.map((v, i) => `WHEN ${measure} <= ${p(v)} THEN ${5 - i}`).join(' ')} ELSE 1 END`;
  return `CASE ${[...values].reverse().map((v, i) => `WHEN ${measure} >= ${p(v)} THEN ${5 - i}`).join(' ')} ELSE 1 END`;
}

/**
 * Scores from the cut points of the last full run (score k needs the value of its lowest holder).
 * Quintiles give equal values one score, so a value alone places a customer.
 */
function fromCutPoints(c: Compilation, measure: string, cuts: Readonly<Record<number, CutPoint>>, lowIsBest: boolean): string {
  const p = (v: number) => c.params.value('number', v);
  const tests = [5, 4, 3, 2].filter((k) => cuts[k] !== undefined).map((k) => `WHEN ${measure} ${lowIsBest ? '<=' : '>='} ${p(cuts[k]!.value)} THEN ${k}`);
  return tests.length ? `CASE ${tests.join(' ')} ELSE 1 END` : '1';
}

function score(c: Compilation, def: RfmSegmentationDef, measure: Measure, options: StateOptions): string {
  const lowIsBest = measure === 'recency_days';
  if (c.partial && options.cutPoints && def.scoring.kind === 'quintiles') return fromCutPoints(c, measure, options.cutPoints[measure] ?? {}, lowIsBest);
  if (def.scoring.kind === 'quintiles') return quintile(measure, lowIsBest);
  const values = measure === 'recency_days' ? def.scoring.recencyDays : measure === 'frequency' ? def.scoring.frequency : def.scoring.monetary;
  return thresholds(c, measure, values, lowIsBest);
}

/**
 * The score of one customer's `measure`, whose value is the SQL `value`, without ranking the base:
 * fixed thresholds, or for quintiles the cut points of the last full run.
 */
export function rowScore(c: Compilation, def: RfmSegmentationDef, measure: Measure, value: string, cutPoints: CutPoints | undefined): string {
  const lowIsBest = measure === 'recency_days';
  if (def.scoring.kind === 'quintiles') return fromCutPoints(c, value, cutPoints?.[measure] ?? {}, lowIsBest);
  const values = measure === 'recency_days' ? def.scoring.recencyDays : measure === 'frequency' ? def.scoring.frequency : def.scoring.monetary;
  return thresholds(c, value, values, lowIsBest);
}

/** The map as a CASE over (r, f), best segment first. */
export function mapCase(c: Compilation, def: RfmSegmentationDef, r: string, f: string): string {
  const whens = def.map.segments
    .filter((s) => s.cells.length > 0)
    .map((s) => {
      const byR = new Map<number, number[]>();
      for (const [cr, cf] of s.cells) byR.set(cr, [...(byR.get(cr) ?? []), cf]);
      const test = [...byR].map(([cr, fs]) => `(${r} = ${cr} AND ${f} IN (${fs.join(', ')}))`).join(' OR ');
      return `WHEN ${test} THEN ${c.params.value('text', s.id)}`;
    });
  return `CASE ${whens.join(' ')} END`;
}

export function rfmState(c: Compilation, def: RfmSegmentationDef, options: StateOptions): string {
  const base = c.alias('b');
  const cust = c.alias('c');
  const scored = c.alias('s');
  const q = (n: string) => c.q(n);
  // Only existing customers are ranked: those created later are not part of the base yet.
  const measures = `SELECT m.* FROM (${eventMeasures(c, def.event, def.amount, options)}) m WHERE m._customer IN (SELECT ${cust}x.${q('_customer')} FROM ${existingCustomers(c, `${cust}x`, options)})`;
  const withScores = `SELECT ${base}.*, ${score(c, def, 'recency_days', options)} AS r, ${score(c, def, 'frequency', options)} AS f, ${score(c, def, 'monetary', options)} AS m
    FROM (${measures}) ${base}`;
  const prospect = c.params.value('text', 'prospect');
  return `SELECT ${cust}.${q('_customer')} AS _customer,
      CASE WHEN ${scored}._customer IS NULL THEN ${prospect} ELSE ${mapCase(c, def, `${scored}.r`, `${scored}.f`)} END AS segment,
      ${scored}.r, ${scored}.f, ${scored}.m, ${scored}.recency_days, ${scored}.frequency, ${scored}.monetary
    FROM ${existingCustomers(c, cust, options)} LEFT JOIN (${withScores}) ${scored} ON ${scored}._customer = ${cust}.${q('_customer')}`;
}
