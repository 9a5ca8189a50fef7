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
    if (task !== 'rules') throw new Error(`unknown task ${task}`);
}

// Rules: each rule of the list timed as Segmenta compiles it and as written by hand (median of 3).
if (task === 'rules') {
  const [dir, at] = args;
  const { evaluation, compile } = await import('../dist/engine/evaluate.js');
  const { prepareRule } = await import('../dist/engine/prepared-rules.js');
  const { bindParams } = await import('../dist/compiler/compile-rule.js');
  const { parseInstant } = await import('../dist/time/instant.js');
  const { SEGMENT_BASELINES, EXAMPLES } = await import('./rules-baseline.js');
  const ws = await openWorkspace(dir);
  const ev = evaluation(ws.workspace, ws.store);
  const instant = parseInstant(at, ws.workspace.timezone);
  const median = async (fn) => {
    const times = [];
    let value;
    for (let i = 0; i < 3; i++) {
      const t = process.hrtime.bigint();
      value = await fn();
      times.push(Number(process.hrtime.bigint() - t) / 1e9);
    }
    return { seconds: times.sort((a, b) => a - b)[1], value };
  };
  const count = async (sql, params = []) => Number((await ws.store.query(`SELECT count(*) AS n FROM (${sql}) AS m`, params))[0].n);
  const cases = [
    ...EXAMPLES,
    ...ws.workspace.segments.map((s) => ({ id: s.id, rule: null, sql: SEGMENT_BASELINES[s.id] })),
  ];
  const results = [];
  for (const item of cases) {
    const typed = item.rule === null ? ev.rules.typed.get(item.id) : prepareRule(ws.workspace, item.rule);
    const query = compile(ev, typed);
    const ours = await median(() => count(query.sql, bindParams(query, { at: instant })));
    const hand = item.sql ? await median(() => count(item.sql)) : null;
    results.push({ id: item.id, segment: item.rule === null, seconds: ours.seconds, count: ours.value, baseline: hand?.seconds ?? null, baselineCount: hand?.value ?? null });
  }
  await ws.close();
  report({ results });
}
