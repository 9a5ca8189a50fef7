/** What `segmenta demo` prints: the clinic in a few lines, in the workspace's language. */
import type { Demo } from '../demo/create-demo.js';
import type { Locale } from '../workspace/types.js';
import { transitions } from '../runs/transitions.js';
import { segmentLabel } from '../segmentations/order.js';
import type { RunSummary } from '../runs/run.js';
import { storedRules } from '../models/basket.js';
import { mostValuableAtRisk } from '../models/at-risk.js';
import { fitById } from '../models/fits.js';
import type { ClustersFitResult } from '../models/clusters.js';
import { ruleLines } from './model-output.js';
import { messages } from '../i18n/messages.js';

export interface DemoSummary {
  readonly lines: string[];
  /** The run made by the demo, when runs exist. */
  readonly run: number | null;
  readonly next: (dir: string) => string;
}

export async function demoSummary(demo: Demo, locale: Locale): Promise<DemoSummary> {
  const ws = demo.opened.workspace;
  const g = demo.generated;
  const t = messages(locale);
  const last = demo.runs[demo.runs.length - 1];
  const lines = [t.demoCreated(ws.name, demo.dir), t.demoImported({ customers: g.customers, pets: g.pets, events: g.events, runs: demo.runs.length })];
  const rf6 = ws.segmentations.find((s) => s.id === 'rf6');
  if (last && rf6) {
    lines.push('', t.demoRecencyFrequency(last.at));
    for (const [segment, n] of Object.entries(last.segmentations['rf6'] ?? {})) lines.push(`  ${segmentLabel(rf6, segment, locale).padEnd(24)} ${String(n).padStart(7)}`);
    if (demo.runs.length >= 2) {
      const moves = await transitions(demo.opened.store, ws, 'rf6');
      lines.push('', t.demoMoves);
      for (const [from, row] of Object.entries(moves.kind === 'segmentation' ? moves.matrix : {})) {
        for (const [to, n] of Object.entries(row)) {
          if (from !== to) lines.push(`  ${segmentLabel(rf6, from, locale).padEnd(24)} → ${segmentLabel(rf6, to, locale).padEnd(24)} ${String(n).padStart(6)}`);
        }
      }
      if (moves.kind === 'segmentation') lines.push(`  ${t.demoMoveCounts(moves)}`);
    }
  }
  if (last) lines.push(...(await modelLines(demo, last, locale)));
  return { lines, run: last?.run ?? null, next: t.demoNext };
}

/** How many rules and customers the summary shows. */
const TOP_RULES = 5;
const AT_RISK = 10;
/** Below this probability of being still active, a customer is at risk of leaving. */
const AT_RISK_P_ALIVE = 0.5;

/**
 * What the models of the last run say: the strongest cross-sell rules; the customers most at risk
 * of leaving with the highest value (P(alive) < 0.5, by lifetime value over the model's horizon);
 * the clusters with their descriptions.
 */
async function modelLines(demo: Demo, last: RunSummary, locale: Locale): Promise<string[]> {
  const db = demo.opened.store;
  const t = messages(locale);
  const lines: string[] = [];
  const fitOf = (id: string) => {
    const result = last.models[id];
    return result !== undefined && 'fit' in result ? result.fit : undefined;
  };
  const basket = fitOf('basket');
  if (basket !== undefined) {
    lines.push('', t.demoCrossSell(TOP_RULES));
    lines.push(...ruleLines(await storedRules(db, basket, TOP_RULES), t));
  }
  const clv = fitOf('clv');
  if (clv !== undefined) {
    const atRisk = await mostValuableAtRisk(db, clv, AT_RISK, AT_RISK_P_ALIVE);
    const names = new Map(
      (await db.query<{ _customer: string; first_name: string | null; last_name: string | null }>(
        `SELECT _customer, first_name, last_name FROM customers WHERE _customer IN (${atRisk.map((_, i) => `$${i + 1}`).join(', ') || 'NULL'})`,
        atRisk.map((r) => r.customer),
      )).map((r) => [r._customer, [r.first_name, r.last_name].filter((n) => n !== null).join(' ')]),
    );
    lines.push('', t.demoAtRisk(AT_RISK_P_ALIVE));
    for (const r of atRisk) {
      lines.push(`  ${r.customer}  ${(names.get(r.customer) ?? '').padEnd(22)} ${t.pAlive} ${r.p_alive.toFixed(2)}  ${t.value} ${r.clv.toFixed(2).padStart(8)}`);
    }
  }
  const clusters = fitOf('clusters');
  if (clusters !== undefined) {
    const fit = await fitById<ClustersFitResult>(db, clusters);
    if (fit) {
      const r = fit.result;
      lines.push('', t.demoClusters(r.k, r.silhouette.toFixed(2)));
      // Sizes in one column, whether the line starts with a cluster id or the word for the unclustered.
      const width = Math.max(4, ...r.clusters.map((c) => c.id.length), ...(r.unclustered > 0 ? [t.unclustered.length] : []));
      for (const c of r.clusters) lines.push(`  ${c.id.padEnd(width)} ${String(c.size).padStart(6)}  ${c.descriptions[locale]}`);
      if (r.unclustered > 0) lines.push(`  ${t.unclustered.padEnd(width)} ${String(r.unclustered).padStart(6)}`);
    }
  }
  return lines;
}
