/**
 * The CLV summary (models.md) on purchases counted by hand, in Europe/Zurich: same-day purchases
 * as one (by the local calendar day, across midnight UTC), the calibration end date included,
 * later purchases excluded, missing amounts as 0, times in days, weeks and calendar months; then
 * a workspace without purchases refused with a clear error.
 */
import { describe, expect, test } from 'vitest';
import { clvSummary, rescoreClv, type ClvFitResult } from '../../src/models/fit-clv.js';
import { parseInstant } from '../../src/time/instant.js';
import type { ClvModelDef, TimeUnit } from '../../src/workspace/types.js';
import { cli } from '../support/cli.js';
import { STORES, type StoreKind } from '../support/stores.js';
import { load, open, workspaceWith } from '../support/workspace.js';

const YAML = `name: Shop
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
    visit: {}
models:
  clv: { model: clv, event: purchase, amount: amount, calibration_end: 2024-03-31 }
`;

const EVENTS = `customer_id,type,time,amount
a,purchase,2024-01-31T10:00:00,20
a,purchase,2024-01-31T18:00:00,10
a,visit,2024-02-10T10:00:00,
a,purchase,2024-02-29T09:00:00,40
a,purchase,2024-03-31T23:30:00,50
b,purchase,2024-03-01T00:30:00,15
c,purchase,2024-01-15T12:00:00,10
c,purchase,2024-02-14T12:00:00,30
c,purchase,2024-04-01T00:10:00,99
d,purchase,2024-02-10T12:00:00,
d,purchase,2024-03-10T12:00:00,30
e,purchase,2024-01-10T12:00:00,10
e,purchase,2024-03-10T12:00:00,
`;

async function workspace(store: StoreKind, events = EVENTS): Promise<string> {
  const dir = await workspaceWith(YAML, { 'customers.csv': 'id\na\nb\nc\nd\ne\nf\n', 'events.csv': events }, store);
  const ws = await open(dir, store);
  await load(ws, 'customers', 'customers.csv', { strict: true });
  await load(ws, 'events', 'events.csv', { strict: true });
  await ws.close();
  return dir;
}

async function summary(store: StoreKind, dir: string, timeUnit: TimeUnit) {
  const ws = await open(dir, store);
  try {
    const def = { ...(ws.workspace.models[0] as ClvModelDef), timeUnit };
    const rows = await clvSummary({ db: ws.store, dialect: ws.store.dialect, workspace: ws.workspace, at: parseInstant('2024-04-15', 'Europe/Zurich') }, def);
    return Object.fromEntries(rows.map((r) => [r._customer, [Number(r.x), r.t_x, r.t_cal, r.m_x]]));
  } finally {
    await ws.close();
  }
}

describe.each(STORES)('on %s', (store) => {
  // By hand, calibration end 2024-03-31 (a purchase that day is in; c's of 1 April is not):
  // a: 31 Jan (20 + 10: one day), 29 Feb (40), 31 Mar 23:30 (50): x 2, t_x = T = 60 days, m_x 45.
  // b: 1 Mar 00:30 local (29 Feb in UTC): x 0, T = 30 days.
  // c: 15 Jan, 14 Feb: x 1, t_x 30 days, T 76 days, m_x 30.
  // d: 10 Feb (no amount), 10 Mar (30): x 1, t_x 29, T 50, m_x 30.
  // e: 10 Jan (10), 10 Mar (no amount, 0): x 1, t_x 60, T 81, m_x 0.
  // f: no purchase, no summary.
  describe('the CLV summary, counted by hand', () => {
    test('in days', async () => {
      const dir = await workspace(store);
      expect(await summary(store, dir, 'days')).toEqual({
        a: [2, 60, 60, 45],
        b: [0, 0, 30, null],
        c: [1, 30, 76, 30],
        d: [1, 29, 50, 30],
        e: [1, 60, 81, 0],
      });
    });

    test('in weeks: days / 7', async () => {
      const dir = await workspace(store);
      const rows = await summary(store, dir, 'weeks');
      expect(rows['c']![1]).toBeCloseTo(30 / 7, 14);
      expect(rows['c']![2]).toBeCloseTo(76 / 7, 14);
      expect(rows['a']![2]).toBeCloseTo(60 / 7, 14);
    });

    test('in calendar months from the first purchase\'s date, the month in progress by its days', async () => {
      const dir = await workspace(store);
      const rows = await summary(store, dir, 'months');
      // a: 31 Jan + 2 months = 31 Mar exactly.
      expect(rows['a']!.slice(1, 3)).toEqual([2, 2]);
      // b: 1 Mar → 31 Mar: 30 of March's 31 days.
      expect(rows['b']![2]).toBeCloseTo(30 / 31, 14);
      // c: 15 Jan → 14 Feb: 30 of the 31 days from 15 Jan to 15 Feb; → 31 Mar: 2 months + 16 of the 31 days from 15 Mar to 15 Apr.
      expect(rows['c']![1]).toBeCloseTo(30 / 31, 14);
      expect(rows['c']![2]).toBeCloseTo(2 + 16 / 31, 14);
      // d: 10 Feb → 10 Mar: 1 month; → 31 Mar: 1 + 21/31.
      expect(rows['d']![1]).toBe(1);
      expect(rows['d']![2]).toBeCloseTo(1 + 21 / 31, 14);
    });

    test('31 January + 1 month is 29 February (2024): one whole month', async () => {
      const dir = await workspace(store, 'customer_id,type,time,amount\na,purchase,2024-01-31T12:00:00,5\na,purchase,2024-02-29T12:00:00,5\n');
      const rows = await summary(store, dir, 'months');
      expect(rows['a']![1]).toBe(1);
    });
  });

  describe('extreme parameters', () => {
    test('P(alive) is 1, not an error, when its exponent is below what exp() returns (PostgreSQL raises an underflow)', async () => {
      const dir = await workspace(store);
      const ws = await open(dir, store);
      try {
        const def = ws.workspace.models[0] as ClvModelDef;
        // a: x 2, t_x = T: ln(a / (b + x − 1)) = ln(1e-320 / (1e17 + 1)) ≈ −775.9, P(alive) = 1 / (1 + e^−775.9).
        const result = {
          bgnbd: { r: 1, alpha: 1, a: 1e-320, b: 1e17, loglik: 0, converged: true },
          gammagamma: { p: 2, q: 3, gamma: 1, loglik: 0, customers: 1, converged: true },
          customers: 5,
          repeat_customers: 4,
          calibration_end: '2024-03-31',
          time_unit: 'days',
          horizon: 1,
          margin: 1,
          discount_rate: 0,
        } as ClvFitResult;
        const at = parseInstant('2024-04-15', 'Europe/Zurich');
        await ws.store.transaction((db) => rescoreClv({ db, dialect: ws.store.dialect, workspace: ws.workspace, at, run: null }, def, { id: 1, result }, ['a']));
        const rows = await ws.store.query<{ _customer: string; p_alive: number }>(`SELECT _customer, p_alive FROM model_clv WHERE fit = 1`);
        expect(rows).toEqual([{ _customer: 'a', p_alive: 1 }]);
      } finally {
        await ws.close();
      }
    });
  });

  describe('refused', () => {
    test('a clv model fitted on a workspace with no purchases: where and why, exit 1', async () => {
      const dir = await workspace(store, 'customer_id,type,time,amount\na,visit,2024-01-31T12:00:00,\n');
      const result = await cli(['model', 'fit', 'clv', '-w', dir]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('model "clv": no customer has a "purchase" event up to the calibration end 2024-03-31: nothing to fit');
    });

    test('only first purchases: the BG/NBD needs repeat purchases', async () => {
      const dir = await workspace(store, 'customer_id,type,time,amount\na,purchase,2024-01-31T12:00:00,5\nb,purchase,2024-02-01T12:00:00,5\n');
      const result = await cli(['model', 'fit', 'clv', '-w', dir]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('model "clv": no customer bought twice (on two different days) up to the calibration end 2024-03-31: the BG/NBD model needs repeat purchases');
    });

    test('a calibration end after the evaluation date', async () => {
      const dir = await workspace(store);
      const result = await cli(['model', 'fit', 'clv', '-w', dir, '--at', '2024-03-01']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('model "clv": the calibration end 2024-03-31 is after the evaluation date 2024-03-01: purchases after the evaluation instant are not known yet');
    });
  });
});
