/**
 * CLV end to end on CDNOW (shared/datasets/cdnow): the raw sample imported into a real workspace
 * store, the calibration summary computed in SQL, the models fitted by `segmenta model fit clv`.
 * Expected values are the published ones, never what the code printed:
 * - the summary must equal BTYD's `cbs_reference.csv` for every customer;
 * - BG/NBD: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4 — Fader, Hardie & Lee (2005),
 *   "Counting Your Customers the Easy Way", Marketing Science 24(2), Table 1 (model estimation
 *   results on the CDNOW sample);
 * - Gamma-Gamma: p = 6.25, q = 3.74, γ = 15.44 — Fader, Hardie & Lee (2005), "RFM and CLV", Journal
 *   of Marketing Research 42(4), the spend model's estimates on the same customers (restated in
 *   Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value").
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { clvSummary } from '../../src/models/fit-clv.js';
import { customerLifetimeValue } from '../../src/models/math/clv.js';
import { readCdnowCbs } from './math/cdnow.js';
import { cdnowWorkspace } from './cdnow-workspace.js';
import { cliJson } from '../support/cli.js';
import { STORES } from '../support/stores.js';
import { open } from '../support/workspace.js';
import type { ClvModelDef } from '../../src/workspace/types.js';

const cbs = readCdnowCbs();

interface FitJson {
  bgnbd: { r: number; alpha: number; a: number; b: number; loglik: number };
  gammagamma: { p: number; q: number; gamma: number };
  customers: number;
  fit: number;
}

describe.each(STORES)('CLV on CDNOW through a workspace on %s', (store) => {
  let dir: string;
  let fit: FitJson;

  beforeAll(async () => {
    dir = await cdnowWorkspace(store);
    const result = await cliJson<FitJson>(['model', 'fit', 'clv', '--calibration-end', '1997-09-30', '-w', dir]);
    expect(result.code, result.stderr).toBe(0);
    fit = result.json;
  }, 120_000);

  test('the SQL summary (x, t_x, T, m_x) equals BTYD\'s cbs_reference.csv for each of the 2,357 customers', async () => {
    const ws = await open(dir, store);
    try {
      const def = { ...(ws.workspace.models.find((m) => m.id === 'clv') as ClvModelDef), calibrationEnd: '1997-09-30' };
      const rows = await clvSummary({ db: ws.store, dialect: ws.store.dialect, workspace: ws.workspace, at: new Date() }, def);
      expect(rows).toHaveLength(2357);
      const byId = new Map(rows.map((r) => [Number(r._customer), r]));
      for (let i = 0; i < cbs.x.length; i++) {
        const row = byId.get(i + 1)!;
        expect(Number(row.x)).toBe(cbs.x[i]);
        expect(row.t_x).toBeCloseTo(cbs.tx[i] as number, 9);
        expect(row.t_cal).toBeCloseTo(cbs.T[i] as number, 9);
        if (cbs.x[i] === 0) expect(row.m_x).toBeNull();
        else expect(row.m_x).toBeCloseTo(cbs.mx[i] as number, 9);
      }
      expect(rows.filter((r) => Number(r.x) > 0)).toHaveLength(946);
    } finally {
      await ws.close();
    }
  });

  test('`model fit clv --json` reproduces the published BG/NBD estimates and log-likelihood (FHL 2005, Marketing Science, Table 1)', () => {
    expect(fit.customers).toBe(2357);
    expect(fit.bgnbd.r.toFixed(3)).toBe('0.243');
    expect(fit.bgnbd.alpha.toFixed(3)).toBe('4.414');
    expect(fit.bgnbd.a.toFixed(3)).toBe('0.793');
    expect(fit.bgnbd.b.toFixed(3)).toBe('2.426');
    expect(fit.bgnbd.loglik.toFixed(1)).toBe('-9582.4');
  });

  test('and the published Gamma-Gamma estimates (FHL 2005, Journal of Marketing Research)', () => {
    expect(fit.gammagamma.p.toFixed(2)).toBe('6.25');
    expect(fit.gammagamma.q.toFixed(2)).toBe('3.74');
    expect(fit.gammagamma.gamma.toFixed(2)).toBe('15.44');
  });

  test('per-customer outputs in the store equal the closed forms of the math module on the published summary', async () => {
    const ws = await open(dir, store);
    try {
      const rows = await ws.store.query<{ _customer: string; p_alive: number; expected_purchases: number; expected_spend: number; clv: number }>(
        `SELECT _customer, p_alive, expected_purchases, expected_spend, clv FROM model_clv WHERE fit = $1`,
        [fit.fit],
      );
      expect(rows).toHaveLength(2357);
      const expected = customerLifetimeValue(fit.bgnbd, fit.gammagamma, cbs, { horizon: 39 });
      for (const row of rows) {
        const i = Number(row._customer) - 1;
        expect(row.p_alive).toBeCloseTo(expected.pAlive[i] as number, 9);
        expect(row.expected_purchases).toBeCloseTo(expected.expectedPurchases[i] as number, 9);
        expect(row.expected_spend).toBeCloseTo(expected.expectedSpend[i] as number, 7);
        expect(row.clv).toBeCloseTo(expected.clv[i] as number, 7);
      }
    } finally {
      await ws.close();
    }
  });

  test('with a margin and a discount rate per week: each week\'s purchases discounted (the math module on the published summary)', async () => {
    const result = await cliJson<FitJson>(['model', 'fit', 'clv_discounted', '-w', dir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.json.bgnbd.r).toBeCloseTo(fit.bgnbd.r, 12);
    const ws = await open(dir, store);
    try {
      const rows = await ws.store.query<{ _customer: string; expected_purchases: number; clv: number }>(`SELECT _customer, expected_purchases, clv FROM model_clv WHERE fit = $1`, [result.json.fit]);
      const expected = customerLifetimeValue(result.json.bgnbd, result.json.gammagamma, cbs, { horizon: 10.5, margin: 0.3, discountRate: 0.01 });
      for (const row of rows) {
        const i = Number(row._customer) - 1;
        expect(row.expected_purchases).toBeCloseTo(expected.expectedPurchases[i] as number, 9);
        expect(row.clv).toBeCloseTo(expected.clv[i] as number, 8);
        expect(row.clv).toBeLessThan(0.3 * 1.000001 * (expected.expectedSpend[i] as number) * (expected.expectedPurchases[i] as number) + 1e-9);
      }
    } finally {
      await ws.close();
    }
  });
});
