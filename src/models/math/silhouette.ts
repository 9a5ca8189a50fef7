/**
 * The silhouette of a partition, with Euclidean distances.
 *
 * Rousseeuw, P. J. (1987), "Silhouettes: a graphical aid to the interpretation and validation of
 * cluster analysis", Journal of Computational and Applied Mathematics 20, 53-65. For point i in
 * cluster A: a(i) = mean distance to the other points of A, b(i) = the smallest, over clusters
 * C ≠ A, of the mean distance to the points of C, and s(i) = (b − a) / max(a, b). The conventions
 * are those of scikit-learn's `silhouette_samples` / `silhouette_score`: s(i) = 0 for a point alone
 * in its cluster, 0/0 counts as 0, the score is the plain mean of s(i), and the number of clusters
 * must be between 2 and n − 1. Cost O(n² d) time and O(n k) memory, hence the sampled version for
 * large n: like `silhouette_score(..., sample_size=m, random_state=seed)` it scores the partition
 * restricted to a random subset of m points (drawn without replacement by a seeded Fisher-Yates
 * shuffle, so the same seed gives the same subset).
 */
import { createRandom } from '../../math/random.js';

/** Settings of {@link sampledSilhouetteScore}. */
export interface SilhouetteSampleOptions {
  /** Points scored when n is larger; default 10,000. */
  sampleSize?: number;
  /** Seed of the sample; default 0. */
  seed?: number;
}

function compactLabels(labels: ArrayLike<number>): { index: Int32Array; counts: number[] } {
  const map = new Map<number, number>();
  const index = new Int32Array(labels.length);
  const counts: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    let c = map.get(label);
    if (c === undefined) {
      c = counts.length;
      map.set(label, c);
      counts.push(0);
    }
    counts[c] = (counts[c] as number) + 1;
    index[i] = c;
  }
  return { index, counts };
}

/** s(i) of every point (Euclidean), scikit-learn's `silhouette_samples`. */
export function silhouetteSamples(points: Float64Array, d: number, labels: ArrayLike<number>): Float64Array {
  const n = labels.length;
  if (!(Number.isInteger(d) && d > 0) || points.length !== n * d) {
    throw new RangeError(`silhouette: ${points.length} values are not ${n} rows of ${d} columns`);
  }
  const { index, counts } = compactLabels(labels);
  const k = counts.length;
  if (k < 2 || k > n - 1) throw new RangeError(`silhouette needs 2 to n − 1 clusters, got ${k} for n = ${n}`);
  const sums = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const li = index[i] as number;
    for (let j = i + 1; j < n; j++) {
      let squares = 0;
      for (let c = 0; c < d; c++) {
        const diff = (points[i * d + c] as number) - (points[j * d + c] as number);
        squares += diff * diff;
      }
      const distance = Math.sqrt(squares);
      sums[i * k + (index[j] as number)] = (sums[i * k + (index[j] as number)] as number) + distance;
      sums[j * k + li] = (sums[j * k + li] as number) + distance;
    }
  }
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const own = index[i] as number;
    const size = counts[own] as number;
    if (size === 1) continue;
    const a = (sums[i * k + own] as number) / (size - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c !== own) b = Math.min(b, (sums[i * k + c] as number) / (counts[c] as number));
    }
    const scale = Math.max(a, b);
    scores[i] = scale > 0 ? (b - a) / scale : 0;
  }
  return scores;
}

/** Mean silhouette over all points, scikit-learn's `silhouette_score` (Euclidean). */
export function silhouetteScore(points: Float64Array, d: number, labels: ArrayLike<number>): number {
  const scores = silhouetteSamples(points, d, labels);
  let sum = 0;
  for (const s of scores) sum += s;
  return sum / scores.length;
}

/**
 * Mean silhouette of the partition restricted to a fixed random sample of `sampleSize` points
 * (all points, exactly, when n ≤ sampleSize).
 */
export function sampledSilhouetteScore(
  points: Float64Array,
  d: number,
  labels: ArrayLike<number>,
  options: SilhouetteSampleOptions = {},
): number {
  const n = labels.length;
  const size = options.sampleSize ?? 10_000;
  if (!(Number.isInteger(size) && size >= 2)) throw new RangeError('sampleSize must be an integer ≥ 2');
  if (n <= size) return silhouetteScore(points, d, labels);
  if (points.length !== n * d) throw new RangeError(`silhouette: ${points.length} values are not ${n} rows of ${d} columns`);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const random = createRandom(options.seed ?? 0);
  for (let i = 0; i < size; i++) {
    const j = random.int(i, n - 1);
    const swap = order[i] as number;
    order[i] = order[j] as number;
    order[j] = swap;
  }
  const chosen = order.subarray(0, size).sort();
  const subset = new Float64Array(size * d);
  const subsetLabels = new Float64Array(size);
  chosen.forEach((row, s) => {
    subset.set(points.subarray(row * d, row * d + d), s * d);
    subsetLabels[s] = labels[row] as number;
  });
  return silhouetteScore(subset, d, subsetLabels);
}
