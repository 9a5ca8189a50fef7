import { describe, expect, test } from 'vitest';
import {
  expectedSpend,
  fitGammaGamma,
  gammaGammaCustomerLogLikelihood,
  gammaGammaLogLikelihood,
} from '../../../src/models/math/gamma-gamma.js';
import { lnGamma, lnGammaRatio } from '../../../src/models/math/log-gamma.js';
import { readCdnowCbs } from './cdnow.js';

const cbs = readCdnowCbs();

describe('Gamma-Gamma on CDNOW (Fader, Hardie & Lee 2005, Journal of Marketing Research 42(4))', () => {
  const fit = fitGammaGamma(cbs);

  test('reproduces p = 6.25, q = 3.74, γ = 15.44 over the 946 customers with x > 0', () => {
    console.log('Gamma-Gamma CDNOW fit', fit);
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(946);
    expect(fit.p.toFixed(2)).toBe('6.25');
    expect(fit.q.toFixed(2)).toBe('3.74');
    expect(fit.gamma.toFixed(2)).toBe('15.44');
  });

  test('agrees with an independent maximisation (SciPy: Nelder-Mead then BFGS, run outside the test)', () => {
    // p = 6.24957521, q = 3.74422432, γ = 15.44351181, ln L = −4055.917694801871
    expect(fit.p).toBeCloseTo(6.24957521, 5);
    expect(fit.q).toBeCloseTo(3.74422432, 5);
    expect(fit.gamma).toBeCloseTo(15.44351181, 4);
    expect(fit.loglik).toBeCloseTo(-4055.917694801871, 7);
    expect(gammaGammaLogLikelihood(fit, cbs)).toBeCloseTo(fit.loglik, 8);
  });

  test('the log-density integrates to 1 over m_x (x = 3)', () => {
    // Trapezoid on a log grid: ∫ f(m) dm = ∫ f(e^u) e^u du.
    const params = { p: 6.25, q: 3.74, gamma: 15.44 };
    let sum = 0;
    const [lo, hi, steps] = [-12, 12, 200_000];
    const h = (hi - lo) / steps;
    for (let i = 0; i <= steps; i++) {
      const u = lo + i * h;
      const value = Math.exp(gammaGammaCustomerLogLikelihood(params, 3, Math.exp(u)) + u);
      sum += (i === 0 || i === steps ? 0.5 : 1) * value;
    }
    expect(sum * h).toBeCloseTo(1, 9);
  });

  test('E[M | x, m_x] equals the posterior mean of p/ν computed by quadrature', () => {
    const params = { p: 6.25, q: 3.74, gamma: 15.44 };
    for (const [x, mx] of [
      [1, 11.77],
      [2, 22.345],
      [10, 60],
    ] as const) {
      // ν | x, m_x ∝ ν^(px + q − 1) e^(−ν(γ + x m_x)): E[p/ν] = ∫ p ν^(px+q−2) e^(−νβ) dν / ∫ ν^(px+q−1) e^(−νβ) dν
      const shape = params.p * x + params.q;
      const rate = params.gamma + x * mx;
      const density = (nu: number, power: number): number =>
        Math.exp((shape - 1 + power) * Math.log(nu) - nu * rate + shape * Math.log(rate) - lnGamma(shape));
      let numerator = 0;
      let denominator = 0;
      const steps = 400_000;
      const top = (20 * shape) / rate;
      const h = top / steps;
      for (let i = 1; i < steps; i++) {
        numerator += params.p * density(i * h, -1);
        denominator += density(i * h, 0);
      }
      expect(expectedSpend(params, x, mx)).toBeCloseTo(numerator / denominator, 8);
    }
    expect(expectedSpend(params, 0, 123)).toBeCloseTo((params.gamma * params.p) / (params.q - 1), 12);
    expect(expectedSpend({ p: 1, q: 0.5, gamma: 1 }, 0, 0)).toBeNaN();
  });

  test('the column version equals the scalar one', () => {
    const spend = expectedSpend(fit, cbs.x, cbs.mx);
    for (const i of [0, 1, 2, 500]) expect(spend[i]).toBe(expectedSpend(fit, cbs.x[i] as number, cbs.mx[i] as number));
  });
});

/** Spend per transaction drawn around one rate for everyone, with a little noise per customer (a seeded generator). */
function sameRateForAll(n: number, noise: (i: number, x: number, u: () => number) => number): { x: Float64Array; mx: Float64Array } {
  let s = 1;
  const u = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const x = new Float64Array(n);
  const mx = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = 1 + Math.floor(u() * 6);
    mx[i] = noise(i, x[i]!, u);
  }
  return { x, mx };
}

describe('Gamma-Gamma when spend rates barely vary between customers', () => {
  test('ln Γ(q + a) − ln Γ(q) keeps its digits at large q (exact for whole a: ln q + ln(q + 1) + …)', () => {
    for (const q of [1e5, 3.7e7, 1e12]) {
      expect(lnGammaRatio(q, 3)).toBeCloseTo(Math.log(q) + Math.log(q + 1) + Math.log(q + 2), 12 - Math.log10(q));
      expect(lnGammaRatio(q, 1) / Math.log(q)).toBeCloseTo(1, 14);
    }
    // Below the switch, the plain difference.
    expect(lnGammaRatio(7.5, 2.25)).toBe(lnGamma(9.75) - lnGamma(7.5));
  });

  test('a fit whose likelihood rises towards q, γ → ∞ says converged: false, its likelihood computed without cancellation', () => {
    const data = sameRateForAll(2000, (_, x, u) => 50 * (1 + (0.2 * (u() - 0.5)) / Math.sqrt(x)));
    const fit = fitGammaGamma(data);
    expect(fit.q).toBeGreaterThan(1e8);
    expect(fit.converged).toBe(false);
    // Along the ridge (q and γ scaled together) the likelihood is flat to 1e-9, not noisy by units
    // as it was when q ln γ and ln Γ(q) cancelled (it reported −3830.03 here, above the limit).
    for (const k of [10, 1000, 1e5]) expect(gammaGammaLogLikelihood({ p: fit.p, q: fit.q * k, gamma: fit.gamma * k }, data)).toBeCloseTo(fit.loglik, 6);
    // The expected spend stays the base's mean rate pulled to the customer's own, finite.
    expect(expectedSpend(fit, 3, 50)).toBeGreaterThan(45);
    expect(expectedSpend(fit, 3, 50)).toBeLessThan(55);
  });

  test('a flat but finite maximum (q near 9e5) is found and said converged', () => {
    const x = Float64Array.from({ length: 600 }, (_, i) => 1 + (i % 6));
    const data = { x, mx: x.map((xi, i) => 50 * (1 + (0.1 * Math.sin(i * 12.9898)) / Math.sqrt(xi))) };
    const fit = fitGammaGamma(data);
    expect(fit.converged).toBe(true);
    expect(fit.q).toBeGreaterThan(1e5);
    expect(fit.q).toBeLessThan(1e7);
    // Higher than the ridge further out: the maximum is finite.
    expect(fit.loglik).toBeGreaterThan(gammaGammaLogLikelihood({ p: fit.p, q: fit.q * 100, gamma: fit.gamma * 100 }, data) + 1e-5);
  });
});
