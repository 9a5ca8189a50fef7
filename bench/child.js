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
    if (process.env.SEGMENTA_DATABASE_URL) {
      const pg = (await import('pg')).default;
      const url = process.env.SEGMENTA_DATABASE_URL;
      const client = new pg.Client({ connectionString: url.replace(/[?&]schema=[^&]*/, '') });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${new URL(url).searchParams.get('schema')} CASCADE`);
      await client.end();
    } else for (const f of ['store.duckdb', 'store.duckdb.wal']) await rm(path.join(dir, '.segmenta', f), { force: true });
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
  case 'import-ndjson': {
    // The events as NDJSON (typed: numbers, JSON arrays), written once beside the CSV; customers and
    // pets imported untimed, then the events timed, beside DuckDB's read_json of the same file.
    const [dir] = args;
    const file = path.join(dir, 'events.ndjson');
    const scratch = await DuckDBInstance.create(':memory:');
    const c = await scratch.connect();
    const exists = await c.runAndReadAll(`SELECT count(*) AS n FROM glob($1)`, [file]);
    if (Number(exists.getRowObjectsJS()[0].n) === 0) {
      await c.run(`COPY (SELECT * REPLACE (CAST(amount AS DOUBLE) AS amount, string_split(categories, '|') AS categories, string_split(products, '|') AS products)
        FROM read_csv($1, all_varchar = true)) TO '${file.replaceAll("'", "''")}' (FORMAT json)`, [path.join(dir, 'events.csv')]);
    }
    for (const f of ['store.duckdb', 'store.duckdb.wal']) await rm(path.join(dir, '.segmenta', f), { force: true });
    const ws = await openWorkspace(dir);
    for (const [entity, name] of [['customers', 'customers.csv'], ['pets', 'pets.csv']]) await importFile(ws.store, ws.workspace, entity, path.join(dir, name));
    const t = process.hrtime.bigint();
    const summary = await importFile(ws.store, ws.workspace, 'events', file);
    const importSeconds = Number(process.hrtime.bigint() - t) / 1e9;
    await ws.close();
    const b = process.hrtime.bigint();
    const read = await c.run(`CREATE TABLE t AS SELECT * FROM read_json($1, format = 'newline_delimited')`, [file]);
    const readSeconds = Number(process.hrtime.bigint() - b) / 1e9;
    c.closeSync();
    scratch.closeSync();
    report({ rows: summary.inserted + summary.unchanged + summary.rejected, rejected: summary.rejected, importSeconds, readSeconds, readRows: Number(read.rowsChanged) });
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
    if (!['rules', 'runs', 'latency', 'latency-in-place', 'replay', 'models'].includes(task)) throw new Error(`unknown task ${task}`);
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
    const hand = item.sql && ws.store.kind === 'duckdb' ? await median(() => count(item.sql)) : null;
    results.push({ id: item.id, segment: item.rule === null, seconds: ours.seconds, count: ours.value, baseline: hand?.seconds ?? null, baselineCount: hand?.value ?? null });
  }
  await ws.close();
  report({ results });
}

/**
 * A throwaway copy of an imported workspace, so that a benchmark never changes the shared store:
 * the DuckDB file copied, or on PostgreSQL (SEGMENTA_DATABASE_URL) the schema copied table by
 * table. Returns how to open it and how to drop it.
 */
async function copyWorkspace(dir) {
  const { cp, mkdtemp } = await import('node:fs/promises');
  const os = await import('node:os');
  const copy = await mkdtemp(path.join(os.tmpdir(), 'segmenta-bench-'));
  await cp(path.join(dir, 'segmenta.yaml'), path.join(copy, 'segmenta.yaml'));
  const url = process.env.SEGMENTA_DATABASE_URL;
  if (!url) {
    await cp(path.join(dir, '.segmenta', 'store.duckdb'), path.join(copy, '.segmenta', 'store.duckdb'), { recursive: true });
    return { dir: copy, env: {}, drop: () => rm(copy, { recursive: true, force: true }) };
  }
  const pg = (await import('pg')).default;
  const source = new URL(url).searchParams.get('schema');
  const target = `${source}_copy`;
  const client = new pg.Client({ connectionString: url.replace(/[?&]schema=[^&]*/, '') });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${target} CASCADE`);
  await client.query(`CREATE SCHEMA ${target}`);
  const { rows } = await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [source]);
  for (const { table_name: t } of rows) {
    await client.query(`CREATE TABLE ${target}."${t}" (LIKE ${source}."${t}" INCLUDING ALL)`);
    await client.query(`INSERT INTO ${target}."${t}" SELECT * FROM ${source}."${t}"`);
    await client.query(`ANALYZE ${target}."${t}"`);
  }
  await client.end();
  const env = { SEGMENTA_DATABASE_URL: url.replace(`schema=${source}`, `schema=${target}`) };
  return {
    dir: copy,
    env,
    drop: async () => {
      const c = new pg.Client({ connectionString: url.replace(/[?&]schema=[^&]*/, '') });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${target} CASCADE`);
      await c.end();
      await rm(copy, { recursive: true, force: true });
    },
  };
}

/** A random sample of customer keys, the same on both stores (ordered by a hash of the key). */
async function sampleKeys(store, n) {
  return (await store.query(`SELECT _customer FROM customers ORDER BY md5(_customer) LIMIT ${Math.floor(n)}`)).map((r) => r._customer);
}

const seconds_ = (t) => Number(process.hrtime.bigint() - t) / 1e9;

if (task === 'runs') {
  // Segmentations beside hand SQL, a full run, a run after 1% of customers changed.
  const [dir, at] = args;
  const { evaluation } = await import('../dist/engine/evaluate.js');
  const { runWorkspace } = await import('../dist/runs/run.js');
  const { Compilation } = await import('../dist/compiler/compilation.js');
  const { segmentationState } = await import('../dist/segmentations/state.js');
  const { segmentResolver } = await import('../dist/engine/prepared-rules.js');
  const { bindParams } = await import('../dist/compiler/compile-rule.js');
  const { parseInstant } = await import('../dist/time/instant.js');
  const { SEGMENTATION_BASELINES } = await import('./segmentations-baseline.js');
  const copy = await copyWorkspace(dir);
  const ws = await openWorkspace(copy.dir, { ...process.env, ...copy.env });
  const ev = evaluation(ws.workspace, ws.store);
  const instant = parseInstant(at, ws.workspace.timezone);
  const out = { segmentations: [] };
  // The hand-written baselines are DuckDB SQL: on PostgreSQL only Segmenta's own times are taken.
  const handWritten = ws.store.kind === 'duckdb';
  let t = process.hrtime.bigint();
  const maintained = await ws.store.clusterByCustomer({ force: true });
  out.clusterSeconds = seconds_(t);
  out.events = maintained.events;
  const distribution = async (sql, params = []) =>
    Object.fromEntries((await ws.store.query(`SELECT segment, count(*) AS n FROM (${sql}) s GROUP BY segment ORDER BY segment`, params)).map((r) => [r.segment, Number(r.n)]));
  for (const def of ws.workspace.segmentations) {
    const c = new Compilation({ workspace: ws.workspace, dialect: ws.store.dialect, segments: segmentResolver(ev.rules, ws.workspace) });
    const sql = segmentationState(c, def);
    const params = bindParams({ sql, params: c.params.sources }, { at: instant });
    const times = [];
    let ours;
    for (let i = 0; i < 3; i++) { t = process.hrtime.bigint(); ours = await distribution(sql, params); times.push(seconds_(t)); }
    const handTimes = [];
    let hand;
    for (let i = 0; handWritten && i < 3; i++) { t = process.hrtime.bigint(); hand = await distribution(SEGMENTATION_BASELINES[def.id]); handTimes.push(seconds_(t)); }
    out.segmentations.push({ id: def.id, seconds: times.sort()[1], baseline: handWritten ? handTimes.sort()[1] : null, same: handWritten ? JSON.stringify(ours) === JSON.stringify(hand) : null, sizes: ours });
  }
  t = process.hrtime.bigint();
  const first = await runWorkspace(ev, instant);
  out.fullRun = { seconds: seconds_(t), rowsWritten: first.rowsWritten };
  const [{ rows }] = await ws.store.query(`SELECT count(*) AS rows FROM memberships WHERE to_run IS NULL`);
  out.fullCopyRows = Number(rows);
  // 1 % of the customers buy something the next day.
  const next = new Date(instant.getTime() + 86400_000);
  const file = path.join(copy.dir, 'one-percent.csv');
  const { writeFile } = await import('node:fs/promises');
  const day = new Date(Date.parse(`${at.slice(0, 10)}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10);
  const buyers = await sampleKeys(ws.store, out.events > 0 ? Number((await ws.store.query(`SELECT count(*) AS n FROM customers`))[0].n) / 100 : 0);
  await writeFile(file, ['customer_id,type,time,amount,categories,products,order_id', ...buyers.map((k) => `${k},purchase,${day}T10:00:00,42.5,food,cat-food,BENCH${k}`)].join('\n'));
  const { importFile } = await import('../dist/ingest/import.js');
  const { reevaluateImported } = await import('../dist/runs/after-import.js');
  t = process.hrtime.bigint();
  const imported = await importFile(ws.store, ws.workspace, 'events', file);
  out.onePercentImport = { seconds: seconds_(t), rows: imported.inserted };
  // The customer run `segmenta import` makes after such an import (its customers re-evaluated).
  t = process.hrtime.bigint();
  const reevaluated = await reevaluateImported(ev, imported, next);
  out.onePercentCustomerRun = { seconds: seconds_(t), customers: reevaluated.customers ?? 0, ran: reevaluated.run !== undefined, rowsWritten: reevaluated.run?.rowsWritten ?? 0 };
  t = process.hrtime.bigint();
  const after = await runWorkspace(ev, new Date(next.getTime() + 86400_000));
  out.runAfterOnePercent = { seconds: seconds_(t), rowsWritten: after.rowsWritten };
  t = process.hrtime.bigint();
  const same = await runWorkspace(ev, new Date(next.getTime() + 86400_000));
  out.runUnchanged = { seconds: seconds_(t), rowsWritten: same.rowsWritten };
  await ws.close();
  await copy.drop();
  report(out);
}

if (task === 'latency' || task === 'latency-in-place') {
  // One customer re-evaluated (every segment and segmentation, written as a customer run).
  // `latency` times them on a copy after a full run of its own; `latency-in-place` in the workspace
  // itself, after the full run it already has at or before AT (copying a 1M-customer PostgreSQL
  // schema and running it again take half an hour here).
  const [dir, at] = args;
  const { evaluation } = await import('../dist/engine/evaluate.js');
  const { runWorkspace } = await import('../dist/runs/run.js');
  const { parseInstant } = await import('../dist/time/instant.js');
  const inPlace = task === 'latency-in-place';
  const copy = inPlace ? { dir, env: {}, drop: async () => undefined } : await copyWorkspace(dir);
  const ws = await openWorkspace(copy.dir, { ...process.env, ...copy.env });
  const ev = evaluation(ws.workspace, ws.store);
  const instant = parseInstant(at, ws.workspace.timezone);
  if (!inPlace) {
    await ws.store.clusterByCustomer({ force: true });
    await runWorkspace(ev, instant);
  }
  const sample = await sampleKeys(ws.store, 200);
  const [heaviest] = await ws.store.query(`SELECT _customer, count(*) AS n FROM events GROUP BY 1 ORDER BY 2 DESC LIMIT 1`);
  const times = [];
  for (const key of sample) {
    const t = process.hrtime.bigint();
    await runWorkspace(ev, instant, { customers: [key] });
    times.push(seconds_(t) * 1000);
  }
  const heavy = [];
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    await runWorkspace(ev, instant, { customers: [heaviest._customer] });
    heavy.push(seconds_(t) * 1000);
  }
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  await ws.close();
  await copy.drop();
  report({ customers: times.length, p50: pct(0.5), p95: pct(0.95), max: times[times.length - 1], heaviest: { key: heaviest._customer, events: Number(heaviest.n), ms: heavy.sort((a, b) => a - b)[2] } });
}

if (task === 'replay') {
  // MODELS_AT_LAST: fit the models at the last this many runs only (as the demo does); default every run.
  const [dir, from, to, modelsAtLast] = args;
  const { evaluation } = await import('../dist/engine/evaluate.js');
  const { replay } = await import('../dist/runs/replay.js');
  const copy = await copyWorkspace(dir);
  const ws = await openWorkspace(copy.dir, { ...process.env, ...copy.env });
  const ev = evaluation(ws.workspace, ws.store);
  await ws.store.clusterByCustomer({ force: true });
  const t = process.hrtime.bigint();
  const started = [];
  const runs = await replay(ev, from, to, () => started.push(seconds_(t)), modelsAtLast === undefined ? {} : { modelsAtLast: Number(modelsAtLast) });
  const total = seconds_(t);
  await ws.close();
  await copy.drop();
  const perRun = started.map((s, i) => s - (i === 0 ? 0 : started[i - 1]));
  report({ runs: runs.length, seconds: total, modelsAtLast: modelsAtLast === undefined ? 'every run' : Number(modelsAtLast), secondsPerRun: perRun, rowsWritten: runs.map((r) => r.rowsWritten) });
}

if (task === 'models') {
  const [dir, at, skip] = args;
  const { resolveModel, fitModel } = await import('../dist/models/fit-model.js');
  const { modelCompilation, queryBound, runBound } = await import('../dist/models/model-sql.js');
  const { calibrationOf, clvSummarySql, withOffsets } = await import('../dist/models/clv-summary.js');
  const { fitBgNbd } = await import('../dist/models/math/bgnbd.js');
  const { fitGammaGamma } = await import('../dist/models/math/gamma-gamma.js');
  const { parseInstant } = await import('../dist/time/instant.js');
  const copy = await copyWorkspace(dir);
  const ws = await openWorkspace(copy.dir, { ...process.env, ...copy.env });
  const instant = parseInstant(at, ws.workspace.timezone);
  const clv = resolveModel(ws.workspace, 'clv');
  const out = { clv: {} };
  // The summary alone, in SQL (median of 3).
  const c = modelCompilation(ws.workspace, ws.store.dialect);
  const summarySql = clvSummarySql(c, clv, await withOffsets(ws.store, calibrationOf(clv, instant, ws.workspace.timezone), clv.event, ws.workspace.timezone));
  const times = [];
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    const [row] = await queryBound(ws.store, c, `SELECT count(*) AS n, sum(x) AS sx FROM (${summarySql}) s`, instant);
    times.push(seconds_(t));
    out.clv.summarised = Number(row.n);
  }
  out.clv.summarySeconds = times.sort((a, b) => a - b)[1];
  // The fit alone, on the groups the database counts.
  await ws.store.transaction(async (tx) => {
    await runBound(tx, c, `CREATE TEMP TABLE bench_summary AS ${summarySql}`, instant);
    const groups = await tx.query(`SELECT x, t_x, t_cal, count(*) AS n FROM bench_summary GROUP BY x, t_x, t_cal`);
    const spend = await tx.query(`SELECT x, m_x, count(*) AS n FROM bench_summary WHERE x > 0 AND m_x > 0 GROUP BY x, m_x`);
    const t = process.hrtime.bigint();
    const col = (rows, k) => Float64Array.from(rows, (g) => Number(g[k]));
    fitBgNbd({ x: col(groups, 'x'), tx: col(groups, 't_x'), T: col(groups, 't_cal'), weights: col(groups, 'n') });
    const total = spend.reduce((a, g) => a + Number(g.n), 0);
    const x = new Float64Array(total);
    const mx = new Float64Array(total);
    let i = 0;
    for (const g of spend) {
      x.fill(Number(g.x), i, i + Number(g.n));
      mx.fill(Number(g.m_x), i, i + Number(g.n));
      i += Number(g.n);
    }
    fitGammaGamma({ x, mx });
    out.clv.fitSeconds = seconds_(t);
    out.clv.groups = groups.length;
    out.clv.spendGroups = spend.length;
    await tx.run('DROP TABLE bench_summary');
  });
  let t = process.hrtime.bigint();
  await fitModel(ws.store, ws.workspace, clv, instant);
  out.clv.totalSeconds = seconds_(t);
  if (!skip.includes('--no-basket')) {
    t = process.hrtime.bigint();
    const basket = await fitModel(ws.store, ws.workspace, resolveModel(ws.workspace, 'basket'), instant);
    out.basket = { seconds: seconds_(t), baskets: basket.result.baskets, rules: basket.result.rule_count };
  }
  if (!skip.includes('--no-clusters')) {
    t = process.hrtime.bigint();
    const fitted = await fitModel(ws.store, ws.workspace, resolveModel(ws.workspace, 'clusters'), instant);
    out.clusters = { seconds: seconds_(t), k: fitted.result.k, customers: fitted.result.customers };
  }
  await ws.close();
  await copy.drop();
  report(out);
}
