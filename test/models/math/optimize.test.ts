import { describe, expect, test } from 'vitest';
import { nelderMead } from '../../../src/models/math/optimize.js';

const rosenbrock = (v: Float64Array): number => {
  const [x, y] = [v[0] as number, v[1] as number];
  return 100 * (y - x * x) ** 2 + (1 - x) ** 2;
};

describe('Nelder-Mead (Lagarias et al. 1998 conventions)', () => {
  test('Rosenbrock from the classic start (−1.2, 1) reaches (1, 1)', () => {
    const result = nelderMead(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 8);
    expect(result.x[1]).toBeCloseTo(1, 8);
    expect(result.f).toBeLessThan(1e-16);
  });

  test('the adaptive coefficients (Gao & Han 2012) also reach the minimum of a 6-d Rosenbrock', () => {
    const rosenbrockN = (v: Float64Array): number => {
      let sum = 0;
      for (let i = 0; i + 1 < v.length; i++) sum += 100 * ((v[i + 1] as number) - (v[i] as number) ** 2) ** 2 + (1 - (v[i] as number)) ** 2;
      return sum;
    };
    const result = nelderMead(rosenbrockN, [0, 0, 0, 0, 0, 0], { adaptive: true, maxIterations: 20_000, maxEvaluations: 100_000, initialStep: 0.5 });
    for (const value of result.x) expect(value).toBeCloseTo(1, 6);
  });

  test('a convex quadratic with correlated coordinates: minimum at the solution of its linear system', () => {
    // f(x) = (x − m)ᵀ A (x − m) + 3, A = [[4, 1, 0], [1, 3, 1], [0, 1, 2]] (positive definite)
    const m = [1.5, -2, 0.25];
    const A = [
      [4, 1, 0],
      [1, 3, 1],
      [0, 1, 2],
    ];
    const f = (v: Float64Array): number => {
      let sum = 3;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) sum += ((v[i] as number) - (m[i] as number)) * (A[i]?.[j] as number) * ((v[j] as number) - (m[j] as number));
      return sum;
    };
    const result = nelderMead(f, [0, 0, 0], { initialStep: 1 });
    expect(result.converged).toBe(true);
    // f − 3 ≈ 4e-16 (one ulp of 3) at a distance of 1e-8: x cannot be resolved better than that.
    result.x.forEach((value, i) => expect(value).toBeCloseTo(m[i] as number, 7));
    expect(result.f).toBeCloseTo(3, 14);
  });

  test('NaN is treated as +∞ (a domain boundary), and the counts cover both runs', () => {
    const f = (v: Float64Array): number => ((v[0] as number) < 0 ? NaN : ((v[0] as number) - 2) ** 2);
    const result = nelderMead(f, [5], { initialStep: 1 });
    expect(result.x[0]).toBeCloseTo(2, 9);
    const once = nelderMead(f, [5], { initialStep: 1, restart: false });
    expect(result.evaluations).toBeGreaterThan(once.evaluations);
  });

  test('an iteration limit is reported as not converged', () => {
    const result = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 10, restart: false });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(10);
  });
});

describe('BFGS (quasi-Newton, Nocedal & Wright Algorithm 6.1)', () => {
  test('Rosenbrock from (−1.2, 1) with its gradient reaches (1, 1)', async () => {
    const { bfgs } = await import('../../../src/models/math/bfgs.js');
    const result = bfgs((v) => {
      const [x, y] = [v[0] as number, v[1] as number];
      return { value: 100 * (y - x * x) ** 2 + (1 - x) ** 2, gradient: Float64Array.from([-400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)]) };
    }, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 8);
    expect(result.x[1]).toBeCloseTo(1, 8);
    expect(result.evaluations).toBeLessThan(200);
  });
});
