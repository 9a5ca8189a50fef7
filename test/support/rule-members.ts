/**
 * The customers a rule selects, two ways: the whole-base query of `segmenta members`, and the
 * few-customers path of customer runs (shared aggregates over a subset, compiler/features.ts).
 * Tests compare them.
 */
import { bindParams } from '../../src/compiler/compile-rule.js';
import { Compilation } from '../../src/compiler/compilation.js';
import { featuresQuery } from '../../src/compiler/features.js';
import { compile, type Evaluation } from '../../src/engine/evaluate.js';
import { segmentResolver } from '../../src/engine/prepared-rules.js';
import { requireFits } from '../../src/models/require-fits.js';
import type { TypedExpr } from '../../src/rules/index.js';

/** The keys the rule selects over the whole base at `at`, sorted. */
export async function wholeBaseMembers(ev: Evaluation, rule: TypedExpr, at: Date): Promise<string[]> {
  await requireFits(ev.store, ev.workspace, rule, at, ev.rules.typed);
  const query = compile(ev, rule);
  const rows = await ev.store.query<{ _customer: string }>(query.sql, bindParams(query, { at }));
  return rows.map((r) => r._customer).sort();
}

export interface DrawnRule {
  readonly text: string;
  readonly typed: TypedExpr;
}

/**
 * The rules evaluated for the customers of `subset` at once, as a customer run does; for each rule
 * whose members among them differ from the whole-base query's, a line saying so.
 */
export async function customerRunDifferences(ev: Evaluation, rules: readonly DrawnRule[], subset: readonly string[], at: Date): Promise<string[]> {
  const ids = rules.map((_, i) => `r${i}`);
  const c = new Compilation({ workspace: ev.workspace, dialect: ev.store.dialect, segments: segmentResolver(ev.rules, ev.workspace), subset: [...subset] });
  const sql = featuresQuery(c, rules.map((rule, i) => [ids[i]!, rule.typed] as const), ids)!;
  const rows = await ev.store.query<Record<string, unknown>>(sql, bindParams({ sql, params: c.params.sources }, { at }));
  const inSubset = new Set(subset);
  const differences: string[] = [];
  for (const [i, rule] of rules.entries()) {
    const whole = (await wholeBaseMembers(ev, rule.typed, at)).filter((k) => inSubset.has(k));
    const few = rows.filter((r) => r[ids[i]!] === true).map((r) => r['_customer'] as string).sort();
    if (few.join() !== whole.join()) differences.push(`${ev.store.kind} at ${at.toISOString()}: ${rule.text}\n  whole base ${whole.length}, customer run ${few.length}`);
  }
  return differences;
}
