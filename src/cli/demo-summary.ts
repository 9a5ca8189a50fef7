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

export interface DemoSummary {
  readonly lines: string[];
  /** The run made by the demo, when runs exist. */
  readonly run: number | null;
  readonly next: (dir: string) => string;
}

export async function demoSummary(demo: Demo, locale: Locale): Promise<DemoSummary> {
  const ws = demo.opened.workspace;
  const g = demo.generated;
  const fr = locale === 'fr';
  const last = demo.runs[demo.runs.length - 1];
  const lines = [
    fr ? `${ws.name} — démo créée dans ${demo.dir}` : `${ws.name} — demo created in ${demo.dir}`,
    fr
      ? `${g.customers} clients, ${g.pets} animaux, ${g.events} événements importés ; ${demo.runs.length} passages mensuels rejoués`
      : `${g.customers} customers, ${g.pets} pets, ${g.events} events imported; ${demo.runs.length} monthly runs replayed`,
  ];
  const rf6 = ws.segmentations.find((s) => s.id === 'rf6');
  if (last && rf6) {
    lines.push('', fr ? `Récence × fréquence au ${last.at} :` : `Recency × frequency at ${last.at}:`);
    for (const [segment, n] of Object.entries(last.segmentations['rf6'] ?? {})) lines.push(`  ${segmentLabel(rf6, segment, locale).padEnd(24)} ${String(n).padStart(7)}`);
    if (demo.runs.length >= 2) {
      const moves = await transitions(demo.opened.store, ws, 'rf6');
      lines.push('', fr ? 'Mouvements du dernier mois :' : 'Moves of the last month:');
      for (const [from, row] of Object.entries(moves.kind === 'segmentation' ? moves.matrix : {})) {
        for (const [to, n] of Object.entries(row)) {
          if (from !== to) lines.push(`  ${segmentLabel(rf6, from, locale).padEnd(24)} → ${segmentLabel(rf6, to, locale).padEnd(24)} ${String(n).padStart(6)}`);
        }
      }
      if (moves.kind === 'segmentation') {
        lines.push(
          fr
            ? `  montés ${moves.up}, descendus ${moves.down}, restés ${moves.stayed}, nouveaux ${moves.new}`
            : `  up ${moves.up}, down ${moves.down}, stayed ${moves.stayed}, new ${moves.new}`,
        );
      }
    }
  }
  if (last) lines.push(...(await modelLines(demo, last, locale)));
  const next = (dir: string) =>
    fr
      ? `Ensuite : npx segmenta segments -w ${dir}   ·   npx segmenta transitions rfm -w ${dir}   ·   npx segmenta customer C000001 -w ${dir}`
      : `Next: npx segmenta segments -w ${dir}   ·   npx segmenta transitions rfm -w ${dir}   ·   npx segmenta customer C000001 -w ${dir}`;
  return { lines, run: last?.run ?? null, next };
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
  const fr = locale === 'fr';
  const lines: string[] = [];
  const fitOf = (id: string) => {
    const result = last.models[id];
    return result !== undefined && 'fit' in result ? result.fit : undefined;
  };
  const basket = fitOf('basket');
  if (basket !== undefined) {
    lines.push('', fr ? `Ventes croisées : les ${TOP_RULES} règles les plus fortes (lift) :` : `Cross-selling: the ${TOP_RULES} strongest rules (lift):`);
    lines.push(...ruleLines(await storedRules(db, basket, TOP_RULES), fr));
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
    lines.push(
      '',
      fr
        ? `Clients de valeur qui risquent de partir (P(actif) < ${AT_RISK_P_ALIVE}, par valeur vie client sur un an) :`
        : `Valuable customers at risk of leaving (P(alive) < ${AT_RISK_P_ALIVE}, by lifetime value over a year):`,
    );
    for (const r of atRisk) {
      lines.push(`  ${r.customer}  ${(names.get(r.customer) ?? '').padEnd(22)} ${fr ? 'P(actif)' : 'P(alive)'} ${r.p_alive.toFixed(2)}  ${fr ? 'valeur' : 'value'} ${r.clv.toFixed(2).padStart(8)}`);
    }
  }
  const clusters = fitOf('clusters');
  if (clusters !== undefined) {
    const fit = await fitById<ClustersFitResult>(db, clusters);
    if (fit) {
      const r = fit.result;
      lines.push('', fr ? `Groupes de clients (k-means, k = ${r.k}, silhouette ${r.silhouette.toFixed(2)}) :` : `Customer groups (k-means, k = ${r.k}, silhouette ${r.silhouette.toFixed(2)}):`);
      for (const c of r.clusters) lines.push(`  ${c.id.padEnd(4)} ${String(c.size).padStart(6)}  ${c.descriptions[locale]}`);
      if (r.unclustered > 0) lines.push(`  ${(fr ? 'sans achat' : 'no purchase').padEnd(11)} ${String(r.unclustered).padStart(6)}`);
    }
  }
  return lines;
}
