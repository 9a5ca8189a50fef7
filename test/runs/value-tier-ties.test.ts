/**
 * Value tiers split equal revenues by key (segmentations.md: "ties by key ascending"), so a tier
 * can end in the middle of customers with the same revenue, as with fixed prices. A customer run
 * then places a customer at that revenue by its key, as the full run did: before the cut points
 * kept the key, a customer run at the same instant moved every such customer up to the higher tier.
 */
import { describe, expect, test } from 'vitest';
import { evaluation } from '../../src/engine/evaluate.js';
import { runWorkspace } from '../../src/runs/run.js';
import { stateAt } from '../../src/runs/transitions.js';
import { SCHEMA_VERSION } from '../../src/store/migrations.js';
import { parseInstant } from '../../src/time/instant.js';
import { STORES, type StoreKind } from '../support/stores.js';
import type { OpenWorkspace } from '../../src/open.js';
import { load, open, workspaceWith } from '../support/workspace.js';

const YAML = `name: Gym
timezone: Europe/Zurich
customers:
  key: id
  fields: {}
events:
  customer: customer_id
  type: type
  time: time
  types:
    purchase: { amount: number }
segmentations:
  tiers: { model: value_tiers, event: purchase, amount: amount }
`;

// 20 customers paid 500, 180 paid 100 (a fixed fee): 28,000 in all. Ranked by revenue, then key:
// the 20 first, then C021… Tier A while the revenue ahead is below 22,400 (80 %): C001–C144
// (C144 has 10,000 + 123 × 100 = 22,300 ahead); B while below 26,600 (95 %): C145–C186; C after.
const KEYS = Array.from({ length: 200 }, (_, i) => `C${String(i + 1).padStart(3, '0')}`);
const FILES = {
  'customers.csv': `id\n${KEYS.join('\n')}\n`,
  'events.csv': `customer_id,type,time,amount\n${KEYS.map((k, i) => `${k},purchase,2026-05-0${1 + (i % 9)}T10:00:00,${i < 20 ? 500 : 100}`).join('\n')}\n`,
};
const expectedTier = (key: string) => (key <= 'C144' ? 'A' : key <= 'C186' ? 'B' : 'C');
const AT = parseInstant('2026-06-30T00:00:00', 'Europe/Zurich');

/** The gym's workspace on `store`, its files imported. */
async function importedGym(store: StoreKind): Promise<{ dir: string; ws: OpenWorkspace }> {
  const dir = await workspaceWith(YAML, FILES, store);
  const ws = await open(dir, store);
  await load(ws, 'customers', 'customers.csv');
  await load(ws, 'events', 'events.csv');
  return { dir, ws };
}

describe.each(STORES)('on %s', (store) => {
  test('customers at the revenue where a tier ends keep the tier the full run gave them, by key', async () => {
    const { ws } = await importedGym(store);
    try {
      const ev = evaluation(ws.workspace, ws.store);
      const full = await runWorkspace(ev, AT);
      expect(full.segmentations['tiers']).toEqual({ A: 144, B: 42, C: 14, none: 0 });
      const tiers = async (run: number) =>
        new Map((await ws.store.query<{ _customer: string; segment: string }>(stateAt('$1', '$2'), ['tiers', run])).map((r) => [r._customer, r.segment]));
      expect([...(await tiers(full.run))].filter(([k, tier]) => tier !== expectedTier(k))).toEqual([]);

      // At the same instant a customer run changes nothing: a few keys (one statement, keys inline),
      // every key (the subset table), the customers an SQL query selects.
      const atBoundaries = ['C143', 'C144', 'C145', 'C146', 'C185', 'C186', 'C187', 'C200'];
      expect((await runWorkspace(ev, AT, { customers: atBoundaries })).rowsWritten).toBe(0);
      expect((await runWorkspace(ev, AT, { customers: KEYS })).rowsWritten).toBe(0);
      expect((await runWorkspace(ev, AT, { customersSql: `SELECT _customer FROM customers` })).rowsWritten).toBe(0);

      // A day later the year's revenues are the same: a customer run still changes nothing.
      const later = parseInstant('2026-07-01T00:00:00', 'Europe/Zurich');
      const run = await runWorkspace(ev, later, { customers: ['C145', 'C187'] });
      expect(run.rowsWritten).toBe(0);
      expect([...(await tiers(run.run))].filter(([k, tier]) => tier !== expectedTier(k))).toEqual([]);
    } finally {
      await ws.close();
    }
  });

  test('a store of schema version 6 gets the key column of cut points when opened; its earlier cut points still serve', async () => {
    const { dir, ws: first } = await importedGym(store);
    try {
      await runWorkspace(evaluation(first.workspace, first.store), AT);
      // As Segmenta left it before version 7.
      await first.store.run(`ALTER TABLE run_cutpoints DROP COLUMN customer`);
      await first.store.run(`UPDATE meta SET value = '6' WHERE key = 'schema_version'`);
    } finally {
      await first.close();
    }
    const ws = await open(dir, store);
    try {
      expect(await ws.store.query(`SELECT value FROM meta WHERE key = 'schema_version'`)).toEqual([{ value: String(SCHEMA_VERSION) }]);
      expect(await ws.store.query(`SELECT measure, score, customer FROM run_cutpoints ORDER BY score`)).toEqual([
        { measure: 'revenue', score: 2, customer: null },
        { measure: 'revenue', score: 3, customer: null },
      ]);
      const ev = evaluation(ws.workspace, ws.store);
      // Without keys, every customer at a cut revenue is read as in the higher tier (the earlier reading): all 100s in A.
      const old = await runWorkspace(ev, AT, { customers: ['C143', 'C145', 'C187'] });
      const moved = await ws.store.query(`SELECT _customer, segment FROM memberships WHERE key = 'tiers' AND from_run = $1 ORDER BY 1`, [old.run]);
      expect(moved).toEqual([
        { _customer: 'C145', segment: 'A' },
        { _customer: 'C187', segment: 'A' },
      ]);
      // The next full run keeps the keys, and customer runs agree with it again.
      await runWorkspace(ev, AT);
      expect(await ws.store.query(`SELECT score, customer FROM run_cutpoints WHERE run = (SELECT max(run) FROM run_cutpoints) ORDER BY score`)).toEqual([
        { score: 2, customer: 'C186' },
        { score: 3, customer: 'C144' },
      ]);
      expect((await runWorkspace(ev, AT, { customers: ['C143', 'C145', 'C187'] })).rowsWritten).toBe(0);
    } finally {
      await ws.close();
    }
  });
});
