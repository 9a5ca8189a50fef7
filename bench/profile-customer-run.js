// Where one customer run's time goes: every statement of the run timed (its first 90 characters,
// milliseconds), for a few customers after a warm-up. Usage:
//   node bench/profile-customer-run.js DIR AT [customers | KEY]   (SEGMENTA_DATABASE_URL for PostgreSQL)
// A number profiles that many customers (the first by key), a key that customer 20 times.
import { openWorkspace } from '../dist/open.js';
import { evaluation } from '../dist/engine/evaluate.js';
import { runWorkspace } from '../dist/runs/run.js';
import { parseInstant } from '../dist/time/instant.js';
import { timeStatements } from './lib.js';

const [dir, at, n = '20'] = process.argv.slice(2);
const ws = await openWorkspace(dir);
const ev = evaluation(ws.workspace, ws.store);
const instant = parseInstant(at, ws.workspace.timezone);
const keys = /^\d+$/.test(n)
  ? (await ws.store.query(`SELECT _customer FROM customers ORDER BY _customer LIMIT ${Number(n) + 5}`)).map((r) => r._customer)
  : Array(25).fill(n);
let log = null;
timeStatements(ws.store, (sql, ms) => log?.push([sql, ms]));
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
