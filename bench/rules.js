// Rules: rules.md's examples and every segment of the demo clinic, evaluated by Segmenta on the
// imported base, beside the same questions written by hand in SQL on the same DuckDB file.
import { child, clinic, fmt, table } from './lib.js';
import { AT } from './rules-baseline.js';

export async function benchRules(sizes) {
  const out = [];
  for (const customers of sizes) {
    const dir = await clinic(customers);
    await ensureImported(dir);
    const { results } = await child('rules', [dir, AT.replace(' ', 'T').replace('+02', '+02:00')]);
    const rows = results.map((r) => ({
      rule: r.id,
      count: r.count.toLocaleString('en'),
      'same count': r.baselineCount === null ? '-' : r.count === r.baselineCount ? 'yes' : `NO (${r.baselineCount})`,
      's': fmt.s(r.seconds),
      'hand SQL s': r.baseline === null ? '-' : fmt.s(r.baseline),
      ratio: r.baseline === null ? '-' : fmt.ratio(r.seconds / r.baseline),
    }));
    const segments = results.filter((r) => r.segment);
    const ours = segments.reduce((a, r) => a + r.seconds, 0);
    const hand = segments.reduce((a, r) => a + (r.baseline ?? 0), 0);
    rows.push({ rule: `ALL ${segments.length} SEGMENTS`, count: '', 'same count': segments.every((r) => r.count === r.baselineCount) ? 'yes' : 'NO', s: fmt.s(ours), 'hand SQL s': fmt.s(hand), ratio: fmt.ratio(ours / hand) });
    out.push(`Rules at ${AT} on ${customers.toLocaleString('en')} customers (median of 3 runs each)\n${table(rows, Object.keys(rows[0]))}`);
  }
  return out.join('\n\n');
}

async function ensureImported(dir) {
  const { existsSync } = await import('node:fs');
  const path = await import('node:path');
  if (!existsSync(path.join(dir, '.segmenta', 'store.duckdb'))) await child('import', [dir]);
}
