/**
 * Quasi-Newton minimisation (BFGS) with a backtracking line search, for polishing a maximum-
 * likelihood estimate on large data: from a point near the optimum it needs a few dozen evaluations
 * of the function and its gradient, where Nelder-Mead needs several hundred of the function.
 *
 * Broyden (1970), Fletcher (1970), Goldfarb (1970), Shanno (1970); as in Nocedal, J. & Wright, S. J.
 * (2006), Numerical Optimization, 2nd ed., Algorithm 6.1 (inverse-Hessian update, eq. 6.17), with
 * the initial scaling of eq. 6.20 and an Armijo backtracking line search (Algorithm 3.1, c = 1e-4,
 * halving). The update is skipped when the curvature sᵀy is not positive; a direction that is not
 * a descent resets the approximation to the identity.
 *
 * Stops when the gradient's max norm is at most `gradientTolerance`, or a step moves no coordinate
 * by more than `xTolerance`, or after `maxIterations`.
 */

/** A value and its gradient at a point. */
export interface ValueAndGradient {
  value: number;
  gradient: Float64Array;
}

/** Settings of {@link bfgs}; every field has a default. */
export interface BfgsOptions {
  /** Default 1e-10. */
  gradientTolerance?: number;
  /** Default 1e-12. */
  xTolerance?: number;
  /** Default 200. */
  maxIterations?: number;
}

/** What {@link bfgs} found. */
export interface BfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  /** Evaluations of the function and gradient. */
  evaluations: number;
  /** True when the gradient or the step met its tolerance. */
  converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

function identity(n: number, scale = 1): Float64Array {
  const h = new Float64Array(n * n);
  for (let i = 0; i < n; i++) h[i * n + i] = scale;
  return h;
}

/** Minimises `fg` (value and gradient; a non-finite value counts as +∞) from `x0`. */
export function bfgs(fg: (x: Float64Array) => ValueAndGradient, x0: ArrayLike<number>, options: BfgsOptions = {}): BfgsResult {
  const n = x0.length;
  const gradientTolerance = options.gradientTolerance ?? 1e-10;
  const xTolerance = options.xTolerance ?? 1e-12;
  const maxIterations = options.maxIterations ?? 200;
  let evaluations = 0;
  const evaluate = (x: Float64Array): ValueAndGradient => {
    evaluations++;
    const r = fg(x);
    return Number.isFinite(r.value) ? r : { value: Infinity, gradient: r.gradient };
  };
  let x = Float64Array.from(x0);
  let current = evaluate(x);
  if (!Number.isFinite(current.value)) throw new RangeError('bfgs: the starting point has no finite value');
  let h = identity(n);
  let first = true;
  let iterations = 0;
  let converged = maxAbs(current.gradient) <= gradientTolerance;
  while (!converged && iterations < maxIterations) {
    iterations++;
    const g = current.gradient;
    let d = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i] = (d[i] as number) - (h[i * n + j] as number) * (g[j] as number);
    let slope = dot(g, d);
    if (!(slope < 0)) {
      h = identity(n);
      d = g.map((v) => -v);
      slope = dot(g, d);
    }
    let step = 1;
    let next: ValueAndGradient | undefined;
    let candidate = x;
    for (let tries = 0; tries < 60; tries++) {
      candidate = x.map((v, i) => v + step * (d[i] as number));
      const trial = evaluate(candidate);
      if (trial.value <= current.value + 1e-4 * step * slope) {
        next = trial;
        break;
      }
      step /= 2;
    }
    if (next === undefined) {
      converged = true; // no decrease is possible along the best direction: at the optimum to rounding
      break;
    }
    const s = candidate.map((v, i) => v - (x[i] as number));
    const y = next.gradient.map((v, i) => v - (g[i] as number));
    x = candidate;
    current = next;
    if (maxAbs(current.gradient) <= gradientTolerance || maxAbs(s) <= xTolerance) {
      converged = true;
      break;
    }
    const sy = dot(s, y);
    if (sy > 0) {
      if (first) {
        h = identity(n, sy / dot(y, y));
        first = false;
      }
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1 / sᵀy.
      const rho = 1 / sy;
      const hy = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) hy[i] = (hy[i] as number) + (h[i * n + j] as number) * (y[j] as number);
      const yhy = dot(y, hy);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          h[i * n + j] =
            (h[i * n + j] as number) -
            rho * ((hy[i] as number) * (s[j] as number) + (s[i] as number) * (hy[j] as number)) +
            (rho * rho * yhy + rho) * (s[i] as number) * (s[j] as number);
        }
      }
    }
  }
  return { x, f: current.value, iterations, evaluations, converged };
}
