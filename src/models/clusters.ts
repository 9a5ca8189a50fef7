/**
 * Clusters (models.md, `model: kmeans`): the features of every customer computed in SQL
 * (`cluster-features.ts`), standardised, clustered by k-means for each candidate k with the k of
 * the best mean silhouette kept (`math/choose-k.ts`, a fixed seed, the silhouette on a fixed
 * sample of `sample_size` customers at most). On a base larger than `fit_sample_size` (default
 * 50,000) k-means runs on a fixed sample of that many customers (standardised by the sample's
 * means and deviations): centroids of 50,000 customers are those of the base to within noise, and
 * k-means on a million points for every k and restart would take minutes. The fitted centroids then assign every customer in
 * SQL (the nearest centroid, as k-means' last step does), so that a customer run assigns its
 * customers the same way with the stored centroids.
 *
 * Clusters are named `c1`..`ck` by mean monetary value of their customers, highest first (c1 is the
 * best, as segments of a segmentation are ordered best first), ties by size (largest first); a
 * customer missing a feature is `unclustered`. Each cluster is described in plain words from its
 * centroid relative to the base (`math/describe-cluster.ts`), in French and English.
 */
import { CompileError, type Compilation } from '../compiler/compilation.js';
import type { Queryable } from '../store/store.js';
import type { KMeansModelDef, Locale } from '../workspace/types.js';
import { ruleEnvironment } from '../workspace/rule-environment.js';
import { featureNames, featuresSql, typedFeatures } from './cluster-features.js';
import { chooseK } from './math/choose-k.js';
import { centroidZScores, describeCluster, inferRole, type ClusterFeature } from './math/describe-cluster.js';
import { standardise, unstandardise } from './math/standardise.js';
import { ModelDataError } from './model-errors.js';
import { UNCLUSTERED } from './model-outputs.js';
import { analyzeTables, deferBound, deleteCustomerOutputs, modelCompilation, runBound, type CustomerSubset, type ModelContext } from './model-sql.js';

/** One cluster as `segmenta model fit clusters --json` prints it. */
export interface ClusterSummary {
  readonly id: string;
  readonly size: number;
  /** The centroid in the features' own units. */
  readonly centroid: Record<string, number>;
  /** In the workspace locale. */
  readonly description: string;
  readonly descriptions: Record<Locale, string>;
  readonly mean_monetary: number;
}

/** A clusters fit (`k`, `silhouette`, `silhouette_by_k`, `features`, `clusters` are models.md's). */
export interface ClustersFitResult {
  readonly k: number;
  readonly silhouette: number;
  /** Mean silhouette of each candidate k (null when its partition had fewer than two clusters). */
  readonly silhouette_by_k: Record<string, number | null>;
  readonly features: string[];
  readonly clusters: ClusterSummary[];
  /** Customers clustered, and customers missing a feature. */
  readonly customers: number;
  readonly unclustered: number;
  readonly standardise: boolean;
  /** The event property read as spend (null: none). Absent from fits made before it was recorded. */
  readonly amount?: string | null;
  /** Column means and sds of the clustered customers' features (for assigning later customers). */
  readonly scaling: { readonly means: number[]; readonly sds: number[] };
  /** Centroids in the space clustered (z-scores when standardised), in the order c1..ck. */
  readonly centres: number[][];
}

const FEATURES = '_km_features';
const ASSIGNED = '_km_assigned';

/** Fits the model as of the context's instant and writes every customer's cluster under `fitId`. */
export async function fitClusters(ctx: ModelContext, def: KMeansModelDef, fitId: number): Promise<ClustersFitResult> {
  const names = featureNames(def);
  await computeFeatures(ctx, def);
  try {
    const d = names.length;
    const present = names.map((_, j) => `f${j + 1} IS NOT NULL`).join(' AND ');
    const [{ total: withFeatures }] = (await ctx.db.query<{ total: number }>(`SELECT count(*) AS total FROM ${FEATURES} WHERE ${present}`)) as [{ total: number }];
    const rows = await fitSample(ctx, names, present, Number(withFeatures), def);
    const n = rows.length;
    const raw = new Float64Array(n * d);
    rows.forEach((row, i) => names.forEach((_, j) => (raw[i * d + j] = Number(row[`f${j + 1}`]))));
    const ks = def.k.filter((k) => k <= n - 1);
    if (ks.length === 0) {
      throw new ModelDataError(`model "${def.id}": ${n} ${n === 1 ? 'customer has' : 'customers have'} every feature; ${def.k[0]} clusters need at least ${def.k[0]! + 1}`);
    }
    const scaled = standardise(raw, d);
    const points = def.standardise ? scaled.values : raw;
    let choice;
    try {
      choice = chooseK(points, d, ks, { seed: def.seed, restarts: def.restarts, sampleSize: def.sampleSize, sampleSeed: def.seed });
    } catch (error) {
      if (error instanceof RangeError) throw new ModelDataError(`model "${def.id}": the customers' features do not split into two clusters or more (${error.message})`);
      throw error;
    }
    const { k, clustering } = choice;
    const centres = Array.from({ length: k }, (_, c) => Array.from(clustering.centroids.subarray(c * d, c * d + d)));
    const scaling = { means: Array.from(scaled.means), sds: Array.from(scaled.sds) };
    await assign(ctx, def, centres, scaling);
    const stats = await ctx.db.query<{ k: number; size: number; monetary: number }>(
      `SELECT a.k, count(*) AS size, ${ctx.dialect.exactSum('f.monetary')} / count(*) AS monetary
       FROM ${ASSIGNED} a JOIN ${FEATURES} f ON f._customer = a._customer GROUP BY a.k`,
    );
    const sized = new Map(stats.map((s) => [Number(s.k), { size: Number(s.size), monetary: Number(s.monetary) }]));
    const order = centres.map((_, c) => c).sort((a, b) => {
      const [sa, sb] = [sized.get(a) ?? { size: 0, monetary: 0 }, sized.get(b) ?? { size: 0, monetary: 0 }];
      return sb.monetary - sa.monetary || sb.size - sa.size || a - b;
    });
    await writeClusters(ctx, fitId, order);
    const rawCentroids = def.standardise ? unstandardise(clustering.centroids, d, scaled.means, scaled.sds) : clustering.centroids;
    const clusters = order.map((c, rank) => {
      const centroid = Array.from(rawCentroids.subarray(c * d, c * d + d));
      const z = centroidZScores(centroid, scaled.means, scaled.sds);
      const features: ClusterFeature[] = names.map((name, j) => ({
        name,
        z: z[j] as number,
        // The default frequency feature is log1p(purchases): its words need purchases ("one purchase").
        value: def.features === undefined && inferRole(name) === 'frequency' ? Math.expm1(centroid[j] as number) : (centroid[j] as number),
      }));
      const descriptions = { fr: describeCluster(features, 'fr'), en: describeCluster(features, 'en') };
      return {
        id: `c${rank + 1}`,
        size: sized.get(c)?.size ?? 0,
        centroid: Object.fromEntries(names.map((name, j) => [name, centroid[j] as number])),
        description: descriptions[ctx.workspace.locale],
        descriptions,
        mean_monetary: sized.get(c)?.monetary ?? 0,
      };
    });
    const [{ total }] = (await ctx.db.query<{ total: number }>(`SELECT count(*) AS total FROM ${FEATURES}`)) as [{ total: number }];
    return {
      k,
      silhouette: choice.silhouette,
      silhouette_by_k: Object.fromEntries(ks.map((kk) => [String(kk), Number.isNaN(choice.silhouetteByK[kk]) ? null : (choice.silhouetteByK[kk] as number)])),
      features: names,
      clusters,
      customers: Number(withFeatures),
      unclustered: Number(total) - Number(withFeatures),
      standardise: def.standardise,
      amount: def.amount ?? null,
      scaling,
      centres: order.map((c) => centres[c] as number[]),
    };
  } finally {
    await drop(ctx.db);
  }
}

/**
 * Why the model's settings no longer measure what its fit clustered (features, spend or scaling
 * changed in segmenta.yaml since), or undefined when they do: the fit's centroids then mean
 * nothing for the customers' new features, and only a new fit can place them.
 */
export function staleClustersFit(def: KMeansModelDef, result: ClustersFitResult): string | undefined {
  const names = featureNames(def);
  if (names.length !== result.features.length || names.some((name, j) => name !== result.features[j])) {
    return `its features are now ${names.join(', ')}, not ${result.features.join(', ')}`;
  }
  if (result.amount !== undefined && result.amount !== (def.amount ?? null)) return `its spend is now ${def.amount ?? 'none'}, not ${result.amount ?? 'none'}`;
  if (result.standardise !== def.standardise) return `standardise is now ${def.standardise}`;
  return undefined;
}

/**
 * A customer run: its customers assigned to the stored centroids of a fit (their rows replaced),
 * in one statement: their features and assignments as common table expressions (for a few
 * customers, temporary tables cost more to create, analyse and drop than the work itself).
 * The caller checks first that the fit still matches the settings (`staleClustersFit`).
 */
export async function rescoreClusters(ctx: ModelContext, def: KMeansModelDef, fit: { id: number; result: ClustersFitResult }, subset: Exclude<CustomerSubset, undefined>): Promise<void> {
  deleteCustomerOutputs(ctx, 'model_clusters', fit.id, subset);
  const c = modelCompilation(ctx.workspace, ctx.dialect, subset);
  const tables = `WITH ${FEATURES} AS (${features(c, ctx, def)}), ${ASSIGNED} AS (${assignment(c, def, fit.result.centres, fit.result.scaling)})`;
  const sql = `${INSERT} ${tables} ${clustersSelect(c, ctx, fit.id, fit.result.centres.map((_, k) => k))}`;
  deferBound(ctx.db, c, sql, ctx.at, { repeated: ctx.repeated ?? false });
}

/** A multiplier coprime with any base size below it: i ↦ i × P mod n permutes 0..n − 1. */
const SPREAD = 2_654_435_761;

/**
 * The customers k-means runs on, in key order: all who have every feature, or above
 * `fit_sample_size` a fixed sample of exactly that many, picked in SQL as the ranks r (in key
 * order) with ((r + seed) mod n) × P mod n below the sample size — a permutation of the ranks, so
 * the same base and seed give the same sample.
 */
async function fitSample(ctx: ModelContext, names: readonly string[], present: string, n: number, def: KMeansModelDef): Promise<Array<Record<string, number>>> {
  const columns = names.map((_, j) => `f${j + 1}`).join(', ');
  if (n <= def.fitSampleSize) return ctx.db.query(`SELECT ${columns} FROM ${FEATURES} WHERE ${present} ORDER BY _customer`);
  const offset = ((def.seed % n) + n) % n;
  return ctx.db.query(
    `SELECT ${columns} FROM (SELECT f.*, row_number() OVER (ORDER BY f._customer) - 1 AS rank FROM ${FEATURES} f WHERE ${present}) s
     WHERE (((s.rank + $1) % $2) * $3) % $2 < $4 ORDER BY s._customer`,
    [offset, n, SPREAD, def.fitSampleSize],
  );
}

async function drop(db: Queryable): Promise<void> {
  await db.run(`DROP TABLE IF EXISTS ${FEATURES}`);
  await db.run(`DROP TABLE IF EXISTS ${ASSIGNED}`);
}

/** The features of every customer of `c`'s subset (`featuresSql`); a feature that cannot be computed is the data's fault. */
function features(c: Compilation, ctx: ModelContext, def: KMeansModelDef): string {
  try {
    return featuresSql(c, def, typedFeatures(def, ruleEnvironment(ctx.workspace)));
  } catch (error) {
    if (error instanceof CompileError) throw new ModelDataError(`model "${def.id}": a feature cannot be computed: ${error.message}`);
    throw error;
  }
}

async function computeFeatures(ctx: ModelContext, def: KMeansModelDef): Promise<void> {
  const c = modelCompilation(ctx.workspace, ctx.dialect);
  const sql = features(c, ctx, def);
  await drop(ctx.db);
  await runBound(ctx.db, c, `CREATE TEMP TABLE ${FEATURES} AS ${sql}`, ctx.at);
  await analyzeTables(ctx.db, ctx.dialect, FEATURES);
}

/**
 * Each customer with every feature to its nearest centre (squared Euclidean distance in the space
 * clustered; the lower index on ties, as k-means assigns): `(_customer, k)`, from the features table.
 */
function assignment(c: Compilation, def: KMeansModelDef, centres: readonly number[][], scaling: ClustersFitResult['scaling']): string {
  const p = (v: number) => c.params.value('number', v);
  const d = scaling.means.length;
  const coordinates = Array.from({ length: d }, (_, j) =>
    def.standardise ? `(f.f${j + 1} - ${p(scaling.means[j] as number)}) / ${p(scaling.sds[j] as number)}` : `f.f${j + 1}`,
  );
  const distances = centres.map((centre, k) => `${centre.map((value, j) => `(z.v${j + 1} - ${p(value)}) * (z.v${j + 1} - ${p(value)})`).join(' + ')} AS d${k}`);
  const nearest = centres.map((_, k) =>
    k === centres.length - 1 ? `ELSE ${k}` : `WHEN ${centres.map((__, other) => (other > k ? `t.d${k} <= t.d${other}` : other < k ? `t.d${k} < t.d${other}` : '')).filter((s) => s !== '').join(' AND ')} THEN ${k}`,
  );
  const present = Array.from({ length: d }, (_, j) => `f.f${j + 1} IS NOT NULL`).join(' AND ');
  return `SELECT t._customer, CASE ${nearest.join(' ')} END AS k
    FROM (SELECT z._customer, ${distances.join(', ')}
      FROM (SELECT f._customer, ${coordinates.map((v, j) => `${v} AS v${j + 1}`).join(', ')} FROM ${FEATURES} f WHERE ${present}) z) t`;
}

async function assign(ctx: ModelContext, def: KMeansModelDef, centres: readonly number[][], scaling: ClustersFitResult['scaling']): Promise<void> {
  const c = modelCompilation(ctx.workspace, ctx.dialect);
  await runBound(ctx.db, c, `CREATE TEMP TABLE ${ASSIGNED} AS ${assignment(c, def, centres, scaling)}`, ctx.at);
  await analyzeTables(ctx.db, ctx.dialect, ASSIGNED);
}

const INSERT = 'INSERT INTO model_clusters (_customer, fit, run, cluster)';

/** The clusters (`c1`.. in `order` of the centres' indexes) and the unclustered customers, from the features and assignments. */
function clustersSelect(c: Compilation, ctx: ModelContext, fitId: number, order: readonly number[]): string {
  const label = `CASE a.k ${order.map((k, rank) => `WHEN ${k} THEN ${c.params.value('text', `c${rank + 1}`)}`).join(' ')} END`;
  return `SELECT f._customer, ${c.params.value('integer', fitId)}, ${c.params.value('integer', ctx.run)}, COALESCE(${label}, ${c.params.value('text', UNCLUSTERED)})
    FROM ${FEATURES} f LEFT JOIN ${ASSIGNED} a ON a._customer = f._customer
    ORDER BY f._customer`; // stored by customer: a customer run reads one customer's rows without a full scan
}

/** Writes the clusters of the fit (`c1`.. in `order` of the centres' indexes) and the unclustered customers. */
async function writeClusters(ctx: ModelContext, fitId: number, order: readonly number[]): Promise<void> {
  const c = modelCompilation(ctx.workspace, ctx.dialect);
  await runBound(ctx.db, c, `${INSERT} ${clustersSelect(c, ctx, fitId, order)}`, ctx.at);
}
