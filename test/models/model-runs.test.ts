/**
 * Models in runs, on the clinic fixture: full runs fit every model as of their instant and store
 * the fits with the run; clusters are a segmentation in the memberships (transitions, history);
 * segments read the run's fits; customer runs re-score their customers with the latest fit's
 * parameters; a model that cannot be fitted does not fail the run.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, test } from 'vitest';
import { evaluation } from '../../src/engine/evaluate.js';
import { runWorkspace, type RunSummary } from '../../src/runs/run.js';
import { parseInstant } from '../../src/time/instant.js';
import { cli, cliJson } from '../support/cli.js';
import { STORES } from '../support/stores.js';
import { clinicCopy, FIXTURE_FILES, load, open, workspaceWith } from '../support/workspace.js';

const MODELS = `
models:
  clv: { model: clv, event: purchase, amount: amount, time_unit: weeks, horizon: 26 }
  basket: { model: basket, event: purchase, items: products, category: categories, amount: amount }
  clusters: { model: kmeans, event: purchase, amount: amount, k: [2, 4] }
`;
const SEGMENT = `  leaving:\n    name: Likely gone, valuable\n    rule: clv.p_alive < 0.5 and clv.m_x > 50\n  renal-prospects:\n    name: Renal diet suggested\n    rule: basket.suggestions contains "renal-diet"\n`;

/** A workspace whose models cannot be fitted: customers, no purchases. */
const EMPTY_YAML = `name: Empty
timezone: UTC
customers:
  key: id
  fields: {}
events:
  customer: customer_id
  type: type
  time: time
  types:
    purchase: { amount: number, items: list<string> }
models:
  clv: { model: clv, event: purchase, amount: amount }
  clusters: { model: kmeans, event: purchase, amount: amount }
`;

const T1 = '2026-01-01T00:00:00+01:00';
const T2 = '2026-04-01T00:00:00+02:00';

describe.each(STORES)('on %s', (store) => {
  let dir: string;
  let first: RunSummary;
  let second: RunSummary;

  beforeAll(async () => {
    dir = await clinicCopy(store);
    const yaml = await readFile(path.join(dir, 'segmenta.yaml'), 'utf8');
    await writeFile(path.join(dir, 'segmenta.yaml'), yaml.replace('segments:\n', `segments:\n${SEGMENT}`) + MODELS);
    const ws = await open(dir, store);
    try {
      for (const [entity, file] of FIXTURE_FILES) await load(ws, entity, file);
      const ev = evaluation(ws.workspace, ws.store);
      first = await runWorkspace(ev, parseInstant(T1, 'Europe/Zurich'));
      second = await runWorkspace(ev, parseInstant(T2, 'Europe/Zurich'));
    } finally {
      await ws.close();
    }
  }, 120_000);

  describe('full runs', () => {
    test('fit every model as of the run instant, recorded with the run', async () => {
      for (const summary of [first, second]) {
        expect(Object.keys(summary.models).sort()).toEqual(['basket', 'clusters', 'clv']);
        for (const result of Object.values(summary.models)) expect(result).toMatchObject({ refit: true });
      }
      const ws = await open(dir, store);
      try {
        const fits = await ws.store.query<{ model: string; run: number; fit_at: Date }>(`SELECT model, run, fit_at FROM model_fits ORDER BY id`);
        expect(fits.map((f) => [f.model, Number(f.run), f.fit_at.toISOString()])).toEqual([
          ['clv', first.run, parseInstant(T1, 'UTC').toISOString()],
          ['basket', first.run, parseInstant(T1, 'UTC').toISOString()],
          ['clusters', first.run, parseInstant(T1, 'UTC').toISOString()],
          ['clv', second.run, parseInstant(T2, 'UTC').toISOString()],
          ['basket', second.run, parseInstant(T2, 'UTC').toISOString()],
          ['clusters', second.run, parseInstant(T2, 'UTC').toISOString()],
        ]);
      } finally {
        await ws.close();
      }
    });

    // PostgreSQL only (DuckDB keeps its statistics as it writes): a fit leaves the planner the
    // number of customers of its outputs' table, whatever its sample saw (src/store/statistics.ts).
    if (store === 'postgres') test('fits give the planner the number of customers of their outputs', async () => {
      const ws = await open(dir, store);
      try {
        const [{ n }] = (await ws.store.query<{ n: number }>(`SELECT count(*) AS n FROM customers`)) as [{ n: number }];
        const stats = await ws.store.query<{ tablename: string; n_distinct: number }>(
          `SELECT tablename, n_distinct FROM pg_stats WHERE schemaname = current_schema() AND attname = '_customer' AND tablename LIKE 'model\\_%' ORDER BY 1`,
        );
        expect(stats.map((r) => [r.tablename, Number(r.n_distinct)])).toEqual([['model_basket', Number(n)], ['model_clusters', Number(n)], ['model_clv', Number(n)]]);
      } finally {
        await ws.close();
      }
    });

    test('clusters are a segmentation: every existing customer in exactly one cluster per run, sizes as the fit wrote them', async () => {
      const ws = await open(dir, store);
      try {
        for (const summary of [first, second]) {
          const fit = (summary.models['clusters'] as { fit: number }).fit;
          const state = await ws.store.query<{ _customer: string; segment: string }>(
            `SELECT _customer, segment FROM memberships WHERE key = 'clusters' AND from_run <= $1 AND (to_run IS NULL OR to_run > $1) ORDER BY _customer`,
            [summary.run],
          );
          const stored = await ws.store.query<{ _customer: string; cluster: string }>(`SELECT _customer, cluster FROM model_clusters WHERE fit = $1 ORDER BY _customer`, [fit]);
          expect(state.map((r) => [r._customer, r.segment])).toEqual(stored.map((r) => [r._customer, r.cluster]));
          const rfm = await ws.store.query<{ n: number }>(`SELECT count(*) AS n FROM memberships WHERE key = 'rf6' AND from_run <= $1 AND (to_run IS NULL OR to_run > $1)`, [summary.run]);
          expect(state).toHaveLength(Number(rfm[0]!.n));
          const sizes: Record<string, number> = {};
          for (const r of state) sizes[r.segment] = (sizes[r.segment] ?? 0) + 1;
          expect(summary.segmentations['clusters']).toEqual(sizes);
        }
      } finally {
        await ws.close();
      }
    });

    test('`segmenta transitions clusters` reports the moves between the two runs', async () => {
      const { code, json } = await cliJson<{ from: number; to: number; matrix: Record<string, Record<string, number>>; up: number; down: number; stayed: number; new: number; gone: number }>(['transitions', 'clusters', '-w', dir]);
      expect(code).toBe(0);
      expect([json.from, json.to]).toEqual([first.run, second.run]);
      const before = Object.values(first.segmentations['clusters']!).reduce((a, b) => a + b, 0);
      const after = Object.values(second.segmentations['clusters']!).reduce((a, b) => a + b, 0);
      expect(json.up + json.down + json.stayed).toBe(before - json.gone);
      expect(json.up + json.down + json.stayed + json.new).toBe(after);
      const inMatrix = Object.values(json.matrix).flatMap((row) => Object.values(row)).reduce((a, b) => a + b, 0);
      expect(inMatrix).toBe(json.up + json.down + json.stayed);
      // People read the customers without a cluster as such, in their language (the workspace's is fr).
      expect(json.matrix['unclustered']?.['unclustered']).toBeGreaterThan(0);
      const unclustered = (text: string, label: string) => expect(text).toMatch(new RegExp(`\\n  ${label} +→ ${label} +${json.matrix['unclustered']!['unclustered']}\\n`));
      unclustered((await cli(['transitions', 'clusters', '-w', dir])).stdout, 'non classés');
      unclustered((await cli(['transitions', 'clusters', '-w', dir, '--lang', 'en'])).stdout, 'unclustered');
    });

    test('a segment on model outputs reads the fit of its run', async () => {
      const ws = await open(dir, store);
      try {
        for (const summary of [first, second]) {
          const fit = (summary.models['clv'] as { fit: number }).fit;
          const [{ n }] = (await ws.store.query<{ n: number }>(`SELECT count(*) AS n FROM model_clv WHERE fit = $1 AND p_alive < 0.5 AND m_x > 50`, [fit])) as [{ n: number }];
          expect(summary.segments['leaving']).toBe(Number(n));
        }
        expect(second.segments['leaving']).toBeGreaterThan(0);
      } finally {
        await ws.close();
      }
    });

    test('the customer profile shows the outputs and the cluster history', async () => {
      const ws = await open(dir, store);
      const [{ _customer: key }] = (await ws.store.query<{ _customer: string }>(`SELECT _customer FROM model_clv WHERE fit = $1 AND x > 2 ORDER BY _customer LIMIT 1`, [(second.models['clv'] as { fit: number }).fit])) as [{ _customer: string }];
      await ws.close();
      const { json } = await cliJson<{ segmentations: Record<string, string>; history: Record<string, unknown[]>; models: Record<string, Record<string, unknown>> }>(['customer', key, '-w', dir]);
      expect(json.segmentations['clusters']).toMatch(/^c\d$/);
      expect(json.history['clusters']!.length).toBeGreaterThanOrEqual(1);
      expect(json.models['clv']).toMatchObject({ fit: (second.models['clv'] as { fit: number }).fit, p_alive: expect.any(Number), clv: expect.any(Number) });
      expect(json.models['clusters']).toMatchObject({ cluster: json.segmentations['clusters'], description: expect.any(String) });
      expect(Object.keys(json.models['basket']!)).toEqual(['fit', 'favourite_category', 'suggestions']);
    });

    test('the customer profile as of an instant between the runs reads the first run\'s fits and cluster', async () => {
      const fit = (id: string) => (first.models[id] as { fit: number }).fit;
      const ws = await open(dir, store);
      const [row] = await ws.store.query<{ _customer: string; p_alive: number; cluster: string }>(
        `SELECT v._customer, v.p_alive, k.cluster FROM model_clv v JOIN model_clusters k ON k._customer = v._customer AND k.fit = $2
         WHERE v.fit = $1 AND v.x > 2 ORDER BY v._customer LIMIT 1`,
        [fit('clv'), fit('clusters')],
      );
      await ws.close();
      const { json } = await cliJson<any>(['customer', row!._customer, '--at', '2026-02-15', '-w', dir]);
      expect(json.run).toEqual({ run: first.run, at: T1 });
      expect(json.models['clv']).toMatchObject({ fit: fit('clv'), p_alive: Number(row!.p_alive) });
      expect(json.models['basket']).toMatchObject({ fit: fit('basket') });
      expect(json.models['clusters']).toMatchObject({ fit: fit('clusters'), cluster: row!.cluster });
      expect(json.segmentations['clusters']).toBe(row!.cluster);
      // Without --at, the latest fits (of the second run).
      expect((await cliJson<any>(['customer', row!._customer, '-w', dir])).json.models['clv'].fit).toBe((second.models['clv'] as { fit: number }).fit);
    });

    test("the cluster description is in the language asked (--lang), else the workspace's (fr)", async () => {
      const fit = (second.models['clusters'] as { fit: number }).fit;
      const ws = await open(dir, store);
      const [{ _customer: key, cluster }] = (await ws.store.query<{ _customer: string; cluster: string }>(`SELECT _customer, cluster FROM model_clusters WHERE fit = $1 ORDER BY _customer LIMIT 1`, [fit])) as [{ _customer: string; cluster: string }];
      const [{ result }] = (await ws.store.query<{ result: string }>(`SELECT result FROM model_fits WHERE id = $1`, [fit])) as [{ result: string }];
      await ws.close();
      const descriptions = (JSON.parse(result) as { clusters: Array<{ id: string; descriptions: { fr: string; en: string } }> }).clusters.find((c) => c.id === cluster)!.descriptions;
      expect(descriptions.en).not.toBe(descriptions.fr);
      const description = async (...lang: string[]) =>
        (await cliJson<{ models: Record<string, { description: string }> }>(['customer', key, '-w', dir, ...lang])).json.models['clusters']!.description;
      expect(await description('--lang', 'en')).toBe(descriptions.en);
      expect(await description('--lang', 'fr')).toBe(descriptions.fr);
      expect(await description()).toBe(descriptions.fr);
      const human = await cli(['customer', key, '-w', dir, '--lang', 'en']);
      expect(human.stdout).toContain(`description: ${descriptions.en}`);
    });
  });

  describe('customer runs at the instant of the last full run', () => {
    // Re-scoring a customer with the fit of the same instant must reproduce what the fit wrote, for
    // customers named by key (constants in every statement) and for customers selected by SQL (the
    // path of an import of many customers' events).
    test('change nothing, by keys and by SQL: no membership written, model outputs as the full run wrote them', async () => {
      const ws = await open(dir, store);
      try {
        // By key: customers with one purchase day (x = 0, no mean repeat spend), with repeat
        // purchases, and with no purchase at all (no CLV row), re-scored in the same run.
        const first = async (sql: string) => (await ws.store.query<{ _customer: string }>(`${sql} ORDER BY _customer LIMIT 1`))[0]!._customer;
        const keys = [
          'C000007',
          'C000512',
          'C001999',
          await first(`SELECT _customer FROM model_clv WHERE x = 0 AND _customer NOT LIKE 'C0001%'`),
          await first(`SELECT _customer FROM model_clv WHERE x > 2 AND _customer NOT LIKE 'C0001%'`),
          await first(`SELECT _customer FROM customers WHERE _customer NOT IN (SELECT _customer FROM model_clv) AND _customer NOT LIKE 'C0001%'`),
        ];
        const bySql = `SELECT _customer FROM customers WHERE _customer LIKE 'C0001%'`;
        const snapshot = async () => {
          const only = `_customer IN (${keys.map((k) => `'${k}'`).join(', ')}) OR _customer LIKE 'C0001%'`;
          // `run` left out: re-scoring stamps its own run on the rows it rewrites.
          const rows = async (sql: string) => (await ws.store.query(sql)).map((r) => JSON.stringify(Object.values(r)));
          return {
            clv: await rows(`SELECT _customer, fit, x, t_x, t_cal, m_x, p_alive, expected_purchases, expected_spend, clv FROM model_clv WHERE ${only} ORDER BY 1, 2`),
            basket: await rows(`SELECT _customer, fit, favourite_category, suggestions FROM model_basket WHERE ${only} ORDER BY 1, 2`),
            clusters: await rows(`SELECT _customer, fit, cluster FROM model_clusters WHERE ${only} ORDER BY 1, 2`),
            memberships: await rows(`SELECT _customer, key, segment, r, f, m, from_run, to_run FROM memberships WHERE ${only} ORDER BY 1, 2, 7`),
          };
        };
        const before = await snapshot();
        expect(before.clv.length).toBeGreaterThan(100);
        expect(before.clusters.length).toBeGreaterThan(100);
        const ev = evaluation(ws.workspace, ws.store);
        const at = parseInstant(T2, 'Europe/Zurich');
        const named = await runWorkspace(ev, at, { customers: keys });
        const selected = await runWorkspace(ev, at, { customersSql: bySql });
        const none = await runWorkspace(ev, at, { customers: [] });
        expect([named.rowsWritten, selected.rowsWritten, none.rowsWritten]).toEqual([0, 0, 0]);
        expect(await snapshot()).toEqual(before);
        // The customers were re-scored (their rows now carry the customer run), not skipped.
        const fit = (second.models['clv'] as { fit: number }).fit;
        const count = async (sql: string, params: number[]) => Number((await ws.store.query<{ n: number }>(sql, params))[0]!.n);
        const inKeys = `_customer IN (${keys.map((k) => `'${k}'`).join(', ')})`;
        expect(await count(`SELECT count(*) AS n FROM model_clv WHERE fit = $1 AND run = $2`, [fit, named.run])).toBe(
          await count(`SELECT count(*) AS n FROM model_clv WHERE fit = $1 AND ${inKeys}`, [fit]),
        );
        expect(await count(`SELECT count(*) AS n FROM model_clv WHERE fit = $1 AND ${inKeys}`, [fit])).toBeGreaterThanOrEqual(2);
        const rescored = await count(`SELECT count(*) AS n FROM model_clv WHERE fit = $1 AND run = $2`, [fit, selected.run]);
        expect(rescored).toBe(await count(`SELECT count(*) AS n FROM model_clv WHERE fit = $1 AND _customer LIKE 'C0001%'`, [fit]));
        expect(rescored).toBeGreaterThan(0);
      } finally {
        await ws.close();
      }
    });
  });

  if (store === 'postgres') test('a one-customer run re-scoring the three models takes 2 round trips once its statements are prepared', async () => {
    const ws = await open(dir, store);
    const original = pg.Client.prototype.query;
    let trips = 0;
    try {
      const ev = evaluation(ws.workspace, ws.store);
      const at = parseInstant(T2, 'Europe/Zurich');
      await runWorkspace(ev, at, { customers: ['C000007'] });
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        trips++;
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof original;
      await runWorkspace(ev, at, { customers: ['C000512'] });
      // BEGIN, lock, cut points, latest fits, CLV summary and first purchase, run id | every write, COMMIT.
      expect(trips).toBe(2);
    } finally {
      pg.Client.prototype.query = original;
      await ws.close();
    }
  });

  describe('customer runs of customers who bought long ago', () => {
    // A customer run of a few keys dates purchases of the last five years with zone offsets prepared
    // in advance; a customer who bought before is summarised again with offsets from that purchase.
    // 22:30 UTC on 15 July 1999 is 16 July in Zurich (summer time), but 15 July at winter's offset.
    test('get exactly the CLV outputs the fit wrote for them', async () => {
      const own = await clinicCopy(store);
      const yaml = await readFile(path.join(own, 'segmenta.yaml'), 'utf8');
      await writeFile(path.join(own, 'segmenta.yaml'), yaml + MODELS);
      await writeFile(
        path.join(own, 'old.csv'),
        'customer_id,type,time,amount,categories,products,order_id\n' +
          'C000007,purchase,1999-07-15T22:30:00Z,40,food,cat-food,OLD1\nC000007,purchase,1999-12-30T10:00:00Z,25,food,cat-food,OLD2\n',
      );
      const ws = await open(own, store);
      try {
        for (const [entity, file] of [...FIXTURE_FILES, ['events', 'old.csv']] as const) await load(ws, entity, file);
        const ev = evaluation(ws.workspace, ws.store);
        const at = parseInstant(T2, 'Europe/Zurich');
        await runWorkspace(ev, at);
        const [{ other }] = (await ws.store.query<{ other: string }>(`SELECT min(_customer) AS other FROM model_clv WHERE x > 2 AND _customer <> 'C000007'`)) as [{ other: string }];
        const outputs = () =>
          ws.store.query(`SELECT _customer, fit, x, t_x, t_cal, m_x, p_alive, expected_purchases, expected_spend, clv FROM model_clv WHERE _customer IN ('C000007', $1) ORDER BY 1, 2`, [other]);
        const before = await outputs();
        expect(before.map((r) => r['_customer']).sort()).toEqual(['C000007', other].sort());
        for (const keys of [['C000007'], ['C000007', other]]) {
          const run = await runWorkspace(ev, at, { customers: keys });
          expect(run.rowsWritten).toBe(0);
          expect(await outputs()).toEqual(before);
        }
      } finally {
        await ws.close();
      }
    });
  });

  describe('customer runs', () => {
    test('re-score their customers with the latest fit\'s parameters: a new purchase makes a customer alive again', async () => {
      const ws = await open(dir, store);
      try {
        const fit = (second.models['clv'] as { fit: number }).fit;
        const [before] = (await ws.store.query<{ _customer: string; x: number; p_alive: number }>(
          `SELECT _customer, x, p_alive FROM model_clv WHERE fit = $1 AND x >= 1 AND p_alive < 0.5 ORDER BY _customer LIMIT 1`,
          [fit],
        )) as [{ _customer: string; x: number; p_alive: number }];
        const file = path.join(dir, 'new.csv');
        await writeFile(file, 'customer_id,type,time,amount,categories,products,order_id\n');
        await appendFile(file, `${before._customer},purchase,2026-04-10T10:00:00,80,food,cat-food,NEW1\n`);
        await load(ws, 'events', file);
        const ev = evaluation(ws.workspace, ws.store);
        const run = await runWorkspace(ev, parseInstant('2026-04-11T00:00:00+02:00', 'Europe/Zurich'), { customers: [before._customer] });
        expect(run.models['clv']).toEqual({ fit, refit: false });
        const [after] = (await ws.store.query<{ x: number; t_x: number; t_cal: number; p_alive: number; run: number }>(
          `SELECT x, t_x, t_cal, p_alive, run FROM model_clv WHERE fit = $1 AND _customer = $2`,
          [fit, before._customer],
        )) as [{ x: number; t_x: number; t_cal: number; p_alive: number; run: number }];
        // One more purchase day, one day (1/7 week) before the run: P(alive) is eq. 13 of the note
        // with the fit's parameters, 1 / (1 + a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x)).
        expect(Number(after.x)).toBe(Number(before.x) + 1);
        expect(after.t_cal - after.t_x).toBeCloseTo(1 / 7, 12);
        expect(Number(after.run)).toBe(run.run);
        const [{ result }] = (await ws.store.query<{ result: string }>(`SELECT result FROM model_fits WHERE id = $1`, [fit])) as [{ result: string }];
        const { r, alpha, a, b } = (JSON.parse(result) as { bgnbd: { r: number; alpha: number; a: number; b: number } }).bgnbd;
        const x = Number(after.x);
        expect(after.p_alive).toBeCloseTo(1 / (1 + (a / (b + x - 1)) * ((alpha + after.t_cal) / (alpha + after.t_x)) ** (r + x)), 12);
        expect(after.p_alive).toBeGreaterThan(before.p_alive);
        // One open membership per segmentation (the old interval closed when the segment changed).
        const open = await ws.store.query<{ key: string; n: number }>(`SELECT key, count(*) AS n FROM memberships WHERE _customer = $1 AND to_run IS NULL AND segment IS NOT NULL GROUP BY key ORDER BY key`, [before._customer]);
        expect(open.map((o) => [o.key, Number(o.n)])).toEqual([['clusters', 1], ['lifecycle', 1], ['rf6', 1], ['rfm', 1]]);
      } finally {
        await ws.close();
      }
    });
  });

  describe('customer runs, on a list output', () => {
    // A one-customer run reads the model output by key, as a scalar sub-select: on PostgreSQL
    // `x = ANY((SELECT …))` once compared the item with whole arrays and failed.
    test('`basket.suggestions contains "renal-diet"` keeps exactly the customers whose suggestions hold it', async () => {
      const ws = await open(dir, store);
      try {
        const fit = (second.models['basket'] as { fit: number }).fit;
        const rows = await ws.store.query<{ _customer: string; suggestions: string[] | null }>(`SELECT _customer, suggestions FROM model_basket WHERE fit = $1 ORDER BY _customer`, [fit]);
        const holds = rows.find((r) => r.suggestions?.includes('renal-diet'));
        const lacks = rows.find((r) => !r.suggestions?.includes('renal-diet'));
        expect(holds).toBeDefined();
        expect(lacks).toBeDefined();
        const expected = rows.filter((r) => r.suggestions?.includes('renal-diet')).length;
        expect(second.segments['renal-prospects']).toBe(expected);
        const ev = evaluation(ws.workspace, ws.store);
        const keys = [holds!._customer, lacks!._customer];
        const run = await runWorkspace(ev, parseInstant('2026-04-12T00:00:00+02:00', 'Europe/Zurich'), { customers: keys });
        expect(run.kind).toBe('customers');
        const open = await ws.store.query<{ _customer: string }>(
          `SELECT _customer FROM memberships WHERE key = 'renal-prospects' AND to_run IS NULL AND _customer IN ($1, $2) ORDER BY _customer`,
          keys,
        );
        expect(open.map((r) => r._customer)).toEqual([holds!._customer]);
      } finally {
        await ws.close();
      }
    });
  });

  describe('a model that cannot be fitted', () => {
    test('does not fail the run: the run says why', async () => {
      const dir2 = await workspaceWith(EMPTY_YAML, { 'customers.csv': 'id\na\nb\n' }, store);
      const ws = await open(dir2, store);
      try {
        await load(ws, 'customers', 'customers.csv');
        const run = await runWorkspace(evaluation(ws.workspace, ws.store), new Date('2026-01-01T00:00:00Z'));
        expect(run.models['clv']).toEqual({ error: expect.stringContaining('model "clv": no customer has a "purchase" event up to the calibration end 2026-01-01: nothing to fit') });
        expect(run.models['clusters']).toEqual({ error: expect.stringContaining('model "clusters": 0 customers have every feature') });
      } finally {
        await ws.close();
      }
      // The command line says it too, in the language asked (the reason stays in English).
      const fr = await cli(['run', '--at', '2026-02-01', '-w', dir2, '--lang', 'fr']);
      expect(fr.code, fr.stderr).toBe(0);
      expect(fr.stdout).toContain('\nclv : non ajusté — model "clv": no customer has a "purchase" event');
      const en = await cli(['run', '--at', '2026-03-01', '-w', dir2, '--lang', 'en']);
      expect(en.stdout).toContain('\nclusters: not fitted — model "clusters": 0 customers have every feature');
    });
  });
});
