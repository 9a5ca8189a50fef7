/** Traversal of rule ASTs. */
import type { Expr } from './ast.js';
import { assertNever } from './ir.js';

/** The direct sub-expressions of `node`, in text order (lists, durations and windows are not expressions of their own here). */
export function childrenOf(node: Expr): readonly Expr[] {
  switch (node.kind) {
    case 'and':
    case 'or':
    case 'compare':
    case 'arith':
      return [node.left, node.right];
    case 'not':
      return [node.operand];
    case 'between':
      return [node.value, node.low, node.high];
    case 'in':
    case 'is_null':
    case 'within':
    case 'age':
      return [node.value];
    case 'contains':
      return node.mode === 'one' ? [node.value, node.operand] : [node.value];
    case 'text_match':
      return [node.value, node.pattern];
    case 'quantifier':
    case 'aggregate':
      return node.where === undefined ? [] : [node.where];
    case 'distance':
      return [node.from, node.to];
    case 'in_segment':
    case 'literal':
    case 'list':
    case 'duration':
    case 'distance_literal':
    case 'ago':
    case 'ref':
    case 'point':
      return [];
    default:
      return assertNever(node);
  }
}

/** Every node of `root` (itself first), depth-first in text order. */
export function* walk(root: Expr): Generator<Expr> {
  yield root;
  for (const child of childrenOf(root)) yield* walk(child);
}
