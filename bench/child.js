// One measured task per process, so that peak memory (maxRSS) belongs to that task alone.
// Prints one JSON line: what was done, how long it took, and the peak resident memory.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateClinic } from '../dist/demo/index.js';
import { openWorkspace } from '../dist/open.js';
import { importFile } from '../dist/ingest/import.js';
import { UNTIL } from './lib.js';

const [task, ...args] = process.argv.slice(2);
const started = process.hrtime.bigint();
const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
const report = (extra) => process.stdout.write(`${JSON.stringify({ task, seconds: seconds(), maxRss: process.resourceUsage().maxRSS * 1024, ...extra })}\n`);

switch (task) {
  case 'generate': {
    const [dir, customers] = args;
    const result = await generateClinic({ dir, customers: Number(customers), seed: 1, until: UNTIL });
    report({ customers: result.customers, pets: result.pets, events: result.events });
    break;
  }
  case 'import': {
    // Imports customers, pets and events into a fresh store; times each file.
    const [dir] = args;
    await rm(path.join(dir, '.segmenta'), { recursive: true, force: true });
    const ws = await openWorkspace(dir);
    const steps = {};
    for (const [entity, file] of [['customers', 'customers.csv'], ['pets', 'pets.csv'], ['events', 'events.csv']]) {
      const t = process.hrtime.bigint();
      const summary = await importFile(ws.store, ws.workspace, entity, path.join(dir, file));
      steps[entity] = { seconds: Number(process.hrtime.bigint() - t) / 1e9, rows: summary.inserted + summary.updated + summary.unchanged + summary.rejected, inserted: summary.inserted };
    }
    await ws.close();
    report({ steps });
    break;
  }
  case 'baseline-read-csv': {
    // DuckDB's own reader into a plain table, types auto-detected: the floor an import is compared with.
    const [dir, file] = args;
    const db = path.join(dir, '.segmenta', 'baseline.duckdb');
    await rm(db, { force: true });
    await rm(`${db}.wal`, { force: true });
    const instance = await DuckDBInstance.create(db, { memory_limit: '1GB' });
    const connection = await instance.connect();
    const t = process.hrtime.bigint();
    const result = await connection.run(`CREATE TABLE t AS SELECT * FROM read_csv($1)`, [path.join(dir, file)]);
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    const rows = Number((await connection.runAndReadAll('SELECT count(*) AS n FROM t')).getRowObjectsJS()[0].n);
    connection.closeSync();
    instance.closeSync();
    await rm(db, { force: true });
    report({ rows, readSeconds: s, changed: Number(result.rowsChanged) });
    break;
  }
  default:
    throw new Error(`unknown task ${task}`);
}
