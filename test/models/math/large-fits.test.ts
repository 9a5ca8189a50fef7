/**
 * Large fits (more than 20,000 distinct groups): Nelder-Mead on a regular sample of the groups,
 * then quasi-Newton steps with the analytic gradient on all of them. Checked: the gradients
 * against central finite differences, and the estimates against Nelder-Mead run on every group.
 */
import { describe, expect, test } from 'vitest';
import { createRandom } from '../../../src/math/random.js';
import { aggregateRows } from '../../../src/models/math/aggregate-rows.js';
import { bgNbdLogLikelihood, bgNbdLogLikelihoodGradient, fitBgNbd, LARGE_FIT_GROUPS, type BgNbdParams } from '../../../src/models/math/bgnbd.js';
import { fitGammaGamma, gammaGammaLogLikelihood, gammaGammaLogLikelihoodGradient, LARGE_SPEND_GROUPS, type GammaGammaParams } from '../../../src/models/math/gamma-gamma.js';
import { nelderMead } from '../../../src/models/math/optimize.js';
import { readCdnowCbs } from './cdnow.js';
import { simulateBgNbd } from './simulate.js';

const cbs = readCdnowCbs();

/** Central differences of f along each log-parameter. */
function numericGradient(f: (theta: number[]) => number, theta: number[], h = 1e-6): number[] {
  return theta.map((_, i) => {
    const up = [...theta];
    const down = [...theta];
    up[i] = (up[i] as number) + h;
    down[i] = (down[i] as number) - h;
    return (f(up) - f(down)) / (2 * h);
  });
}

const bgParams = (t: number[]): BgNbdParams => ({ r: Math.exp(t[0]!), alpha: Math.exp(t[1]!), a: Math.exp(t[2]!), b: Math.exp(t[3]!) });
const ggParams = (t: number[]): GammaGammaParams => ({ p: Math.exp(t[0]!), q: Math.exp(t[1]!), gamma: Math.exp(t[2]!) });

describe('analytic gradients', () => {
  test('BG/NBD: equal to central differences on CDNOW, at and away from the optimum', () => {
    for (const theta of [[Math.log(0.243), Math.log(4.414), Math.log(0.793), Math.log(2.426)], [0.2, -0.5, 1.1, -0.3]]) {
      const analytic = bgNbdLogLikelihoodGradient(bgParams(theta), cbs);
      expect(analytic.value).toBeCloseTo(bgNbdLogLikelihood(bgParams(theta), cbs), 8);
      const numeric = numericGradient((t) => bgNbdLogLikelihood(bgParams(t), cbs), theta);
      numeric.forEach((g, i) => expect(analytic.gradient[i]).toBeCloseTo(g, 3));
    }
  });

  test('Gamma-Gamma: equal to central differences on CDNOW', () => {
    for (const theta of [[Math.log(6.25), Math.log(3.74), Math.log(15.44)], [0.5, 1.5, 2]]) {
      const analytic = gammaGammaLogLikelihoodGradient(ggParams(theta), cbs);
      expect(analytic.value).toBeCloseTo(gammaGammaLogLikelihood(ggParams(theta), cbs), 8);
      const numeric = numericGradient((t) => gammaGammaLogLikelihood(ggParams(t), cbs), theta);
      numeric.forEach((g, i) => expect(analytic.gradient[i]).toBeCloseTo(g, 3));
    }
  });
});

describe('a large fit reaches the maximum Nelder-Mead finds on every group', () => {
  test('BG/NBD on 300,000 simulated customers (times in days, so most are their own group)', () => {
    const data = simulateBgNbd(createRandom(7), 300_000, { r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, 1100);
    const { columns, weights } = aggregateRows([data.x, data.tx, data.T]);
    const grouped = { x: columns[0]!, tx: columns[1]!, T: columns[2]!, weights };
    expect(grouped.x.length).toBeGreaterThan(LARGE_FIT_GROUPS);
    const fit = fitBgNbd(data);
    expect(fit.converged).toBe(true);
    const full = nelderMead((t) => -bgNbdLogLikelihood(bgParams(Array.from(t)), grouped) / 300_000, [0, 0, 0, 0], { initialStep: 0.5, xTolerance: 1e-9, fTolerance: 1e-13, maxIterations: 2000, maxEvaluations: 20_000 });
    const reference = bgParams(Array.from(full.x));
    // The likelihood is flat near its maximum: the two agree on it to 1e-9 per customer, and on the parameters to 1e-4.
    expect(fit.loglik).toBeGreaterThanOrEqual(-full.f * 300_000 - 300_000 * 1e-9);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(fit[key] / reference[key] - 1)).toBeLessThan(1e-4);
    expect(Math.max(...Array.from(bgNbdLogLikelihoodGradient(fit, grouped).gradient, Math.abs)) / 300_000).toBeLessThan(1e-8);
  }, 60_000);

  test('Gamma-Gamma on CDNOW\'s spends repeated 25 times with small deterministic perturbations', () => {
    const x: number[] = [];
    const mx: number[] = [];
    for (let copy = 0; copy < 25; copy++) {
      for (let i = 0; i < cbs.x.length; i++) {
        if (!(cbs.x[i]! > 0 && cbs.mx[i]! > 0)) continue;
        x.push(cbs.x[i]!);
        mx.push(cbs.mx[i]! * (1 + 0.01 * Math.sin(copy * 7 + i)));
      }
    }
    const data = { x: Float64Array.from(x), mx: Float64Array.from(mx) };
    expect(x.length).toBeGreaterThan(LARGE_SPEND_GROUPS);
    const fit = fitGammaGamma(data);
    expect(fit.converged).toBe(true);
    const full = nelderMead((t) => -gammaGammaLogLikelihood(ggParams(Array.from(t)), data) / x.length, [0, 0, 0], { initialStep: 0.5, xTolerance: 1e-9, fTolerance: 1e-13, maxIterations: 2000, maxEvaluations: 20_000 });
    const reference = ggParams(Array.from(full.x));
    expect(fit.loglik).toBeGreaterThanOrEqual(-full.f * x.length - x.length * 1e-9);
    for (const key of ['p', 'q', 'gamma'] as const) expect(Math.abs(fit[key] / reference[key] - 1)).toBeLessThan(1e-4);
  }, 60_000);
});
