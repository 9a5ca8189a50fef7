import type { Random } from '../../../src/math/random.js';

/** Gamma(shape, rate) by Marsaglia & Tsang (2000), with the boost u^(1/shape) for shape < 1. */
export function sampleGamma(random: Random, shape: number, rate: number): number {
  if (shape < 1) return sampleGamma(random, shape + 1, rate) * Math.pow(1 - random.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = random.normal();
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = 1 - random.next();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

/**
 * Customers drawn from the BG/NBD process (λ ~ Gamma(r, α), p ~ Beta(a, b)), with their first
 * purchase on a uniform day of the year before the calibration end and purchase times rounded to
 * whole days, in weeks, as real summaries are.
 */
export function simulateBgNbd(
  random: Random,
  n: number,
  params: { r: number; alpha: number; a: number; b: number },
  days = 365,
): { x: Float64Array; tx: Float64Array; T: Float64Array } {
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lambda = sampleGamma(random, params.r, params.alpha);
    const g1 = sampleGamma(random, params.a, 1);
    const p = g1 / (g1 + sampleGamma(random, params.b, 1));
    const length = Math.floor(random.next() * days) / 7;
    let t = 0;
    let count = 0;
    let last = 0;
    for (;;) {
      t += -Math.log(1 - random.next()) / lambda;
      if (t > length) break;
      const day = Math.floor(t * 7) / 7;
      if (day > last || count === 0) count++;
      last = day;
      if (random.chance(p)) break;
    }
    x[i] = count;
    tx[i] = count > 0 ? last : 0;
    T[i] = length;
  }
  return { x, tx, T };
}
