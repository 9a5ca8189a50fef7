/**
 * A name that segmenta.yaml declares but whose declaration has errors is left out of the workspace
 * (src/workspace/refused-declarations.ts); a rule naming it is told so (`refused segmentation
 * "rf6"`), pointing at the errors that matter, rather than "unknown" with a near name or an empty
 * list, which would send the reader after a typo.
 */
import type { CheckContext } from './check-context.js';
import type { DiagnosticCode } from './diagnostics.js';
import type { Span } from './span.js';
import type { RefusedDeclaration } from '../workspace/types.js';

/** The code an unknown name of that kind has: a refused one is reported under the same code. */
const CODES: Record<RefusedDeclaration['kind'], DiagnosticCode> = {
  segment: 'unknown-segment',
  segmentation: 'unknown-segmentation',
  model: 'unknown-segmentation',
  field: 'unknown-field',
  collection: 'unknown-collection',
  property: 'unknown-property',
  place: 'unknown-place',
};

/** Reports `name` (as rules name it: `rf6`, `pets.species`) when it is refused and of one of `kinds`; says whether it did. */
export function reportRefused(ctx: CheckContext, name: string, node: { readonly span?: Span }, kinds: ReadonlyArray<RefusedDeclaration['kind']>): boolean {
  const refused = ctx.env.refused?.get(name);
  if (refused === undefined || !kinds.includes(refused.kind)) return false;
  const hint = `its declaration in segmenta.yaml has errors, reported at ${refused.where}: rules can use it once they are mended`;
  ctx.report(CODES[refused.kind], `refused ${refused.kind} "${name}"`, node, '', hint);
  return true;
}
