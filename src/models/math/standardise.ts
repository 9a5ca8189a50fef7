/**
 * Standardisation of features to z-scores, as scikit-learn's `StandardScaler` (with_mean and
 * with_std): z = (v − mean) / sd with the population standard deviation (divisor n), a constant
 * column keeping a scale of 1 (its z-scores are 0). Means and sds are returned so that centroids
 * found in z-space can be mapped back to the original units.
 */

/** Z-scores and the means and standard deviations used. */
export interface Standardised {
  /** Row-major n × d z-scores. */
  values: Float64Array;
  /** Mean of each column. */
  means: Float64Array;
  /** Population standard deviation of each column (1 where the column is constant). */
  sds: Float64Array;
}

function rows(points: Float64Array, d: number): number {
  if (!(Number.isInteger(d) && d > 0) || points.length % d !== 0) {
    throw new RangeError(`points: ${points.length} values are not rows of ${d} columns`);
  }
  return points.length / d;
}

/** Column means and population sds (two passes, for accuracy), and the z-scores. */
export function standardise(points: Float64Array, d: number): Standardised {
  const n = rows(points, d);
  if (n === 0) throw new RangeError('standardise: no rows');
  const means = new Float64Array(d);
  const sds = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += points[i * d + j] as number;
    const mean = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += ((points[i * d + j] as number) - mean) ** 2;
    const sd = Math.sqrt(squares / n);
    means[j] = mean;
    sds[j] = sd > 0 ? sd : 1;
  }
  return { values: applyStandardisation(points, d, means, sds), means, sds };
}

/** (v − mean) / sd, column by column, with given means and sds (e.g. for new rows). */
export function applyStandardisation(points: Float64Array, d: number, means: ArrayLike<number>, sds: ArrayLike<number>): Float64Array {
  const n = rows(points, d);
  const out = new Float64Array(points.length);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) out[i * d + j] = ((points[i * d + j] as number) - (means[j] as number)) / (sds[j] as number);
  }
  return out;
}

/** mean + sd × z, column by column: z-space rows (such as centroids) back in original units. */
export function unstandardise(values: Float64Array, d: number, means: ArrayLike<number>, sds: ArrayLike<number>): Float64Array {
  const n = rows(values, d);
  const out = new Float64Array(values.length);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) out[i * d + j] = (means[j] as number) + (sds[j] as number) * (values[i * d + j] as number);
  }
  return out;
}
