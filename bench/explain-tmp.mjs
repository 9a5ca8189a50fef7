import { readFileSync } from 'node:fs';
import { openWorkspace } from '../dist/open.js';
const sql = readFileSync('/tmp/prof/pg1m.sql', 'utf8').trim().replace(/^INSERT INTO _state /, '');
const params = JSON.parse(readFileSync('/tmp/prof/pg1m.params', 'utf8')).map((v) => (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v) ? new Date(v) : v));
const ws = await openWorkspace('bench/data/clinic-1000000');
const rows = await ws.store.query('EXPLAIN (ANALYZE, BUFFERS) ' + sql, params);
console.log(rows.map((r) => r['QUERY PLAN']).join('\n'));
await ws.close();
