// Where one customer run's time goes: every statement of the run timed (its first 90 characters,
// milliseconds), for a few customers after a warm-up. Usage:
//   node bench/profile-customer-run.js DIR AT [customers | KEY]   (SEGMENTA_DATABASE_URL for PostgreSQL)
// A number profiles that many customers (the first by key), a key that customer 20 times.
import { openWorkspace } from '../dist/open.js';
import { evaluation } from '../dist/engine/evaluate.js';
import { runWorkspace } from '../dist/runs/run.js';
import { parseInstant } from '../dist/time/instant.js';

const [dir, at, n = '20'] = process.argv.slice(2);
const ws = await openWorkspace(dir);
const ev = evaluation(ws.workspace, ws.store);
const instant = parseInstant(at, ws.workspace.timezone);
const keys = /^\d+$/.test(n)
  ? (await ws.store.query(`SELECT _customer FROM customers ORDER BY _customer LIMIT ${Number(n) + 5}`)).map((r) => r._customer)
  : Array(25).fill(n);
let log = null;
// Every statement timed, one after the other; queued ones too (a real customer run sends those
// together with the next statement on PostgreSQL: Queryable.defer).
const timed = (db) => {
  let chain = Promise.resolve();
  const time = (sql, send) => {
    const result = chain.then(async () => {
      const t = process.hrtime.bigint();
      try { return await send(); } finally { log?.push([sql, Number(process.hrtime.bigint() - t) / 1e6]); }
    });
    chain = result.catch(() => undefined);
    return result;
  };
  return {
    query: (sql, params, options) => time(sql, () => db.query(sql, params, options)),
    run: (sql, params, options) => time(sql, () => db.run(sql, params, options)),
    defer: (sql, params, options) => time(sql, () => db.defer(sql, params, options)),
    drain: () => chain,
  };
};
const store = ws.store;
const original = store.transaction.bind(store);
// Everything sent before the commit.
store.transaction = (work) => original(async (tx) => { const t = timed(tx); const result = await work(t); await t.drain(); return result; });
const totals = new Map();
const wall = [];
for (const [i, key] of keys.entries()) {
  log = [];
  const t = process.hrtime.bigint();
  await runWorkspace(ev, instant, { customers: [key] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (i < 5) continue; // warm-up
  wall.push(ms);
  log.forEach(([sql, ms], j) => {
    const label = `${String(j).padStart(2)} ${sql.replace(/\s+/g, ' ').slice(0, 90)}`;
    totals.set(label, (totals.get(label) ?? 0) + ms);
  });
}
const runs = wall.length;
wall.sort((a, b) => a - b);
let inStatements = 0;
for (const [label, ms] of totals) {
  inStatements += ms / runs;
  console.log(`${(ms / runs).toFixed(2).padStart(7)} ms  ${label}`);
}
console.log(`statements ${inStatements.toFixed(1)} ms; run median ${wall[Math.floor(runs / 2)].toFixed(1)} ms (${runs} customers)`);
await ws.close();
