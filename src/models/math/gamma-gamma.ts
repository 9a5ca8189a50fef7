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
 * collapsed into weights first, and the ln Γ terms, which depend on x only, are computed once per
 * distinct x at each evaluation. Above {@link LARGE_SPEND_GROUPS} groups, Nelder-Mead runs on a
 * regular sample of them and the estimate is polished on all by quasi-Newton steps with the
 * analytic gradient ({@link bfgs}); so is an estimate Nelder-Mead leaves on a flat ridge.
 *
 * When spend rates barely vary between customers, the likelihood rises towards q, γ → ∞ with
 * γ/q fixed (every customer's ν the same): the likelihood is written so that large q and γ do not
 * cancel (`lnGammaRatio`, ln(1 + x m_x/γ)), and a fit whose maximum is that limit is reported with
 * `converged: false` (its q and γ are then large and arbitrary; p and γ/q describe the spend).
 */
import { aggregateRows } from './aggregate-rows.js';
import { digamma, lnGamma, lnGammaRatio } from './log-gamma.js';
import { nelderMead } from './optimize.js';
import { bfgs } from './bfgs.js';

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
  /** Initial simplex step on the log-parameters; default 0.5 (smaller when `initial` is close). */
  initialStep?: number;
}

/** ln f(m_x | p, q, γ, x) of one customer with x > 0 and m_x > 0. */
export function gammaGammaCustomerLogLikelihood(params: GammaGammaParams, x: number, mx: number): number {
  const { p, q, gamma } = params;
  const px = p * x;
  // q ln γ − (px + q) ln(γ + x m_x) written as −px ln(γ + x m_x) − q ln(1 + x m_x/γ): exact when q is large.
  return lnGammaRatio(q, px) - lnGamma(px) + (px - 1) * Math.log(mx) + px * Math.log(x) - px * Math.log(gamma + x * mx) - q * Math.log1p((x * mx) / gamma);
}

function usable(x: number, mx: number): boolean {
  return x > 0 && mx > 0 && Number.isFinite(x) && Number.isFinite(mx);
}

/**
 * Groups prepared for repeated likelihood evaluations: ln m_x once per group, and the distinct x
 * values, so that the ln Γ terms (which depend on x only) are computed once per distinct x.
 */
interface PreparedGroups {
  x: Float64Array;
  mx: Float64Array;
  weights: Float64Array;
  lnMx: Float64Array;
  lnX: Float64Array;
  /** Distinct x values and, for each group, the index of its x. */
  levels: Float64Array;
  levelOf: Int32Array;
}

function prepare(x: Float64Array, mx: Float64Array, weights: Float64Array): PreparedGroups {
  const { columns, groupOf } = aggregateRows([x]);
  return { x, mx, weights, lnMx: mx.map(Math.log), lnX: x.map(Math.log), levels: columns[0] as Float64Array, levelOf: groupOf };
}

function weightedLogLikelihood(params: GammaGammaParams, g: PreparedGroups): number {
  const { p, q, gamma } = params;
  if (!(p > 0 && q > 0 && gamma > 0)) return NaN;
  const perLevel = new Float64Array(g.levels.length);
  for (let l = 0; l < perLevel.length; l++) {
    const px = p * (g.levels[l] as number);
    perLevel[l] = lnGammaRatio(q, px) - lnGamma(px);
  }
  let total = 0;
  for (let i = 0; i < g.x.length; i++) {
    const x = g.x[i] as number;
    const px = p * x;
    const xm = x * (g.mx[i] as number);
    const ll = (perLevel[g.levelOf[i] as number] as number) + (px - 1) * (g.lnMx[i] as number) + px * (g.lnX[i] as number) - px * Math.log(gamma + xm) - q * Math.log1p(xm / gamma);
    total += (g.weights[i] as number) * ll;
  }
  return total;
}

/**
 * The weighted log-likelihood and its gradient with respect to (ln p, ln q, ln γ): with
 * D = γ + x m_x, ∂/∂p = x (ψ(px + q) − ψ(px) + ln m_x + ln x − ln D), ∂/∂q = ψ(px + q) − ψ(q) + ln γ
 * − ln D, ∂/∂γ = q/γ − (px + q)/D; each times the parameter for the log-parameters.
 */
function weightedValueAndGradient(params: GammaGammaParams, g: PreparedGroups): { value: number; gradient: Float64Array } {
  const { p, q, gamma } = params;
  const gradient = new Float64Array(3);
  if (!(p > 0 && q > 0 && gamma > 0)) return { value: NaN, gradient };
  const psiQ = digamma(q);
  const L = g.levels.length;
  const perLevel = new Float64Array(L);
  const dpLevel = new Float64Array(L);
  const dqLevel = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    const x = g.levels[l] as number;
    const px = p * x;
    const psiPxQ = digamma(px + q);
    perLevel[l] = lnGammaRatio(q, px) - lnGamma(px);
    dpLevel[l] = x * (psiPxQ - digamma(px));
    dqLevel[l] = psiPxQ - psiQ;
  }
  let [value, gp, gq, gg] = [0, 0, 0, 0];
  for (let i = 0; i < g.x.length; i++) {
    const x = g.x[i] as number;
    const w = g.weights[i] as number;
    const level = g.levelOf[i] as number;
    const px = p * x;
    const xm = x * (g.mx[i] as number);
    const d = gamma + xm;
    const lnD = Math.log(d);
    // ln(γ/D), exact when x m_x is small beside γ.
    const lnGammaOverD = -Math.log1p(xm / gamma);
    const lnM = g.lnMx[i] as number;
    const lnX = g.lnX[i] as number;
    value += w * ((perLevel[level] as number) + (px - 1) * lnM + px * lnX - px * lnD + q * lnGammaOverD);
    gp += w * ((dpLevel[level] as number) + x * (lnM + lnX - lnD));
    gq += w * ((dqLevel[level] as number) + lnGammaOverD);
    gg += w * (q / gamma - (px + q) / d);
  }
  gradient[0] = gp * p;
  gradient[1] = gq * q;
  gradient[2] = gg * gamma;
  return { value, gradient };
}

/** Σ ln f over the customers of `data` (x > 0, m_x > 0) and its gradient with respect to the log-parameters. */
export function gammaGammaLogLikelihoodGradient(params: GammaGammaParams, data: GammaGammaData): { value: number; gradient: Float64Array } {
  const keep: number[] = [];
  for (let i = 0; i < data.x.length; i++) if (usable(data.x[i] as number, data.mx[i] as number)) keep.push(i);
  const x = Float64Array.from(keep, (i) => data.x[i] as number);
  const mx = Float64Array.from(keep, (i) => data.mx[i] as number);
  return weightedValueAndGradient(params, prepare(x, mx, new Float64Array(x.length).fill(1)));
}

/**
 * The limit of the likelihood as q, γ → ∞ with q/γ = ν fixed: the same ν for every customer (a
 * point mass), m_x | ν ~ Gamma(px, νx), ln f = px ln(νx) + (px − 1) ln m_x − νx m_x − ln Γ(px).
 * Given p, the best ν is p Σx / Σ x m_x (weights included); the best p is found along one axis.
 */
function pointMassLogLikelihood(lnP: number, g: PreparedGroups): number {
  const p = Math.exp(lnP);
  let [sx, sxm] = [0, 0];
  for (let i = 0; i < g.x.length; i++) {
    const w = g.weights[i] as number;
    sx += w * (g.x[i] as number);
    sxm += w * (g.x[i] as number) * (g.mx[i] as number);
  }
  const lnNu = Math.log((p * sx) / sxm);
  const lnGammaLevel = Array.from(g.levels, (x) => lnGamma(p * x));
  let total = 0;
  for (let i = 0; i < g.x.length; i++) {
    const x = g.x[i] as number;
    const px = p * x;
    const nuX = Math.exp(lnNu) * x;
    const ll = px * (lnNu + (g.lnX[i] as number)) + (px - 1) * (g.lnMx[i] as number) - nuX * (g.mx[i] as number) - (lnGammaLevel[g.levelOf[i] as number] as number);
    total += (g.weights[i] as number) * ll;
  }
  return total;
}

/**
 * Whether the likelihood's maximum lies at q, γ → ∞ rather than at the estimate: the point-mass
 * limit above, at its best p, fits at least as well (to rounding). Then spend rates do not vary
 * between customers, the optimiser only walked towards that limit, and the fit is reported as not
 * converged (its q and γ are large and arbitrary; γ/q and p still describe the spend).
 */
function maximumAtInfinity(estimate: GammaGammaParams, loglik: number, g: PreparedGroups): boolean {
  const customers = g.weights.reduce((a, b) => a + b, 0);
  const best = nelderMead((theta) => -pointMassLogLikelihood(theta[0] as number, g) / customers, [Math.log(estimate.p)], { initialStep: 0.5, xTolerance: 1e-10, fTolerance: 1e-14 });
  return -best.f * customers >= loglik - 1e-9 * Math.abs(loglik);
}

/** Above this many distinct (x, m_x) groups a fit is polished by quasi-Newton steps. */
export const LARGE_SPEND_GROUPS = 20_000;

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
  const groups = prepare(x, mx, grouped.weights);
  const customers = keptX.length;
  const toParams = (theta: Float64Array): GammaGammaParams => ({
    p: Math.exp(theta[0] as number),
    q: Math.exp(theta[1] as number),
    gamma: Math.exp(theta[2] as number),
  });
  const maxIterations = options.maxIterations ?? 2000;
  // Quasi-Newton steps on all the groups, with the analytic gradient.
  const polish = (from: Float64Array) =>
    bfgs(
      (theta) => {
        const { value, gradient } = weightedValueAndGradient(toParams(theta), groups);
        return { value: -value / customers, gradient: gradient.map((v) => -v / customers) };
      },
      from,
      { gradientTolerance: 1e-10, xTolerance: 1e-11 },
    );
  const finish = (theta: Float64Array, iterations: number, converged: boolean): GammaGammaFit => {
    const params = toParams(theta);
    const loglik = weightedLogLikelihood(params, groups);
    return { ...params, loglik, customers, iterations, converged: converged && !maximumAtInfinity(params, loglik, groups) };
  };
  if (x.length > LARGE_SPEND_GROUPS) {
    // Nelder-Mead on a regular sample of the groups, then quasi-Newton steps on all of them.
    const k = Math.ceil(x.length / LARGE_SPEND_GROUPS);
    const sample = Array.from({ length: Math.ceil(x.length / k) }, (_, j) => j * k);
    const sampled = prepare(Float64Array.from(sample, (i) => x[i] as number), Float64Array.from(sample, (i) => mx[i] as number), Float64Array.from(sample, (i) => groups.weights[i] as number));
    let sampleCustomers = 0;
    for (const w of sampled.weights) sampleCustomers += w;
    const start = options.initial ?? { p: 1, q: 1, gamma: 1 };
    const rough = nelderMead(
      (theta) => -weightedLogLikelihood(toParams(theta), sampled) / sampleCustomers,
      [Math.log(start.p), Math.log(start.q), Math.log(start.gamma)],
      { initialStep: options.initialStep ?? 0.5, maxIterations, maxEvaluations: 10 * maxIterations, xTolerance: 1e-6, fTolerance: 1e-10 },
    );
    const polished = polish(rough.x);
    return finish(polished.x, rough.iterations + polished.iterations, polished.converged);
  }
  const start = options.initial ?? { p: 1, q: 1, gamma: 1 };
  const result = nelderMead(
    (theta) => -weightedLogLikelihood(toParams(theta), groups) / customers,
    [Math.log(start.p), Math.log(start.q), Math.log(start.gamma)],
    { initialStep: options.initialStep ?? 0.5, maxIterations, maxEvaluations: 10 * maxIterations, xTolerance: 1e-9, fTolerance: 1e-13 },
  );
  if (result.converged) return finish(result.x, result.iterations, true);
  // Nelder-Mead crawls along a flat ridge (spend rates that barely vary: q and γ large): finish
  // with quasi-Newton steps on the analytic gradient, as large fits do.
  const polished = polish(result.x);
  return finish(polished.x, result.iterations + polished.iterations, polished.converged);
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
