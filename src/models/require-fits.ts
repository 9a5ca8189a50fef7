/**
 * A rule that reads a model's outputs needs a fit of that model at or before its evaluation
 * instant. Without one the rule would silently select nobody; instead the evaluation is refused
 * with what to do (fit the model, or make a run).
 */
import type { TypedExpr } from '../rules/index.js';
import type { Queryable } from '../store/store.js';
import { formatInstant } from '../time/instant.js';
import type { Workspace } from '../workspace/types.js';
import { latestFit } from './fits.js';
import { ModelNotFitted } from './model-errors.js';

/** The models a rule reads, through the segments it names too. */
export function modelsOf(rule: TypedExpr, segments: ReadonlyMap<string, TypedExpr>, out = new Set<string>(), seen = new Set<string>()): Set<string> {
  if (rule.kind === 'model_output' || rule.kind === 'model_label') out.add(rule.model);
  if (rule.kind === 'in_segment' && !seen.has(rule.segment)) {
    seen.add(rule.segment);
    const target = segments.get(rule.segment);
    if (target) modelsOf(target, segments, out, seen);
  }
  for (const value of Object.values(rule)) {
    if (value && typeof value === 'object' && 'kind' in value && 'type' in value) modelsOf(value as TypedExpr, segments, out, seen);
    if (Array.isArray(value)) for (const item of value) if (item && typeof item === 'object' && 'kind' in item) modelsOf(item as TypedExpr, segments, out, seen);
  }
  return out;
}

/** Refuses (ModelNotFitted) when a model the rule reads has no fit at or before `at`. */
export async function requireFits(db: Queryable, ws: Workspace, rule: TypedExpr, at: Date, segments: ReadonlyMap<string, TypedExpr>): Promise<void> {
  await requireModelFits(db, ws, modelsOf(rule, segments), at);
}

/** Refuses (ModelNotFitted) when one of `models` has no fit at or before `at`. */
export async function requireModelFits(db: Queryable, ws: Workspace, models: Iterable<string>, at: Date): Promise<void> {
  for (const model of models) {
    if ((await latestFit(db, model, at)) === undefined) {
      throw new ModelNotFitted(
        `model "${model}" has no fit at or before ${formatInstant(at, ws.timezone)}: fit it ("segmenta model fit ${model}") or make a run ("segmenta run"), then evaluate again`,
      );
    }
  }
}
