/**
 * Segments that include each other through `in segment` form a cycle, which has no meaning: each
 * one is reported, at the `in segment` that closes it.
 */
import type { Expr } from './ast.js';
import { walk } from './ast-walk.js';
import { diagnostic, type Diagnostic } from './diagnostics.js';
import type { Span } from './span.js';

const NO_SPAN: Span = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

/**
 * The cycles among `segments` (segment id → its rule), one `segment-cycle` diagnostic for each
 * `in segment` that closes one: `segment cycle: a → b → a at 2:5`, whose `span` and `rule` point at
 * the `in segment "a"` in the rule of `b`. Segments are visited in the map's order, so the result
 * is deterministic; references to segments not in the map are ignored (the checker reports them).
 */
export function findSegmentCycles(segments: ReadonlyMap<string, Expr>): Diagnostic[] {
  const edges = new Map<string, { target: string; span: Span }[]>();
  for (const [id, rule] of segments) {
    const out: { target: string; span: Span }[] = [];
    for (const node of walk(rule)) {
      if (node.kind === 'in_segment' && segments.has(node.segment)) out.push({ target: node.segment, span: node.span ?? NO_SPAN });
    }
    edges.set(id, out);
  }

  const diagnostics: Diagnostic[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 'open');
    stack.push(id);
    for (const { target, span } of edges.get(id) ?? []) {
      const seen = state.get(target);
      if (seen === 'open') {
        const cycle = [...stack.slice(stack.indexOf(target)), target];
        const d = diagnostic('segment-cycle', `segment cycle: ${cycle.join(' → ')}`, span, '', 'a segment cannot include itself, directly or through others');
        diagnostics.push({ ...d, rule: id });
      } else if (seen === undefined) {
        visit(target);
      }
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of segments.keys()) if (!state.has(id)) visit(id);
  return diagnostics;
}
