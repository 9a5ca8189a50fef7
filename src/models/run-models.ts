/**
 * Models in runs (segmentations.md "Runs", models.md "outputs stored with each run"):
 *
 * - a full run fits every declared model as of its instant (CLV first, so that the features of a
 *   clusters model may read its outputs), each fit recorded with the run;
 * - a customer run re-scores its customers with the parameters of each model's latest fit at or
 *   before its instant (no refit: a few customers say nothing new about the whole base), replacing
 *   their rows of that fit;
 * - a clusters model is a segmentation: its customers' clusters go into the run's state, hence into
 *   the memberships (key = the model's id), like any segmentation's segments.
 *
 * A model that cannot be fitted on the data of the instant (no purchases yet, too few customers)
 * does not fail the run: the run records why, and rules keep reading the model's latest fit.
 */
import type { Dialect } from '../dialects/dialect.js';
import type { Queryable, StatementOptions } from '../store/store.js';
import type { KMeansModelDef, ModelDef, Workspace } from '../workspace/types.js';
import type { ClvFitResult } from './fit-clv.js';
import { queueClvReads, rescoreClv, type ClvCustomerReads } from './fit-clv.js';
import { rescoreBasket } from './fit-basket.js';
import { rescoreClusters, staleClustersFit, type ClustersFitResult } from './clusters.js';
import { fitIn } from './fit-model.js';
import { latestFits, type StoredFit } from './fits.js';
import { ModelDataError } from './model-errors.js';
import type { CustomerSubset, ModelContext } from './model-sql.js';

/** What a run did with a model: the fit it made or used, or why it could not. */
export type ModelRunResult = { readonly fit: number; readonly refit: boolean } | { readonly error: string };

const ORDER: Record<ModelDef['model'], number> = { clv: 0, basket: 1, kmeans: 2 };

function inOrder(models: readonly ModelDef[]): ModelDef[] {
  return [...models].sort((a, b) => ORDER[a.model] - ORDER[b.model]);
}

/** A full run: every model fitted as of the run's instant. */
export async function fitModelsForRun(ctx: ModelContext): Promise<Record<string, ModelRunResult>> {
  const results: Record<string, ModelRunResult> = {};
  for (const def of inOrder(ctx.workspace.models)) {
    try {
      const { fit } = await fitIn(ctx, def);
      results[def.id] = { fit, refit: true };
    } catch (error) {
      if (!(error instanceof ModelDataError)) throw error;
      results[def.id] = { error: error.message };
    }
  }
  return results;
}

/** What re-scoring reads before it writes, queued by a customer run with its first statements. */
export interface RescoreReads {
  /** The latest fit of each model at or before the instant. */
  readonly fits: PromiseLike<Map<string, StoredFit>>;
  /** CLV models' summaries of a few customers, by model id. */
  readonly clv: ReadonlyMap<string, ClvCustomerReads>;
}

/** Queues (`Queryable.defer`) the reads of re-scoring `subset` as of `at`: sent with the next statement. */
export function queueRescoreReads(
  db: Queryable,
  dialect: Dialect,
  ws: Workspace,
  at: Date,
  subset: Exclude<CustomerSubset, undefined>,
  options: StatementOptions = {},
): RescoreReads {
  const clv = new Map<string, ClvCustomerReads>();
  if (Array.isArray(subset)) {
    for (const def of ws.models) {
      if (def.model !== 'clv') continue;
      const reads = queueClvReads(db, dialect, ws, def, at, subset, options);
      if (reads !== undefined) clv.set(def.id, reads);
    }
  }
  return { fits: latestFits(db, at, options), clv };
}

/**
 * A customer run: the customers re-scored with each model's latest fit at or before the instant
 * (`queued`: what the run already queued of the reads, `queueRescoreReads`).
 */
export async function rescoreModelsForRun(ctx: ModelContext, subset: Exclude<CustomerSubset, undefined>, queued?: RescoreReads): Promise<Record<string, ModelRunResult>> {
  const results: Record<string, ModelRunResult> = {};
  const fits = await (queued?.fits ?? latestFits(ctx.db, ctx.at, { repeated: ctx.repeated ?? false }));
  for (const def of inOrder(ctx.workspace.models)) {
    const fit = fits.get(def.id);
    if (fit === undefined) {
      results[def.id] = { error: `model "${def.id}" has no fit at or before the run` };
      continue;
    }
    switch (def.model) {
      case 'clv':
        await rescoreClv(ctx, def, { id: fit.id, result: fit.result as ClvFitResult }, subset, queued?.clv.get(def.id));
        break;
      case 'basket':
        await rescoreBasket(ctx, def, fit.id, subset);
        break;
      case 'kmeans': {
        const result = fit.result as ClustersFitResult;
        const stale = staleClustersFit(def, result);
        if (stale !== undefined) {
          // Its customers keep the fit's clusters: centroids of other features cannot place them.
          results[def.id] = { error: `model "${def.id}": ${stale} since fit ${fit.id}; its customers keep that fit's clusters until the next full run refits it` };
          continue;
        }
        await rescoreClusters(ctx, def, { id: fit.id, result }, subset);
        break;
      }
    }
    results[def.id] = { fit: fit.id, refit: false };
  }
  return results;
}

/** The clusters models among the workspace's models with the fit a run used: their memberships. */
export function clusterFits(models: readonly ModelDef[], results: Record<string, ModelRunResult>): Array<{ def: KMeansModelDef; fit: number }> {
  const out: Array<{ def: KMeansModelDef; fit: number }> = [];
  for (const def of models) {
    const result = results[def.id];
    if (def.model === 'kmeans' && result !== undefined && 'fit' in result) out.push({ def, fit: result.fit });
  }
  return out;
}
