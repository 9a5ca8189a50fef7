import { describe, expect, test } from 'vitest';
import { createRandom } from '../../../src/math/random.js';
import {
  bgNbdCustomerLogLikelihood,
  bgNbdLogLikelihood,
  expectedPurchases,
  fitBgNbd,
  pAlive,
  unconditionalExpected,
  type BgNbdParams,
} from '../../../src/models/math/bgnbd.js';
import { lnBeta } from '../../../src/models/math/log-gamma.js';
import { readCdnowCbs } from './cdnow.js';
import { simulateBgNbd } from './simulate.js';

const cbs = readCdnowCbs();

/** The estimates printed in Fader, Hardie & Lee (2005), Marketing Science 24(2), for CDNOW. */
const published: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/**
 * E_p[h(p)] for p ~ Beta(a, β) by Simpson's rule after p = u^(1/a), which removes the p^(a−1)
 * singularity at 0: a second route to the Beta-mixture algebra of the closed forms.
 */
function betaExpectation(a: number, beta: number, h: (p: number) => number, intervals = 200_000): number {
  const f = (u: number): number => {
    if (u === 0) return 0 + (beta >= 1 ? h(0) : 0) * (1 / a);
    const p = Math.pow(u, 1 / a);
    return (Math.pow(1 - p, beta - 1) * h(p)) / a;
  };
  const step = 1 / intervals;
  let sum = f(0) + f(1);
  for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * f(i * step);
  return (sum * step) / 3 / Math.exp(lnBeta(a, beta));
}

/** P(alive) by Bayes' rule with λ integrated in closed form and p numerically. */
function pAliveByQuadrature(params: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  const alive = betaExpectation(a, b, (p) => Math.pow(1 - p, x)) * Math.pow(alpha + T, -(r + x));
  const dead = x > 0 ? betaExpectation(a, b, (p) => p * Math.pow(1 - p, x - 1)) * Math.pow(alpha + tx, -(r + x)) : 0;
  return alive / (alive + dead);
}

/**
 * E[Y(t) | x, t_x, T] = P(alive) · E[(1/p)(1 − e^(−λpt))] over the posterior λ ~ Gamma(r + x, α + T),
 * p ~ Beta(a, b + x) of a customer alive at T: λ in closed form, p numerically; no 2F1 involved.
 */
function expectedByQuadrature(params: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  const h = (p: number): number =>
    p === 0 ? ((r + x) * t) / (alpha + T) : -Math.expm1(-(r + x) * Math.log1p((p * t) / (alpha + T))) / p;
  return pAliveByQuadrature(params, x, tx, T) * betaExpectation(a, b + x, h);
}

describe('BG/NBD on CDNOW (Fader, Hardie & Lee 2005, Marketing Science 24(2))', () => {
  const fit = fitBgNbd(cbs);

  test('reproduces the published estimates and log-likelihood to the printed precision', () => {
    console.log('BG/NBD CDNOW fit', fit);
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(2357);
    expect(fit.r.toFixed(3)).toBe('0.243');
    expect(fit.alpha.toFixed(3)).toBe('4.414');
    expect(fit.a.toFixed(3)).toBe('0.793');
    expect(fit.b.toFixed(3)).toBe('2.426');
    expect(fit.loglik.toFixed(1)).toBe('-9582.4');
  });

  test('agrees with an independent maximisation (SciPy: Nelder-Mead then BFGS, run outside the test)', () => {
    // scipy.optimize.minimize on the same likelihood written with scipy.special.gammaln:
    // r = 0.24259452, α = 4.41360179, a = 0.79292192, b = 2.4259066, ln L = −9582.429206673929.
    expect(fit.r).toBeCloseTo(0.24259452, 6);
    expect(fit.alpha).toBeCloseTo(4.41360179, 5);
    expect(fit.a).toBeCloseTo(0.79292192, 6);
    expect(fit.b).toBeCloseTo(2.4259066, 5);
    expect(fit.loglik).toBeCloseTo(-9582.429206673929, 7);
  });

  test('the grouped, weighted likelihood equals the sum over customers', () => {
    let direct = 0;
    for (let i = 0; i < cbs.x.length; i++) {
      direct += bgNbdCustomerLogLikelihood(published, cbs.x[i] as number, cbs.tx[i] as number, cbs.T[i] as number);
    }
    expect(bgNbdLogLikelihood(published, cbs)).toBeCloseTo(direct, 9);
    expect(fit.groups).toBeLessThan(cbs.x.length);
  });

  test('customer 1 (x = 2, t_x = 30.43, T = 38.86): E[Y(39)] = 1.226, as in the Excel implementation note', () => {
    expect(expectedPurchases(published, 39, 2, 30.43, 38.86).toFixed(3)).toBe('1.226');
  });

  test.each([
    [0, 0, 38.86],
    [1, 1.71, 38.86],
    [2, 30.43, 38.86],
    [7, 35.14, 38.86],
    [26, 35.14, 38.86],
    [3, 5, 32.5],
    [1, 0.14, 1],
    [60, 38, 38.86],
  ])('P(alive) and E[Y(t)] of (x = %s, t_x = %s, T = %s) match the quadrature route', (x, tx, T) => {
    expect(pAlive(published, x, tx, T)).toBeCloseTo(pAliveByQuadrature(published, x, tx, T), 9);
    for (const t of [1, 39, 52, 104, 520]) {
      const expected = expectedByQuadrature(published, t, x, tx, T);
      expect(Math.abs(expectedPurchases(published, t, x, tx, T) - expected) / expected).toBeLessThan(1e-8);
    }
  });

  test('E[X(t)] matches the quadrature route with no history (x = 0, T = 0)', () => {
    for (const t of [1, 10, 39, 78]) {
      expect(unconditionalExpected(published, t)).toBeCloseTo(expectedByQuadrature(published, t, 0, 0, 0), 8);
    }
    expect(unconditionalExpected(published, 0)).toBe(0);
  });

  test('the column versions equal the scalar ones', () => {
    const alive = pAlive(fit, cbs.x, cbs.tx, cbs.T);
    const expected = expectedPurchases(fit, 52, cbs.x, cbs.tx, cbs.T);
    for (const i of [0, 1, 2, 100, 1000, 2356]) {
      const [x, tx, T] = [cbs.x[i] as number, cbs.tx[i] as number, cbs.T[i] as number];
      expect(alive[i]).toBe(pAlive(fit, x, tx, T));
      expect(expected[i]).toBe(expectedPurchases(fit, 52, x, tx, T));
    }
  });

  test('a = 1, where eq. 10 is 0/0, is continuous with its neighbours', () => {
    const params = { ...published, a: 1 };
    const at = expectedPurchases(params, 39, 2, 30.43, 38.86);
    const near = expectedPurchases({ ...published, a: 1 + 1e-4 }, 39, 2, 30.43, 38.86);
    expect(Math.abs(at - near)).toBeLessThan(1e-4);
  });

  test.each([
    // r, α, a, b, t, x, t_x, T, E[Y(t)]: eq. 10 in mpmath at 120 digits, its series summed term by
    // term (mpmath's hyp2f1 for a > 2e5), run outside the test. Such a and b are what a fit gives when
    // every customer has the same drop-out chance; in doubles (1 − z)^(a − 1) is 0 and the 2F1
    // infinite, and their product was NaN (then, as logarithms added, 1e-5 off at a = 1e10).
    [1.5, 5, 2000, 8000, 52, 5, 80, 100, 1.1547224515063113],
    [50, 200, 7.18e7, 2.96e8, 52, 0, 0, 100, 4.1523233300778257],
    [50, 200, 7.18e7, 2.96e8, 52, 3000, 149.5, 150, 0.25629233272183613],
    [1.5, 5, 1.3e6, 2e5, 1, 10000, 599, 600, 1.2242475811858562e-8],
    [0.4214, 5, 1e10, 4e10, 52, 0, 0, 100, 0.1950856879472975],
    [0.4214, 5, 1e12, 4e12, 52, 5, 80, 100, 1.1217766959662912],
  ])('E[Y(t)] with large a and b (r = %s, α = %s, a = %s, b = %s, t = %s, x = %s, t_x = %s, T = %s) is %s', (r, alpha, a, b, t, x, tx, T, expected) => {
    const value = expectedPurchases({ r, alpha, a, b }, t, x, tx, T);
    expect(Math.abs(value - expected) / expected).toBeLessThan(1e-11);
  });

  test('invalid summaries are refused', () => {
    expect(() => pAlive(published, 2, 40, 38)).toThrow(RangeError);
    expect(() => expectedPurchases(published, -1, 2, 30, 38)).toThrow(RangeError);
    expect(() => fitBgNbd({ x: new Float64Array(0), tx: new Float64Array(0), T: new Float64Array(0) })).toThrow(RangeError);
  });
});

describe('BG/NBD at scale', () => {
  test('fits 1,000,000 simulated customers in seconds (timing printed, not asserted)', () => {
    const truth = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
    const data = simulateBgNbd(createRandom(2005), 1_000_000, truth);
    const start = performance.now();
    const fit = fitBgNbd(data);
    const seconds = (performance.now() - start) / 1000;
    const t52 = performance.now();
    expectedPurchases(fit, 52, data.x, data.tx, data.T);
    const predictSeconds = (performance.now() - t52) / 1000;
    console.log(
      `BG/NBD on 1,000,000 customers (${fit.groups} distinct (x, t_x, T)): fit ${seconds.toFixed(2)} s, ` +
        `${fit.iterations} iterations; E[Y(52)] for all ${predictSeconds.toFixed(2)} s; ` +
        `r=${fit.r.toFixed(4)} α=${fit.alpha.toFixed(4)} a=${fit.a.toFixed(4)} b=${fit.b.toFixed(4)} (simulated with ${JSON.stringify(truth)})`,
    );
    expect(fit.converged).toBe(true);
  });
});
