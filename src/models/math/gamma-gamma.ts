/**
 * The Gamma-Gamma model of spend per transaction: a customer's transaction values are
 * Gamma(p, ν) with mean p/ν, and ν ~ Gamma(q, γ) across customers, independent of the
 * purchasing process.
 *
 * Colombo, R. & Jiang, W. (1999), "A stochastic RFM model", Journal of Interactive Marketing 13(3),
 * 2-12; Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005), "RFM and CLV: Using Iso-Value Curves for
 * Customer Base Analysis", Journal of Marketing Research 42(4), 415-430, and the note "The
 * Gamma-Gamma Model of Monetary Value" (Fader & Hardie 2013). For a customer with x transactions of
 * mean value m_x, m_x given ν is Gamma(px, νx), so the marginal density (the note's eq. 3) gives
 *   ln f(m_x | p, q, γ, x) = ln Γ(px + q) − ln Γ(px) − ln Γ(q) + q ln γ + (px − 1) ln m_x
 *                           + px ln x − (px + q) ln(γ + x m_x),
 * and the expected spend per transaction given the history (the note's eq. 5)
 *   E[M | p, q, γ, m_x, x] = (γ + x m_x) p / (px + q − 1)
 *     = (q − 1)/(px + q − 1) · γp/(q − 1) + px/(px + q − 1) · m_x,
 * a weighted mean of the population mean γp/(q − 1) and the customer's own mean (x = 0 gives the
 * population mean; it needs q > 1).
 *
 * The fit is over customers with x > 0 and m_x > 0 (others carry no spend information), by
 * maximum likelihood on ln p, ln q, ln γ with {@link nelderMead}; identical (x, m_x) pairs are
 * collapsed into weights first.
 */
import { aggregateRows } from './aggregate-rows.js';
import { lnGamma } from './log-gamma.js';
import { nelderMead } from './optimize.js';

/** Gamma-Gamma parameters: spend shape p; ν ~ Gamma(q, γ). */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** Per-customer columns: repeat transactions x and mean value m_x of those transactions. */
export interface GammaGammaData {
  x: Float64Array;
  mx: Float64Array;
}

/** A fitted Gamma-Gamma model. */
export interface GammaGammaFit extends GammaGammaParams {
  /** Log-likelihood at the estimate, over the customers used. */
  loglik: number;
  /** Customers used (x > 0 and m_x > 0). */
  customers: number;
  iterations: number;
  converged: boolean;
}

/** Settings of {@link fitGammaGamma}. */
export interface GammaGammaFitOptions {
  /** Starting point; default p = q = γ = 1. */
  initial?: GammaGammaParams;
  /** Optimiser iterations per run; default 2,000. */
  maxIterations?: number;
}

/** ln f(m_x | p, q, γ, x) of one customer with x > 0 and m_x > 0. */
export function gammaGammaCustomerLogLikelihood(params: GammaGammaParams, x: number, mx: number): number {
  const { p, q, gamma } = params;
  const px = p * x;
  return (
    lnGamma(px + q) - lnGamma(px) - lnGamma(q) + q * Math.log(gamma) +
    (px - 1) * Math.log(mx) + px * Math.log(x) - (px + q) * Math.log(gamma + x * mx)
  );
}

function usable(x: number, mx: number): boolean {
  return x > 0 && mx > 0 && Number.isFinite(x) && Number.isFinite(mx);
}

function weightedLogLikelihood(params: GammaGammaParams, x: Float64Array, mx: Float64Array, weights: Float64Array): number {
  if (!(params.p > 0 && params.q > 0 && params.gamma > 0)) return NaN;
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    total += (weights[i] as number) * gammaGammaCustomerLogLikelihood(params, x[i] as number, mx[i] as number);
  }
  return total;
}

/** Σ ln f over the customers of `data` with x > 0 and m_x > 0. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, data: GammaGammaData): number {
  let total = 0;
  for (let i = 0; i < data.x.length; i++) {
    const [x, mx] = [data.x[i] as number, data.mx[i] as number];
    if (usable(x, mx)) total += gammaGammaCustomerLogLikelihood(params, x, mx);
  }
  return total;
}

/** Maximum-likelihood Gamma-Gamma parameters over the customers with x > 0 and m_x > 0. */
export function fitGammaGamma(data: GammaGammaData, options: GammaGammaFitOptions = {}): GammaGammaFit {
  if (data.mx.length !== data.x.length) throw new RangeError('Gamma-Gamma: columns of different lengths');
  const keptX: number[] = [];
  const keptM: number[] = [];
  for (let i = 0; i < data.x.length; i++) {
    const [x, mx] = [data.x[i] as number, data.mx[i] as number];
    if (usable(x, mx)) {
      keptX.push(x);
      keptM.push(mx);
    }
  }
  if (keptX.length === 0) throw new RangeError('Gamma-Gamma: no customer with x > 0 and a positive mean spend');
  const grouped = aggregateRows([Float64Array.from(keptX), Float64Array.from(keptM)]);
  const [x, mx] = grouped.columns as [Float64Array, Float64Array];
  const weights = grouped.weights;
  const customers = keptX.length;
  const toParams = (theta: Float64Array): GammaGammaParams => ({
    p: Math.exp(theta[0] as number),
    q: Math.exp(theta[1] as number),
    gamma: Math.exp(theta[2] as number),
  });
  const start = options.initial ?? { p: 1, q: 1, gamma: 1 };
  const maxIterations = options.maxIterations ?? 2000;
  const result = nelderMead(
    (theta) => -weightedLogLikelihood(toParams(theta), x, mx, weights) / customers,
    [Math.log(start.p), Math.log(start.q), Math.log(start.gamma)],
    { initialStep: 0.5, maxIterations, maxEvaluations: 10 * maxIterations, xTolerance: 1e-9, fTolerance: 1e-13 },
  );
  const params = toParams(result.x);
  return {
    ...params,
    loglik: weightedLogLikelihood(params, x, mx, weights),
    customers,
    iterations: result.iterations,
    converged: result.converged,
  };
}

/**
 * E[M | x, m_x]: expected value of a future transaction, (γ + x m_x) p / (px + q − 1); the
 * population mean γp/(q − 1) when x = 0. `NaN` when px + q ≤ 1 (no finite mean).
 */
export function expectedSpend(params: GammaGammaParams, x: number, mx: number): number;
/** E[M | x, m_x] for every row (m_x is ignored where x = 0). */
export function expectedSpend(params: GammaGammaParams, x: Float64Array, mx: Float64Array): Float64Array;
export function expectedSpend(params: GammaGammaParams, x: number | Float64Array, mx: number | Float64Array): number | Float64Array {
  const one = (xi: number, mi: number): number => {
    const { p, q, gamma } = params;
    const denominator = p * xi + q - 1;
    if (!(denominator > 0)) return NaN;
    return ((gamma + (xi > 0 ? xi * mi : 0)) * p) / denominator;
  };
  if (typeof x === 'number') return one(x, mx as number);
  const m = mx as Float64Array;
  if (m.length !== x.length) throw new RangeError('Gamma-Gamma: columns of different lengths');
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = one(x[i] as number, m[i] as number);
  return out;
}
