/** State shared by the parts of the checker: the environment, the scope of names, the diagnostics found. */
import type { Expr } from './ast.js';
import { diagnostic, type Diagnostic, type DiagnosticCode } from './diagnostics.js';
import type { RuleEnvironment } from './environment.js';
import type { Span } from './span.js';
import type { FieldType } from '../workspace/types.js';

/** Where bare names are looked up: the customer, or inside `where` the records or events ranged over. */
export type Scope =
  | { readonly kind: 'customer' }
  | { readonly kind: 'collection'; readonly name: string; readonly fields: ReadonlyMap<string, FieldType> }
  | { readonly kind: 'event_type'; readonly name: string; readonly fields: ReadonlyMap<string, FieldType> };

export const CUSTOMER_SCOPE: Scope = { kind: 'customer' };

/** What a position accepts beyond ordinary values: segmentation labels (sides of `=`, `in`), places (`distance()`). */
export interface Use {
  readonly label?: boolean;
  readonly place?: boolean;
  /** The right side of a comparison with a text, where a bare word is most often a text without its quotes. */
  readonly comparedWithText?: boolean;
}

/** Where hand-built ASTs without spans are reported: 1:1. */
const NO_SPAN: Span = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

export function spanOf(node: { readonly span?: Span }): Span {
  return node.span ?? NO_SPAN;
}

/** `{ span }` when the node has one, to spread into IR nodes. */
export function spanProp(node: { readonly span?: Span }): { readonly span?: Span } {
  return node.span === undefined ? {} : { span: node.span };
}

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly env: RuleEnvironment) {}

  /** Records `<what> at L:C<after>` at `node`'s span. */
  report(code: DiagnosticCode, what: string, node: Expr | { readonly span?: Span }, after = '', hint?: string): undefined {
    this.diagnostics.push(diagnostic(code, what, spanOf(node), after, hint));
    return undefined;
  }
}

/** `a, b, c` (at most a dozen names, then `…`). */
export function listNames(names: Iterable<string>): string {
  const all = [...names];
  if (all.length === 0) return '(none)';
  return all.length > 12 ? `${all.slice(0, 12).join(', ')}, …` : all.join(', ');
}
