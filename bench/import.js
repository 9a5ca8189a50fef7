// Import throughput: customers, pets and events of the demo clinic at each size, beside DuckDB's
// plain read_csv of the same events file into a table (the baseline), with peak memory.
import { child, clinic, fmt, table } from './lib.js';

export async function benchImport(sizes) {
  const rows = [];
  for (const customers of sizes) {
    const dir = await clinic(customers);
    const imported = await child('import', [dir]);
    const baseline = await child('baseline-read-csv', [dir, 'events.csv']);
    const events = imported.steps.events;
    rows.push({
      customers: customers.toLocaleString('en'),
      'events': events.rows.toLocaleString('en'),
      'customers rows/s': fmt.rate(imported.steps.customers.rows / imported.steps.customers.seconds),
      'pets rows/s': fmt.rate(imported.steps.pets.rows / imported.steps.pets.seconds),
      'events s': fmt.s(events.seconds),
      'events rows/s': fmt.rate(events.rows / events.seconds),
      'read_csv s': fmt.s(baseline.readSeconds),
      'read_csv rows/s': fmt.rate(baseline.rows / baseline.readSeconds),
      'ratio': fmt.ratio(events.seconds / baseline.readSeconds),
      'peak memory': fmt.mb(imported.maxRss),
      'read_csv peak': fmt.mb(baseline.maxRss),
    });
  }
  const ndjson = [];
  for (const customers of sizes) {
    const run = await child('import-ndjson', [await clinic(customers)]);
    ndjson.push({
      customers: customers.toLocaleString('en'),
      events: run.rows.toLocaleString('en'),
      rejected: run.rejected.toLocaleString('en'),
      'import s': fmt.s(run.importSeconds),
      'import rows/s': fmt.rate(run.rows / run.importSeconds),
      'read_json s': fmt.s(run.readSeconds),
      ratio: fmt.ratio(run.importSeconds / run.readSeconds),
    });
  }
  return (
    `Import (events: validation, in-place load, orphan and duplicate checks; ratio = events import / DuckDB read_csv into a table)\n${table(rows, Object.keys(rows[0]))}\n\n` +
    `NDJSON events import (the same events, typed JSON; ratio = import / DuckDB read_json into a table)\n${table(ndjson, Object.keys(ndjson[0]))}`
  );
}
