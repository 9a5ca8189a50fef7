/**
 * Fitting a declared model (`segmenta model fit ID`, and every full run): the model found by id
 * (or by kind), its settings overridden by flags and checked again, fitted as of an instant in one
 * transaction, its fit recorded and its outputs written under the fit's id.
 */
import { DateTime } from 'luxon';
import type { Store } from '../store/store.js';
import { formatInstant } from '../time/instant.js';
import type { ModelDef, ModelKind, Workspace } from '../workspace/types.js';
import { didYouMean } from '../rules/suggest.js';
import { fitClv, type ClvFitResult } from './fit-clv.js';
import { fitBasket, storedBasketResult, type BasketFitResult } from './fit-basket.js';
import { fitClusters, type ClustersFitResult } from './clusters.js';
import { insertFit, nextFitId } from './fits.js';
import { refreshCustomerStatistics } from '../store/statistics.js';
import { defaultModel } from './default-models.js';
import { MAX_ITEMSET_SIZE } from './model-settings.js';
import type { ModelContext } from './model-sql.js';
import { UnknownModel } from './model-errors.js';

/** Flags of `segmenta model fit` that override a model's settings. */
export interface FitOverrides {
  readonly calibrationEnd?: string;
  readonly minSupport?: number;
  readonly minConfidence?: number;
  readonly minLift?: number;
  readonly maxSize?: number;
  /** Candidate numbers of clusters. */
  readonly k?: readonly number[];
}

/** The result of a fit (the JSON of models.md), by kind. */
export type FitOutcome =
  | { readonly kind: 'clv'; readonly result: ClvFitResult }
  | { readonly kind: 'basket'; readonly result: BasketFitResult }
  | { readonly kind: 'kmeans'; readonly result: ClustersFitResult };

/** A fit as `segmenta model fit` reports it. */
export type ModelFit = FitOutcome & {
  readonly model: string;
  readonly fit: number;
  /** The instant fitted as of, ISO in the workspace zone. */
  readonly at: string;
};

/** The name of a kind on the command line: `clusters` for `kmeans` models. */
const KIND_NAMES: Record<string, ModelKind> = { clv: 'clv', basket: 'basket', clusters: 'kmeans', kmeans: 'kmeans' };

/**
 * The model `id` names: a model declared under `models:`; else, for `clv`, `basket` or `clusters`,
 * the only declared model of that kind, or (when none is declared) that kind with default settings
 * inferred from the workspace (see `default-models.ts`).
 */
export function resolveModel(ws: Workspace, id: string): ModelDef {
  const declared = ws.models.find((m) => m.id === id);
  if (declared) return declared;
  const kind = KIND_NAMES[id];
  if (kind === undefined) {
    const known = [...ws.models.map((m) => m.id), ...Object.keys(KIND_NAMES)];
    throw new UnknownModel(`unknown model "${id}"${didYouMean(id, known)}: declare it under "models:" in segmenta.yaml, or name a kind (clv, basket, clusters)`);
  }
  const ofKind = ws.models.filter((m) => m.model === kind);
  if (ofKind.length === 1) return ofKind[0]!;
  if (ofKind.length > 1) throw new UnknownModel(`the workspace declares ${ofKind.length} ${kind} models (${ofKind.map((m) => m.id).join(', ')}): name one`);
  return defaultModel(ws, id, kind);
}

/** The model with flags applied (validated: a refused value is a `RangeError` saying why). */
export function withOverrides(def: ModelDef, o: FitOverrides): ModelDef {
  const share = (value: number | undefined, flag: string) => {
    if (value !== undefined && !(value >= 0 && value <= 1)) throw new RangeError(`${flag} must be a share between 0 and 1, not ${value}`);
    return value;
  };
  const misplaced = (flags: Array<[string, unknown]>) => {
    const given = flags.filter(([, v]) => v !== undefined).map(([f]) => f);
    if (given.length > 0) throw new RangeError(`${given.join(', ')} ${given.length > 1 ? 'do' : 'does'} not apply to model "${def.id}" (${def.model})`);
  };
  switch (def.model) {
    case 'clv':
      misplaced([['--min-support', o.minSupport], ['--min-confidence', o.minConfidence], ['--min-lift', o.minLift], ['--max-size', o.maxSize], ['--k', o.k]]);
      if (o.calibrationEnd !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(o.calibrationEnd) && DateTime.fromISO(o.calibrationEnd).isValid)) {
        throw new RangeError(`--calibration-end must be a date YYYY-MM-DD, not "${o.calibrationEnd}"`);
      }
      return o.calibrationEnd === undefined ? def : { ...def, calibrationEnd: o.calibrationEnd };
    case 'basket': {
      misplaced([['--calibration-end', o.calibrationEnd], ['--k', o.k]]);
      if (o.maxSize !== undefined && !(Number.isInteger(o.maxSize) && o.maxSize >= 2 && o.maxSize <= MAX_ITEMSET_SIZE)) {
        throw new RangeError(`--max-size must be a whole number from 2 to ${MAX_ITEMSET_SIZE}, not ${o.maxSize}`);
      }
      if (o.minLift !== undefined && !(o.minLift >= 0)) throw new RangeError(`--min-lift must be 0 or more, not ${o.minLift}`);
      return {
        ...def,
        minSupport: share(o.minSupport, '--min-support') ?? def.minSupport,
        minConfidence: share(o.minConfidence, '--min-confidence') ?? def.minConfidence,
        minLift: o.minLift ?? def.minLift,
        maxSize: o.maxSize ?? def.maxSize,
      };
    }
    case 'kmeans':
      misplaced([['--calibration-end', o.calibrationEnd], ['--min-support', o.minSupport], ['--min-confidence', o.minConfidence], ['--min-lift', o.minLift], ['--max-size', o.maxSize]]);
      return o.k === undefined ? def : { ...def, k: o.k };
  }
}

/** The table of each kind of model's per-customer outputs. */
const OUTPUTS: Record<ModelDef['model'], string> = { clv: 'model_clv', basket: 'model_basket', kmeans: 'model_clusters' };

/** Fits one model inside the context's transaction, recording the fit; returns its id and result. */
export async function fitIn(ctx: ModelContext, def: ModelDef): Promise<FitOutcome & { fit: number }> {
  const id = await nextFitId(ctx.db);
  let outcome: FitOutcome;
  let stored: unknown;
  switch (def.model) {
    case 'clv':
      outcome = { kind: 'clv', result: await fitClv(ctx, def, id) };
      stored = outcome.result;
      break;
    case 'basket':
      outcome = { kind: 'basket', result: await fitBasket(ctx, def, id) };
      stored = storedBasketResult(outcome.result);
      break;
    case 'kmeans':
      outcome = { kind: 'kmeans', result: await fitClusters(ctx, def, id) };
      stored = outcome.result;
      break;
  }
  await insertFit(ctx.db, id, def, ctx.run, ctx.at, stored);
  await refreshCustomerStatistics(ctx.db, ctx.dialect, OUTPUTS[def.model]);
  return { ...outcome, fit: id };
}

/** `segmenta model fit`: the model fitted as of `at` in its own transaction. */
export async function fitModel(store: Store, ws: Workspace, def: ModelDef, at: Date, overrides: FitOverrides = {}): Promise<ModelFit> {
  const effective = withOverrides(def, overrides);
  const outcome = await store.transaction((db) => fitIn({ db, dialect: store.dialect, workspace: ws, at, run: null }, effective));
  return { ...outcome, model: def.id, at: formatInstant(at, ws.timezone) };
}
