/** Human output of the models (`segmenta model fit`), in French or English. */
import type { BasketFitResult } from '../models/fit-basket.js';
import type { ClustersFitResult } from '../models/clusters.js';
import type { ModelFit } from '../models/fit-model.js';
import type { Locale } from '../workspace/types.js';
import type { Output } from './output.js';

const UNITS = {
  fr: { days: 'jours', weeks: 'semaines', months: 'mois' },
  en: { days: 'days', weeks: 'weeks', months: 'months' },
} as const;

function n(value: number, digits = 3): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

export function printModelFit(o: Output, fit: ModelFit, locale: Locale): void {
  const fr = locale === 'fr';
  o.line(o.style('bold', fr ? `Modèle ${fit.model} (${fit.kind}) — ajustement ${fit.fit} au ${fit.at}` : `Model ${fit.model} (${fit.kind}) — fit ${fit.fit} as of ${fit.at}`));
  if (fit.kind === 'basket') return printBasket(o, fit.result, fr);
  if (fit.kind === 'kmeans') return printClusters(o, fit.result, locale);
  const r = fit.result;
  o.line(`  BG/NBD: r = ${n(r.bgnbd.r)}, α = ${n(r.bgnbd.alpha)}, a = ${n(r.bgnbd.a)}, b = ${n(r.bgnbd.b)}, ${fr ? 'log-vraisemblance' : 'log-likelihood'} ${n(r.bgnbd.loglik, 1)}`);
  o.line(`  Gamma-Gamma: p = ${n(r.gammagamma.p, 2)}, q = ${n(r.gammagamma.q, 2)}, γ = ${n(r.gammagamma.gamma, 2)}`);
  const unit = UNITS[locale][r.time_unit];
  o.line(
    fr
      ? `  ${r.customers} clients (${r.repeat_customers} avec des achats répétés de montant moyen positif), calibration jusqu'au ${r.calibration_end}, horizon ${r.horizon} ${unit}`
      : `  ${r.customers} customers (${r.repeat_customers} with repeat purchases of a positive mean amount), calibration up to ${r.calibration_end}, horizon ${r.horizon} ${unit}`,
  );
}

/** How many rules the human output lists. */
const TOP_RULES = 10;

function printBasket(o: Output, r: BasketFitResult, fr: boolean): void {
  const sizes = Object.entries(r.itemsets).map(([k, count]) => `${count}×${k}`).join(', ');
  o.line(
    fr
      ? `  ${r.baskets} paniers, ${r.customers} clients ; ensembles fréquents (support ≥ ${r.min_support}) : ${sizes || '0'} ; ${r.rule_count} règles (confiance ≥ ${r.min_confidence}, lift ≥ ${r.min_lift})`
      : `  ${r.baskets} baskets, ${r.customers} customers; frequent itemsets (support ≥ ${r.min_support}): ${sizes || '0'}; ${r.rule_count} rules (confidence ≥ ${r.min_confidence}, lift ≥ ${r.min_lift})`,
  );
  for (const line of ruleLines(r.rules.slice(0, TOP_RULES), fr)) o.line(line);
  if (r.rules.length > TOP_RULES) o.line(o.style('dim', fr ? `  … et ${r.rules.length - TOP_RULES} autres (--json pour toutes)` : `  … and ${r.rules.length - TOP_RULES} more (--json for all)`));
}

/** One line per rule: `{a, b} → c   support 0.12  confidence 0.80  lift 2.10`. */
export function ruleLines(rules: BasketFitResult['rules'], fr: boolean): string[] {
  const left = rules.map((rule) => `{${rule.antecedent.join(', ')}} → ${rule.consequent.join(', ')}`);
  const width = Math.max(0, ...left.map((l) => l.length));
  return rules.map(
    (rule, i) => `  ${left[i]!.padEnd(width)}  support ${n(rule.support)}  ${fr ? 'confiance' : 'confidence'} ${n(rule.confidence)}  lift ${n(rule.lift, 2)}`,
  );
}

function printClusters(o: Output, r: ClustersFitResult, locale: Locale): void {
  const fr = locale === 'fr';
  const byK = Object.entries(r.silhouette_by_k).map(([k, s]) => `${k}: ${s === null ? '—' : n(s)}`).join(', ');
  o.line(
    fr
      ? `  k = ${r.k} (silhouette ${n(r.silhouette)} ; par k : ${byK}) sur ${r.customers} clients, ${r.unclustered} non classés ; variables : ${r.features.join(', ')}`
      : `  k = ${r.k} (silhouette ${n(r.silhouette)}; by k: ${byK}) over ${r.customers} customers, ${r.unclustered} unclustered; features: ${r.features.join(', ')}`,
  );
  for (const c of r.clusters) o.line(`  ${c.id.padEnd(4)} ${String(c.size).padStart(8)}  ${c.descriptions[locale]}`);
}
