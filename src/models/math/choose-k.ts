/**
 * Choice of the number of clusters by the mean silhouette (Rousseeuw 1987, §4: the k whose
 * partition has the largest average silhouette width is the most natural one), over k-means
 * partitions ({@link kmeans}) of each candidate k. Ties go to the smaller k. On large data the
 * silhouette is computed on a fixed random sample ({@link sampledSilhouetteScore}); the clustering
 * itself always uses every point.
 */
import { kmeans, type KMeansOptions, type KMeansResult } from './kmeans.js';
import { sampledSilhouetteScore } from './silhouette.js';

/** Settings of {@link chooseK}: those of k-means, plus the silhouette sample. */
export interface ChooseKOptions extends KMeansOptions {
  /** Points the silhouette is computed on when n is larger; default 10,000. */
  sampleSize?: number;
  /** Seed of that sample; default 0. */
  sampleSeed?: number;
}

/** The chosen k, its clustering and the silhouette of every candidate. */
export interface ChooseKResult {
  k: number;
  silhouette: number;
  /** Mean silhouette of each candidate k (`NaN` when its partition has fewer than 2 clusters). */
  silhouetteByK: Record<number, number>;
  /** The k-means clustering of the chosen k. */
  clustering: KMeansResult;
}

/** Runs k-means for each k of `ks` and keeps the one with the best mean silhouette. */
export function chooseK(points: Float64Array, d: number, ks: readonly number[], options: ChooseKOptions = {}): ChooseKResult {
  if (ks.length === 0) throw new RangeError('chooseK needs at least one k');
  const candidates = [...new Set(ks)].sort((p, q) => p - q);
  const silhouetteByK: Record<number, number> = {};
  let best: { k: number; silhouette: number; clustering: KMeansResult } | undefined;
  for (const k of candidates) {
    if (!(Number.isInteger(k) && k >= 2)) throw new RangeError(`chooseK: k = ${k} must be an integer ≥ 2`);
    const clustering = kmeans(points, d, k, options);
    const distinct = new Set(clustering.labels).size;
    const silhouette =
      distinct >= 2 && distinct < clustering.labels.length
        ? sampledSilhouetteScore(points, d, clustering.labels, { sampleSize: options.sampleSize, seed: options.sampleSeed })
        : NaN;
    silhouetteByK[k] = silhouette;
    if (!Number.isNaN(silhouette) && (best === undefined || silhouette > best.silhouette)) best = { k, silhouette, clustering };
  }
  if (best === undefined) throw new RangeError('chooseK: no candidate k gave at least two clusters');
  return { ...best, silhouetteByK };
}
