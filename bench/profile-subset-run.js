// Where a customer run of many customers (selected by SQL, as after an import touching more than
// 100 customers) spends its time: every statement timed. Usage:
//   node bench/profile-subset-run.js DIR AT N   (SEGMENTA_DATABASE_URL for PostgreSQL)
// N customers spread over the base (every k-th by key). Writes that customer run into the store.
import { openWorkspace } from '../dist/open.js';
import { evaluation } from '../dist/engine/evaluate.js';
import { runWorkspace } from '../dist/runs/run.js';
import { parseInstant } from '../dist/time/instant.js';
import { timeStatements } from './lib.js';

const [dir, at, n = '1000'] = process.argv.slice(2);
const ws = await openWorkspace(dir);
const ev = evaluation(ws.workspace, ws.store);
const instant = parseInstant(at, ws.workspace.timezone);
const [{ total }] = await ws.store.query(`SELECT count(*) AS total FROM customers`);
const step = Math.max(1, Math.floor(Number(total) / Number(n)));
const sql = `SELECT _customer FROM (SELECT _customer, row_number() OVER (ORDER BY _customer) AS i FROM customers) c WHERE i % ${step} = 0 LIMIT ${Number(n)}`;
const log = [];
timeStatements(ws.store, (sql, ms) => log.push([sql, ms]));
const t = process.hrtime.bigint();
const run = await runWorkspace(ev, instant, { customersSql: sql });
const ms = Number(process.hrtime.bigint() - t) / 1e6;
let inStatements = 0;
for (const [q, s] of log) {
  inStatements += s;
  if (s >= 5) console.log(`${s.toFixed(1).padStart(9)} ms  ${q.replace(/\s+/g, ' ').slice(0, 110)}`);
}
console.log(`${log.length} statements, ${inStatements.toFixed(0)} ms in them; run ${ms.toFixed(0)} ms; ${run.rowsWritten} rows written`);
await ws.close();
