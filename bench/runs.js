// Runs: segmentations beside hand-written SQL, a full run, a run after 1 % of customers changed,
// a 36-month replay, and the time to re-evaluate one customer.
import { child, clinic, fmt, table } from './lib.js';
import { AT } from './rules-baseline.js';

const ISO_AT = AT.replace(' ', 'T').replace('+02', '+02:00');

export async function benchRuns(sizes) {
  const out = [];
  for (const customers of sizes) {
    const dir = await clinic(customers);
    const { existsSync } = await import('node:fs');
    if (!existsSync(`${dir}/.segmenta/store.duckdb`)) await child('import', [dir]);
    const r = await child('runs', [dir, ISO_AT]);
    const n = customers.toLocaleString('en');
    out.push(
      `Segmentations at ${AT} on ${n} customers (median of 3; same segment counts as the hand-written SQL)\n` +
        table(
          r.segmentations.map((s) => ({ segmentation: s.id, same: s.same ? 'yes' : 'NO', s: fmt.s(s.seconds), 'hand SQL s': fmt.s(s.baseline), ratio: fmt.ratio(s.seconds / s.baseline) })),
          ['segmentation', 'same', 's', 'hand SQL s', 'ratio'],
        ),
    );
    out.push(
      `Runs on ${n} customers, ${r.events.toLocaleString('en')} events\n` +
        table(
          [
            { step: 'events re-clustered by customer (once, before runs)', s: fmt.s(r.clusterSeconds), 'rows written': '' },
            { step: 'first full run', s: fmt.s(r.fullRun.seconds), 'rows written': r.fullRun.rowsWritten.toLocaleString('en') },
            { step: `import of 1% new events (${r.onePercentImport.rows} rows)`, s: fmt.s(r.onePercentImport.seconds), 'rows written': '' },
            { step: `the customer run after it (${r.onePercentCustomerRun.customers} customers${r.onePercentCustomerRun.ran ? '' : ', not made'})`, s: fmt.s(r.onePercentCustomerRun.seconds), 'rows written': r.onePercentCustomerRun.rowsWritten },
            { step: 'full run after 1% changed', s: fmt.s(r.runAfterOnePercent.seconds), 'rows written': `${r.runAfterOnePercent.rowsWritten.toLocaleString('en')} (${((100 * r.runAfterOnePercent.rowsWritten) / r.fullCopyRows).toFixed(2)}% of a full copy, ${r.fullCopyRows.toLocaleString('en')})` },
            { step: 'full run, nothing changed', s: fmt.s(r.runUnchanged.seconds), 'rows written': r.runUnchanged.rowsWritten.toLocaleString('en') },
          ],
          ['step', 's', 'rows written'],
        ),
    );
    const l = await child('latency', [dir, ISO_AT]);
    out.push(`One customer re-evaluated (all segments and segmentations, written as a customer run), ${l.customers} random customers on ${n}: p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms, max ${l.max.toFixed(1)} ms; heaviest customer (${l.heaviest.events} events) ${l.heaviest.ms.toFixed(1)} ms`);
    if (process.argv.includes('--replay')) {
      // Models fitted at the last run only, as the demo does: the replay is for the segments' history.
      const rp = await child('replay', [dir, '2023-07-01', '2026-06-30', '1']);
      const rows = rp.rowsWritten;
      out.push(`Replay of ${rp.runs} month ends on ${n} customers (models fitted at the last): ${fmt.s(rp.seconds)} s (${fmt.s(rp.seconds / rp.runs)} s a run); rows written: first ${rows[0].toLocaleString('en')}, median ${[...rows].sort((a, b) => a - b)[Math.floor(rows.length / 2)].toLocaleString('en')}, last ${rows[rows.length - 1].toLocaleString('en')}`);
    }
  }
  return out.join('\n\n');
}
