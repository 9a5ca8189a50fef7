/**
 * Deferred statements (`Queryable.defer`): queued, run in order before the next statement or the
 * commit, their failures failing the transaction; on PostgreSQL sent together in one round trip,
 * repeated statements as `EXECUTE` with their values as literals, which must reach PostgreSQL
 * exactly as bound values do.
 */
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { evaluation } from '../../src/engine/evaluate.js';
import { runWorkspace } from '../../src/runs/run.js';
import { SCHEMA_VERSION } from '../../src/store/migrations.js';
import { STORES, type StoreKind } from '../support/stores.js';
import { load, open, workspaceWith } from '../support/workspace.js';

const YAML = `name: Deferred
timezone: Europe/Zurich
customers: { key: id, fields: {} }
events:
  customer: customer_id
  type: type
  time: time
  types:
    purchase: { amount: number }
segmentations:
  rfm: { model: rfm, event: purchase, amount: amount, scoring: { recency_days: [30, 90, 180, 365], frequency: [2, 4, 8, 16], monetary: [200, 500, 1000, 2500] }, map: rf6 }
segments:
  buyers:
    rule: any(purchase)
`;

const CUSTOMERS = 'id\nA\nB\n';
const EVENTS = 'customer_id,type,time,amount\nA,purchase,2024-01-10T10:00:00Z,120\nB,purchase,2024-02-10T10:00:00Z,80\nB,purchase,2024-03-10T10:00:00Z,60\n';
const LATER = 'customer_id,type,time,amount\nB,purchase,2024-04-20T10:00:00Z,900\n';

async function withData(store: StoreKind) {
  const ws = await open(await workspaceWith(YAML, { 'customers.csv': CUSTOMERS, 'events.csv': EVENTS, 'later.csv': LATER }, store), store);
  await load(ws, 'customers', 'customers.csv');
  await load(ws, 'events', 'events.csv');
  return ws;
}

describe.each(STORES)('deferred statements on %s', (store) => {
  test('run in order before the next statement, with their rows and counts', async () => {
    const ws = await open(await workspaceWith(YAML, {}, store), store);
    try {
      const counts = await ws.store.transaction(async (tx) => {
        await tx.run(`CREATE TEMP TABLE _d (n INTEGER)`);
        const inserted = tx.defer(`INSERT INTO _d VALUES (1), (2), (3)`);
        const deleted = tx.defer(`DELETE FROM _d WHERE n >= $1`, [2], { repeated: true });
        const read = tx.defer<{ n: number }>(`SELECT n FROM _d ORDER BY n`);
        // The next statement sees everything queued before it.
        const [row] = await tx.query<{ total: number }>(`SELECT count(*) AS total FROM _d`);
        return { total: Number(row!.total), inserted: (await inserted).changed, deleted: (await deleted).changed, read: (await read).rows.map((r) => Number(r.n)) };
      });
      expect(counts).toEqual({ total: 1, inserted: 3, deleted: 2, read: [1] });
    } finally {
      await ws.close();
    }
  });

  test('awaiting a deferred statement alone sends it, and the commit sends what is left', async () => {
    const ws = await open(await workspaceWith(YAML, {}, store), store);
    try {
      await ws.store.run(`CREATE TABLE kept (n INTEGER)`);
      const [first] = await ws.store.transaction(async (tx) => {
        const { rows } = await tx.defer<{ one: number }>(`SELECT 1 AS one`);
        void tx.defer(`INSERT INTO kept VALUES ($1)`, [7], { repeated: true });
        return rows;
      });
      expect(Number(first!.one)).toBe(1);
      expect((await ws.store.query(`SELECT n FROM kept`)).map((r) => Number(r['n']))).toEqual([7]);
    } finally {
      await ws.close();
    }
  });

  test('outside a transaction, a store runs a deferred statement at once', async () => {
    const ws = await open(await workspaceWith(YAML, {}, store), store);
    try {
      await ws.store.run(`CREATE TABLE kept (n INTEGER)`);
      const inserted = ws.store.defer(`INSERT INTO kept VALUES ($1), ($2)`, [1, 2]);
      expect((await inserted).changed).toBe(2);
      const { rows } = await ws.store.defer<{ n: number }>(`SELECT n FROM kept ORDER BY n`);
      expect(rows.map((r) => Number(r.n))).toEqual([1, 2]);
      await expect(ws.store.defer(`INSERT INTO no_such_table VALUES (1)`)).rejects.toThrow(/no_such_table/);
    } finally {
      await ws.close();
    }
  });

  test('a failing deferred statement fails the transaction and leaves nothing behind', async () => {
    const ws = await open(await workspaceWith(YAML, {}, store), store);
    try {
      await ws.store.run(`CREATE TABLE kept (n INTEGER PRIMARY KEY)`);
      // Failing at the commit (nothing after it) and at the next statement.
      await expect(
        ws.store.transaction(async (tx) => {
          void tx.defer(`INSERT INTO kept VALUES (1)`);
          void tx.defer(`INSERT INTO kept VALUES ($1)`, [1], { repeated: true });
        }),
      ).rejects.toThrow(/duplicate|constraint|unique/i);
      await expect(
        ws.store.transaction(async (tx) => {
          void tx.defer(`INSERT INTO kept VALUES (2)`);
          void tx.defer(`INSERT INTO no_such_table VALUES (1)`);
          await tx.query(`SELECT 1`);
        }),
      ).rejects.toThrow(/no_such_table/);
      expect(await ws.store.query(`SELECT n FROM kept`)).toEqual([]);
      // The sessions are usable afterwards, the failed statement too (alone, then batched once prepared).
      for (const n of [3, 4, 5]) {
        await ws.store.transaction(async (tx) => {
          void tx.defer(`INSERT INTO kept VALUES ($1)`, [n], { repeated: true });
          await tx.query(`SELECT 1`);
        });
      }
      expect((await ws.store.query(`SELECT n FROM kept ORDER BY n`)).map((r) => Number(r['n']))).toEqual([3, 4, 5]);
    } finally {
      await ws.close();
    }
  });

  test('customer runs made of deferred writes record exactly what a run alone records', async () => {
    const ws = await withData(store);
    try {
      const ev = evaluation(ws.workspace, ws.store);
      await runWorkspace(ev, new Date('2024-03-31T00:00:00Z'));
      // B has a new purchase: a customer run of B moves B alone, twice in a row (the second with prepared statements).
      await load(ws, 'events', 'later.csv');
      const first = await runWorkspace(ev, new Date('2024-04-30T00:00:00Z'), { customers: ['B'] });
      const second = await runWorkspace(ev, new Date('2024-04-30T00:00:00Z'), { customers: ['B'] });
      expect(first.rowsWritten).toBe(2); // B's rfm interval closed and opened: still "new" (r 5, f 2), m 1 → 4
      expect(second.rowsWritten).toBe(0);
      const open_ = await ws.store.query<{ _customer: string; key: string; segment: string | null; m: number | null; from_run: number }>(
        `SELECT _customer, key, segment, m, from_run FROM memberships WHERE to_run IS NULL ORDER BY _customer, key`,
      );
      expect(open_.map((r) => [r._customer, r.key, r.segment, r.m === null ? null : Number(r.m), Number(r.from_run)])).toEqual([
        ['A', 'buyers', null, null, 1],
        ['A', 'rfm', 'new', 1, 1],
        ['B', 'buyers', null, null, 1],
        ['B', 'rfm', 'new', 4, 2],
      ]);
      const runs = await ws.store.query<{ id: number; kind: string; customers: number }>(`SELECT id, kind, customers FROM runs ORDER BY id`);
      expect(runs.map((r) => [Number(r.id), r.kind, Number(r.customers)])).toEqual([
        [1, 'full', 2],
        [2, 'customers', 1],
        [3, 'customers', 1],
      ]);
    } finally {
      await ws.close();
    }
  });
});

describe.runIf(STORES.includes('postgres'))('batched statements on PostgreSQL', () => {
  test('values given as literals to EXECUTE arrive exactly as bound values', async () => {
    const ws = await open(await workspaceWith(YAML, {}, 'postgres'), 'postgres');
    try {
      const sql = `SELECT CAST($1 AS TEXT) AS text, CAST($2 AS TEXT[]) AS list, CAST($3 AS DOUBLE PRECISION[]) AS numbers,
        CAST($4 AS TIMESTAMPTZ) AS at, CAST($5 AS DOUBLE PRECISION) AS big, CAST($6 AS BOOLEAN) AS yes, CAST($7 AS TEXT) AS nothing, CAST($8 AS BIGINT) AS whole`;
      const values = [
        `l'été "à" \\ back\\slash; $1 -- ${'\u{1F408}'}`,
        ['a,b', 'quote"d', "it's", '{brace}', '', 'back\\slash', 'NULL'],
        [0, 1.5, -2e-9, 1e20],
        new Date('2024-10-27T00:59:59.123Z'),
        1e20,
        true,
        null,
        9007199254740991,
      ];
      const alone = await ws.store.query(sql, values, { repeated: true });
      // Prepared by the first statement of this transaction, then sent as EXECUTE with a queued one.
      const batched = await ws.store.transaction(async (tx) => {
        await tx.query(sql, values, { repeated: true });
        void tx.defer(`SELECT 1`);
        const queued = tx.defer(sql, values, { repeated: true });
        await tx.query(`SELECT 2`);
        return (await queued).rows;
      });
      expect(batched).toEqual(alone);
      expect(alone[0]!['list']).toEqual(values[1]);
      expect(alone[0]!['text']).toBe(values[0]);
    } finally {
      await ws.close();
    }
  });

  test('a store of schema version 4 gets the index of full runs by instant when opened (version 5)', async () => {
    const dir = await workspaceWith(YAML, {}, 'postgres');
    const ws = await open(dir, 'postgres');
    const indexes = (db: { query: typeof ws.store.query }) =>
      db.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'runs' ORDER BY 1`);
    try {
      expect((await indexes(ws.store)).map((i) => i.indexname)).toEqual(['runs_full_by_instant', 'runs_pkey']);
      await ws.store.run(`DROP INDEX runs_full_by_instant`);
      await ws.store.run(`UPDATE meta SET value = '4' WHERE key = 'schema_version'`);
    } finally {
      await ws.close();
    }
    const reopened = await open(dir, 'postgres');
    try {
      expect((await indexes(reopened.store)).map((i) => i.indexname)).toEqual(['runs_full_by_instant', 'runs_pkey']);
      // Brought to this Segmenta's version (5 made the index; later steps follow it).
      expect(await reopened.store.query(`SELECT value FROM meta WHERE key = 'schema_version'`)).toEqual([{ value: String(SCHEMA_VERSION) }]);
    } finally {
      await reopened.close();
    }
  });

  test('a one-customer run without models takes 2 round trips once its statements are prepared', async () => {
    const ws = await withData('postgres');
    const original = pg.Client.prototype.query;
    let trips = 0;
    try {
      const ev = evaluation(ws.workspace, ws.store);
      await runWorkspace(ev, new Date('2024-03-31T00:00:00Z'));
      await runWorkspace(ev, new Date('2024-03-31T00:00:00Z'), { customers: ['A'] });
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        trips++;
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof original;
      await runWorkspace(ev, new Date('2024-03-31T00:00:00Z'), { customers: ['B'] });
      // BEGIN + lock + bookkeeping reads + run id; every write + COMMIT (no models here).
      expect(trips).toBe(2);
    } finally {
      pg.Client.prototype.query = original;
      await ws.close();
    }
  });
});
