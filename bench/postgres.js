// PostgreSQL beside DuckDB: the same imports, rules, runs and one-customer re-evaluations on the
// same generated clinic, with PostgreSQL's time over DuckDB's as the ratio. The server is the
// local one (SEGMENTA_BENCH_POSTGRES, default postgres://postgres@127.0.0.1:5432/test), one
// schema per size.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { child, clinic, fmt, table } from './lib.js';
import { AT } from './rules-baseline.js';

const ISO_AT = AT.replace(' ', 'T').replace('+02', '+02:00');
const SERVER = process.env.SEGMENTA_BENCH_POSTGRES || 'postgres://postgres@127.0.0.1:5432/test';

export async function benchPostgres(sizes) {
  const out = [];
  for (const customers of sizes) {
    const dir = await clinic(customers);
    const pg = { SEGMENTA_DATABASE_URL: `${SERVER}?schema=bench_${customers}` };
    const n = customers.toLocaleString('en');
    if (!existsSync(path.join(dir, '.segmenta', 'store.duckdb'))) await child('import', [dir]);
    const imported = await child('import', [dir], pg);
    const events = imported.steps.events;
    out.push(
      `PostgreSQL import on ${n} customers (read and validated by a scratch DuckDB, sent by COPY, merged in PostgreSQL)\n` +
        table(
          Object.entries(imported.steps).map(([entity, s]) => ({ entity, rows: s.rows.toLocaleString('en'), s: fmt.s(s.seconds), 'rows/s': fmt.rate(s.rows / s.seconds) })),
          ['entity', 'rows', 's', 'rows/s'],
        ) +
        `\npeak memory ${fmt.mb(imported.maxRss)}; events ${fmt.rate(events.rows / events.seconds)} rows/s`,
    );

    const [duck, post] = [await child('rules', [dir, ISO_AT]), await child('rules', [dir, ISO_AT], pg)];
    const rows = duck.results.map((d, i) => {
      const p = post.results[i];
      return { rule: d.id, count: d.count.toLocaleString('en'), 'same count': p.count === d.count ? 'yes' : `NO (${p.count})`, 'DuckDB s': fmt.s(d.seconds), 'PostgreSQL s': fmt.s(p.seconds), ratio: fmt.ratio(p.seconds / d.seconds) };
    });
    const segments = (r) => r.results.filter((x) => x.segment).reduce((a, x) => a + x.seconds, 0);
    rows.push({ rule: 'ALL SEGMENTS', count: '', 'same count': '', 'DuckDB s': fmt.s(segments(duck)), 'PostgreSQL s': fmt.s(segments(post)), ratio: fmt.ratio(segments(post) / segments(duck)) });
    out.push(`Rules on ${n} customers, PostgreSQL beside DuckDB (median of 3)\n${table(rows, Object.keys(rows[0]))}`);

    const [dr, pr] = [await child('runs', [dir, ISO_AT]), await child('runs', [dir, ISO_AT], pg)];
    const runRows = [
      ...dr.segmentations.map((d, i) => ({ step: `segmentation ${d.id}${JSON.stringify(d.sizes) === JSON.stringify(pr.segmentations[i].sizes) ? '' : ' (SIZES DIFFER)'}`, 'DuckDB s': d.seconds, 'PostgreSQL s': pr.segmentations[i].seconds })),
      { step: 'first full run', 'DuckDB s': dr.fullRun.seconds, 'PostgreSQL s': pr.fullRun.seconds },
      { step: 'import of 1% new events', 'DuckDB s': dr.onePercentImport.seconds, 'PostgreSQL s': pr.onePercentImport.seconds },
      { step: 'the customer run after it (its customers)', 'DuckDB s': dr.onePercentCustomerRun.seconds, 'PostgreSQL s': pr.onePercentCustomerRun.seconds },
      { step: 'full run after 1% changed', 'DuckDB s': dr.runAfterOnePercent.seconds, 'PostgreSQL s': pr.runAfterOnePercent.seconds },
      { step: 'full run, nothing changed', 'DuckDB s': dr.runUnchanged.seconds, 'PostgreSQL s': pr.runUnchanged.seconds },
    ].map((r) => ({ ...r, ratio: fmt.ratio(r['PostgreSQL s'] / r['DuckDB s']), 'DuckDB s': fmt.s(r['DuckDB s']), 'PostgreSQL s': fmt.s(r['PostgreSQL s']) }));
    out.push(`Runs on ${n} customers, PostgreSQL beside DuckDB; rows written: full run ${pr.fullRun.rowsWritten.toLocaleString('en')} (DuckDB ${dr.fullRun.rowsWritten.toLocaleString('en')}), after 1% ${pr.runAfterOnePercent.rowsWritten.toLocaleString('en')} (DuckDB ${dr.runAfterOnePercent.rowsWritten.toLocaleString('en')})\n${table(runRows, Object.keys(runRows[0]))}`);

    const [dl, pl] = [await child('latency', [dir, ISO_AT]), await child('latency', [dir, ISO_AT], pg)];
    const ms = (l) => `p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms, max ${l.max.toFixed(1)} ms, heaviest (${l.heaviest.events} events) ${l.heaviest.ms.toFixed(1)} ms`;
    out.push(`One customer re-evaluated on ${n} customers (${pl.customers} customers): DuckDB ${ms(dl)}; PostgreSQL ${ms(pl)}`);
  }
  return out.join('\n\n');
}
