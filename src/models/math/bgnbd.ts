/**
 * The BG/NBD model of repeat purchasing: while alive a customer buys at a Poisson rate λ, and after
 * each purchase drops out with probability p; λ ~ Gamma(r, α) and p ~ Beta(a, b) across customers.
 *
 * Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005), "'Counting Your Customers' the Easy Way: An
 * Alternative to the Pareto/NBD Model", Marketing Science 24(2), 275-284; and Fader, Hardie & Lee
 * (2005), "Implementing the BG/NBD Model for Customer Base Analysis in Excel" (the note whose
 * expressions are used below). Per customer: x repeat purchases, t_x the time of the last one and
 * T the length of observation, both from the first purchase.
 *
 * - Likelihood (paper eq. 6, note's ln L = ln(A1) + ln(A2) + ln(A3 + δ_{x>0} A4)):
 *   A1 = Γ(r + x) α^r / Γ(r), A2 = Γ(a + b) Γ(b + x) / (Γ(b) Γ(a + b + x)),
 *   A3 = (α + T)^−(r+x), A4 = a / (b + x − 1) · (α + t_x)^−(r+x).
 * - P(alive | x, t_x, T) = 1 / (1 + δ_{x>0} a / (b + x − 1) · ((α + T) / (α + t_x))^(r+x)) (eq. 13
 *   of the note "Computing P(alive) using the BG/NBD model").
 * - E[X(t)] = (a + b − 1) / (a − 1) · [1 − (α / (α + t))^r 2F1(r, b; a + b − 1; t / (α + t))] (eq. 9).
 * - E[Y(t) | x, t_x, T] = (a + b + x − 1) / (a − 1)
 *     · [1 − ((α + T) / (α + T + t))^(r+x) 2F1(r + x, b + x; a + b + x − 1; t / (α + T + t))]
 *     · P(alive | x, t_x, T)   (eq. 10).
 *   With z = t / (α + T + t), Euler's transformation turns the bracketed product into
 *   (1 − z)^(a−1) 2F1(a + b − 1 − r, a − 1; a + b + x − 1; z): same value, but no overflow for large
 *   x and a series whose terms decay like n^(a−r−x−2) zⁿ instead of growing like n^(r+x−a) zⁿ.
 *   When a − 1 > r + x the plain form decays faster and is summed instead; either way the power of
 *   (1 − z) and the series are multiplied as logarithms, since for a and b near 1e8 (a fit where
 *   every customer has the same drop-out chance) one is 0 and the other infinite in doubles.
 *   At a = 1 the ratio is 0/0; within 1e-5 of 1 it is interpolated linearly between a = 1 ± 1e-5
 *   (the function is smooth in a).
 *
 * Fitting maximises the log-likelihood over ln r, ln α, ln a, ln b with {@link nelderMead}, after
 * collapsing customers with identical (x, t_x, T) into weighted groups ({@link aggregateRows}): the
 * likelihood is a weighted sum over groups, and ln Γ terms are computed once per distinct x. Above
 * {@link LARGE_FIT_GROUPS} groups (a large base, times in days), Nelder-Mead runs on a regular
 * sample of the groups and the estimate is then polished on all of them by quasi-Newton steps with
 * the analytic gradient ({@link bfgs}): the same maximum, in a few dozen passes over the data
 * instead of several hundred.
 */
import { aggregateRows } from './aggregate-rows.js';
import { checkData, checkRow, levelsOf, lnShifted, type DataLevels } from './bgnbd-data.js';
import { weightedValueAndGradient } from './bgnbd-gradient.js';
export { bgNbdLogLikelihoodGradient } from './bgnbd-gradient.js';
import { lnHyp2f1Series } from './hypergeometric.js';
import { lnGamma } from './log-gamma.js';
import { nelderMead } from './optimize.js';
import { bfgs } from './bfgs.js';

/** The four BG/NBD parameters: purchase rate λ ~ Gamma(r, α), dropout p ~ Beta(a, b). */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Per-customer summary columns, all of the same length; `weights` (default 1) counts each row. */
export interface BgNbdData {
  /** Repeat purchases (the first purchase excluded). */
  x: Float64Array;
  /** Time of the last purchase after the first (0 when x = 0). */
  tx: Float64Array;
  /** Time from the first purchase to the end of the calibration period. */
  T: Float64Array;
  /** How many customers each row stands for. */
  weights?: Float64Array;
}

/** A fitted BG/NBD model. */
export interface BgNbdFit extends BgNbdParams {
  /** Total log-likelihood at the estimate. */
  loglik: number;
  /** Nelder-Mead iterations (both runs). */
  iterations: number;
  /** Log-likelihood evaluations. */
  evaluations: number;
  /** Whether the optimiser met its tolerances. */
  converged: boolean;
  /** Distinct (x, t_x, T) groups the likelihood was summed over. */
  groups: number;
  /** Customers (total weight). */
  customers: number;
}

/** Settings of {@link fitBgNbd}. */
export interface BgNbdFitOptions {
  /** Starting point; default r = α = a = b = 1. */
  initial?: BgNbdParams;
  /** Optimiser iterations per run; default 2,000. */
  maxIterations?: number;
  /** Tolerance on the log-parameters (max norm); default 1e-9. */
  xTolerance?: number;
  /** Tolerance on the mean log-likelihood per customer; default 1e-13. */
  fTolerance?: number;
  /** Initial simplex step on the log-parameters; default 0.5 (smaller when `initial` is close). */
  initialStep?: number;
}

/** ln L of one customer (the note's ln A1 + ln A2 + ln(A3 + δ A4)). */
export function bgNbdCustomerLogLikelihood(params: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  const head =
    lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha) +
    lnGamma(a + b) + lnGamma(b + x) - lnGamma(b) - lnGamma(a + b + x);
  return head + lnTail(params, x, tx, T);
}

function lnTail(params: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  const lnA3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return lnA3;
  const lnA4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  const high = Math.max(lnA3, lnA4);
  return high + Math.log1p(Math.exp(Math.min(lnA3, lnA4) - high));
}

/** Σ weight × ln L over the rows of `data` (weights default to 1). */
export function bgNbdLogLikelihood(params: BgNbdParams, data: BgNbdData): number {
  checkData(data);
  return weightedLogLikelihood(params, data, levelsOf(data));
}

function weightedLogLikelihood(params: BgNbdParams, data: BgNbdData, levels: DataLevels): number {
  const { r, alpha, a, b } = params;
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return NaN;
  const xValues = levels.x.values;
  const heads = new Float64Array(xValues.length);
  const lnA4Constant = new Float64Array(xValues.length);
  const constant = -lnGamma(r) + r * Math.log(alpha) + lnGamma(a + b) - lnGamma(b);
  for (let l = 0; l < heads.length; l++) {
    const x = xValues[l] as number;
    heads[l] = constant + lnGamma(r + x) + lnGamma(b + x) - lnGamma(a + b + x);
    lnA4Constant[l] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity;
  }
  const lnT = lnShifted(alpha, levels.T);
  const lnTx = lnShifted(alpha, levels.tx);
  const { x, weights } = data;
  const xOf = levels.x.levelOf;
  const txOf = levels.tx.levelOf;
  const TOf = levels.T.levelOf;
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const level = xOf[i] as number;
    const rx = r + (x[i] as number);
    const lnA3 = -rx * (lnT[TOf[i] as number] as number);
    let tail = lnA3;
    if ((x[i] as number) > 0) {
      const lnA4 = (lnA4Constant[level] as number) - rx * (lnTx[txOf[i] as number] as number);
      tail = lnA3 > lnA4 ? lnA3 + Math.log1p(Math.exp(lnA4 - lnA3)) : lnA4 + Math.log1p(Math.exp(lnA3 - lnA4));
    }
    const ll = (heads[level] as number) + tail;
    total += weights ? (weights[i] as number) * ll : ll;
  }
  return total;
}

/** Above this many distinct (x, t_x, T) groups a fit is polished by quasi-Newton steps. */
export const LARGE_FIT_GROUPS = 20_000;

/** Every k-th row of the columns (k ≥ 1), weights kept. */
function stride(data: BgNbdData, k: number): BgNbdData {
  const pick = (column: Float64Array) => {
    const out = new Float64Array(Math.ceil(column.length / k));
    for (let i = 0, j = 0; i < column.length; i += k, j++) out[j] = column[i] as number;
    return out;
  };
  return { x: pick(data.x), tx: pick(data.tx), T: pick(data.T), ...(data.weights ? { weights: pick(data.weights) } : {}) };
}

/**
 * Maximum-likelihood BG/NBD parameters for the customers of `data` (Nelder-Mead over the
 * log-parameters, on identical customers collapsed into weights; see the module header).
 */
export function fitBgNbd(data: BgNbdData, options: BgNbdFitOptions = {}): BgNbdFit {
  const n = checkData(data);
  if (n === 0) throw new RangeError('BG/NBD: no customers to fit');
  const grouped = aggregateRows([data.x, data.tx, data.T]);
  const [x, tx, T] = grouped.columns as [Float64Array, Float64Array, Float64Array];
  let weights = grouped.weights;
  if (data.weights) {
    weights = new Float64Array(weights.length);
    for (let i = 0; i < n; i++) {
      const g = grouped.groupOf[i] as number;
      weights[g] = (weights[g] as number) + (data.weights[i] as number);
    }
  }
  let customers = 0;
  for (const w of weights) customers += w;
  const groupedData: BgNbdData = { x, tx, T, weights };
  const levels = levelsOf(groupedData);
  const toParams = (theta: Float64Array): BgNbdParams => ({
    r: Math.exp(theta[0] as number),
    alpha: Math.exp(theta[1] as number),
    a: Math.exp(theta[2] as number),
    b: Math.exp(theta[3] as number),
  });
  if (x.length > LARGE_FIT_GROUPS) {
    // Nelder-Mead on a regular sample of the groups (thousands of cheap evaluations), then
    // quasi-Newton steps on all of them (a few dozen evaluations of the full likelihood).
    const rough = fitBgNbd(stride(groupedData, Math.ceil(x.length / LARGE_FIT_GROUPS)), { ...options, xTolerance: 1e-6, fTolerance: 1e-10 });
    const polished = bfgs(
      (theta) => {
        const { value, gradient } = weightedValueAndGradient(toParams(theta), groupedData, levels);
        return { value: -value / customers, gradient: gradient.map((g) => -g / customers) };
      },
      [Math.log(rough.r), Math.log(rough.alpha), Math.log(rough.a), Math.log(rough.b)],
      { gradientTolerance: 1e-10, xTolerance: 1e-11 },
    );
    const params = toParams(polished.x);
    return {
      ...params,
      loglik: weightedLogLikelihood(params, groupedData, levels),
      iterations: rough.iterations + polished.iterations,
      evaluations: rough.evaluations + polished.evaluations,
      converged: polished.converged,
      groups: x.length,
      customers,
    };
  }
  const start = options.initial ?? { r: 1, alpha: 1, a: 1, b: 1 };
  const result = nelderMead(
    (theta) => -weightedLogLikelihood(toParams(theta), groupedData, levels) / customers,
    [Math.log(start.r), Math.log(start.alpha), Math.log(start.a), Math.log(start.b)],
    {
      initialStep: options.initialStep ?? 0.5,
      maxIterations: options.maxIterations ?? 2000,
      maxEvaluations: 10 * (options.maxIterations ?? 2000),
      xTolerance: options.xTolerance ?? 1e-9,
      fTolerance: options.fTolerance ?? 1e-13,
    },
  );
  const params = toParams(result.x);
  return {
    ...params,
    loglik: weightedLogLikelihood(params, groupedData, levels),
    iterations: result.iterations,
    evaluations: result.evaluations,
    converged: result.converged,
    groups: x.length,
    customers,
  };
}

function pAliveOne(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const lnRatio = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(lnRatio));
}

/** P(alive | x, t_x, T): probability that a customer with this history has not dropped out. */
export function pAlive(params: BgNbdParams, x: number, tx: number, T: number): number;
/** P(alive) for every row of the columns. */
export function pAlive(params: BgNbdParams, x: Float64Array, tx: Float64Array, T: Float64Array): Float64Array;
export function pAlive(
  params: BgNbdParams,
  x: number | Float64Array,
  tx: number | Float64Array,
  T: number | Float64Array,
): number | Float64Array {
  if (typeof x === 'number') {
    checkRow(x, tx as number, T as number, 0);
    return pAliveOne(params, x, tx as number, T as number);
  }
  const columns = { x, tx: tx as Float64Array, T: T as Float64Array };
  const n = checkData(columns);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = pAliveOne(params, x[i] as number, columns.tx[i] as number, columns.T[i] as number);
  return out;
}

/**
 * (a + b + x − 1) / (a − 1) · [1 − ((α + T) / (α + T + t))^(r+x) 2F1(…)]: the expected purchases in
 * (T, T + t] of a customer known to be alive at T (`bracket`).
 */
function aliveExpectation(params: BgNbdParams, t: number, x: number, T: number): number {
  if (t === 0) return 0;
  const { a } = params;
  const h = 1e-5;
  if (Math.abs(a - 1) < h) {
    // 0/0 at a = 1: interpolate between a = 1 ± h, where cancellation costs only ~1e-11.
    const below = bracket({ ...params, a: 1 - h }, t, x, T);
    const above = bracket({ ...params, a: 1 + h }, t, x, T);
    return below + ((above - below) * (a - (1 - h))) / (2 * h);
  }
  return bracket(params, t, x, T);
}

/** Eq. 10's bracket, its 2F1 in whichever form sums without overflow (see the comment within). */
function bracket(params: BgNbdParams, t: number, x: number, T: number): number {
  const { r, alpha, a, b } = params;
  const z = t / (alpha + T + t);
  const lnOneMinusZ = Math.log(alpha + T) - Math.log(alpha + T + t);
  // (1 − z)^(a − 1) 2F1(a + b − 1 − r, a − 1; c; z), or by Euler's transformation (when its series
  // decays faster, c < (a + b − 1 − r) + (a − 1)) the same as (1 − z)^(r + x) 2F1(r + x, b + x; c; z),
  // as logarithms: with a and b near 1e8 the factors are 0 and infinite in doubles.
  const c = a + b + x - 1;
  const euler = a - 1 > r + x;
  const series = euler ? lnHyp2f1Series(r + x, b + x, c, z) : lnHyp2f1Series(a + b - 1 - r, a - 1, c, z);
  const product = series.sign * Math.exp((euler ? r + x : a - 1) * lnOneMinusZ + series.ln);
  return ((a + b + x - 1) / (a - 1)) * (1 - product);
}

function checkHorizon(t: number): void {
  if (!(t >= 0 && Number.isFinite(t))) throw new RangeError(`BG/NBD: invalid horizon t = ${t}`);
}

/** E[Y(t) | x, t_x, T]: expected purchases in the next t time units (eq. 10). */
export function expectedPurchases(params: BgNbdParams, t: number, x: number, tx: number, T: number): number;
/**
 * E[Y(t) | x, t_x, T] for every row; the hypergeometric part depends on (x, T) only and is computed
 * once per distinct pair.
 */
export function expectedPurchases(params: BgNbdParams, t: number, x: Float64Array, tx: Float64Array, T: Float64Array): Float64Array;
export function expectedPurchases(
  params: BgNbdParams,
  t: number,
  x: number | Float64Array,
  tx: number | Float64Array,
  T: number | Float64Array,
): number | Float64Array {
  checkHorizon(t);
  if (typeof x === 'number') {
    checkRow(x, tx as number, T as number, 0);
    return aliveExpectation(params, t, x, T as number) * pAliveOne(params, x, tx as number, T as number);
  }
  return expectedPurchasesOverTimes(params, [t], x, tx as Float64Array, T as Float64Array)[0] as Float64Array;
}

/**
 * E[Y(t) | x, t_x, T] for every row at each of several horizons (one array per horizon), sharing
 * the work: P(alive) is computed once per row and the hypergeometric part once per distinct
 * (x, T) pair and horizon.
 */
export function expectedPurchasesOverTimes(
  params: BgNbdParams,
  times: readonly number[],
  x: Float64Array,
  tx: Float64Array,
  T: Float64Array,
): Float64Array[] {
  for (const t of times) checkHorizon(t);
  const n = checkData({ x, tx, T });
  const alive = pAlive(params, x, tx, T);
  const pairs = aggregateRows([x, T]);
  const [px, pT] = pairs.columns as [Float64Array, Float64Array];
  return times.map((t) => {
    const perPair = new Float64Array(px.length);
    for (let g = 0; g < px.length; g++) perPair[g] = aliveExpectation(params, t, px[g] as number, pT[g] as number);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = (perPair[pairs.groupOf[i] as number] as number) * (alive[i] as number);
    return out;
  });
}

/**
 * E[Y(t) | x, T, alive at T]: expected purchases in (T, T + t] of a customer with x repeat
 * purchases known to be alive at T (eq. 10 without its P(alive) factor, which is closed-form and
 * can be computed elsewhere, e.g. in SQL). Depends on (x, T) only, not on t_x.
 */
export function expectedPurchasesIfAlive(params: BgNbdParams, t: number, x: number, T: number): number {
  checkHorizon(t);
  checkRow(x, 0, T, 0);
  return aliveExpectation(params, t, x, T);
}

/** E[X(t)]: expected purchases of a new customer in the t time units after the first (eq. 9). */
export function unconditionalExpected(params: BgNbdParams, t: number): number {
  checkHorizon(t);
  // Eq. 9 is eq. 10's alive expectation at x = 0, T = 0.
  return aliveExpectation(params, t, 0, 0);
}
