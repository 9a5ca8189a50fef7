/**
 * Customer lifetime value over a finite horizon from a BG/NBD purchase model and a Gamma-Gamma
 * spend model, the combination of Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves
 * for Customer Base Analysis", Journal of Marketing Research 42(4) (with the BG/NBD of their
 * Marketing Science paper in place of the Pareto/NBD, as in the lifetimes library), relying on the
 * independence of spend and purchasing assumed by both papers.
 *
 * For a customer with history (x, t_x, T, m_x), horizon H time units, margin μ and discount rate d
 * per time unit:
 *
 *   d = 0:  CLV = μ · E[M | x, m_x] · E[Y(H) | x, t_x, T]
 *   d > 0:  CLV = μ · E[M | x, m_x] · Σ_{k=1..K} (E[Y(t_k)] − E[Y(t_{k−1})]) / (1 + d)^(t_k)
 *
 * with K = ⌈H⌉, t_0 = 0 and t_k = min(k, H): the purchases expected in each time unit, from the
 * differences of the conditional expectation, are discounted to the start of the horizon as if
 * made at the end of their unit (a last, partial unit is discounted at H). The spend is the
 * Gamma-Gamma conditional mean, which for x = 0 is the population mean γp/(q − 1).
 */
import { expectedPurchasesOverTimes, pAlive, type BgNbdParams } from './bgnbd.js';
import { expectedSpend, type GammaGammaParams } from './gamma-gamma.js';

/** Per-customer columns (same length): the BG/NBD summary and the mean repeat spend m_x. */
export interface ClvCustomers {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Mean value of the repeat transactions (ignored where x = 0). */
  mx: Float64Array;
}

/** Settings of {@link customerLifetimeValue}. */
export interface ClvOptions {
  /** Horizon in time units (the units of t_x and T), > 0. */
  horizon: number;
  /** Share of spend that is profit; default 1. */
  margin?: number;
  /** Discount rate per time unit; default 0 (no discounting). */
  discountRate?: number;
}

/** CLV and its factors, one value per customer. */
export interface ClvResult {
  /** μ · E[M] · discounted expected purchases. */
  clv: Float64Array;
  /** E[Y(H) | x, t_x, T], undiscounted. */
  expectedPurchases: Float64Array;
  /** Σ_k ΔE[Y(t_k)] / (1 + d)^(t_k); equals `expectedPurchases` when d = 0. */
  discountedPurchases: Float64Array;
  /** E[M | x, m_x]. */
  expectedSpend: Float64Array;
  /** P(alive | x, t_x, T). */
  pAlive: Float64Array;
}

/** The horizons t_1..t_K at which E[Y(t)] is evaluated, and their discount factors. */
export function discountSchedule(horizon: number, discountRate: number): { times: number[]; factors: number[] } {
  if (!(horizon > 0 && Number.isFinite(horizon))) throw new RangeError(`CLV: invalid horizon ${horizon}`);
  if (!(discountRate >= 0 && Number.isFinite(discountRate))) throw new RangeError(`CLV: invalid discount rate ${discountRate}`);
  if (discountRate === 0) return { times: [horizon], factors: [1] };
  const times: number[] = [];
  for (let k = 1; k < horizon; k++) times.push(k);
  times.push(horizon);
  return { times, factors: times.map((t) => Math.pow(1 + discountRate, -t)) };
}

/** Expected CLV of every customer over the horizon (formula in the module header). */
export function customerLifetimeValue(
  bgnbd: BgNbdParams,
  gammaGamma: GammaGammaParams,
  customers: ClvCustomers,
  options: ClvOptions,
): ClvResult {
  const margin = options.margin ?? 1;
  const { times, factors } = discountSchedule(options.horizon, options.discountRate ?? 0);
  const { x, tx, T, mx } = customers;
  const n = x.length;
  if (mx.length !== n) throw new RangeError('CLV: columns of different lengths');
  const paths = expectedPurchasesOverTimes(bgnbd, times, x, tx, T);
  const discounted = new Float64Array(n);
  let previous: Float64Array = new Float64Array(n);
  paths.forEach((path, k) => {
    const factor = factors[k] as number;
    for (let i = 0; i < n; i++) discounted[i] = (discounted[i] as number) + ((path[i] as number) - (previous[i] as number)) * factor;
    previous = path;
  });
  const spend = expectedSpend(gammaGamma, x, mx);
  const clv = new Float64Array(n);
  for (let i = 0; i < n; i++) clv[i] = margin * (spend[i] as number) * (discounted[i] as number);
  return {
    clv,
    expectedPurchases: paths[paths.length - 1] as Float64Array,
    discountedPurchases: discounted,
    expectedSpend: spend,
    pAlive: pAlive(bgnbd, x, tx, T),
  };
}
