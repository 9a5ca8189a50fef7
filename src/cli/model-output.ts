/** Human output of the models (`segmenta model fit`), in French or English. */
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
  const r = fit.result;
  o.line(`  BG/NBD: r = ${n(r.bgnbd.r)}, α = ${n(r.bgnbd.alpha)}, a = ${n(r.bgnbd.a)}, b = ${n(r.bgnbd.b)}, ${fr ? 'log-vraisemblance' : 'log-likelihood'} ${n(r.bgnbd.loglik, 1)}`);
  o.line(`  Gamma-Gamma: p = ${n(r.gammagamma.p, 2)}, q = ${n(r.gammagamma.q, 2)}, γ = ${n(r.gammagamma.gamma, 2)}`);
  const unit = UNITS[locale][r.time_unit];
  o.line(
    fr
      ? `  ${r.customers} clients (${r.repeat_customers} avec des achats répétés), calibration jusqu'au ${r.calibration_end}, horizon ${r.horizon} ${unit}`
      : `  ${r.customers} customers (${r.repeat_customers} with repeat purchases), calibration up to ${r.calibration_end}, horizon ${r.horizon} ${unit}`,
  );
}
