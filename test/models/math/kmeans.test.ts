import { describe, expect, test } from 'vitest';
import { chooseK } from '../../../src/models/math/choose-k.js';
import { kmeans } from '../../../src/models/math/kmeans.js';
import { createRandom } from '../../../src/math/random.js';
import { sampledSilhouetteScore, silhouetteSamples, silhouetteScore } from '../../../src/models/math/silhouette.js';
import { adjustedRandIndex, readBlobs, samePartition } from './blobs.js';

const blobs = readBlobs();

/** Rousseeuw's silhouette written plainly: every pair, every cluster, no shortcuts. */
function naiveSilhouette(points: Float64Array, labels: ArrayLike<number>): number {
  const n = labels.length;
  const distance = (i: number, j: number): number =>
    Math.hypot((points[2 * i] as number) - (points[2 * j] as number), (points[2 * i + 1] as number) - (points[2 * j + 1] as number));
  const clusters = [...new Set(Array.from(labels))];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const mean = (cluster: number, excludeSelf: boolean): number => {
      let sum = 0;
      let count = 0;
      for (let j = 0; j < n; j++) {
        if (labels[j] !== cluster || (excludeSelf && j === i)) continue;
        sum += distance(i, j);
        count++;
      }
      return count === 0 ? NaN : sum / count;
    };
    const own = labels[i] as number;
    const a = mean(own, true);
    if (Number.isNaN(a)) continue; // alone in its cluster: s = 0
    const b = Math.min(...clusters.filter((c) => c !== own).map((c) => mean(c, false)));
    total += (b - a) / Math.max(a, b);
  }
  return total / n;
}

describe('k-means on the blobs (make_blobs, random_state = 1)', () => {
  test('k = 4 finds scikit-learn\'s partition; the blobs overlap, so it is not exactly the true one', () => {
    const result = kmeans(blobs.points, 2, 4, { seed: 0 });
    expect(samePartition(result.labels, blobs.sklearn[4])).toBe(true);
    // Blobs 1, 2 and 3 touch: scikit-learn's k = 4 partition puts 11 of the 500 points in another
    // blob's cluster than the one they were drawn from, and so does ours (the same partition).
    const ari = adjustedRandIndex(result.labels, blobs.truth);
    expect(ari).toBeCloseTo(adjustedRandIndex(blobs.sklearn[4], blobs.truth), 15);
    console.log('ARI of k = 4 with true_center', ari);
    expect(ari).toBeGreaterThan(0.94);
    expect(ari).toBeLessThan(1);
    expect(result.labels[0]).toBe(0);
  });

  test('k = 2 and k = 3 also find scikit-learn\'s partitions', () => {
    expect(samePartition(kmeans(blobs.points, 2, 2).labels, blobs.sklearn[2])).toBe(true);
    expect(samePartition(kmeans(blobs.points, 2, 3).labels, blobs.sklearn[3])).toBe(true);
  });

  test('the inertia and centroids are those of the labels', () => {
    const result = kmeans(blobs.points, 2, 4);
    let inertia = 0;
    for (let c = 0; c < 4; c++) {
      let [sx, sy, count] = [0, 0, 0];
      result.labels.forEach((label, i) => {
        if (label !== c) return;
        sx += blobs.points[2 * i] as number;
        sy += blobs.points[2 * i + 1] as number;
        count++;
      });
      expect(result.centroids[2 * c]).toBeCloseTo(sx / count, 12);
      expect(result.centroids[2 * c + 1]).toBeCloseTo(sy / count, 12);
    }
    result.labels.forEach((label, i) => {
      inertia += ((blobs.points[2 * i] as number) - (result.centroids[2 * label] as number)) ** 2;
      inertia += ((blobs.points[2 * i + 1] as number) - (result.centroids[2 * label + 1] as number)) ** 2;
    });
    expect(result.inertia).toBeCloseTo(inertia, 9);
  });

  test('on data with no clear groups, the kept start is a fixed point: each centroid its points\' mean, each point at its nearest', () => {
    // One Gaussian cloud (Box-Muller over a seeded generator): Lloyd moves slowly here, and a stop on
    // the centroids' shift left centroids off their points' means.
    const random = createRandom(7);
    const [n, d, k] = [4000, 3, 6];
    const points = new Float64Array(n * d).map(() => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next()));
    const result = kmeans(points, d, k);
    const sums = new Float64Array(k * d);
    const counts = new Float64Array(k);
    result.labels.forEach((label, i) => {
      counts[label]! += 1;
      for (let j = 0; j < d; j++) sums[label * d + j]! += points[i * d + j]!;
    });
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) expect(result.centroids[c * d + j]).toBeCloseTo(sums[c * d + j]! / counts[c]!, 12);
    const distance = (i: number, c: number) => Array.from({ length: d }, (_, j) => (points[i * d + j]! - result.centroids[c * d + j]!) ** 2).reduce((s, v) => s + v, 0);
    let misplaced = 0;
    for (let i = 0; i < n; i++) {
      const own = distance(i, result.labels[i]!);
      for (let c = 0; c < k; c++) if (distance(i, c) < own) misplaced++;
    }
    expect(misplaced).toBe(0);
  });

  test('the same seed repeats exactly; other seeds may start elsewhere but keep the optimum here', () => {
    const once = kmeans(blobs.points, 2, 5, { seed: 7, restarts: 1 });
    const again = kmeans(blobs.points, 2, 5, { seed: 7, restarts: 1 });
    expect(again.labels).toEqual(once.labels);
    expect(again.centroids).toEqual(once.centroids);
    expect(again.inertia).toBe(once.inertia);
    // Single starts with k = 5 land in different local optima depending on the seed.
    const inertias = new Set(Array.from({ length: 10 }, (_, seed) => kmeans(blobs.points, 2, 5, { seed, restarts: 1 }).inertia));
    expect(inertias.size).toBeGreaterThan(1);
  });

  test('degenerate inputs: duplicate points, k = n, bad shapes', () => {
    const same = new Float64Array([1, 1, 1, 1, 1, 1, 2, 2]);
    const result = kmeans(same, 2, 3, { restarts: 2 });
    expect(new Set(result.labels).size).toBe(2);
    expect(result.inertia).toBe(0);
    expect(kmeans(new Float64Array([0, 1, 5]), 1, 3).inertia).toBe(0);
    expect(() => kmeans(new Float64Array([0, 1, 5]), 2, 1)).toThrow(RangeError);
    expect(() => kmeans(new Float64Array([0, 1]), 1, 3)).toThrow(RangeError);
  });
});

describe('silhouette (Rousseeuw 1987, scikit-learn\'s conventions)', () => {
  const naive = {
    2: naiveSilhouette(blobs.points, blobs.sklearn[2]),
    3: naiveSilhouette(blobs.points, blobs.sklearn[3]),
    4: naiveSilhouette(blobs.points, blobs.sklearn[4]),
  };

  test.each([2, 3, 4] as const)('of scikit-learn\'s k = %s partition equals the naive double loop', (k) => {
    expect(silhouetteScore(blobs.points, 2, blobs.sklearn[k])).toBeCloseTo(naive[k], 13);
  });

  test('the ordering of k = 2, 3, 4 (as in scikit-learn\'s silhouette-analysis example: 0.705, 0.588, 0.651)', () => {
    expect(naive[2].toFixed(3)).toBe('0.705');
    expect(naive[3].toFixed(3)).toBe('0.588');
    expect(naive[4].toFixed(3)).toBe('0.651');
    expect(naive[2]).toBeGreaterThan(naive[4]);
    expect(naive[4]).toBeGreaterThan(naive[3]);
  });

  test('a point alone in its cluster scores 0; one cluster or n clusters are refused', () => {
    const points = new Float64Array([0, 0, 0, 1, 10, 10]);
    const scores = silhouetteSamples(points, 2, [0, 0, 1]);
    expect(scores[2]).toBe(0);
    expect(scores[0]).toBeCloseTo((Math.hypot(10, 10) - 1) / Math.hypot(10, 10), 15);
    expect(() => silhouetteScore(points, 2, [0, 0, 0])).toThrow(RangeError);
    expect(() => silhouetteScore(points, 2, [0, 1, 2])).toThrow(RangeError);
  });

  test('the sampled version is exact below the sample size and repeatable above it', () => {
    expect(sampledSilhouetteScore(blobs.points, 2, blobs.sklearn[4])).toBe(silhouetteScore(blobs.points, 2, blobs.sklearn[4]));
    const sampled = sampledSilhouetteScore(blobs.points, 2, blobs.sklearn[4], { sampleSize: 200, seed: 3 });
    expect(sampledSilhouetteScore(blobs.points, 2, blobs.sklearn[4], { sampleSize: 200, seed: 3 })).toBe(sampled);
    expect(Math.abs(sampled - naive[4])).toBeLessThan(0.05);
  });
});

describe('chooseK', () => {
  test('over k = 2..8 picks k = 2: the blobs form two well-separated groups, one blob apart and three close together', () => {
    const choice = chooseK(blobs.points, 2, [2, 3, 4, 5, 6, 7, 8]);
    console.log('silhouette by k on the blobs', choice.silhouetteByK);
    expect(choice.k).toBe(2);
    expect(choice.silhouette).toBeCloseTo(naiveSilhouette(blobs.points, blobs.sklearn[2]), 13);
    expect(samePartition(choice.clustering.labels, blobs.sklearn[2])).toBe(true);
    for (const k of [3, 4, 5, 6, 7, 8]) expect(choice.silhouetteByK[k]).toBeLessThan(choice.silhouette);
  });
});
