import { describe, expect, test } from 'vitest';
import { hyp2f1, hyp2f1Series } from '../../../src/models/math/hypergeometric.js';
import { lnBeta, lnGamma } from '../../../src/models/math/log-gamma.js';

/** Relative difference, for values of any magnitude. */
const relative = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

describe('2F1 against closed forms (Abramowitz & Stegun 15.1.3-15.1.7)', () => {
  test.each([0.001, 0.3, 0.5, 0.9, 0.99, -0.3, -0.9, -3, -50])('2F1(1, 1; 2; z) = −ln(1 − z) / z at z = %s', (z) => {
    expect(relative(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z)).toBeLessThan(1e-13);
  });

  test.each([
    [0.5, 0.7],
    [2.5, 0.95],
    [-1.5, 0.6],
    [3, -4],
  ])('2F1(a, b; b; z) = (1 − z)^−a with a = %s, z = %s', (a, z) => {
    expect(relative(hyp2f1(a, 1.7, 1.7, z), Math.pow(1 - z, -a))).toBeLessThan(1e-13);
  });

  test.each([0.2, 0.6, 0.95])('2F1(1/2, 1/2; 3/2; z²) = arcsin(z) / z at z = %s', (z) => {
    expect(relative(hyp2f1(0.5, 0.5, 1.5, z * z), Math.asin(z) / z)).toBeLessThan(1e-13);
  });

  test.each([0.5, 2, 10])('2F1(1/2, 1; 3/2; −z²) = arctan(z) / z at z = %s', (z) => {
    expect(relative(hyp2f1(0.5, 1, 1.5, -z * z), Math.atan(z) / z)).toBeLessThan(1e-13);
  });
});

describe('2F1 against mpmath 1.3.0 (hyp2f1 at 40 digits, computed outside the test)', () => {
  test.each([
    [0.3, 2.7, 4.1, 0.95, 1.4377473720876529997],
    [0.2425945, 2.4259069, 2.2188289, 0.5, 1.2067300837661927728],
    [20.2425945, 22.4259069, 22.2188289, 0.9, 2.7672229745988240738e20],
    [1.5, -0.3, 0.7, -0.8, 1.3783901207282690529],
    [2.5, 1.25, 3.5, -7.0, 0.1218301052440186782],
    [-3, 2.5, 1.5, 0.7, -0.099],
    [1.4, 0.6, 5.2, 0.999, 1.2566938459161370923],
  ])('2F1(%s, %s; %s; %s)', (a, b, c, z, expected) => {
    expect(relative(hyp2f1(a, b, c, z), expected)).toBeLessThan(1e-12);
  });
});

describe('2F1 guards', () => {
  test('the series refuses |z| ≥ 1 and poles of c', () => {
    expect(() => hyp2f1Series(1, 1, 2, 1)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, 2, 1.5)).toThrow(RangeError);
  });

  test('the convergence guard stops a series that needs more terms than allowed', () => {
    expect(() => hyp2f1Series(1, 1, 2, 0.999, { maxTerms: 100 })).toThrow(/did not converge/);
  });

  test('terminating series are polynomials, valid for any z', () => {
    // 2F1(−2, b; c; z) = 1 − 2bz/c + b(b + 1)z²/(c(c + 1))
    const [b, c, z] = [1.5, 2.5, 3];
    expect(hyp2f1(-2, b, c, z)).toBeCloseTo(1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)), 13);
  });
});

describe('ln Γ and ln B', () => {
  test('factorials, Γ(1/2) = √π and a reflection value', () => {
    expect(lnGamma(1)).toBe(0);
    expect(lnGamma(2)).toBe(0);
    expect(relative(lnGamma(11), Math.log(3628800))).toBeLessThan(1e-14);
    expect(relative(lnGamma(171), 706.5730622457874)).toBeLessThan(1e-14);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    // Γ(0.1) = 9.513507698668731836…
    expect(lnGamma(0.1)).toBeCloseTo(Math.log(9.513507698668732), 14);
  });

  test('B(a, b) = Γ(a)Γ(b) / Γ(a + b): B(2, 3) = 1/12', () => {
    expect(lnBeta(2, 3)).toBeCloseTo(-Math.log(12), 14);
  });
});
