/**
 * Nelder-Mead minimisation without derivatives, for the small smooth likelihoods of the models
 * (3 or 4 parameters, optimised in log-space so that every point is admissible).
 *
 * Nelder, J. A. & Mead, R. (1965), "A Simplex Method for Function Minimization", The Computer
 * Journal 7(4), 308-313; implemented with the conventions of Lagarias, J. C., Reeds, J. A.,
 * Wright, M. H. & Wright, P. E. (1998), "Convergence Properties of the Nelder-Mead Simplex Method in
 * Low Dimensions", SIAM Journal on Optimization 9(1), 112-147: coefficients ρ = 1 (reflection),
 * χ = 2 (expansion), γ = 1/2 (contraction), σ = 1/2 (shrink); the reflected point is accepted when
 * f1 ≤ fr < fn; expansion is kept only if it beats the reflection (greedy minimisation); outside
 * contraction when fn ≤ fr < fn+1 (accepted if fc ≤ fr), inside contraction when fr ≥ fn+1
 * (accepted if fcc < fn+1), otherwise a shrink towards the best vertex. Ties keep the older vertex
 * first (stable ordering). With `adaptive`, the coefficients depend on the dimension n as in Gao, F.
 * & Han, L. (2012), "Implementing the Nelder-Mead simplex algorithm with adaptive parameters",
 * Computational Optimization and Applications 51(1): χ = 1 + 2/n, γ = 3/4 − 1/(2n), σ = 1 − 1/n.
 *
 * Stopping, as in MATLAB's fminsearch and SciPy: when every vertex is within `xTolerance` of the
 * best one (max norm) and every value within `fTolerance` of the best value, or after
 * `maxIterations`. Then, once, the search restarts from the best point with a fresh simplex, which
 * guards against a simplex that collapsed onto a subspace before reaching the minimum (a known
 * failure of the method: McKinnon 1998); the counts add up over both runs.
 */

/** Settings of {@link nelderMead}; every field has a default. */
export interface NelderMeadOptions {
  /**
   * Initial simplex: vertex i is x0 with coordinate i moved by this step. A number applies to every
   * coordinate; default: 5% of the coordinate, or 0.00025 when it is 0 (SciPy's choice).
   */
  initialStep?: number | readonly number[];
  /** Largest distance (max norm) of a vertex from the best one at convergence; default 1e-10. */
  xTolerance?: number;
  /** Largest difference of a vertex's value from the best one at convergence; default 1e-10. */
  fTolerance?: number;
  /** Iterations per run (the restart has its own budget); default 200 × dimension. */
  maxIterations?: number;
  /** Function evaluations over both runs; default 400 × dimension + 100 (generous). */
  maxEvaluations?: number;
  /** Dimension-dependent coefficients of Gao & Han (2012); default false. */
  adaptive?: boolean;
  /** Restart once from the best point; default true. */
  restart?: boolean;
}

/** What {@link nelderMead} found. */
export interface NelderMeadResult {
  /** The best point. */
  x: Float64Array;
  /** Its value. */
  f: number;
  /** Iterations over both runs. */
  iterations: number;
  /** Function evaluations over both runs. */
  evaluations: number;
  /** True when the last run met both tolerances (rather than an iteration or evaluation limit). */
  converged: boolean;
}

interface RunState {
  iterations: number;
  evaluations: number;
}

/**
 * Minimises `f` from `x0`. `NaN` values are treated as `+Infinity`, so a likelihood may return
 * `NaN` outside its domain. The function receives a fresh array it may keep.
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = x0.length;
  if (n === 0) throw new RangeError('nelderMead needs at least one parameter');
  const maxIterations = options.maxIterations ?? 200 * n;
  const state: RunState = { iterations: 0, evaluations: 0 };
  const maxEvaluations = options.maxEvaluations ?? 400 * n + 100;
  const evaluate = (x: Float64Array): number => {
    state.evaluations++;
    const value = f(x);
    return Number.isNaN(value) ? Infinity : value;
  };

  let best = run(evaluate, Float64Array.from(x0), options, maxIterations, maxEvaluations, state);
  if (options.restart ?? true) {
    best = run(evaluate, best.x, options, maxIterations, 2 * maxEvaluations, state);
  }
  return { ...best, iterations: state.iterations, evaluations: state.evaluations };
}

function run(
  evaluate: (x: Float64Array) => number,
  start: Float64Array,
  options: NelderMeadOptions,
  maxIterations: number,
  maxEvaluations: number,
  state: RunState,
): { x: Float64Array; f: number; converged: boolean } {
  const n = start.length;
  const adaptive = options.adaptive ?? false;
  const rho = 1;
  const chi = adaptive ? 1 + 2 / n : 2;
  const gamma = adaptive ? 0.75 - 1 / (2 * n) : 0.5;
  const sigma = adaptive ? 1 - 1 / n : 0.5;
  const xTolerance = options.xTolerance ?? 1e-10;
  const fTolerance = options.fTolerance ?? 1e-10;

  const simplex: Float64Array[] = [Float64Array.from(start)];
  for (let i = 0; i < n; i++) {
    const vertex = Float64Array.from(start);
    const step = options.initialStep;
    const coordinate = start[i] as number;
    const delta =
      step === undefined
        ? coordinate !== 0 ? 0.05 * coordinate : 0.00025
        : typeof step === 'number' ? step : (step[i] ?? 0.05);
    vertex[i] = coordinate + delta;
    simplex.push(vertex);
  }
  let values = simplex.map(evaluate);
  const order = (): void => {
    const indices = values.map((_, i) => i).sort((p, q) => (values[p] as number) - (values[q] as number) || p - q);
    const s = indices.map((i) => simplex[i] as Float64Array);
    values = indices.map((i) => values[i] as number);
    simplex.splice(0, simplex.length, ...s);
  };
  order();

  const centroid = new Float64Array(n);
  const along = (coefficient: number): Float64Array => {
    // centroid + coefficient × (centroid − worst)
    const worst = simplex[n] as Float64Array;
    const point = new Float64Array(n);
    for (let j = 0; j < n; j++) point[j] = (centroid[j] as number) + coefficient * ((centroid[j] as number) - (worst[j] as number));
    return point;
  };
  const replaceWorst = (point: Float64Array, value: number): void => {
    simplex[n] = point;
    values[n] = value;
  };

  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && state.evaluations < maxEvaluations) {
    if (hasConverged(simplex, values, xTolerance, fTolerance)) {
      converged = true;
      break;
    }
    iterations++;
    state.iterations++;
    centroid.fill(0);
    for (let i = 0; i < n; i++) {
      const vertex = simplex[i] as Float64Array;
      for (let j = 0; j < n; j++) centroid[j] = (centroid[j] as number) + (vertex[j] as number) / n;
    }
    const fBest = values[0] as number;
    const fSecondWorst = values[n - 1] as number;
    const fWorst = values[n] as number;

    const reflected = along(rho);
    const fReflected = evaluate(reflected);
    if (fReflected < fBest) {
      const expanded = along(rho * chi);
      const fExpanded = evaluate(expanded);
      if (fExpanded < fReflected) replaceWorst(expanded, fExpanded);
      else replaceWorst(reflected, fReflected);
    } else if (fReflected < fSecondWorst) {
      replaceWorst(reflected, fReflected);
    } else {
      let accepted = false;
      if (fReflected < fWorst) {
        const outside = along(rho * gamma);
        const fOutside = evaluate(outside);
        if (fOutside <= fReflected) {
          replaceWorst(outside, fOutside);
          accepted = true;
        }
      } else {
        const inside = along(-gamma);
        const fInside = evaluate(inside);
        if (fInside < fWorst) {
          replaceWorst(inside, fInside);
          accepted = true;
        }
      }
      if (!accepted) {
        const bestVertex = simplex[0] as Float64Array;
        for (let i = 1; i <= n; i++) {
          const vertex = simplex[i] as Float64Array;
          const shrunk = new Float64Array(n);
          for (let j = 0; j < n; j++) shrunk[j] = (bestVertex[j] as number) + sigma * ((vertex[j] as number) - (bestVertex[j] as number));
          simplex[i] = shrunk;
          values[i] = evaluate(shrunk);
        }
      }
    }
    order();
  }
  if (!converged) converged = hasConverged(simplex, values, xTolerance, fTolerance);
  return { x: Float64Array.from(simplex[0] as Float64Array), f: values[0] as number, converged };
}

function hasConverged(simplex: Float64Array[], values: number[], xTolerance: number, fTolerance: number): boolean {
  const best = simplex[0] as Float64Array;
  const fBest = values[0] as number;
  for (let i = 1; i < simplex.length; i++) {
    if (!(Math.abs((values[i] as number) - fBest) <= fTolerance)) return false;
    const vertex = simplex[i] as Float64Array;
    for (let j = 0; j < best.length; j++) {
      if (!(Math.abs((vertex[j] as number) - (best[j] as number)) <= xTolerance)) return false;
    }
  }
  return true;
}
