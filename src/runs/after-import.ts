/**
 * When an import changes a few customers — new events, new or updated customers, new, updated or
 * moved records — those customers are re-evaluated at once (a customer run), so that their moves
 * are recorded without waiting for the next full run. Many customers at once are left to the next
 * full run, which does the same work set-based (`customerRunVerdict`).
 */
import type { Evaluation } from '../engine/evaluate.js';
import type { ImportSummary } from '../ingest/import.js';
import { customerRunVerdict } from './customer-run-limit.js';
import { runWorkspace, type RunSummary } from './run.js';
import { segmentRuleDiagnostics } from '../workspace/check-rules.js';

/** What became of the customers an import changed: a customer run, or why none was made. */
export type Reevaluation =
  | { readonly customers: number; readonly run: RunSummary }
  | { readonly customers: number; readonly reason: 'too-many' | 'invalid-rules' }
  | { readonly reason: 'none' | 'no-full-run' };

/** The customers an import changed, re-evaluated as of `at`. */
export async function reevaluateImported(ev: Evaluation, summary: ImportSummary, at: Date): Promise<Reevaluation> {
  // A run needs every segment (`requireEverySegment`): while a rule is refused, the rows stay
  // imported and the next run takes their customers.
  const refused = segmentRuleDiagnostics(ev.rules).length > 0;
  // Customers and records: the merge listed the customers it changed, and whether a run takes them.
  const { changed } = summary;
  if (changed !== undefined) {
    if (changed === 'no-full-run') return { reason: 'no-full-run' };
    if (changed.count === 0) return { reason: 'none' };
    if (refused) return { customers: changed.count, reason: 'invalid-rules' };
    if (changed.keys === undefined) return { customers: changed.count, reason: 'too-many' };
    return { customers: changed.count, run: await runWorkspace(ev, at, { customers: changed.keys }) };
  }
  // Events carry the id of their import.
  const { store } = ev;
  const bySql = `SELECT DISTINCT _customer FROM events WHERE _import = ${Math.floor(summary.importId)}`;
  const [{ n }] = (await store.query<{ n: number }>(`SELECT count(*) AS n FROM (${bySql}) c`)) as [{ n: number }];
  const customers = Number(n);
  if (customers === 0) return { reason: 'none' };
  const verdict = await customerRunVerdict(store, async () => customers);
  if (!verdict.take && verdict.reason === 'no-full-run') return { reason: 'no-full-run' };
  if (refused) return { customers, reason: 'invalid-rules' };
  if (!verdict.take) return { customers, reason: 'too-many' };
  const keys = customers <= 100 ? (await store.query<{ _customer: string }>(bySql)).map((r) => r._customer) : undefined;
  return { customers, run: await runWorkspace(ev, at, keys ? { customers: keys } : { customersSql: bySql }) };
}
