/**
 * A first load of a million events into PostgreSQL drops the events indexes and builds them again
 * after the insert: the rows are all there, and so are the indexes (and a store without the
 * newest of them gets it when opened).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { STORES } from '../support/stores.js';
import { load, open, workspaceWith } from '../support/workspace.js';

const YAML = `name: Bulk
timezone: UTC
customers: { key: id, fields: {} }
events:
  customer: customer_id
  type: type
  time: time
  types:
    visit: {}
`;

if (STORES.includes('postgres')) {
  describe('bulk loads into PostgreSQL', () => {
    test('a million events: every row stored, the indexes built again, a second load skips them all', async () => {
      const dir = await workspaceWith(YAML, { 'c.csv': 'id\n' + Array.from({ length: 100 }, (_, i) => `c${i}`).join('\n') + '\n' }, 'postgres');
      const start = Date.UTC(2020, 0, 1);
      const lines = Array.from({ length: 1_000_000 }, (_, i) => `c${i % 100},visit,${new Date(start + i * 60_000).toISOString().slice(0, 19)}`);
      await writeFile(path.join(dir, 'e.csv'), `customer_id,type,time\n${lines.join('\n')}\n`);
      const ws = await open(dir, 'postgres');
      try {
        await load(ws, 'customers', 'c.csv');
        expect(await load(ws, 'events', 'e.csv')).toMatchObject({ inserted: 1_000_000, rejected: 0 });
        expect(await ws.store.query(`SELECT count(*) AS n, count(DISTINCT _customer) AS c FROM events`)).toEqual([{ n: 1_000_000, c: 100 }]);
        const indexes = await ws.store.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'events' ORDER BY 1`);
        expect(indexes.map((i) => i.indexname)).toEqual(['events_by_customer', 'events_by_import']);
        expect(await load(ws, 'events', 'e.csv')).toMatchObject({ inserted: 0, unchanged: 1_000_000 });
        // A store made before the index of events by import gets it when next opened.
        await ws.store.run(`DROP INDEX events_by_import`);
      } finally {
        await ws.close();
      }
      const reopened = await open(dir, 'postgres');
      try {
        const indexes = await reopened.store.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'events' ORDER BY 1`);
        expect(indexes.map((i) => i.indexname)).toEqual(['events_by_customer', 'events_by_import']);
      } finally {
        await reopened.close();
      }
    });
  });
}
