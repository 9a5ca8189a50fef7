/**
 * `segmenta explain KEY SEGMENTATION`: the customer's segment in a segmentation as of an instant,
 * with the values that decided it, as rules read them (`rf6`, `rf6.r`, `rf6.recency_days`…): one
 * query for the one customer (compile-values.ts), the segmentation computed as any rule computes it.
 */
import { compileValues } from '../compiler/compile-values.js';
import { bindParams } from '../compiler/compile-rule.js';
import { formatInstant } from '../time/instant.js';
import { ruleEnvironment } from '../workspace/rule-environment.js';
import type { Evaluation } from './evaluate.js';
import { segmentResolver } from './prepared-rules.js';
import { ruleValue } from './rule-values.js';

export interface SegmentationExplanation {
  readonly customer: string;
  readonly segmentation: string;
  readonly at: string;
  /** False when the customer did not exist yet at that instant (created later): then no segment. */
  readonly exists: boolean;
  /** The customer's segment (`prospect` without events of its type); null when not yet a customer. */
  readonly segment: string | null;
  /**
   * What rules read of the segmentation besides its segment, by name: RFM's `r`, `f`, `m`,
   * `recency_days`, `frequency`, `monetary`; lifecycle's `recency_days`, `frequency`; value tiers'
   * `revenue`. Null when missing (no event of its type).
   */
  readonly values: Record<string, number | null>;
}

/** Undefined for an unknown customer; `id` must be a segmentation of the workspace. */
export async function explainSegmentation(ev: Evaluation, key: string, id: string, at: Date): Promise<SegmentationExplanation | undefined> {
  const env = ruleEnvironment(ev.workspace);
  const scores = [...env.segmentations.get(id)!.scores.keys()];
  const read = [id, ...scores.map((score) => `${id}.${score}`)].map((name) => ruleValue(env, name)!);
  const options = { workspace: ev.workspace, dialect: ev.store.dialect, segments: segmentResolver(ev.rules, ev.workspace) };
  const query = compileValues(read, (c) => `SELECT ${c.params.value('text', key)}`, options);
  const [row] = await ev.store.query(query.sql, bindParams(query, { at }));
  if (row === undefined) return undefined;
  const segment = (row['v0'] ?? null) as string | null;
  const number = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    customer: key,
    segmentation: id,
    at: formatInstant(at, ev.workspace.timezone),
    // Every existing customer is in a segment (`prospect` at least): none means not yet a customer.
    exists: segment !== null,
    segment,
    values: Object.fromEntries(scores.map((score, i) => [score, number(row[`v${i + 1}`])])),
  };
}
