/**
 * What rules read of a segmentation or model, by the name a rule gives it: `rf6` (the customer's
 * segment), `rf6.r` (a score), `clv.p_alive` (an output), `clusters` (a k-means model's cluster).
 * `members --fields` lists them and `explain KEY SEGMENTATION` shows them, compiled as rules are.
 */
import { irTypeOf, type RuleEnvironment, type TypedExpr } from '../rules/index.js';

/** `rf6` (its segment), `rf6.r` (a score), `clv.p_alive` (an output), `clusters` (a k-means model's cluster). */
export function ruleValue(env: RuleEnvironment, name: string): TypedExpr | undefined {
  const [first, second, ...more] = name.split('.');
  if (first === undefined || more.length > 0) return undefined;
  const segmentation = env.segmentations.get(first);
  const model = env.models.get(first);
  if (second === undefined) {
    if (segmentation !== undefined) return { kind: 'segmentation_label', type: 'string', segmentation: first };
    if (model?.segments !== undefined) return { kind: 'model_label', type: 'string', model: first };
    return undefined;
  }
  const score = segmentation?.scores.get(second);
  if (score !== undefined) return { kind: 'segmentation_score', type: irTypeOf(score), segmentation: first, score: second, fieldType: score };
  const output = model?.outputs.get(second);
  if (output !== undefined) return { kind: 'model_output', type: irTypeOf(output), model: first, output: second, fieldType: output };
  return undefined;
}

/** Every name `ruleValue` reads, segmentations first, in declaration order. */
export function ruleValueNames(env: RuleEnvironment): string[] {
  const names: string[] = [];
  for (const [id, s] of env.segmentations) names.push(id, ...[...s.scores.keys()].map((score) => `${id}.${score}`));
  for (const [id, m] of env.models) names.push(...(m.segments ? [id] : []), ...[...m.outputs.keys()].map((output) => `${id}.${output}`));
  return names;
}
