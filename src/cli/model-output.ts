/** Human output of the models (`segmenta model fit`), in French or English. */
import type { BasketFitResult } from '../models/fit-basket.js';
import type { ClustersFitResult } from '../models/clusters.js';
import type { ModelFit } from '../models/fit-model.js';
import type { Locale } from '../workspace/types.js';
import type { Output } from './output.js';
import { messages, type Messages } from '../i18n/messages.js';

function n(value: number, digits = 3): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

export function printModelFit(o: Output, fit: ModelFit, locale: Locale): void {
  const t = messages(locale);
  o.line(o.style('bold', t.modelFitHeading(fit.model, fit.kind, fit.fit, fit.at)));
  if (fit.kind === 'basket') return printBasket(o, fit.result, t);
  if (fit.kind === 'kmeans') return printClusters(o, fit.result, locale);
  const r = fit.result;
  o.line(`  BG/NBD: r = ${n(r.bgnbd.r)}, α = ${n(r.bgnbd.alpha)}, a = ${n(r.bgnbd.a)}, b = ${n(r.bgnbd.b)}, ${t.logLikelihood} ${n(r.bgnbd.loglik, 1)}`);
  o.line(`  Gamma-Gamma: p = ${n(r.gammagamma.p, 2)}, q = ${n(r.gammagamma.q, 2)}, γ = ${n(r.gammagamma.gamma, 2)}`);
  o.line(`  ${t.clvSummary({ customers: r.customers, repeat: r.repeat_customers, calibrationEnd: r.calibration_end, horizon: r.horizon, unit: r.time_unit })}`);
}

/** How many rules the human output lists. */
const TOP_RULES = 10;

function printBasket(o: Output, r: BasketFitResult, t: Messages): void {
  const sizes = Object.entries(r.itemsets).map(([k, count]) => `${count}×${k}`).join(', ');
  o.line(`  ${t.basketSummary({ baskets: r.baskets, customers: r.customers, minSupport: r.min_support, itemsets: sizes || '0', rules: r.rule_count, minConfidence: r.min_confidence, minLift: r.min_lift })}`);
  for (const line of ruleLines(r.rules.slice(0, TOP_RULES), t)) o.line(line);
  if (r.rules.length > TOP_RULES) o.line(o.style('dim', `  ${t.moreRules(r.rules.length - TOP_RULES)}`));
}

/** One line per rule: `{a, b} → c   support 0.12  confidence 0.80  lift 2.10`. */
export function ruleLines(rules: BasketFitResult['rules'], t: Messages): string[] {
  const left = rules.map((rule) => `{${rule.antecedent.join(', ')}} → ${rule.consequent.join(', ')}`);
  const width = Math.max(0, ...left.map((l) => l.length));
  return rules.map(
    (rule, i) => `  ${left[i]!.padEnd(width)}  support ${n(rule.support)}  ${t.confidence} ${n(rule.confidence)}  lift ${n(rule.lift, 2)}`,
  );
}

function printClusters(o: Output, r: ClustersFitResult, locale: Locale): void {
  const byK = Object.entries(r.silhouette_by_k).map(([k, s]) => `${k}: ${s === null ? '—' : n(s)}`).join(', ');
  const summary = { k: r.k, silhouette: n(r.silhouette), byK, customers: r.customers, unclustered: r.unclustered, features: r.features.join(', ') };
  o.line(`  ${messages(locale).clustersSummary(summary)}`);
  for (const c of r.clusters) o.line(`  ${c.id.padEnd(4)} ${String(c.size).padStart(8)}  ${c.descriptions[locale]}`);
}
