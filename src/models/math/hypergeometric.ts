/**
 * The Gaussian hypergeometric function 2F1(a, b; c; z) for real parameters and real z < 1, as the
 * BG/NBD conditional expectation needs it (Fader, Hardie & Lee 2005, eq. 10).
 *
 * Definition and transformations: Abramowitz, M. & Stegun, I. A. (1964), Handbook of Mathematical
 * Functions, §15.1.1 (the series Σ (a)n (b)n / (c)n zⁿ / n!, convergent for |z| < 1), §15.3.3
 * (Euler: 2F1(a, b; c; z) = (1 − z)^(c−a−b) 2F1(c − a, c − b; c; z)) and §15.3.4-5 (Pfaff:
 * 2F1(a, b; c; z) = (1 − z)^(−a) 2F1(a, c − b; c; z / (z − 1))); also DLMF §15.8.1.
 *
 * Strategy: for z ≤ −1/2, Pfaff's transformation maps z to w = z / (z − 1) ∈ [1/3, 1), whose
 * series has no alternating cancellation. For 0 ≤ z < 1 the terms behave like n^(a+b−c−1) zⁿ, so
 * when c < a + b Euler's form (terms like n^(c−a−b−1) zⁿ) converges faster and cannot overflow; the
 * other form is summed otherwise. The series stops when the remaining tail, bounded by the current
 * term times ρ / (1 − ρ) with ρ the largest ratio still to come, is below `tolerance` times the
 * sum. The convergence guard: at most `maxTerms` terms (the count grows like 1 / (1 − z) as z → 1),
 * after which a `RangeError` is thrown rather than a wrong value returned. z ≥ 1 is outside this
 * implementation unless the series terminates (a or b a non-positive integer).
 */

/** Settings of {@link hyp2f1}. */
export interface Hyp2f1Options {
  /** Relative accuracy of the sum; default 1e-15. */
  tolerance?: number;
  /** Convergence guard: the most terms summed before giving up; default 1,000,000. */
  maxTerms?: number;
}

/**
 * The power series of 2F1(a, b; c; z) summed term by term, for |z| < 1 (or any z when a or b is a
 * non-positive integer, the series then being a polynomial). Throws a `RangeError` if c is a
 * non-positive integer (poles), if |z| ≥ 1 for an infinite series, or if `maxTerms` is reached.
 */
export function hyp2f1Series(a: number, b: number, c: number, z: number, options: Hyp2f1Options = {}): number {
  const { sum, scale } = scaledSeries(a, b, c, z, options);
  return scale === 0 ? sum : sum * Math.exp(scale);
}

/** Beyond this magnitude the running sum and term are scaled down (by exp(SCALE_STEP)). */
const SCALE_LIMIT = 1e280;
const SCALE_STEP = Math.log(SCALE_LIMIT);

/**
 * The series of {@link hyp2f1Series} as sum × exp(scale): the sum and the current term are divided
 * by 1e280 whenever they pass it, so that a value beyond the doubles is still summed (the stopping
 * test compares term and sum, whatever their scale). `scale` is 0 when no step was needed, so the
 * arithmetic is then exactly the plain series'.
 */
function scaledSeries(a: number, b: number, c: number, z: number, options: Hyp2f1Options): { sum: number; scale: number } {
  const tolerance = options.tolerance ?? 1e-15;
  const maxTerms = options.maxTerms ?? 1_000_000;
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`2F1 is undefined for c = ${c}`);
  const terminates = (a <= 0 && Number.isInteger(a)) || (b <= 0 && Number.isInteger(b));
  if (!terminates && !(Math.abs(z) < 1)) throw new RangeError(`2F1 series needs |z| < 1, got z = ${z}`);
  if (z === 0) return { sum: 1, scale: 0 };
  const safeFrom = monotoneFrom(a, b, c);
  let term = 1;
  let sum = 1;
  let scale = 0;
  for (let n = 0; n < maxTerms; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    if (Math.abs(term) > SCALE_LIMIT || Math.abs(sum) > SCALE_LIMIT) {
      term /= SCALE_LIMIT;
      sum /= SCALE_LIMIT;
      scale += SCALE_STEP;
    }
    if (term === 0) return { sum, scale };
    const m = n + 1;
    if (m < safeFrom) continue;
    const rho = Math.max(Math.abs((((a + m) * (b + m)) / ((c + m) * (m + 1))) * z), Math.abs(z));
    if (rho < 1 && (Math.abs(term) * rho) / (1 - rho) <= tolerance * Math.abs(sum)) return { sum, scale };
  }
  throw new RangeError(`2F1(${a}, ${b}; ${c}; ${z}): series did not converge in ${maxTerms} terms`);
}

/**
 * The index from which every later term ratio |t(m+1) / t(m)| = |z| f(m), with
 * f(m) = (a + m)(b + m) / ((c + m)(1 + m)), is at most max(|z| f(m), |z|), which makes the tail
 * bound of the series valid. f(m) − 1 = (ab − c + s m) / ((c + m)(1 + m)) with s = a + b − c − 1:
 * once every factor is positive, if s ≤ 0 f either decreases or stays below 1; if s > 0 it
 * decreases after the larger root of s m² + 2(ab − c) m − (s c − (ab − c)(c + 1)), the point
 * where the derivative of f changes sign for the last time.
 */
function monotoneFrom(a: number, b: number, c: number): number {
  let from = Math.max(0, -a, -b, -c) + 1;
  const s = a + b - c - 1;
  if (s > 0) {
    const k = a * b - c;
    const discriminant = k * k + s * (s * c - k * (c + 1));
    if (discriminant > 0) from = Math.max(from, (-k + Math.sqrt(discriminant)) / s);
  }
  return from;
}

/**
 * 2F1(a, b; c; z) for real a, b, c (c not a non-positive integer) and real z < 1, choosing the
 * series or its Euler or Pfaff transformation as described in the module header.
 */
export function hyp2f1(a: number, b: number, c: number, z: number, options: Hyp2f1Options = {}): number {
  if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(c) || Number.isNaN(z)) return NaN;
  if (z === 0 || a === 0 || b === 0) return 1;
  const terminates = (a <= 0 && Number.isInteger(a)) || (b <= 0 && Number.isInteger(b));
  if (terminates) return hyp2f1Series(a, b, c, z, options);
  if (!(z < 1)) throw new RangeError(`2F1 is implemented for z < 1, got z = ${z}`);
  if (z <= -0.5) {
    const w = z / (z - 1);
    // Either Pfaff form; take the one whose new second parameter is smaller, for faster decay.
    return Math.abs(c - b) <= Math.abs(c - a)
      ? Math.pow(1 - z, -a) * positive(a, c - b, c, w, options)
      : Math.pow(1 - z, -b) * positive(c - a, b, c, w, options);
  }
  if (z < 0) return hyp2f1Series(a, b, c, z, options);
  return positive(a, b, c, z, options);
}

function positive(a: number, b: number, c: number, z: number, options: Hyp2f1Options): number {
  if (c < a + b) return Math.pow(1 - z, c - a - b) * hyp2f1Series(c - a, c - b, c, z, options);
  return hyp2f1Series(a, b, c, z, options);
}

/** A real number as sign × exp(ln), for values beyond the range of doubles. */
export interface LogValue {
  /** −1, 0 or 1. */
  readonly sign: number;
  /** ln of the absolute value (−Infinity for 0). */
  readonly ln: number;
}

/**
 * The series of {@link hyp2f1Series} as sign and logarithm, summed with a running scale: finite
 * where the sum is beyond the doubles. The caller picks the form (plain or Euler's) and adds its
 * factor as a logarithm itself, with the exponent it knows exactly: the BG/NBD expectation with a
 * and b near 1e8 has (1 − z)^(a − 1) = 0 and an infinite 2F1 in doubles, and even their logarithms,
 * near ±3e7, cancel to a few digits fewer than the exponent r + x they add up to.
 */
export function lnHyp2f1Series(a: number, b: number, c: number, z: number, options: Hyp2f1Options = {}): LogValue {
  const { sum, scale } = scaledSeries(a, b, c, z, options);
  return { sign: Math.sign(sum), ln: Math.log(Math.abs(sum)) + scale };
}
