// Models: on the demo clinic, the CLV summary in SQL (x, t_x, T, m_x) alone, the maximum-likelihood
// fit on the groups the database counted, and the whole `model fit clv` (summary, fit, every
// customer's outputs written); then `model fit basket` and `model fit clusters`.
import { child, clinic, fmt, table } from './lib.js';
import { AT } from './rules-baseline.js';

const ISO_AT = AT.replace(' ', 'T').replace('+02', '+02:00');

export async function benchModels(sizes) {
  const out = [];
  for (const customers of sizes) {
    const dir = await clinic(customers);
    const { existsSync } = await import('node:fs');
    if (!existsSync(`${dir}/.segmenta/store.duckdb`)) await child('import', [dir]);
    const skip = ['--no-basket', '--no-clusters'].filter((flag) => process.argv.includes(flag)).join(',') || 'none';
    const r = await child('models', [dir, ISO_AT, skip]);
    const n = customers.toLocaleString('en');
    const rows = [
      { step: `CLV summary in SQL: ${r.clv.summarised.toLocaleString('en')} customers (median of 3)`, s: fmt.s(r.clv.summarySeconds) },
      { step: `CLV fit on ${r.clv.groups.toLocaleString('en')} (x, t_x, T) groups and ${r.clv.spendGroups.toLocaleString('en')} (x, m_x) groups (BG/NBD + Gamma-Gamma)`, s: fmt.s(r.clv.fitSeconds) },
      { step: 'segmenta model fit clv: summary, fit, every customer\'s outputs written', s: fmt.s(r.clv.totalSeconds) },
      ...(r.basket ? [{ step: `segmenta model fit basket: ${r.basket.baskets.toLocaleString('en')} baskets, ${r.basket.rules} rules, suggestions, favourite categories`, s: fmt.s(r.basket.seconds) }] : []),
      ...(r.clusters ? [{ step: `segmenta model fit clusters: k = ${r.clusters.k} of 2..8 on ${r.clusters.customers.toLocaleString('en')} customers`, s: fmt.s(r.clusters.seconds) }] : []),
    ];
    out.push(`Models at ${AT} on ${n} customers (peak memory ${fmt.mb(r.maxRss)})\n${table(rows, ['step', 's'])}`);
  }
  return out.join('\n\n');
}
