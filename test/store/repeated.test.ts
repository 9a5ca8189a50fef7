/**
 * Repeated statements (`StatementOptions.repeated`, a customer run's statements): whatever a
 * store keeps of them, each run reads the rows as they are now. A plan kept from an earlier run
 * must not carry what the data was then: DuckDB 1.5's prepared statements do (duckdb/duckdb#23704:
 * a filtered count planned as empty from the table's statistics stays empty after an insert), so
 * the DuckDB store does not keep them (docs/scaling.md). This would catch a store that did.
 */
import { describe, expect, test } from 'vitest';
import { STORES } from '../support/stores.js';
import { open, workspaceWith } from '../support/workspace.js';

const YAML = `name: Repeated
timezone: Europe/Zurich
customers: { key: id, fields: {} }
`;

describe.each(STORES)('repeated statements on %s', (store) => {
  test('see the rows written since they last ran, in later transactions and outside any', async () => {
    const ws = await open(await workspaceWith(YAML, {}, store), store);
    try {
      await ws.store.run(`CREATE TABLE numbers (n INTEGER)`);
      await ws.store.run(`INSERT INTO numbers SELECT k FROM generate_series(1, 100) AS t(k)`);
      if (store === 'duckdb') await ws.store.run(`CHECKPOINT`);
      const count = `SELECT count(*) AS n FROM numbers WHERE n = 200`;
      const next = `SELECT coalesce(max(n), 0) + 1 AS n FROM numbers`;
      const read = async (sql: string) => Number((await ws.store.query<{ n: number }>(sql, [], { repeated: true }))[0]!.n);
      expect([await read(count), await read(next)]).toEqual([0, 101]);
      await ws.store.run(`INSERT INTO numbers VALUES (200)`);
      expect([await read(count), await read(next)]).toEqual([1, 201]);
      for (const n of [201, 202]) {
        const seen = await ws.store.transaction(async (tx) => {
          const [row] = await tx.query<{ n: number }>(next, [], { repeated: true });
          await tx.run(`INSERT INTO numbers VALUES ($1)`, [Number(row!.n)], { repeated: true });
          return Number(row!.n);
        });
        expect(seen).toBe(n);
      }
      expect(await read(next)).toBe(203);
    } finally {
      await ws.close();
    }
  });
});
