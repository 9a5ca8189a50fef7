/**
 * Model outputs in rules (models.md: `clv.p_alive < 0.3`, `clusters = "c2"`): a rule reads the
 * latest fit of the model at or before its evaluation instant; without one it is refused with
 * what to do. Counts are checked against the math modules on the published CDNOW summary, and
 * against the fits' own JSON for clusters and baskets.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { customerLifetimeValue } from '../../src/models/math/clv.js';
import { cli, cliJson } from '../support/cli.js';
import { STORES } from '../support/stores.js';
import { DATASETS, load, open, workspaceWith } from '../support/workspace.js';
import { CDNOW_YAML, cdnowWorkspace } from './cdnow-workspace.js';
import { readCdnowCbs } from './math/cdnow.js';

const cbs = readCdnowCbs();
const count = async (dir: string, rule: string, ...flags: string[]) => {
  const result = await cliJson<{ count: number }>(['count', rule, '-w', dir, ...flags]);
  expect(result.code, result.stderr).toBe(0);
  return result.json.count;
};

const BLOBS_YAML = `name: Blobs
timezone: UTC
customers:
  key: id
  fields:
    x1: number
    x2: number
events:
  customer: customer_id
  type: type
  time: time
  types:
    purchase: { amount: number, items: list<string> }
models:
  clusters: { model: kmeans, event: purchase, features: [x1, x2], standardise: false, k: [2, 6] }
  basket: { model: basket, event: purchase, items: items, min_support: 0.6, min_confidence: 0.7, min_lift: 0 }
`;

describe.each(STORES)('on %s', (store) => {
  describe('CLV outputs in rules (CDNOW)', () => {
    let dir: string;
    let fit: { bgnbd: { r: number; alpha: number; a: number; b: number }; gammagamma: { p: number; q: number; gamma: number } };

    beforeAll(async () => {
      dir = await cdnowWorkspace(store, `${CDNOW_YAML}segments:\n  leaving:\n    rule: clv.p_alive < 0.3 and clv.x >= 2\n`);
    }, 60_000);

    test('before any fit, a rule on the model is refused with what to do', async () => {
      const result = await cli(['count', 'clv.p_alive < 0.3', '-w', dir]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/model "clv" has no fit at or before .*: fit it \("segmenta model fit clv"\) or make a run \("segmenta run"\), then evaluate again/);
    });

    test('after `model fit clv`, rules count what the closed forms give on the published summary', async () => {
      const fitted = await cliJson<typeof fit>(['model', 'fit', 'clv', '--calibration-end', '1997-09-30', '-w', dir]);
      expect(fitted.code, fitted.stderr).toBe(0);
      fit = fitted.json;
      const expected = customerLifetimeValue(fit.bgnbd, fit.gammagamma, cbs, { horizon: 39 });
      const where = (test: (i: number) => boolean) => Array.from(cbs.x.keys()).filter(test).length;
      expect(await count(dir, 'clv.p_alive < 0.3')).toBe(where((i) => expected.pAlive[i]! < 0.3));
      expect(await count(dir, 'clv.clv > 100')).toBe(where((i) => expected.clv[i]! > 100));
      expect(await count(dir, 'clv.predicted_purchases >= 1 and clv.expected_spend > 30')).toBe(where((i) => expected.expectedPurchases[i]! >= 1 && expected.expectedSpend[i]! > 30));
      expect(await count(dir, 'clv.x = 0 and clv.T > 38')).toBe(where((i) => cbs.x[i] === 0 && cbs.T[i]! > 38));
      expect(await count(dir, 'not (clv.p_alive < 0.3)')).toBe(2357 - where((i) => expected.pAlive[i]! < 0.3));
      const leaving = where((i) => expected.pAlive[i]! < 0.3 && cbs.x[i]! >= 2);
      expect(leaving).toBeGreaterThan(0);
      const segments = await cliJson<Array<{ id: string; count: number }>>(['segments', '-w', dir]);
      expect(segments.json).toEqual([{ id: 'leaving', name: 'leaving', count: leaving }]);
      const members = await cli(['members', 'clv.p_alive < 0.3 and clv.x >= 2', '-w', dir]);
      expect(members.stdout.trim().split('\n')).toHaveLength(leaving + 1);
    }, 60_000);

    test('an instant before the fit has no fit to read: refused', async () => {
      const result = await cli(['count', 'clv.p_alive < 0.3', '-w', dir, '--at', '2000-01-01']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('model "clv" has no fit at or before 2000-01-01T00:00:00Z');
    });
  });

  describe('clusters and baskets in rules', () => {
    test('`clusters = "c2"` counts the cluster\'s customers; a cluster beyond the largest k is refused', async () => {
      const lines = (await readFile(path.join(DATASETS, 'iris', 'blobs.csv'), 'utf8')).trim().split('\n').slice(1);
      const dir = await workspaceWith(BLOBS_YAML, { 'customers.csv': `id,x1,x2\n${lines.map((l, i) => `p${i},${l.split(',').slice(0, 2).join(',')}`).join('\n')}\n` }, store);
      const ws = await open(dir, store);
      await load(ws, 'customers', 'customers.csv');
      await ws.close();
      const fitted = await cliJson<{ clusters: Array<{ id: string; size: number }> }>(['model', 'fit', 'clusters', '--k', '4', '-w', dir]);
      expect(fitted.code, fitted.stderr).toBe(0);
      for (const c of fitted.json.clusters) expect(await count(dir, `clusters = "${c.id}"`)).toBe(c.size);
      expect(await count(dir, 'clusters in ["c1", "c2"]')).toBe(fitted.json.clusters[0]!.size + fitted.json.clusters[1]!.size);
      expect(await count(dir, 'clusters = "unclustered"')).toBe(0);
      const refused = await cli(['count', 'clusters = "c7"', '-w', dir]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('"c7"');
    }, 60_000);

    test('`basket.suggestions contains "Onion"`, `basket.favourite_category = "Corn"` (five baskets)', async () => {
      const transactions = JSON.parse(await readFile(path.join(DATASETS, 'basket-small', 'transactions.json'), 'utf8')) as string[][];
      const dir = await workspaceWith(BLOBS_YAML, {
        'customers.csv': `id,x1,x2\n${transactions.map((_, i) => `b${i + 1},0,0`).join('\n')}\n`,
        'events.csv': `customer_id,type,time,amount,items\n${transactions.map((t, i) => `b${i + 1},purchase,2024-01-0${i + 1}T10:00:00,,"${t.join('|')}"`).join('\n')}\n`,
      }, store);
      const ws = await open(dir, store);
      await load(ws, 'customers', 'customers.csv');
      await load(ws, 'events', 'events.csv');
      await ws.close();
      expect((await cli(['model', 'fit', 'basket', '-w', dir])).code).toBe(0);
      // Only b3 (Eggs, Kidney Beans, no Onion) gets Onion; favourite category, no amounts: most
      // purchases then name: "Corn" for b4 (Corn, Kidney Beans, Milk, Unicorn, Yogurt) and b5.
      expect(await count(dir, 'basket.suggestions contains "Onion"')).toBe(1);
      expect(await count(dir, 'basket.favourite_category = "Corn"')).toBe(2);
      expect(await count(dir, 'basket.suggestions is null')).toBe(3);
    }, 60_000);
  });
});
