/**
 * A segment, segmentation or model declared in segmenta.yaml whose declaration has errors is left
 * out of the workspace; a rule naming it is told so (`refused segmentation "rf6"`), pointing at the
 * errors that matter, rather than "unknown", which would send the reader looking for a typo.
 */
import type { CheckContext } from './check-context.js';
import type { Span } from './span.js';
import type { RefusedDeclaration } from '../workspace/types.js';

/** Reports `name` when it is refused and of one of `kinds`; says whether it did. */
export function reportRefused(ctx: CheckContext, name: string, node: { readonly span?: Span }, kinds: ReadonlyArray<RefusedDeclaration['kind']>): boolean {
  const refused = ctx.env.refused?.get(name);
  if (refused === undefined || !kinds.includes(refused.kind)) return false;
  const hint = `its declaration in segmenta.yaml has errors, reported at ${refused.where}: rules can use it once they are mended`;
  ctx.report(refused.kind === 'segment' ? 'unknown-segment' : 'unknown-segmentation', `refused ${refused.kind} "${name}"`, node, '', hint);
  return true;
}
